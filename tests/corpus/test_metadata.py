"""What a file says about itself (date, source address, publisher) reaches the documents
question, from YAML front matter in .txt/.md files and from an HTML page's meta tags."""

from __future__ import annotations

import pytest

from kg.corpus import read_source
from kg.corpus.metadata import from_front_matter, from_html, parse_date


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2024-03-12", "2024-03-12"),
        ("2024-03-12T09:30:00+01:00", "2024-03-12"),
        ("12-03-2024", "2024-03-12"),
        ("12 maart 2024", "2024-03-12"),
        ("dinsdag 5 nov. 2019", "2019-11-05"),
        ("31 februari 2024", ""),  # no such day
        ("vorige week", ""),
    ],
)
def test_a_stated_date_becomes_an_iso_date_or_nothing(written, iso):
    assert parse_date(written) == iso


def test_front_matter_of_a_text_file_is_read_and_removed(tmp_path):
    path = tmp_path / "persbericht.txt"
    path.write_text(
        "---\ntitel: Meer jongeren geholpen\ndatum: 7 februari 2025\n"
        "bron: https://www.deventer.nl/nieuws/jeugdhulp\nuitgever: 'Gemeente Deventer'\n---\n"
        "Meer jongeren geholpen\n\nWethouder Saskia Bolt is tevreden.\n",
        encoding="utf-8",
    )
    source = read_source(path)
    assert source.text.startswith("Meer jongeren geholpen")  # offsets point past the block
    assert (source.metadata.issued, source.metadata.source, source.metadata.publisher) == (
        "2025-02-07",
        "https://www.deventer.nl/nieuws/jeugdhulp",
        "Gemeente Deventer",
    )
    assert "YAML front matter read and removed" in source.notes


def test_values_that_are_not_a_date_or_address_are_left_out_with_a_note():
    metadata, notes = from_front_matter("date: binnenkort\nurl: www.zonder-schema.nl\n")
    assert (metadata.issued, metadata.source) == ("", "")
    assert any("binnenkort" in note for note in notes)
    assert any("www.zonder-schema.nl" in note for note in notes)


def test_an_html_page_states_its_metadata_in_its_head():
    page = (
        '<!DOCTYPE html><html><head><title>Nieuws</title>'
        '<meta name="DCTERMS.issued" content="2023-11-02" />'
        '<link rel="canonical" href="https://www.rijksoverheid.nl/actueel/nieuws/x">'
        "<meta property='og:url' content='https://example.org/other'>"
        '<meta property="og:site_name" content="Rijksoverheid &amp; partners">'
        '</head><body><meta name="date" content="1999-01-01"><p>Tekst</p></body></html>'
    )
    metadata = from_html(page)
    assert metadata.issued == "2023-11-02"  # a <meta> in the body is not the page's own
    assert metadata.source == "https://www.rijksoverheid.nl/actueel/nieuws/x"  # canonical first
    assert metadata.publisher == "Rijksoverheid & partners"


def test_a_file_without_front_matter_states_nothing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kop\n\n---\ndatum: 2024-01-01\n---\n", encoding="utf-8")
    source = read_source(path)
    assert source.metadata.issued == ""
    assert "datum: 2024-01-01" in source.text
