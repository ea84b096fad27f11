"""`kg explain NAME`: everything the graph says about an entity, each fact with the
sentence it was read from, the document and the rule that fired."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import KgError

FIND = """
SELECT DISTINCT ?node WHERE {
  ?node ?p ?name .
  VALUES ?p { rdfs:label skos:altLabel skos:notation skos:prefLabel }
}"""

FACTS = """
SELECT ?s ?p ?o ?exact ?sentence ?doc ?rule ?start WHERE {
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:sentence/kg:text ?sentence ; prov:wasDerivedFrom/dcterms:identifier ?doc ;
      prov:wasGeneratedBy/dcterms:identifier ?rule ;
      oa:hasTarget/oa:hasSelector ?sel .
  ?sel oa:exact ?exact ; oa:start ?start .
  FILTER (?s = ?node || ?o = ?node)
}"""


@dataclass(frozen=True)
class Explained:
    predicate: str
    value: str  # the other end of the fact, readable
    exact: str  # the words that were matched
    sentence: str
    document: str
    rule: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def find_entities(graph: Graph, name: str) -> list[URIRef]:
    """Nodes whose label, alias or abbreviation is `name` (case and accents ignored)."""
    wanted = _fold(name)
    nodes = set()
    for p in (RDFS.label, SKOS.altLabel, SKOS.notation, SKOS.prefLabel):
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal) and _fold(str(o)) == wanted:
                nodes.add(s)
    return sorted(nodes)


def suggestions(graph: Graph, name: str, limit: int = 5) -> list[str]:
    wanted = _fold(name)
    labels = {str(o) for o in graph.objects(None, RDFS.label) if wanted in _fold(str(o))}
    return sorted(labels)[:limit]


def readable(graph: Graph, term) -> str:
    if isinstance(term, Literal):
        return str(term)
    label = graph.value(term, RDFS.label) or graph.value(term, SKOS.prefLabel)
    if label is not None:
        return str(label)
    text = graph.value(term, URIRef("https://w3id.org/kg-sociaal-domein/def#text"))
    if text is not None:
        return f"“{text}”"
    return graph.namespace_manager.normalizeUri(term)


def explain(graph: Graph, node: URIRef) -> list[Explained]:
    """Facts about `node` (as subject or object), with evidence, in reading order."""
    rows = graph.query(FACTS, initBindings={"node": node})
    out = {}
    for r in rows:
        other = r.o if r.s == node else r.s
        pred = graph.namespace_manager.normalizeUri(r.p)
        if r.s != node:
            pred = f"is {pred} of"
        key = (pred, str(other), str(r.doc), int(r.start))
        out[key] = Explained(pred, readable(graph, other), str(r.exact), " ".join(str(r.sentence).split()),
                             str(r.doc), str(r.rule))
    return [out[k] for k in sorted(out, key=lambda k: (k[2], k[3], k[0]))]


def describe(graph: Graph, name: str) -> list[tuple[URIRef, str, list[str], list[Explained]]]:
    """For each entity called `name`: its IRI, label, classes and explained facts."""
    nodes = find_entities(graph, name)
    if not nodes:
        hint = suggestions(graph, name)
        more = f"; did you mean: {', '.join(hint)}" if hint else ""
        raise KgError(f"nothing in the graph is called {name!r}{more}")
    result = []
    for n in nodes:
        classes = sorted(graph.namespace_manager.normalizeUri(c) for c in graph.objects(n, URIRef(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
        result.append((n, readable(graph, n), classes, explain(graph, n)))
    return result
