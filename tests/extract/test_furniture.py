"""Page furniture (kg/extract/furniture.py), checked on lines of Dutch pages: which lines
are not the article's own text, and who the byline or author block names."""

from __future__ import annotations

import pytest

from kg.extract.furniture import (
    Line,
    drop_advertisements,
    find_byline,
    find_end_matter,
    is_page_label,
    looks_like_name,
    split_lines,
    strip_genre,
)
from kg.language.lexicon import LEXICON_FILE, Lexicon

LEXICON = Lexicon.load()


def lines_of(text: str) -> list[Line]:
    return split_lines(text, LEXICON)


def test_furniture_glued_heading_becomes_a_line_of_its_own():
    lines = lines_of("Titel\nSamenvattingDe gemeente Zwolle stopt met de proef.")
    assert [(ln.text, ln.kind) for ln in lines[1:]] == [
        ("Samenvatting", "heading"),
        ("De gemeente Zwolle stopt met de proef.", "text"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Volgens GroenLinks moet het anders.",
        "De McDonald-stichting helpt jongeren.",
        "Lees meer op OverManagement.nl vandaag.",
    ],
)
def test_furniture_camel_case_name_is_no_glued_heading(line):
    assert [ln.text for ln in lines_of("Titel\n" + line)] == ["Titel", line]


def test_furniture_title_line_is_never_cut_as_a_glued_heading():
    assert [ln.text for ln in lines_of("wijkteamsGeneralisten\nTekst.")][
        0
    ] == "wijkteamsGeneralisten"


@pytest.mark.parametrize(
    "title, genre, rest",
    [
        ("OpinieWerk moet weer lonen", "Opinie", "Werk moet weer lonen"),
        ("Column: Zorg dichtbij", "Column", "Zorg dichtbij"),
        ("Nieuwsgierig naar de wijk", "", "Nieuwsgierig naar de wijk"),
    ],
)
def test_furniture_genre_glued_to_the_title(title, genre, rest):
    label, offset = strip_genre(title, LEXICON)
    assert (label, title[offset:]) == (genre, rest)


@pytest.mark.parametrize(
    "line, next_line, label",
    [
        ("Opinie", "Werk moet weer lonen", True),
        ("Home > Nieuws > Zorg", "Wachtlijsten in de ggz lopen verder op", True),
        ("Sociaal domein", "Wachtlijsten in de ggz lopen verder op", True),
        ("De gemeente Ede stopt.", "Wachtlijsten in de ggz lopen verder op", False),
        ("Sociaal domein", "Door Marleen de Groot | 3 oktober 2022", False),
    ],
)
def test_furniture_label_above_the_title(line, next_line, label):
    assert is_page_label(line, next_line, LEXICON) is label


def test_furniture_byline_line_is_furniture_and_names_the_author():
    lines = lines_of("Titel\n\nDoor Marleen de Groot | 3 oktober 2022\n\nDe gemeente Ede stopt.")
    byline = find_byline(lines, LEXICON)
    assert byline.author == "Marleen de Groot"
    text = "\n".join(ln.text for ln in lines)
    assert text[byline.span.start : byline.span.end] == "Marleen de Groot"
    assert [ln.kind for ln in lines if ln.text.startswith("Door")] == ["furniture"]


def test_furniture_author_block_ends_the_body_and_names_the_author_from_a_sentence():
    text = (
        "Titel\n\nDe gemeente doet veel.\n\nOver de auteur\n"
        "Hanneke ter Steege is raadsvrouw bij Stichting Raadslieden Zaanstad.\n"
    )
    lines = lines_of(text)
    end = find_end_matter(lines, LEXICON)
    assert lines[end.body_end].text == "Over de auteur"
    assert end.byline.author == "Hanneke ter Steege"
    assert text[end.byline.span.start : end.byline.span.end] == "Hanneke ter Steege"
    assert end.author_lines[0].text.startswith("Hanneke ter Steege is raadsvrouw")


def test_furniture_comments_header_ends_the_body_without_an_author():
    lines = lines_of("Titel\n\nDe gemeente doet veel.\n\n2 reacties\n\nIk ben het oneens.\n")
    end = find_end_matter(lines, LEXICON)
    assert (lines[end.body_end].text, end.byline.author) == ("2 reacties", "")


def test_furniture_author_told_verbs_come_from_the_lexicon(tmp_path):
    """The construction "Naam is/werkt … bij …" is lexicon data: a verb added there counts."""
    text = "Titel\n\nTekst.\n\nOver de auteur\nHanneke ter Steege promoveerde op armoede.\n"
    assert find_end_matter(lines_of(text), LEXICON).byline.author == ""
    lexicon_file = tmp_path / "lexicon.yaml"
    lexicon_file.write_text(
        LEXICON_FILE.read_text(encoding="utf-8").replace("|woont)", "|woont|promoveerde)"),
        encoding="utf-8",
    )
    richer = Lexicon.load(lexicon_file)
    assert find_end_matter(split_lines(text, richer), richer).byline.author == "Hanneke ter Steege"


@pytest.mark.parametrize(
    "name, is_name",
    [
        ("Hanneke ter Steege", True),
        ("Redactie Zorgvisie", True),  # a word that opens no name may open an author's name
        ("De Zorgvisie", False),
        ("Hanneke", False),
        ("gemeente Ede", False),
    ],
)
def test_furniture_what_looks_like_an_authors_name(name, is_name):
    assert looks_like_name(name, LEXICON) is is_name


def test_furniture_call_to_action_and_its_lead_in_are_an_advert():
    lines = lines_of("Titel\n\nDe gemeente doet veel.\n\nMeer weten?\n\nDownload het magazine >>\n")
    for ln in lines:
        ln.kind = "blank" if not ln.text.strip() else ln.kind
    drop_advertisements(lines, LEXICON)
    assert [ln.text for ln in lines if ln.kind == "furniture"] == ["Download het magazine >>"]
    lines = lines_of("Titel\n\nLees het hele verhaal:\n\nDownload het magazine >>\n")
    for ln in lines:
        ln.kind = "blank" if not ln.text.strip() else ln.kind
    drop_advertisements(lines, LEXICON)
    assert [ln.text for ln in lines if ln.kind == "furniture"] == [
        "Lees het hele verhaal:",
        "Download het magazine >>",
    ]
