"""Find who and what a document names: gazetteer entries, people, organisations,
municipalities as actors, places and policy themes, each mention with its rule id.

This module looks names up in the gazetteers and decides between mentions that overlap;
people (kg/extract/people.py), organisations known by the shape of their name
(kg/extract/organisations.py) and municipalities and places (kg/extract/places.py) are
found by patterns. What it returns (kg/extract/found.py) is read-only to later passes.
"""

from __future__ import annotations

import re

from kg.extract.found import Draft, Found, Mention, overlaps
from kg.extract.laws import pattern_laws
from kg.extract.model import Document, Sentence
from kg.extract.organisations import pattern_organisations
from kg.extract.people import author, people
from kg.extract.places import municipality_actors, places
from kg.language.reference import Reference
from kg.language.rules import RuleSet

NAMED_SECTIONS = ("title", "heading", "body", "author", "byline")
"""Where the gazetteers look for names."""
TEXT_SECTIONS = ("body", "author")
"""Where the patterns look for names: running text."""


def find_mentions(doc: Document, rules: RuleSet, ref: Reference) -> Found:
    draft = Draft()
    sentences = [s for s in doc.sentences if s.section in NAMED_SECTIONS]
    text_sentences = [s for s in sentences if s.section in TEXT_SECTIONS]
    title_spans = _quoted_titles(text_sentences, rules)

    def free(span: tuple[int, int]) -> bool:
        return not any(overlaps(span, t) for t in title_spans)

    raw: list[Mention] = []
    topics: list[Mention] = []
    for s in sentences:
        for start, end, entry in ref.names.find(doc.text, s.start, s.end):
            if free((start, end)):
                draft.entries[entry.key] = entry
                raw.append(Mention(start, end, entry.key, entry.kind, entry.rule, s))
        if s.section != "byline":
            for start, end, entry in ref.topics.find(doc.text, s.start, s.end):
                draft.entries[entry.key] = entry
                topics.append(Mention(start, end, entry.key, "Topic", entry.rule, s))
    raw += pattern_organisations(doc, text_sentences, rules, ref, draft, free)
    raw += pattern_laws(doc, text_sentences, rules, ref, draft, free)
    raw += municipality_actors(doc, text_sentences, rules, ref, draft)
    raw += places(text_sentences, rules, draft, free)
    raw += author(doc, draft, rules.lexicon, ref)
    taken = [(m.start, m.end) for m in raw if m.kind not in ("Place", "Person")]
    taken += [
        (t.start, t.end)
        for t in topics
        if doc.text[t.start : t.start + 1].isupper() and " " in doc.text[t.start : t.end]
    ]  # "Housing First", "Hervormingsagenda Jeugd" are no people
    place_spans = [(m.start, m.end) for m in raw if m.kind == "Place"]
    raw += people(doc, text_sentences, rules, draft, free, taken, place_spans)
    kept = _resolve_overlaps(raw)
    # A municipality named inside "gemeente X" is also a place mention of its own.
    actors = [m for m in kept if m.kind == "Municipality" or m.key.startswith("gemeenteraad/")]
    kept += [
        m
        for m in raw
        if m.kind == "Place"
        and m.rule == "municipality-gazetteer"
        and any(a.start <= m.start and m.end <= a.end for a in actors)
        and m not in kept
    ]
    mentions = _name_in_brackets(doc.text, sorted(kept, key=lambda m: (m.start, m.end)))
    return draft.found(
        mentions=tuple(mentions),
        topics=tuple(topics),
        title_spans=tuple(title_spans),
        makers=_makers(text_sentences, rules, mentions),
    )


def _quoted_titles(sentences: list[Sentence], rules: RuleSet) -> list[tuple[int, int]]:
    """Titles of works in quotes ("het boek ‘Jan de Wit en de wijk’"): no names inside."""
    spans = []
    for s in sentences:
        for rule in rules.of_kind("work"):
            for m in rule.regex["pattern"].finditer(s.text):
                if m.group("title")[0] in "‘“\"'":
                    spans.append((s.start + m.start("title"), s.start + m.end("title")))
    return spans


def _makers(
    sentences: list[Sentence], rules: RuleSet, mentions: list[Mention]
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(offset, people) for each work whose makers the text names ("het boek … van A en B")."""
    found = Found(mentions=tuple(mentions))
    makers = []
    for s in sentences:
        for rule in rules.of_kind("work"):
            if "creator" not in rule.regex["pattern"].groupindex:
                continue
            for m in rule.regex["pattern"].finditer(s.text):
                keys = [
                    x.key
                    for x in found.at(s.start + m.start("creator"), s.start + m.end("creator"))
                    if x.kind == "Person"
                ]
                if keys:
                    makers.append((s.start + m.start(), tuple(dict.fromkeys(keys))))
    return tuple(makers)


def _resolve_overlaps(raw: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions; people win over places of the same length."""
    priority = {
        "Person": 0,
        "Municipality": 1,
        "Organisation": 2,
        "GovernmentBody": 2,
        "Group": 3,
        "Law": 2,
        "Place": 4,
    }
    ordered = sorted(raw, key=lambda m: (-(m.end - m.start), priority.get(m.kind, 5), m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(overlaps((m.start, m.end), (k.start, k.end)) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _name_in_brackets(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Wet maatschappelijke ondersteuning (Wmo 2015)': the name in brackets says which
    law or organisation the name before it is, so both mentions point to it."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.kind == b.kind
            and a.key != b.key
            and re.fullmatch(r"\s*\(", text[a.end : b.start])
            and text[b.end : b.end + 1] == ")"
        ):
            out[i] = Mention(a.start, a.end, b.key, b.kind, a.rule, a.sentence)
    return out
