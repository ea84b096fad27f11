"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over one graph, and a query page.

Standard clients (SPARQLWrapper, YASGUI, curl, a notebook) can then ask the graph
questions over HTTP without installing kg. Only the query operation is offered:
updates, other methods and other datasets are refused. Every query runs with a time
limit and a row limit, so one careless query cannot take the machine; the row limit is
announced in the `X-Result-Limit` header and a cut answer carries
`X-Result-Truncated: true`.

Queries run (kg.web.serve_query) in a pool of sandboxed worker processes, behind the guard
kg query uses: a worker cannot open a network connection, has a memory cap, and is
killed and replaced when its query runs out of time or memory. Only requests addressed
to the bound host names are answered, and pages on other origins read answers only when
named with `--cors` (kg.web.serve_http). The standard library's threading HTTP server is
enough for a few analysts at once; put a real store (`kg push`) behind anything bigger.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.read.query import DEFAULT_MAX_MEMORY
from kg.read.sandbox import WorkerPool
from kg.web.serve_http import (
    ALLOWED_METHODS,
    BodyError,
    DeadlineReader,
    HostPolicy,
    cors_headers,
    cors_origin,
    read_body,
    visible,
)
from kg.web.serve_page import QueryPage, load_page, shipped_questions
from kg.web.serve_query import (
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    MAX_RUNNING,
    Endpoint,
    Refused,
    evaluate,
)
from kg.web.serve_results import render

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_BODY = 1_000_000
"""The largest POST body read, in bytes: a query, not a data upload."""
CLIENT_TIMEOUT = 20.0
"""Seconds a client has to send its whole request; a slower one is dropped."""

_UTF8 = "; charset=utf-8"
_ASSETS = "/assets/"
"""Where the query page's files are (kg.web.serve_page)."""


class ServeError(KgError):
    """The endpoint cannot start (the port is taken, the host cannot be bound)."""


# --- HTTP ----------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """GET, HEAD and POST on /sparql (SPARQL 1.1 Protocol query operation); GET / is the
    query page, GET /assets/NAME the files it loads."""

    server_version = "kg-serve"
    endpoint: Endpoint
    quiet = False
    hosts = HostPolicy.bound_to(DEFAULT_HOST)
    cors: frozenset[str] = frozenset()
    timeout = CLIENT_TIMEOUT  # per socket wait; DeadlineReader bounds the whole request
    page = b""  # the query page (kg.web.serve_page), made when the server starts
    page_files: QueryPage  # the page's template and the files it loads

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self._input = DeadlineReader(self.connection, self.timeout)
        self.rfile = io.BufferedReader(self._input)

    def handle_one_request(self) -> None:
        self._input.restart()
        super().handle_one_request()

    def do_GET(self) -> None:
        self._dispatch(self._get)

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if not path.startswith(_ASSETS):
            self._answer_or_page(self._from_get())
            return
        asset = self.page_files.asset(path[len(_ASSETS) :])  # a fixed set: no file system path
        if asset is None:
            raise Refused(HTTPStatus.NOT_FOUND, f"{visible(path)[:200]}: not found")
        self._send(HTTPStatus.OK, asset.content_type, asset.body, {})

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._dispatch(lambda: self._answer(self._from_post()))

    def do_OPTIONS(self) -> None:
        self._dispatch(self._options)

    def _refuse_method(self) -> None:
        self._dispatch(
            lambda: self._raise(
                Refused(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    f"{self.command} is not allowed: this endpoint is read-only",
                    {"Allow": ALLOWED_METHODS},
                )
            )
        )

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    @staticmethod
    def _raise(error: Refused):
        raise error

    def _dispatch(self, respond: Callable[[], None]) -> None:
        """Answer the request, or refuse it: first when it is addressed to a name not served."""
        try:
            if not self.hosts.allows(self.headers.get("Host")):
                raise Refused(
                    HTTPStatus.MISDIRECTED_REQUEST,
                    f"this endpoint does not answer to the host name "
                    f"'{visible(self.headers['Host'])[:200]}', only to {self.hosts.describe()}; "
                    "to serve under another name, start kg serve with --host NAME",
                )
            respond()
        except Refused as refusal:
            self._send(
                refusal.status,
                "text/plain" + _UTF8,
                (refusal.message + "\n").encode("utf-8"),
                refusal.headers,
            )

    def _answer_or_page(self, sparql: str | None) -> None:
        if sparql is None:
            self._send(
                HTTPStatus.OK,
                "text/html" + _UTF8,
                self.page,
                {"Content-Security-Policy": self.page_files.policy},
            )
        else:
            self._answer(sparql)

    def _from_get(self) -> str | None:
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            raise Refused(HTTPStatus.NOT_FOUND, f"{url.path}: not found; the endpoint is /sparql")
        params = parse_qs(url.query, keep_blank_values=True)
        return self._query_param(params, page_when_absent=True)

    def _options(self) -> None:
        """OPTIONS: the methods, and for a CORS preflight from an allowed origin its permission."""
        path = urlsplit(self.path).path
        if path not in ("/", "/sparql", "*"):
            raise Refused(HTTPStatus.NOT_FOUND, f"{path}: not found; the endpoint is /sparql")
        self._send(HTTPStatus.NO_CONTENT, "", b"", {"Allow": ALLOWED_METHODS})

    def _from_post(self) -> str:
        if urlsplit(self.path).path != "/sparql":
            raise Refused(
                HTTPStatus.NOT_FOUND,
                f"{urlsplit(self.path).path}: not found; the endpoint is /sparql",
            )
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._read_body()
        if media == "application/sparql-update":
            raise _update_refusal()
        if media == "application/sparql-query":
            return body.decode("utf-8", errors="replace")
        if media == "application/x-www-form-urlencoded":
            params = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            return self._query_param(params, page_when_absent=False)  # type: ignore[return-value]
        raise Refused(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            f"cannot read a POST body of type '{media or 'none'}'; send application/sparql-query "
            "or application/x-www-form-urlencoded with query=…",
        )

    def _read_body(self) -> bytes:
        try:
            return read_body(self.rfile, self.headers, MAX_BODY)
        except BodyError as error:
            raise Refused(error.status, str(error)) from None
        except TimeoutError:
            self.close_connection = True
            raise Refused(
                HTTPStatus.REQUEST_TIMEOUT,
                f"the request body did not arrive within {self.timeout:g} s",
            ) from None

    @staticmethod
    def _query_param(params: dict[str, list[str]], *, page_when_absent: bool) -> str | None:
        if "update" in params:
            raise _update_refusal()
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise Refused(
                    HTTPStatus.BAD_REQUEST,
                    f"{name} is not supported: this endpoint serves one graph, "
                    "the union of its graphs",
                )
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
        answer = evaluate(endpoint, sparql)
        content_type, body = render(answer, self.headers.get("Accept"))
        self._send(
            HTTPStatus.OK,
            content_type,
            body,
            {
                "X-Result-Limit": str(endpoint.limit),
                "X-Result-Truncated": "true" if answer.truncated else "false",
                "Vary": "Accept",
            },
        )

    def _send(
        self, status: HTTPStatus, content_type: str, body: bytes, headers: dict[str, str]
    ) -> None:
        """Send one response; CORS headers only for an origin given with --cors."""
        preflight = self.command == "OPTIONS" and "Access-Control-Request-Method" in self.headers
        headers = {**headers, **cors_headers(self.headers, self.cors, preflight=preflight)}
        if self.cors:
            headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Origin")))
        self.send_response(status)
        if status != HTTPStatus.NO_CONTENT:
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
        """One line per request on stderr, the client's text escaped (kg.web.serve_http.visible)."""
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {visible(format % args)}\n")


def _update_refusal() -> Refused:
    return Refused(
        HTTPStatus.FORBIDDEN,
        "updates are refused: this endpoint is read-only "
        "(send a query: SELECT, ASK, CONSTRUCT or DESCRIBE)",
    )


# --- running -------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """The HTTP server; closing it also ends its query workers."""

    def __init__(self, address, handler, pool: WorkerPool):
        self.pool = pool
        super().__init__(address, handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(
    store: ox.Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    quiet: bool = False,
    cors: Sequence[str] = (),
    client_timeout: float = CLIENT_TIMEOUT,
) -> ThreadingHTTPServer:
    """A bound server (port 0 picks a free one: see `server.server_address`); call serve_forever,
    then server_close.

    `max_memory` is the bytes one query may take on top of the store; `cors` names the
    origins whose pages may read answers; `client_timeout` is the time a client has to
    send a request.
    """
    if limit < 1:
        raise ServeError(f"--limit must be at least 1, not {limit}")
    if timeout <= 0:
        raise ServeError(f"--timeout must be more than 0 seconds, not {timeout:g}")
    try:
        origins = frozenset(map(cors_origin, cors))
    except ValueError as error:
        raise ServeError(str(error)) from None
    query_page = load_page()
    pool = WorkerPool(store, MAX_RUNNING, max_memory)  # before the socket: workers need not hold it
    handler = type(
        "KgHandler",
        (Handler,),
        {
            "endpoint": Endpoint(pool, limit, timeout),
            "quiet": quiet,
            "hosts": HostPolicy.bound_to(host),
            "cors": origins,
            "timeout": client_timeout,
            "page": query_page.html(shipped_questions()).encode("utf-8"),
            "page_files": query_page,
        },
    )
    try:
        server = _Server((host, port), handler, pool)
    except OSError as error:  # (the server closed the pool)
        reason = error.strerror or str(error)
        hint = (
            "; is another server running there? choose another --port" if error.errno == 98 else ""
        )
        raise ServeError(f"cannot listen on {host}:{port}: {reason}{hint}") from None
    server.daemon_threads = True
    return server


def endpoint_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in str(host) else host
    return f"http://{host}:{port}/sparql"
