"""Reading the network from a graph, with Oxigraph (a 2,000-article graph has millions of
triples): the entities and documents with their names, the relation triples as edges, and
every fact's evidence (kg.read.evidence) as a reading in words for the side panel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.rdf.namespaces import DCTERMS, KG, ORG, PREFIXES, RDF, RDFS, SKOS
from kg.read.evidence import all_evidence
from kg.read.internal import select
from kg.read.network.model import (
    PHRASES,
    PROVENANCE,
    RELATIONS,
    TYPE_BY_IRI,
    TYPES,
    Network,
    NodeType,
    Reading,
)


def _text(term) -> str:
    return term.value if term is not None else ""


def read_network(store: ox.Store) -> Network:
    """The entity network of a graph, with every node's and edge's evidence."""
    graph = nx.MultiDiGraph()
    types: dict[str, NodeType] = {}
    classes = " ".join(f"<{t.iri}>" for t in TYPES)
    for row in select(store, f"SELECT ?x ?c WHERE {{ ?x a ?c VALUES ?c {{ {classes} }} }}"):
        kind = TYPE_BY_IRI.get(row["c"].value)
        if kind is not None and isinstance(row["x"], ox.NamedNode):
            current = types.get(row["x"].value)
            if current is None or TYPES.index(kind) < TYPES.index(current):
                types[row["x"].value] = kind
    labels, aliases = _names(store)
    documents = {}
    for row in select(
        store,
        "SELECT ?d ?id ?title WHERE { ?d a kg:Document ; dcterms:identifier ?id "
        "OPTIONAL { ?d dcterms:title ?title } }",
    ):
        documents[row["d"].value] = (row["id"].value, _text(row["title"]) or row["id"].value)
        labels.setdefault(row["d"].value, documents[row["d"].value][1])
        aliases[row["d"].value].add(row["id"].value)
    for iri in sorted(types):
        graph.add_node(
            iri,
            label=labels.get(iri) or _local(iri),
            type=types[iri].key,
            aliases=tuple(sorted(aliases[iri] - {labels.get(iri)})),
            documents=set(),
            evidence=[],
        )
    readable = _readable(store, labels, documents)
    net = Network(graph, documents=documents)
    by_triple = _read_evidence(store, net, readable)
    _add_edges(store, net, by_triple)
    return net


def _names(store: ox.Store) -> tuple[dict[str, str], defaultdict[str, set[str]]]:
    """Each node's label (Dutch first) and its other names (aliases, abbreviations)."""
    ranked: dict[str, tuple[int, str]] = {}
    aliases: defaultdict[str, set[str]] = defaultdict(set)
    query = """SELECT ?x ?p ?name WHERE { ?x ?p ?name .
      VALUES ?p { rdfs:label skos:prefLabel skos:altLabel skos:notation dcterms:title } }"""
    order = {str(RDFS.label): 0, str(SKOS.prefLabel): 0, str(DCTERMS.title): 2}
    for row in select(store, query):
        name, p = row["name"], row["p"].value
        if not isinstance(name, ox.Literal) or not isinstance(row["x"], ox.NamedNode):
            continue
        iri = row["x"].value
        if p in order:
            rank = order[p] + (0 if name.language in (None, "nl") else 1)
            if iri not in ranked or (rank, name.value) < ranked[iri]:
                ranked[iri] = (rank, name.value)
        aliases[iri].add(name.value)
    return {iri: name for iri, (_, name) in ranked.items()}, aliases


def _readable(store: ox.Store, labels: dict[str, str], documents: dict) -> dict[str, str]:
    """Words for the nodes that are not entities: statements, advice, affiliations, classes."""
    words = {t.iri: t.label for t in TYPES}
    for row in select(
        store,
        "SELECT ?x ?text WHERE { ?x kg:text ?text . "
        "VALUES ?c { kg:Statement kg:Recommendation } ?x a ?c }",
    ):
        words[row["x"].value] = f"“{_short(row['text'].value)}”"
    query = """SELECT ?a ?person ?org ?role WHERE { ?a a kg:Affiliation ; org:member ?person .
      OPTIONAL { ?a org:organization ?org } OPTIONAL { ?a org:role/rdfs:label ?role } }"""
    for row in select(store, query):
        person = labels.get(row["person"].value, "")
        where = labels.get(row["org"].value, "") if row["org"] is not None else ""
        words[row["a"].value] = ", ".join(
            filter(None, [person, " at ".join(filter(None, [_text(row["role"]), where]))])
        )
    for iri, (_, title) in documents.items():
        words[iri] = title
    return {**words, **labels}


def _read_evidence(
    store: ox.Store, net: Network, readable: dict[str, str]
) -> dict[tuple, list[str]]:
    """Fill in net.evidence and net.sentences and each node's evidence and documents;
    return the evidence ids of each (s, p, o) triple, for the edges."""
    graph, by_triple = net.graph, defaultdict(list)
    for row in all_evidence(store):
        s, p, o = row.subject, row.predicate, row.object
        ev, doc = row.key, row.document
        net.sentences[row.sentence] = row.sentence_text
        net.evidence[ev] = Reading(
            readable.get(s.value, _local(s.value)),
            PHRASES.get(p, _curie(p)),
            _term_words(o, readable),
            p not in (str(RDF.type), str(KG.mentions), str(DCTERMS.subject)),
            row,
        )
        by_triple[(s.value, p, o.value)].append(ev)
        for end in (s, o):
            if isinstance(end, ox.NamedNode) and end.value in graph:
                attrs = graph.nodes[end.value]
                attrs["evidence"].append(ev)
                attrs["documents"].add(doc)
    for iri, attrs in graph.nodes(data=True):
        if attrs["type"] == PROVENANCE:
            attrs["documents"].add(iri)
        attrs["evidence"] = _in_reading_order(attrs["evidence"], net)
    return by_triple


def _add_edges(store: ox.Store, net: Network, by_triple: dict[tuple, list[str]]) -> None:
    """One edge per (source, target, label), with the evidence of the triples behind it: a
    recommendation from X to Y is X -recommends to-> Y, a membership person -member of-> org."""
    graph = net.graph
    found: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
    facts: defaultdict[tuple[str, str, str], set] = defaultdict(set)  # what each edge states
    values = " ".join(f"<{p}>" for p in RELATIONS)
    for row in select(store, f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o VALUES ?p {{ {values} }} }}"):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        edge = _edge(graph, s, p, o)
        found[edge].update(by_triple.get((s, p, o), ()))
        facts[edge].add((s, p, o))
    query = "SELECT ?r ?by ?to WHERE { ?r kg:recommendedBy ?by ; kg:recommendedTo ?to }"
    for row in select(store, query):
        r, by, to = row["r"].value, row["by"].value, row["to"].value
        found[(by, to, "recommends to")].update(  # each recommendation once, not as by and to
            by_triple.get((r, str(KG.recommendedBy), by))
            or by_triple.get((r, str(KG.recommendedTo), to), [])
        )
        facts[(by, to, "recommends to")].add(r)
    query = """SELECT ?a ?person ?org ?role WHERE {
      ?a a kg:Affiliation ; org:member ?person ; org:organization ?org .
      OPTIONAL { ?a org:role ?role } }"""
    for row in select(store, query):
        a, person, org, role = (
            row[k].value if row[k] is not None else None for k in ("a", "person", "org", "role")
        )
        evidence = (  # each affiliation once: its membership, else what else was read
            by_triple.get((a, str(ORG.member), person))
            or by_triple.get((a, str(ORG.organization), org))
            or (by_triple.get((a, str(ORG.role), role), []) if role else [])
        )
        found[(person, org, "member of")].update(evidence)
        facts[(person, org, "member of")].add(a)
    for (source, target, label), evidence in sorted(found.items()):
        if source in graph and target in graph and source != target:
            layer = PROVENANCE in (graph.nodes[source]["type"], graph.nodes[target]["type"])
            graph.add_edge(
                source,
                target,
                key=label,
                label=label,
                provenance=layer,
                evidence=_in_reading_order(evidence, net),
                facts=len(facts[(source, target, label)]),
            )


def _edge(graph: nx.MultiDiGraph, s: str, p: str, o: str) -> tuple[str, str, str]:
    """(source, target, label) of a relation triple: a maker points at what it made, so
    that the actor network reads actor -> work; a document at its author."""
    if p == str(DCTERMS.creator):
        if graph.nodes.get(s, {}).get("type") == PROVENANCE:
            return s, o, "written by"
        return o, s, "made"
    return s, o, RELATIONS[p]


def _in_reading_order(ids: Iterable[str], net: Network) -> list[str]:
    """Relations before types and mentions; then by document and place in it."""

    def key(ev_id: str):
        ev = net.evidence[ev_id]
        return (not ev.relation, net.documents.get(ev.document, ("",))[0], ev.start, ev_id)

    return sorted(set(ids), key=key)


def _term_words(term, readable: dict[str, str]) -> str:
    if isinstance(term, ox.Literal):
        return _short(term.value)
    return readable.get(term.value, _local(term.value))


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
