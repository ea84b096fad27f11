"""`kg explain NAME`: everything the graph says about an entity, each fact with the
sentence it was read from, the document and the rule that fired."""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.language.fold import fold
from kg.rdf.hierarchy import asserted
from kg.rdf.namespaces import KG
from kg.rdf.storegraph import StoreGraph, to_ox, to_rdflib
from kg.read.evidence import EvidenceRow, read_evidence


class Reading(NamedTuple):
    """One sentence a fact was read in, with every rule (or correction) that read it there."""

    sentence: str  # the sentence, the matched words marked »…«
    file: str
    sources: tuple[str, ...]  # "doc.txt, rule X", or the correction and its reason
    times: int  # how often the document has this sentence (a paragraph a page printed twice)
    start: int  # where it is first read in the document


class Fact(NamedTuple):
    """One fact about the entity, as `kg explain` shows it: once, with every reading."""

    predicate: str  # as read from the entity: "kg:speaker", "is kg:speaker of", "(rejected) …"
    value: str  # the other end of the fact, readable
    readings: tuple[Reading, ...]


class Entity(NamedTuple):
    """An entity `kg explain` found: its IRI, label, classes and facts."""

    node: URIRef
    label: str
    classes: list[str]
    facts: list[Fact]


class Described(NamedTuple):
    """What `kg explain NAME` shows: the entities, and how many more matched past --limit."""

    entities: list[Entity]
    more: int


_NAMES = (RDFS.label, SKOS.altLabel, SKOS.notation, SKOS.prefLabel, DCTERMS.title)
"""What a user may call an entity by: its name, an alias, an abbreviation, a work's title."""


def source(row: EvidenceRow) -> str:
    """Where a reading comes from: 'doc.txt, rule X', or the correction and its reason."""
    rule = row.rule.rsplit("/", 1)[-1]
    if row.rejected:
        return f"{row.file}, rule {rule}; rejected by correction {row.correction}: {row.reason}"
    if row.correction:
        return f"{row.file}, correction {row.correction} (curated by the analyst): {row.reason}"
    return f"{row.file}, rule {rule}"


def find_entities(graph: StoreGraph, name: str) -> list[URIRef]:
    """Nodes whose label, alias or abbreviation is `name` (case and accents ignored)."""
    wanted = fold(name)
    nodes = set()
    for p in (RDFS.label, SKOS.altLabel, SKOS.notation, SKOS.prefLabel):
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal) and fold(str(o)) == wanted:
                nodes.add(s)
    return sorted(nodes)


def find_named(graph: StoreGraph, name: str) -> list[URIRef]:
    """Nodes called `name` (label, alias, abbreviation or work title; case and accents
    ignored); when none is, those with `name` in any part of such a name, as the `about`
    question finds them: "Van den Wijngaart" finds Mary van den Wijngaart."""
    wanted = fold(name)
    exact, part = set(), set()
    for p in _NAMES:
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal):
                folded = fold(str(o))
                if folded == wanted:
                    exact.add(s)
                elif wanted in folded:
                    part.add(s)
    return sorted(exact or {n for n in part if not _bookkeeping(graph, n)})


def _bookkeeping(graph: StoreGraph, node) -> bool:
    """kg's own record of how it worked (a correction, an extraction, a rule), whose
    labels quote names: not an entity a part of a name should find."""
    return any((node, RDF.type, kind) in graph for kind in (KG.Curation, PROV.Activity, KG.Rule))


def suggestions(graph: StoreGraph, name: str, limit: int = 5) -> list[str]:
    wanted = fold(name)
    labels = {str(o) for o in graph.objects(None, RDFS.label) if wanted in fold(str(o))}
    return sorted(labels)[:limit]


def readable(graph: StoreGraph, term, width: int = 100) -> str:
    """A label for a node: its name, a document's file name, or the start of its text."""
    if isinstance(term, Literal):
        return _short(str(term), width)
    if (term, RDF.type, KG.Affiliation) in graph:
        role = graph.value(graph.value(term, ORG.role), RDFS.label)
        where = graph.value(graph.value(term, ORG.organization), RDFS.label)
        return f"{role or 'role'}{' at ' + str(where) if where else ''}"
    for predicate in (RDFS.label, SKOS.prefLabel, DCTERMS.identifier, DCTERMS.title):
        value = graph.value(term, predicate)
        if value is not None:
            return str(value)
    text = graph.value(term, KG.text)
    if text is not None:
        return f"“{_short(str(text), width)}”"
    for rejection in graph.subjects(RDF.subject, term):  # a node a correction took out
        if graph.value(rejection, RDF.predicate) in (KG.text, RDFS.label, DCTERMS.title):
            return f"“{_short(str(graph.value(rejection, RDF.object)), width)}”"
    return graph.namespace_manager.normalizeUri(term)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def explain(graph: StoreGraph, node: URIRef, document: str | None = None) -> list[Fact]:
    """Facts about `node` (as subject or object), each once with every sentence it was read
    in, in reading order; then the facts about it that corrections rejected. With
    `document` (a file name or document IRI), only what was read there."""
    facts = _facts(graph, node, False, document)
    return facts + _facts(graph, node, True, document)


def _facts(graph: StoreGraph, node: URIRef, rejected: bool, document: str | None) -> list[Fact]:
    rows: dict[tuple[str, str], list[EvidenceRow]] = {}
    values: dict[tuple[str, str], str] = {}
    for ev in read_evidence(graph.store, about=to_ox(node), rejected=rejected):
        if document is not None and document not in (ev.file, ev.document):
            continue
        s, o = to_rdflib(ev.subject), to_rdflib(ev.object)
        other = o if s == node else s
        pred = graph.namespace_manager.normalizeUri(URIRef(ev.predicate))
        if s != node:
            pred = f"is {pred} of"
        if rejected:
            pred = f"(rejected) {pred}"
        key = (pred, str(other))
        rows.setdefault(key, []).append(ev)
        if key not in values:
            values[key] = readable(graph, other)
    facts = [
        Fact(pred, values[(pred, other)], _readings(found)) for (pred, other), found in rows.items()
    ]
    return sorted(facts, key=lambda f: (f.readings[0].file, f.readings[0].start, f.predicate))


def _readings(rows: list[EvidenceRow]) -> tuple[Reading, ...]:
    """The sentences of one fact, each once: the same words read at two places of a
    document (a paragraph printed twice) are one reading, counted."""
    grouped: dict[tuple[str, str], list[EvidenceRow]] = {}
    for row in sorted(rows, key=lambda r: (r.file, r.start)):
        grouped.setdefault((row.file, row.marked()), []).append(row)
    return tuple(
        Reading(
            sentence,
            file,
            tuple(dict.fromkeys(source(r) for r in found)),
            len({r.sentence_start for r in found}),
            found[0].start,
        )
        for (file, sentence), found in grouped.items()
    )


def rejected_nodes(graph: StoreGraph, name: str) -> list[URIRef]:
    """Nodes no longer in the graph that a correction rejected, read in the text as `name`:
    an entity that left with every fact about it."""
    wanted = fold(name)
    nodes = set()
    for ev in read_evidence(graph.store, rejected=True):
        if fold(ev.exact) != wanted:
            continue
        ends = [ev.subject] if ev.predicate == str(RDF.type) else [ev.subject, ev.object]
        for end in ends:
            if isinstance(end, ox.NamedNode) and (URIRef(end.value), RDF.type, None) not in graph:
                nodes.add(URIRef(end.value))
    return sorted(nodes)


_TYPE = ox.NamedNode(str(RDF.type))


def describe(
    graph: StoreGraph,
    name: str,
    *,
    types: tuple[str, ...] = (),
    document: str | None = None,
    limit: int | None = None,
) -> Described:
    """The entities called `name` (see find_named), each with its facts.

    `types` keeps entities of those classes ("Person", "kg:Work"; case ignored);
    `document` keeps the facts read in that document (file name or IRI), and the entities
    that have any there; `limit` shows the first entities and counts the rest."""
    nodes = find_entities(graph, name) or rejected_nodes(graph, name) or find_named(graph, name)
    if not nodes:
        hint = suggestions(graph, name)
        more = f"; did you mean: {', '.join(hint)}" if hint else ""
        raise KgError(f"nothing in the graph is called {name!r}{more}")
    wanted = {fold(t.rsplit(":", 1)[-1].rsplit("#", 1)[-1]) for t in types}
    entities = []
    for n in nodes:
        every = list(graph.objects(n, RDF.type))  # with the superclasses the store adds
        if wanted and not wanted & {fold(_local(c)) for c in every}:
            continue
        facts = explain(graph, n, document)
        if document is not None and not facts:
            continue
        classes = sorted(  # as the graph says (its most specific), not every superclass
            graph.namespace_manager.normalizeUri(to_rdflib(q.object))
            for q in graph.store.quads_for_pattern(to_ox(n), _TYPE, None)
            if asserted(q)
        )
        label = readable(graph, n) if classes else name
        entities.append(
            Entity(n, label, classes or ["(none: every fact about it was rejected)"], facts)
        )
    if not entities:
        where = [f"of type {', '.join(types)}"] if types else []
        where += [f"in {document}"] if document else []
        raise KgError(f"nothing called {name!r} {' '.join(where)}; leave out --type/--document")
    shown = entities if limit is None else entities[:limit]
    return Described(shown, len(entities) - len(shown))


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
