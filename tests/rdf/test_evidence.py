"""The evidence writer (kg/rdf/evidence.py): a kept fact and a rejected fact are told by
the same block of triples, facts read in the same words by one rule share their reading,
and the reading's offsets cut exactly the words read out of its sentence."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.extract.model import Evidence, Fact, Sentence
from kg.rdf.evidence import fact_evidence, fact_node, fact_statement, rejection_evidence
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


def reading_of(triples: list[ox.Triple]) -> ox.NamedNode:
    return next(t.subject for t in triples if t.predicate.value == curie("kg:sentence"))


def shape(triples: list[ox.Triple]) -> set[tuple[str, str, str]]:
    """(role of the subject, predicate, role or value of the object)."""
    reading = reading_of(triples)
    named = {reading.value: "reading"}
    named.update(
        (t.object.value, "sentence") for t in triples if t.predicate.value == curie("kg:sentence")
    )
    return {
        (named[t.subject.value], t.predicate.value, named.get(t.object.value, t.object.value))
        for t in triples
    }


def value(triples: list[ox.Triple], subject: ox.NamedNode, predicate: str) -> str:
    (found,) = [
        t.object.value
        for t in triples
        if t.subject == subject and t.predicate.value == curie(predicate)
    ]
    return found


def test_evidence_of_a_fact_and_of_a_rejected_fact_have_the_same_shape():
    kept = fact_evidence(DOC, fact())
    rejected = rejection_evidence(DOC, fact(), "role-is-no-name")
    assert len(kept) == 11 and len(rejected) == 12
    only_kept = shape(kept) - shape(rejected)
    only_rejected = shape(rejected) - shape(kept)
    assert {(p, o) for _, p, o in only_kept} == {(curie("rdf:type"), curie("kg:Evidence"))}
    assert {(p, o) for _, p, o in only_rejected} == {
        (curie("rdf:type"), curie("kg:Rejection")),
        (curie("prov:wasInvalidatedBy"), iri("curation/role-is-no-name")),
    }
    assert {role for role, _, _ in only_kept | only_rejected} == {"reading"}


def test_evidence_has_the_fact_as_body_and_the_fact_node_reifies_it():
    kept = fact_evidence(DOC, fact())
    (body,) = [t.object for t in kept if t.predicate.value == curie("oa:hasBody")]
    assert body == fact_node(fact())
    statement = fact_statement(fact())
    assert {t.subject for t in statement} == {body}
    assert value(statement, body, "rdf:subject") == iri("person/karin-van-lieshout")
    assert value(statement, body, "rdf:predicate") == curie("rdfs:label")
    assert value(statement, body, "rdf:object") == NAME


def test_facts_read_in_the_same_words_by_the_same_rule_share_one_reading():
    label = fact()
    kind = Fact("person/karin-van-lieshout", "rdf:type", "kg:Person", label.evidence)
    one, two = fact_evidence(DOC, label), fact_evidence(DOC, kind)
    assert reading_of(one) == reading_of(two)
    assert len(set(one) | set(two)) == len(one) + 1  # only the second body is new
    elsewhere = fact(start=100, end=109)
    assert reading_of(fact_evidence(DOC, elsewhere)) != reading_of(one)


@pytest.mark.parametrize("write", [fact_evidence, lambda d, f: rejection_evidence(d, f, "c")])
def test_evidence_offsets_slice_the_words(write):
    triples = write(DOC, fact())
    reading = reading_of(triples)
    sentence = ox.NamedNode(value(triples, reading, "kg:sentence"))
    start = int(value(triples, reading, "oa:start"))
    end = int(value(triples, reading, "oa:end"))
    offset = int(value(triples, sentence, "oa:start"))
    text = value(triples, sentence, "kg:text")
    assert (start, end, offset) == (110, 110 + len(NAME), 100)
    assert text[start - offset : end - offset] == NAME


@pytest.mark.parametrize("write", [fact_evidence, lambda d, f: rejection_evidence(d, f, "c")])
def test_evidence_outside_its_sentence_is_refused_for_rejected_facts_too(write):
    with pytest.raises(ValueError, match="lies outside its sentence"):
        write(DOC, fact(start=SENTENCE.end - 4, end=SENTENCE.end + 6))


def test_evidence_and_rejection_of_the_same_reading_have_their_own_iris():
    kept = reading_of(fact_evidence(DOC, fact()))
    rejected = reading_of(rejection_evidence(DOC, fact(), "c"))
    assert kept.value.startswith(iri("evidence/"))
    assert rejected.value.startswith(iri("rejection/"))
