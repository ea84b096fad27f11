"""`kg push`: send the graph to a triple store through the SPARQL 1.1 Graph Store Protocol.

Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso all accept it. Each document
goes into a named graph of its own (named by the document's IRI), everything that
belongs to no single document (rules, extractions, the kg agent, the topic scheme) into
SHARED_GRAPH. Every graph is sent with PUT, which replaces it: pushing again never
duplicates, and a document's graph always holds what the local graph says now. Graphs
of documents that are gone locally are deleted when the store's SPARQL query endpoint
is known, so the store ends up holding exactly the local graph.

A document's graph holds: the document's own triples; its sentences; its evidence
nodes with their targets and selectors; the facts that evidence describes; and what
the entities it mentions are and are called (their types and the triples no evidence
stands for: labels, notations, sameAs links). So a document's graph can be read on its
own, and an entity named in many documents is described in each of their graphs.
"""
from __future__ import annotations

import html
import os
import re
import tempfile
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests

from kg.errors import KgError
from kg.namespaces import ID, PREFIXES

SHARED_GRAPH = f"{ID}graph/kg"
"""The named graph for the triples that belong to no single document."""
DOCUMENT_PREFIX = f"{ID}doc/"
"""Document IRIs, hence document graph names, start with this: only such graphs are deleted."""
DEFAULT_CHUNK = 50_000
"""Triples sent in one request at most: a big graph goes as one PUT and then POSTs."""
DEFAULT_RETRIES = 3
REQUEST_TIMEOUT = 120.0
"""Seconds to wait for the store's answer to one request."""
URL_FORMS = ("http://HOST:7878/store (Oxigraph server) or "
             "http://HOST:3030/DATASET/data (Apache Jena Fuseki)")

_NTRIPLES = "application/n-triples"
_QUERY_ENDPOINTS = [  # Graph Store Protocol path -> the same store's SPARQL query path
    (re.compile(r"/store$"), "/query"),  # Oxigraph server
    (re.compile(r"/data$"), "/sparql"),  # Fuseki
    (re.compile(r"/rdf-graphs/service$"), ""),  # GraphDB / RDF4J
    (re.compile(r"/sparql-graph-crud(-auth)?$"), "/sparql"),  # Virtuoso
]

_DOCUMENTS = "SELECT ?d WHERE { ?d a kg:Document } ORDER BY ?d"
_DOCUMENT_GRAPH = """
SELECT DISTINCT ?d ?s ?p ?o WHERE {
  { ?d ?p ?o BIND(?d AS ?s) }
  UNION { ?s a kg:Sentence ; dcterms:isPartOf ?d . ?s ?p ?o }
  UNION { ?s a kg:Evidence ; prov:wasDerivedFrom ?d . ?s ?p ?o }
  UNION { ?e a kg:Evidence ; prov:wasDerivedFrom ?d ; oa:hasTarget ?s . ?s ?p ?o }
  UNION { ?e a kg:Evidence ; prov:wasDerivedFrom ?d ; oa:hasTarget/oa:hasSelector ?s . ?s ?p ?o }
  UNION { ?e a kg:Evidence ; prov:wasDerivedFrom ?d ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?s ?p ?o }
  UNION {
    { SELECT DISTINCT ?d ?s WHERE {  # the entities the document and its facts mention
        { ?d ?mentions ?s } UNION { ?e a kg:Evidence ; prov:wasDerivedFrom ?d ; rdf:subject|rdf:object ?s }
        FILTER(isIRI(?s)) } }
    FILTER NOT EXISTS { VALUES ?own { kg:Document kg:Sentence kg:Evidence } ?s a ?own }
    ?s ?p ?o
    FILTER(?p = rdf:type || NOT EXISTS { ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; a kg:Evidence })
  }
}
"""
# (The mentioned entities are found in a subquery first: evaluated inline, the union with
# the NOT EXISTS tests took 150 times as long in Oxigraph 0.5.)
_ALL = "CONSTRUCT WHERE { ?s ?p ?o }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_LIST_GRAPHS = """SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}"""


class PushError(KgError):
    """The store cannot be reached or refused the graph; the message says what to do."""


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
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}

    def query(sparql: str, **options):
        return store.query(sparql, prefixes=prefixes, use_default_graph_as_union=True, **options)

    documents = [solution["d"] for solution in query(_DOCUMENTS)]
    with tempfile.TemporaryDirectory(prefix="kg-push-") as folder:
        placed = ox.Store(folder)  # every triple already in a document graph, on disk
        for document in documents:
            triples = {ox.Triple(row["s"], row["p"], row["o"])
                       for row in query(_DOCUMENT_GRAPH, substitutions={ox.Variable("d"): document})}
            placed.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            yield document.value, sorted(triples, key=_sort_key)
        yield SHARED_GRAPH, (t for t in query(_ALL)
                             if ox.Quad(t.subject, t.predicate, t.object) not in placed)
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


# --- the protocol ------------------------------------------------------------------------


class GraphStore:
    """A Graph Store Protocol endpoint: PUT, POST and DELETE of named graphs, with retries.

    Connection errors, timeouts and 5xx answers are retried `retries` times, waiting
    `backoff`, 2×`backoff`, 4×`backoff` … seconds; everything else fails at once with a
    PushError saying what to check.
    """

    def __init__(self, url: str, *, auth: tuple[str, str] | None = None, retries: int = DEFAULT_RETRIES,
                 backoff: float = 0.5, query_url: str | None = None,
                 session: requests.Session | None = None):
        self.url = check_url(url)
        self.query_url = check_url(query_url) if query_url else derive_query_url(self.url)
        self.auth = auth
        self.retries = retries
        self.backoff = backoff
        self.session = session or requests.Session()

    def put(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace the graph's content by these triples."""
        self._send("PUT", graph, triples)

    def post(self, graph: str, triples: list[ox.Triple]) -> None:
        """Add these triples to the graph."""
        self._send("POST", graph, triples)

    def delete(self, graph: str) -> None:
        """Remove the graph; one that is not there is not an error."""
        self._request("DELETE", self.url, params={"graph": graph}, missing_ok=True)

    def list_graphs(self, prefix: str) -> set[str] | None:
        """Names of the store's graphs that start with `prefix`; None without a query endpoint."""
        if not self.query_url:
            return None
        response = self._request(
            "POST", self.query_url, data={"query": _LIST_GRAPHS.format(prefix=prefix)},
            headers={"Accept": "application/sparql-results+json"}, expect_json=True)
        try:
            bindings = response.json()["results"]["bindings"]
            return {b["g"]["value"] for b in bindings if "g" in b}
        except (ValueError, KeyError, TypeError):
            raise PushError(f"{self.query_url}: the answer to a SPARQL query is not SPARQL JSON results; "
                            "give the store's query endpoint with --query-url") from None

    def _send(self, method: str, graph: str, triples: list[ox.Triple]) -> None:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        self._request(method, self.url, params={"graph": graph}, data=body,
                      headers={"Content-Type": _NTRIPLES})

    def _request(self, method: str, url: str, *, missing_ok: bool = False, expect_json: bool = False,
                 **options) -> requests.Response:
        what = f"{method} {url}"
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self.session.request(method, url, auth=self.auth, timeout=REQUEST_TIMEOUT,
                                                **options)
            except requests.ConnectionError as error:
                if last:
                    where = urlunsplit(urlsplit(url)[:2] + ("", "", ""))
                    raise PushError(f"cannot reach the store at {where}: {_connection_reason(error)}; "
                                    f"is it running? (tried {attempt + 1} times)") from None
            except requests.Timeout:
                if last:
                    raise PushError(f"the store at {url} did not answer {method} within "
                                    f"{REQUEST_TIMEOUT:g} s (tried {attempt + 1} times)") from None
            except requests.RequestException as error:
                raise PushError(f"{what}: {error}") from None
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return self._check(response, what, missing_ok, expect_json)
                if last:
                    raise PushError(f"the store answered {_status(response)} to {what} "
                                    f"(tried {attempt + 1} times){_detail(response)}")
            time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check(self, response: requests.Response, what: str, missing_ok: bool,
               expect_json: bool) -> requests.Response:
        status = response.status_code
        if status in (401, 403):
            hint = ("give --user NAME and --password-env VAR" if self.auth is None
                    else "check the user name and the password in the --password-env variable")
            raise PushError(f"the store refused {what} ({_status(response)}): {hint}")
        if status == 404 and not missing_ok:
            raise PushError(f"{response.url.split('?')[0]}: not found (404); a Graph Store Protocol "
                            f"URL looks like {URL_FORMS}")
        if status == 405:
            raise PushError(f"the store does not allow {what} (405); is this its Graph Store "
                            f"Protocol URL ({URL_FORMS}), and is the dataset writable?")
        if status >= 400 and not (status == 404 and missing_ok):
            raise PushError(f"the store answered {_status(response)} to {what}{_detail(response)}")
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media in ("text/html", "application/xhtml+xml") and response.content.strip():
            raise PushError(f"{what} was answered with an HTML page{_title(response)} instead of a "
                            f"SPARQL store's answer; a Graph Store Protocol URL looks like {URL_FORMS}")
        if expect_json and "json" not in media:
            raise PushError(f"{what} was answered with '{media or 'no content type'}', not SPARQL "
                            "JSON results; give the store's query endpoint with --query-url")
        return response


def check_url(url: str) -> str:
    """The URL if it is http(s) with a host; else a PushError naming the usual forms."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{url!r} is not an http(s) URL; give the store's Graph Store Protocol URL, "
                        f"e.g. {URL_FORMS}")
    return url


def derive_query_url(url: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store Protocol URL, for the stores we know."""
    parts = urlsplit(url)
    for pattern, replacement in _QUERY_ENDPOINTS:
        if pattern.search(parts.path):
            return urlunsplit(parts._replace(path=pattern.sub(replacement, parts.path), query=""))
    return None


def _status(response: requests.Response) -> str:
    return f"{response.status_code} {response.reason}".strip()


def _detail(response: requests.Response) -> str:
    """': ' and the first 200 characters of the answer's text (tags dropped), or ''."""
    text = response.text or ""
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
    if not text:
        return ""
    return f": {text[:200]}{'…' if len(text) > 200 else ''}"


def _title(response: requests.Response) -> str:
    match = re.search(r"(?is)<title[^>]*>(.*?)</title>", response.text or "")
    title = " ".join(html.unescape(match.group(1)).split()) if match else ""
    return f" (“{title[:80]}”)" if title else ""


def _connection_reason(error: requests.ConnectionError) -> str:
    text = str(error)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "unknown host name"
    if "timed out" in text:
        return "connection timed out"
    return "connection failed"


# --- pushing -----------------------------------------------------------------------------


def read_password(user: str | None, password_env: str | None) -> tuple[str, str] | None:
    """(user, password) from --user and the variable --password-env names; None for neither."""
    if user is None and password_env is None:
        return None
    if user is None:
        raise PushError("--password-env needs --user NAME as well")
    if password_env is None:
        raise PushError("--user needs --password-env VAR: the password is read from that "
                        "environment variable, never from the command line")
    password = os.environ.get(password_env)
    if password is None:
        raise PushError(f"the environment variable {password_env} (named by --password-env) is not set")
    return user, password


def push(store: ox.Store, target: GraphStore, *, chunk_size: int = DEFAULT_CHUNK,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Send every graph of the partition (PUT, then POST for further chunks), then delete
    the document graphs the store holds that the local graph no longer has.

    The old graphs go last, so a push that fails half-way leaves old data, never a gap.
    """
    if chunk_size < 1:
        raise PushError(f"--chunk-size must be at least 1, not {chunk_size}")
    existing = target.list_graphs(DOCUMENT_PREFIX)  # before sending: fail early if unreachable
    total = _count_documents(store) + 1
    pushed: set[str] = set()
    sent = 0
    for number, (graph, triples) in enumerate(partition(store), start=1):
        for index, chunk in enumerate(chunks(triples, chunk_size)):
            (target.put if index == 0 else target.post)(graph, chunk)
            sent += len(chunk)
        pushed.add(graph)
        if progress:
            progress(number, total)
    deleted = None
    if existing is not None:
        stale = sorted(existing - pushed)
        for graph in stale:
            target.delete(graph)
        deleted = len(stale)
    return PushReport(graphs=len(pushed), triples=count_triples(store), sent=sent, deleted=deleted)


def _count_documents(store: ox.Store) -> int:
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    (row,) = store.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }",
                         prefixes=prefixes, use_default_graph_as_union=True)
    return int(row["n"].value)
