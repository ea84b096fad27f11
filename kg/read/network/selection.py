"""Choosing the part of the network a view shows: around a name, of some types, at most so
many nodes (the most connected), and saying what was left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.language.fold import fold  # as `kg explain` folds names: --focus finds the same
from kg.read.network.model import ACTOR_TYPES, PROVENANCE, TYPE_BY_KEY, Network, NetworkError


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
