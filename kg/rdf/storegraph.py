"""A read-only, rdflib-shaped view of an Oxigraph store: the few Graph methods that
`kg explain` and its kin use (value, objects, subjects, subject_objects, `in`, query),
answered by Oxigraph's indexes and returning rdflib terms.

Code that reads a handful of nodes keeps rdflib's convenient API, while the graph behind
it can have millions of triples that rdflib would need minutes to parse.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

import pyoxigraph as ox
import rdflib
from rdflib.namespace import NamespaceManager

from kg.rdf.namespaces import PREFIXES, bind_prefixes


def to_rdflib(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_ox(term):
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


class StoreGraph:
    """`StoreGraph(open_store(path))`: ask it as you would an rdflib Graph."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.namespace_manager = NamespaceManager(rdflib.Graph(bind_namespaces="none"))
        bind_prefixes(self.namespace_manager.graph)

    def triples(self, pattern) -> Iterator[tuple]:
        s, p, o = (to_ox(term) for term in pattern)
        for quad in self.store.quads_for_pattern(s, p, o, None):
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

    def __contains__(self, triple) -> bool:
        return next(self.triples(triple), None) is not None

    def value(self, subject=None, predicate=None, object=None):
        """One value (the smallest, so the answer does not depend on load order)."""
        if subject is None or predicate is None:
            return None
        values = sorted(
            (o for _, _, o in self.triples((subject, predicate, object))),
            key=lambda term: (type(term).__name__, str(term)),
        )
        return values[0] if values else None

    def objects(self, subject=None, predicate=None):
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def subjects(self, predicate=None, object=None):
        return (s for s, _, _ in self.triples((None, predicate, object)))

    def subject_objects(self, predicate=None):
        return ((s, o) for s, _, o in self.triples((None, predicate, None)))

    def query(self, sparql: str, initBindings: dict | None = None) -> list:
        """SELECT rows with attribute access (row.name), rdflib terms, None where unbound."""
        if initBindings:  # as a VALUES block: Oxigraph substitutes only projected variables
            names = sorted(initBindings)
            row = " ".join(str(to_ox(initBindings[name])) for name in names)
            block = f"VALUES ({' '.join('?' + name for name in names)}) {{ ({row}) }}"
            where = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
            if not where:
                raise ValueError("initBindings needs a query with a WHERE clause")
            sparql = f"{sparql[: where.end()]} {block} {sparql[where.end() :]}"
        answer = self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        row = NamedTuple("Row", [(name, object) for name in names])
        return [row(*(to_rdflib(solution[i]) for i in range(len(names)))) for solution in answer]
