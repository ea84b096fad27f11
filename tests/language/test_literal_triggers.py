"""The extra triggers read from a compiled pattern (kg/language/literals.py) and the joined
lexicon line lists: cheaper, and never a different answer."""

from __future__ import annotations

import re

import pytest

from kg.language.lexicon import REGEX_LISTS, Lexicon, _either
from kg.language.literals import literal_triggers
from kg.language.rulematch import Bounded
from kg.language.rules import load_rules

RULES = load_rules()


def _rule_regex(rule_id: str):
    return RULES.get(rule_id).regex["pattern"]


def test_rule_without_word_group_is_not_run_on_sentence_lacking_its_required_words():
    # rec-plea-noun's verbs sit inside an alternation, so it had no trigger and ran on
    # every sentence; each branch needs "pleidooi", "oproep" or "beroep"
    plea = _rule_regex("rec-plea-noun")
    assert not plea.may_match("Het kabinet gaat morgen naar Brussel om te praten over zorg.")
    assert plea.may_match("De Raad doet een dringende oproep aan gemeenten om te investeren.")


def test_literal_triggers_never_rule_out_an_example_their_rule_matches():
    for rule in RULES.rules:
        for example in rule.examples:
            text = example.get("text")
            if not isinstance(text, str):
                continue
            for name, guarded in rule.regex.items():
                if guarded.compiled.search(text):
                    assert guarded.may_match(text), (rule.id, name, text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("(?i:kelvin)", "\u212aelvin"),  # the Kelvin sign matches k case-insensitively
        ("(?i)STRAAT", "straat"),  # a global flag
        ("(?-i:Den) (?i:HAAG)", "Den haag"),
        ("a(?:bcd|xyz)e", "axyze"),
        ("(?:foo){0}bar", "bar"),  # a part repeated zero times is not required
        ("(?:foo|)bar", "bar"),  # nor one of an alternation with an empty branch
        ("(?>gemeente)raad", "gemeenteraad"),
        ("(?=.*vandaag)morgen", "morgen of vandaag"),
        ("pleit(?:te|en)?\\s+voor", "pleitte voor"),
    ],
)
def test_literal_triggers_match_every_text_the_pattern_matches(pattern, text):
    compiled = re.compile(pattern, re.DOTALL)
    assert compiled.search(text)
    for trigger in literal_triggers(compiled):
        assert re.search(trigger, text, re.DOTALL), (pattern, trigger)


def test_joined_lexicon_lists_find_exactly_the_lines_each_pattern_finds():
    lexicon = Lexicon.load()
    lines = [
        "Share on Facebook",
        "Deel dit artikel",
        "foto: Jan Jansen",
        "12",
        "Lees ook: de wijkteams",
        "Download het magazine >>",
        "Klik hier voor meer",
        "3 reacties",
        "Over de auteur",
        "Geplaatst op 3 mei 2022",
        "De gemeente zegt dat zij klik hier niet gebruikt.",
        "Jan Jansen schreef op 3 mei 2022 om 10:00",
        "Het e-mailadres wordt niet gepubliceerd.",
        "Gewone zin zonder iets bijzonders.",
    ]
    for name in REGEX_LISTS[:-1]:  # BYLINE names its group: it is not joined
        each = lexicon._regex[name]
        for line in lines:
            assert lexicon._any(name, line) == any(p.search(line) for p in each), (name, line)


def test_lexicon_list_with_a_backreference_is_not_joined():
    patterns = [
        Bounded(re.compile(p, re.IGNORECASE), "lexicon list X") for p in (r"(a)\1", r"(b)c")
    ]
    assert _either(patterns) is None
