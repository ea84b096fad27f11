"""`kg eval`'s answer for people (a table per question, the misses and false rows, a table
per rule) and for programs (JSON)."""

from __future__ import annotations

from kg.read.answers import RIGHT, UNJUDGED, WRONG
from kg.read.evaluate import Evaluation

CELL_WIDTH = 90
"""The most characters of a cell or gold phrase a text report shows (JSON keeps all)."""


def report_json(evaluation: Evaluation) -> dict:
    """Everything, every miss and false row included, as plain data."""
    return {
        "documents": evaluation.documents,
        "missing_documents": evaluation.missing,
        "other_documents": evaluation.other_documents,
        "questions": {
            q.name: {
                "p": round(q.precision, 4),
                "r": round(q.recall, 4),
                "f1": round(q.f1, 4),
                "tp": q.tp,
                "fp": q.fp,
                "fn": q.fn,
                "missed": q.missed,
                "false": q.false,
            }
            for q in evaluation.questions
        },
        "macro_f1": round(evaluation.macro_f1, 4),
        "rules": {
            rule: {verdict: counts[verdict] for verdict in (RIGHT, WRONG, UNJUDGED)}
            for rule, counts in sorted(evaluation.rules.items())
        },
    }


def report_text(evaluation: Evaluation, show: int = 5) -> str:
    """The scores per question and macro F1, up to `show` misses and false rows per
    question, and how many right and wrong facts each rule produced (most wrong first)."""
    lines = [_summary(evaluation), ""]
    lines.append(f"{'question':<18}{'P':>6}{'R':>6}{'F1':>6}{'tp':>6}{'fp':>6}{'fn':>6}")
    for q in evaluation.questions:
        lines.append(
            f"{q.name:<18}{q.precision:6.2f}{q.recall:6.2f}{q.f1:6.2f}{q.tp:6}{q.fp:6}{q.fn:6}"
        )
    lines.append(f"macro F1: {evaluation.macro_f1:.3f}")
    examples = _examples(evaluation, show)
    if not any(q.missed or q.false for q in evaluation.questions):
        lines += ["", "Nothing missed, no false rows."]
    elif examples:
        lines += [
            "",
            f"Missed (gold the graph lacks) and false (rows no gold matches), {show} at most:",
        ]
        lines += examples
    lines += ["", *_rule_table(evaluation)]
    return "\n".join(lines) + "\n"


def _summary(evaluation: Evaluation) -> str:
    count = len(evaluation.documents)
    text = f"{count} annotated article{'' if count == 1 else 's'} scored"
    if evaluation.other_documents:
        text += f"; {evaluation.other_documents} other article(s) of the graph left out"
    if evaluation.missing:
        text += (
            f"\nnote: not in the graph, so all their answers are missed: "
            f"{', '.join(evaluation.missing)}"
        )
    return text


def _examples(evaluation: Evaluation, show: int) -> list[str]:
    lines = []
    for q in evaluation.questions:
        for kind, entries in (("missed", q.missed), ("false", q.false)):
            for entry in entries[:show]:
                lines.append(f"  {q.name} {kind}: {_entry(entry)}")
            if len(entries) > show > 0:
                lines.append(f"  {q.name} {kind}: … {len(entries) - show} more (--show)")
    return lines


def _entry(entry: dict) -> str:
    """A gold item or a false row on one line: its fields, then where it comes from."""
    where = [*entry.get("rules", []), *entry.get("documents", [])]
    if "document" in entry:
        where.append(entry["document"])
    fields = [
        f"{name} {_value(name, value)}"
        for name, value in entry.items()
        if name not in ("rules", "documents", "document")
    ]
    return "; ".join(fields) + (f"  ({', '.join(where)})" if where else "")


def _value(name: str, value) -> str:
    if isinstance(value, list):
        return " | ".join(_value(name, v) for v in value) if value else "(none)"
    if not value:
        return "(none)"
    text = " ".join(str(value).split())
    if len(text) > CELL_WIDTH:
        text = text[: CELL_WIDTH - 1] + "…"
    return f"“{text}”" if name in ("key", "text") else text


def _rule_table(evaluation: Evaluation) -> list[str]:
    """Rules with the most wrong facts first; precision over the facts that were judged."""
    rules = sorted(evaluation.rules.items(), key=lambda kv: (-kv[1][WRONG], -kv[1][RIGHT], kv[0]))
    width = max([len("rule"), *(len(rule) for rule, _ in rules)])
    lines = [
        "Facts per rule (right: in a row that matched the gold; wrong: in a false row;",
        "unjudged: in neither, e.g. excused by an optional item, or read by no question):",
        f"{'rule':<{width}}{'right':>7}{'wrong':>7}{'unjudged':>10}{'precision':>11}",
    ]
    for rule, counts in rules:
        judged = counts[RIGHT] + counts[WRONG]
        precision = f"{counts[RIGHT] / judged:.2f}" if judged else "-"
        lines.append(
            f"{rule:<{width}}{counts[RIGHT]:>7}{counts[WRONG]:>7}{counts[UNJUDGED]:>10}"
            f"{precision:>11}"
        )
    return lines
