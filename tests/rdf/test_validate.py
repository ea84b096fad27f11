"""kg.rdf.validate: hand-built graphs that follow docs/model.md, and broken variants of them."""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

import kg.resources
from kg.rdf.namespaces import ID, KG, OA, bind_prefixes
from kg.rdf.validate import ValidationResult, validate
from kg.resources import ontology_path, package_path

TEXT = (
    "Opinie\n"
    "De Raad voor Maatschappelijke Ontwikkeling adviseert gemeenten de Wmo 2015 "
    "eenvoudiger uit te voeren.\n"
    "Wethouder Jan de Vries van Utrecht zegt: 'Wij doen dat al.'\n"
)
QUOTE = "Raad voor Maatschappelijke Ontwikkeling"
SENTENCE = (
    "De Raad voor Maatschappelijke Ontwikkeling adviseert gemeenten de Wmo 2015 "
    "eenvoudiger uit te voeren."
)

DOC = ID["doc/001-b762c0c2350ba8bf"]
RMO = ID["org/rmo"]
PERSON = ID["person/jan-de-vries"]
UTRECHT = ID["gemeente/GM0344"]
PLACE = ID["place/utrecht"]
WMO = ID["law/BWBR0035362"]
TOPIC = ID["topic/wmo"]
ROLE = ID["role/wethouder"]
RULE = ID["rule/org-gazetteer"]
EXTRACTION = ID["extraction/org-gazetteer"]
ASSOCIATION = ID["extraction/org-gazetteer/association"]
AGENT = ID["agent/kg"]
EVIDENCE = ID["evidence/0a1b2c"]
FACT = ID["fact/3d4e5f"]
STATEMENT = ID["statement/5e6f"]
RECOMMENDATION = ID["recommendation/7a8b"]
WORK = ID["work/rmo-advies"]
AFFILIATION = ID["affiliation/9c0d"]


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def complete_graph() -> Graph:
    """A small graph with one node of every kind, typed with its most specific class only."""
    g = Graph()
    bind_prefixes(g)
    s_start = TEXT.index(SENTENCE)
    s_end = s_start + len(SENTENCE)
    sentence = ID[f"doc/001-b762c0c2350ba8bf/s/{s_start}-{s_end}"]
    q_start = TEXT.index(QUOTE)
    q_end = q_start + len(QUOTE)

    g.add((DOC, RDF.type, KG.Document))
    g.add((DOC, DCTERMS.identifier, Literal("001_b762c0c2350ba8bf.txt")))
    g.add((DOC, DCTERMS.title, Literal("Eenvoudiger uitvoeren")))
    g.add((DOC, DCTERMS.creator, PERSON))
    g.add((DOC, KG.genre, Literal("Opinie")))
    g.add((DOC, KG.encoding, Literal("utf-8")))
    g.add((DOC, KG.text, Literal(TEXT)))
    g.add((DOC, KG.mentions, RMO))
    g.add((DOC, DCTERMS.subject, TOPIC))

    g.add((sentence, RDF.type, KG.Sentence))
    g.add((sentence, KG.text, Literal(SENTENCE)))
    g.add((sentence, OA.start, _int(s_start)))
    g.add((sentence, OA.end, _int(s_end)))
    g.add((sentence, DCTERMS.isPartOf, DOC))

    g.add((RMO, RDF.type, KG.Organisation))
    g.add((RMO, RDFS.label, Literal("Raad voor Maatschappelijke Ontwikkeling", lang="nl")))
    g.add((RMO, SKOS.notation, Literal("RMO")))
    g.add((PERSON, RDF.type, KG.Person))
    g.add((PERSON, RDFS.label, Literal("Jan de Vries")))
    g.add((UTRECHT, RDF.type, KG.Municipality))
    g.add((UTRECHT, RDFS.label, Literal("Utrecht")))
    g.add((UTRECHT, DCTERMS.identifier, Literal("GM0344")))
    g.add((UTRECHT, KG.territory, PLACE))
    g.add((UTRECHT, KG.responsibleFor, WMO))
    g.add((PLACE, RDF.type, KG.Place))
    g.add((PLACE, RDFS.label, Literal("Utrecht")))
    g.add((PLACE, KG.placeKind, Literal("gemeente")))
    g.add((WMO, RDF.type, KG.Law))
    g.add((WMO, RDFS.label, Literal("Wet maatschappelijke ondersteuning 2015")))
    g.add((WMO, SKOS.altLabel, Literal("Wmo 2015")))
    g.add((WMO, DCTERMS.identifier, Literal("BWBR0035362")))
    g.add((TOPIC, RDF.type, SKOS.Concept))
    g.add((TOPIC, SKOS.prefLabel, Literal("Wmo", lang="nl")))
    g.add((TOPIC, SKOS.prefLabel, Literal("Social Support Act", lang="en")))
    g.add((TOPIC, SKOS.inScheme, ID.topic))
    g.add((ROLE, RDF.type, ORG.Role))
    g.add((ROLE, RDFS.label, Literal("wethouder")))
    g.add((AFFILIATION, RDF.type, KG.Affiliation))
    g.add((AFFILIATION, ORG.member, PERSON))
    g.add((AFFILIATION, ORG.organization, UTRECHT))
    g.add((AFFILIATION, ORG.role, ROLE))

    g.add((RECOMMENDATION, RDF.type, KG.Recommendation))
    g.add((RECOMMENDATION, KG.text, Literal("de Wmo 2015 eenvoudiger uit te voeren")))
    g.add((RECOMMENDATION, KG.document, DOC))
    g.add((RECOMMENDATION, KG.recommendedBy, RMO))
    g.add((RECOMMENDATION, KG.recommendedTo, UTRECHT))
    g.add((STATEMENT, RDF.type, KG.Statement))
    g.add((STATEMENT, KG.speaker, PERSON))
    g.add((STATEMENT, KG.text, Literal("Wij doen dat al.")))
    g.add((STATEMENT, KG.directQuote, Literal(True)))
    g.add((STATEMENT, KG.document, DOC))
    g.add((WORK, RDF.type, KG.Work))
    g.add((WORK, DCTERMS.title, Literal("Eenvoud loont")))
    g.add((WORK, DCTERMS.creator, RMO))
    g.add((WORK, KG.workKind, Literal("advice")))

    g.add((RULE, RDF.type, KG.Rule))
    g.add((RULE, DCTERMS.identifier, Literal("org-gazetteer")))
    g.add((RULE, RDFS.comment, Literal("Names of organisations from the reference list.")))
    g.add((RULE, KG.ruleKind, Literal("gazetteer")))
    g.add((EXTRACTION, RDF.type, PROV.Activity))
    g.add((EXTRACTION, RDFS.label, Literal("extraction by rule org-gazetteer")))
    g.add((EXTRACTION, PROV.qualifiedAssociation, ASSOCIATION))
    g.add((ASSOCIATION, RDF.type, PROV.Association))
    g.add((ASSOCIATION, PROV.hadPlan, RULE))
    g.add((ASSOCIATION, PROV.agent, AGENT))
    g.add((AGENT, RDF.type, PROV.SoftwareAgent))
    g.add((AGENT, RDFS.label, Literal("kg")))
    g.add((AGENT, KG.rulesVersion, Literal("8ed34ac842c9a512")))

    g.add((EVIDENCE, RDF.type, KG.Evidence))
    g.add((EVIDENCE, OA.hasBody, FACT))
    g.add((EVIDENCE, KG.rule, RULE))
    g.add((EVIDENCE, KG.sentence, sentence))
    g.add((EVIDENCE, OA.start, _int(q_start)))
    g.add((EVIDENCE, OA.end, _int(q_end)))
    g.add((FACT, RDF.subject, RMO))
    g.add((FACT, RDF.predicate, RDF.type))
    g.add((FACT, RDF.object, KG.Organisation))
    return g


def _replace(g: Graph, s, p, o) -> Graph:
    g.remove((s, p, None))
    g.add((s, p, o))
    return g


def test_validate_complete_graph_conforms():
    result = validate(complete_graph())
    assert isinstance(result, ValidationResult)
    assert result.conforms, result.report
    assert result.violations == 0
    assert "conforms" in result.report


def test_validate_leaves_the_graph_unchanged():
    g = complete_graph()
    before = len(g)
    validate(g)
    assert len(g) == before


def test_validate_person_is_an_actor_through_the_ontology():
    g = complete_graph()
    # Only the most specific class is asserted: the sh:class kg:Actor checks on
    # kg:speaker and dcterms:creator pass through kg:Person rdfs:subClassOf kg:Actor.
    assert (PERSON, RDF.type, KG.Actor) not in g
    assert (PERSON, RDF.type, KG.Person) in g
    assert (STATEMENT, KG.speaker, PERSON) in g
    assert validate(g).conforms


def test_validate_municipality_is_an_actor_and_organisation_through_the_ontology():
    g = complete_graph()
    # kg:Municipality ⊑ kg:GovernmentBody ⊑ kg:Organisation ⊑ kg:Actor: two and
    # three steps up; the actor shape also targets it (its label is checked).
    g.remove((UTRECHT, RDFS.label, None))
    result = validate(g)
    assert not result.conforms
    assert "exactly one name (rdfs:label)" in result.report
    assert "id:gemeente/GM0344" in result.report


def test_validate_ranges_do_not_make_any_speaker_an_actor():
    # kg:speaker has rdfs:range kg:Actor in kg.ttl; validation must not use it
    # to infer that a law speaking is an actor.
    g = complete_graph()
    g.add((STATEMENT, KG.speaker, WMO))
    result = validate(g)
    assert not result.conforms
    assert "every speaker must be an actor" in result.report
    assert "id:law/BWBR0035362" in result.report


def _without_rule(g: Graph) -> Graph:
    g.remove((EVIDENCE, KG.rule, None))
    return g


def _rule_not_a_rule(g: Graph) -> Graph:
    return _replace(g, EVIDENCE, KG.rule, DOC)


def _extraction_without_plan(g: Graph) -> Graph:
    g.remove((ASSOCIATION, PROV.hadPlan, None))
    return g


def _extraction_plan_not_a_rule(g: Graph) -> Graph:
    return _replace(g, ASSOCIATION, PROV.hadPlan, DOC)


def _extraction_without_association(g: Graph) -> Graph:
    g.remove((EXTRACTION, PROV.qualifiedAssociation, None))
    return g


def _extraction_agent_a_person(g: Graph) -> Graph:
    return _replace(g, ASSOCIATION, PROV.agent, PERSON)


def _agent_without_rules_version(g: Graph) -> Graph:
    g.remove((AGENT, KG.rulesVersion, None))
    return g


def test_validate_evidence_without_kg_rule_fails():
    g = _without_rule(complete_graph())
    result = validate(g)
    assert not result.conforms
    assert "id:evidence/0a1b2c  kg:rule" in result.report, result.report


def test_validate_evidence_that_read_no_fact_fails():
    g = complete_graph()
    g.remove((EVIDENCE, OA.hasBody, None))
    result = validate(g)
    assert not result.conforms
    assert "id:evidence/0a1b2c  oa:hasBody" in result.report, result.report


def test_validate_every_activity_needs_an_association_with_a_rule():
    # The extraction shape targets every prov:Activity, not only those evidence points to.
    g = complete_graph()
    g.add((RULE, RDF.type, PROV.Activity))
    result = validate(g)
    assert not result.conforms
    assert "id:rule/org-gazetteer  prov:qualifiedAssociation" in result.report, result.report


def _municipality_code(g: Graph) -> Graph:
    return _replace(g, UTRECHT, DCTERMS.identifier, Literal("0150"))


def _law_identifier(g: Graph) -> Graph:
    return _replace(g, WMO, DCTERMS.identifier, Literal("Wmo2015"))


def _without_body(g: Graph) -> Graph:
    g.remove((EVIDENCE, OA.hasBody, None))
    return g


def _offsets_outside_sentence(g: Graph) -> Graph:
    return _replace(g, EVIDENCE, OA.start, _int(2))


def _negative_start(g: Graph) -> Graph:
    return _replace(g, EVIDENCE, OA.start, _int(-1))


def _string_offset(g: Graph) -> Graph:
    return _replace(g, EVIDENCE, OA.end, Literal("50"))


def _start_after_end(g: Graph) -> Graph:
    end = g.value(EVIDENCE, OA.end)
    return _replace(g, EVIDENCE, OA.start, _int(int(end) + 3))


def _fact_without_predicate(g: Graph) -> Graph:
    g.remove((FACT, RDF.predicate, None))
    return g


def _fact_not_asserted(g: Graph) -> Graph:
    return _replace(g, FACT, RDF.object, KG.GovernmentBody)


def _without_sentence(g: Graph) -> Graph:
    g.remove((EVIDENCE, KG.sentence, None))
    return g


def _without_speaker(g: Graph) -> Graph:
    g.remove((STATEMENT, KG.speaker, None))
    return g


def _work_kind(g: Graph) -> Graph:
    return _replace(g, WORK, KG.workKind, Literal("poem"))


def _work_without_title(g: Graph) -> Graph:
    g.remove((WORK, DCTERMS.title, None))
    return g


def _document_without_text(g: Graph) -> Graph:
    g.remove((DOC, KG.text, None))
    return g


def _document_two_titles(g: Graph) -> Graph:
    g.add((DOC, DCTERMS.title, Literal("Nog een titel")))
    return g


def _document_creator_a_law(g: Graph) -> Graph:
    g.add((DOC, DCTERMS.creator, WMO))
    return g


def _actor_two_labels(g: Graph) -> Graph:
    g.add((PERSON, RDFS.label, Literal("J. de Vries")))
    return g


def _recommendation_without_document(g: Graph) -> Graph:
    g.remove((RECOMMENDATION, KG.document, None))
    return g


def _recommended_to_a_place(g: Graph) -> Graph:
    return _replace(g, RECOMMENDATION, KG.recommendedTo, PLACE)


def _affiliation_member_an_organisation(g: Graph) -> Graph:
    return _replace(g, AFFILIATION, ORG.member, RMO)


def _affiliation_without_role(g: Graph) -> Graph:
    g.remove((AFFILIATION, ORG.role, None))
    return g


def _sentence_wrong_text(g: Graph) -> Graph:
    sentence = g.value(EVIDENCE, KG.sentence)
    return _replace(g, sentence, KG.text, Literal("Een andere zin."))


def _rule_without_identifier(g: Graph) -> Graph:
    g.remove((RULE, DCTERMS.identifier, None))
    return g


def _topic_two_dutch_labels(g: Graph) -> Graph:
    g.add((TOPIC, SKOS.prefLabel, Literal("Wet maatschappelijke ondersteuning", lang="nl")))
    return g


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (_without_rule, "exactly one rule that read its facts (kg:rule"),
        (_rule_not_a_rule, "exactly one rule that read its facts (kg:rule"),
        (_extraction_without_plan, "must follow exactly one rule"),
        (_extraction_plan_not_a_rule, "must follow exactly one rule"),
        (_extraction_without_association, "exactly one association (prov:qualifiedAssociation"),
        (_extraction_agent_a_person, "run by exactly one software agent"),
        (_agent_without_rules_version, "exactly one rules version (kg:rulesVersion"),
        (_municipality_code, "CBS municipality code"),
        (_law_identifier, "BWB id"),
        (_without_body, "at least one fact as body (oa:hasBody"),
        (_offsets_outside_sentence, "do not lie within its sentence"),
        (_negative_start, "exactly one start offset (oa:start)"),
        (_string_offset, "exactly one end offset (oa:end)"),
        (_start_after_end, "not after its end offset"),
        (_fact_without_predicate, "must name exactly one predicate (rdf:predicate"),
        (_fact_not_asserted, "is not in the graph"),
        (_without_sentence, "exactly one sentence (kg:sentence"),
        (_without_speaker, "at least one speaker (kg:speaker)"),
        (_work_kind, "must be one of: book, advice, report, article, magazine, website"),
        (_work_without_title, "exactly one title (dcterms:title)"),
        (_document_without_text, "exactly one full text (kg:text"),
        (_document_two_titles, "at most one title"),
        (_document_creator_a_law, "author (dcterms:creator) of a document must be an actor"),
        (_actor_two_labels, "exactly one name (rdfs:label)"),
        (_recommendation_without_document, "recommendation must come from exactly one document"),
        (_recommended_to_a_place, "addressed to (kg:recommendedTo) must be an actor"),
        (_affiliation_member_an_organisation, "must be a kg:Person"),
        (_affiliation_without_role, "at least one role"),
        (_sentence_wrong_text, "sentence text is not the part of the document text"),
        (_rule_without_identifier, "exactly one rule id"),
        (_topic_two_dutch_labels, "one preferred label (skos:prefLabel) per language"),
    ],
    ids=lambda value: getattr(value, "__name__", "").lstrip("_") or None,
)
def test_validate_broken_graph_fails_and_names_the_problem(breakage, expected):
    result = validate(breakage(complete_graph()))
    assert not result.conforms
    assert result.violations > 0
    assert expected in result.report, result.report


def test_validate_report_shows_curies_values_and_counts():
    result = validate(_municipality_code(complete_graph()))
    assert result.violations == 1
    assert "id:gemeente/GM0344" in result.report
    assert "dcterms:identifier" in result.report
    assert '"0150"' in result.report
    assert "(1x)" in result.report
    assert "http://www.w3.org/ns/shacl#" not in result.report


def test_validate_report_names_the_culprit_of_a_graph_wide_check():
    result = validate(_offsets_outside_sentence(complete_graph()))
    assert result.violations == 1
    assert "id:evidence/0a1b2c (a kg:Evidence)" in result.report


def test_validate_report_shows_sequence_paths():
    result = validate(_extraction_without_plan(complete_graph()))
    assert "prov:qualifiedAssociation/prov:hadPlan" in result.report


def test_validate_report_limits_examples_per_problem():
    g = complete_graph()
    for n in range(8):
        statement = ID[f"statement/extra{n}"]
        g.add((statement, RDF.type, KG.Statement))
        g.add((statement, KG.text, Literal(f"Uitspraak {n}")))
        g.add((statement, KG.document, DOC))
    result = validate(g, examples=3)
    assert result.violations == 8
    assert "(8x)" in result.report
    assert result.report.count("id:statement/extra") == 3
    assert "... and 5 more" in result.report


def test_validate_is_fast_enough_for_a_few_thousand_triples():
    g = complete_graph()
    for n in range(400):
        statement = ID[f"statement/s{n}"]
        g.add((statement, RDF.type, KG.Statement))
        g.add((statement, KG.speaker, PERSON))
        g.add((statement, KG.text, Literal(f"Uitspraak {n}")))
        g.add((statement, KG.document, DOC))
        evidence, fact = ID[f"evidence/e{n}"], ID[f"fact/f{n}"]
        for _s, p, o in g.triples((EVIDENCE, None, None)):
            g.add((evidence, p, o))
        g.remove((evidence, OA.hasBody, FACT))
        g.add((evidence, OA.hasBody, fact))
        g.add((fact, RDF.subject, statement))
        g.add((fact, RDF.predicate, KG.speaker))
        g.add((fact, RDF.object, PERSON))
    assert len(g) > 5000
    started = time.perf_counter()
    result = validate(g)
    elapsed = time.perf_counter() - started
    assert result.conforms, result.report
    assert elapsed < 30


def test_resources_ontology_files_are_found():
    assert ontology_path("kg.ttl").is_file()
    assert ontology_path("shapes.ttl").is_file()


def _load_resources_from(folder):
    spec = importlib.util.spec_from_file_location("kg_resources_copy", folder / "resources.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_resources_ontology_path_finds_the_ontology_of_an_installed_wheel(tmp_path):
    # A wheel installs ontology/ as site-packages/kg/ontology (package kg.ontology).
    kg_dir = tmp_path / "site-packages" / "kg"
    (kg_dir / "ontology").mkdir(parents=True)
    (kg_dir / "ontology" / "kg.ttl").write_text("# shipped", encoding="utf-8")
    shutil.copy(Path(kg.resources.__file__), kg_dir / "resources.py")
    resources = _load_resources_from(kg_dir)
    assert resources.ontology_path("kg.ttl").resolve() == (kg_dir / "ontology" / "kg.ttl").resolve()


def test_resources_ontology_path_finds_the_ontology_of_a_checkout(tmp_path):
    (tmp_path / "kg").mkdir()
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "shapes.ttl").write_text("# checkout", encoding="utf-8")
    shutil.copy(Path(kg.resources.__file__), tmp_path / "kg" / "resources.py")
    resources = _load_resources_from(tmp_path / "kg")
    assert (
        resources.ontology_path("shapes.ttl").resolve()
        == (tmp_path / "ontology" / "shapes.ttl").resolve()
    )


def test_resources_package_path_is_inside_kg():
    path = package_path("rules", "patterns.yaml")
    assert path.parent.name == "rules" and path.parent.parent.name == "kg"
