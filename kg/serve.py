"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over one graph, and a query page.

Standard clients (SPARQLWrapper, YASGUI, curl, a notebook) can then ask the graph
questions over HTTP without installing kg. Only the query operation is offered:
updates, other methods and other datasets are refused. Every query runs with a time
limit and a row limit, so one careless query cannot take the machine; the row limit is
announced in the `X-Result-Limit` header and a cut answer carries
`X-Result-Truncated: true`.

Queries run in a small pool of sandboxed worker processes (kg.sandbox), behind the guard
kg query uses: a worker cannot open a network connection, has a memory cap, and is
killed and replaced when its query runs out of time or memory. The standard library's
threading HTTP server is enough for a few analysts at once; put a real store
(`kg push`) behind anything bigger.
"""
from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KgError, QueryError
from kg.namespaces import PREFIXES
from kg.query import DEFAULT_MAX_MEMORY, list_questions
from kg.sandbox import (
    PoolBusy,
    QueryMemoryError,
    QueryTimeout,
    SandboxError,
    WorkerError,
    WorkerPool,
)
from kg.serve_page import content_security_policy, page
from kg.sparql_guard import (
    UPDATE_FORMS,
    QueryRefused,
    QuerySyntaxError,
    query_form,
    run_guarded,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_LIMIT = 10_000
"""Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) sent at most; the rest is cut off."""
DEFAULT_TIMEOUT = 30.0
"""Seconds a query may take before the endpoint answers 503."""
MAX_BODY = 1_000_000
"""The largest POST body read, in bytes: a query, not a data upload."""
MAX_RUNNING = 4
"""Queries evaluated at the same time (worker processes); further requests are told to retry."""

_UTF8 = "; charset=utf-8"
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
"""Media types a SELECT or ASK answer can be sent as; the first is the default."""
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
"""Media types a CONSTRUCT or DESCRIBE answer can be sent as; the first is the default."""



class ServeError(KgError):
    """The endpoint cannot start (the port is taken, the host cannot be bound)."""


class Refused(Exception):
    """A request the endpoint answers with an HTTP error: status and a one-line reason."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Answer:
    """A query's answer, cut at the row limit: solutions ({variable: term or None}), a
    boolean, or triples. A worker makes it and pickles it to the server: terms, no iterators."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    truncated: bool = False


@dataclass
class Endpoint:
    """What every request needs: the workers (over the store) and the limits."""

    pool: WorkerPool
    limit: int = DEFAULT_LIMIT
    timeout: float = DEFAULT_TIMEOUT


# --- evaluation ----------------------------------------------------------------------------


def _evaluate(endpoint: Endpoint, sparql: str) -> Answer:
    """Run one read-only query in a worker; Refused with the HTTP status its error calls for.

    A query past its time or memory cap has its worker killed (and replaced) before the
    slot is free again, and is answered 503.
    """
    form = query_form(sparql)
    if form in UPDATE_FORMS:
        raise Refused(HTTPStatus.FORBIDDEN, f"{form} is a SPARQL update; this endpoint is "
                      "read-only and answers queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    try:
        return endpoint.pool.run(_collect, (sparql, endpoint.limit), endpoint.timeout)
    except PoolBusy:
        raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"{MAX_RUNNING} queries are running; try again "
                      "shortly", {"Retry-After": "2"}) from None
    except QueryTimeout:
        raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"the query took longer than the "
                      f"{endpoint.timeout:g} s limit; narrow it or add a LIMIT") from None
    except QueryMemoryError as error:
        raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, str(error)) from None
    except QueryRefused as error:
        raise Refused(HTTPStatus.FORBIDDEN, str(error)) from None
    except QuerySyntaxError as error:
        raise Refused(HTTPStatus.BAD_REQUEST, error.engine) from None
    except (SandboxError, WorkerError) as error:
        raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, str(error)) from None
    except QueryError as error:  # the engine's complaint about the query, e.g. an unknown function
        raise Refused(HTTPStatus.BAD_REQUEST, str(error)) from None


def _collect(store: ox.Store, sparql: str, limit: int) -> Answer:
    """In a worker: evaluate (kg.sparql_guard's door) and read at most `limit` rows or triples."""
    return run_guarded(store, sparql, lambda result: _read(result, limit))


def _read(result, limit: int) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    items = list(itertools.islice(result, limit + 1))
    truncated = len(items) > limit
    if isinstance(result, ox.QueryTriples):
        return Answer(triples=items[:limit], truncated=truncated)
    names = [v.value for v in result.variables]
    rows = [{name: row[name] for name in names} for row in items[:limit]]
    return Answer(variables=names, rows=rows, truncated=truncated)


# --- serialisation -------------------------------------------------------------------------


def render(answer: Answer, accept: str | None) -> tuple[str, bytes]:
    """(Content-Type, body) for the answer, in the format the Accept header prefers."""
    if answer.triples is not None:
        media = negotiate(accept, GRAPH_TYPES)
        # id: is left out: its local names hold "/", which Turtle would have to escape
        prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix != "id"}
        body = ox.serialize(answer.triples, format=GRAPH_TYPES[media], prefixes=prefixes)
        return media + _UTF8, body
    media = negotiate(accept, RESULT_TYPES)
    fmt = RESULT_TYPES[media]
    if answer.boolean is not None:
        document = {"head": {}, "boolean": answer.boolean}
    else:
        document = {"head": {"vars": answer.variables},
                    "results": {"bindings": [_binding(row, answer.variables) for row in answer.rows]}}
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt is not ox.QueryResultsFormat.JSON:  # Oxigraph writes the other three from JSON
        data = ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=fmt)
    return media + _UTF8, data


def _binding(row: dict[str, object], variables: list[str]) -> dict:
    return {name: _term(row[name]) for name in variables if row[name] is not None}


def _term(term) -> dict:
    """A term in SPARQL 1.1 Query Results JSON (with RDF 1.2 triple terms)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _term(term.subject), "predicate": _term(term.predicate), "object": _term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def negotiate(accept: str | None, offered: dict) -> str:
    """The offered media type the Accept header rates highest; the first offered when none fits.

    Falling back instead of answering 406 lets a browser or a bare `curl` see the answer.
    """
    default = next(iter(offered))
    best, best_q = default, 0.0
    for position, part in enumerate((accept or "").split(",")):
        media, *params = [piece.strip() for piece in part.split(";")]
        media = media.lower()
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offered:
            candidate = media
        elif media in ("*/*", f"{default.split('/')[0]}/*"):
            candidate, q = default, q - 0.001  # a wildcard loses to the same q named exactly
        else:
            continue
        if q > best_q:
            best, best_q = candidate, q
    return best


# --- HTTP ----------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """GET and POST on /sparql (SPARQL 1.1 Protocol query operation); GET / is the query page."""

    server_version = "kg-serve"
    endpoint: Endpoint
    quiet = False

    def do_GET(self) -> None:
        self._dispatch(lambda: self._from_get())

    def do_POST(self) -> None:
        self._dispatch(lambda: self._from_post())

    def _refuse_method(self) -> None:
        self._dispatch(lambda: self._raise(Refused(
            HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed: this endpoint is read-only",
            {"Allow": "GET, POST"})))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    @staticmethod
    def _raise(error: Refused):
        raise error

    def _dispatch(self, read_query: Callable[[], str | None]) -> None:
        try:
            sparql = read_query()
            if sparql is None:
                self._send(HTTPStatus.OK, "text/html" + _UTF8, page(_questions()).encode("utf-8"),
                           {"Content-Security-Policy": content_security_policy(header=True)})
                return
            self._answer(sparql)
        except Refused as refusal:
            self._send(refusal.status, "text/plain" + _UTF8, (refusal.message + "\n").encode("utf-8"),
                       refusal.headers)

    def _from_get(self) -> str | None:
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            raise Refused(HTTPStatus.NOT_FOUND, f"{url.path}: not found; the endpoint is /sparql")
        params = parse_qs(url.query, keep_blank_values=True)
        return self._query_param(params, page_when_absent=True)

    def _from_post(self) -> str:
        if urlsplit(self.path).path != "/sparql":
            raise Refused(HTTPStatus.NOT_FOUND, f"{urlsplit(self.path).path}: not found; the endpoint is /sparql")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._read_body()
        if media == "application/sparql-update":
            raise _update_refusal()
        if media == "application/sparql-query":
            return body.decode("utf-8", errors="replace")
        if media == "application/x-www-form-urlencoded":
            params = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            return self._query_param(params, page_when_absent=False)  # type: ignore[return-value]
        raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                      f"cannot read a POST body of type '{media or 'none'}'; send application/sparql-query "
                      "or application/x-www-form-urlencoded with query=…")

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(HTTPStatus.BAD_REQUEST, "the Content-Length header is not a number") from None
        if length > MAX_BODY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                          f"the request body is {length} bytes; a query may have at most {MAX_BODY}")
        return self.rfile.read(length) if length > 0 else b""

    @staticmethod
    def _query_param(params: dict[str, list[str]], *, page_when_absent: bool) -> str | None:
        if "update" in params:
            raise _update_refusal()
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise Refused(HTTPStatus.BAD_REQUEST,
                              f"{name} is not supported: this endpoint serves one graph, the union of its graphs")
        queries = params.get("query")
        if not queries:
            if page_when_absent:
                return None
            raise Refused(HTTPStatus.BAD_REQUEST, "no query: send query=… (SPARQL 1.1 Protocol)")
        if len(queries) > 1:
            raise Refused(HTTPStatus.BAD_REQUEST, "more than one query parameter; send one query")
        return queries[0]

    def _answer(self, sparql: str) -> None:
        if not sparql.strip():
            raise Refused(HTTPStatus.BAD_REQUEST, "the query is empty")
        endpoint = self.endpoint
        answer = _evaluate(endpoint, sparql)
        content_type, body = render(answer, self.headers.get("Accept"))
        self._send(HTTPStatus.OK, content_type, body, {
            "X-Result-Limit": str(endpoint.limit),
            "X-Result-Truncated": "true" if answer.truncated else "false",
            "Vary": "Accept",
        })

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _update_refusal() -> Refused:
    return Refused(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only "
                   "(send a query: SELECT, ASK, CONSTRUCT or DESCRIBE)")


def _questions() -> list[dict[str, str]]:
    return [{"name": q.name, "title": q.title, "sparql": q.path.read_text(encoding="utf-8")}
            for q in list_questions()]


# --- running -------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """The HTTP server; closing it also ends its query workers."""

    def __init__(self, address, handler, pool: WorkerPool):
        self.pool = pool
        super().__init__(address, handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(store: ox.Store, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT,
                max_memory: int | None = DEFAULT_MAX_MEMORY, quiet: bool = False) -> ThreadingHTTPServer:
    """A bound server (port 0 picks a free one: see `server.server_address`); call serve_forever,
    then server_close. `max_memory`: bytes one query may take on top of the store."""
    if limit < 1:
        raise ServeError(f"--limit must be at least 1, not {limit}")
    if timeout <= 0:
        raise ServeError(f"--timeout must be more than 0 seconds, not {timeout:g}")
    pool = WorkerPool(store, MAX_RUNNING, max_memory)  # before the socket: workers need not hold it
    handler = type("KgHandler", (Handler,), {"endpoint": Endpoint(pool, limit, timeout), "quiet": quiet})
    try:
        server = _Server((host, port), handler, pool)
    except OSError as error:  # (the server closed the pool)
        reason = error.strerror or str(error)
        hint = "; is another server running there? choose another --port" if error.errno == 98 else ""
        raise ServeError(f"cannot listen on {host}:{port}: {reason}{hint}") from None
    server.daemon_threads = True
    return server


def endpoint_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in str(host) else host
    return f"http://{host}:{port}/sparql"

