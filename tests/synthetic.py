"""A synthetic network of any size for view tests: entities of every type, documents that
mention them, relations between them, each with one evidence sentence."""

from __future__ import annotations

import random

import networkx as nx
import pyoxigraph as ox

from kg.read.evidence import EvidenceRow
from kg.read.network import PROVENANCE, TYPES, Network, Reading


def synthetic_network(n: int, seed: int = 1) -> Network:
    """`n` nodes (a tenth of them documents), about 2n edges, every edge with evidence."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    net = Network(graph)
    docs = [f"doc/{i}" for i in range(max(1, n // 10))]
    entity_types = [t.key for t in TYPES if t.key != PROVENANCE]
    for i, doc in enumerate(docs):
        net.documents[doc] = (f"{i:04d}.txt", f"Artikel {i}")
        graph.add_node(
            doc,
            label=f"Artikel {i}",
            type=PROVENANCE,
            aliases=(f"{i:04d}.txt",),
            documents={doc},
            evidence=[],
        )
    entities = [f"e/{i}" for i in range(n - len(docs))]
    for i, node in enumerate(entities):
        graph.add_node(
            node,
            label=f"node {i + len(docs)}",
            type=rng.choice(entity_types),
            aliases=(f"N{i}",),
            documents=set(),
            evidence=[],
        )

    def evidence(subject: str, phrase: str, obj: str, doc: str) -> str:
        sentence = f"s/{len(net.sentences)}"
        text = f"In dit artikel staat dat {subject} {phrase} {obj}."
        net.sentences[sentence] = text
        ev = f"ev/{len(net.evidence)}"
        row = EvidenceRow(
            evidence=ev,
            subject=ox.Literal(subject),
            predicate="",
            object=ox.Literal(obj),
            exact=subject,
            start=25,
            sentence=sentence,
            sentence_text=text,
            sentence_start=0,
            document=doc,
            rule="synthetic",
            file=net.documents[doc][0],
        )
        net.evidence[ev] = Reading(subject, phrase, obj, phrase != "mentions", row)
        return ev

    for node in entities:
        for doc in rng.sample(docs, min(len(docs), rng.randint(1, 2))):
            ev = evidence(graph.nodes[doc]["label"], "mentions", graph.nodes[node]["label"], doc)
            graph.add_edge(
                doc, node, key="mentions", label="mentions", provenance=True, evidence=[ev]
            )
            for end in (doc, node):
                graph.nodes[end]["evidence"].append(ev)
                graph.nodes[end]["documents"].add(doc)
    skeleton = nx.barabasi_albert_graph(len(entities), 1, seed=seed)
    for u, v in skeleton.edges():
        a, b = entities[u], entities[v]
        doc = rng.choice(sorted(graph.nodes[a]["documents"]))
        ev = evidence(graph.nodes[a]["label"], "recommends to", graph.nodes[b]["label"], doc)
        graph.add_edge(
            a, b, key="recommends to", label="recommends to", provenance=False, evidence=[ev]
        )
        for end in (a, b):
            graph.nodes[end]["evidence"].append(ev)
    return net
