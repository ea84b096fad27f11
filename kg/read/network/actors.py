"""The actor network: the entities without the provenance layer, places and topics, for
Gephi and Cytoscape (`kg export --format graphml|gexf`) and for `kg stats`."""

from __future__ import annotations

import re

import networkx as nx

from kg.read.network.model import PROVENANCE, TYPE_BY_KEY, Network, NetworkError

LEFT_OUT = (PROVENANCE, "place", "topic")
"""Node types that are not part of the actor network: documents are the provenance layer,
and places and topics are linked to actors only through them (a municipality's territory
aside), so they would only add isolated nodes and links to nowhere."""


def actor_network(net: Network) -> nx.MultiDiGraph:
    """Actors, laws and works, with one edge per relation between two of them (a
    multigraph: X recommends to Y and X is responsible for Y are two edges), its `relation`
    (and `label`) the relation, its `weight` the number of facts it stands for (two pieces
    of advice from X to Y: 2, however many sentences each was read in), `evidence` the
    number of evidence records. Nodes carry their type and its legend colour."""
    out = nx.MultiDiGraph()
    for node, attrs in sorted(net.graph.nodes(data=True)):
        if attrs["type"] not in LEFT_OUT:
            out.add_node(
                node,
                label=attrs["label"],
                type=attrs["type"],
                color=TYPE_BY_KEY[attrs["type"]].color,
                aliases="; ".join(attrs["aliases"]),
                documents=len(attrs["documents"]),
            )
    for u, v, attrs in sorted(
        net.graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"])
    ):
        if attrs["provenance"] or u not in out or v not in out:
            continue
        out.add_edge(
            u,
            v,
            key=attrs["label"],
            relation=attrs["label"],
            label=attrs["label"],
            weight=max(1, attrs.get("facts", 0)),
            evidence=len(attrs["evidence"]),
        )
    return out


NETWORK_FORMATS = ("graphml", "gexf")


def network_file(net: Network, fmt: str) -> str:
    """The actor network as GraphML or GEXF text (for Gephi, Cytoscape, yEd), node ids the
    entities' IRIs, edge ids their relation; the same graph gives the same bytes. GEXF
    colours each node by its type (viz:color, as Gephi shows it); GraphML has the colour as
    a `color` attribute to map in Cytoscape or yEd."""
    graph = actor_network(net)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    if fmt == "gexf":
        for _, attrs in graph.nodes(data=True):
            colour = attrs.pop("color")
            attrs["viz"] = {"color": {**_rgb(colour), "a": 1.0}}
        text = "\n".join(nx.generate_gexf(graph)) + "\n"
        # networkx stamps today's date and its own version; leave them out so output is stable
        text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
        return re.sub(r"<creator>NetworkX [^<]*</creator>", "<creator>kg</creator>", text, count=1)
    raise NetworkError(f"unknown network format {fmt!r}; choose from: {', '.join(NETWORK_FORMATS)}")


def _rgb(colour: str) -> dict[str, int]:
    return {c: int(colour[i : i + 2], 16) for c, i in (("r", 1), ("g", 3), ("b", 5))}
