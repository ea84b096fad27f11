"""Corrections (kg/language/corrections.py, kg/extract/corrections.py, kg/rdf/curation.py,
`kg correct`): checked with file and line, applied at every build of
tests/data/rules_corpus, recorded as curation (distinct from rule output), shown by
`kg explain`, and reported when they match nothing."""

from __future__ import annotations

import csv
import io
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import PROV, RDF, RDFS

from kg.cli.main import cli
from kg.extract.corrections import apply_corrections
from kg.extract.relations import extract
from kg.extract.segment import segment
from kg.language.correctfile import append_correction
from kg.language.corrections import CorrectionError, load_corrections, parse_corrections
from kg.language.reference import load_reference
from kg.language.rules import load_rules
from kg.rdf.namespaces import ID, KG, OA
from kg.rdf.validate import validate

RULES_CORPUS = Path(__file__).parents[1] / "data" / "rules_corpus"
ALMERE, LELYSTAD = "almere_wmo.txt", "lelystad_jeugd.txt"

CORRECTIONS = """\
# corrections for the two test articles
- id: wish-is-no-advice
  action: reject
  recommendation: inwoners sneller een hulpmiddel
  reason: the municipality states its own aim; it advises no one

- id: achmed-is-ahmed
  action: merge
  entity: Achmed Bakker
  into: Ahmed Bakker
  reason: the article misspells the name once

- id: two-ilses
  action: split
  entity: Ilse de Groot
  document: lelystad_jeugd.txt
  into: Ilse de Groot (pleegmoeder)
  reason: a foster mother in Lelystad, not the alderman of Almere

- id: nji-short
  action: alias
  entity: Nederlands Jeugdinstituut
  alias: het Jeugdinstituut
  reason: how the articles call it for short

- id: role-is-no-name
  action: reject
  entity: Pleegmoeder Ilse de Groot
  reason: a role read as a first name

- id: no-such-person
  action: reject
  entity: Hendrik Nobody
  reason: was in an older version of an article
"""


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def ok(result, code: int = 0):
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.output + result.stderr
    return result


def rows(graph: Path, question: str) -> list[dict[str, str]]:
    out = ok(kg("query", question, "--graph", graph, "--format", "csv")).stdout
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """(corpus, build result, graph path) of the rules corpus with CORRECTIONS."""
    corpus = tmp_path_factory.mktemp("corpus")
    for article in RULES_CORPUS.glob("*.txt"):
        shutil.copy(article, corpus)
    (corpus / "corrections.yaml").write_text(CORRECTIONS, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = ok(kg("build", corpus, "--out", out))
    return corpus, result, out / "graph.ttl"


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    ok(kg("build", RULES_CORPUS, "--out", out, "-q"))
    return out / "graph.ttl"


# --------------------------------------------------------------------------- the file


def test_corrections_errors_are_all_reported_with_line_and_id(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text(
        textwrap.dedent("""\
        - id: fine
          action: alias
          entity: NJI
          alias: Jeugdinstituut
          reason: short name
        - id: fine
          action: reject
          entity: X
          reason: dup
        - id: no-reason
          action: merge
          entity: A
          into: B
        - id: bad-action
          action: delete
          entity: A
          reason: r
        - id: two-targets
          action: reject
          entity: A
          statement: words
          reason: r
        - id: odd-predicate
          action: reject
          subject: A
          predicate: speaker
          reason: r
        """),
        encoding="utf-8",
    )
    with pytest.raises(CorrectionError) as info:
        load_corrections(path)
    text = "\n".join(info.value.problems)
    assert "corrections.yaml:6: fine: duplicate id (first at line 1)" in text
    assert "corrections.yaml:10: no-reason: needs a reason" in text
    assert "corrections.yaml:14: bad-action: unknown action 'delete'" in text
    assert "corrections.yaml:18: two-targets: reject needs one of" in text
    assert "corrections.yaml:23: odd-predicate: predicate 'speaker' is not a CURIE" in text
    assert len(info.value.problems) == 5


def test_corrections_missing_file_is_no_corrections(tmp_path):
    assert load_corrections(tmp_path / "corrections.yaml") == []


def test_corrections_broken_file_stops_the_build_before_extraction(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(RULES_CORPUS, corpus)
    (corpus / "corrections.yaml").write_text("- id: x\n  action: [oops\n", encoding="utf-8")
    result = ok(kg("build", corpus, "--out", tmp_path / "out"), code=1)
    assert re.search(r"corrections\.yaml:\d+: not valid YAML", result.stderr)
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_corrections_append_keeps_comments_and_refuses_invalid_entries(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text(
        "# my notes\n- id: a\n  action: alias\n  entity: NJI\n  alias: J\n  reason: r\n",
        encoding="utf-8",
    )
    added = append_correction(
        path, {"action": "reject", "entity": "Ilse de Groot", "reason": "test"}
    )
    assert added.id == "reject-ilse-de-groot"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my notes\n")
    assert [c.id for c in load_corrections(path)] == ["a", "reject-ilse-de-groot"]
    with pytest.raises(CorrectionError, match="needs a reason"):
        append_correction(path, {"action": "reject", "entity": "X", "reason": ""})
    with pytest.raises(CorrectionError, match="this id is taken"):
        append_correction(path, {"id": "a", "action": "reject", "entity": "X", "reason": "r"})
    assert path.read_text(encoding="utf-8") == text  # nothing written


# --------------------------------------------------------------------------- applying


def _extraction(name: str):
    rules = load_rules()
    text = (RULES_CORPUS / name).read_text(encoding="utf-8")
    return extract(segment(name, text, rules.lexicon), rules, load_reference())


def test_corrections_apply_is_pure_and_counts_what_it_touched():
    ex = _extraction(LELYSTAD)
    before = list(ex.facts)
    corrections = parse_corrections(CORRECTIONS)
    corrected, used = apply_corrections(ex, corrections)
    assert ex.facts == before  # the input (perhaps cached) is left alone
    assert set(used) == {
        "achmed-is-ahmed",
        "two-ilses",
        "nji-short",
        "role-is-no-name",
    }  # the others concern Almere or nothing
    assert "person/achmed-bakker" not in corrected.entities
    assert {e.label for e in corrected.entities.values() if e.kind == "Person"} >= {
        "Ahmed Bakker",
        "Ilse de Groot (pleegmoeder)",
    }


def test_corrections_reject_fact_drops_a_statement_left_without_speaker():
    ex = _extraction(ALMERE)
    (c,) = parse_corrections(
        textwrap.dedent("""\
        - id: not-de-groot
          action: reject
          subject: Volgens De Groot kost het aanvragen
          predicate: kg:speaker
          object: Ilse de Groot
          reason: test
        """)
    )
    corrected, used = apply_corrections(ex, [c])
    assert used == {"not-de-groot": 1}
    texts = [f.object for f in corrected.facts if f.predicate == "kg:text"]
    assert not any("Volgens De Groot" in t for t in texts)
    assert any("Niemand mag maanden wachten" in t for t in texts)  # her other statement stays
    assert {r.correction for r in corrected.rejected} == {"not-de-groot"}
    assert any(
        r.fact.predicate == "kg:text" for r in corrected.rejected
    )  # the statement went with it


# --------------------------------------------------------------------------- the build


def test_corrections_change_the_answers(corrected, plain):
    _, _, graph = corrected
    recs = rows(graph, "recommendations")
    assert not any("hulpmiddel" in r["text"] for r in recs)
    assert any("pleegouders" in r["text"] for r in recs)  # the other recommendation stays
    assert any("hulpmiddel" in r["text"] for r in rows(plain, "recommendations"))
    actors = {r["label"] for r in rows(graph, "actors")}
    assert "Achmed Bakker" not in actors and "Ahmed Bakker" in actors
    assert {"Ilse de Groot", "Ilse de Groot (pleegmoeder)"} <= actors
    speakers = {(r["speaker"], r["document"]) for r in rows(graph, "statements")}
    assert ("Ahmed Bakker", LELYSTAD) in speakers
    assert ("Ilse de Groot (pleegmoeder)", LELYSTAD) in speakers
    assert ("Ilse de Groot", ALMERE) in speakers and ("Ilse de Groot", LELYSTAD) not in speakers


def test_corrections_unused_ones_are_reported_by_the_build(corrected):
    _, result, _ = corrected
    assert "warning: correction no-such-person (corrections.yaml:" in result.stderr
    assert "matched nothing" in result.stderr
    assert "warning: correction wish-is-no-advice" not in result.stderr


def test_corrections_are_curation_not_rule_output(corrected):
    _, _, path = corrected
    graph = rdflib.Graph().parse(path)
    curation = ID["curation/nji-short"]
    assert (curation, RDF.type, KG.Curation) in graph
    assert str(graph.value(curation, RDFS.comment)) == "how the articles call it for short"
    agent = graph.value(graph.value(curation, PROV.qualifiedAssociation), PROV.agent)
    assert (agent, RDF.type, PROV.Person) in graph
    # the evidence of an added fact names the correction's rule, the plan of the curation
    plan = graph.value(graph.value(curation, PROV.qualifiedAssociation), PROV.hadPlan)
    (evidence,) = graph.subjects(KG.rule, plan)
    (fact,) = graph.objects(evidence, OA.hasBody)
    assert str(graph.value(fact, RDF.object)) == "het Jeugdinstituut"
    assert str(graph.value(plan, KG.ruleKind)) == "curation"
    # rule output is still run by extractions, never by a curation
    association = graph.value(predicate=PROV.hadPlan, object=ID["rule/quote-speech-verb-after"])
    extraction = graph.value(predicate=PROV.qualifiedAssociation, object=association)
    assert (extraction, RDF.type, PROV.Activity) in graph
    assert (extraction, RDF.type, KG.Curation) not in graph
    rejection = next(graph.subjects(PROV.wasInvalidatedBy, ID["curation/wish-is-no-advice"]))
    assert (rejection, RDF.type, KG.Rejection) in graph
    assert validate(graph).conforms


def test_corrections_show_in_explain_with_id_and_reason(corrected):
    _, _, graph = corrected
    out = ok(kg("explain", "het Jeugdinstituut", "--graph", graph)).stdout
    assert "Nederlands Jeugdinstituut" in out
    assert (
        "correction nji-short (curated by the analyst): how the articles call it for short" in out
    )
    out = ok(kg("explain", "Ahmed Bakker", "--graph", graph)).stdout
    assert "skos:altLabel Achmed Bakker" in out and "correction achmed-is-ahmed" in out
    out = ok(kg("explain", "gemeente Almere", "--graph", graph)).stdout
    assert "(rejected) is kg:recommendedBy of" in out
    assert "rejected by correction wish-is-no-advice: the municipality states its own aim" in out


def test_corrections_explain_finds_an_entity_rejected_whole(corrected):
    _, _, graph = corrected
    out = ok(kg("explain", "Pleegmoeder Ilse de Groot", "--graph", graph)).stdout
    assert "(none: every fact about it was rejected)" in out
    assert "(rejected) is kg:mentions of lelystad_jeugd.txt" in out
    assert "rejected by correction role-is-no-name: a role read as a first name" in out
    assert "Jeroen Bakker" not in out  # only the rejected entity, not everything near it


def test_corrections_survive_a_rebuild(corrected, tmp_path):
    corpus, _, first = corrected
    ok(kg("build", corpus, "--out", tmp_path, "-q"))
    assert (tmp_path / "graph.ttl").read_bytes() == first.read_bytes()


def test_corrections_are_applied_to_cached_articles_too(tmp_path):
    """A rebuild takes unchanged articles from the cache: a new correction must still apply,
    and the report must still count what each correction did."""
    corpus = tmp_path / "corpus"
    shutil.copytree(RULES_CORPUS, corpus)
    out = tmp_path / "out"
    ok(kg("build", corpus, "--out", out, "-q"))
    assert any("hulpmiddel" in r["text"] for r in rows(out / "graph.ttl", "recommendations"))
    (corpus / "corrections.yaml").write_text(CORRECTIONS, encoding="utf-8")
    ok(kg("build", corpus, "--out", out, "-q"))
    assert not any("hulpmiddel" in r["text"] for r in rows(out / "graph.ttl", "recommendations"))
    first = (out / "graph.ttl").read_bytes()
    again = ok(kg("build", corpus, "--out", out))
    assert "(0 extracted, 2 unchanged)" in again.stdout
    assert "5 correction(s) applied" in again.stderr
    assert "warning: correction no-such-person" in again.stderr
    assert (out / "graph.ttl").read_bytes() == first


# --------------------------------------------------------------------------- kg correct


def test_correct_commands_append_entries_that_the_next_build_applies(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(RULES_CORPUS, corpus)
    ok(
        kg(
            "correct",
            "reject",
            "--recommendation",
            "inwoners sneller een hulpmiddel",
            "--reason",
            "an aim",
            "--corpus",
            corpus,
        )
    )
    ok(
        kg(
            "correct",
            "merge",
            "Achmed Bakker",
            "Ahmed Bakker",
            "--reason",
            "typo",
            "--corpus",
            corpus,
            "--graph",
            tmp_path / "none.ttl",
        )
    )
    ok(
        kg(
            "correct",
            "split",
            "Ilse de Groot",
            "Ilse de Groot (pleegmoeder)",
            "--document",
            LELYSTAD,
            "--reason",
            "two people",
            "--corpus",
            corpus,
        )
    )
    result = ok(
        kg(
            "correct",
            "alias",
            "Nederlands Jeugdinstituut",
            "het Jeugdinstituut",
            "--reason",
            "short",
            "--corpus",
            corpus,
        )
    )
    assert "added correction alias-nederlands-jeugdinstituut" in result.stdout
    ids = [c.id for c in load_corrections(corpus / "corrections.yaml")]
    assert ids == [
        "reject-inwoners-sneller-een-hulpmiddel",
        "merge-achmed-bakker",
        "split-ilse-de-groot",
        "alias-nederlands-jeugdinstituut",
    ]
    build = ok(kg("build", corpus, "--out", tmp_path / "out"))
    assert "matched nothing" not in build.stderr
    assert "4 correction(s) applied" in build.stderr


def test_correct_without_reason_is_a_usage_error(tmp_path):
    result = ok(kg("correct", "alias", "NJI", "J", "--corpus", tmp_path), code=2)
    assert "--reason" in result.stderr
    assert not (tmp_path / "corrections.yaml").exists()
