"""The evidenced facts of a graph as `kg diff` and `kg rules hits` show them: each fact's
evidence (kg.read.evidence) with words for the triple's two ends, read straight from an
Oxigraph store so that both scale to archive-sized graphs."""

from __future__ import annotations

import functools
from typing import NamedTuple

import pyoxigraph as ox

from kg.rdf.namespaces import DCTERMS, KG, PREFIXES, RDF, RDFS, SKOS
from kg.read.evidence import EvidenceRow, Term, read_evidence
from kg.read.results import term_text


class Fact(NamedTuple):
    """One evidenced fact with the words for its subject and object."""

    row: EvidenceRow
    key: tuple[str, str, str, str, str]  # rule, file, subject, predicate CURIE, object
    subject_label: str
    object_label: str

    @property
    def predicate(self) -> str:
        """The predicate as a CURIE ("kg:speaker")."""
        return self.key[3]

    def readable(self, width: int = 60) -> str:
        subject, obj = _short(self.subject_label, width), _short(self.object_label, width)
        return f"{subject} {self.predicate} {obj}"


def facts(store: ox.Store, rule: str | None = None) -> list[Fact]:
    """Every evidenced fact (of one rule, if given), once per place it was read, in reading
    order: by document, place, rule, predicate and labels.

    A fact's `key` is what makes two builds' facts the same fact (`kg diff`): its rule,
    document and triple, not where in the document it was read."""
    labels = _Labels(store)
    found: dict[tuple, Fact] = {}
    for ev in read_evidence(store, rule=rule):
        subject, obj = labels.text(ev.subject), labels.text(ev.object)
        obj_label = labels(ev.object)
        if obj_label == obj and obj.startswith("http"):
            obj_label = compact(obj)
        key = (ev.rule, ev.file, subject, compact(ev.predicate), obj)
        found.setdefault((key, ev.start), Fact(ev, key, labels(ev.subject), obj_label))
    return sorted(
        found.values(),
        key=lambda f: (
            f.row.file,
            f.row.start,
            f.row.rule,
            f.predicate,
            f.subject_label,
            f.object_label,
        ),
    )


_LABELS = [  # in this order, the first a node has
    (ox.NamedNode(str(RDFS.label)), None),
    (ox.NamedNode(str(SKOS.prefLabel)), "nl"),
    (ox.NamedNode(str(DCTERMS.title)), None),
    (ox.NamedNode(str(DCTERMS.identifier)), None),
]
_TYPE, _DOCUMENT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Document))
_IDENTIFIER, _TEXT = ox.NamedNode(str(DCTERMS.identifier)), ox.NamedNode(str(KG.text))


class _Labels:
    """Words for a node, each node looked up once: a document's file name, else its label
    (Dutch), title or identifier, else a text's words, else the IRI; a literal's text."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.known: dict[Term, str] = {}
        self.texts: dict[Term, str] = {}

    def text(self, term: Term) -> str:
        """The term as `kg query` shows it (results.term_text), one string per term."""
        if term not in self.texts:
            self.texts[term] = term_text(term)
        return self.texts[term]

    def __call__(self, term: Term) -> str:
        if isinstance(term, ox.Literal):
            return term.value
        if term not in self.known:
            self.known[term] = self._find(term)
        return self.known[term]

    def _values(self, node: Term, predicate: ox.NamedNode, language: str | None = None):
        return sorted(
            q.object.value
            for q in self.store.quads_for_pattern(node, predicate, None)
            if isinstance(q.object, ox.Literal)
            and (language is None or q.object.language == language)
        )

    def _find(self, node: Term) -> str:
        document = next(self.store.quads_for_pattern(node, _TYPE, _DOCUMENT), None) is not None
        found = self._values(node, _IDENTIFIER) if document else []
        for predicate, language in _LABELS:
            found = found or self._values(node, predicate, language)
        if not document:
            found = found or self._values(node, _TEXT)
        if found:
            return found[0]
        return node.value if isinstance(node, ox.NamedNode) else ""


@functools.lru_cache(maxsize=4096)  # a few predicates and classes, asked for every fact
def compact(iri: str) -> str:
    """An IRI as a CURIE where a project prefix fits ("kg:Person"), else as is."""
    best = max(
        (p for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
        key=lambda p: len(str(PREFIXES[p])),
        default=None,
    )
    return f"{best}:{iri[len(str(PREFIXES[best])) :]}" if best else iri


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
