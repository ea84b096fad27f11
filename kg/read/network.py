"""The graph as a network of entities: who is linked to whom, and by which evidence.

Read with Oxigraph (a 2,000-article graph has millions of triples) into a networkx
MultiDiGraph: one node per entity (actor, law, work, place, topic) and per document, one
edge per relation between two of them (a recommendation from X to Y, a responsibility, a
maker, a membership; a document mentioning an entity or being about a topic). Documents and
their edges are the *provenance layer*; without them it is the *actor network*, which
`kg export --format graphml|gexf` writes for Gephi and Cytoscape. Every node and edge
keeps the ids of the evidence it rests on, for the view's side panel.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.language.fold import fold  # as `kg explain` folds names, so --focus finds what it finds
from kg.rdf.namespaces import DCTERMS, KG, ORG, PREFIXES, RDF, RDFS, SKOS
from kg.read.evidence import all_evidence


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


@dataclass(frozen=True)
class Evidence:
    """One reading of one fact: the triple in words, and where it was read."""

    subject: str
    phrase: str
    object: str
    sentence: str  # the sentence's IRI (texts are in Network.sentences)
    offset: int  # where `exact` starts within the sentence
    exact: str
    document: str  # the document's IRI
    rule: str
    relation: bool  # a relation between entities (shown first), not a type or a mention
    start: int  # where `exact` starts within the document, for reading order


@dataclass
class Network:
    graph: nx.MultiDiGraph
    evidence: dict[str, Evidence] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI -> (file, title)


def _rows(store: ox.Store, sparql: str) -> Iterable:
    return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)


def _text(term) -> str:
    return term.value if term is not None else ""


def read_network(store: ox.Store) -> Network:
    """The entity network of a graph, with every node's and edge's evidence."""
    graph = nx.MultiDiGraph()
    types: dict[str, NodeType] = {}
    classes = " ".join(f"<{t.iri}>" for t in TYPES)
    for row in _rows(store, f"SELECT ?x ?c WHERE {{ ?x a ?c VALUES ?c {{ {classes} }} }}"):
        kind = TYPE_BY_IRI.get(row["c"].value)
        if kind is not None and isinstance(row["x"], ox.NamedNode):
            current = types.get(row["x"].value)
            if current is None or TYPES.index(kind) < TYPES.index(current):
                types[row["x"].value] = kind
    labels, aliases = _names(store)
    documents = {}
    for row in _rows(
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
    query = """SELECT ?x ?p ?name WHERE {
      ?x ?p ?name . VALUES ?p { rdfs:label skos:prefLabel skos:altLabel skos:notation dcterms:title } }"""
    order = {str(RDFS.label): 0, str(SKOS.prefLabel): 0, str(DCTERMS.title): 2}
    for row in _rows(store, query):
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
    for row in _rows(
        store,
        "SELECT ?x ?text WHERE { ?x kg:text ?text . "
        "VALUES ?c { kg:Statement kg:Recommendation } ?x a ?c }",
    ):
        words[row["x"].value] = f"“{_short(row['text'].value)}”"
    query = """SELECT ?a ?person ?org ?role WHERE { ?a a kg:Affiliation ; org:member ?person .
      OPTIONAL { ?a org:organization ?org } OPTIONAL { ?a org:role/rdfs:label ?role } }"""
    for row in _rows(store, query):
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
        ev, doc = row.evidence, row.document
        net.sentences[row.sentence] = row.sentence_text
        net.evidence[ev] = Evidence(
            readable.get(s.value, _local(s.value)),
            PHRASES.get(p, _curie(p)),
            _term_words(o, readable),
            row.sentence,
            row.start - row.sentence_start,
            row.exact,
            doc,
            row.rule,
            p not in (str(RDF.type), str(KG.mentions), str(DCTERMS.subject)),
            row.start,
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
    values = " ".join(f"<{p}>" for p in RELATIONS)
    for row in _rows(store, f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o VALUES ?p {{ {values} }} }}"):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        found[_edge(graph, s, p, o)].update(by_triple.get((s, p, o), ()))
    query = "SELECT ?r ?by ?to WHERE { ?r kg:recommendedBy ?by ; kg:recommendedTo ?to }"
    for row in _rows(store, query):
        r, by, to = row["r"].value, row["by"].value, row["to"].value
        found[(by, to, "recommends to")].update(
            by_triple.get((r, str(KG.recommendedBy), by), [])
            + by_triple.get((r, str(KG.recommendedTo), to), [])
        )
    query = """SELECT ?a ?person ?org ?role WHERE { ?a a kg:Affiliation ; org:member ?person ; org:organization ?org .
      OPTIONAL { ?a org:role ?role } }"""
    for row in _rows(store, query):
        a, person, org, role = (
            row[k].value if row[k] is not None else None for k in ("a", "person", "org", "role")
        )
        evidence = by_triple.get((a, str(ORG.member), person), []) + by_triple.get(
            (a, str(ORG.organization), org), []
        )
        if role:
            evidence += by_triple.get((a, str(ORG.role), role), [])
        found[(person, org, "member of")].update(evidence)
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


# --- choosing a part of the network ------------------------------------------------------


def find_nodes(net: Network, name: str) -> list[str]:
    """Nodes whose label or other name is `name` (case and accents ignored)."""
    wanted = fold(name)
    return [
        n
        for n, attrs in net.graph.nodes(data=True)
        if wanted in {fold(attrs["label"]), *map(fold, attrs["aliases"])}
    ]


def parse_types(keys: Iterable[str]) -> list[str]:
    """--type values checked against TYPES (case ignored; plural and '_' accepted)."""
    chosen = []
    for key in keys:
        norm = key.strip().lower().replace("_", "-").replace(" ", "-")
        norm = {"organization": "organisation", "concept": "topic", "actor": "actor"}.get(
            norm, norm
        )
        if norm not in TYPE_BY_KEY and norm.endswith("s") and norm[:-1] in TYPE_BY_KEY:
            norm = norm[:-1]
        if norm == "actor":
            chosen += [k for k in ACTOR_TYPES if k not in chosen]
            continue
        if norm not in TYPE_BY_KEY:
            raise NetworkError(
                f"unknown type {key!r}; choose from: actor, {', '.join(TYPE_BY_KEY)}"
            )
        if norm not in chosen:
            chosen.append(norm)
    return chosen


@dataclass
class Selection:
    """The part of the network a view shows, and what it left out and why."""

    graph: nx.MultiDiGraph
    total_nodes: int
    total_edges: int
    left_out: Counter = field(
        default_factory=Counter
    )  # type key -> nodes left out by the size limit
    focus: list[str] = field(default_factory=list)


def select(
    net: Network,
    *,
    focus: str | None = None,
    types: Iterable[str] = (),
    depth: int = 1,
    max_nodes: int | None = None,
    provenance: bool = True,
) -> Selection:
    """The nodes around `focus` (within `depth` steps), of `types`, at most `max_nodes` of
    them (the most connected), and the edges between them."""
    graph = net.graph
    keep = set(graph)
    centres: list[str] = []
    if focus:
        centres = find_nodes(net, focus)
        if not centres:
            raise NetworkError(f"nothing in the graph is called {focus!r}{_suggest(net, focus)}")
        undirected = graph.to_undirected(as_view=True)
        keep = set()
        for centre in centres:
            keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    wanted = parse_types(types)
    if wanted:
        keep = {n for n in keep if graph.nodes[n]["type"] in wanted or n in centres}
    if not provenance:
        keep = {n for n in keep if graph.nodes[n]["type"] != PROVENANCE or n in centres}
    if not keep and (centres or wanted or not provenance):
        raise NetworkError(
            f"no nodes of type {', '.join(wanted)}"
            + (f" near {focus!r}" if focus else "")
            + " in the graph"
        )
    part = graph.subgraph(keep)
    total_nodes, total_edges = part.number_of_nodes(), part.number_of_edges()
    left_out: Counter = Counter()
    if max_nodes is not None and len(keep) > max_nodes:
        degree = dict(part.degree())
        ranked = sorted(keep, key=lambda n: (n not in centres, -degree[n], n))
        keep = set(ranked[:max_nodes])
        left_out = Counter(graph.nodes[n]["type"] for n in ranked[max_nodes:])
        part = graph.subgraph(keep)
    return Selection(part, total_nodes, total_edges, left_out, centres)


def _suggest(net: Network, name: str, limit: int = 5) -> str:
    wanted = fold(name)
    near = sorted(
        {a["label"] for _, a in net.graph.nodes(data=True) if wanted in fold(a["label"])}
    )[:limit]
    return f"; did you mean: {', '.join(near)}" if near else ""


# --- the actor network, for Gephi, Cytoscape and `kg stats` ------------------------------------


def actor_network(net: Network) -> nx.DiGraph:
    """Entities without the provenance layer; one edge per linked pair and direction, its
    `weight` the number of evidence sentences (at least 1), its `label` the relations."""
    out = nx.DiGraph()
    for node, attrs in sorted(net.graph.nodes(data=True)):
        if attrs["type"] != PROVENANCE:
            out.add_node(
                node,
                label=attrs["label"],
                type=attrs["type"],
                aliases="; ".join(attrs["aliases"]),
                documents=len(attrs["documents"]),
            )
    for u, v, attrs in sorted(
        net.graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"])
    ):
        if attrs["provenance"] or u not in out or v not in out:
            continue
        weight = max(1, len(attrs["evidence"]))
        if out.has_edge(u, v):
            edge = out.edges[u, v]
            edge["weight"] += weight
            edge["label"] = "; ".join(sorted(set(edge["label"].split("; ")) | {attrs["label"]}))
        else:
            out.add_edge(u, v, weight=weight, label=attrs["label"])
    return out


NETWORK_FORMATS = ("graphml", "gexf")


def network_file(net: Network, fmt: str) -> str:
    """The actor network as GraphML or GEXF text (for Gephi, Cytoscape, yEd), node ids the
    entities' IRIs; the same graph gives the same bytes."""
    graph = actor_network(net)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    if fmt == "gexf":
        text = "\n".join(nx.generate_gexf(graph)) + "\n"
        # networkx stamps today's date and its own version; leave them out so output is stable
        text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
        return re.sub(r"<creator>NetworkX [^<]*</creator>", "<creator>kg</creator>", text, count=1)
    raise NetworkError(f"unknown network format {fmt!r}; choose from: {', '.join(NETWORK_FORMATS)}")
