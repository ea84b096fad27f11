"""The answers kg gives to the ten questions, row by row, each row with the nodes it is
about and the facts behind it (their evidence names the rule that read them).

A row is what `kg query NAME` prints: the shipped query is run with the row's nodes added
to its outer SELECT, so the rows, their number and their order stay those of `kg query`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph as ox

from kg.rdf.namespaces import DCTERMS, KG, RDF
from kg.read.evidence import EvidenceRow, all_evidence
from kg.read.internal import select
from kg.read.questions import QUERY_DIR

RIGHT, WRONG, UNJUDGED = "right", "wrong", "unjudged"
"""A row's (and its facts') verdict: it matched a gold item, it is false, or neither (an
optional item excuses it; a fact no question reads stays unjudged)."""


class Pattern(NamedTuple):
    """Which facts a row stands for: evidence about the row's `node`, with one of
    `predicates` (any, when empty), and pointing at the row's `other` node when given.
    `as_object`: the node is the fact's object instead (a document's kg:mentions of it)."""

    node: str
    predicates: tuple[str, ...] = ()
    other: str = ""
    as_object: bool = False


@dataclass(frozen=True)
class Question:
    """A question as scored: the columns compared with gold fields, the one holding free
    text (compared with the gold `key`), and the facts a row stands for."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (query column, gold field)
    facts: tuple[Pattern, ...]
    text: str = ""

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for p in self.facts for v in (p.node, p.other) if v))


def _typed(node: str) -> tuple[Pattern, ...]:
    """An entity's facts: its type, and every document's mention of it."""
    return (Pattern(node, (str(RDF.type),)), Pattern(node, (str(KG.mentions),), as_object=True))


QUESTIONS = (
    Question(
        "documents",
        (("title", "title"), ("author", "author")),
        (Pattern("doc", (str(DCTERMS.title), str(DCTERMS.creator))),),
    ),
    Question("actors", (("label", "label"),), _typed("actor")),
    Question("laws", (("label", "label"),), _typed("law")),
    Question(
        "responsibilities",
        (("actor", "actor"), ("law", "law")),
        (Pattern("a", (str(KG.responsibleFor),), "l"),),
    ),
    Question(
        "recommendations",
        (("by", "by"), ("to", "to"), ("text", "key")),
        (Pattern("rec"),),
        text="text",
    ),
    Question(
        "statements",
        (("speaker", "speaker"), ("text", "key")),
        (Pattern("statement"),),
        text="text",
    ),
    Question(
        "works",
        (("title", "title"), ("creator", "creator")),
        (
            Pattern("work", (str(RDF.type), str(DCTERMS.title), str(KG.workKind))),
            Pattern("work", (str(DCTERMS.creator),), "maker"),
        ),
    ),
    Question(
        "affiliations",
        (("person", "person"), ("organization", "organization"), ("role", "role")),
        (Pattern("affiliation"),),
    ),
    Question("places", (("label", "label"),), _typed("place")),
    Question(
        "topics", (("topic", "label"),), (Pattern("doc", (str(DCTERMS.subject),), "concept"),)
    ),
)
"""The ten questions, in the order reports list them."""

SOMETIMES = {"to"}
"""Gold fields compared only where an item gives them (recipients of advice)."""


@dataclass
class Row:
    """One answer row: its cells, the nodes it is about, the facts it stands for, and once
    matched its verdict and whether it counts (a repeated row or one an optional item
    excuses does not)."""

    cells: dict[str, str]
    nodes: dict[str, str]
    facts: list[EvidenceRow] = field(default_factory=list)
    verdict: str = UNJUDGED
    counted: bool = False

    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.facts})

    def documents(self, names: dict[str, str]) -> list[str]:
        """The file names of the documents the row's facts were read in."""
        return sorted({names.get(f.document, f.document) for f in self.facts})


# --- reading the graph -------------------------------------------------------------------


class Facts:
    """The graph's evidence, by the node a fact is about and by the node it points at."""

    def __init__(self, store: ox.Store):
        self.by_subject: dict[str, list[EvidenceRow]] = defaultdict(list)
        self.by_object: dict[str, list[EvidenceRow]] = defaultdict(list)
        self.all = list(all_evidence(store))
        for ev in self.all:
            self.by_subject[ev.subject.value].append(ev)
            if isinstance(ev.object, ox.NamedNode):
                self.by_object[ev.object.value].append(ev)

    def of(self, nodes: dict[str, str], patterns: tuple[Pattern, ...]) -> list[EvidenceRow]:
        found: dict[str, EvidenceRow] = {}
        for p in patterns:
            node = nodes.get(p.node, "")
            if not node:
                continue
            for ev in (self.by_object if p.as_object else self.by_subject)[node]:
                if p.predicates and ev.predicate not in p.predicates:
                    continue
                if p.other and ev.object.value != nodes.get(p.other):
                    continue
                found[ev.key] = ev
        return list(found.values())

    def documents_of(self, node: str) -> set[str]:
        """The documents any fact about or pointing at `node` was read in."""
        return {ev.document for ev in self.by_subject[node] + self.by_object[node]}


_OUTER_SELECT = re.compile(r"^SELECT ", re.MULTILINE)


def answer(store: ox.Store, question: Question, facts: Facts) -> list[Row]:
    """The rows `kg query NAME` gives, each with the nodes it is about and their facts.

    The shipped query is run with its row's nodes added to the outer SELECT: the rows, their
    number and order stay those of `kg query`. It is kg's own SPARQL, so it runs here, not
    in the sandbox that users' queries need (which costs half a second per query)."""
    sparql = (QUERY_DIR / f"{question.name}.rq").read_text(encoding="utf-8")
    nodes = " ".join(f"?{v}" for v in question.nodes)
    sparql, found = _OUTER_SELECT.subn(f"SELECT {nodes} ", sparql, count=1)
    if not found:  # a shipped query changed shape: a bug, caught by the tests
        raise RuntimeError(f"{question.name}.rq has no outer SELECT at the start of a line")
    rows = []
    for values in _select(store, sparql):
        row_nodes = {v: values.pop(v) for v in question.nodes}
        rows.append(Row(values, row_nodes, facts.of(row_nodes, question.facts)))
    return rows


def graph_documents(store: ox.Store) -> dict[str, str]:
    """Every kg:Document's IRI and file name."""
    sparql = "SELECT ?doc ?name WHERE { ?doc a kg:Document ; dcterms:identifier ?name }"
    return {r["doc"]: r["name"] for r in _select(store, sparql)}


def _select(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    """A SELECT's solutions as {variable: text}, "" where unbound (as `kg query` prints),
    over the union of the store's graphs (as `kg query` reads a TriG file)."""
    solutions = select(store, sparql)
    names = [v.value for v in solutions.variables]
    return [
        {name: "" if term is None else term.value for name, term in zip(names, s, strict=True)}
        for s in solutions
    ]


DOCUMENT_FIELDS = {"title": str(DCTERMS.title), "author": str(DCTERMS.creator)}
"""The facts behind a document's title and author (today the title is read without a rule)."""


def by_field(rows: list[Row], facts: Facts) -> list[Row]:
    """Document rows split in one row per field (title, author), each with its own facts:
    a wrong author is no reason to doubt the title."""
    return [
        Row(
            {
                "document": row.cells.get("document", ""),
                "field": name,
                "value": row.cells.get(name, ""),
            },
            row.nodes,
            facts.of(row.nodes, (Pattern("doc", (predicate,)),)),
        )
        for row in rows
        for name, predicate in DOCUMENT_FIELDS.items()
    ]
