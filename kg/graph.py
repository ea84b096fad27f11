"""Turn extractions into one RDF graph: entities, facts, and an evidence node per fact
(docs/model.md). IRIs are minted from names and content hashes, never at random, so
the same corpus gives the same triples and byte-identical Turtle."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg.extract import KIND_CLASS, digest
from kg.model import Extraction, Fact
from kg.reference import slug
from kg.namespaces import ID, KG, OA, PREFIXES, bind_prefixes
from kg.rules import RuleSet

IRI_VALUED = {"schema:sameAs"}
KEY_VALUED = {"kg:territory"}

# Rules that live in code or in the reference data rather than in patterns.yaml.
BUILTIN_RULES = {
    "org-gazetteer": ("gazetteer", "An organisation, government body or group of ontology/reference/organisations.yaml."),
    "law-gazetteer": ("gazetteer", "A law of ontology/reference/laws.yaml, by its title or short name."),
    "municipality-gazetteer": ("gazetteer", "A municipality of ontology/reference/municipalities.tsv."),
    "place-gazetteer": ("gazetteer", "A province, region or landmark of ontology/reference/places.yaml."),
    "topic-gazetteer": ("gazetteer", "A policy theme of ontology/reference/topics.yaml named in the document."),
    "author-byline": ("document", "The name under 'Over Auteur' (or a similar heading) is the document's author."),
    "person-surname-ref": ("person", "A surname, with or without its particles, refers to the person named in full earlier."),
    "person-first-name-ref": ("person", "A first name on its own refers to the one person in the document with that first name."),
    "municipality-in-context": ("municipality", "'de gemeente' in a text about one municipality (named at least twice, 60% of "
                                "municipality mentions) is that municipality."),
}


def curie(value: str) -> URIRef:
    prefix, _, local = value.partition(":")
    return URIRef(str(PREFIXES[prefix]) + local)


def node(key: str) -> URIRef:
    """An entity key ("org/rmo") or a CURIE ("kg:Person") as an IRI."""
    if ":" in key:
        return curie(key)
    return ID[key]


def literal(value: str, predicate: str, datatype: str | None = None) -> Literal:
    if datatype:
        return Literal(value, datatype=curie(datatype))
    if predicate.startswith("skos:") and predicate != "skos:notation":
        return Literal(value, lang="nl")
    return Literal(value)


def build_graph(extractions: list[Extraction], rules: RuleSet) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    add = graph.add
    fired: set[str] = set()
    topics = False
    for ex in extractions:
        doc = ex.document
        d = ID[f"doc/{_doc_slug(ex)}"]
        add((d, RDF.type, KG.Document))
        add((d, DCTERMS.identifier, Literal(doc.name)))
        if doc.title:
            add((d, DCTERMS.title, Literal(doc.title)))
        if doc.genre:
            add((d, KG.genre, Literal(doc.genre)))
        add((d, KG.encoding, Literal(doc.encoding)))
        add((d, KG.text, Literal(doc.text)))
        for entity in ex.entities.values():
            subject = ID[entity.key]
            if entity.kind == "Role":
                add((subject, RDF.type, ORG.Role))
            else:
                add((subject, RDF.type, curie(KIND_CLASS[entity.kind])))
            if entity.kind == "Topic":
                topics = True
                add((subject, SKOS.inScheme, ID["topic"]))
            for predicate, value in entity.props:
                pred, _, lang = predicate.partition("@")
                if pred in IRI_VALUED:
                    obj = URIRef(value)
                elif pred in KEY_VALUED:
                    obj = ID[value]
                elif lang:
                    obj = Literal(value, lang=lang)
                else:
                    obj = literal(value, pred)
                add((subject, curie(pred), obj))
        for fact in ex.facts:
            _add_fact(graph, d, fact)
            fired.add(fact.evidence.rule)
    if topics:
        scheme = ID["topic"]
        add((scheme, RDF.type, SKOS.ConceptScheme))
        add((scheme, SKOS.prefLabel, Literal("Beleidsthema's in het sociaal domein", lang="nl")))
        add((scheme, SKOS.prefLabel, Literal("Policy themes of the social domain", lang="en")))
    _add_rules(graph, fired, rules)
    return graph


def _doc_slug(ex: Extraction) -> str:
    return slug(ex.document.name)


def _add_fact(graph: Graph, doc_node: URIRef, fact: Fact) -> None:
    s = node(fact.subject)
    p = curie(fact.predicate)
    o = literal(fact.object, fact.predicate, fact.datatype) if fact.literal else node(fact.object)
    graph.add((s, p, o))
    ev = fact.evidence
    sentence = URIRef(f"{doc_node}/s/{ev.sentence.start}-{ev.sentence.end}")
    graph.add((sentence, RDF.type, KG.Sentence))
    graph.add((sentence, KG.text, Literal(ev.sentence.text)))
    graph.add((sentence, OA.start, Literal(ev.sentence.start)))
    graph.add((sentence, OA.end, Literal(ev.sentence.end)))
    graph.add((sentence, DCTERMS.isPartOf, doc_node))
    e = ID[f"evidence/{digest(str(s), str(p), str(o), str(doc_node), str(ev.start), str(ev.end), ev.rule)}"]
    target, selector = URIRef(f"{e}/target"), URIRef(f"{e}/selector")
    for triple in (
        (e, RDF.type, KG.Evidence),
        (e, RDF.subject, s),
        (e, RDF.predicate, p),
        (e, RDF.object, o),
        (e, PROV.wasDerivedFrom, doc_node),
        (e, KG.rule, ID[f"rule/{ev.rule}"]),
        (e, PROV.wasGeneratedBy, ID[f"extraction/{ev.rule}"]),
        (e, KG.sentence, sentence),
        (e, OA.hasTarget, target),
        (target, RDF.type, OA.SpecificResource),
        (target, OA.hasSource, doc_node),
        (target, OA.hasSelector, selector),
        (selector, RDF.type, OA.TextPositionSelector),
        (selector, RDF.type, OA.TextQuoteSelector),
        (selector, OA.start, Literal(ev.start)),
        (selector, OA.end, Literal(ev.end)),
    ):
        graph.add(triple)
    graph.add((selector, OA.exact, Literal(_exact(fact, ev))))


def _exact(fact: Fact, ev) -> str:
    text = ev.sentence.text
    offset = ev.sentence.start
    if offset <= ev.start and ev.end <= offset + len(text):
        return text[ev.start - offset : ev.end - offset]
    raise ValueError(f"evidence {ev.start}-{ev.end} lies outside its sentence {ev.sentence.start}-{ev.sentence.end}")


def _add_rules(graph: Graph, fired: set[str], rules: RuleSet) -> None:
    """Each rule that fired is a prov:Plan; its extraction is a prov:Activity associated
    with kg (the software agent) following that plan. (PROV-O keeps activities and
    entities apart, so evidence is generated by the activity, not by the rule.)"""
    by_id = {r.id: (r.kind, r.description) for r in rules.rules}
    agent = ID["agent/kg"]
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal("kg")))
    graph.add((agent, KG.rulesVersion, Literal(rules.version)))
    for rule_id in sorted(fired):
        kind, description = by_id.get(rule_id) or BUILTIN_RULES.get(rule_id, ("", ""))
        r = ID[f"rule/{rule_id}"]
        graph.add((r, RDF.type, KG.Rule))
        graph.add((r, DCTERMS.identifier, Literal(rule_id)))
        if description:
            graph.add((r, RDFS.comment, Literal(description, lang="en")))
        if kind:
            graph.add((r, KG.ruleKind, Literal(kind)))
        activity, association = ID[f"extraction/{rule_id}"], ID[f"extraction/{rule_id}/association"]
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, RDFS.label, Literal(f"extraction by rule {rule_id}")))
        graph.add((activity, PROV.qualifiedAssociation, association))
        graph.add((association, RDF.type, PROV.Association))
        graph.add((association, PROV.hadPlan, r))
        graph.add((association, PROV.agent, agent))
