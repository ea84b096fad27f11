"""The result of finding mentions (kg/extract/found.py) is read-only to the passes that
read it; a pass that makes an entity or reads a mention anew asks for a new Found."""

from __future__ import annotations

import dataclasses

import pytest

from kg.extract.found import Found
from kg.extract.mentions import find_mentions
from kg.extract.segment import segment
from kg.language.reference import Entry, load_reference
from kg.language.rules import load_rules

RULES = load_rules()
REFERENCE = load_reference()


@pytest.fixture(scope="module")
def found() -> Found:
    text = (
        "Titel\n\nDe gemeente Deventer zoekt vrijwilligers. ‘Het moet anders,’ zegt wethouder "
        "Karin van Lieshout. In 2021 verscheen het boek Wijkwerk werkt van Lotte Kramer.\n"
    )
    return find_mentions(segment("t.txt", text, RULES.lexicon), RULES, REFERENCE)


def test_found_is_read_only_to_its_readers(found):
    role = Entry("role/wethouder", "Role", "wethouder", "aff-test")
    with pytest.raises(TypeError):
        found.entries["role/wethouder"] = role
    with pytest.raises(TypeError):
        found.territory["gemeente/gm0150"] = "place/elders"
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.mentions = ()
    with pytest.raises(AttributeError):
        found.makers.append((0, ("person/x",)))


def test_found_with_entries_adds_new_entities_and_keeps_those_it_knows(found):
    role = Entry("role/wethouder", "Role", "wethouder", "aff-test")
    other = Entry("gemeente/gm0150", "Municipality", "Deventer (anders)", "test")
    more = found.with_entries(role, other, territory={"gemeente/gm0150": "place/elders"})
    assert more.entries["role/wethouder"] == role
    assert more.entries["gemeente/gm0150"].label == "gemeente Deventer"
    assert more.territory["gemeente/gm0150"] == "place/deventer"
    assert "role/wethouder" not in found.entries  # the Found it came from is as it was
    assert more.mentions == found.mentions


def test_found_with_maker_adds_each_work_once_in_text_order(found):
    (first,) = found.makers
    more = found.with_maker(0, ["person/karin-van-lieshout"]).with_maker(*first)
    assert more.makers == ((0, ("person/karin-van-lieshout",)), first)
    assert found.makers == (first,)


def test_found_with_mentions_reads_the_mentions_anew(found):
    people = [m for m in found.mentions if m.kind == "Person"]
    fewer = found.with_mentions(people)
    assert fewer.mentions == tuple(people) and fewer.entries == found.entries
    assert len(found.mentions) > len(people)
