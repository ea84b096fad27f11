"""Invariants of the graph built from the fixture corpus: provenance offsets, described
facts, determinism across processes, parseability by a second RDF library, the SHACL
shapes, and reader comments kept apart from what the article says."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pyoxigraph
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.rdf.namespaces import KG, OA

COMMENTED = "opinie_wmo.txt"
"""The fixture article with an "Over Auteur" block and, after "1 reactie", one reader comment."""


def one(graph: rdflib.Graph, subject, predicate):
    """The single value of subject/predicate; fails when there is none or more than one."""
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {len(values)} values {values[:3]}"
    return values[0]


def rules_of(graph: rdflib.Graph, evidence) -> set:
    """The kg:Rule(s) behind an evidence node, by every route docs/model.md allows.

    The evidence names its rule with `kg:rule`, and `prov:wasGeneratedBy` points at the
    extraction activity whose qualified association had that rule as its plan (PROV-O
    keeps activities and entities apart). An older graph pointed `prov:wasGeneratedBy`
    at the rule itself. Every route must lead to the same single rule.
    """
    found = set(graph.objects(evidence, KG.rule))
    for generator in graph.objects(evidence, PROV.wasGeneratedBy):
        if (generator, RDF.type, KG.Rule) in graph:
            found.add(generator)
        for association in graph.objects(generator, PROV.qualifiedAssociation):
            found.update(graph.objects(association, PROV.hadPlan))
    return found


def evidence_nodes(graph: rdflib.Graph) -> list:
    nodes = sorted(graph.subjects(RDF.type, KG.Evidence))
    assert nodes, "the fixture graph has no kg:Evidence"
    return nodes


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s), e.g.:\n" + "\n".join(problems[:10])


# --------------------------------------------------------------------------- provenance


def test_graph_evidence_offsets_slice_the_document_text(built_graph):
    g = built_graph
    problems = []
    for ev in evidence_nodes(g):
        doc = one(g, ev, PROV.wasDerivedFrom)
        text = str(one(g, doc, KG.text))
        target = one(g, ev, OA.hasTarget)
        if one(g, target, OA.hasSource) != doc:
            problems.append(f"{ev}: target source is not {doc}")
        selector = one(g, target, OA.hasSelector)
        start, end = one(g, selector, OA.start).toPython(), one(g, selector, OA.end).toPython()
        exact = str(one(g, selector, OA.exact))
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            problems.append(f"{ev}: selector {start}-{end} outside a text of {len(text)}")
            continue
        if text[start:end] != exact:
            problems.append(
                f"{ev}: text[{start}:{end}] = {text[start:end]!r} but oa:exact = {exact!r}"
            )
        sentence = one(g, ev, KG.sentence)
        if (sentence, DCTERMS.isPartOf, doc) not in g:
            problems.append(f"{ev}: sentence {sentence} is not part of {doc}")
        s_start, s_end = one(g, sentence, OA.start).toPython(), one(g, sentence, OA.end).toPython()
        if not s_start <= start <= end <= s_end:
            problems.append(
                f"{ev}: selector {start}-{end} not inside its sentence {s_start}-{s_end}"
            )
        if text[s_start:s_end] != str(one(g, sentence, KG.text)):
            problems.append(
                f"{ev}: sentence {sentence} kg:text differs from text[{s_start}:{s_end}]"
            )
    assert not problems, report(problems)


def test_graph_every_sentence_slices_the_document_text(built_graph):
    g = built_graph
    problems = []
    sentences = sorted(g.subjects(DCTERMS.isPartOf, None))
    assert sentences
    for sentence in sentences:
        doc = one(g, sentence, DCTERMS.isPartOf)
        text = str(one(g, doc, KG.text))
        start, end = one(g, sentence, OA.start).toPython(), one(g, sentence, OA.end).toPython()
        if text[start:end] != str(one(g, sentence, KG.text)):
            problems.append(f"{sentence}: kg:text differs from the document text[{start}:{end}]")
    assert not problems, report(problems)


def _selected(graph: rdflib.Graph, predicate=None) -> list[tuple]:
    """(evidence, oa:exact) of every evidence, or of those about `predicate`."""
    out = []
    for ev in evidence_nodes(graph):
        if predicate is not None and (ev, RDF.predicate, predicate) not in graph:
            continue
        out.append(
            (
                ev,
                str(one(graph, one(graph, one(graph, ev, OA.hasTarget), OA.hasSelector), OA.exact)),
            )
        )
    return out


def test_graph_selectors_have_no_surrounding_whitespace(built_graph):
    padded = [(str(ev), exact) for ev, exact in _selected(built_graph) if exact != exact.strip()]
    assert not padded, padded[:5]


def test_graph_speaker_selectors_end_at_the_name(built_graph):
    """'‘…,’ zegt Mulder.': the speaker's oa:exact is 'Mulder', without the full stop."""
    speakers = [exact for _, exact in _selected(built_graph, KG.speaker)]
    assert "Mulder" in speakers and "Dijkstra" in speakers, speakers
    assert not [s for s in speakers if s.endswith((".", ",", "’"))], speakers


def test_graph_every_evidence_has_one_rule_and_one_document(built_graph):
    g = built_graph
    problems = []
    for ev in evidence_nodes(g):
        generators = list(g.objects(ev, PROV.wasGeneratedBy))
        if len(generators) != 1:
            problems.append(f"{ev}: {len(generators)} prov:wasGeneratedBy")
        for generator in generators:
            if (generator, RDF.type, KG.Rule) not in g and (
                generator,
                RDF.type,
                PROV.Activity,
            ) not in g:
                problems.append(
                    f"{ev}: generated by {generator}, neither a prov:Activity nor a kg:Rule"
                )
        rules = rules_of(g, ev)
        if len(rules) != 1:
            problems.append(f"{ev}: {len(rules)} rules {sorted(rules)}")
            continue
        (rule,) = rules
        if (rule, RDF.type, KG.Rule) not in g:
            problems.append(f"{ev}: {rule} is not a kg:Rule")
        identifiers = list(g.objects(rule, DCTERMS.identifier))
        if len(identifiers) != 1 or not str(rule).endswith(f"/rule/{identifiers[0]}"):
            problems.append(f"{ev}: rule {rule} has identifiers {identifiers}")
        documents = list(g.objects(ev, PROV.wasDerivedFrom))
        if len(documents) != 1 or (documents[0], RDF.type, KG.Document) not in g:
            problems.append(f"{ev}: documents {documents}")
    assert not problems, report(problems)


def test_graph_every_evidence_describes_an_asserted_triple(built_graph):
    g = built_graph
    problems = []
    for ev in evidence_nodes(g):
        triple = (one(g, ev, RDF.subject), one(g, ev, RDF.predicate), one(g, ev, RDF.object))
        if triple not in g:
            problems.append(f"{ev}: ({' '.join(t.n3() for t in triple)}) is not in the graph")
    assert not problems, report(problems)


# --------------------------------------------------------------------------- determinism


def test_graph_build_is_deterministic_across_processes(tmp_path, fixture_corpus, built_graph_path):
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    procs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}"
        procs.append(
            (
                out,
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "kg",
                        "build",
                        str(fixture_corpus),
                        "--out",
                        str(out),
                        "--quiet",
                    ],
                    cwd=tmp_path,
                    env={**env, "PYTHONHASHSEED": seed},
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                ),
            )
        )
    outputs = []
    for out, proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr.decode()
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == built_graph_path.read_bytes()  # and the same as this process's build


# --------------------------------------------------------------------------- other parsers, shapes


def test_graph_parses_with_pyoxigraph(built_graph_path, built_graph):
    triples = list(pyoxigraph.parse(path=str(built_graph_path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(built_graph)

    def iris(terms):
        return {t.value for t in terms if isinstance(t, pyoxigraph.NamedNode)}

    oxigraph_iris = iris(
        t for triple in triples for t in (triple.subject, triple.predicate, triple.object)
    )
    rdflib_iris = {str(t) for triple in built_graph for t in triple if isinstance(t, URIRef)}
    assert oxigraph_iris == rdflib_iris
    bad = []
    for iri in sorted(rdflib_iris):
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as error:
            bad.append(f"{iri}: {error}")
    assert not bad, bad


def test_graph_conforms_to_the_shapes(built_graph):
    from kg.rdf.validate import validate

    result = validate(built_graph)
    assert result.conforms, result.report
    assert result.violations == 0


# --------------------------------------------------------------------------- reader comments


@pytest.fixture(scope="module")
def comment(fixture_corpus) -> tuple[str, str]:
    """(the reader comment of the opinion article, its file's full text)."""
    text = (fixture_corpus / COMMENTED).read_text(encoding="utf-8")
    head, sep, tail = text.partition("\n1 reactie\n")
    assert sep and "Over Auteur" in head
    return tail.strip(), text


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def test_graph_reader_comment_is_not_said_or_recommended(built_graph, comment):
    g = built_graph
    comment_text, _ = comment
    said = {
        node: str(one(g, node, KG.text))
        for cls in (KG.Statement, KG.Recommendation)
        for node in g.subjects(RDF.type, cls)
    }
    assert said, "the fixture graph has no statements or recommendations"
    phrases = [
        "herken dit helemaal",
        "wachttijden voor een traplift",
        "zegt mijn teamleider",
        "zonder extra geld verandert er",
        "werkdruk",
        "joost bakker",
    ]
    flat_comment = _words(comment_text)
    for node, text in sorted(said.items()):
        flat = _words(text)
        assert flat not in flat_comment, f"{node} is the reader's text: {text!r}"
        for phrase in phrases:
            assert phrase not in flat, f"{node} quotes the reader comment: {text!r}"


def test_graph_reader_comment_gives_no_speaker_or_evidence(built_graph, comment):
    g = built_graph
    comment_text, file_text = comment
    (doc,) = g.subjects(DCTERMS.identifier, Literal(COMMENTED))
    doc_text = str(one(g, doc, KG.text))
    assert doc_text == file_text
    comment_start = doc_text.index(comment_text)
    # no statement or recommendation rests on a sentence of the comment
    for ev in g.subjects(PROV.wasDerivedFrom, doc):
        if (ev, RDF.type, KG.Evidence) not in g:
            continue
        subject = one(g, ev, RDF.subject)
        if not ({KG.Statement, KG.Recommendation} & set(g.objects(subject, RDF.type))):
            continue
        selector = one(g, one(g, ev, OA.hasTarget), OA.hasSelector)
        assert one(g, selector, OA.start).toPython() < comment_start, (
            f"{ev} points into the comment"
        )
        sentence = one(g, ev, KG.sentence)
        assert one(g, sentence, OA.start).toPython() < comment_start, (
            f"{ev}'s sentence is in the comment"
        )
    # the commenter's colleague is nobody in the article
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "Joost Bakker" not in labels
