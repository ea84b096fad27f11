"""A query's answer as a table of strings, and that table as text for the terminal or scripts.

Both ways kg evaluates SPARQL read answers here: users' queries in their sandboxed worker
(kg.read.query, kg serve) and kg's own (kg.read.internal), so `kg diff` compares answers
cell for cell as `kg query` prints them.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import unicodedata
from typing import NamedTuple

import pyoxigraph as ox

from kg.controlchars import visible
from kg.errors import QueryError

FORMATS = {"table", "csv", "tsv", "json"}
"""The output formats of `format_result`."""

TABLE_MAX_WIDTH = 60
"""The widest a table column gets on a terminal; longer cells end in "…" (csv/json keep all)."""


class Result(NamedTuple):
    """A query's answer as text: column names, rows of cells ("" where unbound), and
    whether rows were left out because of a row limit."""

    columns: list[str]
    rows: list[list[str]]
    truncated: bool = False


def read_answer(answer, limit: int | None = None) -> Result:
    """Oxigraph's answer as strings, at most `limit` rows.

    SELECT gives its variables as columns, ASK one "result" cell, CONSTRUCT/DESCRIBE
    (subject, predicate, object) rows, sorted. A cell is a literal's text, an IRI as is,
    a blank node as ``_:id``, "" where a variable is unbound.
    """
    if isinstance(answer, ox.QueryBoolean):
        return Result(["result"], [["true" if bool(answer) else "false"]])
    if isinstance(answer, ox.QueryTriples):
        triples = sorted(
            {(t.subject, t.predicate, t.object) for t in answer}, key=lambda t: tuple(map(str, t))
        )
        rows = [[term_text(term) for term in t] for t in _first(triples, limit)]
        return Result(
            ["subject", "predicate", "object"], rows, limit is not None and len(triples) > limit
        )
    columns = [variable.value for variable in answer.variables]
    rows = [
        [term_text(solution[i]) for i in range(len(columns))]
        for solution in _first(answer, None if limit is None else limit + 1)
    ]
    if limit is not None and len(rows) > limit:
        return Result(columns, rows[:limit], True)
    return Result(columns, rows)


def term_text(term) -> str:
    """One term as a cell: a literal's text, an IRI as is, ``_:id``, "" for None."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _first(items, count: int | None):
    return items if count is None else itertools.islice(items, count)


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
        objects = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
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
