"""The Dutch the relation extractors read: word lists and constructions (named regular
expressions) of kg/language/data/lexicon.yaml, compiled once per lexicon.

A construction may name a word list of the lexicon as {LIST}: it stands for any word of
that list (kg/language/lexicon.py `alt`), so a construction never repeats a list.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from kg.errors import RuleError
from kg.language.lexicon import Lexicon

CONSTRUCTIONS = {
    "SUBORDINATE": r"(?i)\b(?:als|omdat|wanneer|doordat|terwijl|zodra|indien|hoewel|zolang)\b",
    "SUBJECT_PRONOUN": r"(?i)(?:^|\s)(?:zij|ze|we|wij|hij)\s*$",
    "GROUP_NP": r"(?:^|\s)(?:de|het|De|Het)\s+"
    r"(?P<np>[a-zà-ÿ-]*(?:teams?|organisaties?|instellingen|aanbieders))\s*$",
    "CREATOR_VERB": r"(?i:\b(?:is|was)\s+(?:mede-)?(?:auteur|schrijver|samensteller)\s+van|"
    r"\b(?:schreef|schrijft|schreven|publiceerde|publiceert|publiceerden|bracht|brengt|brachten"
    r"|uitbracht|uitbrachten|presenteerde|presenteert|presenteerden|maakte|maakten"
    r"|opstelde|opstelden)\b)",
    "IN_OWN_WORK": r"(?i)\bin\s+(?:het|de|een|zijn|haar|hun)\s*$",
    "MODAL_VERB": r"(?i)\b(?:{MODAL})\b"
    r"|\b(?:{MODAL_AUX})\b(?=[^,.;:]*\b(?:{MODAL}|er\s+goed\s+aan\s+doen)\b)",
    "ROLE_SUBJECT": r"(?:^|\s)(?:[Dd]e|[Hh]et)\s+(?i:{ROLE})(?:s|en)?\s*$",
    "DESCRIBED_ACTOR": r"\b(?:[Dd]e|[Hh]et)\s+((?i:{ACTOR_NOUN}))\b",
    "ROLE_BEFORE_NAME": r"(?i:\b({ROLE}))\s+$",
    "ROLE_AFTER_NAME": r",\s+(?:(?:voormalig|oud-)\s*)?(?i:({ROLE}))\b"
    r"|\s+(?:is|was|werkt als)\s+(?:\w+\s+)?(?i:({ROLE}))\b",
    "SPOKESPERSON": r"(?i:een|de)\s+woordvoer(?:der|ster)",
    "DESCRIBED_REF": r"(?i)(?:de|het)\s+(?:twee|drie|vier|beide)?\s*([\w-]+)",
    "PERSON_OF": r"\s+(?:van|bij)\s+(?:de\s+|het\s+)?$",
    "SUBJECT_LEAD": r"\W*(?:(?:Ook|En|Maar|Toch|Zo)\s+)?(?:[\w-]+\s+)?",
    "NEED_OPENER": r"(?i)nodig\b",
    "ADVICE_LEAD": r"\s*(?:(?:om|dat)\s+)?",
    "ARTICLE_GAP": r"(?i)\s+(?:(?:de|het)\s+)?",
    "MADE_BY": r"\s+van\s+(?:de\s+|het\s+)?",
    "MADE_BY_CLAUSE": r"\s*,?\s*(?:dat|die)\s+(?:de\s+|het\s+)?",
    "IN_OWN_WORK_OPENING": r"\s*(?i:in|met)\s+(?:zijn|haar|hun|het|de)\s+",
    "ARTICLE": r"(?:de|het)\s+",
    "MAKER_PRONOUN": r"(?i)\b(?:ze|zij|hij)\b",
    "POSSESSIVE": r"\b(?:zijn|haar|hun)\b",
    "COORDINATION": r"\s*(?:,|\ben\b)\s*(?:de\s+|het\s+)?",
    "PLACE_ADJECTIVE": r"\b([A-Z][\w’'-]{2,})(?:se|sche)\s+$",
    "DEFINITE_BEFORE": r"\b[Dd]e\s+$",
    "CARRIES_OUT": r"(?i)\bvoer",
    "ACTOR_AFTER_VERB": r"\s+(?:(?:de|het)\s+)?",
    "OBJECT_PRONOUN": r"\s+(?:hen|hun|ze)\b",
    "INTERVIEW_OPENING": r"(?i:\b(?:{INTERVIEW_CUE}))\b",
    "DOUBLED_VOWEL": r"(.*)([aeou])\2([^aeiou])",
}
WORDS = {
    "PRONOUN_QUOTED": ["ik", "we", "wij"],
    "PRONOUN_SELF": ["ik"],
    "PRONOUN_GROUP": ["we", "wij", "hen"],
    "PRONOUN_MALE": ["hij", "hem"],
    "MAKER_NOUN": ["auteur", "schrijver", "maker", "onderzoeker"],
    "AUTHOR_ROLE": ["auteur", "mede-auteur", "schrijver"],
    "COUNCIL_MEMBER_ROLE": ["raadslid", "lid"],
    "ADVISORY_COUNCIL_HEAD": ["Raad"],
    "INTERVIEW_GENRE": ["interview"],
    "PLURAL_SUFFIX": ["en", "s"],
}
LABELS = {
    "municipality": "gemeente {}",
    "province": "provincie {}",
    "council": "gemeenteraad van {}",
    "municipality_noun": "gemeente",
    "council_noun": "gemeenteraad",
}


class Dutch:
    """The compiled constructions and lower-cased word sets of one lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._regex: dict[str, re.Pattern] = {}
        self._words: dict[str, frozenset[str]] = {}

    def rx(self, name: str) -> re.Pattern:
        """The construction `name`, its {LIST}s expanded."""
        if name not in self._regex:
            pattern = re.sub(
                r"\{([A-Z_]+)\}", lambda m: self.lexicon.alt(m.group(1)), CONSTRUCTIONS[name]
            )
            try:
                self._regex[name] = re.compile(pattern)
            except re.error as e:
                where = f"{self.lexicon.path.name}: {name}"
                raise RuleError([f"{where}: bad regular expression: {e}"]) from None
        return self._regex[name]

    def words(self, name: str) -> frozenset[str]:
        """A word list, lower case."""
        if name not in self._words:
            listed = WORDS.get(name) or self.lexicon.words(name)
            self._words[name] = frozenset(w.lower() for w in listed)
        return self._words[name]

    def ordered(self, name: str) -> list[str]:
        """A word list as written, in its order (where the order decides)."""
        return list(WORDS.get(name) or self.lexicon.words(name))

    def label(self, name: str, *parts: str) -> str:
        return LABELS[name].format(*parts)


_CACHE: WeakKeyDictionary[Lexicon, Dutch] = WeakKeyDictionary()


def dutch(lexicon: Lexicon) -> Dutch:
    """The Dutch of `lexicon`, compiled once for all documents."""
    if lexicon not in _CACHE:
        _CACHE[lexicon] = Dutch(lexicon)
    return _CACHE[lexicon]
