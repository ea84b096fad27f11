"""`kg serve` against hostile or careless clients (issue 11): each test is named after its finding.

Every test talks to a real endpoint on a free port, over urllib, http.client or a raw
socket when the request must be one no polite client would send.
"""
from __future__ import annotations

import http.client
import json
import threading
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

from kg.serve import make_server


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
    """(status, headers, body bytes) of one request sent with http.client; an iterator is sent chunked."""
    connection = http.client.HTTPConnection(*address, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {},
                           encode_chunked=body is not None and not isinstance(body, bytes))
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def ask_path(sparql):
    return "/sparql?" + urllib.parse.urlencode({"query": sparql})


# --------------------------------------------------------------------------- well-formed XML


@pytest.fixture
def control_store():
    """A small graph whose one literal holds control characters XML 1.0 cannot carry."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:doc"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("bell\x01tab\tvt\x0bend")))
    return store


SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def test_serve_xml_results_with_control_characters_parse(control_store, serve):
    address = serve(control_store)
    for sparql in ("SELECT ?label WHERE { ?s rdfs:label ?label }",
                   'SELECT ?label WHERE { BIND("bell\\u0001tab\\tvt\\u000Bend" AS ?label) }'):
        status, _, body = request(address, ask_path(sparql), headers={"Accept": "application/sparql-results+xml"})
        assert status == 200
        literal = ET.fromstring(body).find(f".//{SPARQL_RESULTS}literal")
        assert literal.text == "bell\ufffdtab\tvt\ufffdend"
        _, _, body = request(address, ask_path(sparql))  # JSON carries every character
        assert json.loads(body)["results"]["bindings"][0]["label"]["value"] == "bell\x01tab\tvt\x0bend"


def test_serve_rdfxml_with_control_characters_parses(control_store, serve):
    address = serve(control_store)
    sparql = "CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label }"
    status, _, body = request(address, ask_path(sparql), headers={"Accept": "application/rdf+xml"})
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format="xml")
    assert {str(o) for o in graph.objects()} == {"bell\ufffdtab\tvt\ufffdend"}
