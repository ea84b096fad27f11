"""The Dutch the relation extractors read: word lists and constructions (named regular
expressions) of kg/language/data/lexicon.yaml.

The lexicon compiles the constructions (kg/language/lexicon.py `construction`: {LIST}
expanded, each run within the rules' time limit); here every construction the passes read
must be there before the first document, so a rules folder that lacks one is an error
rather than a construction that silently matches nothing.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from kg.errors import RuleError
from kg.language.lexicon import Lexicon
from kg.language.rulematch import Bounded

CONSTRUCTIONS = (
    "SUBORDINATE",
    "SUBJECT_PRONOUN",
    "GROUP_NP",
    "CREATOR_VERB",
    "IN_OWN_WORK",
    "MODAL_VERB",
    "ROLE_SUBJECT",
    "DESCRIBED_ACTOR",
    "ROLE_BEFORE_NAME",
    "ROLE_AFTER_NAME",
    "SPOKESPERSON",
    "DESCRIBED_REF",
    "PERSON_OF",
    "SUBJECT_LEAD",
    "NEED_OPENER",
    "ADVICE_LEAD",
    "ARTICLE_GAP",
    "MADE_BY",
    "MADE_BY_CLAUSE",
    "IN_OWN_WORK_OPENING",
    "ARTICLE",
    "MAKER_PRONOUN",
    "OWN_WORK",
    "PREVIOUS_OWN_WORK",
    "POSSESSIVE",
    "COORDINATION",
    "PLACE_ADJECTIVE",
    "DEFINITE_BEFORE",
    "CARRIES_OUT",
    "ACTOR_AFTER_VERB",
    "OBJECT_PRONOUN",
    "INTERVIEW_OPENING",
    "DOUBLED_VOWEL",
    "PASSIVE_CLAUSE",
    "CLAUSE_END",
    "TURN_COURTESY",
    "TURN_END",
    "LIST_ITEM",
    "ADVICE_GOES_ON",
    "ADDRESSEE_GROUPS",
    "ADDRESSEE_NOUN",
)
"""The constructions the passes read, all checked before the first one runs."""
MISSING = "missing (kg/language/data/lexicon.yaml has it to copy)"
LABELS = "ENTITY_LABEL"
"""The lexicon mapping of labels for entities made from a place ("gemeente {}")."""


class Dutch:
    """The compiled constructions and lower-cased word sets of one lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._words: dict[str, frozenset[str]] = {}
        self._labels = lexicon.mapping(LABELS)
        problems: list[str] = []
        if not self._labels:
            problems.append(f"{lexicon.path.name}: {LABELS}: {MISSING}")
        for name in CONSTRUCTIONS:
            where = f"{lexicon.path.name}: {name}"
            if name not in lexicon.lists:
                problems.append(f"{where}: {MISSING}")
            elif not isinstance(lexicon.lists[name], str):
                problems.append(f"{where}: needs one regular expression, as text")
        if problems:
            raise RuleError(problems)
        self._regex = {name: lexicon.construction(name) for name in CONSTRUCTIONS}

    def rx(self, name: str) -> Bounded:
        """The construction `name`, its {LIST}s expanded."""
        return self._regex[name]

    def words(self, name: str) -> frozenset[str]:
        """A word list, lower case."""
        if name not in self._words:
            self._words[name] = frozenset(w.lower() for w in self.lexicon.words(name))
        return self._words[name]

    def ordered(self, name: str) -> list[str]:
        """A word list as written, in its order (where the order decides)."""
        return self.lexicon.words(name)

    def label(self, name: str, *parts: str) -> str:
        """The label of an entity made from a place: label("province", "Flevoland")."""
        return self._labels[name].format(*parts)


_CACHE: WeakKeyDictionary[Lexicon, Dutch] = WeakKeyDictionary()


def dutch(lexicon: Lexicon) -> Dutch:
    """The Dutch of `lexicon`, compiled once for all documents."""
    if lexicon not in _CACHE:
        _CACHE[lexicon] = Dutch(lexicon)
    return _CACHE[lexicon]
