"""What `kg serve` does with one query: evaluate it in a sandboxed worker, read at most
the row limit, and turn each way it can fail into the HTTP status a client should see.

Kept apart from the HTTP handling (kg.web.serve) so that the one place that decides
"503 or 400 or 403" for a query is short enough to read at once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from http import HTTPStatus

import pyoxigraph as ox

from kg.errors import QueryError
from kg.read.guard import UPDATE_FORMS, QueryRefused, QuerySyntaxError, query_form, run_guarded
from kg.read.sandbox import (
    PoolBusy,
    QueryMemoryError,
    QueryTimeout,
    SandboxError,
    WorkerError,
    WorkerPool,
)

DEFAULT_LIMIT = 10_000
"""Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) sent at most; the rest is cut off."""
DEFAULT_TIMEOUT = 30.0
"""Seconds a query may take before the endpoint answers 503."""
MAX_RUNNING = 4
"""Queries evaluated at the same time (worker processes); further requests are told to retry."""


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


def evaluate(endpoint: Endpoint, sparql: str) -> Answer:
    """Run one read-only query in a worker; Refused with the HTTP status its error calls for.

    A query past its time or memory cap has its worker killed (and replaced) before the
    slot is free again, and is answered 503.
    """
    form = query_form(sparql)
    if form in UPDATE_FORMS:
        raise Refused(
            HTTPStatus.FORBIDDEN,
            f"{form} is a SPARQL update; this endpoint is "
            "read-only and answers queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)",
        )
    try:
        return endpoint.pool.run(_collect, (sparql, endpoint.limit), endpoint.timeout)
    except PoolBusy:
        raise Refused(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"{MAX_RUNNING} queries are running; try again shortly",
            {"Retry-After": "2"},
        ) from None
    except QueryTimeout:
        raise Refused(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query took longer than the "
            f"{endpoint.timeout:g} s limit; narrow it or add a LIMIT",
        ) from None
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
    """In a worker: evaluate (kg.read.guard's door) and read at most `limit` rows or triples."""
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
