"""kg/extract/dutch.py: the Dutch of the relation passes comes from lexicon.yaml, and a
missing or broken entry there is a rule error naming it, not a traceback mid-build."""

from __future__ import annotations

import pytest

from kg.errors import RuleError
from kg.extract.dutch import CONSTRUCTIONS, Dutch, dutch
from kg.language.lexicon import LEXICON_FILE, Lexicon


def _lexicon(tmp_path, old: str, new: str) -> Lexicon:
    text = LEXICON_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lexicon.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Lexicon.load(path)


def test_dutch_every_construction_is_in_the_shipped_lexicon(rules):
    words = dutch(rules.lexicon)
    assert all(words.rx(name).pattern != "(?!)" for name in CONSTRUCTIONS)
    assert dutch(rules.lexicon) is words  # compiled once per lexicon


def test_dutch_a_construction_names_word_lists_of_the_lexicon(tmp_path):
    lexicon = _lexicon(tmp_path, "GROUP_NOUN: [team,", "GROUP_NOUN: [kring, team,")
    assert (
        Dutch(lexicon).rx("GROUP_NP").search("Daarom moet de leeskring").group("np") == "leeskring"
    )


def test_dutch_missing_construction_in_a_rules_folder_is_a_rule_error(tmp_path):
    lexicon = _lexicon(tmp_path, "GROUP_NP: [", "OLD_GROUP_NP: [")
    with pytest.raises(RuleError, match=r"lexicon.yaml: GROUP_NP: missing"):
        Dutch(lexicon)


def test_dutch_broken_construction_is_a_rule_error(tmp_path):
    lexicon = _lexicon(tmp_path, "NEED_OPENER: ['(?i)nodig\\b']", "NEED_OPENER: ['(nodig']")
    with pytest.raises(RuleError, match=r"NEED_OPENER: bad regular expression"):
        Dutch(lexicon)
