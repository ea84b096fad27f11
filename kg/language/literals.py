"""Words a match of a pattern must contain, read from the compiled pattern: more triggers
for a rule (kg/language/rulematch.py Guarded) than its word-list groups give.

"{REF}\\s+(?:(?:houdt|…)\\s+… pleidooi …|(?:doet|…)\\s+… (?:oproep|beroep) …)" has no
word-list group outside an alternation, so it was tried at every character of every
sentence; yet no sentence without "pleidooi", "oproep" or "beroep" can match it. Such a
set of words (one of them must occur) is found by walking the parsed pattern: a run of
literal characters is required where the pattern cannot skip it, an alternation requires
one of the requirements of its branches, a repeat what its body requires if it repeats at
least once. Each requirement becomes a regex of the words, matched with the pattern's own
case rules, so it can only rule out texts the pattern cannot match.
"""

from __future__ import annotations

import re

try:  # Python's own regex parser: private, so a change there only loses the triggers
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover
    _parser = None

MIN_CHARS = 3
"""A required word shorter than this ("om", "te") is in nearly every sentence."""
MAX_WORDS = 12
"""A requirement of more alternative words than this costs more than it saves."""
MAX_TRIGGERS = 2
"""Requirements kept per pattern: the most selective (longest shortest word)."""

Requirement = frozenset  # of (word, case-insensitive): one of them occurs in every match


def literal_triggers(compiled: re.Pattern) -> tuple[str, ...]:
    """Regexes of the most selective word sets every match of `compiled` contains."""
    if _parser is None:
        return ()
    try:
        parsed = _parser.parse(compiled.pattern, compiled.flags)
        found = _sequence(parsed, bool(parsed.state.flags & re.IGNORECASE))
    except Exception:  # a construct this walk does not know: no extra triggers
        return ()
    useful = {r for r in found if len(r) <= MAX_WORDS and _score(r) >= MIN_CHARS}
    best = sorted(useful, key=lambda r: (-_score(r), sorted(r)))[:MAX_TRIGGERS]
    return tuple(_regex(r) for r in best)


def _score(requirement: Requirement) -> int:
    return min(len(word) for word, _ in requirement)


def _regex(requirement: Requirement) -> str:
    words = sorted(requirement)
    return "(?:" + "|".join(f"(?i:{re.escape(w)})" if ci else re.escape(w) for w, ci in words) + ")"


def _sequence(items, ci: bool) -> list[Requirement]:
    """The requirements (all must hold) of a sequence of parsed items."""
    found: list[Requirement] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(Requirement({("".join(run), ci)}))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _c.SUBPATTERN:
            _, add, remove, body = av
            inner = (ci or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            found += _sequence(body, inner)
        elif op is _c.ATOMIC_GROUP:
            found += _sequence(av, ci)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _, body = av
            if low >= 1:
                found += _sequence(body, ci)
        elif op is _c.BRANCH:
            either: set = set()
            for branch in av[1]:
                own = [r for r in _sequence(branch, ci) if r]
                if not own:
                    break  # a branch that requires nothing: the alternation requires nothing
                either |= max(own, key=lambda r: (_score(r), -len(r)))
            else:
                found.append(Requirement(either))
    flush()
    return found
