"""`kg push`: the partition into graphs, the protocol against a real Oxigraph server, and
the failures a user meets (store down, errors, login pages) against a scripted fake store.

The real-server tests need the `oxigraph` command (pip install oxigraph); they are
skipped without it, unless KG_SERVER_TESTS=1 (as in .ci/run) makes its absence a failure.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import build
from kg.rdf.store import open_store
from kg.read.query import resolve_query, run_query
from kg.web.graph_store import GraphStore, PushError, derive_query_url, read_password
from kg.web.push import (
    DOCUMENT_PREFIX,
    SHARED_GRAPH,
    chunks,
    count_triples,
    partition,
    push,
)

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(built_graph_path):
    return open_store(built_graph_path)


# --------------------------------------------------------------------------- the partition


def test_push_partition_covers_the_graph_once_per_graph(store):
    graphs = [(name, list(triples)) for name, triples in partition(store)]
    names = [name for name, _ in graphs]
    documents = sorted(
        row["d"].value
        for row in store.query(
            "SELECT ?d WHERE { ?d a <https://w3id.org/kg-sociaal-domein/def#Document> }"
        )
    )
    assert names == documents + [SHARED_GRAPH]
    union = set()
    for _, triples in graphs:
        assert len(set(triples)) == len(triples)
        union |= set(triples)
    assert union == {ox.Triple(q.subject, q.predicate, q.object) for q in store}


def test_push_partition_document_graph_holds_its_evidence_and_facts(store):
    graphs = {name: set(triples) for name, triples in partition(store)}
    kg = "https://w3id.org/kg-sociaal-domein/def#"
    for name, triples in graphs.items():
        if name == SHARED_GRAPH:
            subjects_typed = {
                t.object.value for t in triples if t.predicate.value.endswith("#type")
            }
            assert f"{kg}Evidence" not in subjects_typed and f"{kg}Document" not in subjects_typed
            continue
        evidence = {t.subject for t in triples if t.object == ox.NamedNode(f"{kg}Evidence")}
        assert evidence, f"{name} has evidence"
        sentences = {
            t.object
            for t in triples
            if t.subject in evidence and t.predicate.value == f"{kg}sentence"
        }
        documents = {
            t.object.value
            for t in triples
            if t.subject in sentences and t.predicate.value == "http://purl.org/dc/terms/isPartOf"
        }
        assert documents == {name}
        # every fact that evidence read is in the same graph, with its node
        bodies = {
            t.object
            for t in triples
            if t.subject in evidence and t.predicate.value == "http://www.w3.org/ns/oa#hasBody"
        }
        by_node: dict = {}
        for t in triples:
            if t.subject in bodies:
                by_node.setdefault(t.subject, {})[t.predicate.value.rsplit("#", 1)[1]] = t.object
        assert set(by_node) == bodies
        for parts in by_node.values():
            assert ox.Triple(parts["subject"], parts["predicate"], parts["object"]) in triples


def test_push_chunks_are_bounded():
    assert [len(c) for c in chunks(range(7), 3)] == [3, 3, 1]
    assert [len(c) for c in chunks(range(6), 3)] == [3, 3]
    assert list(chunks([], 3)) == [[]]


@pytest.mark.parametrize(
    "url, query_url",
    [
        ("http://localhost:7878/store", "http://localhost:7878/query"),
        ("http://h:3030/kg/data", "http://h:3030/kg/sparql"),
        ("http://h:7200/repositories/kg/rdf-graphs/service", "http://h:7200/repositories/kg"),
        ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql"),
        ("http://h:8080/somewhere", None),
    ],
)
def test_push_derive_query_url(url, query_url):
    assert derive_query_url(url) == query_url


def test_push_password_only_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_TEST_PASSWORD", "s3cret")
    assert read_password("ann", "KG_TEST_PASSWORD") == ("ann", "s3cret")
    assert read_password(None, None) is None
    with pytest.raises(PushError, match="never from the command line"):
        read_password("ann", None)
    monkeypatch.delenv("KG_TEST_PASSWORD")
    with pytest.raises(PushError, match="KG_TEST_PASSWORD .* is not set"):
        read_password("ann", "KG_TEST_PASSWORD")


@pytest.mark.parametrize("url", ["ftp://host/store", "localhost:7878/store", "http:///store"])
def test_push_refuses_a_url_that_is_not_http(url):
    with pytest.raises(PushError, match="7878/store"):
        GraphStore(url)


# --------------------------------------------------------------------------- a real Oxigraph


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """(store URL, query URL) of an `oxigraph serve` on a free port with an empty store."""
    binary = shutil.which("oxigraph")
    if binary is None:
        message = "the oxigraph server is not installed (pip install oxigraph)"
        if os.environ.get("KG_SERVER_TESTS"):
            pytest.fail(message + "; KG_SERVER_TESTS is set, so this test must run")
        pytest.skip(message)
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve stopped: {process.stderr.read().decode()}")
            time.sleep(0.1)
    yield base + "/store", base + "/query"
    process.terminate()
    process.wait(10)
    process.stderr.close()


def server_select(query_url: str, sparql: str) -> list[dict]:
    data = urllib.parse.urlencode({"query": sparql, "union-default-graph": ""}).encode()
    request = urllib.request.Request(
        query_url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["results"]["bindings"]


def server_counts(query_url: str) -> tuple[int, int, set[str]]:
    """(quads, distinct triples over all graphs, graph names) on the server."""
    quads = server_select(query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    distinct = server_select(
        query_url,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
        "WHERE { GRAPH ?g { ?s ?p ?o } } }",
    )
    graphs = server_select(query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    return (
        int(quads[0]["n"]["value"]),
        int(distinct[0]["n"]["value"]),
        {b["g"]["value"] for b in graphs},
    )


def test_push_twice_to_oxigraph_never_duplicates(oxigraph, store):
    url, query_url = oxigraph
    first = push(store, GraphStore(url))
    after_first = server_counts(query_url)
    second = push(store, GraphStore(url))
    quads, distinct, graphs = server_counts(query_url)
    assert (quads, distinct, graphs) == after_first
    assert distinct == count_triples(store) == first.triples
    assert quads == first.sent == second.sent
    assert graphs == {name for name, _ in partition(store)}
    assert second.deleted == 0


@pytest.mark.parametrize("question", ["laws", "actors", "recommendations"])
def test_push_named_question_on_oxigraph_agrees(oxigraph, store, question):
    url, query_url = oxigraph
    push(store, GraphStore(url))
    sparql = resolve_query(question)
    expected = run_query(store, sparql)
    bindings = server_select(query_url, sparql)
    rows = [[b.get(c, {}).get("value", "") for c in expected.columns] for b in bindings]
    assert rows == expected.rows


def test_push_in_chunks_equals_one_piece(oxigraph, store):
    url, query_url = oxigraph
    whole = push(store, GraphStore(url))
    counts = server_counts(query_url)
    chunked = push(store, GraphStore(url), chunk_size=97)
    assert server_counts(query_url) == counts
    assert chunked.sent == whole.sent


def test_push_deletes_graphs_of_removed_documents(oxigraph, store, tmp_path, fixture_corpus):
    url, query_url = oxigraph
    push(store, GraphStore(url))
    smaller = tmp_path / "corpus"
    smaller.mkdir()
    shutil.copy(fixture_corpus / "zwolle_jeugdhulp.txt", smaller)
    build(smaller, tmp_path / "out")
    fewer = open_store(tmp_path / "out" / "graph.ttl")
    report = push(fewer, GraphStore(url))
    _, distinct, graphs = server_counts(query_url)
    assert (
        report.deleted
        == len({n for n, _ in partition(store)} - {n for n, _ in partition(fewer)})
        > 0
    )
    assert graphs == {name for name, _ in partition(fewer)}
    assert distinct == count_triples(fewer)
    assert all(g.startswith(DOCUMENT_PREFIX) or g == SHARED_GRAPH for g in graphs)


def test_push_keeps_graphs_that_are_not_kg_documents(oxigraph, store):
    url, query_url = oxigraph
    other = "http://example.org/someone-elses-graph"
    request = urllib.request.Request(
        f"{url}?graph={urllib.parse.quote(other)}",
        method="PUT",
        data=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(request, timeout=10).read()
    push(store, GraphStore(url))
    assert other in server_counts(query_url)[2]


def test_cli_push_reports_its_summary(oxigraph, built_graph_path):
    url, _ = oxigraph
    env = {"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "kg", "push", url, "--graph", str(built_graph_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    total = len(list(partition(open_store(built_graph_path))))
    assert result.stderr == ""  # no terminal: no progress (kg.progress)
    assert f"{total} graphs, {count_triples(open_store(built_graph_path))} triples" in result.stdout


# --------------------------------------------------------------------------- a scripted fake store


class FakeStore:
    """An HTTP server answering each request with the next scripted (status, content type, body)."""

    def __init__(self, script):
        self.script = list(script)
        self.requests: list[tuple[str, str, dict, bytes]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake.requests.append((self.command, self.path, dict(self.headers), body))
                status, media, text = fake.script.pop(0) if len(fake.script) > 1 else fake.script[0]
                data = text.encode("utf-8")
                self.send_response(status)
                if media:
                    self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PUT = do_POST = do_DELETE = do_GET = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/gsp"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    made = []

    def make(*script):
        made.append(FakeStore(script))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_push_retries_a_failing_store(fake, store):
    server = fake((500, "text/plain", "busy"), (204, None, ""))
    report = push(store, GraphStore(server.url, backoff=0.01))
    methods = [r[0] for r in server.requests]
    assert methods[:2] == ["PUT", "PUT"]  # the first PUT was answered 500, then tried again
    assert report.graphs == len(list(partition(store)))


def test_push_gives_up_with_the_store_s_reason(fake, store):
    server = fake(
        (500, "text/html", "<html><body><h1>Internal error</h1><p>disk full</p></body></html>")
    )
    with pytest.raises(PushError) as error:
        push(store, GraphStore(server.url, retries=2, backoff=0.01))
    message = str(error.value)
    assert "500" in message and "tried 3 times" in message and "disk full" in message
    assert not re.search(r"</?(html|body|h1|p)>", message) and len(server.requests) == 3


def test_push_html_page_instead_of_an_answer(fake, store):
    server = fake(
        (
            200,
            "text/html; charset=utf-8",
            "<html><head><title>Sign in</title></head><body>…</body></html>",
        )
    )
    with pytest.raises(PushError, match="HTML page .*Sign in.*7878/store"):
        push(store, GraphStore(server.url))


def test_push_unauthorised_says_how_to_log_in(fake, store, monkeypatch):
    server = fake((401, "text/plain", "Unauthorized"))
    with pytest.raises(PushError, match="--user NAME and --password-env VAR"):
        push(store, GraphStore(server.url))
    with pytest.raises(PushError, match="check the user name and the password"):
        push(store, GraphStore(server.url, auth=("ann", "wrong")))


def test_push_sends_basic_auth(fake, store, monkeypatch):
    server = fake((204, None, ""))
    monkeypatch.setenv("KG_TEST_PASSWORD", "s3cret")
    push(store, GraphStore(server.url, auth=read_password("ann", "KG_TEST_PASSWORD")))
    expected = "Basic " + base64.b64encode(b"ann:s3cret").decode()
    assert {r[2].get("Authorization") for r in server.requests} == {expected}


def test_push_not_found_names_the_url_forms(fake, store):
    server = fake((404, "text/plain", "Not Found"))
    with pytest.raises(PushError, match=r"not found \(404\).*7878/store.*3030/DATASET/data"):
        push(store, GraphStore(server.url))


def test_push_store_down(store):
    port = free_port()
    with pytest.raises(
        PushError,
        match=f"cannot reach the store at http://127.0.0.1:{port}: "
        "connection refused; is it running",
    ):
        push(store, GraphStore(f"http://127.0.0.1:{port}/store", retries=1, backoff=0.01))


def test_push_chunked_requests_put_then_post(fake, store):
    server = fake((204, None, ""))
    push(store, GraphStore(server.url), chunk_size=250)
    by_graph: dict[str, list[tuple[str, int]]] = {}
    for method, path, headers, body in server.requests:
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["graph"][0]
        assert headers["Content-Type"] == "application/n-triples"
        by_graph.setdefault(graph, []).append((method, body.count(b"\n")))
    sizes = {name: len(list(triples)) for name, triples in partition(store)}
    assert set(by_graph) == set(sizes)
    for graph, sent in by_graph.items():
        assert sent[0][0] == "PUT" and all(method == "POST" for method, _ in sent[1:])
        assert all(lines <= 250 for _, lines in sent)
        assert sum(lines for _, lines in sent) == sizes[graph]


def test_push_query_endpoint_answering_html(fake, store):
    server = fake((200, "text/html", "<html><title>Welcome</title></html>"))
    with pytest.raises(PushError, match="HTML page"):
        push(store, GraphStore(server.url, query_url=server.url.replace("/gsp", "/query")))
