"""`kg query` (kg/cli/query.py), end to end, on the fixture corpus (tests/data/corpus).

Each named question is checked for the rows a reader of the three fixture articles
would look for. Where kg gets one of them wrong, the test stays as a reader would
expect it and is marked xfail(strict=True) with the reason.
"""

from __future__ import annotations

import json

import pytest
from cli_helpers import (
    OPINIE,
    SCP,
    ZWOLLE,
    answer,
    assert_clean,
    assert_row,
    has_row,
    kg,
    rows_of,
)
from question_contract import ALL_QUESTIONS, COLUMNS, QUESTIONS
from rdflib.namespace import RDF

from kg.rdf.namespaces import KG


def test_cli_query_list_names_the_ten_questions():
    result = kg("query", "--list")
    assert_clean(result)
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert sorted(names) == ALL_QUESTIONS  # about needs --param name=…
    for line in result.stdout.splitlines():
        assert len(line.split(None, 1)) == 2, f"no title: {line!r}"


@pytest.mark.parametrize("question", QUESTIONS)
def test_cli_query_csv_header(built_graph_path, question):
    header, rows = answer(built_graph_path, question)
    assert header[: len(COLUMNS[question])] == COLUMNS[question]
    assert rows, f"{question}: no rows on the fixture graph"


def test_cli_query_documents(built_graph_path):
    rows = rows_of(built_graph_path, "documents")
    assert sorted(r["document"] for r in rows) == [OPINIE, SCP, ZWOLLE]
    assert_row(
        rows, document=ZWOLLE, title="Zwolle zet jeugdteams in tegen lange wachtlijsten", author=""
    )
    assert_row(
        rows, document=SCP, title="SCP: bijstandsgerechtigden verdwalen in de regels", author=""
    )
    # the genre label is not part of the title; the "Over Auteur" block names the author
    assert_row(
        rows,
        document=OPINIE,
        title="Geef de Wmo-consulent zijn vak terug",
        author="Marloes Verhoeven",
    )
    if "genre" in rows[0]:
        assert_row(rows, document=OPINIE, genre="Opinie")


def test_cli_query_actors(built_graph_path):
    rows = rows_of(built_graph_path, "actors")
    for label in ("Sanne Mulder", "Femke Jansen", "Erik Dijkstra", "Marloes Verhoeven"):
        assert_row(rows, label=label, type="person")
    for label in (
        "gemeente Zwolle",
        "gemeente Tilburg",
        "gemeenten",
        "Kinderombudsman",
        "Sociaal en Cultureel Planbureau",
        "Raad voor Volksgezondheid & Samenleving",
    ):
        assert_row(rows, label=label, type="government")
    for label in ("Divosa", "Movisie"):
        assert_row(rows, label=label, type="organisation")
    assert_row(rows, label="jeugdhulpaanbieders", type="group")
    if "abbreviation" in rows[0]:
        assert_row(rows, label="Sociaal en Cultureel Planbureau", abbreviation="SCP")
        assert_row(rows, label="Raad voor Volksgezondheid & Samenleving", abbreviation="RVS")
    # "zegt Mulder" and "zegt Dijkstra" are the same people, not new ones
    assert not has_row(rows, label="Mulder") and not has_row(rows, label="Dijkstra")


def test_cli_query_laws(built_graph_path):
    rows = rows_of(built_graph_path, "laws")
    assert_row(rows, label="Jeugdwet", identifier="BWBR0034925")
    assert_row(rows, label="Participatiewet", identifier="BWBR0015703")
    assert_row(rows, label="Wet maatschappelijke ondersteuning 2015", identifier="BWBR0035362")
    assert len(rows) == 3, rows


def test_cli_query_responsibilities(built_graph_path):
    rows = rows_of(built_graph_path, "responsibilities")
    # "Sinds 2015 is de gemeente Zwolle verantwoordelijk voor de uitvoering van de Jeugdwet."
    assert_row(rows, actor="gemeente Zwolle", law="Jeugdwet")
    # "Gemeenten voeren de Participatiewet uit, …"
    assert_row(rows, actor="gemeenten", law="Participatiewet")


def _recommendations(built_graph_path):
    rows = rows_of(built_graph_path, "recommendations")
    for row in rows:
        row["text"] = row["text"].rstrip(".")
    return rows


def test_cli_query_recommendations(built_graph_path):
    rows = _recommendations(built_graph_path)
    # "Het SCP adviseert het kabinet om de kostendelersnorm af te schaffen en …"
    assert_row(
        rows,
        by="Sociaal en Cultureel Planbureau",
        to="kabinet",
        document=SCP,
        text="de kostendelersnorm af te schaffen en de regels voor giften te versoepelen",
    )
    # the opinion's own "Gemeenten moeten …" is the author's advice
    assert_row(
        rows,
        by="Marloes Verhoeven",
        to="gemeenten",
        document=OPINIE,
        text="Gemeenten moeten hun consulenten weer vertrouwen en hen de ruimte geven "
        "om af te wijken van het protocol",
    )
    # "Ook moeten gemeenten volgens het SCP meer ruimte krijgen …" is the SCP's advice
    assert any(
        r["by"] == "Sociaal en Cultureel Planbureau"
        and "meer ruimte krijgen om maatwerk te bieden" in r["text"]
        for r in rows
    ), rows


def test_cli_query_recommendations_inverted_with_addressee(built_graph_path):
    rows = _recommendations(built_graph_path)
    assert_row(
        rows,
        by="Kinderombudsman",
        to="gemeenten",
        document=ZWOLLE,
        text="wachtende gezinnen actief te volgen en tussentijds te ondersteunen",
    )


def test_cli_query_recommendations_according_to_has_addressee(built_graph_path):
    rows = _recommendations(built_graph_path)
    assert any(
        r["by"] == "Sociaal en Cultureel Planbureau"
        and r["to"] == "gemeenten"
        and "meer ruimte krijgen om maatwerk te bieden" in r["text"]
        for r in rows
    ), rows


def test_cli_query_statements(built_graph_path):
    rows = rows_of(built_graph_path, "statements")
    assert_row(
        rows,
        speaker="Sanne Mulder",
        document=ZWOLLE,
        text="Een kind dat vandaag hulp nodig heeft, kan niet tot volgend voorjaar wachten",
    )
    # "‘…,’ zegt ze." – the pronoun is the wethouder quoted before
    assert_row(
        rows,
        speaker="Sanne Mulder",
        document=ZWOLLE,
        text="Onze professionals besteden een derde van hun tijd aan formulieren en verantwoording",
    )
    assert_row(
        rows,
        speaker="Erik Dijkstra",
        document=SCP,
        text="De wet gaat uit van wantrouwen, terwijl de meeste mensen gewoon willen meedoen",
    )
    assert any(
        r["speaker"] == "Kinderombudsman"
        and r["document"] == ZWOLLE
        and "kinderen in veel gemeenten te lang wachten op passende jeugdhulp" in r["text"]
        for r in rows
    ), rows
    assert any(
        r["speaker"] == "Raad voor Volksgezondheid & Samenleving"
        and r["document"] == OPINIE
        and "de menselijke maat" in r["text"]
        for r in rows
    ), rows
    if "direct_quote" in rows[0]:
        assert_row(rows, speaker="Erik Dijkstra", direct_quote="true")


def test_cli_query_statements_speaker_with_role(built_graph_path):
    rows = rows_of(built_graph_path, "statements")
    assert_row(
        rows,
        speaker="Femke Jansen",
        document=SCP,
        text="Mensen zijn bang om iets fout te doen, en dat maakt ze stil",
    )


def test_cli_query_works(built_graph_path):
    rows = rows_of(built_graph_path, "works")
    # "Het Sociaal en Cultureel Planbureau (SCP) publiceerde dinsdag het rapport ‘Gebonden handen’"
    assert_row(
        rows, title="Gebonden handen", creator="Sociaal en Cultureel Planbureau", kind="report"
    )
    assert_row(rows, title="Wachten op de wachtlijst", kind="report")
    assert_row(rows, title="Van protocol naar gesprek", kind="advice")


def test_cli_query_works_creator_after_van_de(built_graph_path):
    rows = rows_of(built_graph_path, "works")
    assert_row(rows, title="Wachten op de wachtlijst", creator="Kinderombudsman", kind="report")


def test_cli_query_works_creator_of_advice(built_graph_path):
    rows = rows_of(built_graph_path, "works")
    assert_row(
        rows,
        title="Van protocol naar gesprek",
        creator="Raad voor Volksgezondheid & Samenleving",
        kind="advice",
    )


def test_cli_query_affiliations(built_graph_path):
    rows = rows_of(built_graph_path, "affiliations")
    # "Erik Dijkstra, directeur van Divosa, …"
    assert_row(rows, person="Erik Dijkstra", organization="Divosa", role="directeur")
    # author block: "Marloes Verhoeven is beleidsadviseur bij Movisie …"
    assert_row(rows, person="Marloes Verhoeven", organization="Movisie", role="beleidsadviseur")


def test_cli_query_affiliations_wethouder(built_graph_path):
    rows = rows_of(built_graph_path, "affiliations")
    assert_row(rows, person="Sanne Mulder", organization="gemeente Zwolle", role="wethouder")


def test_cli_query_places(built_graph_path):
    rows = rows_of(built_graph_path, "places")
    labels = {r["label"] for r in rows}
    assert {
        "Zwolle",
        "Tilburg",
        "Leeuwarden",
        "Heerlen",
        "Holtenbroek",
        "Groenewoud",
        "Kanaleneiland",
    } <= labels
    if "kind" in rows[0]:
        for wijk in ("Holtenbroek", "Groenewoud", "Kanaleneiland"):
            assert_row(rows, label=wijk, kind="wijk")
        assert_row(rows, label="Zwolle", kind="gemeente")
    if "identifier" in rows[0]:
        assert_row(rows, label="Zwolle", identifier="GM0193")
        assert_row(rows, label="Tilburg", identifier="GM0855")


def test_cli_query_places_city_not_province(built_graph_path):
    rows = rows_of(built_graph_path, "places")
    assert_row(rows, label="Utrecht", kind="gemeente")
    assert not has_row(rows, label="Utrecht", kind="provincie")


def test_cli_query_topics(built_graph_path):
    rows = rows_of(built_graph_path, "topics")
    assert_row(rows, document=ZWOLLE, topic="jeugdzorg")  # "jeugdhulp"
    assert_row(rows, document=SCP, topic="maatwerk")
    assert_row(rows, document=OPINIE, topic="keukentafelgesprek")


def test_cli_query_formats_agree(built_graph_path):
    header, rows = answer(built_graph_path, "laws")
    expected = [[row[c] for c in header] for row in rows]

    as_json = kg("query", "laws", "--graph", built_graph_path, "--format", "json")
    assert_clean(as_json)
    objects = json.loads(as_json.stdout)
    assert [list(o) for o in objects] == [header] * len(rows)
    assert [[o[c] for c in header] for o in objects] == expected

    as_tsv = kg("query", "laws", "--graph", built_graph_path, "--format", "tsv")
    assert_clean(as_tsv)
    lines = as_tsv.stdout.splitlines()
    assert lines[0].split("\t") == header
    assert [line.split("\t") for line in lines[1:]] == expected

    as_table = kg("query", "laws", "--graph", built_graph_path, "--format", "table")
    assert_clean(as_table)
    lines = as_table.stdout.splitlines()
    assert lines[0].split()[:2] == ["label", "identifier"]
    assert set(lines[1]) <= {"-", " "}
    assert any("Jeugdwet" in line and "BWBR0034925" in line for line in lines)
    assert lines[-1] == f"({len(rows)} rows)"

    default = kg("query", "laws", "--graph", built_graph_path)
    assert default.stdout == as_table.stdout


def test_cli_query_sparql_text(built_graph_path, built_graph):
    result = kg(
        "query", "SELECT ?s WHERE { ?s a kg:Law }", "--graph", built_graph_path, "--format", "csv"
    )
    assert_clean(result)
    lines = result.stdout.splitlines()
    assert lines[0] == "s"
    assert sorted(lines[1:]) == sorted(str(s) for s in built_graph.subjects(RDF.type, KG.Law))
    assert len(lines) == 4


def test_cli_query_rq_file(built_graph_path, tmp_path):
    path = tmp_path / "wetten.rq"
    path.write_text(
        "# title: Wetten met hun BWB-id\n"
        "SELECT ?naam ?bwb WHERE {\n"
        "  ?wet a kg:Law ; rdfs:label ?naam ; dcterms:identifier ?bwb .\n}\n"
        "ORDER BY ?naam\n",
        encoding="utf-8",
    )
    result = kg("query", path, "--graph", built_graph_path, "--format", "csv")
    assert_clean(result)
    assert result.stdout.splitlines() == [
        "naam,bwb",
        "Jeugdwet,BWBR0034925",
        "Participatiewet,BWBR0015703",
        "Wet maatschappelijke ondersteuning 2015,BWBR0035362",
    ]


def test_cli_query_syntax_error(built_graph_path):
    result = kg(
        "query",
        "SELECT ?s WHERE {\n  ?s a kg:Law .\n  FILTER(?s = )\n}",
        "--graph",
        built_graph_path,
    )
    assert_clean(result, 1)
    assert result.stdout == ""
    message = result.stderr.lower()
    assert "line 3" in message and "column" in message
    assert "syntax error" in message
    assert "filter(?s = )" in message  # the offending line is shown


def test_cli_query_unknown_question(built_graph_path):
    result = kg("query", "wethouders", "--graph", built_graph_path)
    assert result.exit_code != 0
    assert_clean(result, result.exit_code)
    assert "wethouders" in result.stderr
    assert "--list" in result.stderr  # tells the user where the names are
