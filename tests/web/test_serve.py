"""`kg serve`: the SPARQL 1.1 Protocol endpoint, hit over real HTTP on a free port.

Answers are checked against `kg query` on the same graph (kg.read.query.run_query), so the
endpoint must say what the command line says, in every format.
"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.rdf.store import open_store
from kg.read.query import resolve_query, run_query
from kg.web.serve import make_server
from kg.web.serve_page import page
from kg.web.serve_results import RESULT_TYPES, negotiate

LAWS = (
    "SELECT ?label ?id WHERE { ?law a kg:Law ; rdfs:label ?label ; dcterms:identifier ?id } "
    "ORDER BY ?label"
)
ROOT = Path(__file__).parents[2]


def start(store, **options):
    """A running endpoint on a free port: (base URL, server); shut it down when done."""
    server = make_server(store, "127.0.0.1", 0, quiet=True, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}", server


@pytest.fixture(scope="module")
def store(built_graph_path):
    return open_store(built_graph_path)


@pytest.fixture(scope="module")
def endpoint(store):
    base, server = start(store)
    yield base
    server.shutdown()
    server.server_close()


def request(url, *, data=None, headers=None, method=None):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=20) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def get(endpoint, sparql, accept=None):
    url = f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": sparql})
    return request(url, headers={"Accept": accept} if accept else {})


def post_query(endpoint, sparql, accept=None):
    headers = {"Content-Type": "application/sparql-query"}
    if accept:
        headers["Accept"] = accept
    return request(f"{endpoint}/sparql", data=sparql.encode("utf-8"), headers=headers)


def post_form(endpoint, fields, accept=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request(
        f"{endpoint}/sparql", data=urllib.parse.urlencode(fields).encode(), headers=headers
    )


def json_rows(body: str) -> tuple[list[str], list[list[str]]]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return names, [
        [b.get(n, {}).get("value", "") for n in names] for b in data["results"]["bindings"]
    ]


# --------------------------------------------------------------------------- answers


def test_serve_get_post_and_form_agree_with_kg_query(endpoint, store):
    expected = run_query(store, LAWS)
    assert expected.rows, "the fixture graph names laws"
    for status, headers, body in (
        get(endpoint, LAWS),
        post_query(endpoint, LAWS),
        post_form(endpoint, {"query": LAWS}),
    ):
        assert status == 200, body
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        assert json_rows(body) == (expected.columns, expected.rows)


@pytest.mark.parametrize("question", ["laws", "actors", "affiliations", "recommendations"])
def test_serve_named_questions_in_four_formats(endpoint, store, question):
    sparql = resolve_query(question)
    expected = run_query(store, sparql)
    _, _, body = get(endpoint, sparql, "application/sparql-results+json")
    assert json_rows(body) == (expected.columns, expected.rows)
    status, headers, body = get(endpoint, sparql, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(body)))
    assert table == [expected.columns, *expected.rows]
    for accept, fmt in (
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        status, headers, body = get(endpoint, sparql, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        parsed = ox.parse_query_results(body.encode("utf-8"), fmt)
        names = [v.value for v in parsed.variables]
        rows = [["" if s[n] is None else s[n].value for n in names] for s in parsed]
        assert (names, rows) == (expected.columns, expected.rows)


def test_serve_ask(endpoint):
    status, _, body = get(endpoint, "ASK { ?law a kg:Law }")
    assert status == 200 and json.loads(body)["boolean"] is True
    _, _, body = post_query(
        endpoint, "ASK { ?law a kg:NoSuchClass }", "application/sparql-results+xml"
    )
    assert "<boolean>false</boolean>" in body


def test_serve_construct_as_turtle_and_ntriples(endpoint, built_graph):
    sparql = "CONSTRUCT { ?law rdfs:label ?label } WHERE { ?law a kg:Law ; rdfs:label ?label }"
    expected = {
        (law, rdflib.RDFS.label, label)
        for law in built_graph.subjects(
            rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kg-sociaal-domein/def#Law")
        )
        for label in built_graph.objects(law, rdflib.RDFS.label)
    }
    status, headers, body = get(endpoint, sparql)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert set(rdflib.Graph().parse(data=body, format="turtle")) == expected
    _, headers, body = get(endpoint, sparql, "application/n-triples")
    assert headers["Content-Type"].startswith("application/n-triples")
    assert set(rdflib.Graph().parse(data=body, format="nt")) == expected


@pytest.mark.parametrize(
    "accept, chosen",
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/html", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv, application/sparql-results+xml;q=0.9", "text/csv"),
        ("text/*, text/tab-separated-values;q=0.1", "text/tab-separated-values"),
        ("application/sparql-results+json;q=0, text/csv;q=0.2", "text/csv"),
    ],
)
def test_serve_negotiate(accept, chosen):
    assert negotiate(accept, RESULT_TYPES) == chosen


# --------------------------------------------------------------------------- limits


def test_serve_limit_cuts_and_says_so(store):
    base, server = start(store, limit=2)
    try:
        status, headers, body = get(base, "SELECT ?s WHERE { ?s a kg:Document }")
        assert status == 200
        assert len(json_rows(body)[1]) == 2
        assert headers["X-Result-Limit"] == "2" and headers["X-Result-Truncated"] == "true"
        _, headers, body = get(base, "SELECT ?s WHERE { ?s a kg:Document } LIMIT 2")
        assert len(json_rows(body)[1]) == 2 and headers["X-Result-Truncated"] == "false"
    finally:
        server.shutdown()
        server.server_close()


class SlowStore:
    """A real store whose queries start only after a pause, like a heavy query would."""

    def __init__(self, store, pause):
        self.store, self.pause = store, pause

    def query(self, *args, **kwargs):
        time.sleep(self.pause)
        return self.store.query(*args, **kwargs)


def test_serve_timeout_answers_503_in_time(store):
    base, server = start(SlowStore(store, 2.0), timeout=0.3)
    try:
        started = time.monotonic()
        status, _, body = get(base, LAWS)
        assert time.monotonic() - started < 1.5
        assert status == 503
        assert "0.3 s" in body
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- refusals


def count(endpoint) -> str:
    _, _, body = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return json_rows(body)[1][0][0]


@pytest.mark.parametrize(
    "send",
    [
        lambda e: post_form(e, {"update": "INSERT DATA { <urn:x> <urn:p> <urn:o> }"}),
        lambda e: request(
            f"{e}/sparql",
            data=b"INSERT DATA { <urn:x> <urn:p> <urn:o> }",
            headers={"Content-Type": "application/sparql-update"},
        ),
        lambda e: post_query(e, "PREFIX x: <urn:x#> INSERT DATA { <urn:x> <urn:p> <urn:o> }"),
        lambda e: get(e, "DROP ALL"),
        lambda e: request(f"{e}/sparql?update=CLEAR%20ALL"),
    ],
    ids=["form-update", "sparql-update-body", "insert-as-query", "drop-as-query", "get-update"],
)
def test_serve_refuses_updates(endpoint, send):
    before = count(endpoint)
    status, _, body = send(endpoint)
    assert status == 403
    assert "update" in body and "read-only" in body
    assert count(endpoint) == before


def test_serve_refuses_service(endpoint):
    status, _, body = get(
        endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    )
    assert status == 403 and "SERVICE" in body


def test_serve_refuses_what_kg_query_refuses(endpoint):
    """The endpoint shares kg query's guard: no files through FROM, no over-deep queries."""
    status, _, body = get(endpoint, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert status == 403 and "FROM" in body
    status, _, body = get(endpoint, "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40)
    assert status == 403 and "nest" in body.lower()


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_serve_refuses_write_methods(endpoint, method):
    status, headers, body = request(
        f"{endpoint}/sparql", data=b"<urn:a> <urn:b> <urn:c> .", method=method
    )
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS" and "read-only" in body


def test_serve_syntax_error_is_400_with_reason(endpoint):
    status, headers, body = get(endpoint, "SELECT ?x WHERE { ?x a }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.startswith("invalid query:") and body.count("\n") == 1


@pytest.mark.parametrize(
    "send, status, words",
    [
        (lambda e: request(f"{e}/other"), 404, "/sparql"),
        (
            lambda e: request(
                f"{e}/sparql", data=b"query=x", headers={"Content-Type": "text/plain"}
            ),
            415,
            "application/sparql-query",
        ),
        (lambda e: post_form(e, {"nothing": "here"}), 400, "query="),
        (lambda e: get(e, "   "), 400, "empty"),
        (
            lambda e: request(f"{e}/sparql?query=ASK%7B%7D&default-graph-uri=urn:g"),
            400,
            "default-graph-uri",
        ),
    ],
)
def test_serve_bad_requests_say_why(endpoint, send, status, words):
    got, _, body = send(endpoint)
    assert got == status and words in body


# --------------------------------------------------------------------------- the page


def test_serve_page_is_self_contained(endpoint):
    for path in ("/", "/sparql"):
        status, headers, body = request(endpoint + path, headers={"Accept": "text/html"})
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self';" in policy
        assert "'unsafe-inline'" not in policy
        for url in re.findall(r'(?:src|href)="([^"]*)"', body):  # only from this server
            assert url == "data:," or request(endpoint + "/" + url)[0] == 200, url
        assert "innerHTML" not in body
        data = re.search(r'id="questions">(.*?)</script>', body, re.S).group(1)
        assert {"laws", "recommendations", "affiliations"} <= {q["name"] for q in json.loads(data)}


def test_serve_assets_are_the_vendored_files_and_nothing_else(endpoint):
    status, headers, body = request(endpoint + "/assets/query.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert body == (ROOT / "kg/web/pages/query.js").read_text(encoding="utf-8")
    status, headers, _ = request(endpoint + "/assets/yasgui.min.css", method="HEAD")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    for path in ("/assets/../serve.py", "/assets/%2e%2e/serve.py", "/assets/", "/assets/x.js"):
        assert request(endpoint + path)[0] == 404, path


def test_serve_page_data_cannot_close_its_script():
    html = page(
        [{"name": "evil", "title": "</script><script>alert(1)</script>", "sparql": "ASK {}"}]
    )
    assert html.count("</script>") == 3  # the data block's and the two scripts' own
    assert "alert(1)" in html  # kept as data, escaped


# --------------------------------------------------------------------------- real clients


def test_serve_sparqlwrapper(endpoint, store):
    sparqlwrapper = pytest.importorskip(
        "SPARQLWrapper", reason="SPARQLWrapper is in the test extra"
    )
    client = sparqlwrapper.SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(LAWS)
    client.setReturnFormat(sparqlwrapper.JSON)
    answer = client.query().convert()
    rows = [[b[n]["value"] for n in answer["head"]["vars"]] for b in answer["results"]["bindings"]]
    assert rows == run_query(store, LAWS).rows
    client.setMethod(sparqlwrapper.POST)
    client.setReturnFormat(sparqlwrapper.CSV)
    assert list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))[1:] == rows
    client.setQuery("ASK { ?law a kg:Law }")
    client.setReturnFormat(sparqlwrapper.XML)
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"


# --------------------------------------------------------------------------- the command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_kg(*args, **popen):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_cli_serve_until_stopped(built_graph_path, stop):
    port = free_port()
    process = run_kg("serve", "--graph", built_graph_path, "--port", port, "--quiet")
    try:
        line = process.stderr.readline()
        assert f"http://127.0.0.1:{port}/sparql" in line
        status, _, body = get(f"http://127.0.0.1:{port}", "ASK { ?d a kg:Document }")
        assert status == 200 and json.loads(body)["boolean"] is True
        process.send_signal(stop)
        assert process.wait(10) == 0
        assert process.stderr.read().strip() == "kg serve stopped"
    finally:
        process.kill()
        process.wait()


def test_cli_serve_port_taken_is_one_line(built_graph_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = run_kg("serve", "--graph", built_graph_path, "--port", port)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert err.startswith(f"Error: cannot listen on 127.0.0.1:{port}") and err.count("\n") == 1
    assert "--port" in err


def test_cli_serve_missing_graph(tmp_path):
    process = run_kg("serve", "--graph", tmp_path / "none.ttl", "--port", free_port())
    _, err = process.communicate(timeout=30)
    assert process.returncode == 1 and err == (
        f"Error: {tmp_path / 'none.ttl'}: no such file; run `kg build` to make it, "
        "or pass --graph FILE\n"
    )


@pytest.mark.parametrize("command", ["serve", "push"])
def test_cli_help_has_examples_serve_push(command):
    from click.testing import CliRunner

    from kg.cli.main import cli

    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "Usage:" in result.output
