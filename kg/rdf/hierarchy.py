"""The class hierarchy of ontology/kg.ttl, in the store, so class queries are truthful.

graph.ttl types every node with its most specific class only (`id:org/rmo a
kg:GovernmentBody`): writing every superclass there would cost 1,020 more triples on the
seed graph, 11.5 triples per fact instead of 9.5 (docs/model.md). The store, which every
query goes through, gets them instead: each superclass of an asserted type is added, in
the named graph INFERRED, whenever a store is loaded or edited. Queries see the union of
the store's graphs, so `?x a kg:Actor` returns every actor, `?x a kg:Organisation`
government bodies and municipalities too, `?x a prov:Entity` rules (prov:Plan). Writers
of the graph (kg export) leave INFERRED out: it is what the ontology says, not the graph.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from kg.rdf.iris import iri
from kg.resources import ontology_path

INFERRED = ox.NamedNode(iri("graph/inferred"))
"""The named graph of the types that follow from rdfs:subClassOf in ontology/kg.ttl."""

BATCH = 200_000
"""Inferred types added to the store at a time (memory stays bounded on large graphs)."""
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@lru_cache(maxsize=1)
def superclasses() -> dict[str, frozenset[str]]:
    """Class IRI -> every class above it (transitively), as kg.ttl states them."""
    direct: dict[str, set[str]] = {}
    with open(ontology_path("kg.ttl"), "rb") as f:
        for t in ox.parse(f, format=ox.RdfFormat.TURTLE):
            if t.predicate == _SUBCLASS and isinstance(t.object, ox.NamedNode):
                if isinstance(t.subject, ox.NamedNode):
                    direct.setdefault(t.subject.value, set()).add(t.object.value)
    closed: dict[str, frozenset[str]] = {}
    for cls in direct:
        seen, todo = set(), list(direct[cls])
        while todo:
            up = todo.pop()
            if up not in seen:
                seen.add(up)
                todo.extend(direct.get(up, ()))
        closed[cls] = frozenset(seen - {cls})
    return closed


def infer_types(store: ox.Store) -> None:
    """Put in INFERRED every superclass type of the store's asserted types (replacing
    what INFERRED held: the store may have been edited), leaving out those asserted too
    (a class query would count them twice). Bulk-loaded: a SPARQL INSERT of the same
    quads left a store of 131 MB instead of 49 MB for 500 articles. In batches: collecting
    them all first took the 10,000-article build to 4.1 GB."""
    if INFERRED in set(store.named_graphs()):
        store.remove_graph(INFERRED)
    above = superclasses()
    batch: set[ox.Quad] = set()
    for q in store.quads_for_pattern(None, _TYPE, None, ox.DefaultGraph()):
        for up in above.get(q.object.value, ()):
            cls = ox.NamedNode(up)
            if ox.Quad(q.subject, _TYPE, cls, ox.DefaultGraph()) not in store:
                batch.add(ox.Quad(q.subject, _TYPE, cls, INFERRED))
        if len(batch) >= BATCH:  # streamed: a million evidence nodes, each two superclasses
            store.bulk_extend(sorted(batch, key=str))
            batch.clear()
    store.bulk_extend(sorted(batch, key=str))


def asserted(quad: ox.Quad) -> bool:
    """Whether a quad is the graph's own, not one the hierarchy added."""
    return quad.graph_name != INFERRED
