"""The result of finding mentions (kg/extract/found.py) is read-only to the passes that
read it."""

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
