"""What the relation passes share about one document, and what each of them returns.

A pass reads a Context (the document, the rules, the reference data, the mentions and
what earlier passes established: who speaks where, who made which publication) and
returns an Output (the facts it found, the entities they name, the entries it made for
entities no mention made). Only kg/extract/relations.py merges an Output into the
extraction and into the Context of the next pass.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from kg.extract.dutch import Dutch
from kg.extract.mentions import Mention
from kg.extract.model import Document, Evidence, Fact, Sentence
from kg.language.reference import Entry, Reference, slug
from kg.language.rules import RuleSet


class Quote(NamedTuple):
    """A quotation [start, end) and who it is attributed to."""

    start: int
    end: int
    speakers: list[str]


class Made(NamedTuple):
    """A publication named at offset `at`, and who made it."""

    at: int
    keys: list[str]


class Named(NamedTuple):
    """The actors a stretch of text names, and where (None: nowhere in particular)."""

    keys: list[str]
    span: tuple[int, int] | None


@dataclass(frozen=True)
class Voices:
    """Who speaks where, as the statements pass found it: the passes after it credit
    unvoiced advice to the voice of its sentence."""

    focus_at: dict[int, list[str]] = field(default_factory=dict)  # sentence -> speaker in focus
    quoted: dict[int, list[Quote]] = field(default_factory=dict)  # sentence -> its quotations
    stated: dict[int, list[str]] = field(default_factory=dict)  # sentence -> reported speakers


@dataclass(frozen=True)
class Context:
    """One document as the relation passes read it; never changed, only replaced."""

    doc: Document
    rules: RuleSet
    ref: Reference
    dutch: Dutch
    mentions: tuple[Mention, ...]
    topics: tuple[Mention, ...]
    title_spans: tuple[tuple[int, int], ...]
    author_key: str | None
    entries: dict[str, Entry]  # key -> entry, of mentions and of entities passes made
    territory: dict[str, str]  # municipality key -> place key
    roles: dict[str, set[str]]  # person key -> the roles the text names them with
    author_voice: bool  # the author speaks in their own voice (an opinion piece, "ik")
    makers: tuple[Made, ...]  # people who made a publication named before a position
    work_makers: tuple[Made, ...] = ()  # the makers (any actor) of each publication named
    voices: Voices = field(default_factory=Voices)

    @cached_property
    def body(self) -> list[Sentence]:
        return [s for s in self.doc.sentences if s.section == "body"]

    @cached_property
    def body_and_author(self) -> list[Sentence]:
        """The body, then the author block ('X is onderzoeker bij Y')."""
        return self.body + [s for s in self.doc.sentences if s.section == "author"]

    @property
    def doc_iri(self) -> str:
        return f"doc/{slug(self.doc.name)}"

    @property
    def text(self) -> str:
        return self.doc.text

    def at(self, start: int, end: int) -> list[Mention]:
        """The mentions that overlap [start, end)."""
        return [m for m in self.mentions if m.start < end and m.end > start]

    def actors_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.is_actor and m.start >= start and m.end <= end]

    def in_sentence(self, s: Sentence) -> list[Mention]:
        return [m for m in self.mentions if m.sentence.index == s.index]


@dataclass
class Output:
    """What one pass adds, in the order it found it."""

    ctx: Context
    facts: list[Fact] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # keys of the entities facts name
    entries: dict[str, Entry] = field(default_factory=dict)  # entities no mention made
    territory: dict[str, str] = field(default_factory=dict)

    def fact(
        self,
        s: str,
        p: str,
        o: str,
        sentence: Sentence,
        start: int,
        end: int,
        rule: str,
        literal: bool = False,
        datatype: str | None = None,
    ) -> None:
        self.facts.append(Fact(s, p, o, Evidence(sentence, start, end, rule), literal, datatype))

    def entity(self, key: str) -> str:
        """Name an entity as a node of the graph."""
        self.entities.append(key)
        return key

    def entry(self, key: str) -> Entry:
        return self.entries[key] if key in self.entries else self.ctx.entries[key]

    def make(self, entry: Entry, territory: str | None = None) -> None:
        """An entity no mention made ('provincie Flevoland', a role); the first one made
        under a key is the one kept."""
        if entry.key in self.entries or entry.key in self.ctx.entries:
            return
        self.entries[entry.key] = entry
        if territory:
            self.territory[entry.key] = territory


def digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def clean(text: str) -> str:
    """A quotation or clause as a readable literal: single spaces, no framing punctuation."""
    return " ".join(text.split()).strip(" ,;:‘’“”\"'")
