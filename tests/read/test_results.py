"""A query's answer as a table of strings and that table as text (kg/read/results.py):
table, csv, tsv and json, with awkward cells and with the answers of shipped questions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.read.questions import resolve_query
from kg.read.results import FORMATS, Result, format_result, read_answer

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.ttl"


@pytest.fixture(scope="module")
def graph() -> ox.Store:
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    return store


def answer(store: ox.Store, sparql: str) -> Result:
    return read_answer(store.query(sparql))


AWKWARD = Result(
    ["name", "quote"],
    [
        ["ministerie van Volksgezondheid, Welzijn en Sport", 'Hij zei: "ruimte", zo\u2019n 3 keer'],
        ["", "twee\nregels\tmet tab en \\ backslash"],
        ["Café Één", ""],
    ],
)


def test_results_formats_are_the_four():
    assert FORMATS == {"table", "csv", "tsv", "json"}


def test_results_format_csv_parses_back(graph):
    result = answer(graph, resolve_query("recommendations"))
    for res in (result, AWKWARD):
        text = format_result(res, "csv")
        assert text.splitlines()[0] == ",".join(res.columns)
        parsed = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [[row[c] for c in res.columns] for row in parsed] == res.rows


def test_results_format_csv_quotes_comma_and_quote():
    text = format_result(AWKWARD, "csv")
    assert (
        '"ministerie van Volksgezondheid, Welzijn en Sport","Hij zei: ""ruimte"", zo\u2019n 3 keer"'
        in text
    )


def test_results_format_tsv_one_line_per_row():
    text = format_result(AWKWARD, "tsv")
    lines = text.splitlines()
    assert lines[0] == "name\tquote"
    assert len(lines) == 1 + len(AWKWARD.rows)
    assert lines[2] == "\ttwee\\nregels\\tmet tab en \\\\ backslash"
    assert all(line.count("\t") == 1 for line in lines)


def test_results_format_json_list_of_objects():
    objects = json.loads(format_result(AWKWARD, "json"))
    assert objects == [dict(zip(AWKWARD.columns, row, strict=True)) for row in AWKWARD.rows]
    assert "Café Één" in format_result(AWKWARD, "json")  # not \u-escaped
    assert json.loads(format_result(Result(["a"], []), "json")) == []


def test_results_format_table_aligns_columns_and_counts_rows(graph):
    result = answer(graph, resolve_query("laws"))
    lines = format_result(result, "table").splitlines()
    assert lines[0].split() == ["label", "identifier", "short_names"]
    assert set(lines[1]) <= {"-", " "}
    start = lines[0].index("identifier")
    assert lines[1][start - 2 : start] == "  " and lines[1][start] == "-"
    assert lines[3][start:].startswith("BWBR0035362")
    assert lines[2][start:].strip() == ""  # Jeugdwet has no identifier
    assert lines[-1] == "(2 rows)"
    assert all(line == line.rstrip() for line in lines)


def test_results_format_table_keeps_rows_on_one_line_and_counts():
    lines = format_result(AWKWARD, "table").splitlines()
    assert len(lines) == 2 + len(AWKWARD.rows) + 1
    assert lines[-1] == "(3 rows)"
    assert format_result(Result(["result"], [["true"]]), "table").splitlines()[-1] == "(1 row)"
    assert format_result(Result(["a", "b"], []), "table").splitlines()[-1] == "(0 rows)"


def test_results_format_table_shortens_long_cells():
    long = Result(["text"], [["woord " * 40]])
    line = format_result(long, "table").splitlines()[2]
    assert line.endswith("…") and len(line) <= 60
    assert format_result(long, "table", max_width=None).splitlines()[2] == ("woord " * 40).strip()


def test_results_format_unknown():
    with pytest.raises(QueryError, match="unknown format 'xml'; choose from csv, json, table, tsv"):
        format_result(AWKWARD, "xml")


def test_results_read_answer_cells_are_text_and_unbound_is_empty(graph):
    sparql = (
        "PREFIX kg: <https://w3id.org/kg-sociaal-domein/def#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?law ?label ?nothing WHERE { ?law a kg:Law ; rdfs:label ?label "
        "OPTIONAL { ?law kg:noSuchProperty ?nothing } } ORDER BY ?label"
    )
    result = answer(graph, sparql)
    assert result.columns == ["law", "label", "nothing"]
    assert [row[1:] for row in result.rows] == [
        ["Jeugdwet", ""],
        ["Wet maatschappelijke ondersteuning 2015", ""],
    ]
    assert all(row[0].startswith("https://") for row in result.rows)


def test_results_read_answer_cuts_at_the_limit_and_says_so(graph):
    sparql = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    everything = answer(graph, sparql)
    cut = read_answer(graph.query(sparql), limit=3)
    assert cut == Result(everything.columns, everything.rows[:3], True)
    ask = read_answer(graph.query("ASK { ?s ?p ?o }"))
    assert ask == Result(["result"], [["true"]])
