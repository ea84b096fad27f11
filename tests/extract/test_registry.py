"""kg/extract/registry.py: the one list of what kg extracts, from which the rule loader's
kinds and option checks and the example checks are derived."""

from __future__ import annotations

import importlib
import inspect
import shutil

import pytest

from kg.errors import RuleError
from kg.extract import examples
from kg.extract.registry import ENTITY_KINDS, EXPECT, KINDS, RELATIONS
from kg.language import rules as rules_module
from kg.language.rules import LEXICON_FILE, PATTERNS_FILE, load_rules


def test_registry_names_a_function_for_every_kind_it_lists():
    for relation in RELATIONS.values():
        module, _, name = relation.run.partition(":")
        assert inspect.isfunction(getattr(importlib.import_module(module), name)), relation.name


def test_registry_every_rule_kind_in_patterns_yaml_is_registered(rules):
    assert {r.kind for r in rules.rules} == set(KINDS)


def test_registry_is_the_only_list_of_kinds_and_expectations():
    assert rules_module.KINDS is KINDS
    assert examples.ENTITY_KINDS is ENTITY_KINDS
    assert set(EXPECT) == {"person", "organisation", "statute", "actor", "place"} | {
        "statement",
        "recommendation",
        "work",
        "role",
        "law",
    }


def test_registry_every_option_a_shipped_rule_sets_is_registered_for_its_kind(rules):
    from kg.extract.registry import options_of

    for rule in rules.rules:
        for key, value in rule.options.items():
            option = options_of(rule.kind)[key]
            assert option.flag or not option.values or value in option.values, rule.id


def _rules_folder(tmp_path, old: str, new: str):
    text = PATTERNS_FILE.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "patterns.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copy(LEXICON_FILE, tmp_path)
    return tmp_path / "patterns.yaml", tmp_path / "lexicon.yaml"


def test_rule_option_of_another_kind_is_unknown(tmp_path):
    """`organisation: required` belongs to affiliation rules: on a work rule it would do
    nothing, so it is an error, not a silently ignored key."""
    files = _rules_folder(tmp_path, "  order: title-noun\n", "  organisation: required\n")
    with pytest.raises(RuleError, match=r"work-title-apposition: unknown option 'organisation'"):
        load_rules(*files)


def test_rule_option_value_must_name_a_registered_handler(tmp_path):
    files = _rules_folder(tmp_path, "  to: modal-subject\n", "  to: modal-object\n")
    with pytest.raises(RuleError, match=r"to: 'modal-object' is not one of modal-subject"):
        load_rules(*files)


def test_rule_old_boolean_option_is_an_unknown_option(tmp_path):
    files = _rules_folder(tmp_path, "  attribution: carried-over\n", "  carryover: true\n")
    with pytest.raises(RuleError, match=r"quote-carryover: unknown option 'carryover'"):
        load_rules(*files)
