"""The rules without a pattern (gazetteers, reference resolution) are data:
kg/language/data/builtin_rules.yaml, read with file and line like every rule file."""

from __future__ import annotations

import pytest

from kg.errors import RuleError
from kg.language.builtin_rules import BUILTIN_RULES_FILE, builtin_rules
from kg.language.rules import load_rules
from kg.rdf.namespaces import ID
from kg.rdf.triples import build_triples


def test_builtin_rules_are_read_from_their_data_file_with_lines():
    rules = builtin_rules()
    assert "org-gazetteer" in rules and "municipality-in-context" in rules
    lines = BUILTIN_RULES_FILE.read_text(encoding="utf-8").splitlines()
    for rule in rules.values():
        assert lines[rule.line - 1] == f"- id: {rule.id}"
        assert rule.kind and rule.description
    assert rules["municipality-in-context"].description == (
        "'de gemeente' in a text about one municipality (named at least twice, 60% of "
        "municipality mentions) is that municipality."
    )


def test_builtin_rule_kind_and_description_go_into_the_graph():
    triples = build_triples({"person-surname-ref"}, load_rules(), topics=False)
    about = {
        (t.predicate.value.rsplit("#", 1)[-1], t.object.value)
        for t in triples
        if t.subject.value == f"{ID}rule/person-surname-ref"
    }
    assert ("ruleKind", "person") in about
    assert ("comment", builtin_rules()["person-surname-ref"].description) in about


def test_builtin_rules_file_problems_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "builtin_rules.yaml"
    path.write_text(
        "- id: a-rule\n  kind: gazetteer\n  description: One.\n"
        "- id: a-rule\n  kind: gazetteer\n  description: Two.\n"
        "- id: no-kind\n  description: Three.\n"
        "- id: odd\n  kind: person\n  description: Four.\n  pattern: x\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        builtin_rules(path)
    assert caught.value.problems == [
        "builtin_rules.yaml:4: a-rule: also defined on line 1",
        "builtin_rules.yaml:7: needs a text kind",
        "builtin_rules.yaml:9: unknown key 'pattern'",
    ]
