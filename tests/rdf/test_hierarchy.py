"""Class queries are truthful (issue 15): the store holds the superclass types that follow
from ontology/kg.ttl (kg.rdf.hierarchy), graph.ttl and kg export only the asserted ones."""

from __future__ import annotations

import shutil

import rdflib
from rdflib.namespace import RDF

from kg.rdf.export import export as run_export
from kg.rdf.hierarchy import INFERRED
from kg.rdf.namespaces import KG
from kg.rdf.store import load_file, open_store
from kg.read.query import resolve_query, run_query

PREFIXES = """PREFIX kg: <https://w3id.org/kg-sociaal-domein/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _labels(store, cls: str) -> set[str]:
    sparql = PREFIXES + f"SELECT DISTINCT ?label WHERE {{ ?x a {cls} ; rdfs:label ?label }}"
    return {row[0] for row in run_query(store, sparql).rows}


def test_class_query_kg_actor_returns_every_row_of_the_actors_question(built_graph_path):
    store = open_store(built_graph_path)
    actors = run_query(store, resolve_query("actors")).rows
    assert actors
    assert _labels(store, "kg:Actor") == {row[0] for row in actors}


def test_class_query_kg_organisation_returns_government_bodies_and_municipalities(
    built_graph_path, built_graph
):
    store = open_store(built_graph_path)
    below = {
        str(label)
        for cls in (KG.GovernmentBody, KG.Municipality)
        for x in built_graph.subjects(RDF.type, cls)
        for label in built_graph.objects(x, rdflib.RDFS.label)
    }
    assert below  # the fixture has some, typed only with their most specific class
    assert below <= _labels(store, "kg:Organisation")


def test_class_query_prov_entity_and_agent_follow_prov_o(built_graph_path, built_graph):
    store = open_store(built_graph_path)
    rules = {str(r) for r in built_graph.subjects(RDF.type, KG.Rule)}
    entities = run_query(store, PREFIXES + "SELECT ?x WHERE { ?x a prov:Entity }").rows
    assert rules and rules <= {row[0] for row in entities}  # kg:Rule ⊑ prov:Plan ⊑ prov:Entity
    agents = run_query(store, PREFIXES + "SELECT ?x WHERE { ?x a prov:Agent }").rows
    assert "https://w3id.org/kg-sociaal-domein/id/agent/kg" in {row[0] for row in agents}


def test_class_query_is_truthful_on_a_graph_file_read_without_its_store(built_graph_path, tmp_path):
    copy = tmp_path / "graph.ttl"
    shutil.copy(built_graph_path, copy)  # no graph.oxigraph beside it: read into memory
    assert _labels(load_file(copy), "kg:Actor") == _labels(open_store(built_graph_path), "kg:Actor")


def test_superclass_types_stay_out_of_the_exported_graph(built_graph_path, built_graph):
    exported = rdflib.Graph().parse(
        data=run_export(open_store(built_graph_path), "nt"), format="nt"
    )
    assert len(exported) == len(built_graph)
    assert not list(exported.subjects(RDF.type, KG.Actor))


def test_superclass_types_follow_a_rebuild_that_edits_the_store(fixture_corpus, tmp_path):
    """A rebuild that edits the store (one article of six gone) leaves it the superclass
    types a store loaded anew has: none of the gone article's own nodes."""
    from kg.build.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in sorted(fixture_corpus.glob("*.txt")):
        for copy in ("a", "b"):  # told apart: the corpus reads a file's twin once
            text = article.read_text(encoding="utf-8") + f"\nKopie {copy}.\n"
            (corpus / f"{copy}_{article.name}").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(corpus, out)
    (corpus / "a_opinie_wmo.txt").unlink()
    build(corpus, out)
    graph = out / "graph.ttl"
    edited, loaded = open_store(graph), load_file(graph)
    inferred = lambda store: {str(q) for q in store.quads_for_pattern(None, None, None, INFERRED)}  # noqa: E731
    assert inferred(loaded) and inferred(edited) == inferred(loaded)
