"""`kg explain NAME`: everything the graph says about an entity, each fact with the
sentence it was read from, the document and the rule that fired."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.language.fold import fold
from kg.rdf.namespaces import KG

FIND = """
SELECT DISTINCT ?node WHERE {
  ?node ?p ?name .
  VALUES ?p { rdfs:label skos:altLabel skos:notation skos:prefLabel }
}"""

FACTS = """
SELECT ?s ?p ?o ?exact ?sentence ?sentence_start ?doc ?rule ?start ?cid ?action ?reason WHERE {
  { ?ev rdf:subject ?node ; rdf:object ?o . BIND (?node AS ?s) }
  UNION { ?ev rdf:object ?node ; rdf:subject ?s . BIND (?node AS ?o) }
  ?ev a kg:Evidence ; rdf:predicate ?p ;
      kg:sentence ?sent ; prov:wasDerivedFrom/dcterms:identifier ?doc ;
      kg:rule/dcterms:identifier ?rule ;
      oa:hasTarget/oa:hasSelector ?sel .
  ?sel oa:exact ?exact ; oa:start ?start .
  ?sent kg:text ?sentence ; oa:start ?sentence_start .
  OPTIONAL { ?ev prov:wasGeneratedBy ?act . ?act a kg:Curation ; dcterms:identifier ?cid ;
             kg:action ?action ; rdfs:comment ?reason }
}"""

# Facts a correction took out (kg/rdf/curation.py): the same shape, invalidated by a curation.
REJECTED = """
SELECT ?s ?p ?o ?exact ?sentence ?sentence_start ?doc ?rule ?start ?cid ?action ?reason WHERE {
  { ?r rdf:subject ?node ; rdf:object ?o . BIND (?node AS ?s) }
  UNION { ?r rdf:object ?node ; rdf:subject ?s . BIND (?node AS ?o) }
  ?r a kg:Rejection ; rdf:predicate ?p ;
     kg:sentence ?sent ; prov:wasDerivedFrom/dcterms:identifier ?doc ; kg:rule ?rule ;
     oa:hasTarget/oa:hasSelector ?sel ;
     prov:wasInvalidatedBy [ dcterms:identifier ?cid ; kg:action ?action ; rdfs:comment ?reason ] .
  ?sel oa:exact ?exact ; oa:start ?start .
  ?sent kg:text ?sentence ; oa:start ?sentence_start .
}"""

# Entities that left the graph with every fact about them: found by the words read.
REJECTED_BY_WORDS = """
SELECT DISTINCT ?node ?exact WHERE {
  ?r a kg:Rejection ; oa:hasTarget/oa:hasSelector/oa:exact ?exact .
  { ?r rdf:subject ?node } UNION { ?r rdf:object ?node ; rdf:predicate ?p FILTER (?p != rdf:type) }
  FILTER (isIRI(?node) && NOT EXISTS { ?node a ?class })
}"""


@dataclass(frozen=True)
class Explained:
    predicate: str
    value: str  # the other end of the fact, readable
    exact: str  # the words that were matched
    sentence: str  # as in the document, whitespace and all
    document: str
    rule: str
    offset: int = -1  # where `exact` starts within `sentence`
    correction: str = (
        ""  # the id of the correction that added (or, if `rejected`, took out) the fact
    )
    reason: str = ""  # that correction's reason
    rejected: bool = False

    def source(self) -> str:
        """Where the fact comes from: 'doc.txt, rule X', or the correction and its reason."""
        rule = self.rule.rsplit("/", 1)[-1]
        if self.rejected:
            return f"{self.document}, rule {rule}; rejected by correction {self.correction}: {self.reason}"
        if self.correction:
            return f"{self.document}, correction {self.correction} (curated by the analyst): {self.reason}"
        return f"{self.document}, rule {rule}"

    def marked(self, left: str = "»", right: str = "«") -> str:
        """The sentence with the matched words marked at their offsets (so 'ze' in '‘Onze
        …’, zegt ze' marks the last word), whitespace tidied."""
        text, end = self.sentence, self.offset + len(self.exact)
        if 0 <= self.offset and text[self.offset : end] == self.exact and self.exact:
            text = f"{text[: self.offset]}{left}{self.exact}{right}{text[end:]}"
        return " ".join(text.split())


def find_entities(graph: Graph, name: str) -> list[URIRef]:
    """Nodes whose label, alias or abbreviation is `name` (case and accents ignored)."""
    wanted = fold(name)
    nodes = set()
    for p in (RDFS.label, SKOS.altLabel, SKOS.notation, SKOS.prefLabel):
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal) and fold(str(o)) == wanted:
                nodes.add(s)
    return sorted(nodes)


def suggestions(graph: Graph, name: str, limit: int = 5) -> list[str]:
    wanted = fold(name)
    labels = {str(o) for o in graph.objects(None, RDFS.label) if wanted in fold(str(o))}
    return sorted(labels)[:limit]


def readable(graph: Graph, term, width: int = 100) -> str:
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


def explain(graph: Graph, node: URIRef) -> list[Explained]:
    """Facts about `node` (as subject or object), with evidence, in reading order; then the
    facts about it that corrections rejected."""
    facts = _explained(graph, node, FACTS, rejected=False)
    return facts + _explained(graph, node, REJECTED, rejected=True)


def _explained(graph: Graph, node: URIRef, sparql: str, rejected: bool) -> list[Explained]:
    rows = graph.query(sparql, initBindings={"node": node})
    out = {}
    for r in rows:
        other = r.o if r.s == node else r.s
        pred = graph.namespace_manager.normalizeUri(r.p)
        if r.s != node:
            pred = f"is {pred} of"
        if rejected:
            pred = f"(rejected) {pred}"
        key = (pred, str(other), str(r.doc), int(r.start))
        out[key] = Explained(
            pred,
            readable(graph, other),
            str(r.exact),
            str(r.sentence),
            str(r.doc),
            str(r.rule),
            int(r.start) - int(r.sentence_start),
            str(r.cid or ""),
            str(r.reason or ""),
            rejected,
        )
    return [out[k] for k in sorted(out, key=lambda k: (k[2], k[3], k[0]))]


def rejected_nodes(graph: Graph, name: str) -> list[URIRef]:
    """Nodes no longer in the graph that a correction rejected, read in the text as `name`."""
    wanted = fold(name)
    return sorted({r.node for r in graph.query(REJECTED_BY_WORDS) if fold(str(r.exact)) == wanted})


def describe(graph: Graph, name: str) -> list[tuple[URIRef, str, list[str], list[Explained]]]:
    """For each entity called `name`: its IRI, label, classes and explained facts."""
    nodes = find_entities(graph, name) or rejected_nodes(graph, name)
    if not nodes:
        hint = suggestions(graph, name)
        more = f"; did you mean: {', '.join(hint)}" if hint else ""
        raise KgError(f"nothing in the graph is called {name!r}{more}")
    result = []
    for n in nodes:
        classes = sorted(
            graph.namespace_manager.normalizeUri(c) for c in graph.objects(n, RDF.type)
        )
        label = readable(graph, n) if classes else name
        result.append(
            (n, label, classes or ["(none: every fact about it was rejected)"], explain(graph, n))
        )
    return result
