"""The exporters: every format re-parses to the same graph, and the text is deterministic."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.rdf.export import EXPORTERS, Exporter, ExportError, export
from kg.rdf.hierarchy import asserted
from kg.rdf.store import load_file
from kg.read.query import load_graph

FIXTURE = Path(__file__).parents[1] / "data" / "fixture_graph.ttl"
ROOT = Path(__file__).parents[2]

RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
OXIGRAPH_FORMAT = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}
ALL_FORMATS = {**OXIGRAPH_FORMAT, "trig": pyoxigraph.RdfFormat.TRIG}

WITH_BLANK_NODES = """
@prefix kg: <https://w3id.org/kg-sociaal-domein/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:a> kg:mentions [ rdfs:label "een" ],
    [ rdfs:label "twee" ; kg:mentions [ rdfs:label "drie" ] ] .
"""


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return load_graph(FIXTURE)


def _reparse(text: str, fmt: str) -> rdflib.Graph:
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=text, format="trig")
        merged = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return rdflib.Graph().parse(data=text, format=RDFLIB_FORMAT[fmt])


def test_export_formats_and_media_types():
    assert set(EXPORTERS) == {"turtle", "nt", "jsonld", "trig"}
    assert EXPORTERS["turtle"] == Exporter("text/turtle", ".ttl", EXPORTERS["turtle"].serialize)
    assert {name: (e.media_type, e.suffix) for name, e in EXPORTERS.items()} == {
        "turtle": ("text/turtle", ".ttl"),
        "nt": ("application/n-triples", ".nt"),
        "jsonld": ("application/ld+json", ".jsonld"),
        "trig": ("application/trig", ".trig"),
    }


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_export_reparses_to_an_isomorphic_graph(graph, fmt):
    text = export(graph, fmt)
    assert text.endswith("\n") and not text.endswith("\n\n")
    again = _reparse(text, fmt)
    assert len(again) == len(graph)
    assert isomorphic(again, graph)


@pytest.mark.parametrize("fmt", sorted(OXIGRAPH_FORMAT))
def test_export_parses_with_pyoxigraph(graph, fmt):
    text = export(graph, fmt)
    triples = list(pyoxigraph.parse(text.encode("utf-8"), format=OXIGRAPH_FORMAT[fmt]))
    assert len(triples) == len(graph)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_export_blank_nodes_reparse_isomorphic(fmt):
    graph = rdflib.Graph().parse(data=WITH_BLANK_NODES, format="turtle")
    assert isomorphic(_reparse(export(graph, fmt), fmt), graph)


def test_export_nt_lines_are_sorted(graph):
    lines = export(graph, "nt").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(graph)


def test_export_turtle_uses_project_prefixes(graph):
    text = export(graph, "turtle")
    assert "@prefix kg: <https://w3id.org/kg-sociaal-domein/def#> ." in text
    assert "a kg:Document" in text
    assert "ns1:" not in text


def test_export_jsonld_nodes_sorted_by_id(graph):
    document = json.loads(export(graph, "jsonld"))
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    assert document["@context"]["kg"] == "https://w3id.org/kg-sociaal-domein/def#"


def test_export_jsonld_context_gives_plain_keys_and_short_ids(built_graph_path):
    """A notebook reads "speaker": "person/x", not
    "https://w3id.org/kg-sociaal-domein/def#speaker": [{"@id": "https://…"}]."""
    document = json.loads(export(load_file(built_graph_path), "jsonld"))
    context = document["@context"]
    assert context["@vocab"] == "https://w3id.org/kg-sociaal-domein/def#"
    assert context["@base"] == "https://w3id.org/kg-sociaal-domein/id/"
    assert context["speaker"] == {
        "@id": "https://w3id.org/kg-sociaal-domein/def#speaker",
        "@type": "@id",
    }
    nodes = {node["@id"]: node for node in document["@graph"]}
    statement = next(n for n in nodes.values() if n.get("@type") == "Statement")
    assert isinstance(statement["text"], str) and statement["document"].startswith("doc/")
    speakers = (
        statement["speaker"] if isinstance(statement["speaker"], list) else [statement["speaker"]]
    )
    assert all(s in nodes for s in speakers)  # a link is the id of a node in the same file
    person = nodes["person/sanne-mulder"]
    assert person["@type"] == "Person" and person["label"] == "Sanne Mulder"
    assert not [i for i in nodes if i.startswith(("/", "https://w3id.org/kg-sociaal-domein/id/"))]


def test_export_jsonld_round_trips_through_rdflib_and_pyld(built_graph_path):
    store = load_file(built_graph_path)
    text = export(store, "jsonld")
    original = rdflib.Graph().parse(built_graph_path, format="turtle")
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), original)
    pyld = pytest.importorskip("pyld", reason="pyld is in the test extra")
    nquads = pyld.jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"})
    assert isomorphic(rdflib.Graph().parse(data=nquads, format="nt"), original)


def test_export_trig_keeps_named_graphs(tmp_path):
    path = tmp_path / "in.trig"
    path.write_text(
        "@prefix kg: <https://w3id.org/kg-sociaal-domein/def#> .\n"
        "<urn:g2> { <urn:law2> a kg:Law }\n<urn:g1> { <urn:law1> a kg:Law . <urn:law1> kg:x 1 }\n",
        encoding="utf-8",
    )
    text = export(load_graph(path), "trig")
    dataset = rdflib.Dataset()
    dataset.parse(data=text, format="trig")
    sizes = {}
    for _s, _p, _o, context in dataset.quads((None, None, None, None)):
        sizes[str(context)] = sizes.get(str(context), 0) + 1
    assert sizes == {"urn:g1": 2, "urn:g2": 1}
    assert text.index("<urn:g1>") < text.index("<urn:g2>")


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_export_same_text_whatever_the_insertion_order(graph, fmt):
    triples = list(graph)
    random.Random(3).shuffle(triples)
    shuffled = rdflib.Graph()
    for triple in triples:
        shuffled.add(triple)
    for prefix, namespace in graph.namespaces():
        shuffled.bind(prefix, namespace)
    assert export(shuffled, fmt) == export(graph, fmt)


def test_export_does_not_change_the_graph(graph):
    before = (len(graph), sorted(graph.namespaces()))
    for fmt in EXPORTERS:
        export(graph, fmt)
    assert (len(graph), sorted(graph.namespaces())) == before


_SCRIPT = """
import json, sys, rdflib
from kg.rdf.export import EXPORTERS, export
from kg.read.query import load_graph
fixture = load_graph(sys.argv[1])
blank = rdflib.Graph().parse(data=sys.argv[2], format="turtle")
print(json.dumps({f"{name}/{fmt}": export(g, fmt)
                  for name, g in (("fixture", fixture), ("blank", blank)) for fmt in EXPORTERS}))
"""


def _export_in_process(seed: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(FIXTURE), WITH_BLANK_NODES],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_export_trig_graph_order_is_fixed_across_processes(tmp_path):
    path = tmp_path / "in.trig"
    graphs = "".join(f"<urn:g{i}> {{ <urn:s{i}> <urn:p> {i} }}\n" for i in range(12))
    path.write_text("{ <urn:s> <urn:p> 0 }\n" + graphs, encoding="utf-8")
    script = (
        "import sys; from kg.rdf.export import export; from kg.read.query import load_graph; "
        "print(export(load_graph(sys.argv[1]), 'trig'))"
    )
    texts = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        texts.add(done.stdout)
    assert len(texts) == 1
    text = texts.pop()
    default = "\n<urn:s> <urn:p> 0 .\n"  # the default graph's triple, before every named graph
    order = [text.index(graph) for graph in (default, "g0> {", "g1> {", "g10> {", "g2> {")]
    assert order == sorted(order)


def test_export_deterministic_across_processes(graph):
    first = _export_in_process("1")
    second = _export_in_process("4242")
    assert set(first) == {f"{name}/{fmt}" for name in ("fixture", "blank") for fmt in EXPORTERS}
    for key in first:
        assert first[key] == second[key], key
    for fmt in EXPORTERS:
        assert export(graph, fmt) == first[f"fixture/{fmt}"]


def test_export_unknown_format(graph):
    with pytest.raises(ExportError) as caught:
        export(graph, "rdfxml")
    assert (
        str(caught.value) == "unknown export format 'rdfxml'; choose from jsonld, nt, trig, turtle"
    )
    assert isinstance(caught.value, KgError)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_export_of_the_store_is_the_export_of_the_parsed_file(graph, fmt):
    assert export(load_file(FIXTURE), fmt) == export(graph, fmt)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig"])
def test_export_writes_turtle_nt_and_trig_with_oxigraph_not_rdflib(monkeypatch, fmt):
    store = load_file(FIXTURE)

    def refused(*args, **kwargs):
        raise AssertionError("rdflib used")

    monkeypatch.setattr(rdflib.Graph, "parse", refused)
    monkeypatch.setattr(rdflib.Graph, "serialize", refused)
    monkeypatch.setattr(rdflib.Graph, "add", refused)
    text = export(store, fmt)
    own = [q for q in store if asserted(q)]  # the store adds the hierarchy's types
    assert len(list(pyoxigraph.parse(text.encode("utf-8"), format=ALL_FORMATS[fmt]))) == len(own)
