"""The network's parts: the node types with their legend colours, the relations that are
edges, the phrases the side panel reads facts with, and the Network itself, whose every
node and edge keeps the ids of the evidence it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx

from kg.errors import KgError
from kg.rdf.namespaces import DCTERMS, KG, ORG, RDF, SKOS
from kg.read.evidence import EvidenceRow


class NodeType(NamedTuple):
    key: str  # what --type takes
    iri: str
    label: str  # for the legend
    color: str


TYPES = [  # most specific first: a node gets the first of its classes listed here
    NodeType("municipality", str(KG.Municipality), "Municipality", "#009E73"),
    NodeType("government-body", str(KG.GovernmentBody), "Government body", "#56B4E9"),
    NodeType("organisation", str(KG.Organisation), "Organisation", "#0072B2"),
    NodeType("person", str(KG.Person), "Person", "#E69F00"),
    NodeType("group", str(KG.Group), "Group", "#CC79A7"),
    NodeType("law", str(KG.Law), "Law", "#D55E00"),
    NodeType("work", str(KG.Work), "Work", "#8C6D31"),
    NodeType("place", str(KG.Place), "Place", "#999933"),
    NodeType("topic", str(SKOS.Concept), "Topic", "#882255"),
    NodeType("document", str(KG.Document), "Document", "#9E9E9E"),
]
"""Node types with their legend colours (Okabe-Ito where it has enough, colour-blind safe)."""

TYPE_BY_KEY = {t.key: t for t in TYPES}
TYPE_BY_IRI = {t.iri: t for t in TYPES}
ACTOR_TYPES = ("municipality", "government-body", "organisation", "person", "group")
PROVENANCE = "document"
"""The type whose nodes and edges form the provenance layer."""

RELATIONS = {
    str(KG.responsibleFor): "responsible for",
    str(DCTERMS.creator): "made by",
    str(KG.mentions): "mentions",
    str(DCTERMS.subject): "is about",
    str(KG.territory): "territory",
}
"""Triples that are edges as they stand, with the edge's label."""

PHRASES = {
    str(RDF.type): "is a",
    str(KG.speaker): "said by",
    str(KG.recommendedBy): "recommended by",
    str(KG.recommendedTo): "recommended to",
    str(KG.text): "reads",
    str(KG.directQuote): "direct quote",
    str(ORG.member): "member",
    str(ORG.organization): "at organisation",
    str(ORG.role): "role",
    str(DCTERMS.title): "has title",
    str(KG.workKind): "is a kind of",
    **RELATIONS,
}
"""How a fact reads in the side panel: subject, phrase, object."""


class NetworkError(KgError):
    """A focus or type that selects nothing; the message says what there is instead."""


class Reading(NamedTuple):
    """One reading of one fact as the view's side panel shows it: the triple in words, and
    the evidence row it was read from."""

    subject: str
    phrase: str
    object: str
    relation: bool  # a relation between entities (shown first), not a type or a mention
    row: EvidenceRow

    @property
    def sentence(self) -> str:
        """The sentence's IRI (texts are in Network.sentences)."""
        return self.row.sentence

    @property
    def offset(self) -> int:
        """Where `exact` starts within the sentence."""
        return self.row.offset

    @property
    def exact(self) -> str:
        return self.row.exact

    @property
    def document(self) -> str:
        """The document's IRI."""
        return self.row.document

    @property
    def rule(self) -> str:
        return self.row.rule

    @property
    def start(self) -> int:
        """Where `exact` starts within the document, for reading order."""
        return self.row.start


@dataclass
class Network:
    graph: nx.MultiDiGraph
    evidence: dict[str, Reading] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI -> (file, title)
