"""Write a graph as Turtle, N-Triples, JSON-LD or TriG: the same triples give the same text.

rdflib's serialisers follow the order in which triples were added (and Python's hash
order) in places, so every exporter first copies the graph into a fresh one, adding the
triples in sorted order with the project's prefixes bound, and JSON-LD output is sorted
once more afterwards. Blank nodes (the model has none) get canonical labels first
(rdflib.compare), except in the named graphs of a TriG export.
"""

from __future__ import annotations

import io
import json
import warnings
from typing import Callable, Iterable, NamedTuple

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.trig import TrigSerializer

from kg.errors import KgError
from kg.rdf.namespaces import PREFIXES, bind_prefixes


class ExportError(KgError):
    """A graph cannot be written in the asked format."""


class Exporter(NamedTuple):
    media_type: str
    suffix: str  # with the dot, like Path.suffix: ".ttl"
    serialize: Callable[[Graph], str]


def _sort_key(triple) -> tuple[str, ...]:
    """A total order on triples (rdflib terms of mixed kinds do not always compare)."""
    return tuple(term.n3() for term in triple)


def _triples(graph: Graph) -> list:
    """All triples, named graphs merged, blank nodes relabelled canonically, sorted."""
    if graph.context_aware:
        triples = {(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))}
    else:
        triples = set(graph.triples((None, None, None)))
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        plain = Graph()
        for triple in triples:
            plain.add(triple)
        triples = set(to_canonical_graph(plain).triples((None, None, None)))
    return sorted(triples, key=_sort_key)


def _bind(target: Graph, source: Graph) -> None:
    """The source's prefixes (sorted), then the project's, which win a conflict."""
    for prefix, namespace in sorted(source.namespaces()):
        target.bind(prefix, namespace, override=True, replace=True)
    bind_prefixes(target)


def _sorted_copy(graph: Graph) -> Graph:
    copy = Graph(bind_namespaces="none")
    _bind(copy, graph)
    for triple in _triples(graph):
        copy.add(triple)
    return copy


def _one_newline(text: str) -> str:
    return text.rstrip("\n") + "\n"


def _turtle(graph: Graph) -> str:
    return _one_newline(_sorted_copy(graph).serialize(format="turtle"))


def _ntriples(graph: Graph) -> str:
    text = _sorted_copy(graph).serialize(format="nt")
    # split on "\n" only: str.splitlines() also breaks at U+2028/U+0085 inside a literal
    lines = sorted(line for line in text.split("\n") if line.strip())
    return "".join(line + "\n" for line in lines)


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer with the graphs in a fixed order: default graph first, then by name.

    (rdflib takes them from the store's set of contexts, whose order follows string hashing.)
    """

    def __init__(self, store: Graph):
        super().__init__(store)
        self.contexts.sort(key=self._graph_order)

    def _graph_order(self, context: Graph) -> tuple[bool, str]:
        return (context.identifier != self.default_context, str(context.identifier))


def _trig(graph: Graph) -> str:
    """Named graphs kept; a plain graph, or a dataset's default graph, is the default graph."""
    dataset = Dataset(default_union=False)
    _bind(dataset, graph)
    if graph.context_aware:
        quads = []
        for s, p, o, context in graph.quads((None, None, None, None)):
            name = context.identifier if isinstance(context, Graph) else context
            if not isinstance(name, URIRef) or name == DATASET_DEFAULT_GRAPH_ID:
                name = DATASET_DEFAULT_GRAPH_ID
            quads.append((s, p, o, name))
        for quad in sorted(quads, key=lambda quad: (str(quad[3]), _sort_key(quad[:3]))):
            dataset.add(quad)
    else:
        for s, p, o in _triples(graph):
            dataset.add((s, p, o, DATASET_DEFAULT_GRAPH_ID))
    stream = io.BytesIO()
    with warnings.catch_warnings():  # rdflib's TriG writer uses Dataset APIs it deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        _SortedTrigSerializer(dataset).serialize(stream, encoding="utf-8")
    return _one_newline(stream.getvalue().decode("utf-8"))


def _jsonld(graph: Graph) -> str:
    """Compacted with the project's prefixes; nodes sorted by @id, values sorted too."""
    context = dict(sorted(PREFIXES.items()))
    text = _sorted_copy(graph).serialize(format="json-ld", context=context)
    document = json.loads(text)
    if isinstance(document, list):
        document = _sort_nodes(document)
    elif isinstance(document, dict) and isinstance(document.get("@graph"), list):
        document["@graph"] = _sort_nodes(document["@graph"])
    elif isinstance(document, dict):
        document = _sort_values(document)
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


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


def export(graph: Graph, fmt: str) -> str:
    """The graph as text in one of EXPORTERS' formats, the same text for the same triples."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ExportError(
            f"unknown export format '{fmt}'; choose from {', '.join(sorted(EXPORTERS))}"
        )
    try:
        return exporter.serialize(graph)
    except ExportError:
        raise
    except Exception as error:  # a serialiser failing on some term, say
        raise ExportError(f"cannot write the graph as {fmt}: {error}") from None
