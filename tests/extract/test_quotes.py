"""Quotations (kg/extract/quotes.py): which words are quoted, which apostrophes only elide
a word, and whether a text speaks in the first person outside its quotes."""

from __future__ import annotations

import pytest

from kg.extract.quotes import in_first_person, quote_spans, unquoted
from kg.language.lexicon import Lexicon

LEXICON = Lexicon.load()


@pytest.mark.parametrize(
    "text, quotes",
    [
        ("Hij zei ‘kom hier’ en ging.", ["‘kom hier’"]),
        ("Het is z'n eigen keuze in 's-Hertogenbosch.", []),
        ("‘Buiten “binnen” buiten,’ zei ze.", ["‘Buiten “binnen” buiten,’", "“binnen”"]),
        ("Zij noemt het 'een goed plan' voor de wijk.", ["'een goed plan'"]),
    ],
)
def test_quotes_spans(text, quotes):
    assert [text[a:b] for a, b in quote_spans(text, LEXICON)] == quotes


@pytest.mark.parametrize(
    "text",
    [
        "Het buurthuis in 't Zand gaat dicht, en 'n wijkteam neemt het over.",
        "De wethouder van 's-Gravenhage en die van 's Hertogenbosch zijn het eens.",
        "Wij gaan 'T Harde en 'N paar dorpen bezoeken.",
    ],
)
def test_quotes_elided_words_open_no_quotation(text):
    assert quote_spans(text, LEXICON) == []


def test_quotes_apostrophe_before_a_word_is_a_quote_when_no_word_is_elided():
    text = "De raad noemt het 'sociaal beleid' en niets meer."
    assert [text[a:b] for a, b in quote_spans(text, LEXICON)] == ["'sociaal beleid'"]


def test_quotes_offsets_stay_within_the_span_asked_for():
    text = "Eerste zin. ‘Ik blijf,’ zegt Anja. Laatste zin."
    start = text.index("‘")
    assert quote_spans(text, LEXICON, start, len(text)) == [(start, text.index("’") + 1)]


def test_quotes_unquoted_text_keeps_its_length_and_loses_the_quotation():
    text = "Zij zegt: ‘Ik twijfel.’ De raad twijfelt niet."
    blank = unquoted(text, LEXICON)
    assert len(blank) == len(text)
    assert "twijfel." not in blank.split("De raad")[0] and blank.endswith("twijfelt niet.")


@pytest.mark.parametrize(
    "text, first_person",
    [
        ("Ik vind dat de gemeente moet luisteren.", True),
        ("Dat is mijn stelling.", True),
        ("Het plan is m.i. te duur.", True),
        ("‘Ik stop ermee,’ zegt de wethouder.", False),  # the words of the one quoted
        ("De wethouder zegt dat hij ermee stopt.", False),
        ("Het Ikea-filiaal en de mijnwerkers blijven.", False),  # no words of their own
    ],
)
def test_quotes_first_person_outside_quotations(text, first_person):
    assert in_first_person(text, LEXICON) is first_person
