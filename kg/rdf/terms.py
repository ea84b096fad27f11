"""The RDF terms kg writes: CURIEs and keys as IRIs, names and numbers as literals.

Every writer of triples (facts, evidence, curations, the build's own description) makes
its terms here, so a name is cleaned the same way and a CURIE means the same IRI wherever
it is written.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from kg.controlchars import without_bidi
from kg.rdf.iris import iri
from kg.rdf.namespaces import PREFIXES

NAMES = {
    "rdfs:label",
    "skos:prefLabel",
    "skos:altLabel",
    "skos:hiddenLabel",
    "skos:notation",
    "dcterms:title",
}
"""Predicates whose values are names and titles: minted without bidi controls, which would
only make one name read as another (dcterms:identifier, the file name, stays exact)."""


@lru_cache(maxsize=None)
def curie(value: str) -> ox.NamedNode:
    """A CURIE ("kg:Person") as an IRI; a few dozen distinct ones, so remembered."""
    prefix, _, local = value.partition(":")
    return ox.NamedNode(PREFIXES[prefix] + local)


RDF_TYPE = curie("rdf:type")
XSD_INTEGER = curie("xsd:integer")
XSD_DATE = curie("xsd:date")


def node(key: str) -> ox.NamedNode:
    """An entity key ("org/rmo") or a CURIE ("kg:Person") as an IRI."""
    if ":" in key:
        return curie(key)
    return ox.NamedNode(iri(key))


def literal(value: str, predicate: str, datatype: str | None = None) -> ox.Literal:
    """The object of `predicate` ("skos:prefLabel@en": with that language) as a literal."""
    pred, _, lang = predicate.partition("@")
    if pred in NAMES:
        value = without_bidi(value)
    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=curie(datatype))
    if predicate.startswith("skos:") and predicate != "skos:notation":
        return ox.Literal(value, language="nl")
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def fact_object(fact) -> ox.NamedNode | ox.Literal:
    """The object of an extracted fact: a literal (with its datatype) or an entity."""
    if fact.literal:
        return literal(fact.object, fact.predicate, fact.datatype)
    return node(fact.object)
