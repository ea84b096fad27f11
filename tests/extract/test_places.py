"""Municipalities and places (kg/extract/places.py) in Dutch sentences: 'de gemeente X' is
the municipality as an actor, governing the place X; 'de gemeenteraad van X' its council;
'de wijk X' a place of the kind the rule says."""

from __future__ import annotations

from kg.extract.mentions import find_mentions
from kg.extract.segment import segment
from kg.language.lexicon import LEXICON_FILE
from kg.language.reference import load_reference
from kg.language.rules import PATTERNS_FILE, load_rules

RULES = load_rules()
REFERENCE = load_reference()


def found_in(body: str, rules=RULES):
    doc = segment("t.txt", f"Titel\n\n{body}\n", rules.lexicon)
    return doc.text, find_mentions(doc, rules, REFERENCE)


def test_places_de_gemeente_is_the_municipality_governing_the_place():
    text, found = found_in("De gemeente Deventer zoekt vrijwilligers.")
    entry = found.entries["gemeente/gm0150"]
    assert (entry.kind, entry.label, entry.identifier) == (
        "Municipality",
        "gemeente Deventer",
        "GM0150",
    )
    assert found.territory == {"gemeente/gm0150": "place/deventer"}


def test_places_de_gemeenteraad_is_the_council_of_the_municipality():
    text, found = found_in("De gemeenteraad van Midden-Groningen stemde in met het plan.")
    (council,) = [m for m in found.mentions if m.is_actor]
    assert text[council.start : council.end] == "gemeenteraad van Midden-Groningen"
    entry = found.entries[council.key]
    assert (entry.kind, entry.label) == ("GovernmentBody", "gemeenteraad van Midden-Groningen")


def test_places_a_place_the_gazetteer_does_not_know_is_a_wijk():
    text, found = found_in("In de wijk Zonnehoek is een nieuw buurthuis geopend.")
    (place,) = [m for m in found.mentions if m.kind == "Place"]
    assert text[place.start : place.end] == "Zonnehoek"
    assert dict(found.entries[place.key].extra) == {"placeKind": "wijk"}


def test_places_what_a_municipality_is_called_comes_from_the_lexicon(tmp_path):
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text(
        LEXICON_FILE.read_text(encoding="utf-8").replace(
            "municipality: 'gemeente {place}'", "municipality: 'Gemeente {place}'"
        ),
        encoding="utf-8",
    )
    _, found = found_in(
        "De gemeente Deventer zoekt vrijwilligers.", load_rules(PATTERNS_FILE, lexicon)
    )
    assert found.entries["gemeente/gm0150"].label == "Gemeente Deventer"
