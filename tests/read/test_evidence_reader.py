"""The one evidence reader (kg/read/evidence.py): every fact's triple, matched words,
sentence, document, rule and correction, as the EvidenceRow that `kg explain`, `kg rules
hits`, `kg diff` and the network view all read.

(Named test_evidence_reader, not test_evidence: tests/rdf has the evidence writer's.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.namespaces import KG, OA, RDF
from kg.rdf.store import open_store
from kg.read.evidence import EvidenceRow, all_evidence, read_evidence

RULES_CORPUS = Path(__file__).parents[1] / "data" / "rules_corpus"
SCP = "https://w3id.org/kg-sociaal-domein/id/org/scp"
CORRECTIONS = """\
- id: nji-short
  action: alias
  entity: Nederlands Jeugdinstituut
  alias: het Jeugdinstituut
  reason: how the articles call it for short

- id: role-is-no-name
  action: reject
  entity: Pleegmoeder Ilse de Groot
  reason: a role read as a first name
"""


@pytest.fixture(scope="module")
def store(built_graph_path) -> ox.Store:
    return open_store(built_graph_path)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> ox.Store:
    """The two rules-corpus articles built with an alias and a rejection."""
    from kg.build.pipeline import build

    corpus = tmp_path_factory.mktemp("corpus")
    for article in RULES_CORPUS.glob("*.txt"):
        shutil.copy(article, corpus)
    (corpus / "corrections.yaml").write_text(CORRECTIONS, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build(corpus, out)
    return open_store(out / "graph.ttl")


def _document_text(store: ox.Store, document: str) -> str:
    (quad,) = store.quads_for_pattern(ox.NamedNode(document), ox.NamedNode(str(KG.text)), None)
    return quad.object.value


def test_evidence_offsets_slice_the_words(store):
    rows = list(all_evidence(store))
    assert len(rows) > 50
    for row in rows:
        assert row.exact
        assert row.sentence_text[row.offset : row.offset + len(row.exact)] == row.exact
        text = _document_text(store, row.document)
        assert text[row.start : row.start + len(row.exact)] == row.exact
        assert text[row.sentence_start :].startswith(row.sentence_text)
        assert row.file.endswith(".txt") and row.rule and not row.rejected


def test_evidence_of_an_entity_or_a_rule_is_that_part_of_all_the_evidence(store):
    everything = list(all_evidence(store))
    about = list(read_evidence(store, about=ox.NamedNode(SCP)))
    by_node = lambda rows: sorted(rows, key=lambda r: r.key)  # noqa: E731
    assert by_node(about) == [r for r in everything if SCP in (r.subject.value, r.object.value)]
    assert {r.file for r in about} == {"scp_participatiewet.txt"}
    of_rule = list(read_evidence(store, rule="person-role-name"))
    assert of_rule and of_rule == [r for r in everything if r.rule == "person-role-name"]
    assert list(read_evidence(store, rule="no-such-rule")) == []


def test_evidence_row_marks_the_words_at_their_offset_not_the_first_match():
    sentence = "‘Onze professionals besteden een derde van hun tijd aan formulieren,’ zegt ze."
    start = sentence.rindex("ze")
    row = EvidenceRow(
        "urn:ev", ox.NamedNode("urn:s"), str(KG.speaker), ox.NamedNode("urn:o"), "ze",
        100 + start, "urn:sentence", sentence, 100, "urn:doc", "quote-speech-verb-after",
    )  # fmt: skip
    assert row.offset == start
    assert row.marked().endswith("zegt »ze«.")
    assert row.marked().startswith("‘Onze professionals")


def test_evidence_rejections_are_read_only_when_asked_with_their_correction(corrected):
    kept = list(all_evidence(corrected))
    rejected = list(read_evidence(corrected, rejected=True))
    assert rejected and all(r.rejected for r in rejected)
    assert {(r.correction, r.reason) for r in rejected} == {
        ("role-is-no-name", "a role read as a first name")
    }
    assert not {r.evidence for r in kept} & {r.evidence for r in rejected}
    assert all("Pleegmoeder" in r.sentence_text[r.offset :] for r in rejected)


def test_evidence_of_a_curated_fact_names_its_correction(corrected):
    curated = [r for r in all_evidence(corrected) if r.correction]
    assert curated and {(r.correction, r.rule) for r in curated} == {
        ("nji-short", "correction-nji-short")
    }
    assert {r.object.value for r in curated} == {"het Jeugdinstituut"}


def test_evidence_node_without_its_offsets_never_borrows_another_nodes_words(store):
    """A node missing a part is left out, not completed with any node's words."""
    (row, *_) = all_evidence(store)
    broken = ox.Store()
    broken.extend(store.quads_for_pattern(None, None, None))
    reading = ox.NamedNode(row.evidence)
    for quad in list(broken.quads_for_pattern(reading, ox.NamedNode(str(OA.start)), None)):
        broken.remove(quad)
    rows = list(all_evidence(broken))
    assert row.evidence not in {r.evidence for r in rows}
    read_there = [r for r in all_evidence(store) if r.evidence == row.evidence]
    assert len(rows) == len(list(all_evidence(store))) - len(read_there)
    evidence = ox.NamedNode(str(KG.Evidence))
    assert next(broken.quads_for_pattern(reading, None, evidence)).predicate == (
        ox.NamedNode(str(RDF.type))
    )


def test_evidence_rows_of_one_reading_are_its_facts_each_with_the_same_words(store):
    """A reading that read several facts (a statement's type, text and speaker) gives a
    row per fact, each with its own key and the reading's words."""
    rows = list(all_evidence(store))
    assert len({r.key for r in rows}) == len(rows)
    by_reading: dict[str, list] = {}
    for r in rows:
        by_reading.setdefault(r.evidence, []).append(r)
    shared = [group for group in by_reading.values() if len(group) > 1]
    assert shared
    for group in shared:
        assert len({(r.exact, r.start, r.rule, r.sentence) for r in group}) == 1
        assert len({r.fact for r in group}) == len(group)
