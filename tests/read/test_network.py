"""The entity network read from a built graph (kg/read/network.py), its parts, its GraphML and
GEXF files, `kg stats` (kg/read/netstats.py), and the layout (kg/web/layout.py)."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.rdf.store import open_store
from kg.read.netstats import format_stats, network_stats
from kg.read.network import NetworkError, actor_network, network_file, read_network, select
from kg.web.layout import force_layout

SCP = "https://w3id.org/kg-sociaal-domein/id/org/scp"


@pytest.fixture(scope="module")
def net(built_graph_path):
    return read_network(open_store(built_graph_path))


def node(net, label):
    found = [n for n, a in net.graph.nodes(data=True) if a["label"] == label]
    assert len(found) == 1, (label, found)
    return found[0]


def edge(net, source, label, target):
    u, v = node(net, source), node(net, target)
    return net.graph.edges[u, v, label]


def test_network_nodes_have_type_label_and_aliases(net):
    attrs = net.graph.nodes[node(net, "Sociaal en Cultureel Planbureau")]
    assert attrs["type"] == "government-body"
    assert "SCP" in attrs["aliases"]
    assert net.graph.nodes[node(net, "Participatiewet")]["type"] == "law"
    assert net.graph.nodes[node(net, "Sanne Mulder")]["type"] == "person"
    documents = [a for _, a in net.graph.nodes(data=True) if a["type"] == "document"]
    assert sorted(a["aliases"][0] for a in documents) == [
        "opinie_wmo.txt",
        "scp_participatiewet.txt",
        "zwolle_jeugdhulp.txt",
    ]


def test_network_relations_are_edges_between_entities(net):
    # "Het SCP adviseert gemeenten …" (scp_participatiewet.txt)
    assert not edge(net, "Sociaal en Cultureel Planbureau", "recommends to", "gemeenten")[
        "provenance"
    ]
    assert edge(net, "Sociaal en Cultureel Planbureau", "made", "Gebonden handen")
    assert edge(net, "gemeente Zwolle", "responsible for", "Jeugdwet")
    assert edge(net, "Sanne Mulder", "member of", "gemeente Zwolle")
    mention = edge(
        net,
        "SCP: bijstandsgerechtigden verdwalen in de regels",
        "mentions",
        "Sociaal en Cultureel Planbureau",
    )
    assert mention["provenance"]


def test_network_evidence_points_into_its_sentence(net):
    ids = edge(net, "Sociaal en Cultureel Planbureau", "recommends to", "gemeenten")["evidence"]
    assert ids
    for ev_id in ids:
        ev = net.evidence[ev_id]
        sentence = net.sentences[ev.sentence]
        assert sentence[ev.offset : ev.offset + len(ev.exact)] == ev.exact
        assert net.documents[ev.document][0] == "scp_participatiewet.txt"
        assert ev.rule


def test_network_node_evidence_relations_first_then_reading_order(net):
    evidence = [
        net.evidence[e]
        for e in net.graph.nodes[node(net, "Sociaal en Cultureel Planbureau")]["evidence"]
    ]
    flags = [ev.relation for ev in evidence]
    assert flags == sorted(flags, reverse=True) and flags[0]
    starts = [ev.start for ev in evidence if ev.relation]
    assert starts == sorted(starts)


def test_network_select_focus_takes_the_neighbours(net):
    part = select(net, focus="SCP")
    labels = {a["label"] for _, a in part.graph.nodes(data=True)}
    assert {"Sociaal en Cultureel Planbureau", "gemeenten", "kabinet", "Gebonden handen"} <= labels
    assert "Erik Dijkstra" not in labels  # two steps away (via the SCP article), not one
    assert "Erik Dijkstra" in {
        a["label"] for _, a in select(net, focus="scp", depth=2).graph.nodes(data=True)
    }


def test_network_select_types_and_without_documents(net):
    part = select(net, types=["actor", "law"], provenance=False)
    assert {a["type"] for _, a in part.graph.nodes(data=True)} <= {
        "municipality",
        "government-body",
        "organisation",
        "person",
        "group",
        "law",
    }
    assert not any(a["provenance"] for *_, a in part.graph.edges(data=True))


def test_network_select_size_limit_keeps_the_most_connected_and_says_what_it_left(net):
    part = select(net, max_nodes=5)
    assert part.graph.number_of_nodes() == 5
    assert sum(part.left_out.values()) == net.graph.number_of_nodes() - 5
    degree = dict(net.graph.degree())
    kept = min(degree[n] for n in part.graph)
    assert all(degree[n] <= kept for n in net.graph if n not in part.graph)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"focus": "Nergens Genoemd"}, "nothing in the graph is called 'Nergens Genoemd'"),
        ({"focus": "Planbureau"}, "did you mean: Sociaal en Cultureel Planbureau"),
        ({"types": ["boat"]}, "unknown type 'boat'; choose from: actor, municipality"),
    ],
)
def test_network_select_explains_a_bad_choice(net, kwargs, message):
    with pytest.raises(NetworkError, match=message):
        select(net, **kwargs)


def test_network_graphml_is_the_actor_network(net):
    graph = nx.read_graphml(io.StringIO(network_file(net, "graphml")))
    assert graph.is_directed()
    assert "document" not in {a["type"] for _, a in graph.nodes(data=True)}
    assert graph.nodes[SCP]["label"] == "Sociaal en Cultureel Planbureau"
    zwolle = node(net, "gemeente Zwolle")
    assert graph.edges[zwolle, node(net, "Jeugdwet")]["label"] == "responsible for"
    assert graph.number_of_nodes() == actor_network(net).number_of_nodes()


def test_network_gexf_is_valid_xml_and_the_same_every_time(net):
    text = network_file(net, "gexf")
    assert text == network_file(net, "gexf")
    assert "lastmodifieddate" not in text
    root = ET.fromstring(text)
    assert (
        len(root.findall(".//{http://www.gexf.net/1.2draft}node"))
        == actor_network(net).number_of_nodes()
    )


def test_netstats_counts_central_actors_and_communities(net):
    stats = network_stats(net, top=3)
    assert sum(n for _, n in stats.counts) == net.graph.number_of_nodes()
    assert dict(stats.counts)["Document"] == 3
    assert len(stats.central) == 3
    assert [c.links for c in stats.central] == sorted(
        (c.links for c in stats.central), reverse=True
    )
    # gemeenten are advised by the SCP, Kinderombudsman and Marloes Verhoeven,
    # and run the Participatiewet
    assert stats.central[0].label == "gemeenten" and stats.central[0].links == 4
    assert all(c.size >= 2 for c in stats.communities)
    assert any({"Sanne Mulder", "gemeente Zwolle"} <= set(c.members) for c in stats.communities)
    text = format_stats(stats)
    assert "Most central actors" in text and "gemeenten" in text


def _two_clusters():
    graph = nx.disjoint_union(nx.complete_graph(12), nx.complete_graph(12))
    graph.add_edge(0, 12)
    return list(graph.nodes), list(graph.edges)


def test_layout_same_graph_same_positions():
    nodes, edges = _two_clusters()
    assert force_layout(nodes, edges) == force_layout(nodes, edges)
    assert force_layout(nodes, edges) != force_layout(nodes, edges, seed=8)


def test_layout_keeps_clusters_apart_and_nodes_distinct():
    nodes, edges = _two_clusters()
    pos = force_layout(nodes, edges)
    assert len(set(pos)) == len(pos)
    inside = [math.dist(pos[a], pos[b]) for a in range(12) for b in range(a + 1, 12)]
    across = [math.dist(pos[a], pos[b]) for a in range(1, 12) for b in range(13, 24)]
    assert max(inside) < min(across)


def test_layout_large_graph_is_fast_and_finite():
    import time

    graph = nx.barabasi_albert_graph(5000, 2, seed=1)
    start = time.perf_counter()
    pos = force_layout(list(graph.nodes), list(graph.edges))
    assert time.perf_counter() - start < 20  # about 1 s here; networkx.spring_layout takes 90 s
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos)
    assert len(set(pos)) == len(pos)


def test_network_export_has_one_edge_per_relation_weighted_by_facts(net, built_graph_path):
    """Weight counted evidence records (a piece of advice read in two sentences weighed 3
    or 4) and two relations of one pair were one edge: now one edge per relation, its
    weight the number of facts."""
    graph = actor_network(net)
    assert isinstance(graph, nx.MultiDiGraph)
    store = open_store(built_graph_path)
    advice = {}
    for row in store.query(
        "SELECT ?by ?to (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r "
        "<https://w3id.org/kg-sociaal-domein/def#recommendedBy> ?by ; "
        "<https://w3id.org/kg-sociaal-domein/def#recommendedTo> ?to } GROUP BY ?by ?to"
    ):
        advice[(row["by"].value, row["to"].value)] = int(row["n"].value)
    shown = {
        (u, v): attrs["weight"]
        for u, v, attrs in graph.edges(data=True)
        if attrs["relation"] == "recommends to"
    }
    assert shown and shown == {pair: n for pair, n in advice.items() if pair in shown}
    # every fact was read at least once; evidence counts readings, the weight facts
    assert all(attrs["evidence"] >= attrs["weight"] for _, _, attrs in graph.edges(data=True))
    for u, v in {(u, v) for u, v in graph.edges()}:
        relations = [k for k in graph[u][v]]
        assert len(relations) == len(set(relations))  # one edge per relation
    reread = nx.read_graphml(io.StringIO(network_file(net, "graphml")), force_multigraph=True)
    assert reread.number_of_edges() == graph.number_of_edges()


def test_network_gexf_colours_nodes_by_type_for_gephi(net):
    root = ET.fromstring(network_file(net, "gexf"))
    viz = "{http://www.gexf.net/1.2draft/viz}color"
    scp = next(n for n in root.iter("{http://www.gexf.net/1.2draft}node") if n.get("id") == SCP)
    colour = scp.find(viz)
    assert (colour.get("r"), colour.get("g"), colour.get("b")) == ("86", "180", "233")  # #56B4E9


def test_netstats_actor_network_leaves_out_places_and_topics(net):
    types = {attrs["type"] for _, attrs in actor_network(net).nodes(data=True)}
    assert not types & {"place", "topic", "document"}
    assert {"person", "law"} <= types
    assert "(documents, places and topics left out)" in format_stats(network_stats(net))


def test_network_edge_lists_each_recommendation_and_membership_once(net):
    """A recommendation is read as 'by' and as 'to' in one sentence; its edge shows it
    once, not twice (and a membership once, not as member, organisation and role)."""
    for _source, _target, attrs in net.graph.edges(data=True):
        if attrs["label"] in ("recommends to", "member of"):
            readings = [net.evidence[ev].row for ev in attrs["evidence"]]
            assert len(attrs["evidence"]) >= attrs["facts"]
            assert len(readings) == len({(r.sentence, r.start) for r in readings}), attrs
