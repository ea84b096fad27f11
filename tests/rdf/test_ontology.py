"""ontology/kg.ttl and ontology/shapes.ttl: they parse, and kg.ttl declares and documents
the model."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.rdf.namespaces import KG, OA, SH
from kg.resources import ontology_path

MODEL_MD = Path(__file__).resolve().parents[2] / "docs" / "model.md"
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-sociaal-domein/def")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path("kg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def _kg_terms(g: Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(str(KG))
    }


def _model_terms() -> set[str]:
    return set(re.findall(r"\bkg:(\w+)", MODEL_MD.read_text(encoding="utf-8")))


def test_ontology_parses_with_rdflib(ontology):
    assert len(ontology) > 100


def test_ontology_parses_with_pyoxigraph():
    quads = list(
        pyoxigraph.parse(path=str(ontology_path("kg.ttl")), format=pyoxigraph.RdfFormat.TURTLE)
    )
    assert len(quads) > 100


def test_ontology_has_a_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        languages = {o.language for o in ontology.objects(ONTOLOGY_IRI, prop)}
        assert {"nl", "en"} <= languages, prop


def test_ontology_does_not_import(ontology):
    # kg must work offline and load in Protégé without network.
    assert not list(ontology.triples((None, OWL.imports, None)))


def test_ontology_has_one_ontology_header(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]


@pytest.mark.parametrize(
    "prop,lang",
    [(RDFS.label, "nl"), (RDFS.label, "en"), (SKOS.definition, "nl"), (SKOS.definition, "en")],
)
def test_ontology_terms_are_labelled_and_defined(ontology, prop, lang):
    missing = sorted(
        term.n3(ontology.namespace_manager)
        for term in _kg_terms(ontology)
        if not any(
            isinstance(o, Literal) and o.language == lang for o in ontology.objects(term, prop)
        )
    )
    assert not missing, f"{prop} @{lang} missing on {missing}"


def test_ontology_declares_every_term_of_the_model(ontology):
    declared = {str(term)[len(str(KG)) :] for term in _kg_terms(ontology)}
    missing = sorted(_model_terms() - declared)
    assert not missing, f"used in docs/model.md but not declared in kg.ttl: {missing}"


@pytest.mark.parametrize(
    "term",
    [
        "ruleKind",
        "directQuote",
        "workKind",
        "placeKind",
        "territory",
        "document",
        "mentions",
        "responsibleFor",
        "recommendedBy",
        "recommendedTo",
        "speaker",
        "sentence",
        "text",
        "genre",
        "encoding",
        "Curation",
        "rule",
        "rulesVersion",
    ],
)
def test_ontology_declares_required_term(ontology, term):
    assert KG[term] in _kg_terms(ontology)


@pytest.mark.parametrize(
    "sub,sup",
    [
        (KG.Rule, PROV.Plan),
        (KG.Evidence, OA.Annotation),
        (KG.Evidence, PROV.Entity),
        (KG.Rejection, OA.Annotation),
        (PROV.Plan, PROV.Entity),
        (PROV.SoftwareAgent, PROV.Agent),
        (PROV.Person, PROV.Agent),
        (KG.Curation, PROV.Activity),
        (KG.Person, KG.Actor),
        (KG.Municipality, KG.GovernmentBody),
        (KG.GovernmentBody, KG.Organisation),
        (KG.Organisation, KG.Actor),
        (KG.Group, KG.Actor),
        (KG.Document, PROV.Entity),
    ],
)
def test_ontology_subclass_links(ontology, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ontology


def test_ontology_evidence_names_its_rule_and_the_agent_carries_the_rules_version(ontology):
    domain = ontology.value(KG.rule, RDFS.domain)
    members = set(Collection(ontology, ontology.value(domain, OWL.unionOf)))
    assert members == {
        KG.Evidence,
        KG.Rejection,
    }  # a rejected fact still names the rule that made it
    assert (KG.rule, RDFS.range, KG.Rule) in ontology
    assert (KG.rulesVersion, RDFS.domain, PROV.SoftwareAgent) in ontology


@pytest.mark.parametrize(
    "term",
    [
        PROV.Activity,
        PROV.Association,
        PROV.SoftwareAgent,
        PROV.Plan,
        PROV.Entity,
        PROV.qualifiedAssociation,
        PROV.hadPlan,
        PROV.agent,
        PROV.wasInvalidatedBy,
    ],
)
def test_ontology_declares_the_reused_prov_terms(ontology, term):
    assert ontology.value(term, RDFS.isDefinedBy) == URIRef("http://www.w3.org/ns/prov#")


def test_ontology_reused_terms_are_declared_with_their_vocabulary(ontology):
    kg_terms = _kg_terms(ontology)
    reused = set()
    for term in kg_terms:
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.range):
            reused.update(o for o in ontology.objects(term, p) if isinstance(o, URIRef))
    builtin = (
        str(KG),
        "http://www.w3.org/2001/XMLSchema#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
    )
    reused = {t for t in reused if not str(t).startswith(builtin)}
    undeclared = sorted(t for t in reused if ontology.value(t, RDFS.isDefinedBy) is None)
    assert reused and not undeclared, undeclared


def test_ontology_kg_terms_are_defined_by_the_ontology(ontology):
    assert all(ontology.value(t, RDFS.isDefinedBy) == ONTOLOGY_IRI for t in _kg_terms(ontology))


def test_ontology_shapes_parse(shapes):
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) >= 12


def test_ontology_shapes_parse_with_pyoxigraph():
    quads = list(
        pyoxigraph.parse(path=str(ontology_path("shapes.ttl")), format=pyoxigraph.RdfFormat.TURTLE)
    )
    assert quads


def test_ontology_shapes_are_valid_shacl(shapes):
    # Validate the shapes graph against SHACL-SHACL (the shapes of SHACL itself).
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_ontology_every_shape_constraint_has_a_message_and_property_shapes_a_name(shapes):
    property_shapes = set(shapes.objects(None, SH.property))
    assert property_shapes
    assert all(shapes.value(ps, SH.message) is not None for ps in property_shapes)
    assert all(shapes.value(ps, SH.name) is not None for ps in property_shapes)
    assert all(shapes.value(c, SH.message) is not None for c in shapes.objects(None, SH.sparql))


def test_ontology_shapes_target_only_declared_classes(ontology, shapes):
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert targets <= declared, sorted(targets - declared)


def test_ontology_shapes_use_only_declared_kg_terms(ontology, shapes):
    text = ontology_path("shapes.ttl").read_text(encoding="utf-8")
    used = set(re.findall(r"\bkg:(\w+)", text))
    declared = {str(term)[len(str(KG)) :] for term in _kg_terms(ontology)}
    assert used <= declared, sorted(used - declared)
