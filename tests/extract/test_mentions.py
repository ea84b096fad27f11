"""Mentions (kg/extract/mentions.py) in Dutch sentences: what the gazetteers name, which of
two overlapping mentions stays, a name in brackets, no names inside a quoted title, and
the makers of a work."""

from __future__ import annotations

from kg.extract.found import Found
from kg.extract.mentions import find_mentions
from kg.extract.segment import segment
from kg.language.reference import load_reference
from kg.language.rules import load_rules

RULES = load_rules()
REFERENCE = load_reference()


def found_in(body: str) -> tuple[str, Found]:
    doc = segment("t.txt", f"Titel\n\n{body}\n", RULES.lexicon)
    return doc.text, find_mentions(doc, RULES, REFERENCE)


def named(body: str) -> list[tuple[str, str, str]]:
    """(words in the text, label of the entity, its kind) for each mention."""
    text, found = found_in(body)
    return [(text[m.start : m.end], found.entries[m.key].label, m.kind) for m in found.mentions]


def test_mentions_gazetteer_names_an_organisation_and_a_law_by_their_full_name():
    assert named("Het SCP publiceert een rapport over de Participatiewet.") == [
        ("SCP", "Sociaal en Cultureel Planbureau", "GovernmentBody"),
        ("Participatiewet", "Participatiewet", "Law"),
    ]


def test_mentions_a_name_in_brackets_says_which_law_the_name_before_it_is():
    mentions = named("De Wet maatschappelijke ondersteuning (Wmo 2015) regelt de hulp.")
    assert mentions == [
        ("Wet maatschappelijke ondersteuning", "Wet maatschappelijke ondersteuning 2015", "Law"),
        ("Wmo 2015", "Wet maatschappelijke ondersteuning 2015", "Law"),
    ]


def test_mentions_topics_are_kept_apart_from_actors():
    text, found = found_in("Medewerkers van het wijkteam zien de armoede groeien.")
    assert "topic/sociale-wijkteams" in [t.key for t in found.topics]
    assert all(m.kind != "Topic" for m in found.mentions)


def test_mentions_no_names_inside_a_quoted_title():
    text, found = found_in("Zij las het boek ‘Jan de Wit en de wijk’ in een avond.")
    (title,) = found.title_spans
    assert text[title[0] : title[1]] == "‘Jan de Wit en de wijk’"
    assert not any(m.kind == "Person" for m in found.mentions)


def test_mentions_makers_of_a_work_are_the_people_named_after_van():
    text, found = found_in(
        "In 2021 verscheen het boek Wijkwerk werkt van Lotte Kramer en Daan Post."
    )
    assert [(text[at:].split()[0], people) for at, people in found.makers] == [
        ("boek", ("person/lotte-kramer", "person/daan-post"))
    ]


def test_mentions_the_longest_of_overlapping_mentions_stays():
    """'gemeente Deventer' is the municipality; 'Deventer' in it is the place it governs."""
    text, found = found_in("De gemeente Deventer zoekt vrijwilligers.")
    actors = [(text[m.start : m.end], m.key) for m in found.mentions if m.is_actor]
    assert actors == [("gemeente Deventer", "gemeente/gm0150")]
    assert ("Deventer", "place/deventer") in [
        (text[m.start : m.end], m.key) for m in found.mentions
    ]
