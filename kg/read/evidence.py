"""Evidence read back from a graph: for each fact, the triple, the words matched, the
sentence, the document and the rule, and the correction behind it if there is one.

The one reader of evidence: `kg explain`, `kg rules hits`, `kg diff` and the network view
all read it here, as `EvidenceRow`s: one per fact and reading. A reading (kg:Evidence)
names the rule, the sentence and the offsets, and has the facts it read as bodies, each a
node with the fact's rdf:subject, rdf:predicate and rdf:object (docs/model.md); the words
are cut from the sentence by the offsets. Nodes are looked up one by one with
`quads_for_pattern`, not joined in SPARQL (the join of every node's parts took 5 to 15 s
for the 21,000 evidence nodes of a 200-article graph), nor read as whole columns (about
3 GB held for the million evidence nodes of the 10,000-article benchmark): by node, one
entity's or one rule's evidence costs only its own lookups. A fact a correction took out
is a kg:Rejection, read only when asked for (`rejected=True`), so corrections are respected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pyoxigraph as ox

from kg.language.corrections import is_correction_rule
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
    fact: str = ""  # the IRI of the node that reifies the fact (the reading's oa:hasBody)

    @property
    def key(self) -> str:
        """This reading of this fact, told apart from every other row (a reading may have
        read several facts)."""
        return f"{self.evidence} {self.fact}"

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
    """The evidence of the graph's facts: all of them by reading IRI; those about `about`
    (as subject or object) as the store's index lists them, which is the order `kg explain`
    has always shown facts read at the same place in; or those of the rule with id `rule`,
    by reading IRI. With `rejected`, the rejections instead: the facts corrections took
    out. A node missing a part is left out (`kg validate` reports it)."""
    if about is not None and rule is not None:
        raise TypeError("read_evidence takes `about` or `rule`, not both")
    reader = _Reader(store)
    kind = _named(KG.Rejection if rejected else KG.Evidence)
    for node, fact in reader.pairs(kind, about, rule):
        row = reader.row(node, fact, rejected)
        if row is not None:
            yield row


def all_evidence(store: ox.Store) -> Iterator[EvidenceRow]:
    """The evidence of every fact in the graph (`read_evidence` with no filter)."""
    return read_evidence(store)


def _named(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_TYPE, _SUBJECT, _OBJECT, _RULE = map(_named, (RDF.type, RDF.subject, RDF.object, KG.rule))
_TEXT, _BODY, _START = _named(KG.text), _named(OA.hasBody), _named(OA.start)
_IDENTIFIER = _named(DCTERMS.identifier)
_PARTS = {  # what a reading says, by its properties' IRIs
    str(KG.sentence): "sentence",
    str(KG.rule): "rule",
    str(OA.start): "start",
    str(OA.end): "end",
    str(PROV.wasInvalidatedBy): "invalidated",
}
_FACT = {str(RDF.subject): "subject", str(RDF.predicate): "predicate", str(RDF.object): "object"}
_REQUIRED = ("sentence", "rule", "start", "end")


class _Reader:
    """Lookups by node: two per reading (its properties, and each fact's), and the nodes
    many facts share (sentences, documents, rules, corrections, predicates) read once,
    their strings shared by every row."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.sentences: dict[Term, tuple[str, str, int, Term] | None] = {}
        self.documents: dict[Term, tuple[str, str]] = {}
        self.rules: dict[Term, str] = {}
        self.curations: dict[Term, tuple[str, str]] = {}
        self.predicates: dict[Term, str] = {}

    def value(self, node, predicate: ox.NamedNode) -> Term | None:
        return next((q.object for q in self.store.quads_for_pattern(node, predicate, None)), None)

    def properties(self, node) -> dict[str, Term]:
        """Predicate IRI -> object, for the triples about `node` (in any graph)."""
        return {q.predicate.value: q.object for q in self.store.quads_for_pattern(node, None, None)}

    def pairs(self, kind: ox.NamedNode, about: Term | None, rule: str | None) -> list:
        """(reading, fact node) pairs to read, in the order `read_evidence` gives."""
        quads = self.store.quads_for_pattern
        if about is not None:
            facts = dict.fromkeys(
                q.subject for p in (_SUBJECT, _OBJECT) for q in quads(None, p, about)
            )
            found = [(q.subject, fact) for fact in facts for q in quads(None, _BODY, fact)]
            return [(n, f) for n, f in found if next(quads(n, _TYPE, kind), None) is not None]
        if rule is not None:
            rules = [q.subject for q in quads(None, _IDENTIFIER, ox.Literal(rule))]
            nodes = {q.subject for r in rules for q in quads(None, _RULE, r)}
            nodes = {n for n in nodes if next(quads(n, _TYPE, kind), None) is not None}
        else:
            nodes = {q.subject for q in quads(None, _TYPE, kind)}
        return [
            (n, fact)
            for n in sorted(nodes, key=lambda n: n.value)
            for fact in sorted((q.object for q in quads(n, _BODY, None)), key=lambda f: f.value)
        ]

    def row(self, node: ox.NamedNode, fact, rejected: bool) -> EvidenceRow | None:
        p = {_PARTS[iri]: term for iri, term in self.properties(node).items() if iri in _PARTS}
        f = {_FACT[iri]: term for iri, term in self.properties(fact).items() if iri in _FACT}
        if any(part not in p for part in _REQUIRED) or len(f) < len(_FACT):
            return None
        sentence = self.sentence(p["sentence"])
        if sentence is None:
            return None
        iri, text, offset, document = sentence
        try:
            start, end = int(p["start"].value), int(p["end"].value)
        except ValueError:
            return None
        if not offset <= start <= end <= offset + len(text):
            return None
        rule = self.rule(p["rule"])
        correction, reason = self.curation(
            p.get("invalidated") if rejected else self.correction_of(p["rule"], rule)
        )
        if rejected and not correction:  # a rejection names the correction that made it
            return None
        document, file = self.document(document)
        return EvidenceRow(
            node.value,
            f["subject"],
            self.predicate(f["predicate"]),
            f["object"],
            text[start - offset : end - offset],
            start,
            iri,
            text,
            offset,
            document,
            rule,
            file,
            correction,
            reason,
            rejected,
            fact.value,
        )

    def sentence(self, node) -> tuple[str, str, int, Term] | None:
        """(IRI, text, start, document) of a sentence; None when it lacks one."""
        if node not in self.sentences:
            p = self.properties(node)
            text, start = p.get(str(KG.text)), p.get(str(OA.start))
            document = p.get(str(DCTERMS.isPartOf))
            found = None
            if text is not None and start is not None and document is not None:
                try:
                    found = (node.value, text.value, int(start.value), document)
                except ValueError:
                    found = None
            self.sentences[node] = found
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

    def correction_of(self, rule_node, rule: str) -> ox.NamedNode | None:
        """The curation that added a fact: the activity whose plan is the reading's rule
        (a correction's rule, id correction-<id>); None for a rule's extraction."""
        if not is_correction_rule(rule):
            return None
        for plan in self.store.quads_for_pattern(None, _PLAN, rule_node):
            for q in self.store.quads_for_pattern(None, _ASSOCIATION, plan.subject):
                return q.subject
        return None

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


_PLAN, _ASSOCIATION = _named(PROV.hadPlan), _named(PROV.qualifiedAssociation)
