"""What `kg rules list`, `kg rules test` and `kg rules hits` report: the rule catalogue
as rows, the verdict on each rule's examples, and the places a rule fired, as text or
JSON. Made here, so that the commands only parse options and print."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kg.extract.examples import ExampleResult, describe_expectation, describe_matches
from kg.language.rules import RuleSet
from kg.read.query import Result
from kg.read.rulestats import Hit, RuleInfo


def rule_table(infos: list[RuleInfo], *, counted: bool) -> Result:
    """One row per rule: id, kind, facts (only when `counted` in a graph), source, description."""
    columns = ["id", "kind", "facts", "source", "description"]
    rows = [
        [r.id, r.kind, "" if r.facts is None else str(r.facts), r.source, r.description]
        for r in infos
    ]
    if not counted:
        columns.remove("facts")
        rows = [row[:2] + row[3:] for row in rows]
    return Result(columns, rows)


@dataclass
class ExampleReport:
    """The lines `kg rules test` prints, and how many examples failed of how many."""

    lines: list[str] = field(default_factory=list)
    failed: int = 0
    total: int = 0
    rules: int = 0

    @property
    def verdict(self) -> str:
        passed = self.total - self.failed
        return f"{passed} of {self.total} examples of {self.rules} rule(s) pass"


def example_report(
    ruleset: RuleSet, results: list[ExampleResult], *, show_all: bool = False
) -> ExampleReport:
    """Per rule "ok" or "FAIL" with its count; under it each failing example (every one
    when `show_all`, and any that ran out of time) with what was expected and matched."""
    by_rule: dict[str, list[ExampleResult]] = {}
    for result in results:
        by_rule.setdefault(result.rule, []).append(result)
    report = ExampleReport(total=len(results), rules=len(by_rule))
    for rule_id, examples in by_rule.items():
        bad = [r for r in examples if not r.ok]
        report.failed += len(bad)
        status = "ok  " if not bad else "FAIL"
        report.lines.append(
            f"{status} {rule_id}  ({len(examples) - len(bad)}/{len(examples)} examples)"
        )
        rule = ruleset.get(rule_id)
        for n, (result, example) in enumerate(zip(examples, rule.examples, strict=False), 1):
            if result.ok and not show_all and not result.overruns:
                continue
            report.lines += _example_lines(n, result, example, rule_id)
    return report


def _example_lines(n: int, result: ExampleResult, example: dict, rule_id: str) -> list[str]:
    text = " ".join(result.text.split())
    lines = [f"     example {n}{'' if result.ok else ' FAILED'}: {text}"]
    for expect in example.get("expect", []):
        mark = "✗" if expect in result.missing else "✓"
        lines.append(f"       expected {mark} {describe_expectation(expect)}")
    for line in describe_matches(result.summary, rule_id) or ["nothing"]:
        lines.append(f"       matched    {line}")
    lines += [f"       warning: {overrun}" for overrun in result.overruns]
    return lines


def hits_json(places: list[Hit]) -> str:
    """The places as a JSON list of {document, sentence, facts}."""
    rows = [{"document": h.document, "sentence": h.marked, "facts": h.facts} for h in places]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def hits_text(rule_id: str, places: list[Hit], shown: int, graph: str) -> str:
    """A count line, then the first `shown` places (sentence, then the facts read there)."""
    facts = sum(len(h.facts) for h in places)
    lines = [f"{rule_id}: {facts} fact(s) in {len(places)} place(s) in {graph}"]
    for h in places[:shown]:
        lines.append(f"\n  {h.document}\n      “{h.marked}”")
        lines += [f"      {fact}" for fact in h.facts]
    if shown < len(places):
        lines.append(f"\n  … {len(places) - shown} more (without --limit: all)")
    return "\n".join(lines) + "\n"
