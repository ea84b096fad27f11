"""The actor network: the entities without the provenance layer, for Gephi and Cytoscape
(`kg export --format graphml|gexf`) and for `kg stats`."""

from __future__ import annotations

import re

import networkx as nx

from kg.read.network.model import PROVENANCE, Network, NetworkError


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
