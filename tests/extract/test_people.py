"""People (kg/extract/people.py) named in Dutch sentences: the name a rule reads, the same
person named again by surname or first name, two people who share a surname, names in a
list, a place or organisation after a name, and the author of the byline."""

from __future__ import annotations

import pytest

from kg.extract.mentions import find_mentions
from kg.extract.segment import segment
from kg.language.lexicon import LEXICON_FILE
from kg.language.reference import load_reference
from kg.language.rules import PATTERNS_FILE, load_rules

RULES = load_rules()
REFERENCE = load_reference()


def people_in(page: str, rules=RULES) -> list[tuple[str, str]]:
    """(words in the text, the person's full name) for each mention of a person."""
    doc = segment("t.txt", page, rules.lexicon)
    found = find_mentions(doc, rules, REFERENCE)
    return [
        (doc.text[m.start : m.end], found.entries[m.key].label)
        for m in found.mentions
        if m.kind == "Person"
    ]


def test_people_a_speaker_with_a_role_is_named_without_the_role():
    assert people_in("Titel\n\n‘Het moet anders,’ zegt wethouder Karin van Lieshout.\n") == [
        ("Karin van Lieshout", "Karin van Lieshout")
    ]


def test_people_named_again_by_surname_and_by_first_name_are_the_same_person():
    page = (
        "Titel\n\n‘Het kan beter,’ zegt Mary van den Wijngaart. ‘Het moet beter,’ zegt Piet "
        "van Mourik. Volgens Van den Wijngaart en Piet gaat het goed.\n"
    )
    assert people_in(page)[2:] == [
        ("Van den Wijngaart", "Mary van den Wijngaart"),
        ("Piet", "Piet van Mourik"),
    ]


def test_people_who_share_a_surname_stay_two_people():
    page = "Titel\n\n‘Het kan beter,’ zegt Jan de Vries. ‘Dat klopt,’ zegt Anna de Vries.\n"
    assert people_in(page) == [("Jan de Vries", "Jan de Vries"), ("Anna de Vries", "Anna de Vries")]


def test_people_each_name_of_a_list_is_a_person():
    page = "Titel\n\nIn 2021 verscheen het boek Wijkwerk werkt van Lotte Kramer en Daan Post.\n"
    assert [label for _, label in people_in(page)] == ["Lotte Kramer", "Daan Post"]


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("‘Wij zien het,’ zegt Ilse Koopmans uit Almere.", "Ilse Koopmans"),
        ("Ilse Koopmans van Almere vertelt over de wijk.", "Ilse Koopmans"),
        ("‘Het loopt,’ zegt Jan van Dongen.", "Jan van Dongen"),  # a surname, not a place
    ],
)
def test_people_a_place_after_a_name_is_no_part_of_it(sentence, words):
    assert [w for w, _ in people_in(f"Titel\n\n{sentence}\n")] == [words]


def test_people_an_organisation_after_a_name_is_no_part_of_it():
    page = "Titel\n\n‘We doen het samen,’ zegt Hatice Yıldız van Zuiderlicht. Yıldız is blij.\n"
    assert people_in(page) == [("Hatice Yıldız", "Hatice Yıldız"), ("Yıldız", "Hatice Yıldız")]


def test_people_a_name_read_from_an_affiliation_is_a_person():
    page = "Titel\n\nAls wijkmanager van Zuid ging Sanne Dijkstra aan de slag. Dijkstra is blij.\n"
    assert people_in(page) == [("Sanne Dijkstra", "Sanne Dijkstra"), ("Dijkstra", "Sanne Dijkstra")]


@pytest.mark.parametrize(
    "byline, kind",
    [
        ("Door Marleen de Groot", "Person"),
        ("Door Redactie Zorgvisie", "Organisation"),
        ("Door Afdeling Communicatie Zwolle", "Organisation"),
    ],
)
def test_people_the_byline_names_a_person_or_a_group(byline, kind):
    doc = segment("t.txt", f"Titel\n\n{byline}\n\nDe gemeente Ede stopt.\n", RULES.lexicon)
    found = find_mentions(doc, RULES, REFERENCE)
    assert found.entries[found.author_key].kind == kind
    assert found.entries[found.author_key].label == byline.removeprefix("Door ")


def test_people_words_that_make_an_author_a_group_come_from_the_lexicon(tmp_path):
    page = "Titel\n\nDoor Collectief Wijkwerk\n\nDe gemeente Ede stopt.\n"
    assert people_in(page) == [("Collectief Wijkwerk", "Collectief Wijkwerk")]
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text(
        LEXICON_FILE.read_text(encoding="utf-8").replace(
            "AUTHOR_GROUP: [redactie,", "AUTHOR_GROUP: [collectief, redactie,"
        ),
        encoding="utf-8",
    )
    assert people_in(page, load_rules(PATTERNS_FILE, lexicon)) == []
