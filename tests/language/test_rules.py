"""Every example sentence of every rule yields what it expects; broken rule files are
reported with file, line and rule id, all problems at once."""

from __future__ import annotations

import textwrap

import pytest

from kg.errors import RuleError
from kg.extract.examples import run_example
from kg.language.lexicon import LEXICON_FILE
from kg.language.reference import load_reference
from kg.language.rules import load_rules

RULES = load_rules()
REFERENCE = load_reference()
EXAMPLES = [(rule, ex) for rule in RULES.rules for ex in rule.examples]


@pytest.mark.parametrize(
    "rule, example", EXAMPLES, ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(EXAMPLES)]
)
def test_rules_example_yields_expected_facts(rule, example):
    result = run_example(rule, example, RULES, REFERENCE)
    assert result.ok, f"{rule.id}: {example['text']!r} did not yield {result.missing}"


def test_rules_every_rule_has_an_example_with_expectations():
    for rule in RULES.rules:
        assert rule.examples, rule.id
        assert all(ex.get("expect") for ex in rule.examples), rule.id


def test_rules_ids_are_unique():
    ids = [r.id for r in RULES.rules]
    assert len(ids) == len(set(ids))


def _write(tmp_path, text):
    path = tmp_path / "patterns.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_rules_errors_are_all_reported_with_file_line_and_id(tmp_path):
    path = _write(
        tmp_path,
        """\
        - id: good-rule
          kind: person
          description: fine
          pattern: '(?P<name>{NAME})'
          examples: [{text: "x", expect: [{person: "x"}]}]
        - id: bad-regex
          kind: person
          description: an unclosed group
          pattern: '(?P<name>abc'
          examples: [{text: "x", expect: [{person: "x"}]}]
        - id: good-rule
          kind: person
          description: duplicate id
          pattern: 'x'
          examples: [{text: "x", expect: [{person: "x"}]}]
        - id: unknown-kind
          kind: poem
          description: no such kind
          pattern: 'x'
          examples: [{text: "x", expect: [{person: "x"}]}]
        - id: unknown-macro
          kind: person
          description: macro that does not exist
          pattern: '{NOPE}'
        """,
    )
    with pytest.raises(RuleError) as info:
        load_rules(path, LEXICON_FILE)
    problems = info.value.problems
    text = "\n".join(problems)
    assert "patterns.yaml:6: bad-regex: pattern: bad regular expression" in text
    assert "patterns.yaml:11: good-rule: duplicate id (first at line 1)" in text
    assert "patterns.yaml:16: unknown-kind: unknown kind 'poem'" in text
    assert "patterns.yaml:21: unknown-macro: pattern: unknown macro {NOPE}" in text
    assert "patterns.yaml:21: unknown-macro: needs at least one example" in text
    assert len(problems) == 5


def test_rules_invalid_yaml_is_one_clear_error(tmp_path):
    path = _write(tmp_path, "- id: x\n  kind: [unclosed\n")
    with pytest.raises(RuleError, match="not valid YAML"):
        load_rules(path, LEXICON_FILE)
