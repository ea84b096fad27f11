"""Run the example sentences of the rules: each must yield the facts it expects,
credited to the rule it illustrates. Used by the test suite (and `kg rules test`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.model import Extraction
from kg.extract.registry import ENTITY_KINDS
from kg.extract.relations import extract
from kg.extract.segment import segment
from kg.language.reference import Reference
from kg.language.rulematch import document_time
from kg.language.rules import Rule, RuleSet
from kg.language.yamlfile import LINE


@dataclass
class Summary:
    """The facts of one extraction, by kind, as readable labels, with the rules behind them."""

    entities: list[tuple[str, str, set[str]]] = field(default_factory=list)  # kind, label, rules
    statements: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    works: list[dict] = field(default_factory=list)
    affiliations: list[dict] = field(default_factory=list)
    responsibilities: list[dict] = field(default_factory=list)


def summarise(ex: Extraction) -> Summary:
    label = {k: e.label for k, e in ex.entities.items()}
    mention_rules: dict[str, set[str]] = {}
    nodes: dict[str, dict] = {}
    out = Summary()
    for f in ex.facts:
        if f.predicate == "kg:mentions":
            mention_rules.setdefault(f.object, set()).add(f.evidence.rule)
        if f.predicate == "kg:responsibleFor":
            out.responsibilities.append(
                {"actor": label[f.subject], "law": label[f.object], "rule": f.evidence.rule}
            )
        kind = f.subject.split("/")[0]
        if kind in ("statement", "recommendation", "work", "affiliation"):
            n = nodes.setdefault(f.subject, {"_kind": kind, "rule": f.evidence.rule})
            value = f.object if f.literal else label.get(f.object, f.object)
            n.setdefault(f.predicate, []).append(value)
    for key, entity in ex.entities.items():
        out.entities.append((entity.kind, entity.label, mention_rules.get(key, set())))
    for n in nodes.values():
        getattr(out, n["_kind"] + "s").append(n)
    return out


def _has(values: list[str] | None, wanted: str) -> bool:
    return any(v.casefold() == wanted.casefold() for v in values or [])


def _contains(values: list[str] | None, wanted: str) -> bool:
    return any(wanted.casefold() in v.casefold() for v in values or [])


def check(expect: dict, s: Summary, rule: Rule) -> bool:
    """Is the expected fact among the extracted ones, made by `rule`?"""
    if "statement" in expect:
        return any(
            n["rule"] == rule.id
            and _contains(n.get("kg:text"), expect["statement"])
            and _has(n.get("kg:speaker"), expect["speaker"])
            for n in s.statements
        )
    if "recommendation" in expect:
        return any(
            n["rule"] == rule.id
            and _contains(n.get("kg:text"), expect["recommendation"])
            and ("by" not in expect or _has(n.get("kg:recommendedBy"), expect["by"]))
            and ("to" not in expect or _has(n.get("kg:recommendedTo"), expect["to"]))
            for n in s.recommendations
        )
    if "work" in expect:
        return any(
            n["rule"] == rule.id
            and _has(n.get("dcterms:title"), expect["work"])
            and ("creator" not in expect or _has(n.get("dcterms:creator"), expect["creator"]))
            and ("kind" not in expect or _has(n.get("kg:workKind"), expect["kind"]))
            for n in s.works
        )
    if "role" in expect:
        return any(
            n["rule"] == rule.id
            and _has(n.get("org:member"), expect["person"])
            and _has(n.get("org:role"), expect["role"])
            and (
                "organization" not in expect
                or _has(n.get("org:organization"), expect["organization"])
            )
            for n in s.affiliations
        )
    if "law" in expect:
        return any(
            r["rule"] == rule.id
            and r["actor"].casefold() == expect["actor"].casefold()
            and r["law"].casefold() == expect["law"].casefold()
            for r in s.responsibilities
        )
    for kind, classes in ENTITY_KINDS.items():
        if kind in expect:
            return any(
                k in classes and lbl.casefold() == expect[kind].casefold() and rule.id in rules
                for k, lbl, rules in s.entities
            )
    raise ValueError(f"{rule.id}: an example expects nothing kg knows: {expect}")


@dataclass
class ExampleResult:
    rule: str
    text: str
    missing: list[dict]
    summary: Summary
    overruns: list[str] = field(
        default_factory=list
    )  # patterns that ran out of time (kg/language/rulematch.py)

    @property
    def ok(self) -> bool:
        return not self.missing


def run_example(rule: Rule, example: dict, rules: RuleSet, ref: Reference) -> ExampleResult:
    text = (
        example.get("title", "Voorbeeld")
        + "\n\n"
        + example.get("prefix", "")
        + example["text"]
        + "\n"
    )
    with document_time(len(text)) as overruns:
        doc = segment(f"{rule.id}.txt", text, rules.lexicon)
        summary = summarise(extract(doc, rules, ref))
    missing = [e for e in example.get("expect", []) if not check(e, summary, rule)]
    return ExampleResult(rule.id, example["text"], missing, summary, list(overruns))


def run_examples(
    rules: RuleSet, ref: Reference, rule_ids: list[str] | None = None
) -> list[ExampleResult]:
    return [
        run_example(rule, ex, rules, ref)
        for rule in rules.rules
        if not rule_ids or rule.id in rule_ids
        for ex in rule.examples
    ]


# --- for `kg rules test`: expectations and matches as short readable lines ---------------


def describe_expectation(expect: dict) -> str:
    """'statement “…” by Priya Ramdin', 'person Priya Ramdin', as the example states it."""
    e = {k: v for k, v in expect.items() if k != LINE}
    if "statement" in e:
        return f"statement “{e['statement']}” by {e.get('speaker', '?')}"
    if "recommendation" in e:
        return f"recommendation “{e['recommendation']}”" + _by_to(e.get("by"), e.get("to"))
    if "work" in e:
        return (
            f"work “{e['work']}”"
            + (f" by {e['creator']}" if "creator" in e else "")
            + (f" ({e['kind']})" if "kind" in e else "")
        )
    if "role" in e:
        return f"affiliation {e.get('person')}: {e['role']}" + (
            f" at {e['organization']}" if "organization" in e else ""
        )
    if "law" in e:
        return f"responsibility {e.get('actor')} for {e['law']}"
    return " ".join(f"{k} {v}" for k, v in e.items())


def describe_matches(summary: Summary, rule_id: str) -> list[str]:
    """The facts `rule_id` produced in an example, in the words of describe_expectation."""
    out = [f"{kind.lower()} {label}" for kind, label, rules in summary.entities if rule_id in rules]
    for n in summary.statements:
        if n["rule"] == rule_id:
            out.append(f"statement “{_one(n, 'kg:text')}” by {_all(n, 'kg:speaker')}")
    for n in summary.recommendations:
        if n["rule"] == rule_id:
            out.append(
                f"recommendation “{_one(n, 'kg:text')}”"
                + _by_to(_all(n, "kg:recommendedBy"), _all(n, "kg:recommendedTo"))
            )
    for n in summary.works:
        if n["rule"] == rule_id:
            out.append(
                f"work “{_one(n, 'dcterms:title')}” by {_all(n, 'dcterms:creator') or '?'}"
                f" ({_one(n, 'kg:workKind')})"
            )
    for n in summary.affiliations:
        if n["rule"] == rule_id:
            org = _all(n, "org:organization")
            out.append(
                f"affiliation {_all(n, 'org:member')}: {_all(n, 'org:role')}"
                + (f" at {org}" if org else "")
            )
    for r in summary.responsibilities:
        if r["rule"] == rule_id:
            out.append(f"responsibility {r['actor']} for {r['law']}")
    return out


def _by_to(by, to) -> str:
    return (f" by {by}" if by else "") + (f" to {to}" if to else "")


def _one(node: dict, key: str) -> str:
    values = node.get(key) or ["?"]
    return " ".join(str(values[0]).split())


def _all(node: dict, key: str) -> str:
    return ", ".join(sorted(set(node.get(key) or [])))
