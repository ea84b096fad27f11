"""Rule authoring from the command line: `kg rules list|test|hits` and `kg diff`, on the
fixture corpus tests/data/rules_corpus and on copies of kg/language/data/ that a test edits."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.language.rules import LEXICON_FILE, PATTERNS_FILE, load_rules

RULES_CORPUS = Path(__file__).parents[1] / "data" / "rules_corpus"
RULES = load_rules()


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def ok(result, code: int = 0):
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.output + result.stderr
    return result


def rules_copy(folder: Path) -> Path:
    """A copy of kg/language/data/ (patterns.yaml, lexicon.yaml) for a test to edit."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PATTERNS_FILE, folder)
    shutil.copy(LEXICON_FILE, folder)
    return folder


def add_speech_verb(rules: Path, verb: str) -> None:
    lexicon = rules / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    assert "\nSPEECH_VERB:\n  [" in text
    lexicon.write_text(
        text.replace("\nSPEECH_VERB:\n  [", f"\nSPEECH_VERB:\n  [{verb}, ", 1), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def base_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("base")
    ok(kg("build", RULES_CORPUS, "--out", out, "-q"))
    return out / "graph.ttl"


@pytest.mark.parametrize(
    "command",
    [
        ("rules",),
        ("rules", "list"),
        ("rules", "test"),
        ("rules", "hits"),
        ("diff",),
        ("correct",),
        ("correct", "reject"),
        ("correct", "merge"),
        ("correct", "split"),
        ("correct", "alias"),
    ],
)
def test_rule_authoring_help_has_examples(command):
    out = ok(kg(*command, "--help")).stdout
    assert "Example" in out


# --------------------------------------------------------------------------- rules list


def test_rules_list_names_every_rule_with_its_line_and_facts(base_graph):
    out = ok(kg("rules", "list", "--graph", base_graph, "--format", "json")).stdout
    listed = {r["id"]: r for r in json.loads(out)}
    assert {r.id for r in RULES.rules} <= set(listed)
    assert "org-gazetteer" in listed and listed["org-gazetteer"]["kind"] == "gazetteer"
    lines = PATTERNS_FILE.read_text(encoding="utf-8").splitlines()
    for rule in RULES.rules:
        path, line = listed[rule.id]["source"].rsplit(":", 1)
        assert path.endswith("patterns.yaml")
        assert lines[int(line) - 1].strip() == f"- id: {rule.id}"
    # the counts agree with the places `rules hits` shows
    hits = ok(
        kg("rules", "hits", "person-role-name", "--graph", base_graph, "--format", "json")
    ).stdout
    assert (
        int(listed["person-role-name"]["facts"])
        == sum(len(h["facts"]) for h in json.loads(hits))
        > 0
    )
    assert listed["resp-law-gives-duty"]["facts"] == "0"  # no law obliges anyone in these articles


def test_rules_list_without_a_graph_has_no_counts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ok(kg("rules", "list", "--format", "csv"))
    assert result.stdout.splitlines()[0] == "id,kind,source,description"
    assert "run `kg build`" in result.stderr


# --------------------------------------------------------------------------- rules test


def test_rules_test_shows_expected_and_matched(tmp_path):
    out = ok(kg("rules", "test", "person-speech-verb")).stdout
    assert "ok   person-speech-verb  (3/3 examples)" in out
    assert "expected ✓ person Priya Ramdin" in out
    assert "matched    person Priya Ramdin" in out


def test_rules_test_reports_a_failing_example(tmp_path):
    rules = rules_copy(tmp_path / "rules")
    patterns = rules / "patterns.yaml"
    text = patterns.read_text(encoding="utf-8")
    # the example now expects a name the sentence does not have
    text = text.replace(
        'expect: [{person: "Priya Ramdin"}]', 'expect: [{person: "Priya Ramdim"}]', 1
    )
    patterns.write_text(text, encoding="utf-8")
    result = ok(kg("rules", "test", "person-speech-verb", "--rules", rules), code=1)
    assert "FAIL person-speech-verb  (2/3 examples)" in result.stdout
    assert "expected ✗ person Priya Ramdim" in result.stdout
    assert "matched    person Priya Ramdin" in result.stdout
    assert "2 of 3 examples of 1 rule(s) pass" in result.stdout


def test_rules_test_reports_every_rule_file_error_before_running(tmp_path):
    rules = rules_copy(tmp_path / "rules")
    patterns = rules / "patterns.yaml"
    patterns.write_text(
        patterns.read_text(encoding="utf-8")
        + textwrap.dedent("""
        - id: my-broken-rule
          kind: person
          description: an unclosed group and a misspelt option
          pattern: '(?P<name>{NAME}'
          requries: surname-elsewhere
          examples:
            - text: "Zegt Jan Jansen."
              expect: [{persoon: "Jan Jansen"}]
        - id: person-speech-verb
          kind: poem
          description: a duplicate id with an unknown kind
          pattern: 'x'
          examples: [{text: "x", expect: [{person: "x"}]}]
        """),
        encoding="utf-8",
    )
    start = len(PATTERNS_FILE.read_text(encoding="utf-8").splitlines()) + 2
    result = ok(kg("rules", "test", "--rules", rules), code=1)
    err = result.stderr
    assert f"patterns.yaml:{start}: my-broken-rule: pattern: bad regular expression" in err
    assert f"patterns.yaml:{start}: my-broken-rule: unknown option 'requries'" in err
    assert (
        f"patterns.yaml:{start}: my-broken-rule: example 1 (line {start + 6}): "
        "expectation {persoon: 'Jan Jansen'}" in err
    )
    assert f"patterns.yaml:{start + 8}: person-speech-verb: duplicate id" in err
    assert f"patterns.yaml:{start + 8}: person-speech-verb: unknown kind 'poem'" in err
    assert "examples of" not in result.stdout  # nothing ran
    # kg build stops on the same errors
    build = ok(kg("build", RULES_CORPUS, "--out", tmp_path / "out", "--rules", rules), code=1)
    assert "my-broken-rule: unknown option 'requries'" in build.stderr


def test_rules_test_reports_a_lexicon_word_that_is_no_text(tmp_path):
    rules = rules_copy(tmp_path / "rules")
    add_speech_verb(rules, "12")
    line = next(
        i
        for i, text in enumerate(
            (rules / "lexicon.yaml").read_text(encoding="utf-8").splitlines(), 1
        )
        if text.startswith("SPEECH_VERB:")
    )
    result = ok(kg("rules", "test", "--rules", rules), code=1)
    assert f"lexicon.yaml:{line}: SPEECH_VERB: 12 is not a word" in result.stderr


def test_rules_test_unknown_rule_id_suggests_the_nearest(tmp_path):
    result = ok(kg("rules", "test", "person-speech-verbs"), code=1)
    assert "no such rule: person-speech-verbs (did you mean person-speech-verb" in result.stderr


# --------------------------------------------------------------------------- rules hits


def test_rules_hits_marks_the_matched_words(base_graph):
    out = ok(kg("rules", "hits", "person-role-name", "--graph", base_graph)).stdout
    assert re.search(r"^person-role-name: \d+ fact\(s\) in \d+ place\(s\)", out)
    assert "“‘Elk kind verdient een veilige plek,’ meldt jeugdconsulent »Ahmed Bakker«.”" in out
    assert "Ahmed Bakker rdf:type kg:Person" in out
    assert "lelystad_jeugd.txt kg:mentions Ahmed Bakker" in out


def test_rules_hits_unknown_rule_is_one_line(base_graph):
    result = ok(kg("rules", "hits", "no-such-rule", "--graph", base_graph), code=1)
    assert result.stderr.startswith("Error: no such rule: no-such-rule")


# --------------------------------------------------------------------------- diff


def test_diff_reports_what_a_rule_change_gained(tmp_path, base_graph):
    """Add a speech verb to a copy of the rules, rebuild, and diff: the quote the verb
    introduces is gained, as a statement and as facts of the quote rule; nothing is lost."""
    rules = rules_copy(tmp_path / "rules")
    add_speech_verb(rules, "glundert")
    ok(kg("build", RULES_CORPUS, "--out", tmp_path / "new", "-q", "--rules", rules))
    new = tmp_path / "new" / "graph.ttl"
    data = json.loads(ok(kg("diff", base_graph, new, "--format", "json")).stdout)
    assert data["old_rules_version"] != data["new_rules_version"]
    (statements,) = [q for q in data["questions"] if q["name"] == "statements"]
    assert [(r["speaker"], r["text"]) for r in statements["gained"]] == [
        ("Jeroen Bakker", "Eindelijk wordt er naar de inwoners geluisterd")
    ]
    assert statements["lost"] == []
    by_rule = {r["rule"]: r for r in data["rules"]}
    assert set(by_rule) == {"quote-speech-verb-after"}
    gained = by_rule["quote-speech-verb-after"]["gained"]
    assert {"kg:speaker", "kg:text", "rdf:type"} <= {f["predicate"] for f in gained}
    assert {f["document"] for f in gained} == {"almere_wmo.txt"}
    assert by_rule["quote-speech-verb-after"]["lost"] == []
    text = ok(kg("diff", base_graph, new)).stdout
    assert "statements: +1 -0" in text
    assert (
        "+ Jeroen Bakker | Eindelijk wordt er naar de inwoners geluisterd | almere_wmo.txt" in text
    )
    assert "quote-speech-verb-after: +5 -0" in text
    # and back again: the same facts, lost
    back = json.loads(ok(kg("diff", new, base_graph, "--format", "json")).stdout)
    assert [len(r["lost"]) for r in back["rules"]] == [len(gained)]


def test_diff_of_a_graph_with_itself_is_empty(base_graph):
    out = ok(kg("diff", base_graph, base_graph)).stdout
    assert out.rstrip().endswith("no facts gained or lost")


def test_diff_missing_file_is_one_line(base_graph, tmp_path):
    result = ok(kg("diff", base_graph, tmp_path / "nope.ttl"), code=1)
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.ttl'}: no such file"
