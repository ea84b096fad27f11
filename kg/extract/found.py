"""What the mention finders hand on: the mentions of one document and the entities they
point to (`Found`), read-only to every pass that reads it.

The relation passes copy what they need into their own Context (kg/extract/context.py)
and return the entities they make, so what the finders found stays as they found it.
While the finders work they collect entities in a `Draft`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kg.controlchars import without_bidi
from kg.extract.model import Sentence
from kg.language.reference import Entry

ACTOR_KINDS = {"Person", "Organisation", "GovernmentBody", "Municipality", "Group"}


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the document text
    end: int
    key: str  # entity key under id:, e.g. "org/rmo", "person/jos-van-der-lans"
    kind: str
    rule: str
    sentence: Sentence

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS


@dataclass(frozen=True)
class PersonName:
    label: str
    first: str
    surname: str  # with particles: "van den Wijngaart"
    last: str  # the last word: "Wijngaart"


def _frozen(mapping: Mapping | None = None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Found:
    """Mentions of one document and the entities they point to."""

    mentions: tuple[Mention, ...] = ()
    topics: tuple[Mention, ...] = ()
    entries: Mapping[str, Entry] = field(default_factory=_frozen)  # key -> entry (incl. made ones)
    persons: Mapping[str, PersonName] = field(default_factory=_frozen)
    territory: Mapping[str, str] = field(default_factory=_frozen)  # municipality -> place key
    title_spans: tuple[tuple[int, int], ...] = ()  # quoted titles of works: no names inside
    makers: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (offset, people) per "boek … van A en B"
    author_key: str | None = None

    def actors_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.is_actor and m.start >= start and m.end <= end]

    def at(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and m.end > start]


class Draft:
    """The entities and people the finders make while they read one document; frozen into
    a Found once they are done."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.persons: dict[str, PersonName] = {}
        self.territory: dict[str, str] = {}
        self.author_key: str | None = None

    def make(self, key: str, kind: str, label: str, rule: str, **extra: str) -> None:
        """An entity the text names but no gazetteer knows; the first one made for a key stays."""
        if key not in self.entries:
            self.entries[key] = Entry(
                key=key, kind=kind, label=label, rule=rule, extra=tuple(sorted(extra.items()))
            )

    def found(self, **parts) -> Found:
        """The Found of these entities and the mentions, topics, … in `parts`."""
        return Found(
            entries=_frozen(self.entries),
            persons=_frozen(self.persons),
            territory=_frozen(self.territory),
            author_key=self.author_key,
            **parts,
        )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def label_of(text: str) -> str:
    """Words of the text as a name: single spaces, no bidi controls (which would only make
    one name look like another; the mention keeps the exact text and its offsets)."""
    return " ".join(without_bidi(text).split())
