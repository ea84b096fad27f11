"""Checks of a rule entry beyond its patterns: values of the right type, options the
extractor knows, examples whose expectations it can test, ids that do not clash with
corrections. Each check returns messages; kg/language/rules.py reports them with file:line and rule
id, all at once, before any rule runs (so a typo such as `requries:` is an error, not a
silently ignored option). And one warning about a pattern's shape: nested quantifiers."""

from __future__ import annotations

import re

from kg.extract.registry import ENTITY_KINDS, EXPECT, FACT_HEADS, MUST, options_of
from kg.language.yamlfile import LINE, type_name

RULE_PREFIX = "correction-"
"""Rule ids of this form belong to corrections (kg/language/corrections.py): correction-<its id>."""

EXAMPLE_KEYS = {"text", "expect", "prefix", "title"}


def check_types(item: dict, text_fields: tuple[str, ...]) -> list[str]:
    """Values of the wrong type, found before anything is made of them: a list where a text
    belongs would otherwise be turned into its printed form, or crash a look-up."""
    problems = []
    options = options_of(item.get("kind"))  # kg/extract/registry.py
    for key, value in item.items():
        option = options.get(key) if key not in text_fields else None
        if key in text_fields or (option and not option.flag):
            if not _is_text(value):
                problems.append(
                    f"{key}: must be a text (in quotes if need be), not {type_name(value)}"
                )
            elif option and option.values and value not in option.values:
                problems.append(f"{key}: {value!r} is not one of {', '.join(option.values)}")
        elif option and not isinstance(value, bool):
            problems.append(f"{key}: must be true or false, not {type_name(value)}")
    return problems


def _is_text(value) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def check_rule(item: dict, fields: set[str]) -> list[str]:
    """Problems of one rule entry (`fields`: the keys that hold patterns or are core)."""
    problems = []
    rule_id = str(item.get("id", ""))
    if rule_id.startswith(RULE_PREFIX):
        problems.append(f"ids starting with '{RULE_PREFIX}' are kept for corrections")
    options = options_of(item.get("kind"))  # kg/extract/registry.py
    for key in sorted(set(item) - fields - {LINE}, key=str):
        if key not in options:
            problems.append(f"unknown option {key!r} (known: {', '.join(sorted(options))})")
    examples = item.get("examples") or []
    if not isinstance(examples, list):
        return problems + ["examples must be a list"]
    for n, example in enumerate(examples, 1):
        problems += [f"example {n}{_at(example)}: {p}" for p in check_example(example)]
    return problems


def check_example(example) -> list[str]:
    if not isinstance(example, dict):
        return ["must be a mapping with text and expect"]
    problems = [
        f"unknown key {k!r} (one of {', '.join(sorted(EXAMPLE_KEYS))})"
        for k in sorted(set(example) - EXAMPLE_KEYS - {LINE}, key=str)
    ]
    if not isinstance(example.get("text"), str) or not example["text"].strip():
        problems.append("needs a text")
    problems += [
        f"{k}: must be a text, not {type_name(example[k])}"
        for k in ("prefix", "title")
        if k in example and not isinstance(example[k], str)
    ]
    expect = example.get("expect")
    if not isinstance(expect, list) or not expect:
        return problems + ["needs expect: a list of the facts the text must yield"]
    for fact in expect:
        problems += check_expectation(fact)
    return problems


def check_expectation(fact) -> list[str]:
    if not isinstance(fact, dict):
        return [f'an expectation must be a mapping such as {{person: "…"}}, not {fact!r}']
    keys = set(fact) - {LINE}
    wrong = [k for k in sorted(keys, key=str) if not isinstance(fact[k], str)]
    if wrong:
        return [
            f"expectation {_show(fact)}: {k} must be a text, not {type_name(fact[k])}"
            for k in wrong
        ]
    # the kind of fact, in the order kg/extract/examples.py `check` reads it
    head = next((k for k in FACT_HEADS if k in keys), None)
    if head is None:
        heads = [k for k in ENTITY_KINDS if k in keys]
        if len(heads) != 1:
            return [
                f"expectation {_show(fact)} must name one kind of fact: one of {', '.join(EXPECT)}"
            ]
        head = heads[0]
    problems = []
    extra = keys - {head} - EXPECT[head]
    if extra:
        unknown = ", ".join(map(str, sorted(extra, key=str)))
        problems.append(
            f"expectation {_show(fact)}: {head} has no {unknown} "
            f"(it may have: {', '.join(sorted(EXPECT[head])) or 'nothing else'})"
        )
    missing = MUST.get(head, set()) - keys
    if missing:
        problems.append(f"expectation {_show(fact)}: {head} needs {', '.join(sorted(missing))}")
    return problems


def _at(example) -> str:
    return f" (line {example[LINE]})" if isinstance(example, dict) and LINE in example else ""


def _show(fact: dict) -> str:
    return "{" + ", ".join(f"{k}: {v!r}" for k, v in fact.items() if k != LINE) + "}"


# --- the shape of a pattern: nested quantifiers ------------------------------------------
#
# A group repeated without bound whose only required part is itself repeated, such as
# "(?:[A-Za-z]+\s?)+", can split one run of letters in exponentially many ways; on a text
# that almost matches, a backtracking engine tries them all. The pattern is read as
# written: a {MACRO} is one opaque part. A possessive quantifier ("++") or an atomic
# group ("(?>…)") does not backtrack and is left alone.


def nested_quantifiers_warning(group: str) -> str:
    """The warning about one group found by nested_quantifiers."""
    return (
        f"nested quantifiers in “{group}”: its repetitions can split the same words in "
        f"exponentially many ways, so a text that almost matches can use up the pattern's time "
        f"in a document; "
        f"require a separator in each repetition, e.g. \\w+(?:\\s+\\w+)* rather than (?:\\w+\\s?)+"
    )


def nested_quantifiers(pattern: str) -> list[str]:
    """The groups of `pattern` (as written) that repeat a part that is itself repeated."""
    try:
        items, _ = _sequence(pattern, 0)
    except (IndexError, ValueError, RecursionError):
        return []  # a malformed pattern is reported by the compiler
    return [
        pattern[i.start : i.end]
        for i in _walk(items)
        if _unbounded(i) and i.alternatives and any(_splits(a) for a in i.alternatives)
    ]


class _Item:
    __slots__ = (
        "alternatives",
        "atomic",
        "end",
        "least",
        "most",
        "possessive",
        "start",
        "zero_width",
    )

    def __init__(self, start: int):
        self.start, self.end = start, start
        self.least, self.most, self.possessive = 1, 1, False
        self.zero_width, self.atomic, self.alternatives = False, False, []


def _walk(items: list[_Item]):
    for item in items:
        yield item
        for alternative in item.alternatives:
            yield from _walk(alternative)


def _unbounded(item: _Item) -> bool:
    return (item.most is None or item.most > 3) and not item.possessive and not item.atomic


def _splits(alternative: list[_Item]) -> bool:
    """Can one stretch of text be matched by this sequence in many ways when it repeats?"""
    required = [i for i in alternative if i.least >= 1 and not i.zero_width]
    if not required:
        return any(_unbounded(i) for i in alternative)
    if len(required) > 1:
        return False
    only = required[0]
    return _unbounded(only) or (
        only.most == 1 and not only.atomic and any(_splits(a) for a in only.alternatives)
    )


def _sequence(p: str, i: int) -> tuple[list[_Item], int]:
    """The items of one alternative from p[i] up to "|" or ")" (not consumed)."""
    items: list[_Item] = []
    while i < len(p) and p[i] not in "|)":
        item = _Item(i)
        char = p[i]
        if char == "\\":
            i = p.index("}", i) + 1 if p[i + 1 : i + 3] in ("N{", "p{", "P{") else i + 2
            item.zero_width = p[item.start + 1] in "bBAZz"
        elif char == "[":
            i = _class_end(p, i)
        elif (
            char == "{"
            and (end := p.find("}", i)) > 0
            and p[i + 1 : end].replace("_", "").isupper()
        ):
            i = end + 1  # a macro
        elif char == "(":
            i = _group(p, i, item)
        else:
            item.zero_width = char in "^$"
            i += 1
        i = _quantifier(p, i, item)
        item.end = i
        items.append(item)
    return items, i


_OPENER = re.compile(r"\((?:\?(?:[:>=!]|<[=!]|P<\w+>|[a-zA-Z-]+:))?")
_WHOLE = re.compile(r"\(\?(?:#[^)]*|P=\w+|[a-zA-Z-]+)\)")  # a comment, a back-reference, "(?i)"


def _group(p: str, i: int, item: _Item) -> int:
    whole = _WHOLE.match(p, i)
    if whole:
        item.zero_width = not whole.group().startswith("(?P=")
        return whole.end()
    opener = _OPENER.match(p, i).group()
    item.zero_width = opener in ("(?=", "(?!", "(?<=", "(?<!")
    item.atomic = opener == "(?>"
    i += len(opener)
    while True:
        alternative, i = _sequence(p, i)
        item.alternatives.append(alternative)
        if p[i] == ")":
            return i + 1
        i += 1


def _quantifier(p: str, i: int, item: _Item) -> int:
    if i < len(p) and p[i] in "*+?":
        item.least, item.most = (0, None) if p[i] == "*" else (1, None) if p[i] == "+" else (0, 1)
        i += 1
    elif (
        i < len(p)
        and p[i] == "{"
        and (end := p.find("}", i)) > 0
        and p[i + 1 : end].replace(",", "").isdigit()
        and p[i + 1] != ","
    ):
        low, _, high = p[i + 1 : end].partition(",")
        item.least = int(low)
        item.most = int(low) if "," not in p[i + 1 : end] else (int(high) if high else None)
        i = end + 1
    else:
        return i
    if i < len(p) and p[i] in "?+":
        item.possessive = p[i] == "+"
        i += 1
    return i


def _class_end(p: str, i: int) -> int:
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while p[j] != "]":
        j += 2 if p[j] == "\\" else 1
    return j + 1
