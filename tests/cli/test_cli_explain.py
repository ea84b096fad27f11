"""`kg explain` (kg/cli/explain.py): every fact about a name, with its sentence, marked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_helpers import (
    SCP,
    ZWOLLE,
    assert_clean,
    kg,
)

RULE = re.compile(r"— (?P<doc>\S+), rule (?P<rule>[a-z][a-z0-9-]*)$", re.M)


def unmarked(text: str) -> str:
    """explain's output without the »…« it puts around the matched words."""
    return text.replace("»", "").replace("«", "")


def test_cli_explain_person(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    out = unmarked(result.stdout)
    assert out.startswith("Sanne Mulder  <https://w3id.org/kg-sociaal-domein/id/person/")
    assert "kg:Person" in out
    # a fact, the sentence it was read from, the document and the rule that fired
    assert "“Wethouder Sanne Mulder van de gemeente Zwolle wil daar verandering in brengen.”" in out
    assert "is kg:speaker of “Een kind dat vandaag hulp nodig heeft" in out
    assert "zegt Mulder.”" in out
    sources = RULE.findall(out)
    assert sources and all(doc == ZWOLLE for doc, _ in sources)


def test_cli_explain_organisation_abbreviation(built_graph_path):
    result = kg("explain", "SCP", "--graph", built_graph_path)
    assert_clean(result)
    out = unmarked(result.stdout)
    assert out.startswith(
        "Sociaal en Cultureel Planbureau  <https://w3id.org/kg-sociaal-domein/id/org/"
    )
    assert "is kg:recommendedBy of" in out
    assert (
        "“Het SCP adviseert het kabinet om de kostendelersnorm af te schaffen en de regels voor "
        "giften te versoepelen.”"
    ) in out
    sources = RULE.findall(out)
    assert (SCP, "rec-advise-verb") in sources
    assert {doc for doc, _ in sources} == {SCP}


def test_cli_explain_shows_only_relevant_sentences(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    # a sentence that says nothing about Sanne Mulder has no place in her explanation
    assert "De gemeenteraad van Zwolle bespreekt de aanpak in december" not in unmarked(
        result.stdout
    )
    assert max(len(line) for line in result.stdout.splitlines()) < 300
    assert f"is kg:mentions of {ZWOLLE}" in result.stdout  # a document by its name, not its text


def test_cli_explain_marks_the_matched_words(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    assert (
        "“Wethouder »Sanne Mulder« van de gemeente Zwolle wil daar verandering in brengen.”"
        in result.stdout
    )


def test_cli_explain_marks_the_words_at_their_offsets(built_graph_path):
    result = kg("explain", "Sanne Mulder", "--graph", built_graph_path)
    assert_clean(result)
    out = result.stdout
    assert "On»ze«" not in out
    assert "formulieren en verantwoording,’ zegt »ze«.”" in out


def test_cli_explain_unknown_name(built_graph_path):
    result = kg("explain", "Wethouder Pietje Puk", "--graph", built_graph_path)
    assert_clean(result, 1)
    assert result.stdout == ""
    assert "Wethouder Pietje Puk" in result.stderr
    assert result.stderr.startswith("Error:")


# --------------------------------------------------------------- finding, grouping, narrowing

SEED_CORPUS = Path(__file__).parents[2] / "corpus"
HEADING = re.compile(r"^(\S.*?)  <(https://[^>]+)>$", re.M)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    """The five seed articles of corpus/, built once for this file."""
    out = tmp_path_factory.mktemp("explain-seeds")
    assert_clean(kg("build", SEED_CORPUS, "--out", out, "-q"))
    return out / "graph.ttl"


def fact_lines(out: str) -> list[str]:
    """The lines that state a fact (two spaces in, not a sentence or a source)."""
    return [line for line in out.splitlines() if line.startswith("  ") and line[2] != " "]


def test_cli_explain_finds_a_person_by_part_of_her_name(seed_graph):
    assert "Van den Wijngaart" in (SEED_CORPUS / "000_ee08aaf8ff5593b8.txt").read_text("utf-8")
    result = kg("explain", "Van den Wijngaart", "--graph", seed_graph)
    assert_clean(result)
    assert [m[0] for m in HEADING.findall(result.stdout)] == ["Mary van den Wijngaart"]
    assert "is dcterms:creator of Blijven we een fatsoenlijk land?" in result.stdout


def test_cli_explain_finds_a_work_by_its_title(seed_graph):
    title = "Leren innoveren in het sociaal domein"
    assert title in (SEED_CORPUS / "001_b762c0c2350ba8bf.txt").read_text("utf-8")
    result = kg("explain", title, "--graph", seed_graph)
    assert_clean(result)
    assert HEADING.findall(result.stdout)[0][0] == title
    assert "  a kg:Work" in result.stdout
    assert "dcterms:creator Raad voor Maatschappelijke Ontwikkeling" in result.stdout


def test_cli_explain_lists_each_fact_once_with_all_its_sentences(seed_graph):
    result = kg("explain", "Mary van den Wijngaart", "--graph", seed_graph)
    assert_clean(result)
    facts = fact_lines(result.stdout)
    assert len(facts) == len(set(facts)), "a fact listed twice"
    mentions = [f for f in facts if f.startswith("  is kg:mentions of 000_")]
    assert len(mentions) == 1 and mentions[0].endswith("(3 sentences)")
    block = result.stdout.split(mentions[0])[1].split("\n  is ")[0]
    assert "»Van den Wijngaart«" in block and "»Mary van den Wijngaart«" in block


def test_cli_explain_paragraph_printed_twice_is_one_fact(seed_graph):
    """The RMO article prints its lead paragraph twice: its facts are one each, their
    sentence shown once and counted."""
    text = (SEED_CORPUS / "001_b762c0c2350ba8bf.txt").read_text("utf-8")
    assert text.count("in zijn vandaag uitgebrachte advies ‘Leren innoveren") == 2
    result = kg("explain", "Leren innoveren in het sociaal domein", "--graph", seed_graph)
    assert_clean(result)
    titles = [f for f in fact_lines(result.stdout) if f.startswith("  dcterms:title ")]
    assert titles == ["  dcterms:title Leren innoveren in het sociaal domein"]
    assert result.stdout.count("uitgebrachte advies »‘Leren innoveren") == 2  # title and type
    assert "(2× in the document)" in result.stdout


def test_cli_explain_type_document_and_limit_narrow_what_is_shown(built_graph_path):
    every = kg("explain", "zwol", "--graph", built_graph_path)  # no name is just "zwol"
    assert_clean(every)
    names = [m[0] for m in HEADING.findall(every.stdout)]
    assert {"gemeente Zwolle", "gemeenteraad van Zwolle"} <= set(names)

    one = kg("explain", "zwol", "--graph", built_graph_path, "--limit", "1")
    assert_clean(one)
    assert len(HEADING.findall(one.stdout)) == 1
    assert f"… and {len(names) - 1} more called like 'zwol'" in one.stdout

    anywhere = kg("explain", "gemeenten", "--graph", built_graph_path)
    assert len({doc for doc, _ in RULE.findall(anywhere.stdout)}) > 1
    there = kg("explain", "gemeenten", "--graph", built_graph_path, "--document", ZWOLLE)
    assert_clean(there)
    assert {doc for doc, _ in RULE.findall(there.stdout)} == {ZWOLLE}

    people = kg("explain", "Mulder", "--graph", built_graph_path, "--type", "organisation")
    assert_clean(people, 1)
    assert people.stderr.startswith("Error: nothing called 'Mulder' of type organisation")
    person = kg("explain", "Mulder", "--graph", built_graph_path, "--type", "kg:Person")
    assert_clean(person)
    assert [m[0] for m in HEADING.findall(person.stdout)] == ["Sanne Mulder"]
