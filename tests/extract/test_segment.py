"""Segmentation of scraped pages: title and genre, author block, comments, furniture,
glued headings and quote-aware sentences (quotes themselves: test_quotes.py)."""

from __future__ import annotations

import pytest

from kg.extract.segment import segment
from kg.language.lexicon import Lexicon

LEXICON = Lexicon.load()


def sections(doc, section):
    return [s.text for s in doc.sentences if s.section == section]


@pytest.mark.parametrize(
    "first_line, title, genre",
    [
        ("OpinieWerk moet weer lonen", "Werk moet weer lonen", "Opinie"),
        ("Opinie 2016: het jaar van de wijkteams?", "2016: het jaar van de wijkteams?", "Opinie"),
        ("ColumnZorg dichtbij", "Zorg dichtbij", "Column"),
        ("Nieuws uit de regio Twente", "Nieuws uit de regio Twente", ""),
        ("Wijkteams in Almere lopen vast", "Wijkteams in Almere lopen vast", ""),
    ],
)
def test_segment_title_without_glued_genre(first_line, title, genre):
    doc = segment("a.txt", first_line + "\n\nDe gemeente Almere zoekt nieuwe wegen.\n", LEXICON)
    assert (doc.title, doc.genre) == (title, genre)
    assert doc.text[doc.title_span.start : doc.title_span.end] == title


def test_segment_author_block_comments_and_furniture_are_not_body():
    text = (
        "OpinieMinder regels in de bijstand\n\n"
        "De bijstand kent te veel regels. Gemeenten moeten mensen meer vertrouwen geven.\n\n"
        "[([002_118_foto-bijstand.jpeg])]\n\n"
        "Share on FacebookTweet about this on Twitter\n\n"
        "Over Auteur\n\n"
        "Karin Zwart\n\n"
        "Directeur Stichting Werkplaats | Karin Zwart schreef eerder over armoede.\n\n"
        "2 reacties\n\n"
        "  1. Ik ben het er niet mee eens, gemeenten moeten juist strenger zijn.\n"
    )
    doc = segment("b.txt", text, LEXICON)
    assert doc.author == "Karin Zwart"
    body = " ".join(sections(doc, "body"))
    assert "vertrouwen geven" in body
    assert "jpeg" not in body and "Share" not in body and "strenger" not in body
    assert any("Stichting Werkplaats" in s for s in sections(doc, "author"))
    assert not any("strenger" in s.text for s in doc.sentences)


def test_segment_trailing_first_person_paragraph_is_a_reader_comment():
    text = (
        "Raad wil meer ruimte voor initiatieven\n\n"
        "De Raad voor Volksgezondheid & Samenleving adviseert gemeenten om burgers "
        "ruimte te geven.\n\n"
        "Volgens de Raad werkt het huidige systeem niet. Er is te veel bureaucratie.\n\n"
        "De Raad wil dat gemeenten anders gaan sturen.\n\n"
        "Ik vind dit een goed advies, maar mijn gemeente doet er niets mee.\n"
    )
    doc = segment("c.txt", text, LEXICON)
    assert not any("mijn gemeente" in s.text for s in doc.sentences)
    assert any("anders gaan sturen" in s.text for s in doc.sentences)


def test_segment_first_person_author_keeps_own_paragraphs():
    text = (
        "Samen werken\n\n"
        "Ik denk dat gemeenten meer moeten samenwerken. Dat is mijn stelling.\n\n"
        "Zorgaanbieders willen ook.\n\n"
        "Daarom pleit ik voor één loket.\n\n"
        "Ik hoop dat het lukt.\n"
    )
    doc = segment("d.txt", text, LEXICON)
    assert any("Ik hoop dat het lukt." == s.text for s in doc.sentences)


def test_segment_glued_heading_is_split_from_its_paragraph():
    text = "Titel\n\nsociale wijkteamsGeneralisten in de wijk\nHet werk is zwaar.\n"
    doc = segment("e.txt", text, LEXICON)
    headings = sections(doc, "heading")
    assert "sociale wijkteams" in headings and "Generalisten in de wijk" in headings


def test_segment_repeated_lead_is_read_once():
    lead = "Gemeenten krijgen er taken bij. Dat stelt de VNG."
    doc = segment("f.txt", f"Titel\n\n{lead}\n\n{lead}\n\nNog een zin.\n", LEXICON)
    assert sections(doc, "body").count("Dat stelt de VNG.") == 1


def test_segment_sentences_do_not_split_inside_quotes_or_abbreviations():
    text = (
        "Titel\n\n‘Het kan beter. Veel beter,’ zegt wethouder Jansen. "
        "Dit geldt o.a. voor de jeugdzorg. Prof. De Vries is het eens.\n"
    )
    doc = segment("g.txt", text, LEXICON)
    assert sections(doc, "body") == [
        "‘Het kan beter. Veel beter,’ zegt wethouder Jansen.",
        "Dit geldt o.a. voor de jeugdzorg.",
        "Prof. De Vries is het eens.",
    ]


def test_segment_offsets_point_into_the_text():
    text = "Titel\n\nEerste zin hier. Tweede zin\ndaar.\n\nKop\nDerde zin.\n"
    doc = segment("h.txt", text, LEXICON)
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
    assert "Tweede zin\ndaar." in sections(doc, "body")


@pytest.mark.parametrize(
    "byline, author",
    [
        ("Door Marleen de Groot | 3 oktober 2022", "Marleen de Groot"),
        ("Tekst: Pieter Bakker", "Pieter Bakker"),
        ("Door Redactie Zorgvisie", "Redactie Zorgvisie"),
    ],
)
def test_segment_one_line_byline_names_the_author(byline, author):
    doc = segment("i.txt", f"Titel\n\n{byline}\n\nDe gemeente Ede stopt met de proef.\n", LEXICON)
    assert doc.author == author
    assert not any(byline in s.text for s in doc.sentences if s.section == "body")


def test_segment_a_heading_that_starts_with_door_is_not_a_byline():
    doc = segment("j.txt", "Titel\n\nDoor de bril van de cliënt\n\nHet loket is dicht.\n", LEXICON)
    assert doc.author == ""


def test_segment_genre_label_on_its_own_line():
    doc = segment(
        "k.txt", "Boekbespreking\n\nDe generalist in de wijk\n\nEen goed boek.\n", LEXICON
    )
    assert (doc.genre, doc.title) == ("Boekbespreking", "De generalist in de wijk")


@pytest.mark.parametrize(
    "head, title",
    [
        (
            "Home > Nieuws > Gemeente zoekt vrijwilligers\n\nGemeente zoekt vrijwilligers",
            "Gemeente zoekt vrijwilligers",
        ),
        (
            "Zorg en welzijn\n\nWachtlijsten in de ggz lopen verder op",
            "Wachtlijsten in de ggz lopen verder op",
        ),
        (
            "Q&A | Schulden\n\nWat doet de gemeente bij betalingsachterstanden?",
            "Wat doet de gemeente bij betalingsachterstanden?",
        ),
    ],
)
def test_segment_labels_and_breadcrumbs_above_the_title_are_furniture(head, title):
    doc = segment(
        "l.txt", head + "\n\nDe gemeente Ede zoekt hulp. Dat meldt de wethouder.\n", LEXICON
    )
    assert doc.title == title


@pytest.mark.parametrize(
    "lines, author",
    [
        ("Anne de Ruiter\n12 maart 2024 · Armoede", "Anne de Ruiter"),
        ("Kees Smit 12-11-2024, 22:41", "Kees Smit"),
        ("15 mei 2024 | Wmo | Door Pieter-Jan Verbeek", "Pieter-Jan Verbeek"),
    ],
)
def test_segment_bylines_under_the_title(lines, author):
    doc = segment(
        "m.txt", f"Minder regels voor de bijstand\n\n{lines}\n\nDe gemeente Ede stopt.\n", LEXICON
    )
    assert doc.author == author
    assert not any("2024" in s.text for s in doc.sentences)


def test_segment_a_reactions_section_of_the_article_is_kept():
    text = (
        "Raad adviseert\n\nDe Raad adviseert gemeenten meer te doen.\n\nReacties\n"
        "Aedes steunt het advies, maar waarschuwt voor de kosten.\n"
    )
    doc = segment("n.txt", text, LEXICON)
    assert any("Aedes steunt" in s.text for s in doc.sentences if s.section == "body")


def test_segment_an_opinion_author_who_says_ik_late_is_not_a_reader():
    text = (
        "Opinie\n\nGeef de bijstand vertrouwen\n\nAnne de Vries\n\n"
        "De bijstand is streng. Gemeenten controleren veel.\n\n"
        "De ombudsman schreef er een rapport over.\n\n"
        "Ik werk als raadsvrouw in Zaanstad. Ik zie mensen die bang zijn.\n\n"
        "Wat mij betreft moet het roer om.\n\n2 reacties\n\n"
        "Piet schreef op 2 mei 2023 om 10:12\nIk ben het oneens.\n"
    )
    doc = segment("o.txt", text, LEXICON)
    body = [s.text for s in doc.sentences if s.section == "body"]
    assert "Ik werk als raadsvrouw in Zaanstad." in body
    assert "Wat mij betreft moet het roer om." in body
    assert "Ik ben het oneens." not in body


def test_segment_author_block_that_opens_with_a_sentence_names_the_author():
    text = (
        "Wonen\n\nDe gemeente doet veel.\n\nOver de auteur\nHanneke ter Steege is raadsvrouw bij "
        "Stichting Raadslieden Zaanstad. Eerder schreef zij het boek ‘Achter de voordeur’ (2021).\n"
    )
    doc = segment("a.txt", text, LEXICON)
    assert doc.author == "Hanneke ter Steege"
    assert [s.text for s in doc.sentences if s.section == "author"][1].startswith(
        "Eerder schreef zij"
    )
