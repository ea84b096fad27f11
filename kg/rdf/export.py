"""Write a graph as Turtle, N-Triples, JSON-LD or TriG: the same triples give the same text.

The graph is an Oxigraph store (`open_store`: no parse at all when graph.ttl has its
store) or, for callers that hold one, an rdflib graph. Turtle, N-Triples and TriG are
written by Oxigraph's serialisers, from sorted N-Triples lines (graph by graph for TriG:
the default graph first, then the named graphs by name), with the project's prefixes
(the same header as graph.ttl). Blank nodes (the model has none) get
canonical labels first (RDFC-1.0), so they too come out the same every time.

JSON-LD still goes through rdflib: Oxigraph writes only expanded JSON-LD, and the export
is compacted with JSONLD_CONTEXT, so a notebook reads plain keys ("speaker", "label",
"title") and short ids ("person/van-rijn"). Its nodes and values are sorted once more
afterwards.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator, NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import KgError
from kg.progress import tracked
from kg.rdf.hierarchy import INFERRED
from kg.rdf.hierarchy import asserted as _own
from kg.rdf.namespaces import (
    DCTERMS,
    ID,
    KG,
    OA,
    ORG,
    PREFIXES,
    PROV,
    RDFS,
    SCHEMA,
    SKOS,
    bind_prefixes,
)
from kg.rdf.storegraph import to_ox, to_rdflib
from kg.rdf.turtle import body, header


class ExportError(KgError):
    """A graph cannot be written in the asked format."""


class Exporter(NamedTuple):
    media_type: str
    suffix: str  # with the dot, like Path.suffix: ".ttl"
    serialize: Callable[[_Source], str]


class _Source(NamedTuple):
    """A graph ready to be written: its store, and every quad of it as N-Quads."""

    store: ox.Store
    nquads: bytes


def _source(graph: ox.Store | Graph) -> _Source:
    """The graph as an Oxigraph store, blank nodes labelled canonically (RDFC-1.0)."""
    if not isinstance(graph, ox.Store):
        store = ox.Store()
        store.bulk_extend(_rdflib_quads(graph))
        graph = store
    elif INFERRED in set(graph.named_graphs()):  # the hierarchy's types are not the graph's
        asserted = ox.Store()
        asserted.bulk_extend(q for q in graph.quads_for_pattern(None, None, None) if _own(q))
        graph = asserted
    data = graph.dump(format=ox.RdfFormat.N_QUADS)
    if b"_:" not in data:  # no blank node (a literal may hold "_:": then this does no harm)
        return _Source(graph, data)
    dataset = ox.Dataset(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    store = ox.Store()
    store.bulk_extend(dataset)
    return _Source(store, store.dump(format=ox.RdfFormat.N_QUADS))


def _rdflib_quads(graph: Graph) -> Iterator[ox.Quad]:
    """An rdflib graph's quads; a plain graph's triples are in the default graph."""
    if graph.context_aware:
        for s, p, o, context in graph.quads((None, None, None, None)):
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), _graph_name(context))
    else:
        for s, p, o in graph.triples((None, None, None)):
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())


def _graph_name(context) -> ox.NamedNode | ox.DefaultGraph:
    """A named graph keeps its IRI; rdflib's default graph, or a blank name, is the default."""
    name = context.identifier if isinstance(context, Graph) else context
    if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
        return ox.NamedNode(str(name))
    return ox.DefaultGraph()


def _sorted(ntriples: bytes) -> bytes:
    """N-Triples lines, each once, sorted."""
    return b"".join(sorted(set(ntriples.splitlines(keepends=True))))


def _only_default(source: _Source) -> bool:
    """Whether all is in the default graph: then the N-Quads lines are N-Triples lines."""
    return next(iter(source.store.named_graphs()), None) is None


def _merged(source: _Source) -> bytes:
    """Every triple of every graph, once, as sorted N-Triples lines."""
    if _only_default(source):
        return _sorted(source.nquads)
    answer = source.store.query(_EVERY_TRIPLE, use_default_graph_as_union=True)
    return _sorted(answer.serialize(format=ox.RdfFormat.N_TRIPLES))


_EVERY_TRIPLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _ntriples(source: _Source) -> str:
    return _merged(source).decode("utf-8")


def _parsed(lines: bytes, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> Iterable:
    """The triples (or quads) of sorted N-Triples lines, counted as they are written."""
    return tracked(ox.parse(lines, format=fmt), "writing", lines.count(b"\n"), unit="triple")


def _turtle(source: _Source) -> str:
    triples = _parsed(_merged(source))
    return _one_newline(header() + b"\n" + body(triples))


def _trig(source: _Source) -> str:
    """Named graphs kept, in the order of their names, after the default graph."""
    if _only_default(source):
        quads = _parsed(_merged(source), ox.RdfFormat.N_QUADS)
    else:
        store = source.store
        names = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=lambda g: g.value)]
        quads = (
            ox.Quad(t.subject, t.predicate, t.object, name)
            for name in names
            for t in ox.parse(
                _sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)),
                format=ox.RdfFormat.N_TRIPLES,
            )
        )
    return _one_newline(header() + b"\n" + body(quads, ox.RdfFormat.TRIG))


def _one_newline(text: bytes) -> str:
    return text.decode("utf-8").rstrip("\n") + "\n"


_KG_LINKS = (
    "document",
    "mentions",
    "responsibleFor",
    "recommendedBy",
    "recommendedTo",
    "speaker",
    "rule",
    "sentence",
    "territory",
)
"""kg's object properties: their values are nodes."""


def _id(iri) -> dict:
    return {"@id": str(iri), "@type": "@id"}


JSONLD_CONTEXT: dict = {
    "@vocab": str(KG),  # kg's own properties and classes are plain keys: "speaker", "Person"
    "@base": str(ID),  # instances by their path: "person/van-rijn"
    **dict(sorted(PREFIXES.items())),
    # the standard terms a reader asks for most, by their plain names
    "label": str(RDFS.label),
    "altLabel": str(SKOS.altLabel),
    "prefLabel": str(SKOS.prefLabel),
    "notation": str(SKOS.notation),
    "title": str(DCTERMS.title),
    "identifier": str(DCTERMS.identifier),
    "creator": _id(DCTERMS.creator),
    "about": _id(DCTERMS.subject),
    "isPartOf": _id(DCTERMS.isPartOf),
    "sameAs": _id(SCHEMA.sameAs),
    "member": _id(ORG.member),
    "organization": _id(ORG.organization),
    "role": _id(ORG.role),
    "start": str(OA.start),
    "end": str(OA.end),
    "exact": str(OA.exact),
    "derivedFrom": _id(PROV.wasDerivedFrom),
    **{name: _id(KG[name]) for name in _KG_LINKS},
}
"""The @context of the JSON-LD export: @vocab kg:, @base the instances' namespace, the
prefixes, and terms whose values are nodes ("@type": "@id", so a link is a plain string)."""


def _jsonld(source: _Source) -> str:
    """Compacted with JSONLD_CONTEXT; nodes sorted by @id, values sorted too."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    # rdflib's parsers would relabel the canonical blank nodes at random: add the terms
    for t in _parsed(_merged(source)):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    blank = any(isinstance(term, BNode) for triple in graph for term in triple)
    # rdflib drops a blank node that is the value of an "@type": "@id" term (the model has
    # none; a graph from elsewhere may): such a graph gets the terms without coercion
    context = {k: v["@id"] if isinstance(v, dict) else v for k, v in JSONLD_CONTEXT.items()}
    text = graph.serialize(format="json-ld", context=context if blank else JSONLD_CONTEXT)
    document = _relative_ids(json.loads(text))
    if isinstance(document, list):
        document = _sort_nodes(document)
    elif isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"] = _sort_nodes(document["@graph"])
    elif isinstance(document, dict):
        document = _sort_values(document)
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_ID_PATH = "/" + str(ID).split("://", 1)[1].split("/", 1)[1]  # "/kg-sociaal-domein/id/"
_LINK_KEYS = {"@id"} | {k for k, v in JSONLD_CONTEXT.items() if isinstance(v, dict)}


def _relative_ids(value, key: str = ""):
    """rdflib writes an instance's IRI against @base as "/kg-sociaal-domein/id/person/x";
    the same IRI relative to @base reads "person/x". Only ids and links are touched."""
    if isinstance(value, dict):
        return {k: _relative_ids(v, k) for k, v in value.items() if k != "@context"} | (
            {"@context": value["@context"]} if "@context" in value else {}
        )
    if isinstance(value, list):
        return [_relative_ids(v, key) for v in value]
    if key in _LINK_KEYS and isinstance(value, str) and value.startswith(_ID_PATH):
        return value[len(_ID_PATH) :]
    return value


def _canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _sort_nodes(nodes: Iterable) -> list:
    nodes = [_sort_values(node) if isinstance(node, dict) else node for node in nodes]
    return sorted(nodes, key=lambda node: (_node_id(node), _canonical_json(node)))


def _node_id(node) -> str:
    return str(node.get("@id", "")) if isinstance(node, dict) else ""


def _sort_values(node: dict) -> dict:
    """A node object with each property's list of values in a fixed order (not @list)."""
    result = {}
    for key, value in node.items():
        if key == "@graph" and isinstance(value, list):
            result[key] = _sort_nodes(value)
        elif key != "@context" and isinstance(value, list):
            result[key] = sorted(value, key=_canonical_json)
        else:
            result[key] = value
    return result


EXPORTERS: dict[str, Exporter] = {
    "turtle": Exporter("text/turtle", ".ttl", _turtle),
    "nt": Exporter("application/n-triples", ".nt", _ntriples),
    "jsonld": Exporter("application/ld+json", ".jsonld", _jsonld),
    "trig": Exporter("application/trig", ".trig", _trig),
}
"""Export formats by name: media type, file suffix and the function that writes the text."""


def export(graph: ox.Store | Graph, fmt: str) -> str:
    """The graph as text in one of EXPORTERS' formats, the same text for the same triples."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ExportError(
            f"unknown export format '{fmt}'; choose from {', '.join(sorted(EXPORTERS))}"
        )
    try:
        return exporter.serialize(_source(graph))
    except ExportError:
        raise
    except Exception as error:  # a serialiser failing on some term, say
        raise ExportError(f"cannot write the graph as {fmt}: {error}") from None
