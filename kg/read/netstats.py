"""`kg stats`: the shape of the graph in numbers: nodes per type, the most central actors
and the communities of the actor network (networkx)."""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx

from kg.read.network import ACTOR_TYPES, TYPE_BY_KEY, TYPES, Network, actor_network

BETWEENNESS_SAMPLE = 500
"""Betweenness is estimated from this many source nodes (seeded) on larger networks:
exact betweenness is O(nodes × edges), minutes at 10,000 nodes."""


class Central(NamedTuple):
    label: str
    type: str
    links: int  # distinct neighbours in the actor network
    betweenness: float  # share of shortest paths through it (0..1)


class Community(NamedTuple):
    size: int
    members: list[str]  # labels, most linked first


class Stats(NamedTuple):
    documents: int
    counts: list[tuple[str, int]]  # (type label, nodes), every type, in TYPES order
    actor_nodes: int
    actor_edges: int
    central: list[Central]
    communities: list[Community]  # two or more members, largest first
    community_count: int


def network_stats(net: Network, top: int = 10) -> Stats:
    """Counts per type, the `top` most central actors and the `top` largest communities."""
    counts = {t.key: 0 for t in TYPES}
    for _, attrs in net.graph.nodes(data=True):
        counts[attrs["type"]] += 1
    actors = actor_network(net)
    plain = nx.Graph(actors)  # links count once whatever their direction
    links = dict(plain.degree())
    k = None if len(plain) <= BETWEENNESS_SAMPLE else BETWEENNESS_SAMPLE
    between = (
        nx.betweenness_centrality(plain, k=k, seed=7) if len(plain) > 2 else {n: 0.0 for n in plain}
    )
    ranked = sorted(
        (n for n in plain if plain.nodes[n]["type"] in ACTOR_TYPES),
        key=lambda n: (-links[n], -between[n], plain.nodes[n]["label"], n),
    )
    central = [
        Central(
            plain.nodes[n]["label"],
            TYPE_BY_KEY[plain.nodes[n]["type"]].label,
            links[n],
            round(between[n], 4),
        )
        for n in ranked[:top]
        if links[n] > 0
    ]
    groups = (
        nx.community.louvain_communities(plain, weight="weight", seed=7)
        if plain.number_of_edges()
        else []
    )
    groups = [
        sorted(g, key=lambda n: (-links[n], plain.nodes[n]["label"], n))
        for g in groups
        if len(g) > 1
    ]
    groups.sort(key=lambda g: (-len(g), plain.nodes[g[0]]["label"]))
    communities = [Community(len(g), [plain.nodes[n]["label"] for n in g]) for g in groups]
    return Stats(
        len(net.documents),
        [(t.label, counts[t.key]) for t in TYPES],
        plain.number_of_nodes(),
        plain.number_of_edges(),
        central,
        communities[:top],
        len(communities),
    )


def stats_json(stats: Stats) -> dict:
    """The stats as JSON-able data for scripts (`kg stats --format json`)."""
    return {
        "documents": stats.documents,
        "nodes_per_type": dict(stats.counts),
        "actor_network": {"nodes": stats.actor_nodes, "edges": stats.actor_edges},
        "central_actors": [c._asdict() for c in stats.central],
        "communities": [c._asdict() for c in stats.communities],
        "community_count": stats.community_count,
    }


def format_stats(stats: Stats, members: int = 6) -> str:
    """The stats as the terminal shows them."""
    summary = (
        f"{stats.documents:,} documents; actor network: {stats.actor_nodes:,} nodes, "
        f"{stats.actor_edges:,} links (documents, places and topics left out)"
    )
    lines = [summary, "", "Nodes per type"]
    width = max(len(label) for label, _ in stats.counts)
    lines += [f"  {label:<{width}}  {n:>7,}" for label, n in stats.counts]
    lines += [
        "",
        "Most central actors (links to other entities; "
        "betweenness: share of shortest paths through it)",
    ]
    if stats.central:
        w = min(48, max(len(c.label) for c in stats.central))
        tw = max(len(c.type) for c in stats.central)
        lines.append(f"  {'actor':<{w}}  {'type':<{tw}}  {'links':>5}  betweenness")
        for c in stats.central:
            label = c.label if len(c.label) <= w else c.label[: w - 1] + "…"
            lines.append(f"  {label:<{w}}  {c.type:<{tw}}  {c.links:>5}  {c.betweenness:.3f}")
    else:
        lines.append("  (no actor is linked to another entity)")
    lines += [
        "",
        f"Communities (Louvain, actor network): {stats.community_count} with two or more members",
    ]
    for i, c in enumerate(stats.communities, 1):
        names = ", ".join(c.members[:members]) + (", …" if c.size > members else "")
        lines.append(f"  {i:>2}. {c.size:>4} members: {names}")
    return "\n".join(lines) + "\n"
