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


@pytest.mark.parametrize(
    "sentence, organisation",
    [
        ("De Anna Verhoef Stichting begeleidt twintig gezinnen.", "Anna Verhoef Stichting"),
        ("Volgens Buurtzorg Jong Nederland wachten jongeren te lang.", "Buurtzorg Jong Nederland"),
        (
            "De Commissie Schadeherstel Ouders kent vergoedingen toe.",
            "Commissie Schadeherstel Ouders",
        ),
        ("Het Keurmerkinstituut toetst de aanbieders.", "Keurmerkinstituut"),
        ("De Herstelcommissie Wonen Zuid adviseert de raad.", "Herstelcommissie Wonen Zuid"),
        ("Ze woont bij Zorggroep Lindehof in Deventer.", "Zorggroep Lindehof"),
    ],
)
def test_organisation_known_by_the_words_its_name_starts_or_ends_with(sentence, organisation):
    assert organisations_in(sentence) == [organisation]


@pytest.mark.parametrize(
    "sentence",
    [
        "De Commissie stelt dat gemeenten sneller moeten beslissen.",
        "De Minister vraagt gemeenten om meer vaart.",
        "De Afdeling merkt op dat het voorstel in één keer ingaat.",
        "De Raad wil dat de minister in actie komt.",
    ],
)
def test_a_role_or_body_named_by_its_kind_alone_is_no_new_organisation(sentence):
    assert organisations_in(sentence) == []


def test_name_with_its_abbreviation_names_the_organisation_wherever_the_text_uses_it():
    found = organisations_in(
        "Het Landelijk Steunpunt Mantelzorgers (LSM) vraagt aandacht voor jonge mantelzorgers. "
        "Volgens het LSM kan het beter."
    )
    assert found == ["Landelijk Steunpunt Mantelzorgers"] * 3


def test_brackets_that_are_no_initials_of_the_name_make_no_organisation():
    assert organisations_in("Het Jaarverslag Zorg Thuis (2024) is verschenen.") == []
    assert organisations_in("Ze sprak met Anouk Peters (GL) over de wijk.") == []


def test_a_programme_with_its_abbreviation_is_no_organisation():
    assert (
        organisations_in("Iedereen volgt de Module Werk en Inkomen (MWI) in het eerste jaar.") == []
    )
