"""`kg push` against stores that misbehave (issue 11): redirects, a store that drips its
answer a byte at a time, a store that fails half-way, a password inside the URL and URLs
that do not parse. Every store here is a stub on 127.0.0.1.
"""

from __future__ import annotations

import base64
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.rdf.store import open_store
from kg.web.graph_store import GraphStore, PushError
from kg.web.push import partition, push


@pytest.fixture(scope="module")
def store(built_graph_path):
    return open_store(built_graph_path)


@pytest.fixture(scope="module")
def graph_names(store) -> list[str]:
    return [name for name, _ in partition(store)]


class StubStore:
    """An HTTP server on 127.0.0.1 answering request number i with script[i] (the last
    entry repeats): (status, headers, body); a body of None drips (see `drip`)."""

    def __init__(self, *script, drip: str = "body"):
        self.script = list(script)
        self.requests: list[tuple[str, str, dict]] = []
        self.stopped = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.requests.append((self.command, self.path, dict(self.headers)))
                status, headers, body = stub.script[min(len(stub.requests), len(stub.script)) - 1]
                if body is None:
                    return stub.drip(self, drip)
                data = body.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PUT = do_POST = do_DELETE = do_GET = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def drip(self, handler, where: str) -> None:
        """One byte every 0.2 s, in the headers or in the body, until the client hangs up
        (or for 30 s at most, so a client without a deadline fails the test, not hangs it)."""
        out = handler.wfile
        try:
            if where == "headers":
                out.write(b"HTTP/1.1 204 No Content\r\nX-Drip: ")
            else:
                out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            for _ in range(150):
                if self.stopped.wait(0.2):
                    break
                out.write(b"x")
                out.flush()
        except OSError:
            pass
        handler.close_connection = True

    def close(self):
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    made = []

    def make(*script, **options):
        made.append(StubStore(*script, **options))
        return made[-1]

    yield make
    for server in made:
        server.close()


ACCEPTED = (204, {}, "")


def kg_push(*args: str, graph) -> tuple[int, str]:
    """(exit code, everything kg push printed) for `kg push ARGS --graph GRAPH`."""
    result = CliRunner().invoke(cli, ["push", *args, "--graph", str(graph)])
    return result.exit_code, result.output


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_push_redirected_write_fails_naming_the_location(stub, status, method):
    elsewhere = stub(ACCEPTED)
    moved = stub((status, {"Location": f"{elsewhere.base}/store"}, ""))
    with GraphStore(f"{moved.base}/gsp", retries=0) as target:
        write = {
            "PUT": lambda: target.put("http://example.org/g", []),
            "POST": lambda: target.post("http://example.org/g", []),
            "DELETE": lambda: target.delete("http://example.org/g"),
        }[method]
        with pytest.raises(
            PushError, match=f"redirects {method} {moved.base}/gsp to {elsewhere.base}/store"
        ):
            write()
    assert elsewhere.requests == []  # nothing followed the redirect


def test_cli_push_redirected_reports_no_success(stub, built_graph_path):
    elsewhere = stub(ACCEPTED)  # would answer 204 to the GET a followed redirect turns into
    moved = stub((301, {"Location": f"{elsewhere.base}/store"}, ""))
    code, output = kg_push(f"{moved.base}/gsp", graph=built_graph_path)
    assert code == 1
    assert f"redirects PUT {moved.base}/gsp to {elsewhere.base}/store" in output
    assert "triples" not in output and elsewhere.requests == []


def test_push_counts_only_what_the_store_acknowledged(stub, store):
    not_a_write = stub((304, {}, ""))
    with pytest.raises(PushError, match="304"):
        push(store, GraphStore(f"{not_a_write.base}/gsp", retries=0))


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize("where", ["headers", "body"])
def test_push_dripping_store_stops_at_the_timeout_naming_the_graph(
    stub, built_graph_path, graph_names, where
):
    dripping = stub(ACCEPTED, (204, {}, None), drip=where)  # the second graph's answer drips
    started = time.monotonic()
    code, output = kg_push(f"{dripping.base}/gsp", "--timeout", "2", graph=built_graph_path)
    assert time.monotonic() - started < 60  # a bound on the wait, not a timing test
    assert code == 1
    assert "--timeout of 2 s" in output
    assert f"<{graph_names[1]}>" in output and "1 graph was stored before it" in output


def test_push_each_request_has_a_wall_clock_deadline(stub, store, graph_names):
    dripping = stub((204, {}, None), drip="body")
    with pytest.raises(PushError) as error:
        push(store, GraphStore(f"{dripping.base}/gsp", retries=0, request_timeout=1))
    message = str(error.value)
    assert "did not answer PUT" in message and "within 1 s" in message
    assert f"<{graph_names[0]}>" in message and "no graph was stored" in message


# --------------------------------------------------------------------------- a failure half-way


def test_push_failure_on_the_third_graph_names_it_and_the_graphs_stored(
    stub, built_graph_path, graph_names
):
    failing = stub(
        ACCEPTED, ACCEPTED, (400, {"Content-Type": "text/plain"}, "bad triple on line 7")
    )
    code, output = kg_push(f"{failing.base}/gsp", graph=built_graph_path)
    (error,) = [line for line in output.splitlines() if not line.startswith("pushed ")]
    assert code == 1 and "bad triple on line 7" in error
    assert (
        f"graph <{graph_names[2]}> was not stored" in error
        and "2 graphs were stored before it" in error
    )


def test_push_failure_half_way_through_a_graph_says_it_holds_a_part(stub, store, graph_names):
    failing = stub(ACCEPTED, (400, {"Content-Type": "text/plain"}, "no"))
    with pytest.raises(
        PushError,
        match=f"graph <{graph_names[0]}> was stored only in part; no graph was stored before it",
    ):
        push(store, GraphStore(f"{failing.base}/gsp", retries=0), chunk_size=10)


# --------------------------------------------------------------------------- a password in the URL


def test_push_password_in_the_url_is_not_shown_on_success(stub, built_graph_path):
    accepting = stub(ACCEPTED)
    url = accepting.base.replace("//", "//ann:s3cret@") + "/gsp"
    code, output = kg_push(url, graph=built_graph_path)
    assert code == 0 and "triples" in output
    assert "s3cret" not in output and "ann:***@" in output
    expected = "Basic " + base64.b64encode(b"ann:s3cret").decode()
    assert {r[2].get("Authorization") for r in accepting.requests} == {expected}


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"Content-Type": "text/plain"}, "cannot store into http://ann:s3cret@store/gsp"),
        (404, {}, ""),
        (302, {"Location": "http://ann:s3cret@127.0.0.1:1/elsewhere"}, ""),
        (401, {}, ""),
        (204, {}, ""),  # /store: the derived query endpoint answers no SPARQL results
    ],
)
def test_push_password_in_the_url_is_not_shown_on_failure(stub, built_graph_path, answer):
    failing = stub(answer)
    url = failing.base.replace("//", "//ann:s3cret@") + "/store"
    code, output = kg_push(url, "--retries", "0", graph=built_graph_path)
    assert code == 1 and output.startswith("Error: ")
    assert "s3cret" not in output


def test_push_password_in_the_url_is_not_shown_when_the_store_is_down(built_graph_path):
    code, output = kg_push(
        "http://ann:s3cret@127.0.0.1:9/store", "--retries", "0", graph=built_graph_path
    )
    assert code == 1 and "cannot reach the store" in output and "s3cret" not in output


# --------------------------------------------------------------------------- malformed URLs


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://[::1]x/store",
        "http://127.0.0.1:notaport/store",
        "http://127.0.0.1:99999/store",
        "http://127.0.0.1/st ore",
        "http://127.0.0.1/store\n",
        "http://ann:s3cret@[::1/store",
        "http://ann:s3cret word@127.0.0.1/store",
        "ann:s3cret@127.0.0.1/store",
    ],
)
def test_push_malformed_url_is_one_clear_line(url, built_graph_path):
    code, output = kg_push(url, graph=built_graph_path)
    assert code == 1
    assert len(output.splitlines()) == 1 and output.startswith("Error: ")
    assert "internal error" not in output and "s3cret" not in output
