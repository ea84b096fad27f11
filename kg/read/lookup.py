"""Find the one entity a user names in a built graph: `kg correct merge` records its IRI,
so that a merge meets the entity across documents."""

from __future__ import annotations

from pathlib import Path


def entity_iri(graph_path: Path, name: str) -> str:
    """The IRI of the one entity called `name` (label, alias or abbreviation) in the graph
    at `graph_path`; "" when there is no graph there, or no or more than one such entity."""
    if not graph_path.is_file():
        return ""
    from kg.rdf.store import open_store
    from kg.rdf.storegraph import StoreGraph
    from kg.read.explain import find_entities

    nodes = find_entities(StoreGraph(open_store(graph_path)), name)
    return str(nodes[0]) if len(nodes) == 1 else ""
