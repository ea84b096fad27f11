"""What the mention finders hand on: the mentions of one document and the entities they
point to (`Found`), read-only to every pass that reads it.

A later pass that makes an entity of its own (a role, a municipality read from context)
or reads a mention anew does not write into the Found it was given: it asks for a new one
(`with_entries`, `with_mentions`, `with_maker`), so what the finders found stays as they
found it. While the finders work they collect entities in a `Draft`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
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

    def with_entries(self, *entries: Entry, territory: Mapping[str, str] | None = None) -> Found:
        """This Found, also knowing `entries` (and the places of municipalities in
        `territory`); an entity already known under the same key stays as it is."""
        known = dict(self.entries)
        for entry in entries:
            known.setdefault(entry.key, entry)
        land = dict(self.territory)
        for municipality, place in (territory or {}).items():
            land.setdefault(municipality, place)
        return replace(self, entries=_frozen(known), territory=_frozen(land))

    def with_mentions(self, mentions: Iterable[Mention]) -> Found:
        """This Found with `mentions` read in place of its own (e.g. 'de gemeente' read
        as the municipality the text is about)."""
        return replace(self, mentions=tuple(mentions))

    def with_maker(self, offset: int, people: Iterable[str]) -> Found:
        """This Found, also knowing that the work named at `offset` is made by `people`."""
        pair = (offset, tuple(people))
        if pair in self.makers:
            return self
        return replace(self, makers=tuple(sorted((*self.makers, pair))))


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
