"""Sentence splitting (kg/extract/sentences.py) on Dutch paragraphs: full stops end
sentences, abbreviations, initials and quotations do not."""

from __future__ import annotations

from kg.extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from kg.language.lexicon import Lexicon

LEXICON = Lexicon.load()


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text), LEXICON)]


def test_sentences_end_at_full_stops_question_and_exclamation_marks():
    assert sentences("De wijkteams werken. Werken ze goed? Nee! Dat zegt de raad.") == [
        "De wijkteams werken.",
        "Werken ze goed?",
        "Nee!",
        "Dat zegt de raad.",
    ]


def test_sentences_go_on_after_abbreviations_and_initials():
    text = "Dit geldt o.a. voor de jeugdzorg. Volgens dhr. Jansen en J. de Vries klopt het."
    assert sentences(text) == [
        "Dit geldt o.a. voor de jeugdzorg.",
        "Volgens dhr. Jansen en J. de Vries klopt het.",
    ]


def test_sentences_go_on_inside_a_quotation():
    text = "‘Het kan beter. Veel beter,’ zegt wethouder Jansen. Daarna stopt het."
    assert sentences(text) == [
        "‘Het kan beter. Veel beter,’ zegt wethouder Jansen.",
        "Daarna stopt het.",
    ]


def test_sentences_a_quoted_sentence_ends_after_its_closing_mark():
    text = "Zij zei: ‘Ik stop.’ De wethouder bleef."
    assert sentences(text) == ["Zij zei: ‘Ik stop.’", "De wethouder bleef."]


def test_sentences_go_on_before_a_lower_case_word():
    assert sentences("Het kost 3.5 mln. euro per jaar.") == ["Het kost 3.5 mln. euro per jaar."]


def test_sentences_without_full_stops_are_cut_at_spaces():
    text = " ".join(["wijkteam"] * 600)
    pieces = split_sentences(text, 0, len(text), LEXICON)
    assert len(pieces) > 1
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in pieces)
    assert " ".join(text[a:b] for a, b in pieces) == text
