"""The data that flows from documents to the graph: small frozen records, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text: [start, end) in code points."""

    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading) of the article body, with its offsets into the document."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    section: str  # "title", "heading", "body", "author" (the author block), "byline"


@dataclass(frozen=True)
class Document:
    """One article: its stored text and the parts the segmenter found in it."""

    name: str  # file name relative to the corpus folder
    text: str
    title: str
    title_span: Span | None
    genre: str
    author: str
    author_span: Span | None
    encoding: str
    sha256: str
    sentences: tuple[Sentence, ...]
    notes: tuple[str, ...] = ()
    issued: str = ""  # ISO date the file states (front matter, HTML meta)
    source_url: str = ""  # the address the file states it came from
    publisher: str = ""  # who the file states published it, as written


@dataclass(frozen=True)
class Entity:
    """A node of the graph that an extracted fact is about."""

    key: str  # the IRI path under id:, e.g. "org/rmo"
    # Person, Organisation, GovernmentBody, Municipality, Group, Law, Place, Topic, Work, Role
    kind: str
    label: str
    props: tuple[tuple[str, str], ...] = ()  # (predicate CURIE[@lang], value) pairs


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence, the exact words and the rule that fired."""

    sentence: Sentence
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Fact:
    """One triple a rule produced, with its evidence. Object is an IRI or a literal."""

    subject: str  # an entity key
    predicate: str  # CURIE, e.g. "kg:speaker"
    object: str  # an entity key, a CURIE (for rdf:type) or, when `literal`, the text
    evidence: Evidence
    literal: bool = False
    datatype: str | None = None


@dataclass(frozen=True)
class Correction:
    """An analyst's correction of the rules' output (corrections.yaml in the corpus folder).

    `entity` names a node by a label, alias or abbreviation; `statement` and
    `recommendation` one by words of its text, `work` one by its title; `subject`/
    `predicate`/`object` one fact. See kg/language/corrections.py.
    """

    id: str
    action: str  # reject, merge, split, alias
    reason: str
    entity: str = ""
    statement: str = ""
    recommendation: str = ""
    work: str = ""
    subject: str = ""
    predicate: str = ""
    object: str = ""
    document: str = ""  # only in this document (a file name); "" = every document
    into: str = ""  # merge: the entity it is one with; split: the name of the other one
    alias: str = ""  # alias: the other name
    iri: str = ""  # merge: the IRI of the entity it is one with, when known
    line: int = 0  # where the entry starts in its file

    @property
    def target(self) -> str:
        """What the correction is about, in a few words."""
        return (
            self.entity
            or self.statement
            or self.recommendation
            or self.work
            or self.subject
            or self.object
        )


@dataclass(frozen=True)
class Rejection:
    """A fact a rule produced that a correction took out of the graph."""

    fact: Fact
    correction: str  # the correction's id


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)  # by key
    facts: list[Fact] = field(default_factory=list)
    corrections: tuple[Correction, ...] = ()  # the corrections applied to this document
    rejected: tuple[Rejection, ...] = ()  # facts those corrections took out
