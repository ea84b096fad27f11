"""Running a user's read-only query on a graph into a table of strings: `kg query`.

Oxigraph evaluates queries, over the union of the store's graphs, 10x to 70x faster than
rdflib's evaluator on an archive-sized graph. Queries come from users: each runs in a
sandboxed worker process (kg.read.sandbox: no network, a memory cap, killed at a deadline),
behind kg.read.guard's checks (rdflib's parser among them, which also gives the
readable syntax errors). kg's own queries never come this way: kg.read.internal runs them.

The named questions live in kg.read.questions and the answer's formats in kg.read.results;
their names are re-exported here, the module `kg query` and kg serve import.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.util import guess_format

from kg.errors import QueryError
from kg.read.guard import QueryRefused, run_guarded
from kg.read.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from kg.read.questions import QUERY_DIR, Question, list_questions, query_parameters, resolve_query
from kg.read.results import FORMATS, Result, format_result, read_answer
from kg.read.sandbox import QueryMemoryError, QueryTimeout, run_once

__all__ = [  # what other modules use, re-exported names included
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "QUERY_DIR",
    "QueryError",
    "QueryMemoryError",
    "QueryRefused",
    "QueryTimeout",
    "Question",
    "Result",
    "format_result",
    "list_questions",
    "load_graph",
    "query_parameters",
    "resolve_query",
    "run_query",
]

DEFAULT_MAX_MEMORY = DEFAULT_MAX_MEMORY_MB * 2**20
"""Bytes a query may take on top of the loaded graph (`kg query --max-memory`, in MB)."""


# --- loading and running ---------------------------------------------------------------


def load_graph(path: Path) -> rdflib.Graph:
    """Parse an RDF file (format from its suffix; Turtle when unknown) into a graph.

    TriG and N-Quads become a dataset whose default graph is the union of its graphs.
    """
    path = Path(path)
    if not path.exists():
        raise QueryError(f"{path}: no such file")
    if path.is_dir():
        raise QueryError(f"{path}: is a folder, not a graph file")
    fmt = guess_format(str(path)) or "turtle"
    graph: rdflib.Graph
    if fmt in ("trig", "nquads", "trix"):
        graph = rdflib.Dataset(default_union=True)
    else:
        graph = rdflib.Graph()
    try:
        with warnings.catch_warnings():  # rdflib's TriG/N-Quads parsers use its deprecated APIs
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(path, format=fmt)
    except Exception as error:  # noqa: BLE001 (every parser has its own exception types)
        raise QueryError(f"{path}: {_describe_parse_error(error, fmt)}") from None
    return graph


def _describe_parse_error(error: Exception, fmt: str) -> str:
    """One line: where the parser stopped, when it says so, and why."""
    line = None
    why = ""
    if hasattr(error, "_why") and isinstance(getattr(error, "lines", None), int):
        line, why = error.lines + 1, str(error._why)  # notation3.BadSyntax counts from 0
    elif isinstance(getattr(error, "lineno", None), int):  # json.JSONDecodeError
        line, why = error.lineno, str(getattr(error, "msg", error))
    elif hasattr(error, "getLineNumber"):  # xml.sax.SAXParseException
        line, why = error.getLineNumber(), str(error.getMessage())
    elif isinstance(error, UnicodeDecodeError):
        why = f"not UTF-8 text ({error.reason} at byte {error.start})"
    why = " ".join((why or str(error) or type(error).__name__).split())
    where = f"line {line}: " if line else ""
    return f"{where}cannot parse as {fmt}: {why}"


def run_query(
    graph,
    sparql: str,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
    params: Mapping[str, str] | None = None,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
) -> Result:
    """Run a read-only query on an Oxigraph store or an rdflib graph; the answer as strings.

    SELECT gives its variables as columns, ASK one "result" cell, CONSTRUCT/DESCRIBE
    (subject, predicate, object) rows. Cells are plain strings: a literal's text, an IRI
    as is, "" where a variable is unbound. The query runs in a sandboxed worker process
    (kg.read.sandbox) behind kg.read.guard, which refuses updates, SERVICE, FROM outside
    kg's graphs, and very long or deep queries; the caller's store is never touched.

    Args:
        timeout: seconds the query may take (parsing included) before its worker is
            killed and QueryTimeout raised. None: no deadline.
        limit: keep at most this many rows; the Result then says ``truncated``.
        params: values for the parameters the query declares (``# parameters: name``),
            bound as plain literals, never pasted into the text.
        max_memory: bytes the query may take on top of the loaded graph before its worker
            is stopped and QueryMemoryError raised. None: no cap.
    """
    bound = _check_params(sparql, params or {})
    if limit is not None and limit < 1:
        raise QueryError(f"the row limit must be 1 or more, not {limit}")
    if timeout is not None and timeout <= 0:
        raise QueryError(f"the timeout must be more than 0 seconds, not {timeout:g}")
    if max_memory is not None and max_memory <= 0:
        raise QueryError(f"the memory cap must be more than 0 MB, not {max_memory // 2**20}")
    store = graph if isinstance(graph, ox.Store) else _to_store(graph)
    return run_once(store, _answer, (sparql, limit, bound), timeout=timeout, max_memory=max_memory)


def _answer(store: ox.Store, sparql: str, limit: int | None, params: dict[str, str]) -> Result:
    """In the worker: guard and evaluate the query, and turn at most `limit` rows into strings."""
    substitutions = {ox.Variable(name): ox.Literal(value) for name, value in params.items()}
    result = run_guarded(store, sparql, lambda answer: read_answer(answer, limit), substitutions)
    if params:  # a parameter is an input: its column only repeats it
        keep = [i for i, column in enumerate(result.columns) if column not in params]
        result = Result(
            [result.columns[i] for i in keep],
            [[row[i] for i in keep] for row in result.rows],
            result.truncated,
        )
    return result


# --- parameters ---------------------------------------------------------------------------

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _check_params(sparql: str, params: Mapping[str, str]) -> dict[str, str]:
    """The values, once every name is one the query declares and every declared one has a value.

    A value for any other variable would change the query silently (it binds it)."""
    declared = query_parameters(sparql)
    for name, value in params.items():
        if not _VARIABLE.fullmatch(name):
            raise QueryError(
                f"'{name}' is not a parameter name (letters, digits and _, as in ?name)"
            )
        if name not in declared:
            takes = (
                f"its parameters are {', '.join(declared)}"
                if declared
                else "it declares none (a '# parameters: name' line does)"
            )
            raise QueryError(f"the query has no parameter '{name}': {takes}")
        if not isinstance(value, str):
            raise QueryError(f"the value of parameter '{name}' must be text")
    missing = [name for name in declared if name not in params]
    if missing:
        needed = " ".join(f"--param {name}=…" for name in missing)
        raise QueryError(f"this question needs a value for {', '.join(missing)}: give {needed}")
    return dict(params)


def _to_store(graph: rdflib.Graph) -> ox.Store:
    """An rdflib graph (or dataset) copied into an in-memory Oxigraph store."""
    store = ox.Store()
    if graph.context_aware:
        data, fmt = graph.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS
    else:
        data, fmt = graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES
    store.bulk_load(data, format=fmt)
    return store
