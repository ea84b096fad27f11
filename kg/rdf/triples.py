"""Turn one document's extraction into RDF triples: entities, facts, and an evidence node
per fact (docs/model.md). IRIs are minted from names and content hashes, never at random,
so the same article gives the same triples.

A document's triples fall in two parts. Its own (the document node, its sentences, the
evidence nodes with their targets and selectors) belong to it alone: their IRIs contain
the document or a hash of it. The shared part (entities and the facts themselves) may be
said by several documents and is merged across the corpus. Keeping the two apart lets a
build reuse a cached document as is and lets the store replace one document's triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.extract.model import Extraction, Fact
from kg.extract.relations import KIND_CLASS
from kg.language.corrections import is_correction_rule
from kg.language.rules import RuleSet
from kg.rdf.curation import curation_triples
from kg.rdf.evidence import fact_evidence
from kg.rdf.iris import (
    AGENT_KG,
    TOPIC_SCHEME,
    association_key,
    document_key,
    extraction_key,
    rule_key,
)
from kg.rdf.terms import RDF_TYPE, curie, fact_object, literal, node

IRI_VALUED = {"schema:sameAs"}
KEY_VALUED = {"kg:territory"}

# Rules that live in code or in the reference data rather than in patterns.yaml.
BUILTIN_RULES = {
    "org-gazetteer": (
        "gazetteer",
        "An organisation, government body or group of ontology/reference/organisations.yaml.",
    ),
    "law-gazetteer": (
        "gazetteer",
        "A law of ontology/reference/laws.yaml, by its title or short name.",
    ),
    "municipality-gazetteer": (
        "gazetteer",
        "A municipality of ontology/reference/municipalities.tsv.",
    ),
    "place-gazetteer": (
        "gazetteer",
        "A province, region or landmark of ontology/reference/places.yaml.",
    ),
    "topic-gazetteer": (
        "gazetteer",
        "A policy theme of ontology/reference/topics.yaml named in the document.",
    ),
    "author-byline": (
        "document",
        "The name under 'Over Auteur' (or a similar heading) is the document's author.",
    ),
    "person-surname-ref": (
        "person",
        "A surname, with or without its particles, refers to the person named in full earlier.",
    ),
    "person-first-name-ref": (
        "person",
        "A first name on its own refers to the one person in the document with that first name.",
    ),
    "municipality-in-context": (
        "municipality",
        "'de gemeente' in a text about one municipality (named at least twice, 60% of "
        "municipality mentions) is that municipality.",
    ),
}


@dataclass
class DocumentTriples:
    """One document's triples: its own, the shared ones, and which rules fired."""

    iri: ox.NamedNode
    own: list[ox.Triple] = field(default_factory=list)
    shared: list[ox.Triple] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)
    topics: bool = False  # whether it names a topic (then the topic scheme is described)


def document_iri(name: str) -> ox.NamedNode:
    return node(document_key(name))


def document_triples(ex: Extraction) -> DocumentTriples:
    doc = ex.document
    d = document_iri(doc.name)
    out = DocumentTriples(d)
    own = out.own.append
    own(ox.Triple(d, RDF_TYPE, curie("kg:Document")))
    own(ox.Triple(d, curie("dcterms:identifier"), ox.Literal(doc.name)))
    if doc.title:
        own(ox.Triple(d, curie("dcterms:title"), literal(doc.title, "dcterms:title")))
    if doc.genre:
        own(ox.Triple(d, curie("kg:genre"), ox.Literal(doc.genre)))
    own(ox.Triple(d, curie("kg:encoding"), ox.Literal(doc.encoding)))
    if doc.sha256:  # of the file as read; kg:text is the text after decoding and stripping
        own(ox.Triple(d, curie("kg:sourceSha256"), ox.Literal(doc.sha256)))
    for note in doc.notes:
        own(ox.Triple(d, curie("kg:readingNote"), ox.Literal(note)))
    own(ox.Triple(d, curie("kg:text"), ox.Literal(doc.text)))
    shared = out.shared.append
    for entity in ex.entities.values():
        subject = node(entity.key)
        shared(
            ox.Triple(
                subject,
                RDF_TYPE,
                curie("org:Role" if entity.kind == "Role" else KIND_CLASS[entity.kind]),
            )
        )
        if entity.kind == "Topic":
            out.topics = True
            shared(ox.Triple(subject, curie("skos:inScheme"), node(TOPIC_SCHEME)))
        for predicate, value in entity.props:
            pred = predicate.partition("@")[0]
            if pred in IRI_VALUED:
                obj = ox.NamedNode(value)
            elif pred in KEY_VALUED:
                obj = node(value)
            else:
                obj = literal(value, predicate)
            shared(ox.Triple(subject, curie(pred), obj))
    for fact in ex.facts:
        _add_fact(out, fact)
        out.rules.add(fact.evidence.rule)
    own_curated, shared_curated = curation_triples(ex)  # the analyst's corrections
    out.own += own_curated
    out.shared += shared_curated
    return out


def _add_fact(out: DocumentTriples, fact: Fact) -> None:
    out.shared.append(ox.Triple(node(fact.subject), curie(fact.predicate), fact_object(fact)))
    out.own += fact_evidence(out.iri, fact)


def build_triples(fired: set[str], rules: RuleSet, topics: bool) -> list[ox.Triple]:
    """What a build says about itself, as far as one document is concerned: the topic
    scheme (when it names a topic), and each rule that fired as a prov:Plan whose
    extraction is a prov:Activity associated with kg, the software agent, following that
    plan (PROV-O keeps activities and entities apart, so evidence is generated by the
    activity, not by the rule). The same for every document that fires a rule, so these
    triples merge."""
    out: list[ox.Triple] = []
    add = lambda s, p, o: out.append(ox.Triple(s, p, o))  # noqa: E731
    if topics:
        scheme = node(TOPIC_SCHEME)
        add(scheme, RDF_TYPE, curie("skos:ConceptScheme"))
        add(
            scheme,
            curie("skos:prefLabel"),
            ox.Literal("Beleidsthema's in het sociaal domein", language="nl"),
        )
        add(
            scheme,
            curie("skos:prefLabel"),
            ox.Literal("Policy themes of the social domain", language="en"),
        )
    by_id = {**BUILTIN_RULES, **{r.id: (r.kind, r.description) for r in rules.rules}}
    agent = node(AGENT_KG)
    add(agent, RDF_TYPE, curie("prov:SoftwareAgent"))
    add(agent, curie("rdfs:label"), ox.Literal("kg"))
    add(agent, curie("kg:rulesVersion"), ox.Literal(rules.version))
    for rule_id in sorted(r for r in fired if not is_correction_rule(r)):  # curations: curation.py
        kind, description = by_id.get(rule_id, ("", ""))
        r = node(rule_key(rule_id))
        add(r, RDF_TYPE, curie("kg:Rule"))
        add(r, curie("dcterms:identifier"), ox.Literal(rule_id))
        if description:
            add(r, curie("rdfs:comment"), ox.Literal(description, language="en"))
        if kind:
            add(r, curie("kg:ruleKind"), ox.Literal(kind))
        key = extraction_key(rule_id)
        activity, association = node(key), node(association_key(key))
        add(activity, RDF_TYPE, curie("prov:Activity"))
        add(activity, curie("rdfs:label"), ox.Literal(f"extraction by rule {rule_id}"))
        add(activity, curie("prov:qualifiedAssociation"), association)
        add(association, RDF_TYPE, curie("prov:Association"))
        add(association, curie("prov:hadPlan"), r)
        add(association, curie("prov:agent"), agent)
    return out
