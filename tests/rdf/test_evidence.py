"""The evidence writer (kg/rdf/evidence.py): a kept fact and a rejected fact are told by
the same block of triples, and the selector's offsets cut out exactly the words read."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.extract.model import Evidence, Fact, Sentence
from kg.rdf.evidence import fact_evidence, rejection_evidence
from kg.rdf.iris import document_key, iri
from kg.rdf.namespaces import PREFIXES

TEXT = "Wethouder Karin van Lieshout zei dat het tekort groeit."
SENTENCE = Sentence(index=3, start=100, end=100 + len(TEXT), text=TEXT, paragraph=1, section="body")
NAME = "Karin van Lieshout"
DOC = ox.NamedNode(iri(document_key("zwolle_jeugdhulp.txt")))


def fact(start: int = 110, end: int = 110 + len(NAME)) -> Fact:
    evidence = Evidence(SENTENCE, start, end, "person-role-name")
    return Fact("person/karin-van-lieshout", "rdfs:label", NAME, evidence, literal=True)


def curie(value: str) -> str:
    prefix, _, local = value.partition(":")
    return PREFIXES[prefix] + local


def roles(triples: list[ox.Triple]) -> dict[str, str]:
    """Each subject's role in the block: the reading, its sentence, target and selector."""
    reading = next(t.subject for t in triples if t.predicate.value == curie("kg:sentence"))
    named = {reading.value: "reading"}
    for t in triples:
        if t.subject == reading and t.predicate.value == curie("kg:sentence"):
            named[t.object.value] = "sentence"
        if t.subject == reading and t.predicate.value == curie("oa:hasTarget"):
            named[t.object.value] = "target"
    for t in triples:
        if t.predicate.value == curie("oa:hasSelector"):
            named[t.object.value] = "selector"
    return named


def shape(triples: list[ox.Triple]) -> set[tuple[str, str, str]]:
    """(role of the subject, predicate, role or value of the object)."""
    named = roles(triples)
    return {
        (named[t.subject.value], t.predicate.value, named.get(t.object.value, t.object.value))
        for t in triples
    }


def value(triples: list[ox.Triple], role: str, predicate: str) -> str:
    named = roles(triples)
    (found,) = [
        t.object.value
        for t in triples
        if named.get(t.subject.value) == role and t.predicate.value == curie(predicate)
    ]
    return found


def test_evidence_of_a_fact_and_of_a_rejected_fact_have_the_same_shape():
    kept = fact_evidence(DOC, fact())
    rejected = rejection_evidence(DOC, fact(), "role-is-no-name")
    assert len(kept) == len(rejected) == 22
    only_kept = shape(kept) - shape(rejected)
    only_rejected = shape(rejected) - shape(kept)
    assert {(p, o) for _, p, o in only_kept} == {
        (curie("rdf:type"), curie("kg:Evidence")),
        (curie("prov:wasGeneratedBy"), iri("extraction/person-role-name")),
    }
    assert {(p, o) for _, p, o in only_rejected} == {
        (curie("rdf:type"), curie("kg:Rejection")),
        (curie("prov:wasInvalidatedBy"), iri("curation/role-is-no-name")),
    }
    assert {role for role, _, _ in only_kept | only_rejected} == {"reading"}


@pytest.mark.parametrize("write", [fact_evidence, lambda d, f: rejection_evidence(d, f, "c")])
def test_evidence_offsets_slice_the_words(write):
    triples = write(DOC, fact())
    start = int(value(triples, "selector", "oa:start"))
    end = int(value(triples, "selector", "oa:end"))
    offset = int(value(triples, "sentence", "oa:start"))
    sentence = value(triples, "sentence", "kg:text")
    assert (start, end, offset) == (110, 110 + len(NAME), 100)
    assert sentence[start - offset : end - offset] == value(triples, "selector", "oa:exact") == NAME


@pytest.mark.parametrize("write", [fact_evidence, lambda d, f: rejection_evidence(d, f, "c")])
def test_evidence_outside_its_sentence_is_refused_for_rejected_facts_too(write):
    with pytest.raises(ValueError, match="lies outside its sentence"):
        write(DOC, fact(start=SENTENCE.end - 4, end=SENTENCE.end + 6))


def test_evidence_and_rejection_of_the_same_reading_have_their_own_iris():
    kept = fact_evidence(DOC, fact())
    rejected = rejection_evidence(DOC, fact(), "c")
    (kept_node,) = {t.subject for t in kept if t.predicate.value == curie("kg:sentence")}
    (rejected_node,) = {t.subject for t in rejected if t.predicate.value == curie("kg:sentence")}
    assert kept_node.value.startswith(iri("evidence/"))
    assert rejected_node.value.startswith(iri("rejection/"))
    assert kept_node.value.rsplit("/", 1)[1] == rejected_node.value.rsplit("/", 1)[1]
