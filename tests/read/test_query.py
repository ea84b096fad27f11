"""The named questions on the fixture graph, the query runner and the result formats."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from question_contract import COLUMNS
from rdflib.plugins.sparql import prepareQuery

from kg.rdf.namespaces import KG, OA
from kg.read.query import (
    QUERY_DIR,
    QueryError,
    Result,
    load_graph,
    resolve_query,
    run_query,
)

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.ttl"

DOC_A = "000_ee08aaf8ff5593b8.txt"
DOC_B = "001_b762c0c2350ba8bf.txt"
VWS = "ministerie van Volksgezondheid, Welzijn en Sport"
RMO = "Raad voor Maatschappelijke Ontwikkeling"

# Questions that need a --param value; tests/test_sparql_guard.py runs them.
PARAMETERISED = ["about"]

# What every named question answers on tests/data/fixture_graph.ttl: the columns, then the rows.
EXPECTED: dict[str, tuple[list[str], list[list[str]]]] = {
    "documents": (
        ["document", "title", "author", "genre", "issued", "source", "publisher"],
        [
            [DOC_A, "Gemeenten moeten experimenteren in sociaal domein", "", "Nieuws", "", "", ""],
            [
                DOC_B,
                "Sleutelrol gemeenten bij transformatie sociaal domein",
                "Kees Jansen",
                "Opinie",
                "",
                "",
                "",
            ],
        ],
    ),
    "actors": (
        ["label", "type", "abbreviation"],
        [
            ["gemeente Deventer", "government", ""],
            ["Jos van der Lans", "person", ""],
            ["Kees Jansen", "person", ""],
            ["Mary van den Wijngaart", "person", ""],
            [VWS, "government", "VWS"],
            ["Pieter Hilhorst", "person", ""],
            [RMO, "organisation", "RMO"],
            ["sociale wijkteams", "group", ""],
            ["Verwey-Jonker Instituut", "organisation", ""],
        ],
    ),
    "laws": (
        ["label", "identifier", "short_names"],
        [
            ["Jeugdwet", "", ""],
            ["Wet maatschappelijke ondersteuning 2015", "BWBR0035362", "Wmo; Wmo 2015"],
        ],
    ),
    "responsibilities": (
        ["actor", "law", "law_identifier"],
        [
            ["gemeente Deventer", "Jeugdwet", ""],
            ["gemeente Deventer", "Wet maatschappelijke ondersteuning 2015", "BWBR0035362"],
        ],
    ),
    "recommendations": (
        ["by", "to", "text", "document", "by_all"],
        [
            [
                "",
                "gemeente Deventer",
                "De gemeente moet daarom ruimte bieden om te experimenteren.",
                DOC_A,
                "",
            ],
            [
                RMO,
                f"{VWS}; sociale wijkteams",
                "Geef professionals in de wijk de ruimte om te leren innoveren.",
                DOC_B,
                RMO,
            ],
        ],
    ),
    "statements": (
        ["speaker", "text", "document", "speakers", "direct_quote"],
        [
            [
                "Kees Jansen",
                "De gemeente moet daarom ruimte bieden om te experimenteren.",
                DOC_A,
                "Kees Jansen; Mary van den Wijngaart",
                "true",
            ],
            [  # one row per speaker: filtering the speaker column finds both
                "Mary van den Wijngaart",
                "De gemeente moet daarom ruimte bieden om te experimenteren.",
                DOC_A,
                "Kees Jansen; Mary van den Wijngaart",
                "true",
            ],
            [
                RMO,
                "Gemeenten hebben een lastige, maar cruciale rol bij de transformatie.",
                DOC_B,
                RMO,
                "false",
            ],
        ],
    ),
    "works": (
        ["title", "creator", "kind"],
        [
            ["Blijven we een fatsoenlijk land?", "Mary van den Wijngaart", "book"],
            ["Gemeenten in transitie", "Jos van der Lans", "article"],
            ["Gemeenten in transitie", "Pieter Hilhorst", "article"],
            ["Leren innoveren in het sociaal domein", RMO, "advice"],
            ["Sociale Vraagstukken", "", "website"],
        ],
    ),
    "affiliations": (
        ["person", "organization", "role"],
        [
            ["Kees Jansen", "Verwey-Jonker Instituut", "onderzoeker"],
            ["Mary van den Wijngaart", "", "beleidsonderzoeker"],
        ],
    ),
    "places": (
        ["label", "kind", "identifier"],
        [
            ["Deventer", "gemeente", "GM0150"],
            ["Overijssel", "provincie", ""],
        ],
    ),
    "topics": (
        ["document", "topic"],
        [
            [DOC_A, "transformatie"],
            [DOC_B, "decentralisatie"],
            [DOC_B, "transformatie"],
        ],
    ),
}


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return load_graph(FIXTURE)


# --- the named questions -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_question_rows(graph, name):
    columns, rows = EXPECTED[name]
    result = run_query(graph, resolve_query(name))
    assert result.columns == columns
    assert result.rows == rows


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_query_named_question_contract_columns(graph, name):
    result = run_query(graph, resolve_query(name))
    assert result.columns[: len(COLUMNS[name])] == COLUMNS[name]
    if name == "documents":
        assert {"genre", "issued", "source", "publisher"} <= set(result.columns)
    if name == "statements":
        assert "speakers" in result.columns
    if name == "places":
        assert "kind" in result.columns


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_question_cells_are_labels_not_iris(graph, name):
    result = run_query(graph, resolve_query(name))
    for row in result.rows:
        for cell in row:
            assert "://" not in cell and not cell.startswith("_:"), (name, cell)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_question_declares_its_prefixes(name):
    text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
    prepareQuery(text)  # no initNs: the file must stand on its own (other engines, other tools)
    assert "ORDER BY" in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_question_same_rows_with_pyoxigraph(name):
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    answer = store.query((QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8"))
    columns = [variable.value for variable in answer.variables]
    rows = [["" if row[v] is None else row[v].value for v in answer.variables] for row in answer]
    assert (columns, rows) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_question_rows_independent_of_insertion_order(graph, name):
    triples = sorted(graph, key=lambda t: tuple(x.n3() for x in t), reverse=True)
    random.Random(7).shuffle(triples)
    shuffled = rdflib.Graph()
    for triple in triples:
        shuffled.add(triple)
    assert run_query(shuffled, resolve_query(name)) == run_query(graph, resolve_query(name))


def test_query_actors_most_specific_type_when_superclasses_are_asserted(graph):
    extra = rdflib.Graph()
    extra += graph
    municipality = rdflib.URIRef("https://w3id.org/kg-sociaal-domein/id/gemeente/GM0150")
    for cls in (KG.GovernmentBody, KG.Organisation, KG.Actor):
        extra.add((municipality, rdflib.RDF.type, cls))
    rows = run_query(extra, resolve_query("actors")).rows
    deventer = [row for row in rows if row[0] == "gemeente Deventer"]
    assert deventer == [["gemeente Deventer", "government", ""]]


def test_query_topics_prefer_dutch_label_then_untagged(graph):
    extra = rdflib.Graph()
    extra += graph
    concept = rdflib.URIRef("https://w3id.org/kg-sociaal-domein/id/topic/jeugdzorg")
    doc = rdflib.URIRef("https://w3id.org/kg-sociaal-domein/id/doc/000-ee08aaf8ff5593b8")
    extra.add((doc, rdflib.URIRef("http://purl.org/dc/terms/subject"), concept))
    extra.add((concept, rdflib.SKOS.prefLabel, rdflib.Literal("youth care", lang="en")))
    extra.add((concept, rdflib.SKOS.prefLabel, rdflib.Literal("jeugdzorg")))
    rows = run_query(extra, resolve_query("topics")).rows
    assert [DOC_A, "jeugdzorg"] in rows
    assert not any("youth care" in row or "transformation" in row for row in rows)


def test_query_fixture_evidence_offsets_slice_the_document_text(graph):
    """The fixture follows docs/model.md: the evidence's oa:start/oa:end lie in its
    sentence and cut the words the fact was read from out of the document's kg:text."""
    answer = graph.query(
        """SELECT ?text ?start ?end ?said ?sstart ?send WHERE {
             ?ev a kg:Evidence ; kg:sentence ?sentence ; oa:start ?start ; oa:end ?end .
             ?sentence kg:text ?said ; oa:start ?sstart ; oa:end ?send ; dcterms:isPartOf ?doc .
             ?doc kg:text ?text .
           }""",
        initNs={"kg": KG, "oa": OA, "dcterms": rdflib.DCTERMS},
    )
    rows = list(answer)
    assert len(rows) == 2
    words = set()
    for text, start, end, said, sstart, send in rows:
        start, end, sstart = start.toPython(), end.toPython(), sstart.toPython()
        assert sstart <= start and end <= send.toPython()
        assert str(said)[start - sstart : end - sstart] == str(text)[start:end]
        words.add(str(text)[start:end])
    assert words == {"Raad voor Maatschappelijke Ontwikkeling", "Mary van den Wijngaart"}


# --- running queries -------------------------------------------------------------------


def test_query_syntax_error_names_line_and_column(graph):
    sparql = (
        "PREFIX kg: <https://w3id.org/kg-sociaal-domein/def#>\n"
        "SELECT ?law WHERE {\n"
        "  ?law a kg:Law\n"
        "  FILTER(?law = ) }"
    )
    with pytest.raises(QueryError) as caught:
        run_query(graph, sparql)
    message = str(caught.value)
    assert message.startswith("SPARQL syntax error at line 4, column 3:")
    lines = message.splitlines()
    assert lines[1] == "    FILTER(?law = ) }"
    assert lines[2] == "    ^"  # under the F of FILTER


def test_query_syntax_error_first_line(graph):
    with pytest.raises(QueryError, match=r"line 1, column 1"):
        run_query(graph, "SELEKT ?s WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    "sparql",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX kg: <https://w3id.org/kg-sociaal-domein/def#>\n"
        "# tidy up\ndelete where { ?s a kg:Law }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "CREATE GRAPH <urn:g>",
    ],
)
def test_query_update_is_refused(graph, sparql):
    before = len(graph)
    with pytest.raises(QueryError, match="SPARQL update; kg query only reads the graph"):
        run_query(graph, sparql)
    assert len(graph) == before


def test_query_ask_gives_one_result_column(graph):
    assert run_query(graph, "ASK { ?s a kg:Law }") == Result(["result"], [["true"]])
    assert run_query(graph, "ASK { ?s a kg:Rocket }") == Result(["result"], [["false"]])


def test_query_construct_gives_sorted_triples(graph):
    result = run_query(graph, "CONSTRUCT { ?law a kg:Law } WHERE { ?law a kg:Law }")
    assert result.columns == ["subject", "predicate", "object"]
    law = "https://w3id.org/kg-sociaal-domein/def#Law"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert result.rows == [
        ["https://w3id.org/kg-sociaal-domein/id/law/BWBR0035362", rdf_type, law],
        ["https://w3id.org/kg-sociaal-domein/id/law/jeugdwet", rdf_type, law],
    ]


def test_query_cells_are_plain_strings_and_unbound_is_empty(graph):
    result = run_query(
        graph,
        """SELECT ?law ?label ?id WHERE {
             ?law a kg:Law ; rdfs:label ?label . OPTIONAL { ?law dcterms:identifier ?id }
           } ORDER BY ?label""",
    )
    assert result.columns == ["law", "label", "id"]
    assert result.rows == [
        ["https://w3id.org/kg-sociaal-domein/id/law/jeugdwet", "Jeugdwet", ""],
        [
            "https://w3id.org/kg-sociaal-domein/id/law/BWBR0035362",
            "Wet maatschappelijke ondersteuning 2015",
            "BWBR0035362",
        ],
    ]
    assert all(type(cell) is str for row in result.rows for cell in row)


def test_query_language_tag_is_dropped_from_cells(graph):
    topic = "<https://w3id.org/kg-sociaal-domein/id/topic/decentralisatie>"
    result = run_query(graph, f"SELECT ?l WHERE {{ {topic} skos:prefLabel ?l }}")
    assert result.rows == [["decentralisatie"]]


def test_query_unknown_prefix_is_a_query_error(graph):
    with pytest.raises(QueryError, match="unknown prefix 'foo:'"):
        run_query(graph, "SELECT * WHERE { ?s foo:bar ?o }")


# --- loading graphs -----------------------------------------------------------------------


def test_query_load_graph_missing_file(tmp_path):
    missing = tmp_path / "nothing.ttl"
    with pytest.raises(QueryError) as caught:
        load_graph(missing)
    assert str(caught.value) == f"{missing}: no such file"


def test_query_load_graph_bad_turtle_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://x/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n', encoding="utf-8"
    )
    with pytest.raises(QueryError) as caught:
        load_graph(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}: line 3: ")
    assert "\n" not in message


def test_query_load_graph_bad_json_ld_names_line(tmp_path):
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@id": "http://x/a",\n "http://x/b": [}\n', encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.jsonld: line 2: "):
        load_graph(bad)


def test_query_load_graph_trig_queries_the_union(tmp_path):
    path = tmp_path / "g.trig"
    path.write_text(
        "@prefix kg: <https://w3id.org/kg-sociaal-domein/def#> .\n"
        "<urn:g1> { <urn:law1> a kg:Law }\n<urn:g2> { <urn:law2> a kg:Law }\n",
        encoding="utf-8",
    )
    rows = run_query(load_graph(path), "SELECT ?l WHERE { ?l a kg:Law } ORDER BY ?l").rows
    assert rows == [["urn:law1"], ["urn:law2"]]
