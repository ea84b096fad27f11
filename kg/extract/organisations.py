"""Organisations known by the shape of their name and the words around it ("Stichting
Het Vergeten Kind", "directeur van Zorggroep Noord"), where no gazetteer knows them."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.found import Draft, Mention, label_of
from kg.extract.model import Document, Sentence
from kg.language.lexicon import Lexicon
from kg.language.reference import Reference, slug
from kg.language.rules import RuleSet


def pattern_organisations(
    doc: Document,
    sentences: list[Sentence],
    rules: RuleSet,
    ref: Reference,
    draft: Draft,
    free: Callable[[tuple[int, int]], bool],
) -> list[Mention]:
    """Organisations found by the organisation rules; where the gazetteer knows the name
    ('wethouder van Almere', 'directeur van het SCP'), the gazetteer speaks."""
    out = []
    for rule in rules.of_kind("organisation"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start, end = s.start + m.start("name"), s.start + m.end("name")
                abbr = m.group("abbr") if "abbr" in m.re.groupindex else None
                if abbr:  # "Advies- en Klachtenbureau Jeugdzorg (AKJ)"
                    start = _initials_start(doc.text, start, end, abbr, rules.lexicon)
                    if start is None:
                        continue
                if rule.options.get("not_a_surname") and _surname_after_first_name(
                    doc.text, s.start, start, rules.lexicon
                ):
                    continue
                known = [(b, e) for a, b, e in ref.names.find(doc.text, start, end) if a == start]
                if not free((start, end)) or any(
                    b == end or e.label[:1].isupper() or e.kind == "Place" for b, e in known
                ):
                    continue
                label = label_of(doc.text[start:end])
                key = f"org/{slug(label)}"
                draft.make(key, "Organisation", label, rule.id)
                out.append(Mention(start, end, key, "Organisation", rule.id, s))
                if abbr:
                    out += _abbreviation_mentions(abbr, key, rule.id, doc, sentences, free)
    return out


def _initials_start(text: str, start: int, end: int, abbr: str, lexicon: Lexicon) -> int | None:
    """Where a name that its abbreviation is made of starts ("Volgens het Landelijk Steunpunt
    Mantelzorgers (LSM)": at "Landelijk"), or None when the capitals of the abbreviation
    are not the initials of the name's capitalised words, in order, or when a word says the
    name is no organisation's ("Module Arbeidsmarkt en Participatie (MAP)")."""
    words = [(w.start(), w.group()) for w in re.finditer(r"\S+", text[start:end])]
    other = {w.lower() for w in lexicon.words("NOT_AN_ORGANISATION_WORD")}
    if any(w.lower().strip("-") in other for _, w in words):
        return None
    capitals = [c for c in abbr if c.isupper()]
    while words and words[0][1][0].upper() != abbr[0].upper():
        words.pop(0)
    initials = [w[0] for _, w in words if w[0].isupper()]
    it = iter(initials)
    in_order = all(c in it for c in capitals)
    if len(words) < 2 or len(capitals) < 2 or not in_order:
        return None
    return start + words[0][0]


def _abbreviation_mentions(
    abbr: str,
    key: str,
    rule: str,
    doc: Document,
    sentences: list[Sentence],
    free: Callable[[tuple[int, int]], bool],
) -> list[Mention]:
    """Each place the text names the organisation by its abbreviation."""
    out = []
    pattern = re.compile(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])")
    for s in sentences:
        for m in pattern.finditer(doc.text, s.start, s.end):
            if free((m.start(), m.end())):
                out.append(Mention(m.start(), m.end(), key, "Organisation", rule, s))
    return out


def _surname_after_first_name(text: str, sentence_start: int, start: int, lexicon: Lexicon) -> bool:
    """'wethouder Financiën Karin van Lieshout-Dekker': what follows 'van' is a surname when
    exactly one name word stands between the role (or portfolio) and 'van'."""
    before = lexicon.construction("ORGANISATION_LINK").search(text[sentence_start:start])
    words = before.group("before").split() if before else []
    skip = {w.lower() for w in lexicon.words("ROLE")} | {
        w.lower() for w in lexicon.words("PORTFOLIO")
    }
    names = []
    for w in reversed(words):
        if w.lower() in skip or not w[:1].isupper():
            break
        names.append(w)
    return len(names) == 1
