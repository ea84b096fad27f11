"""The `kg` command line, end to end, on the fixture corpus (tests/data/corpus).

Each named question is checked for the rows a reader of the three fixture articles
would look for. Where kg gets one of them wrong, the test stays as a reader would
expect it and is marked xfail(strict=True) with the reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.cli.main import cli
from kg.rdf.namespaces import KG, OA

QUESTIONS = [
    "actors",
    "affiliations",
    "documents",
    "laws",
    "places",
    "recommendations",
    "responsibilities",
    "statements",
    "topics",
    "works",
]

COLUMNS = {
    "documents": ["document", "title", "author"],
    "actors": ["label", "type"],
    "laws": ["label", "identifier"],
    "responsibilities": ["actor", "law"],
    "recommendations": ["by", "to", "text", "document"],
    "statements": ["speaker", "text", "document"],
    "works": ["title", "creator", "kind"],
    "affiliations": ["person", "organization", "role"],
    "places": ["label"],
    "topics": ["document", "topic"],
}
"""The documented leading columns of every named question (more may follow)."""

SUMMARY = re.compile(
    r"^(?P<documents>\d+) documents read(?: \((?P<extracted>\d+) extracted, \d+ unchanged\))?, "
    r"(?P<skipped>\d+) skipped; (?P<entities>\d+) entities, "
    r"(?P<facts>\d+) facts, (?P<triples>\d+) triples -> (?P<outputs>.+)$",
    re.M,
)

ZWOLLE, SCP, OPINIE = "zwolle_jeugdhulp.txt", "scp_participatiewet.txt", "opinie_wmo.txt"

RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


# --------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    """KG_DEBUG=1 would let internal errors through as tracebacks."""
    monkeypatch.delenv("KG_DEBUG", raising=False)


def kg(*args):
    """Run `kg ARGS` in-process; click >= 8.2 keeps stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean(result, code: int = 0) -> None:
    """Exit code as expected, and no traceback or unhandled exception."""
    everything = result.output + result.stderr
    assert result.exit_code == code, (
        f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    assert "Traceback" not in everything
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


_ANSWERS: dict[tuple[str, str], tuple[list[str], list[list[str]]]] = {}


def answer(graph: Path, question: str) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows as dicts) of `kg query QUESTION --format csv`; each question runs once."""
    key = (str(graph), question)
    if key not in _ANSWERS:
        result = kg("query", question, "--graph", graph, "--format", "csv")
        assert_clean(result)
        table = list(csv.reader(io.StringIO(result.stdout)))
        assert all(len(row) == len(table[0]) for row in table[1:])
        _ANSWERS[key] = (table[0], table[1:])
    header, body = _ANSWERS[key]
    return list(header), [dict(zip(header, row, strict=True)) for row in body]


def has_row(rows: list[dict[str, str]], **want: str) -> bool:
    return any(all(row.get(k) == v for k, v in want.items()) for row in rows)


def assert_row(rows: list[dict[str, str]], **want: str) -> None:
    assert has_row(rows, **want), f"no row with {want} in:\n" + "\n".join(map(str, rows))


def rows_of(built_graph_path: Path, question: str) -> list[dict[str, str]]:
    return answer(built_graph_path, question)[1]


def copy_article(name: str, folder: Path, fixture_corpus: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(fixture_corpus / name, folder / name))


def document_node(graph: rdflib.Graph, file_name: str):
    (node,) = graph.subjects(DCTERMS.identifier, rdflib.Literal(file_name))
    return node


def count_triples(data: str, fmt: str) -> int:
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="trig")
        return len({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))})
    return len(rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[fmt]))


# --------------------------------------------------------------------------- help, build


@pytest.mark.parametrize("command", [None, "build", "query", "export", "explain", "validate"])
def test_cli_help_has_examples(command):
    result = kg(*([command] if command else []), "--help")
    assert_clean(result)
    assert "Usage:" in result.stdout
    assert "Example" in result.stdout


def test_cli_build_writes_graph_and_summary(tmp_path, fixture_corpus, built_graph_path):
    out = tmp_path / "out"
    result = kg("build", fixture_corpus, "--out", out)
    assert_clean(result)
    graph_file = out / "graph.ttl"
    assert graph_file.is_file()
    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout
    assert int(summary["documents"]) == 3
    assert int(summary["skipped"]) == 0
    assert int(summary["entities"]) > 0 and int(summary["facts"]) > 0
    assert int(summary["triples"]) == len(rdflib.Graph().parse(graph_file, format="turtle"))
    assert summary["outputs"] == f"{graph_file}, {out / 'graph.html'}"  # the network view too
    assert (out / "graph.html").is_file()
    for name in (ZWOLLE, SCP, OPINIE):  # progress names each article
        assert re.search(rf"\[\d/3\] {re.escape(name)}", result.stderr), result.stderr
    # the same corpus gives the same bytes as the session's build
    assert graph_file.read_bytes() == built_graph_path.read_bytes()


# --------------------------------------------------------------------------- the named questions


def test_cli_query_list_names_the_ten_questions():
    result = kg("query", "--list")
    assert_clean(result)
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert sorted(names) == sorted([*QUESTIONS, "about"])  # about needs --param name=…
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


# --------------------------------------------------------------------------- formats, SPARQL


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


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig"])
def test_cli_export_stdout(built_graph_path, built_graph, fmt):
    result = kg("export", "--graph", built_graph_path, "--format", fmt)
    assert_clean(result)
    assert count_triples(result.stdout, fmt) == len(built_graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig"])
def test_cli_export_to_file(built_graph_path, built_graph, tmp_path, fmt):
    target = tmp_path / "export" / f"graph.{fmt}"
    result = kg("export", "--graph", built_graph_path, "--format", fmt, "-o", target)
    assert_clean(result)
    assert result.stdout == ""
    assert str(target) in result.stderr
    assert count_triples(target.read_text(encoding="utf-8"), fmt) == len(built_graph)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp files left


def test_export_dash_output_writes_turtle_to_standard_output(
    built_graph_path, built_graph, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # where a file named "-" would have been written
    result = kg("export", "--graph", built_graph_path, "-o", "-")
    assert_clean(result)
    assert not (tmp_path / "-").exists() and result.stderr == ""
    assert count_triples(result.stdout, "turtle") == len(built_graph)


def test_cli_export_to_a_closed_pipe_is_quiet(built_graph_path, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "export", "--graph", str(built_graph_path), "--format", "nt"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout.readline()  # like `head -1`: read one line, then close the pipe
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    assert proc.returncode in (0, 1, 141, -13), proc.returncode  # -13/141: SIGPIPE


# --------------------------------------------------------------------------- explain

RULE = re.compile(r"— (?P<doc>\S+), rule (?P<rule>[a-z][a-z0-9-]*)$", re.M)


def unmarked(text: str) -> str:
    """explain's output without the »…« it puts around the matched words."""
    return text.replace("»", "").replace("«", "")


def test_cli_explain_person(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    out = unmarked(result.stdout)
    assert out.startswith("Sanne Mulder  <https://w3id.org/kg-sociaal-domein/id/person/")
    assert "kg:Person" in out
    # a fact, the sentence it was read from, the document and the rule that fired
    assert "“Wethouder Sanne Mulder van de gemeente Zwolle wil daar verandering in brengen.”" in out
    assert "is kg:speaker of “Een kind dat vandaag hulp nodig heeft" in out
    assert "zegt Mulder.”" in out
    sources = RULE.findall(out)
    assert sources and all(doc == ZWOLLE for doc, _ in sources)


def test_cli_explain_organisation_abbreviation(built_graph_path):
    result = kg("explain", "SCP", "--graph", built_graph_path)
    assert_clean(result)
    out = unmarked(result.stdout)
    assert out.startswith(
        "Sociaal en Cultureel Planbureau  <https://w3id.org/kg-sociaal-domein/id/org/"
    )
    assert "is kg:recommendedBy of" in out
    assert (
        "“Het SCP adviseert het kabinet om de kostendelersnorm af te schaffen en de regels voor "
        "giften te versoepelen.”"
    ) in out
    sources = RULE.findall(out)
    assert (SCP, "rec-advise-verb") in sources
    assert {doc for doc, _ in sources} == {SCP}


def test_cli_explain_shows_only_relevant_sentences(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    # a sentence that says nothing about Sanne Mulder has no place in her explanation
    assert "De gemeenteraad van Zwolle bespreekt de aanpak in december" not in unmarked(
        result.stdout
    )
    assert max(len(line) for line in result.stdout.splitlines()) < 300
    assert f"is kg:mentions of {ZWOLLE}" in result.stdout  # a document by its name, not its text


def test_cli_explain_marks_the_matched_words(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    assert (
        "“Wethouder »Sanne Mulder« van de gemeente Zwolle wil daar verandering in brengen.”"
        in result.stdout
    )


def test_cli_explain_marks_the_words_at_their_offsets(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    out = result.stdout
    assert "On»ze«" not in out
    assert "formulieren en verantwoording,’ zegt »ze«.”" in out


def test_cli_explain_unknown_name(built_graph_path):
    result = kg("explain", "Wethouder Pietje Puk", "--graph", built_graph_path)
    assert_clean(result, 1)
    assert result.stdout == ""
    assert "Wethouder Pietje Puk" in result.stderr
    assert result.stderr.startswith("Error:")


# --------------------------------------------------------------------------- validate


def test_cli_validate_built_graph(built_graph_path):
    result = kg("validate", "--graph", built_graph_path)
    assert_clean(result)
    assert "conforms" in result.stdout


def _corrupted(built_graph: rdflib.Graph, path: Path, drop) -> Path:
    graph = rdflib.Graph()
    for prefix, namespace in built_graph.namespaces():
        graph.bind(prefix, namespace)
    for triple in built_graph:
        graph.add(triple)
    for triple in drop(graph):
        graph.remove(triple)
    graph.serialize(path, format="turtle")
    return path


def test_cli_validate_evidence_without_rule(built_graph, tmp_path):
    def drop(graph):
        return [
            (ev, PROV.wasGeneratedBy, o)
            for ev in graph.subjects(RDF.type, KG.Evidence)
            for o in graph.objects(ev, PROV.wasGeneratedBy)
        ]

    path = _corrupted(built_graph, tmp_path / "no-rule.ttl", drop)
    result = kg("validate", "--graph", path)
    assert_clean(result, 1)
    report = result.stderr
    assert re.search(r"\d+ problem", report), report
    assert "prov:wasGeneratedBy" in report
    assert "id:evidence/" in report


def test_cli_validate_evidence_without_exact(built_graph, tmp_path):
    def drop(graph):
        selector = sorted(graph.subjects(OA.exact, None))[0]
        return [(selector, OA.exact, o) for o in graph.objects(selector, OA.exact)]

    path = _corrupted(built_graph, tmp_path / "no-exact.ttl", drop)
    result = kg("validate", "--graph", path)
    assert_clean(result, 1)
    report = result.stderr
    assert re.search(r"\b1 problem", report), report
    assert "oa:exact" in report
    assert "id:evidence/" in report


# --------------------------------------------------------------------------- bad input


def test_cli_build_missing_corpus(tmp_path):
    result = kg("build", tmp_path / "geen-corpus", "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert "geen-corpus" in result.stderr and "not found" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_cli_build_empty_folder(tmp_path):
    (tmp_path / "leeg").mkdir()
    result = kg("build", tmp_path / "leeg", "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert "no articles" in result.stderr and "leeg" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_cli_build_corpus_is_a_file(tmp_path, fixture_corpus):
    article = copy_article(ZWOLLE, tmp_path, fixture_corpus)
    result = kg("build", article, "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert ZWOLLE in result.stderr and "not a folder" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


CP1252_ARTICLE = (
    "Tilburg helpt cliënt sneller met schulden\n"
    "\n"
    "De gemeente Tilburg wil dat elke cliënt met financiële problemen binnen een week een "
    "gesprek krijgt. “Wie schulden heeft, kan niet maanden wachten,” zegt wethouder Youssef "
    "Amrani. Het college noemt de aanpak ‘een eerste stap’ naar een betere schuldhulp.\n"
)


def test_cli_build_reads_cp1252(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tilburg.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    assert re.search(r"^note tilburg\.txt: .*cp1252", result.stderr, re.M), result.stderr
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    doc = document_node(graph, "tilburg.txt")
    assert str(graph.value(doc, KG.text)) == CP1252_ARTICLE
    assert str(graph.value(doc, KG.encoding)) == "cp1252"
    assert str(graph.value(doc, DCTERMS.title)) == "Tilburg helpt cliënt sneller met schulden"


def test_cli_build_strips_utf8_bom(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = CP1252_ARTICLE.replace("Tilburg", "Leeuwarden")
    (corpus / "leeuwarden.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "\ufeff" not in ttl and "\\uFEFF" not in ttl.upper()
    graph = rdflib.Graph().parse(data=ttl, format="turtle")
    doc = document_node(graph, "leeuwarden.txt")
    assert str(graph.value(doc, KG.text)) == text
    assert str(graph.value(doc, DCTERMS.title)) == "Leeuwarden helpt cliënt sneller met schulden"
    assert all("\ufeff" not in str(o) for o in graph.objects(None, None))


def _skip_test(tmp_path, fixture_corpus, name: str, data: bytes, reason: str):
    corpus = tmp_path / "corpus"
    copy_article(ZWOLLE, corpus, fixture_corpus)
    (corpus / name).write_bytes(data)
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1, result.stderr
    assert skipped[0].startswith(f"skipped {name}: ") and reason in skipped[0]
    summary = SUMMARY.search(result.stdout)
    assert summary and (summary["documents"], summary["skipped"]) == ("1", "1"), result.stdout
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, DCTERMS.identifier)} >= {ZWOLLE}
    assert (None, DCTERMS.identifier, rdflib.Literal(name)) not in graph


def test_cli_build_skips_empty_file(tmp_path, fixture_corpus):
    _skip_test(tmp_path, fixture_corpus, "leeg.txt", b"", "empty")


def test_cli_build_skips_whitespace_only_file(tmp_path, fixture_corpus):
    _skip_test(tmp_path, fixture_corpus, "spaties.txt", b"  \n\r\n\t\n", "empty")


def test_cli_build_skips_binary_file(tmp_path, fixture_corpus):
    fake_pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(
        range(256)
    )
    _skip_test(tmp_path, fixture_corpus, "rapport.txt", fake_pdf, "PDF")


PASTED_HTML = (
    "<h1>Buurtteam Enschede &amp; de Jeugdwet</h1>\n"
    "<p>De gemeente Enschede is verantwoordelijk voor de uitvoering van de Jeugdwet.</p>\n"
    "<script>document.write('<p>reclame</p>')</script>\n"
    '<div class="quote"><p>‘We zijn er voor elk gezin in de wijk Velve-Lindenhof,’ '
    "zegt wethouder Nina Brouwer.</p></div>\n"
)


def test_cli_build_strips_html_in_txt(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "enschede.txt").write_text(PASTED_HTML, encoding="utf-8")
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    assert re.search(r"^note enschede\.txt: .*HTML", result.stderr, re.M), result.stderr
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    doc = document_node(graph, "enschede.txt")
    text = str(graph.value(doc, KG.text))
    assert "<" not in text and ">" not in text and "&amp;" not in text
    assert "reclame" not in text and "document.write" not in text
    assert text.startswith("Buurtteam Enschede & de Jeugdwet\n")
    assert "De gemeente Enschede is verantwoordelijk voor de uitvoering van de Jeugdwet." in text
    assert str(graph.value(doc, DCTERMS.title)) == "Buurtteam Enschede & de Jeugdwet"


# --------------------------------------------------------------------------- atomic output


def _leftovers(out: Path) -> list[str]:
    """Files a build left beside its outputs (graph.ttl, its store, the build cache, the view,
    the lock)."""
    return sorted(
        p.name
        for p in out.iterdir()
        if p.name
        not in ("graph.ttl", "graph.oxigraph", ".kg-cache.sqlite", "graph.html", ".kg-build.lock")
    )


def test_cli_build_failure_keeps_previous_graph(tmp_path, fixture_corpus):
    out = tmp_path / "out"
    first = kg("build", copy_article(SCP, tmp_path / "goed", fixture_corpus).parent, "--out", out)
    assert_clean(first)
    before = (out / "graph.ttl").read_bytes()

    only_binary = tmp_path / "alleen-pdf"
    only_binary.mkdir()
    (only_binary / "rapport.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    second = kg("build", only_binary, "--out", out)
    assert_clean(second, 1)
    assert "no articles" in second.stderr
    assert (out / "graph.ttl").read_bytes() == before
    assert _leftovers(out) == []


def test_cli_build_all_files_skipped_names_them(tmp_path):
    corpus = tmp_path / "alleen-pdf"
    corpus.mkdir()
    (corpus / "rapport.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert re.search(r"rapport\.txt.*PDF", result.stderr), result.stderr


def test_cli_build_serialisation_error_keeps_previous_graph(tmp_path, fixture_corpus, monkeypatch):
    corpus = copy_article(ZWOLLE, tmp_path / "corpus", fixture_corpus).parent
    out = tmp_path / "out"
    assert_clean(kg("build", corpus, "--out", out))
    before = (out / "graph.ttl").read_bytes()

    def boom(shared):
        raise RuntimeError("serialisation failed")

    monkeypatch.setattr("kg.build.pipeline.shared_body", boom)
    copy_article(SCP, corpus, fixture_corpus)  # a change, so that the graph is written anew
    result = kg("build", corpus, "--out", out)
    assert result.exit_code not in (0, None)
    assert_clean(result, result.exit_code)
    assert "serialisation failed" in result.stderr
    assert (out / "graph.ttl").read_bytes() == before
    assert _leftovers(out) == []


def test_cli_build_write_error_midway_keeps_previous_graph(tmp_path, fixture_corpus, monkeypatch):
    """Half of graph.ttl is written when writing fails (a full disk, say)."""
    import kg.build.pipeline as kg_build

    corpus = copy_article(ZWOLLE, tmp_path / "corpus", fixture_corpus).parent
    out = tmp_path / "out"
    assert_clean(kg("build", corpus, "--out", out))
    before = (out / "graph.ttl").read_bytes()

    real_chunks = kg_build.turtle_chunks

    def fail_midway(shared, bodies):
        yield next(real_chunks(shared, bodies))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.build.pipeline.turtle_chunks", fail_midway)
    copy_article(SCP, corpus, fixture_corpus)  # a change, so that the graph is written anew
    result = kg("build", corpus, "--out", out)
    assert result.exit_code not in (0, None)
    assert_clean(result, result.exit_code)
    assert (out / "graph.ttl").read_bytes() == before
    assert _leftovers(out) == []
