"""The one writer of evidence: where in which document a fact was read, by which rule.

Lean by design (docs/model.md, issue 14): a fact is reified once, as a node of its own
(`id:fact/<hash>`: rdf:subject, rdf:predicate, rdf:object), shared by every document
that reads it. A reading is one kg:Evidence node per document, span and rule, a Web
Annotation whose bodies (oa:hasBody) are the facts the rule read there, with the rule,
the sentence and the offsets (oa:start, oa:end) on the node itself: no target, no
selector, no copy of the words (the offsets cut them out of the sentence's kg:text), no
prov:wasGeneratedBy (the rule names its extraction). A fact a correction took out is
read the same way as a kg:Rejection, invalidated by the curation. kg/read/evidence.py
reads both back.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.extract.model import Evidence, Fact
from kg.rdf.iris import curation_key, fact_key, reading_key, rule_key, sentence_iri
from kg.rdf.terms import RDF_TYPE, curie, fact_object, integer, node


def fact_node(fact: Fact) -> ox.NamedNode:
    """The node that stands for a fact (its reification): the same in every document."""
    s, p, o = node(fact.subject), curie(fact.predicate), fact_object(fact)
    return node(fact_key(str(s), str(p), str(o)))


def fact_statement(fact: Fact) -> list[ox.Triple]:
    """The reification of a fact: shared by every document that reads it."""
    statement = fact_node(fact)
    return [
        ox.Triple(statement, curie("rdf:subject"), node(fact.subject)),
        ox.Triple(statement, curie("rdf:predicate"), curie(fact.predicate)),
        ox.Triple(statement, curie("rdf:object"), fact_object(fact)),
    ]


def fact_evidence(document: ox.NamedNode, fact: Fact) -> list[ox.Triple]:
    """A document's own triples for one reading of a fact: the kg:Evidence of its span
    and rule (the same node for every fact read there), with this fact as a body."""
    return _reading("evidence", curie("kg:Evidence"), document, fact, ())


def rejection_evidence(document: ox.NamedNode, fact: Fact, correction: str) -> list[ox.Triple]:
    """What is kept of a fact a correction took out: where it was read, and by which
    rule, invalidated by the curation."""
    link = ((curie("prov:wasInvalidatedBy"), node(curation_key(correction))),)
    return _reading("rejection", curie("kg:Rejection"), document, fact, link, correction)


def _reading(
    kind: str,
    cls: ox.NamedNode,
    document: ox.NamedNode,
    fact: Fact,
    links: tuple[tuple[ox.NamedNode, ox.NamedNode], ...],
    *key: str,
) -> list[ox.Triple]:
    ev = fact.evidence
    exact_words(ev)  # the offsets must lie in the sentence: they cut the words out of it
    d = document.value
    s = ev.sentence
    e = node(reading_key(kind, d, ev.start, ev.end, ev.rule, s.start, s.end, *key))
    sentence = ox.NamedNode(sentence_iri(d, s.start, s.end))
    return [
        ox.Triple(*spo)
        for spo in (
            (e, RDF_TYPE, cls),
            (e, curie("oa:hasBody"), fact_node(fact)),
            (e, curie("kg:rule"), node(rule_key(ev.rule))),
            *((e, p, o) for p, o in links),
            (e, curie("kg:sentence"), sentence),
            (e, curie("oa:start"), integer(ev.start)),
            (e, curie("oa:end"), integer(ev.end)),
            (sentence, RDF_TYPE, curie("kg:Sentence")),
            (sentence, curie("kg:text"), ox.Literal(s.text)),
            (sentence, curie("oa:start"), integer(s.start)),
            (sentence, curie("oa:end"), integer(s.end)),
            (sentence, curie("dcterms:isPartOf"), document),
        )
    ]


def exact_words(ev: Evidence) -> str:
    """The words the evidence points at, cut from its sentence by the offsets; ValueError
    when the offsets lie outside the sentence (they would point elsewhere)."""
    text, offset = ev.sentence.text, ev.sentence.start
    if offset <= ev.start and ev.end <= offset + len(text):
        return text[ev.start - offset : ev.end - offset]
    raise ValueError(
        f"evidence {ev.start}-{ev.end} lies outside its sentence "
        f"{ev.sentence.start}-{ev.sentence.end}"
    )
