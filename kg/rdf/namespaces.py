"""Namespaces and the IRIs of the kg vocabulary, in one place (like pyshacl/consts.py)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kg-sociaal-domein/def#")
"""The ontology: classes and properties (ontology/kg.ttl)."""

ID = Namespace("https://w3id.org/kg-sociaal-domein/id/")
"""Instance data: documents, actors, laws, evidence, rules."""

OA = Namespace("http://www.w3.org/ns/oa#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
WETTEN = "https://wetten.overheid.nl/"
WIKIDATA = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    prefix: str(namespace)
    for prefix, namespace in (
        ("kg", KG),
        ("id", ID),
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("owl", OWL),
        ("xsd", XSD),
        ("skos", SKOS),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("org", ORG),
        ("prov", PROV),
        ("oa", OA),
        ("nif", NIF),
        ("schema", SCHEMA),
    )
}
"""The project's prefixes, as plain text, in the order graph.ttl declares them: the one
map that Turtle output, Oxigraph and rdflib queries, exports and reports all use."""


def bind_prefixes(graph) -> None:
    """Give a graph the project's prefixes, so Turtle output is readable."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
