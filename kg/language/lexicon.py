"""The Dutch word lists and constructions of kg/language/data/lexicon.yaml, with the look-ups
the rules and the extractors need."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from kg.errors import RuleError
from kg.language import yamlfile
from kg.language.rulecheck import nested_quantifiers, nested_quantifiers_warning
from kg.language.rulematch import Bounded
from kg.language.wordtrie import trie_regex

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.yaml"
REGEX_LISTS = ("FURNITURE", "COMMENTS_START", "AUTHOR_BLOCK", "CALL_TO_ACTION", "BYLINE")
_LIST = re.compile(r"\{([A-Z_]+)\}")
"""{LIST} in a construction: any word of that word list of the lexicon (see `alt`)."""


class Lexicon:
    """Named word lists; `alt(name)` gives a regex alternation for patterns ({NAME}).

    The regex lists (REGEX_LISTS) run on every line of every article, and constructions
    (`NAME: 'regex'` entries, see `construction`) wherever the extractors ask, under the
    same time limit as the rules' patterns (kg/language/rulematch.py); `warnings` names
    those with nested quantifiers."""

    def __init__(self, lists: dict, path: Path = LEXICON_FILE, lines: dict[str, int] | None = None):
        self.lists = lists
        self.path = path
        self._alternations: dict[str, str] = {}
        self.warnings: list[str] = []
        self._regex: dict[str, list[Bounded]] = {}
        self._constructions: dict[str, Bounded] = {}
        problems = []
        for name in REGEX_LISTS:
            where = f"{path.name}:{(lines or {}).get(name, 0)}: {name}"
            self._regex[name] = []
            for pattern in lists.get(name, []):
                try:
                    self._regex[name].append(
                        Bounded(re.compile(pattern, re.IGNORECASE), f"lexicon list {name}")
                    )
                except (re.error, RecursionError) as e:  # RecursionError: nested too deeply
                    problems.append(f"{where}: bad regular expression {pattern!r}: {e}")
                self.warnings += [
                    f"{where}: {nested_quantifiers_warning(group)}"
                    for group in nested_quantifiers(pattern)
                ]
        for name, pattern in lists.items():
            if not isinstance(pattern, str):
                continue
            where = f"{path.name}:{(lines or {}).get(name, 0)}: {name}"
            try:
                compiled = re.compile(_LIST.sub(lambda m: self.alt(m.group(1)), pattern))
            except (re.error, RecursionError) as e:
                problems.append(f"{where}: bad regular expression {pattern!r}: {e}")
                continue
            self._constructions[name] = Bounded(compiled, f"lexicon construction {name}")
            self.warnings += [
                f"{where}: {nested_quantifiers_warning(group)}"
                for group in nested_quantifiers(pattern)
            ]
        if problems:
            raise RuleError(problems)
        self._either = {name: _either(self._regex[name]) for name in REGEX_LISTS}

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        _, root = yamlfile.read(path, RuleError)  # no anchors or aliases
        data = yamlfile.construct(root, path.name, RuleError)
        lines = yamlfile.key_lines(root)
        problems = _check_lists(data, lines, path.name)
        if problems:
            raise RuleError(problems)
        return cls(data or {}, path, lines)

    def words(self, name: str) -> list[str]:
        value = self.lists.get(name, [])
        return list(value) if isinstance(value, list) else list(value.keys())

    def mapping(self, name: str) -> dict[str, str]:
        return dict(self.lists.get(name, {}))

    def construction(self, name: str) -> Bounded:
        """The construction `name` (a `NAME: 'regex'` entry: one regular expression,
        case-sensitive unless it says (?i), where {LIST} stands for any word of that word
        list); one the file lacks matches nothing, as a missing word list holds no words."""
        return self._constructions.get(name) or _NOTHING

    def alt(self, name: str) -> str:
        """A regex that matches any word of a list, longest first, spaces matching any
        whitespace; written as a trie, which `re` scans many times faster."""
        if name not in self._alternations:
            self._alternations[name] = trie_regex(self.words(name))
        return self._alternations[name]

    @cached_property
    def not_a_name(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words("NOT_A_NAME"))

    @cached_property
    def name_stopwords(self) -> frozenset[str]:
        """Roles, portfolios and titles, lower case: words that do not belong to a name."""
        return frozenset(
            w.lower() for name in ("ROLE", "PORTFOLIO", "TITLE") for w in self.words(name)
        )

    @cached_property
    def particles(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words("PARTICLE"))

    @cached_property
    def _abbreviations(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words("ABBREVIATION"))

    def is_abbreviation(self, text: str, start: int, dot: int) -> bool:
        """Is the full stop at `dot` the end of an abbreviation or of initials ("J.", "M.J.")?"""
        k = dot
        while k > start and not text[k - 1].isspace() and text[k - 1] not in "(‘“'\"":
            k -= 1
        token = text[k : dot + 1].lower()
        return token in self._abbreviations or bool(re.fullmatch(r"(?:[a-z]\.)+", token))

    def _any(self, name: str, line: str) -> bool:
        either = self._either[name]
        if either is not None:
            return either.search(line)
        return any(r.search(line) for r in self._regex[name])

    def is_furniture(self, line: str) -> bool:
        return self._any("FURNITURE", line)

    def starts_comments(self, line: str) -> bool:
        return self._any("COMMENTS_START", line)

    def opens_author_block(self, line: str) -> bool:
        return self._any("AUTHOR_BLOCK", line)

    def is_call_to_action(self, line: str) -> bool:
        return self._any("CALL_TO_ACTION", line)

    def byline(self, line: str) -> re.Match | None:
        """A one-line byline ("Door Jan Jansen | 3 mei 2022"); the name is group "name"."""
        return next((m for r in self._regex["BYLINE"] if (m := r.match(line))), None)


_NOTHING = Bounded(re.compile("(?!)"), "lexicon construction that is not there")
_REFERS_TO_GROUP = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
"""A backreference or a conditional: its group number would change in an alternation."""


class _Either:
    """Patterns joined into two: those anchored at the start of the line ("^share on"),
    tried once at its start, and the others, in one scan of the line. A line is found
    when any pattern finds it; the lists run on every line of every article."""

    __slots__ = ("anchored", "floating")

    def __init__(self, anchored: Bounded | None, floating: Bounded | None):
        self.anchored, self.floating = anchored, floating

    def search(self, line: str) -> bool:
        return bool(
            (self.anchored and self.anchored.match(line))
            or (self.floating and self.floating.search(line))
        )


def _either(patterns: list[Bounded]) -> _Either | None:
    """The patterns as one _Either; None when they cannot be joined (a backreference, a
    global flag, a group name used twice), and then each is tried in turn."""
    if len(patterns) < 2 or any(_REFERS_TO_GROUP.search(p.pattern) for p in patterns):
        return None
    anchored = [p for p in patterns if _anchored(p.compiled)]
    floating = [p for p in patterns if p not in anchored]
    try:
        return _Either(*(_joined(part) for part in (anchored, floating)))
    except (re.error, RecursionError):
        return None


def _joined(patterns: list[Bounded]) -> Bounded | None:
    if not patterns:
        return None
    joined = "|".join(f"(?:{p.pattern})" for p in patterns)
    return Bounded(re.compile(joined, re.IGNORECASE), patterns[0].owner)


def _anchored(compiled: re.Pattern) -> bool:
    """Can the pattern match only at the start of the text ("^…" without MULTILINE and
    without a "|" outside groups)? Then `match` finds what `search` finds."""
    if compiled.flags & re.MULTILINE or not compiled.pattern.startswith("^"):
        return False
    try:
        parsed = re._parser.parse(compiled.pattern, compiled.flags)
    except Exception:  # a private module: if it changes, the pattern is simply scanned
        return False
    return len(parsed) > 0 and parsed[0] == (re._constants.AT, re._constants.AT_BEGINNING)


def _check_lists(data, lines: dict[str, int], name: str) -> list[str]:
    """Every list holds words (text), every construction is text: a number or a nested list
    in a word list is a mistake that would otherwise surface far from its line."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return [f"{name}: expected named word lists (NAME: [word, …])"]
    problems = []
    for list_name, words in data.items():
        where = f"{name}:{lines.get(list_name, 0)}: {list_name}"
        if isinstance(words, str):
            continue  # a construction: compiled (and checked) by Lexicon
        items = list(words) if isinstance(words, (list, dict)) else None
        if items is None:
            problems.append(
                f"{where}: must be a list of words (or a regular expression in quotes), "
                f"not {yamlfile.type_name(words)}"
            )
            continue
        values = list(words.values()) if isinstance(words, dict) else []
        bad = [w for w in items + [v for v in values if v is not None] if not isinstance(w, str)]
        problems += [f"{where}: {w!r} is not a word (write it as text, in quotes)" for w in bad]
    return problems
