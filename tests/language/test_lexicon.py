"""The lexicon's constructions (kg/language/lexicon.py): a `NAME: 'regex'` entry of
lexicon.yaml is one regular expression the extractors use by name, checked with file and
line like the regex lists, and matching nothing where a rules folder lacks it."""

from __future__ import annotations

import textwrap

import pytest

from kg.errors import RuleError
from kg.language.lexicon import Lexicon


def _load(tmp_path, text: str) -> Lexicon:
    path = tmp_path / "lexicon.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return Lexicon.load(path)


def test_lexicon_construction_is_a_named_regex_with_its_own_case(tmp_path):
    lexicon = _load(
        tmp_path,
        r"""
        AUTHOR_TOLD: '(?P<name>[^,.:;]{3,60}?)\s+(?:is|werkt)\b'
        ELISION: '(?i)[tn] '
        """,
    )
    told = lexicon.construction("AUTHOR_TOLD").match("Hanneke ter Steege is raadsvrouw.")
    assert told.group("name") == "Hanneke ter Steege"
    assert lexicon.construction("AUTHOR_TOLD").match("Hanneke ter Steege IS raadsvrouw.") is None
    assert lexicon.construction("ELISION").match("T Harde")


def test_lexicon_construction_a_rules_folder_lacks_matches_nothing(tmp_path):
    lexicon = _load(tmp_path, "GENRE: [Opinie]\n")
    assert lexicon.construction("AUTHOR_TOLD").search("Hanneke ter Steege is raadsvrouw.") is None


def test_lexicon_bad_construction_is_reported_with_file_and_line(tmp_path):
    with pytest.raises(RuleError) as e:
        _load(tmp_path, "GENRE: [Opinie]\nAUTHOR_TOLD: '(?P<name>abc'\nELISION: '[tn'\n")
    problems = e.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("lexicon.yaml:2: AUTHOR_TOLD: bad regular expression")
    assert problems[1].startswith("lexicon.yaml:3: ELISION: bad regular expression")


def test_lexicon_construction_with_nested_quantifiers_is_warned(tmp_path):
    lexicon = _load(tmp_path, "AUTHOR_TOLD: '(?:\\w+\\s?)+ is'\n")
    assert any(
        w.startswith("lexicon.yaml:1: AUTHOR_TOLD: nested quantifiers") for w in lexicon.warnings
    )


def test_lexicon_entry_that_is_neither_words_nor_a_regex_is_reported(tmp_path):
    with pytest.raises(RuleError) as e:
        _load(tmp_path, "FIRST_PERSON: 12\n")
    assert e.value.problems == [
        "lexicon.yaml:1: FIRST_PERSON: must be a list of words (or a regular expression in "
        "quotes), not the number 12"
    ]
