"""`kg explain` (kg/cli/explain.py): every fact about a name, with its sentence, marked."""

from __future__ import annotations

import re

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
