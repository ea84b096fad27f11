"""`kg serve` against hostile or careless clients (issue 11): each test is named after its finding.

Every test talks to a real endpoint on a free port, over urllib, http.client or a raw
socket when the request must be one no polite client would send.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

import kg.web.serve
from kg.rdf.store import open_store
from kg.web.serve import make_server
from kg.web.serve_http import HostPolicy, cors_origin

ASK = "ASK { ?d a kg:Document }"
YASGUI = "https://yasgui.example"


@pytest.fixture(scope="module")
def store(built_graph_path):
    return open_store(built_graph_path)


@pytest.fixture
def serve():
    """serve(store, **options) -> (host, port) of a running endpoint, shut down after the test."""
    servers = []

    def start(store, **options):
        options.setdefault("quiet", True)
        server = make_server(store, "127.0.0.1", 0, **options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[:2]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def request(address, path, *, method="GET", headers=None, body=None):
    """(status, headers, body bytes) of one request sent with http.client; an iterator is
    sent chunked."""
    connection = http.client.HTTPConnection(*address, timeout=20)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers=headers or {},
            encode_chunked=body is not None and not isinstance(body, bytes),
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def ask_path(sparql=ASK):
    return "/sparql?" + urllib.parse.urlencode({"query": sparql})


def raw(address, data: bytes) -> bytes:
    """The whole answer to bytes sent as they are."""
    with socket.create_connection(address, timeout=20) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------- DNS rebinding


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example",
        "[::1]evil",
    ],
)
def test_dns_rebinding_host_header_is_refused(store, serve, host):
    address = serve(store)
    for path in ("/", ask_path()):
        status, _, body = request(address, path, headers={"Host": host.format(port=address[1])})
        assert status == 421, body
        text = body.decode()
        assert "host name" in text and "--host" in text and "true" not in text


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "[::1]:{port}", "[::1]", "127.0.0.1"],
)
def test_dns_rebinding_defence_answers_the_loopback_names(store, serve, host):
    address = serve(store)
    status, _, body = request(address, ask_path(), headers={"Host": host.format(port=address[1])})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_dns_rebinding_defence_answers_the_bound_host_name():
    """--host NAME adds NAME; bound to every address, any IP address is answered, never a name."""
    named = HostPolicy.bound_to("kg.lan")
    assert (
        named.allows("kg.lan:8000") and named.allows("KG.LAN") and not named.allows("192.168.1.5")
    )
    everywhere = HostPolicy.bound_to("0.0.0.0")
    assert everywhere.allows("192.168.1.5:8000") and everywhere.allows("[fe80::1]:8000")
    assert everywhere.allows(f"{socket.gethostname()}:8000")
    assert not everywhere.allows("evil.example:8000")


# --------------------------------------------------------------------------- CORS


def cors_of(headers) -> dict[str, str]:
    return {
        name.lower(): value
        for name, value in headers.items()
        if name.lower().startswith("access-control-")
    }


def test_cors_preflight_and_answers_only_for_the_named_origin(store, serve):
    address = serve(store, cors=[YASGUI + "/"])
    status, headers, body = request(
        address,
        "/sparql",
        method="OPTIONS",
        headers={
            "Origin": YASGUI,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert status == 204 and body == b""
    assert cors_of(headers)["access-control-allow-origin"] == YASGUI
    assert "POST" in cors_of(headers)["access-control-allow-methods"]
    assert cors_of(headers)["access-control-allow-headers"] == "content-type, accept"
    assert "access-control-allow-credentials" not in cors_of(headers)

    status, headers, body = request(
        address,
        "/sparql",
        method="POST",
        body=ASK.encode(),
        headers={"Origin": YASGUI, "Content-Type": "application/sparql-query"},
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    assert cors_of(headers)["access-control-allow-origin"] == YASGUI
    assert "X-Result-Truncated" in cors_of(headers)["access-control-expose-headers"]
    assert "Origin" in headers["Vary"]

    for method, extra in (("GET", {}), ("OPTIONS", {"Access-Control-Request-Method": "GET"})):
        path = ask_path() if method == "GET" else "/sparql"
        _, headers, _ = request(
            address, path, method=method, headers={"Origin": "https://evil.example", **extra}
        )
        assert cors_of(headers) == {}, method


def test_cors_is_off_by_default(store, serve):
    address = serve(store)
    status, headers, _ = request(address, ask_path(), headers={"Origin": YASGUI})
    assert status == 200 and cors_of(headers) == {}
    _, headers, _ = request(
        address,
        "/sparql",
        method="OPTIONS",
        headers={"Origin": YASGUI, "Access-Control-Request-Method": "POST"},
    )
    assert cors_of(headers) == {}


@pytest.mark.parametrize(
    "given, origin",
    [("https://YASGUI.example:443/", YASGUI), ("http://localhost:3000", "http://localhost:3000")],
)
def test_cors_origin_is_written_as_browsers_send_it(given, origin):
    assert cors_origin(given) == origin


@pytest.mark.parametrize("given", ["*", "yasgui.example", "https://yasgui.example/page", "null"])
def test_cli_serve_cors_refuses_what_is_not_an_origin(built_graph_path, given):
    from click.testing import CliRunner

    from kg.cli.main import cli

    result = CliRunner().invoke(
        cli, ["serve", "--graph", str(built_graph_path), "--port", "0", "--cors", given]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: --cors") and result.output.count("\n") == 1


# --------------------------------------------------------------------------- methods and bodies


def test_serve_answers_head_and_options(store, serve):
    address = serve(store)
    status, headers, body = request(address, ask_path(), method="HEAD")
    assert status == 200 and body == b""
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert int(headers["Content-Length"]) > 0
    status, headers, body = request(address, "/", method="HEAD")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and body == b""
    for path in ("/sparql", "/"):
        status, headers, body = request(address, path, method="OPTIONS")
        assert status == 204 and body == b""
        assert headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_serve_reads_chunked_post_bodies(store, serve):
    address = serve(store)
    status, _, body = request(
        address,
        "/sparql",
        method="POST",
        body=iter([b"ASK { ?d a ", b"kg:Document }"]),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    form = urllib.parse.urlencode({"query": ASK}).encode()
    status, _, body = request(
        address,
        "/sparql",
        method="POST",
        body=iter([form[:7], form[7:]]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and json.loads(body)["boolean"] is True


def test_serve_chunked_body_keeps_the_size_limit(store, serve, monkeypatch):
    monkeypatch.setattr(kg.web.serve, "MAX_BODY", 100)
    address = serve(store)
    status, _, body = request(
        address,
        "/sparql",
        method="POST",
        body=iter([b"#" * 60, b"#" * 60, b"ASK {}"]),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 413 and b"at most 100" in body


@pytest.mark.parametrize(
    "framing, words",
    [
        (b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n", b"hexadecimal"),
        (
            b"Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n",
            b"both",
        ),
        (b"Transfer-Encoding: gzip, chunked\r\n\r\n", b"plain or chunked"),
        (
            b"Transfer-Encoding: chunked\r\n\r\n6\r\nASK {} and more\r\n0\r\n\r\n",
            b"longer than its size",
        ),
    ],
)
def test_serve_malformed_chunked_body_says_why(store, serve, framing, words):
    address = serve(store)
    answer = raw(
        address,
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        + framing,
    )
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] in (b"400", b"501") and words in rest


# --------------------------------------------------------------------------- slow clients


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """True when the server closes the connection (or answers and closes) within `within`
    seconds."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def test_serve_slow_clients_are_dropped_while_others_are_answered(store, serve):
    address = serve(store, client_timeout=1.0)
    silent = socket.create_connection(address)
    dripping = socket.create_connection(address)
    stop = threading.Event()

    def drip() -> None:  # one byte of a valid request every 0.2 s: never a whole request
        for byte in (
            b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
        ):
            if stop.wait(0.2):
                return
            try:
                dripping.send(bytes([byte]))
            except OSError:
                return

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        status, _, body = request(address, ask_path())
        assert status == 200 and json.loads(body)["boolean"] is True
        assert closed_by_server(silent, within=5.0), (
            "a client that says nothing holds its connection"
        )
        assert closed_by_server(dripping, within=5.0), (
            "a client that drips bytes holds its connection"
        )
        status, _, _ = request(address, ask_path())
        assert status == 200
    finally:
        stop.set()
        dripper.join()
        silent.close()
        dripping.close()


def test_serve_slow_body_is_answered_408(store, serve):
    address = serve(store, client_timeout=1.0)
    with socket.create_connection(address) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/sparql-query\r\n"
            b"Content-Length: 50\r\n\r\nASK"
        )
        started = time.monotonic()
        sock.settimeout(5)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        assert time.monotonic() - started < 4
    assert answer.startswith(b"HTTP/1.0 408") and b"within 1 s" in answer


# --------------------------------------------------------------------------- well-formed XML


@pytest.fixture
def control_store():
    """A small graph whose one literal holds control characters XML 1.0 cannot carry."""
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("urn:x:doc"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("bell\x01tab\tvt\x0bend"),
        )
    )
    return store


SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def test_serve_xml_results_with_control_characters_parse(control_store, serve):
    address = serve(control_store)
    for sparql in (
        "SELECT ?label WHERE { ?s rdfs:label ?label }",
        'SELECT ?label WHERE { BIND("bell\\u0001tab\\tvt\\u000Bend" AS ?label) }',
    ):
        status, _, body = request(
            address, ask_path(sparql), headers={"Accept": "application/sparql-results+xml"}
        )
        assert status == 200
        literal = ET.fromstring(body).find(f".//{SPARQL_RESULTS}literal")
        assert literal.text == "bell\ufffdtab\tvt\ufffdend"
        _, _, body = request(address, ask_path(sparql))  # JSON carries every character
        assert (
            json.loads(body)["results"]["bindings"][0]["label"]["value"] == "bell\x01tab\tvt\x0bend"
        )


def test_serve_rdfxml_with_control_characters_parses(control_store, serve):
    address = serve(control_store)
    sparql = "CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label }"
    status, _, body = request(address, ask_path(sparql), headers={"Accept": "application/rdf+xml"})
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format="xml")
    assert {str(o) for o in graph.objects()} == {"bell\ufffdtab\tvt\ufffdend"}


# --------------------------------------------------------------------------- terminal safety


def test_serve_log_escapes_ansi_and_control_characters(store, serve, capsys):
    address = serve(store, quiet=False)
    raw(
        address,
        b"GET /\x1b[31mred\x1b]0;owned\x07\x9b2J\x08\x08forged HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
    )
    raw(
        address, b"GET /\x1b[2Jbad version HTTP/9\x1b[0m\r\n\r\n"
    )  # refused by the stdlib's own parser
    err = capsys.readouterr().err
    assert "404" in err and "400" in err
    assert not any(c in err for c in "\x1b\x07\x9b\x08\r")
    assert "\\x1b[31mred\\x1b]0;owned\\x07\\x9b2J\\x08\\x08forged" in err
    assert err.count("\n") == len(err.splitlines())  # no line forged, none left open
