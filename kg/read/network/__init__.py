"""The graph as a network of entities: who is linked to whom, and by which evidence.

Read with Oxigraph into a networkx MultiDiGraph: one node per entity (actor, law, work,
place, topic) and per document, one edge per relation between two of them (a
recommendation from X to Y, a responsibility, a maker, a membership; a document mentioning
an entity or being about a topic). Documents and their edges are the *provenance layer*;
without them it is the *actor network*, which `kg export --format graphml|gexf` writes for
Gephi and Cytoscape. Every node and edge keeps the ids of the evidence it rests on, for the
view's side panel.

By job: `model` (node types, the Network and its readings), `build` (reading it from a
store), `selection` (the part a view shows), `actors` (the actor network and its files).
"""

from kg.read.network.actors import NETWORK_FORMATS, actor_network, network_file
from kg.read.network.build import read_network
from kg.read.network.model import (
    ACTOR_TYPES,
    PHRASES,
    PROVENANCE,
    RELATIONS,
    TYPE_BY_IRI,
    TYPE_BY_KEY,
    TYPES,
    Network,
    NetworkError,
    NodeType,
    Reading,
)
from kg.read.network.selection import Selection, find_nodes, parse_types, select

__all__ = [
    "ACTOR_TYPES",
    "NETWORK_FORMATS",
    "PHRASES",
    "PROVENANCE",
    "RELATIONS",
    "TYPES",
    "TYPE_BY_IRI",
    "TYPE_BY_KEY",
    "Network",
    "NetworkError",
    "NodeType",
    "Reading",
    "Selection",
    "actor_network",
    "find_nodes",
    "network_file",
    "parse_types",
    "read_network",
    "select",
]
