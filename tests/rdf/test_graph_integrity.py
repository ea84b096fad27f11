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


def evidence_nodes(graph: rdflib.Graph) -> list:
    nodes = sorted(graph.subjects(RDF.type, KG.Evidence))
    assert nodes, "the fixture graph has no kg:Evidence"
    return nodes


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s), e.g.:\n" + "\n".join(problems[:10])


# --------------------------------------------------------------------------- provenance


def words(graph: rdflib.Graph, ev) -> str:
    """The words an evidence node read: its document's text between its offsets (the
    document is its sentence's)."""
    doc = one(graph, one(graph, ev, KG.sentence), DCTERMS.isPartOf)
    start, end = one(graph, ev, OA.start).toPython(), one(graph, ev, OA.end).toPython()
    return str(one(graph, doc, KG.text))[start:end]


def test_graph_evidence_offsets_slice_the_document_text(built_graph):
    """Every reading's offsets lie in its sentence, and cut the same words out of the
    sentence's kg:text as out of the document's: the words every fact was read from."""
    g = built_graph
    problems = []
    for ev in evidence_nodes(g):
        sentence = one(g, ev, KG.sentence)
        doc = one(g, sentence, DCTERMS.isPartOf)
        text = str(one(g, doc, KG.text))
        start, end = one(g, ev, OA.start).toPython(), one(g, ev, OA.end).toPython()
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{ev}: offsets {start}-{end} outside a text of {len(text)}")
            continue
        s_start, s_end = one(g, sentence, OA.start).toPython(), one(g, sentence, OA.end).toPython()
        if not s_start <= start <= end <= s_end:
            problems.append(
                f"{ev}: offsets {start}-{end} not inside its sentence {s_start}-{s_end}"
            )
            continue
        said = str(one(g, sentence, KG.text))
        if said[start - s_start : end - s_start] != text[start:end]:
            problems.append(
                f"{ev}: sentence words {said[start - s_start : end - s_start]!r} "
                f"but text[{start}:{end}] = {text[start:end]!r}"
            )
        if not list(g.objects(ev, OA.hasBody)):
            problems.append(f"{ev}: reads no fact (oa:hasBody)")
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
    """(evidence, the words it read) of every evidence, or of those with a fact about
    `predicate`."""
    out = []
    for ev in evidence_nodes(graph):
        facts = list(graph.objects(ev, OA.hasBody))
        if predicate is not None and not any(
            (fact, RDF.predicate, predicate) in graph for fact in facts
        ):
            continue
        out.append((ev, words(graph, ev)))
    return out


def test_graph_selectors_have_no_surrounding_whitespace(built_graph):
    padded = [(str(ev), exact) for ev, exact in _selected(built_graph) if exact != exact.strip()]
    assert not padded, padded[:5]


def test_graph_speaker_selectors_end_at_the_name(built_graph):
    """'‘…,’ zegt Mulder.': the speaker's words are 'Mulder', without the full stop."""
    speakers = [exact for _, exact in _selected(built_graph, KG.speaker)]
    assert "Mulder" in speakers and "Dijkstra" in speakers, speakers
    assert not [s for s in speakers if s.endswith((".", ",", "’"))], speakers


def test_graph_every_evidence_has_one_rule_and_one_document(built_graph):
    """The rule is a kg:Rule named by its id, the plan of the activity that ran it (an
    extraction, or a curation); the document is the sentence's."""
    g = built_graph
    problems = []
    for ev in evidence_nodes(g):
        rules = list(g.objects(ev, KG.rule))
        if len(rules) != 1:
            problems.append(f"{ev}: {len(rules)} rules {sorted(rules)}")
            continue
        (rule,) = rules
        if (rule, RDF.type, KG.Rule) not in g:
            problems.append(f"{ev}: {rule} is not a kg:Rule")
        identifiers = list(g.objects(rule, DCTERMS.identifier))
        if len(identifiers) != 1 or not str(rule).endswith(f"/rule/{identifiers[0]}"):
            problems.append(f"{ev}: rule {rule} has identifiers {identifiers}")
        activities = [
            activity
            for association in g.subjects(PROV.hadPlan, rule)
            for activity in g.subjects(PROV.qualifiedAssociation, association)
        ]
        if len(activities) != 1:
            problems.append(f"{ev}: rule {rule} is the plan of {len(activities)} activities")
        sentences = list(g.objects(ev, KG.sentence))
        documents = [d for s in sentences for d in g.objects(s, DCTERMS.isPartOf)]
        if len(documents) != 1 or (documents[0], RDF.type, KG.Document) not in g:
            problems.append(f"{ev}: documents {documents}")
    assert not problems, report(problems)


def test_graph_every_evidence_describes_an_asserted_triple(built_graph):
    g = built_graph
    problems = []
    for ev in evidence_nodes(g):
        for fact in g.objects(ev, OA.hasBody):
            triple = (
                one(g, fact, RDF.subject),
                one(g, fact, RDF.predicate),
                one(g, fact, RDF.object),
            )
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
    readings = (ev for s in g.subjects(DCTERMS.isPartOf, doc) for ev in g.subjects(KG.sentence, s))
    for ev in readings:
        if (ev, RDF.type, KG.Evidence) not in g:
            continue
        subjects = {one(g, fact, RDF.subject) for fact in g.objects(ev, OA.hasBody)}
        types = {t for subject in subjects for t in g.objects(subject, RDF.type)}
        if not ({KG.Statement, KG.Recommendation} & types):
            continue
        assert one(g, ev, OA.start).toPython() < comment_start, f"{ev} points into the comment"
        sentence = one(g, ev, KG.sentence)
        assert one(g, sentence, OA.start).toPython() < comment_start, (
            f"{ev}'s sentence is in the comment"
        )
    # the commenter's colleague is nobody in the article
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "Joost Bakker" not in labels
