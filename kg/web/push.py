"""`kg push`: send the graph to a triple store through the SPARQL 1.1 Graph Store Protocol.

Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso all accept it. Each document
goes into a named graph of its own (named by the document's IRI), everything that
belongs to no single document (rules, extractions, the kg agent, the topic scheme) into
SHARED_GRAPH. Every graph is sent with PUT, which replaces it: pushing again never
duplicates, and a document's graph always holds what the local graph says now. Graphs
of documents that are gone locally are deleted when the store's SPARQL query endpoint
is known, so the store ends up holding exactly the local graph.

A document's graph holds: the document's own triples; its sentences; its evidence
(and rejection) nodes with the fact nodes they read; the facts that evidence reads; and what
the entities it mentions are and are called (their types and the triples no evidence
stands for: labels, notations, sameAs links). So a document's graph can be read on its
own, and an entity named in many documents is described in each of their graphs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg import progress
from kg.rdf import iris
from kg.rdf.namespaces import PREFIXES
from kg.web.graph_store import GraphStore, PushError

SHARED_GRAPH = iris.iri(iris.SHARED_GRAPH)
"""The named graph for the triples that belong to no single document."""
DOCUMENT_PREFIX = iris.iri(iris.DOCUMENTS)
"""Document IRIs, hence document graph names, start with this: only such graphs are deleted."""
DEFAULT_CHUNK = 50_000
"""Triples sent in one request at most: a big graph goes as one PUT and then POSTs."""
DEFAULT_TIMEOUT = 3600.0
"""Seconds a whole push may take (--timeout): then it stops, naming the graph it was sending."""

_DOCUMENTS = "SELECT ?d WHERE { ?d a kg:Document } ORDER BY ?d"
_DOCUMENT_GRAPH = """
SELECT DISTINCT ?d ?s ?p ?o WHERE {
  { ?d ?p ?o BIND(?d AS ?s) }
  UNION { ?s a kg:Sentence ; dcterms:isPartOf ?d . ?s ?p ?o }
  UNION { ?s kg:sentence/dcterms:isPartOf ?d . ?s ?p ?o }
  UNION { ?e kg:sentence/dcterms:isPartOf ?d ; oa:hasBody ?s . ?s ?p ?o }
  UNION { ?e a kg:Evidence ; kg:sentence/dcterms:isPartOf ?d ; oa:hasBody ?f .
          ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?s ?p ?o }
  UNION {
    { SELECT DISTINCT ?d ?s WHERE {  # the entities the document and its facts mention
        { ?d ?mentions ?s }
        UNION { ?e a kg:Evidence ; kg:sentence/dcterms:isPartOf ?d ;
                   oa:hasBody/(rdf:subject|rdf:object) ?s }
        FILTER(isIRI(?s)) } }
    FILTER NOT EXISTS { VALUES ?own { kg:Document kg:Sentence kg:Evidence } ?s a ?own }
    ?s ?p ?o
    FILTER(?p = rdf:type
           || NOT EXISTS { ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                           ?e oa:hasBody ?x ; a kg:Evidence })
  }
}
"""
# (The mentioned entities are found in a subquery first: evaluated inline, the union with
# the NOT EXISTS tests took 150 times as long in Oxigraph 0.5.)
_ALL = "CONSTRUCT WHERE { ?s ?p ?o }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


@dataclass(frozen=True)
class PushReport:
    """What a push did: graphs sent, distinct triples, triples sent (with the copies of
    entity descriptions), stale graphs deleted, and whether the store could be checked
    for stale graphs at all (None when no query endpoint was known)."""

    graphs: int
    triples: int
    sent: int
    deleted: int | None


# --- the partition -----------------------------------------------------------------------


def partition(store: ox.Store) -> Iterator[tuple[str, Iterable[ox.Triple]]]:
    """(graph name, triples) for each document, then the shared graph; computed with SPARQL.

    Each document's triples are held in memory one document at a time (sorted, so
    the same graph is sent the same way); the shared graph streams.
    """

    def query(sparql: str, **options):
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True, **options)

    documents = [solution["d"] for solution in query(_DOCUMENTS)]
    with tempfile.TemporaryDirectory(prefix="kg-push-") as folder:
        placed = ox.Store(folder)  # every triple already in a document graph, on disk
        for document in documents:
            triples = {
                ox.Triple(row["s"], row["p"], row["o"])
                for row in query(_DOCUMENT_GRAPH, substitutions={ox.Variable("d"): document})
            }
            placed.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            yield document.value, sorted(triples, key=_sort_key)
        yield (
            SHARED_GRAPH,
            (t for t in query(_ALL) if ox.Quad(t.subject, t.predicate, t.object) not in placed),
        )
        del placed


def count_triples(store: ox.Store) -> int:
    """Distinct triples over all the store's graphs."""
    (row,) = store.query(_COUNT, use_default_graph_as_union=True)
    return int(row["n"].value)


def _sort_key(triple: ox.Triple) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)


def chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """The triples in lists of at most `size`; at least one (maybe empty) list."""
    batch: list[ox.Triple] = []
    sent_any = False
    for triple in triples:
        batch.append(triple)
        if len(batch) == size:
            yield batch
            sent_any, batch = True, []
    if batch or not sent_any:
        yield batch


# --- pushing -----------------------------------------------------------------------------


def push(
    store: ox.Store,
    target: GraphStore,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> PushReport:
    """Send every graph of the partition (PUT, then POST for further chunks), then delete
    the document graphs the store holds that the local graph no longer has; all within
    `timeout` seconds (None: no limit but each request's).

    The old graphs go last, so a push that fails half-way leaves old data, never a gap;
    its error names the graph it was sending and how many graphs were stored before it.
    """
    if chunk_size < 1:
        raise PushError(f"--chunk-size must be at least 1, not {chunk_size}")
    if timeout is not None:
        if not timeout > 0:
            raise PushError(f"--timeout must be more than 0 seconds, not {timeout:g}")
        target.limit_time(timeout)
    with target:
        return _send_all(store, target, chunk_size)


def _send_all(
    store: ox.Store,
    target: GraphStore,
    chunk_size: int,
) -> PushReport:
    try:
        existing = target.list_graphs(DOCUMENT_PREFIX)  # before sending: fail early if unreachable
    except PushError as error:
        raise PushError(f"{error}; no graph was stored") from None
    total = _count_documents(store) + 1
    pushed: set[str] = set()
    sent = 0
    for graph, triples in progress.tracked(partition(store), "pushing", total, unit="graph"):
        parts = 0
        try:
            for chunk in chunks(triples, chunk_size):
                (target.post if parts else target.put)(graph, chunk)
                sent += len(chunk)
                parts += 1
        except PushError as error:
            state = "was stored only in part" if parts else "was not stored"
            raise PushError(
                f"{error}; graph <{graph}> {state}; {_graphs_stored(len(pushed))} before it"
            ) from None
        pushed.add(graph)
    deleted = None
    if existing is not None:
        stale = sorted(existing - pushed)
        for done, graph in enumerate(stale):
            try:
                target.delete(graph)
            except PushError as error:
                raise PushError(
                    f"{error}; all {len(pushed)} graphs were stored, and {done} of the "
                    f"{len(stale)} graphs of removed documents deleted before <{graph}>"
                ) from None
        deleted = len(stale)
    return PushReport(graphs=len(pushed), triples=count_triples(store), sent=sent, deleted=deleted)


def _graphs_stored(n: int) -> str:
    return {0: "no graph was stored", 1: "1 graph was stored"}.get(n, f"{n} graphs were stored")


def _count_documents(store: ox.Store) -> int:
    (row,) = store.query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }",
        prefixes=PREFIXES,
        use_default_graph_as_union=True,
    )
    return int(row["n"].value)
