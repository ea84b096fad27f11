"""Evidence read back from a graph: for each fact, the triple, the words matched, the
sentence, the document and the rule, and the correction behind it if there is one.

The one reader of evidence: `kg explain`, `kg rules hits`, `kg diff` and the network view
all read it here, as `EvidenceRow`s. Nodes are looked up one by one with
`quads_for_pattern`, not joined in SPARQL (the join of every node's parts took 5 to 15 s
for the 21,000 evidence nodes of a 200-article graph), nor read as whole columns (about
3 GB held for the million evidence nodes of the 10,000-article benchmark): by node, one
entity's or one rule's evidence costs only its own lookups. A fact a correction took out
is a kg:Rejection, read only when asked for (`rejected=True`), so corrections are respected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pyoxigraph as ox

from kg.rdf.namespaces import DCTERMS, KG, OA, PROV, RDF, RDFS

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class EvidenceRow(NamedTuple):
    """One reading of one fact: the triple, the words matched, where and by which rule."""

    evidence: str  # the kg:Evidence (or, for a rejected fact, kg:Rejection) node's IRI
    subject: Term
    predicate: str  # IRI
    object: Term
    exact: str  # the words matched
    start: int  # where they start in the document's text
    sentence: str  # the kg:Sentence's IRI
    sentence_text: str  # as in the document, whitespace and all
    sentence_start: int  # where the sentence starts in the document's text
    document: str  # the kg:Document's IRI
    rule: str  # the rule's id
    file: str = ""  # the document's file name
    correction: str = ""  # the correction that added the fact (or, if rejected, took it out)
    reason: str = ""  # that correction's reason
    rejected: bool = False

    @property
    def offset(self) -> int:
        """Where the matched words start within the sentence."""
        return self.start - self.sentence_start

    def marked(self, left: str = "»", right: str = "«") -> str:
        """The sentence with the matched words marked at their offset (so 'ze' in '‘Onze
        …’, zegt ze' marks the last word), whitespace tidied."""
        text, start, end = self.sentence_text, self.offset, self.offset + len(self.exact)
        if 0 <= start and text[start:end] == self.exact and self.exact:
            text = f"{text[:start]}{left}{self.exact}{right}{text[end:]}"
        return " ".join(text.split())


def read_evidence(
    store: ox.Store,
    *,
    about: ox.NamedNode | None = None,
    rule: str | None = None,
    rejected: bool = False,
) -> Iterator[EvidenceRow]:
    """The evidence of the graph's facts: all of them by node IRI; those about `about` (as
    subject or object) as the store's index lists them, which is the order `kg explain`
    has always shown facts read at the same place in; or those of the rule with id `rule`,
    by node IRI. With `rejected`, the rejections instead: the facts corrections took out.
    A node missing a part is left out (`kg validate` reports it)."""
    if about is not None and rule is not None:
        raise TypeError("read_evidence takes `about` or `rule`, not both")
    reader = _Reader(store)
    kind = _named(KG.Rejection if rejected else KG.Evidence)
    for node in reader.nodes(kind, about, rule):
        row = reader.row(node, rejected)
        if row is not None:
            yield row


def all_evidence(store: ox.Store) -> Iterator[EvidenceRow]:
    """The evidence of every fact in the graph (`read_evidence` with no filter)."""
    return read_evidence(store)


def _named(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_TYPE, _SUBJECT, _OBJECT, _RULE = map(_named, (RDF.type, RDF.subject, RDF.object, KG.rule))
_TEXT, _SELECTOR, _START = _named(KG.text), _named(OA.hasSelector), _named(OA.start)
_IDENTIFIER = _named(DCTERMS.identifier)
_PARTS = {  # what an evidence node says, by its properties' IRIs
    str(RDF.subject): "subject",
    str(RDF.predicate): "predicate",
    str(RDF.object): "object",
    str(KG.sentence): "sentence",
    str(PROV.wasDerivedFrom): "document",
    str(KG.rule): "rule",
    str(OA.hasTarget): "target",
    str(PROV.wasGeneratedBy): "generated",
    str(PROV.wasInvalidatedBy): "invalidated",
}
_REQUIRED = ("subject", "predicate", "object", "sentence", "document", "rule", "target")
_EXACT_IRI, _START_IRI = str(OA.exact), str(OA.start)


class _Reader:
    """Lookups by node: three per evidence node (its properties, its target's selector, the
    selector's), and the nodes many facts share (sentences, documents, rules, corrections,
    predicates) read once, their strings shared by every row."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.sentences: dict[Term, tuple[str, str, int] | None] = {}
        self.documents: dict[Term, tuple[str, str]] = {}
        self.rules: dict[Term, str] = {}
        self.curations: dict[Term, tuple[str, str]] = {}
        self.predicates: dict[Term, str] = {}

    def value(self, node, predicate: ox.NamedNode) -> Term | None:
        return next((q.object for q in self.store.quads_for_pattern(node, predicate, None)), None)

    def properties(self, node) -> dict[str, Term]:
        """Predicate IRI -> object, for the triples about `node` (in any graph)."""
        return {q.predicate.value: q.object for q in self.store.quads_for_pattern(node, None, None)}

    def nodes(self, kind: ox.NamedNode, about: Term | None, rule: str | None) -> list:
        """The evidence (or rejection) nodes to read, in the order `read_evidence` gives."""
        quads = self.store.quads_for_pattern
        if about is not None:
            found = dict.fromkeys(
                q.subject for p in (_SUBJECT, _OBJECT) for q in quads(None, p, about)
            )
        elif rule is not None:
            rules = [q.subject for q in quads(None, _IDENTIFIER, ox.Literal(rule))]
            found = {q.subject for r in rules for q in quads(None, _RULE, r)}
        else:
            found = {q.subject for q in quads(None, _TYPE, kind)}
        if about is None:
            found = sorted(found, key=lambda n: n.value)
        if about is None and rule is None:
            return found
        return [n for n in found if next(quads(n, _TYPE, kind), None) is not None]

    def row(self, node: ox.NamedNode, rejected: bool) -> EvidenceRow | None:
        p = {_PARTS[iri]: term for iri, term in self.properties(node).items() if iri in _PARTS}
        if any(part not in p for part in _REQUIRED):
            return None
        selector = self.value(p["target"], _SELECTOR)
        sentence = self.sentence(p["sentence"])
        if selector is None or sentence is None:
            return None
        words = self.properties(selector)
        exact, start = words.get(_EXACT_IRI), words.get(_START_IRI)
        if exact is None or start is None:
            return None
        correction, reason = self.curation(p.get("invalidated" if rejected else "generated"))
        if rejected and not correction:  # a rejection names the correction that made it
            return None
        document, file = self.document(p["document"])
        return EvidenceRow(
            node.value,
            p["subject"],
            self.predicate(p["predicate"]),
            p["object"],
            exact.value,
            int(start.value),
            *sentence,
            document,
            self.rule(p["rule"]),
            file,
            correction,
            reason,
            rejected,
        )

    def sentence(self, node) -> tuple[str, str, int] | None:
        """(IRI, text, start) of a sentence; None when it lacks one."""
        if node not in self.sentences:
            text, start = self.value(node, _TEXT), self.value(node, _START)
            found = None if text is None or start is None else (text.value, int(start.value))
            self.sentences[node] = None if found is None else (node.value, *found)
        return self.sentences[node]

    def document(self, node) -> tuple[str, str]:
        """(IRI, file name) of a document."""
        if node not in self.documents:
            name = self.value(node, _IDENTIFIER)
            self.documents[node] = (node.value, "" if name is None else name.value)
        return self.documents[node]

    def predicate(self, term) -> str:
        return self.predicates.setdefault(term, term.value)

    def rule(self, node) -> str:
        """A rule's id: its dcterms:identifier, else the end of its IRI (a rejected fact's
        rule need not have fired anywhere else)."""
        if node not in self.rules:
            name = self.value(node, _IDENTIFIER)
            self.rules[node] = name.value if name is not None else node.value.rsplit("/", 1)[-1]
        return self.rules[node]

    def curation(self, node) -> tuple[str, str]:
        """(id, reason) of the correction `node` is; ("", "") when it is none (a rule's
        extraction, or nothing)."""
        if node is None:
            return "", ""
        if node not in self.curations:
            p = self.properties(node)
            parts = [p.get(str(iri)) for iri in (DCTERMS.identifier, KG.action, RDFS.comment)]
            self.curations[node] = ("", "") if None in parts else (parts[0].value, parts[2].value)
        return self.curations[node]
