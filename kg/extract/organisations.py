"""Organisations known by the shape of their name and the words around it ("Stichting
Het Vergeten Kind", "directeur van Zorggroep Noord"), where no gazetteer knows them."""

from __future__ import annotations

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
                if rule.options.get("not_a_surname") and _surname_after_first_name(
                    doc.text, s.start, start, rules.lexicon
                ):
                    continue
                known = [(b, e) for a, b, e in ref.names.find(doc.text, start, end) if a == start]
                if not free((start, end)) or any(
                    b == end or e.label[:1].isupper() or e.kind == "Place" for b, e in known
                ):
                    continue
                label = label_of(m.group("name"))
                key = f"org/{slug(label)}"
                draft.make(key, "Organisation", label, rule.id)
                out.append(Mention(start, end, key, "Organisation", rule.id, s))
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
