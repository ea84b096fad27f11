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
from functools import lru_cache

import pyoxigraph as ox

from kg.controlchars import without_bidi
from kg.extract.model import Extraction, Fact
from kg.extract.relations import KIND_CLASS, digest
from kg.language.corrections import is_correction_rule
from kg.language.reference import slug
from kg.language.rules import RuleSet
from kg.rdf.curation import activity_for, curation_triples
from kg.rdf.namespaces import ID, PREFIXES

IRI_VALUED = {"schema:sameAs"}
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


@lru_cache(maxsize=None)
def curie(value: str) -> ox.NamedNode:
    """A CURIE ("kg:Person") as an IRI; a few dozen distinct ones, so remembered."""
    prefix, _, local = value.partition(":")
    return ox.NamedNode(str(PREFIXES[prefix]) + local)


RDF_TYPE = curie("rdf:type")
XSD_INTEGER = curie("xsd:integer")


def node(key: str) -> ox.NamedNode:
    """An entity key ("org/rmo") or a CURIE ("kg:Person") as an IRI."""
    if ":" in key:
        return curie(key)
    return ox.NamedNode(str(ID) + key)


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


@dataclass
class DocumentTriples:
    """One document's triples: its own, the shared ones, and which rules fired."""

    iri: ox.NamedNode
    own: list[ox.Triple] = field(default_factory=list)
    shared: list[ox.Triple] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)
    topics: bool = False  # whether it names a topic (then the topic scheme is described)


def document_iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}doc/{slug(name)}")


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
            shared(ox.Triple(subject, curie("skos:inScheme"), node("topic")))
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
    own_curated, shared_curated = curation_triples(
        ex
    )  # the analyst's corrections (kg/rdf/curation.py)
    out.own += own_curated
    out.shared += shared_curated
    return out


def _add_fact(out: DocumentTriples, fact: Fact) -> None:
    d = out.iri
    s = node(fact.subject)
    p = curie(fact.predicate)
    o = literal(fact.object, fact.predicate, fact.datatype) if fact.literal else node(fact.object)
    out.shared.append(ox.Triple(s, p, o))
    ev = fact.evidence
    sentence = ox.NamedNode(f"{d.value}/s/{ev.sentence.start}-{ev.sentence.end}")
    e = ox.NamedNode(
        f"{ID}evidence/"
        f"{digest(s.value, p.value, o.value, d.value, str(ev.start), str(ev.end), ev.rule)}"
    )
    target, selector = ox.NamedNode(f"{e.value}/target"), ox.NamedNode(f"{e.value}/selector")
    out.own.extend(
        ox.Triple(*spo)
        for spo in (
            (sentence, RDF_TYPE, curie("kg:Sentence")),
            (sentence, curie("kg:text"), ox.Literal(ev.sentence.text)),
            (sentence, curie("oa:start"), integer(ev.sentence.start)),
            (sentence, curie("oa:end"), integer(ev.sentence.end)),
            (sentence, curie("dcterms:isPartOf"), d),
            (e, RDF_TYPE, curie("kg:Evidence")),
            (e, curie("rdf:subject"), s),
            (e, curie("rdf:predicate"), p),
            (e, curie("rdf:object"), o),
            (e, curie("prov:wasDerivedFrom"), d),
            (e, curie("kg:rule"), node(f"rule/{ev.rule}")),
            (e, curie("prov:wasGeneratedBy"), activity_for(ev.rule)),
            (e, curie("kg:sentence"), sentence),
            (e, curie("oa:hasTarget"), target),
            (target, RDF_TYPE, curie("oa:SpecificResource")),
            (target, curie("oa:hasSource"), d),
            (target, curie("oa:hasSelector"), selector),
            (selector, RDF_TYPE, curie("oa:TextPositionSelector")),
            (selector, RDF_TYPE, curie("oa:TextQuoteSelector")),
            (selector, curie("oa:start"), integer(ev.start)),
            (selector, curie("oa:end"), integer(ev.end)),
            (selector, curie("oa:exact"), ox.Literal(_exact(ev))),
        )
    )


def _exact(ev) -> str:
    text = ev.sentence.text
    offset = ev.sentence.start
    if offset <= ev.start and ev.end <= offset + len(text):
        return text[ev.start - offset : ev.end - offset]
    raise ValueError(
        f"evidence {ev.start}-{ev.end} lies outside its sentence {ev.sentence.start}-{ev.sentence.end}"
    )


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
        scheme = node("topic")
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
    by_id = {r.id: (r.kind, r.description) for r in rules.rules}
    agent = node("agent/kg")
    add(agent, RDF_TYPE, curie("prov:SoftwareAgent"))
    add(agent, curie("rdfs:label"), ox.Literal("kg"))
    add(agent, curie("kg:rulesVersion"), ox.Literal(rules.version))
    for rule_id in sorted(
        r for r in fired if not is_correction_rule(r)
    ):  # curations: kg/rdf/curation.py
        kind, description = by_id.get(rule_id) or BUILTIN_RULES.get(rule_id, ("", ""))
        r = node(f"rule/{rule_id}")
        add(r, RDF_TYPE, curie("kg:Rule"))
        add(r, curie("dcterms:identifier"), ox.Literal(rule_id))
        if description:
            add(r, curie("rdfs:comment"), ox.Literal(description, language="en"))
        if kind:
            add(r, curie("kg:ruleKind"), ox.Literal(kind))
        activity, association = (
            node(f"extraction/{rule_id}"),
            node(f"extraction/{rule_id}/association"),
        )
        add(activity, RDF_TYPE, curie("prov:Activity"))
        add(activity, curie("rdfs:label"), ox.Literal(f"extraction by rule {rule_id}"))
        add(activity, curie("prov:qualifiedAssociation"), association)
        add(association, RDF_TYPE, curie("prov:Association"))
        add(association, curie("prov:hadPlan"), r)
        add(association, curie("prov:agent"), agent)
    return out
