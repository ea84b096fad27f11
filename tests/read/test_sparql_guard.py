"""Users' SPARQL runs without network or file access, within a deadline, with bound parameters.

Each test names the case of issue 5 it covers ("SPARQL" section).
"""

from __future__ import annotations

import socket
import threading
import time

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.read.guard import MAX_NESTING, MAX_QUERY_CHARS, QueryRefused, check_text
from kg.read.query import QueryError, QueryTimeout, format_result, resolve_query, run_query

KG = "https://w3id.org/kg-sociaal-domein/def#"
ID = "https://w3id.org/kg-sociaal-domein/id/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# Names a user may search for, chosen to break a query they were pasted into.
ODD_NAMES = ['O"Brien', "’s-Hertogenbosch", "d'Ancona", "Raad } ; DROP ALL", "a\\b"]


def _store(triples: int = 0) -> ox.Store:
    """Persons with odd labels, and `triples` more filler triples for runaway queries."""
    store = ox.Store()
    person = ox.NamedNode(KG + "Person")
    for i, name in enumerate(["RMO medewerker", "Jan de Vries", *ODD_NAMES]):
        node = ox.NamedNode(f"{ID}person/p{i}")
        store.add(ox.Quad(node, RDF_TYPE, person))
        store.add(ox.Quad(node, RDFS_LABEL, ox.Literal(name)))
    filler = ox.NamedNode(KG + "filler")
    for i in range(triples):
        store.add(ox.Quad(ox.NamedNode(f"{ID}x/{i}"), filler, ox.Literal(str(i))))
    return store


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return _store()


class Listener:
    """A local TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        time.sleep(0.3)  # a connection made just now is still counted
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


# --- network and files --------------------------------------------------------------


@pytest.mark.parametrize(
    "template, refused",
    [
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
        (
            "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?v }} }} }}",
            "SERVICE is refused",
        ),
        ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "FROM <http://127.0.0.1"),
        (
            "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            "FROM <http://127.0.0.1",
        ),
        ("LOAD <{url}>", "LOAD is a SPARQL update"),
        ("LOAD SILENT <{url}> INTO GRAPH <urn:g>", "LOAD is a SPARQL update"),
    ],
    ids=["service", "service-silent-in-optional", "from", "from-named", "load", "load-into"],
)
def test_sparql_remote_access_is_refused_and_listener_gets_no_connection(
    store, listener, template, refused
):
    sparql = template.format(url=f"http://127.0.0.1:{listener.port}/sparql")
    with pytest.raises(QueryRefused, match=refused):
        run_query(store, sparql, timeout=3)
    listener.close()
    assert listener.connections == 0


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX f: <file:///etc/>\nSELECT * FROM f:passwd WHERE { ?s ?p ?o }",
        "select * from <../../secret.ttl> where { ?s ?p ?o }",
    ],
    ids=["from-file", "from-named-file", "from-prefixed-name", "from-relative"],
)
def test_sparql_from_file_is_refused(store, sparql):
    with pytest.raises(QueryRefused, match=r"is refused: kg queries read only the loaded graph"):
        run_query(store, sparql)


def test_sparql_from_kg_graph_is_allowed(store):
    sparql = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = f"SELECT ?s FROM NAMED <{ID}doc/a-txt> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert run_query(store, sparql).rows == run_query(store, named).rows == []


@pytest.mark.parametrize(
    "sparql, form",
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("PREFIX ex: <urn:ex:>\nWITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("CLEAR DEFAULT", "CLEAR"),
        ("DROP ALL", "DROP"),
        ("CREATE SILENT GRAPH <urn:g>", "CREATE"),
        ("ADD <urn:a> TO <urn:b>", "ADD"),
        ("MOVE DEFAULT TO <urn:b>", "MOVE"),
        ("COPY <urn:a> TO DEFAULT", "COPY"),
        ("SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ],
)
def test_sparql_every_update_form_is_refused_before_evaluation(sparql, form):
    store = _store()
    before = len(store)
    with pytest.raises(QueryRefused, match=rf"^{form} is a SPARQL update"):
        run_query(store, sparql)
    assert len(store) == before


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "SERVICE FROM LOAD DROP")) }',
        "SELECT ?s WHERE { ?s <http://example.org/service/from#load> ?o }",
        "PREFIX load: <urn:x:>\nSELECT ?add ?copy WHERE { ?add load:drop ?copy } # INSERT SERVICE",
        'SELECT ?s WHERE { ?s ?p """a long string with FROM <file:///etc/passwd>""" }',
    ],
    ids=["in-string", "in-iri", "names-and-comment", "long-string"],
)
def test_sparql_keywords_in_strings_iris_and_names_are_not_refused(store, sparql):
    assert run_query(store, sparql).rows == []


# --- size and depth -----------------------------------------------------------------


def test_sparql_very_long_query_is_refused_up_front(store):
    patterns = " ".join(f"?s <urn:p{i}> ?o{i} ." for i in range(2000))  # rdflib: ~40 s to parse
    sparql = f"SELECT * WHERE {{ {patterns} }}"
    assert len(sparql) > MAX_QUERY_CHARS
    started = time.monotonic()
    with pytest.raises(QueryRefused, match=r"characters long; kg runs queries of at most"):
        run_query(store, sparql, timeout=None)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    "template, opening, closing, deepest",
    [
        ("SELECT * WHERE {{ ?s ?p ?o FILTER({open}1{close}) }}", "(", ")", 1002),
        ("SELECT * WHERE {open} ?s ?p ?o {close}", "{", "}", 1000),
        ("SELECT * WHERE {{ ?s ?p {open}1{close} }}", "[ <urn:p> ", "]", 1001),
    ],
    ids=["parentheses", "braces", "blank-node-brackets"],
)
@pytest.mark.parametrize("timeout", [None, 10], ids=["in-process", "child"])
def test_sparql_very_deep_query_is_refused_up_front(
    store, template, opening, closing, deepest, timeout
):
    sparql = template.format(open=opening * 1000, close=closing * 1000)
    started = time.monotonic()
    with pytest.raises(
        QueryRefused,
        match=rf"nests brackets {deepest} deep; kg runs queries nested at most {MAX_NESTING}",
    ):
        run_query(store, sparql, timeout=timeout)
    assert time.monotonic() - started < 1


def test_sparql_nesting_just_within_the_limit_runs(store):
    depth = MAX_NESTING - 2
    sparql = f"SELECT * WHERE {{ ?s ?p ?o FILTER({'(' * depth}false{')' * depth}) }}"
    assert run_query(store, sparql).rows == []


def test_sparql_check_text_ignores_brackets_in_strings_and_comments():
    check_text('SELECT * WHERE { ?s ?p "' + "(" * 500 + '" } # ' + "{" * 500)


# --- timeout ------------------------------------------------------------------------


def test_sparql_runaway_query_times_out_and_store_stays_usable():
    store = _store(triples=3000)
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 2.7e10 rows
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"took longer than 1.5 s and was stopped"):
        run_query(store, cross, timeout=1.5)
    assert time.monotonic() - started < 5
    # the same store answers the next query
    rows = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    assert rows == [[str(3000 + 2 * (2 + len(ODD_NAMES)))]]


def test_sparql_cli_timeout_is_one_line_and_exit_1(tmp_path):
    graph = tmp_path / "graph.nt"
    graph.write_text(
        "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(3000)), encoding="utf-8"
    )
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = CliRunner().invoke(cli, ["query", cross, "--graph", str(graph), "--timeout", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the query took longer than 1 s and was stopped")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


# --- large results ------------------------------------------------------------------


def test_sparql_limit_cuts_rows_and_says_so():
    store = _store(triples=50)
    sparql = f"SELECT ?x WHERE {{ ?x <{KG}filler> ?v }} ORDER BY ?x"
    full = run_query(store, sparql)
    cut = run_query(store, sparql, limit=5)
    assert (len(full.rows), full.truncated) == (50, False)
    assert cut.rows == full.rows[:5] and cut.truncated
    assert run_query(store, sparql, limit=50).truncated is False
    assert format_result(cut, "table").endswith("(first 5 rows: more were cut by the row limit)\n")
    construct = f"CONSTRUCT {{ ?x <{KG}filler> ?v }} WHERE {{ ?x <{KG}filler> ?v }}"
    cut = run_query(store, construct, limit=7)
    assert len(cut.rows) == 7 and cut.truncated


def test_sparql_cli_limit_note_on_stderr_for_csv(tmp_path):
    graph = tmp_path / "graph.nt"
    graph.write_text(
        "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(20)), encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "SELECT ?s WHERE { ?s ?p ?o }",
            "--graph",
            str(graph),
            "--limit",
            "3",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 3
    assert result.stderr == "note: only the first 3 rows are shown (--limit 3)\n"


# --- parameters ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ODD_NAMES)
def test_sparql_param_with_quotes_and_braces_is_bound_not_pasted(store, name):
    result = run_query(store, resolve_query("about"), params={"name": name})
    assert result.columns == ["label", "type", "document"]  # the parameter is no column
    assert [row[0] for row in result.rows] == [name]


def test_sparql_param_cannot_change_the_query(store):
    about = resolve_query("about")
    injection = '")) || true || (CONTAINS("", "'
    assert run_query(store, about, params={"name": injection}).rows == []
    # pasted into the text, the same value would have matched every label:
    pasted = about.replace("LCASE(STR(?name))", f'LCASE("{injection}")').replace(
        "# parameters: name", ""
    )
    assert len(run_query(store, pasted).rows) == 2 + len(ODD_NAMES)


def test_sparql_question_without_its_param_is_refused(store):
    with pytest.raises(QueryError, match=r"needs a value for name: give --param name="):
        run_query(store, resolve_query("about"))


def test_sparql_unknown_or_bad_param_is_refused(store):
    with pytest.raises(QueryError, match=r"has no parameter 'other'"):
        run_query(store, resolve_query("about"), params={"name": "x", "other": "y"})
    with pytest.raises(QueryError, match=r"'na me' is not a parameter name"):
        run_query(store, "SELECT ?x WHERE { ?x ?p ?o }", params={"na me": "y"})


def test_sparql_cli_param(built_graph_path):
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "about",
            "--param",
            "name=zwolle",
            "--graph",
            str(built_graph_path),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0] == "label,type,document"
    assert any(
        row.startswith("Zwolle,") and row.endswith("zwolle_jeugdhulp.txt") for row in rows[1:]
    )
    bad = CliRunner().invoke(
        cli, ["query", "about", "--param", "zwolle", "--graph", str(built_graph_path)]
    )
    assert bad.exit_code == 2 and "write NAME=VALUE" in bad.stderr
