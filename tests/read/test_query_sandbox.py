"""Users' queries run where the engine cannot reach the network or take the machine (issue 11).

Every user's query, from `kg query` or `kg serve`, runs in a worker process that cannot
open a network connection (kg.read.sandbox), with a memory cap and a deadline, behind the
text and parse checks of kg.read.guard. (kg's own queries are constants of its code and
never take this path: tests/read/test_internal.py.) A listener on 127.0.0.1 records every
connection made to it: no spelling of SERVICE may reach it, with the checks on or off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.read.guard
import kg.read.sandbox
from kg.cli.main import cli
from kg.rdf.store import open_store
from kg.read.guard import QueryRefused, check_text
from kg.read.query import QueryError, resolve_query, run_query
from kg.read.sandbox import SandboxError, run_once
from kg.read.seccomp import FilterUnavailable
from kg.web.serve import make_server

ROOT = Path(__file__).parents[2]
TOKEN = "token-from-the-listener"
CROSS_SORT = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

# Every way of writing SERVICE that issue 11 found or names; {url} is the listener.
SERVICE_SPELLINGS = {
    "lone-cr-comment": "SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }}\n }}",
    "glued-to-dot": "SELECT * WHERE {{ ?a ?b ?c .SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "in-subquery": "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "prefixed-iri": "PREFIX remote: <{base}/>\n"
    "SELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
    "cr-comment-silent-prefixed": "PREFIX remote: <{base}/>\n"
    "SELECT * WHERE {{ # x\rSERVICE SILENT remote:sparql {{ ?s ?p ?o }}\n }}",
}


class Listener:
    """An HTTP server on 127.0.0.1 that counts every connection and answers a SPARQL token."""

    def __init__(self) -> None:
        listener = self

        class Answer(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # Oxigraph's SERVICE asks by GET or POST
                body = json.dumps(
                    {
                        "head": {"vars": ["s"]},
                        "results": {"bindings": [{"s": {"type": "literal", "value": TOKEN}}]},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        class Counting(ThreadingHTTPServer):
            def verify_request(self, request, client_address) -> bool:
                listener.connections += 1
                return True

        self.connections = 0
        self.server = Counting(("127.0.0.1", 0), Answer)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def query(self, spelling: str) -> str:
        return SERVICE_SPELLINGS[spelling].format(url=f"{self.base}/sparql", base=self.base)

    def close(self) -> int:
        """The number of connections made, once any connection made just now is counted."""
        time.sleep(0.3)
        self.server.shutdown()
        self.server.server_close()
        return self.connections


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def _small_store() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:kg:a"), ox.NamedNode("urn:kg:p"), ox.Literal("local")))
    return store


def _http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _get(base: str, sparql: str) -> tuple[int, str]:
    return _http(f"{base}/sparql?" + urllib.parse.urlencode({"query": sparql}))


def _post(base: str, sparql: str) -> tuple[int, str]:
    return _http(
        f"{base}/sparql", sparql.encode("utf-8"), {"Content-Type": "application/sparql-query"}
    )


def _post_form(base: str, sparql: str) -> tuple[int, str]:
    return _http(
        f"{base}/sparql",
        urllib.parse.urlencode({"query": sparql}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )


class _Serving:
    """`make_server` on a free port, running in a thread."""

    def __init__(self, store, **options) -> None:
        self.server = make_server(store, "127.0.0.1", 0, quiet=True, **options)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- SERVICE, in every spelling ----------------------------------------------------------


@pytest.mark.parametrize("spelling", sorted(SERVICE_SPELLINGS))
def test_service_in_any_spelling_never_reaches_listener_from_kg_query(listener, spelling):
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        run_query(_small_store(), listener.query(spelling), timeout=10)
    assert listener.close() == 0


def test_service_hidden_behind_lone_cr_never_reaches_listener_from_cli(listener, built_graph_path):
    result = CliRunner().invoke(
        cli, ["query", listener.query("lone-cr-comment"), "--graph", str(built_graph_path)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SERVICE is refused") and TOKEN not in result.output
    assert listener.close() == 0


@pytest.mark.parametrize("send", [_get, _post, _post_form], ids=["get", "post", "post-form"])
def test_service_in_any_spelling_never_reaches_listener_from_kg_serve(listener, send):
    serving = _Serving(_small_store())
    try:
        for spelling in sorted(SERVICE_SPELLINGS):
            status, body = send(serving.base, listener.query(spelling))
            assert (status, TOKEN in body) == (403, False), spelling
            assert "SERVICE is refused" in body
    finally:
        serving.close()
    assert listener.close() == 0


def test_check_text_ends_comments_at_lone_cr_as_the_engine_does():
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        check_text("SELECT * WHERE { # x\rSERVICE <http://127.0.0.1:1/> { ?s ?p ?o }\n }")
    with pytest.raises(QueryRefused, match="FROM <file:///etc/passwd> is refused"):
        check_text("SELECT * # x\rFROM <file:///etc/passwd>\n WHERE { ?s ?p ?o }")
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        check_text("SELECT * WHERE { ?a ?b ?c .SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    check_text(
        "PREFIX ex: <urn:x:>\nSELECT * WHERE { ?s ex:a.service ?o . ?s ?p _:b.load }"
    )  # names


@pytest.fixture
def guard_off(monkeypatch):
    """kg.read.guard's text and parse checks switched off: only the sandbox is left."""
    monkeypatch.setattr(kg.read.guard, "guard", lambda sparql: None)


@pytest.mark.parametrize("spelling", ["silent", "prefixed-iri", "lone-cr-comment"])
def test_sandbox_alone_stops_service_connections_from_kg_query(listener, guard_off, spelling):
    try:
        result = run_query(_small_store(), listener.query(spelling), timeout=10)
    except QueryRefused as refused:
        assert "SERVICE is refused" in str(refused)
    else:  # SERVICE SILENT: the failed call is an empty answer
        assert TOKEN not in str(result)
    assert listener.close() == 0


def test_sandbox_alone_stops_service_connections_from_kg_serve(listener, guard_off):
    serving = _Serving(_small_store())
    try:
        for send in (_get, _post):
            for spelling in ("silent", "glued-to-dot", "in-subquery"):
                status, body = send(serving.base, listener.query(spelling))
                assert TOKEN not in body and status in (200, 403), (spelling, status, body)
    finally:
        serving.close()
    assert listener.close() == 0


def test_sandbox_alone_makes_from_and_from_named_inert(listener, guard_off):
    """Oxigraph never fetches a FROM graph; the union of the store's graphs is read regardless."""
    plain = run_query(_small_store(), "SELECT ?o WHERE { ?s ?p ?o }")
    hidden = (
        f"SELECT ?o # x\rFROM <{listener.base}/g> FROM NAMED <file:///etc/passwd>\n"
        " WHERE { ?s ?p ?o }"
    )
    assert run_query(_small_store(), hidden) == plain
    assert listener.close() == 0


def _network_calls(state) -> dict[str, str]:
    """In a worker: what creating sockets and using pipes does there."""
    import socket

    seen = {}
    for name, make in (
        ("tcp", lambda: socket.socket()),
        ("udp6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)),
        ("unix", lambda: socket.socket(socket.AF_UNIX)),
    ):
        try:
            make().close()
            seen[name] = "made"
        except OSError as error:
            seen[name] = error.strerror
    read, write = os.pipe()
    os.write(write, b"x")
    seen["pipe"] = os.read(read, 1).decode()
    return seen


def test_sandbox_worker_cannot_make_sockets_but_keeps_its_pipe():
    seen = run_once(None, _network_calls, (), timeout=10, max_memory=None)
    assert seen == {
        "tcp": "Operation not permitted",
        "udp6": "Operation not permitted",
        "unix": "Operation not permitted",
        "pipe": "x",
    }


def test_query_refused_where_the_sandbox_cannot_be_installed(monkeypatch, built_graph_path):
    def unavailable():
        raise FilterUnavailable(
            "kg's query sandbox needs Linux on x86-64 or arm64, not Plan9 on mips"
        )

    monkeypatch.setattr(kg.read.sandbox, "refuse_network", unavailable)
    monkeypatch.delenv(kg.read.sandbox.UNSANDBOXED, raising=False)
    with pytest.raises(
        SandboxError, match="not Plan9 on mips; kg will not run users' queries without it"
    ):
        run_query(_small_store(), "ASK { ?s ?p ?o }")
    result = CliRunner().invoke(cli, ["query", "laws", "--graph", str(built_graph_path)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "Set KG_ALLOW_UNSANDBOXED=1 to run them behind its text checks alone" in result.stderr
    monkeypatch.setenv(kg.read.sandbox.UNSANDBOXED, "1")  # the user's explicit choice
    assert run_query(_small_store(), "ASK { ?s ?p ?o }").rows == [["true"]]


# --- time and memory -----------------------------------------------------------------------


def _tree_cpu_seconds(pid: int) -> float:
    """CPU time used by a process and its live descendants, and its waited-for children."""
    parents, times = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            times[int(entry)] = sum(int(f) for f in fields[11:13])  # utime, stime
            if int(entry) == pid:
                times[pid] += sum(int(f) for f in fields[13:15])  # cutime, cstime
    tree, changed = {pid}, True
    while changed:
        grown = tree | {child for child, parent in parents.items() if parent in tree}
        changed, tree = grown != tree, grown
    return sum(times.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def _serve_process(graph: Path, *options: str) -> tuple[subprocess.Popen, str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--graph",
            str(graph),
            "--port",
            "0",
            "--quiet",
            *options,
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    assert " at http://127.0.0.1:" in line, line
    return process, line.split(" at ", 1)[1].split("/sparql")[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU times from /proc")
def test_serve_timed_out_queries_leave_no_worker_burning_cpu(tmp_path):
    graph = tmp_path / "graph.nt"
    graph.write_text(
        "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(3000)), encoding="utf-8"
    )
    process, base = _serve_process(graph, "--timeout", "2")
    try:
        answers: list[tuple[int, str]] = []
        threads = [
            threading.Thread(target=lambda: answers.append(_get(base, CROSS_COUNT)))
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert [status for status, _ in answers] == [503] * 8
        assert sum("took longer than the 2 s limit" in body for _, body in answers) >= 4
        before = _tree_cpu_seconds(process.pid)
        time.sleep(2)
        assert _tree_cpu_seconds(process.pid) - before < 0.4  # nothing is left running
        status, body = _get(base, "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        process.terminate()
        process.wait(10)


def test_serve_cross_product_sort_is_stopped_and_next_query_answers(built_graph_path):
    process, base = _serve_process(built_graph_path, "--max-memory", "300")
    try:
        status, body = _get(base, CROSS_SORT)
        assert status == 503 and "300 MB memory cap" in body
        status, body = _get(base, "ASK { ?d a kg:Document }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        process.terminate()
        process.wait(10)
    assert process.returncode == 0  # it stopped when told to, not before


def test_query_max_memory_reports_the_cap_clearly(built_graph_path):
    result = CliRunner().invoke(
        cli, ["query", CROSS_SORT, "--graph", str(built_graph_path), "--max-memory", "200"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the query needed more than the 200 MB memory cap and was stopped"
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_query_default_memory_cap_answers_the_shipped_questions(built_graph_path):
    result = CliRunner().invoke(
        cli, ["query", "statements", "--graph", str(built_graph_path), "--format", "csv"]
    )
    assert result.exit_code == 0 and result.stdout.count("\n") > 1


# --- errors and what kg query accepts ---------------------------------------------------------


def test_serve_engine_error_is_400_with_the_message(built_graph_path):
    serving = _Serving(open_store(built_graph_path))
    try:
        status, body = _get(serving.base, "SELECT (<urn:no-such-function>(1) AS ?x) WHERE {}")
        assert status == 400
        assert (
            body
            == "the query failed: The custom function <urn:no-such-function> is not supported\n"
        )
        status, _ = _get(serving.base, "ASK { ?s ?p ?o }")
        assert status == 200
    finally:
        serving.close()


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?o WHERE {?s<http://www.w3.org/2000/01/rdf-schema#label>?o} ORDER BY ?o LIMIT 3",
        "SELECT ?o WHERE {?s rdfs:label?o} ORDER BY ?o LIMIT 3",
        "SELECT * WHERE {?s<p:x>?o}",
    ],
    ids=["iri-then-variable", "prefixed-name-then-variable", "unknown-iri"],
)
def test_query_accepts_what_serve_accepts(built_graph_path, sparql):
    store = open_store(built_graph_path)
    serving = _Serving(store)
    try:
        status, body = _get(serving.base, sparql)
    finally:
        serving.close()
    assert status == 200
    served = [[binding["o"]["value"]] for binding in json.loads(body)["results"]["bindings"]]
    assert [row[:1] for row in run_query(store, sparql).rows] == served
    result = CliRunner().invoke(
        cli, ["query", sparql, "--graph", str(built_graph_path), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output


def test_query_unknown_param_is_an_error(built_graph_path):
    about = ["query", "about", "--graph", str(built_graph_path), "--param", "name=zwolle"]
    result = CliRunner().invoke(
        cli, [*about, "--param", "label=x"]
    )  # ?label is a variable of `about`
    assert result.exit_code == 1
    assert result.stderr == "Error: the query has no parameter 'label': its parameters are name\n"
    adhoc = [
        "query",
        "SELECT ?x WHERE { ?x a kg:Law }",
        "--graph",
        str(built_graph_path),
        "--param",
        "x=1",
    ]
    result = CliRunner().invoke(cli, adhoc)
    assert result.exit_code == 1 and "has no parameter 'x'" in result.stderr
    with pytest.raises(QueryError, match="has no parameter 'label'"):
        run_query(
            open_store(built_graph_path),
            resolve_query("about"),
            params={"name": "zwolle", "label": "x"},
        )
