"""`kg explain NAME`: everything the graph says about an entity, each fact with the
sentence it was read from, the document and the rule that fired."""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.language.fold import fold
from kg.rdf.hierarchy import asserted
from kg.rdf.namespaces import KG
from kg.rdf.storegraph import StoreGraph, to_ox, to_rdflib
from kg.read.evidence import EvidenceRow, read_evidence


class Explained(NamedTuple):
    """One fact about the entity, as `kg explain` shows it, with its evidence."""

    predicate: str  # as read from the entity: "kg:speaker", "is kg:speaker of", "(rejected) …"
    value: str  # the other end of the fact, readable
    row: EvidenceRow

    def source(self) -> str:
        """Where the fact comes from: 'doc.txt, rule X', or the correction and its reason."""
        ev = self.row
        rule = ev.rule.rsplit("/", 1)[-1]
        if ev.rejected:
            return f"{ev.file}, rule {rule}; rejected by correction {ev.correction}: {ev.reason}"
        if ev.correction:
            return f"{ev.file}, correction {ev.correction} (curated by the analyst): {ev.reason}"
        return f"{ev.file}, rule {rule}"

    def marked(self, left: str = "»", right: str = "«") -> str:
        """The sentence with the matched words marked (EvidenceRow.marked)."""
        return self.row.marked(left, right)


def find_entities(graph: StoreGraph, name: str) -> list[URIRef]:
    """Nodes whose label, alias or abbreviation is `name` (case and accents ignored)."""
    wanted = fold(name)
    nodes = set()
    for p in (RDFS.label, SKOS.altLabel, SKOS.notation, SKOS.prefLabel):
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal) and fold(str(o)) == wanted:
                nodes.add(s)
    return sorted(nodes)


def suggestions(graph: StoreGraph, name: str, limit: int = 5) -> list[str]:
    wanted = fold(name)
    labels = {str(o) for o in graph.objects(None, RDFS.label) if wanted in fold(str(o))}
    return sorted(labels)[:limit]


def readable(graph: StoreGraph, term, width: int = 100) -> str:
    """A label for a node: its name, a document's file name, or the start of its text."""
    if isinstance(term, Literal):
        return _short(str(term), width)
    if (term, RDF.type, KG.Affiliation) in graph:
        role = graph.value(graph.value(term, ORG.role), RDFS.label)
        where = graph.value(graph.value(term, ORG.organization), RDFS.label)
        return f"{role or 'role'}{' at ' + str(where) if where else ''}"
    for predicate in (RDFS.label, SKOS.prefLabel, DCTERMS.identifier, DCTERMS.title):
        value = graph.value(term, predicate)
        if value is not None:
            return str(value)
    text = graph.value(term, KG.text)
    if text is not None:
        return f"“{_short(str(text), width)}”"
    for rejection in graph.subjects(RDF.subject, term):  # a node a correction took out
        if graph.value(rejection, RDF.predicate) in (KG.text, RDFS.label, DCTERMS.title):
            return f"“{_short(str(graph.value(rejection, RDF.object)), width)}”"
    return graph.namespace_manager.normalizeUri(term)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def explain(graph: StoreGraph, node: URIRef) -> list[Explained]:
    """Facts about `node` (as subject or object), with evidence, in reading order; then the
    facts about it that corrections rejected."""
    facts = _explained(graph, node, rejected=False)
    return facts + _explained(graph, node, rejected=True)


def _explained(graph: StoreGraph, node: URIRef, rejected: bool) -> list[Explained]:
    out = {}
    for ev in read_evidence(graph.store, about=to_ox(node), rejected=rejected):
        s, o = to_rdflib(ev.subject), to_rdflib(ev.object)
        other = o if s == node else s
        pred = graph.namespace_manager.normalizeUri(URIRef(ev.predicate))
        if s != node:
            pred = f"is {pred} of"
        if rejected:
            pred = f"(rejected) {pred}"
        key = (pred, str(other), ev.file, ev.start)
        out[key] = Explained(pred, readable(graph, other), ev)
    return [out[k] for k in sorted(out, key=lambda k: (k[2], k[3], k[0]))]


def rejected_nodes(graph: StoreGraph, name: str) -> list[URIRef]:
    """Nodes no longer in the graph that a correction rejected, read in the text as `name`:
    an entity that left with every fact about it."""
    wanted = fold(name)
    nodes = set()
    for ev in read_evidence(graph.store, rejected=True):
        if fold(ev.exact) != wanted:
            continue
        ends = [ev.subject] if ev.predicate == str(RDF.type) else [ev.subject, ev.object]
        for end in ends:
            if isinstance(end, ox.NamedNode) and (URIRef(end.value), RDF.type, None) not in graph:
                nodes.add(URIRef(end.value))
    return sorted(nodes)


_TYPE = ox.NamedNode(str(RDF.type))


def describe(graph: StoreGraph, name: str) -> list[tuple[URIRef, str, list[str], list[Explained]]]:
    """For each entity called `name`: its IRI, label, classes and explained facts."""
    nodes = find_entities(graph, name) or rejected_nodes(graph, name)
    if not nodes:
        hint = suggestions(graph, name)
        more = f"; did you mean: {', '.join(hint)}" if hint else ""
        raise KgError(f"nothing in the graph is called {name!r}{more}")
    result = []
    for n in nodes:
        classes = sorted(  # as the graph says (its most specific), not every superclass
            graph.namespace_manager.normalizeUri(to_rdflib(q.object))
            for q in graph.store.quads_for_pattern(to_ox(n), _TYPE, None)
            if asserted(q)
        )
        label = readable(graph, n) if classes else name
        result.append(
            (n, label, classes or ["(none: every fact about it was rejected)"], explain(graph, n))
        )
    return result
