"""`kg diff OLD NEW`: what a change (to the rules, the corrections or the corpus) gained
and lost, by the analyst's questions (kg/read/queries/*.rq, answered on both graphs) and by
rule (the evidenced facts each rule produced)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.progress import tracked
from kg.read.factrows import Fact, facts
from kg.read.internal import answer, select
from kg.read.questions import list_questions


@dataclass
class QuestionDiff:
    name: str
    columns: list[str]
    gained: list[list[str]]
    lost: list[list[str]]


@dataclass
class RuleDiff:
    rule: str
    gained: list[Fact]
    lost: list[Fact]


@dataclass
class GraphDiff:
    old: str
    new: str
    old_rules_version: str
    new_rules_version: str
    questions: list[QuestionDiff] = field(default_factory=list)  # only those that changed
    rules: list[RuleDiff] = field(default_factory=list)  # only those that changed

    @property
    def changed(self) -> bool:
        return bool(self.questions or self.rules)


def diff_graphs(
    old: ox.Store, new: ox.Store, old_name: str = "OLD", new_name: str = "NEW"
) -> GraphDiff:
    result = GraphDiff(old_name, new_name, _rules_version(old), _rules_version(new))
    # it answers about one name, not about the whole graph
    questions = [q for q in list_questions() if not q.parameters]
    for question in tracked(questions, "comparing answers", unit="question"):
        sparql = question.path.read_text(encoding="utf-8")
        before, after = answer(old, sparql), answer(new, sparql)
        old_rows, new_rows = {tuple(r) for r in before.rows}, {tuple(r) for r in after.rows}
        if old_rows != new_rows:
            result.questions.append(
                QuestionDiff(
                    question.name,
                    after.columns,
                    [list(r) for r in sorted(new_rows - old_rows)],
                    [list(r) for r in sorted(old_rows - new_rows)],
                )
            )
    old_facts, new_facts = (
        {f.key: f for f in facts(graph)}
        for graph in tracked([old, new], "comparing facts", unit="graph")
    )
    by_rule: dict[str, RuleDiff] = {}
    for key in sorted(new_facts.keys() - old_facts.keys()):
        by_rule.setdefault(key[0], RuleDiff(key[0], [], [])).gained.append(new_facts[key])
    for key in sorted(old_facts.keys() - new_facts.keys()):
        by_rule.setdefault(key[0], RuleDiff(key[0], [], [])).lost.append(old_facts[key])
    result.rules = [by_rule[r] for r in sorted(by_rule)]
    return result


def _rules_version(store: ox.Store) -> str:
    row = next(select(store, "SELECT ?v WHERE { ?agent kg:rulesVersion ?v }"), None)
    return row["v"].value if row is not None else ""


def to_text(d: GraphDiff, limit: int | None = 20) -> str:
    """For the terminal: each changed question and rule with its + and - rows (at most
    `limit` each)."""
    lines = [
        f"--- {d.old}" + (f"  (rules {d.old_rules_version})" if d.old_rules_version else ""),
        f"+++ {d.new}" + (f"  (rules {d.new_rules_version})" if d.new_rules_version else ""),
    ]
    if not d.changed:
        return "\n".join(lines + ["", "no facts gained or lost"]) + "\n"
    lines += ["", "By question:"]
    if not d.questions:
        lines.append("  (no answer changed)")
    for q in d.questions:
        lines.append(f"  {q.name}: +{len(q.gained)} -{len(q.lost)}   ({', '.join(q.columns)})")
        lines += _rows("+", [" | ".join(_cell(c) for c in row) for row in q.gained], limit)
        lines += _rows("-", [" | ".join(_cell(c) for c in row) for row in q.lost], limit)
    lines += ["", "By rule:"]
    for r in d.rules:
        lines.append(f"  {r.rule}: +{len(r.gained)} -{len(r.lost)}")
        lines += _rows("+", [f"{_cell(f.readable())}   [{f.row.file}]" for f in r.gained], limit)
        lines += _rows("-", [f"{_cell(f.readable())}   [{f.row.file}]" for f in r.lost], limit)
    gained = sum(len(r.gained) for r in d.rules)
    lost = sum(len(r.lost) for r in d.rules)
    lines += [
        "",
        f"{gained} facts gained, {lost} lost, by {len(d.rules)} rule(s); "
        f"{len(d.questions)} question(s) answered differently",
    ]
    return "\n".join(lines) + "\n"


def to_json(d: GraphDiff) -> str:
    """The whole difference, every row, for scripts."""
    data = {
        "old": d.old,
        "new": d.new,
        "old_rules_version": d.old_rules_version,
        "new_rules_version": d.new_rules_version,
        "questions": [
            {
                "name": q.name,
                "columns": q.columns,
                "gained": [dict(zip(q.columns, row, strict=True)) for row in q.gained],
                "lost": [dict(zip(q.columns, row, strict=True)) for row in q.lost],
            }
            for q in d.questions
        ],
        "rules": [
            {
                "rule": r.rule,
                "gained": [_fact(f) for f in r.gained],
                "lost": [_fact(f) for f in r.lost],
            }
            for r in d.rules
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _fact(f: Fact) -> dict:
    _, document, subject, predicate, obj = f.key
    return {
        "document": document,
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "subject_label": f.subject_label,
        "object_label": f.object_label,
    }


def _rows(sign: str, rows: list[str], limit: int | None) -> list[str]:
    shown = rows if limit is None else rows[:limit]
    out = [f"    {sign} {row}" for row in shown]
    if len(rows) > len(shown):
        out.append(
            f"    {sign} … and {len(rows) - len(shown)} more "
            "(--limit 0 shows all, --format json gives all)"
        )
    return out


def _cell(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
