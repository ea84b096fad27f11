"""Checks of a rule entry beyond its patterns: options the extractor knows, examples whose
expectations it can test, ids that do not clash with corrections. Each check returns
messages; kg/rules.py reports them with file:line and rule id, all at once, before any
rule runs (so a typo such as `requries:` is an error, not a silently ignored option)."""
from __future__ import annotations

RULE_PREFIX = "correction-"
"""Rule ids of this form belong to corrections (kg/corrections.py): correction-<its id>."""

OPTIONS = {
    "requires": "a condition on the rest of the document (surname-elsewhere)",
    "single_word": "a one-word name is allowed",
    "not_a_surname": "no match when a surname follows the first name",
    "council": "a municipal council ('de gemeenteraad van X')",
    "place_kind": "the kg:placeKind of the place found",
    "carryover": "a quote continues the previous speaker",
    "introduced": "a quote introduced by its speaker",
    "interview_answer": "an answer in an interview",
    "previous_sentence": "the speaker is named in the previous sentence",
    "continues": "advice that continues the adviser of the previous sentence",
    "modal_subject": "the subject of a modal verb is the one advised",
    "modal_to": "the one advised is named after the modal verb",
    "title_first": "the title comes before the kind of work",
    "org_required": "an affiliation needs an organisation",
    "law_first": "the law is named before the actor",
    "basis_required": "a responsibility needs a legal basis",
}
"""Options a rule may set, and what they mean (read by kg/extract.py and kg/mentions.py)."""

EXAMPLE_KEYS = {"text", "expect", "prefix", "title"}

EXPECT = {
    "person": set(), "organisation": set(), "actor": set(), "place": set(),
    "statement": {"speaker"}, "recommendation": {"by", "to"}, "work": {"creator", "kind"},
    "role": {"person", "organization"}, "law": {"actor"},
}
"""What an example can expect: the key that says what kind of fact, and the keys it may add."""
_MUST = {"statement": {"speaker"}, "role": {"person"}, "law": {"actor"}}


def check_rule(item: dict, fields: set[str]) -> list[str]:
    """Problems of one rule entry (`fields`: the keys that hold patterns or are core)."""
    problems = []
    rule_id = str(item.get("id", ""))
    if rule_id.startswith(RULE_PREFIX):
        problems.append(f"ids starting with '{RULE_PREFIX}' are kept for corrections")
    for key in sorted(set(item) - fields - {"__line__"}):
        if key not in OPTIONS:
            problems.append(f"unknown option {key!r} (known: {', '.join(sorted(OPTIONS))})")
    examples = item.get("examples") or []
    if not isinstance(examples, list):
        return problems + ["examples must be a list"]
    for n, example in enumerate(examples, 1):
        problems += [f"example {n}{_at(example)}: {p}" for p in check_example(example)]
    return problems


def check_example(example) -> list[str]:
    if not isinstance(example, dict):
        return ["must be a mapping with text and expect"]
    problems = [f"unknown key {k!r} (one of {', '.join(sorted(EXAMPLE_KEYS))})"
                for k in sorted(set(example) - EXAMPLE_KEYS - {"__line__"})]
    if not isinstance(example.get("text"), str) or not example["text"].strip():
        problems.append("needs a text")
    expect = example.get("expect")
    if not isinstance(expect, list) or not expect:
        return problems + ["needs expect: a list of the facts the text must yield"]
    for fact in expect:
        problems += check_expectation(fact)
    return problems


def check_expectation(fact) -> list[str]:
    if not isinstance(fact, dict):
        return [f"an expectation must be a mapping such as {{person: \"…\"}}, not {fact!r}"]
    keys = set(fact) - {"__line__"}
    # the kind of fact, in the order kg/ruletest.py `check` reads it
    head = next((k for k in ("statement", "recommendation", "work", "role", "law") if k in keys), None)
    if head is None:
        heads = [k for k in ("person", "organisation", "actor", "place") if k in keys]
        if len(heads) != 1:
            return [f"expectation {_show(fact)} must name one kind of fact: one of {', '.join(EXPECT)}"]
        head = heads[0]
    problems = []
    extra = keys - {head} - EXPECT[head]
    if extra:
        problems.append(f"expectation {_show(fact)}: {head} has no {', '.join(sorted(extra))} "
                        f"(it may have: {', '.join(sorted(EXPECT[head])) or 'nothing else'})")
    missing = _MUST.get(head, set()) - keys
    if missing:
        problems.append(f"expectation {_show(fact)}: {head} needs {', '.join(sorted(missing))}")
    return problems


def _at(example) -> str:
    return f" (line {example['__line__']})" if isinstance(example, dict) and "__line__" in example else ""


def _show(fact: dict) -> str:
    return "{" + ", ".join(f"{k}: {v!r}" for k, v in fact.items() if k != "__line__") + "}"
