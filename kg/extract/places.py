"""Municipalities as actors ("de gemeente Deventer", "de gemeenteraad van Midden-Groningen"),
with the place they govern, and places named by the place rules ("de wijk Kanaleneiland")."""

from __future__ import annotations

from collections.abc import Callable

from kg.controlchars import without_bidi
from kg.extract.found import Draft, Mention
from kg.extract.model import Document, Sentence
from kg.language.lexicon import Lexicon
from kg.language.reference import Entry, Reference, slug
from kg.language.rules import RuleSet


def municipality_actors(
    doc: Document, sentences: list[Sentence], rules: RuleSet, ref: Reference, draft: Draft
) -> list[Mention]:
    """'gemeente Deventer': the municipality (CBS code, TOOI) as an actor, and its territory."""
    out = []
    for rule in rules.of_kind("municipality"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start = s.start + m.start("place")
                hits = [
                    h
                    for h in ref.names.find(doc.text, start, s.start + m.end("place"))
                    if h[0] == start and h[2].kind == "Place" and h[2].identifier.startswith("GM")
                ]
                if not hits:
                    continue
                _, place_end, place = hits[0]
                if rule.options.get("council"):  # "de gemeenteraad van Midden-Groningen"
                    key = f"gemeenteraad/{place.identifier.lower()}"
                    draft.entries[key] = Entry(
                        key=key,
                        kind="GovernmentBody",
                        label=body_label(rules.lexicon, "council", place.label),
                        rule=rule.id,
                    )
                    draft.entries[place.key] = place
                    out.append(
                        Mention(s.start + m.start(), place_end, key, "GovernmentBody", rule.id, s)
                    )
                    out.append(Mention(start, place_end, place.key, "Place", place.rule, s))
                    continue
                key = f"gemeente/{place.identifier.lower()}"
                same_as = next((u for u in place.same_as if "tooi" in u), "")
                draft.entries[key] = Entry(
                    key=key,
                    kind="Municipality",
                    label=body_label(rules.lexicon, "municipality", place.label),
                    rule=rule.id,
                    identifier=place.identifier,
                    same_as=(same_as,) if same_as else (),
                )
                draft.entries[place.key] = place
                draft.territory[key] = place.key
                actor_start = s.start + m.start()
                out.append(Mention(actor_start, place_end, key, "Municipality", rule.id, s))
                out.append(Mention(start, place_end, place.key, "Place", place.rule, s))
    return out


def body_label(lexicon: Lexicon, body: str, place: str) -> str:
    """What the body of a place is called ("gemeente Deventer", "gemeenteraad van Ede"):
    the lexicon's BODY_LABEL for `body`, or the place's own name if it has none."""
    return lexicon.mapping("BODY_LABEL").get(body, "{place}").replace("{place}", place)


def places(
    sentences: list[Sentence],
    rules: RuleSet,
    draft: Draft,
    free: Callable[[tuple[int, int]], bool],
) -> list[Mention]:
    """Places named by the place rules; the rule says which kind of place (wijk, regio)."""
    out = []
    for rule in rules.of_kind("place"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start, end = s.start + m.start("place"), s.start + m.end("place")
                label = without_bidi(m.group("place"))
                if not free((start, end)) or label.lower() in rules.lexicon.not_a_name:
                    continue
                key = f"place/{slug(label)}"
                draft.make(
                    key, "Place", label, rule.id, placeKind=rule.options.get("place_kind", "wijk")
                )
                out.append(Mention(start, end, key, "Place", rule.id, s))
    return out
