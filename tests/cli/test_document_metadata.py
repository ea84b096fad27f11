"""An analyst who puts a date, source address and publisher in a file's front matter (or
saves a web page with its meta tags) finds them in `kg query documents`, valid by SHACL."""

from __future__ import annotations

from cli_helpers import answer, assert_clean, assert_row, kg


def test_stated_date_source_and_publisher_reach_the_documents_question(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "persbericht.md").write_text(
        "---\ndate: 2025-02-07\nurl: https://www.deventer.nl/nieuws/jeugdhulp\n"
        "publisher: Gemeente Deventer\n---\n# Meer jongeren geholpen\n\n"
        "Wethouder Saskia Bolt van de gemeente Deventer is tevreden over de Jeugdwet.\n",
        encoding="utf-8",
    )
    (corpus / "nieuws.html").write_text(
        '<html><head><title>Brief over de Wmo 2015</title><meta name="DCTERMS.issued" '
        'content="2024-06-20"><meta name="DCTERMS.publisher" content="Rijksoverheid">'
        "</head><body><p>De staatssecretaris schrijft gemeenten over de Wmo 2015.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (corpus / "zonder.txt").write_text("Zonder datum\n\nGemeenten voeren de Wmo 2015 uit.\n")
    out = tmp_path / "out"
    assert_clean(kg("build", corpus, "--out", out, "--quiet"))
    header, rows = answer(out / "graph.ttl", "documents")
    assert header[-3:] == ["issued", "source", "publisher"]
    assert_row(
        rows,
        document="persbericht.md",
        issued="2025-02-07",
        source="https://www.deventer.nl/nieuws/jeugdhulp",
        publisher="Gemeente Deventer",
    )
    assert_row(rows, document="nieuws.html", issued="2024-06-20", publisher="Rijksoverheid")
    assert_row(rows, document="zonder.txt", issued="", source="", publisher="")
    as_of = kg(
        "query",
        "--graph",
        out / "graph.ttl",
        "--format",
        "csv",
        'SELECT ?d WHERE { ?d dcterms:issued ?when FILTER(?when < "2025-01-01"^^xsd:date) }',
    )
    assert_clean(as_of)
    assert as_of.stdout.count("doc/") == 1  # only the 2024 page is older than 2025
    validated = kg("validate", "--graph", out / "graph.ttl")
    assert_clean(validated)
    assert "conforms" in validated.stdout
