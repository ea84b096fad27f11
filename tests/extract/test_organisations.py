"""Organisations known by the shape of their name (kg/extract/organisations.py), in Dutch
sentences: 'Stichting X', 'directeur van X', and where 'van' opens a surname instead."""

from __future__ import annotations

import pytest

from kg.extract.mentions import find_mentions
from kg.extract.segment import segment
from kg.language.reference import load_reference
from kg.language.rules import load_rules

RULES = load_rules()
REFERENCE = load_reference()


def organisations_in(body: str) -> list[str]:
    doc = segment("t.txt", f"Titel\n\n{body}\n", RULES.lexicon)
    found = find_mentions(doc, RULES, REFERENCE)
    return [found.entries[m.key].label for m in found.mentions if m.kind == "Organisation"]


@pytest.mark.parametrize(
    "sentence, organisations",
    [
        (
            "Stichting Het Vergeten Kind vraagt aandacht voor jongeren.",
            ["Stichting Het Vergeten Kind"],
        ),
        (
            "Volgens Jan de Vries, directeur van Zorggroep Noord, moet het anders.",
            ["Zorggroep Noord"],
        ),
        ("Ingrid Bos is wijkverpleegkundige bij Thuiszorg De Linge.", ["Thuiszorg De Linge"]),
    ],
)
def test_organisations_known_by_the_shape_of_their_name(sentence, organisations):
    assert organisations_in(sentence) == organisations


def test_organisations_van_after_a_role_and_a_first_name_opens_a_surname():
    """'wethouder Financiën Karin van Lieshout-Dekker': Lieshout-Dekker is no organisation."""
    assert (
        organisations_in("‘Het moet anders,’ zegt wethouder Financiën Karin van Lieshout-Dekker.")
        == []
    )


def test_organisations_the_gazetteer_speaks_where_it_knows_the_name():
    doc = segment(
        "t.txt", "Titel\n\nKees Bos, directeur van het SCP, is tevreden.\n", RULES.lexicon
    )
    found = find_mentions(doc, RULES, REFERENCE)
    assert [m.rule for m in found.mentions if m.is_actor and m.kind != "Person"] == [
        "org-gazetteer"
    ]
