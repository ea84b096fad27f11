"""kg/read/lookup.py: the one entity a user names in a built graph."""

from __future__ import annotations

from kg.rdf.namespaces import ID
from kg.read.lookup import entity_iri


def test_lookup_entity_iri_of_an_abbreviation_in_the_built_graph(built_graph_path):
    assert entity_iri(built_graph_path, "SCP").startswith(str(ID))


def test_lookup_entity_iri_is_empty_without_graph_or_match(built_graph_path, tmp_path):
    assert entity_iri(tmp_path / "geen.ttl", "SCP") == ""
    assert entity_iri(built_graph_path, "Niemand Bestaatniet") == ""
