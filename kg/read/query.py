"""Named SPARQL questions, and running a read-only query on a graph into a table of strings.

The questions are ``.rq`` files in the package folder ``kg/read/queries`` (so they ship in the
wheel). Each starts with comment lines ``# title: …`` and ``# description: …``.

Oxigraph evaluates queries, over the union of the store's graphs, 10x to 70x faster than
rdflib's evaluator on an archive-sized graph. Queries come from users: each runs in a
sandboxed worker process (kg.read.sandbox: no network, a memory cap, killed at a deadline),
behind kg.read.guard's checks (rdflib's parser among them, which also gives the
readable syntax errors).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import rdflib
from rdflib.util import guess_format

from kg.controlchars import visible
from kg.errors import QueryError
from kg.read.guard import UPDATE_FORMS, QueryRefused, query_form, run_guarded
from kg.read.sandbox import DEFAULT_MAX_MEMORY_MB, QueryMemoryError, QueryTimeout, run_once

__all__ = [  # what other modules use, re-exported errors included
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

QUERY_DIR = Path(__file__).parent / "queries"
"""Where the named questions live: one ``<name>.rq`` file each."""

FORMATS = {"table", "csv", "tsv", "json"}
"""The output formats of `format_result`."""

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run (`kg query --timeout`) before it is stopped."""

TABLE_MAX_WIDTH = 60
"""The widest a table column gets on a terminal; longer cells end in "…" (csv/json keep all)."""

DEFAULT_MAX_MEMORY = DEFAULT_MAX_MEMORY_MB * 2**20
"""Bytes a query may take on top of the loaded graph (`kg query --max-memory`, in MB)."""

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_HEADER_KEY = re.compile(r"(title|description)\s*:\s*(.*)", re.IGNORECASE)


class Question(NamedTuple):
    """A named question shipped with kg: ``kg query <name>``."""

    name: str
    title: str
    description: str
    path: Path
    parameters: tuple[str, ...] = ()  # values it needs: kg query NAME --param name=…


class Result(NamedTuple):
    """A query's answer as text: column names, rows of cells ("" where unbound), and
    whether rows were left out because of a row limit."""

    columns: list[str]
    rows: list[list[str]]
    truncated: bool = False


# --- the named questions ---------------------------------------------------------------


def list_questions() -> list[Question]:
    """Every named question, sorted by name, with the title and description from its header."""
    questions = []
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title, description = _read_header(text)
        questions.append(
            Question(
                path.stem, title or path.stem, description, path, tuple(query_parameters(text))
            )
        )
    return questions


def _read_header(text: str) -> tuple[str, str]:
    """The ``# title:`` and ``# description:`` of a question.

    A comment line indented by two or more spaces after the ``#`` continues the one before.
    """
    found = {"title": "", "description": ""}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped.lstrip("#")
        match = _HEADER_KEY.match(body.strip())
        if match:
            current = match.group(1).lower()
            found[current] = match.group(2).strip()
        elif current and re.match(r"\s\s", body) and body.strip():
            found[current] = f"{found[current]} {body.strip()}".strip()
        else:
            current = None
    return found["title"], found["description"]


def resolve_query(spec: str) -> str:
    """SPARQL text for a question name, a path to a ``.rq`` file, or SPARQL text itself."""
    name = spec.strip()
    if _NAME.fullmatch(name):
        path = QUERY_DIR / f"{name}.rq"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    if "\n" not in spec and "{" not in spec:
        path = Path(name).expanduser()
        try:
            is_file = path.is_file()
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte
            is_file = False
        if is_file:
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise QueryError(f"{path}: cannot read the query file: {error}") from None
        if name.lower().endswith((".rq", ".sparql")):
            raise QueryError(f"{name}: no such query file")
    if _looks_like_sparql(spec):
        return spec
    raise QueryError(f"unknown question '{name}'; `kg query --list` shows the questions")


def _looks_like_sparql(text: str) -> bool:
    return query_form(text) in _QUERY_FORMS.union(UPDATE_FORMS) or "{" in text


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
    result = run_guarded(store, sparql, lambda answer: _read(answer, limit), substitutions)
    if params:  # a parameter is an input: its column only repeats it
        keep = [i for i, column in enumerate(result.columns) if column not in params]
        result = Result(
            [result.columns[i] for i in keep],
            [[row[i] for i in keep] for row in result.rows],
            result.truncated,
        )
    return result


def _read(answer, limit: int | None) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result(["result"], [["true" if bool(answer) else "false"]])
    if isinstance(answer, ox.QueryTriples):
        triples = sorted(
            {(t.subject, t.predicate, t.object) for t in answer}, key=lambda t: tuple(map(str, t))
        )
        rows = [[_cell(term) for term in t] for t in _first(triples, limit)]
        return Result(
            ["subject", "predicate", "object"], rows, limit is not None and len(triples) > limit
        )
    columns = [variable.value for variable in answer.variables]
    rows = [
        [_cell(solution[i]) for i in range(len(columns))]
        for solution in _first(answer, None if limit is None else limit + 1)
    ]
    if limit is not None and len(rows) > limit:
        return Result(columns, rows[:limit], True)
    return Result(columns, rows)


# --- parameters ---------------------------------------------------------------------------

_PARAMETERS_HEADER = re.compile(r"^\s*#\s*parameters\s*:(.*)$", re.IGNORECASE | re.MULTILINE)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def query_parameters(sparql: str) -> list[str]:
    """The parameter names a query declares in a ``# parameters: name, other`` comment."""
    match = _PARAMETERS_HEADER.search(sparql)
    if not match:
        return []
    return [name.strip() for name in match.group(1).replace(",", " ").split() if name.strip()]


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


def _first(items, count: int | None):
    return items if count is None else itertools.islice(items, count)


def _to_store(graph: rdflib.Graph) -> ox.Store:
    """An rdflib graph (or dataset) copied into an in-memory Oxigraph store."""
    store = ox.Store()
    if graph.context_aware:
        data, fmt = graph.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS
    else:
        data, fmt = graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES
    store.bulk_load(data, format=fmt)
    return store


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


# --- formatting --------------------------------------------------------------------------


def format_result(result: Result, fmt: str, *, max_width: int | None = TABLE_MAX_WIDTH) -> str:
    """The result as text ending in a newline: "table", "csv", "tsv" or "json".

    ``max_width`` only limits table cells (None: no limit).
    """
    if fmt == "table":
        return _table(result, max_width)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return out.getvalue()
    if fmt == "tsv":
        lines = [result.columns, *result.rows]
        return "".join("\t".join(_tsv_escape(cell) for cell in line) + "\n" for line in lines)
    if fmt == "json":
        objects = [dict(zip(result.columns, row)) for row in result.rows]
        return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
    raise QueryError(f"unknown format '{fmt}'; choose from {', '.join(sorted(FORMATS))}")


def _tsv_escape(cell: str) -> str:
    """Tabs, newlines and backslashes escaped, so that every row stays on one line."""
    return cell.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _table(result: Result, max_width: int | None) -> str:
    header = [_table_cell(column, max_width) for column in result.columns]
    body = [[_table_cell(cell, max_width) for cell in row] for row in result.rows]
    widths = [_width(cell) for cell in header]
    for row in body:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))

    def line(cells: list[str]) -> str:
        padded = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(cells)]
        return "  ".join(padded).rstrip()

    lines = [line(header), line(["-" * width for width in widths])]
    lines += [line(row) for row in body]
    count = len(result.rows)
    rows = f"{count} row{'' if count == 1 else 's'}"
    lines.append(
        f"(first {rows}: more were cut by the row limit)" if result.truncated else f"({rows})"
    )
    return "\n".join(lines) + "\n"


def _table_cell(text: str, max_width: int | None) -> str:
    """One line of text no wider than max_width terminal columns, control and bidi
    characters shown as escapes (a table is for reading; csv and json keep them)."""
    text = visible(" ".join(text.split()) if any(c in text for c in "\n\r\t") else text, keep="")
    if max_width is None or _width(text) <= max_width:
        return text
    kept, width = [], 0
    for char in text:
        char_width = _char_width(char)
        if width + char_width > max_width - 1:
            break
        kept.append(char)
        width += char_width
    return "".join(kept).rstrip() + "…"


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(text: str) -> int:
    """How many terminal columns the text takes (combining marks 0, wide characters 2)."""
    return sum(_char_width(char) for char in text)
