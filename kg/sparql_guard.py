"""Refuse SPARQL that could reach the network or files, change data, or exhaust the parser.

A user's query may come from a colleague or a web page. Oxigraph evaluates ``SERVICE``
by calling the remote endpoint (it waits on it), and a dataset clause (``FROM``, ``FROM
NAMED``) names graphs outside the one kg loaded; updates and ``LOAD`` change data or read
IRIs. rdflib's parser recurses per nesting level and per triple pattern, so a very deep
or very long query ends in a RecursionError or minutes of parsing. Everything here is
checked on the query text before anything is parsed or evaluated, in linear time; the
same rules are checked once more on rdflib's parse tree (`check_parsed`).
"""
from __future__ import annotations

import re

from kg.errors import QueryError
from kg.namespaces import ID

__all__ = ["MAX_QUERY_CHARS", "MAX_NESTING", "QueryRefused", "check_text", "check_parsed"]

MAX_QUERY_CHARS = 20_000
"""The longest query accepted, in characters (the shipped questions are under 2,000)."""

MAX_NESTING = 32
"""The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` accepted (the shipped questions use 4)."""

ALLOWED_GRAPHS = str(ID)
"""FROM / FROM NAMED may only name kg's own graphs: IRIs under this namespace."""

_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


class QueryRefused(QueryError):
    """A query kg will not run; the message says what was found and what to do instead."""


# One token of SPARQL that can hide braces or keywords: long and short strings, IRIs and
# comments are skipped whole; everything else is looked at character by character.
_SKIP = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n]|\\.)*"'''
    r"""|'(?:[^'\\\n]|\\.)*'"""
    r'''|<[^<>"{}|^`\\\x00-\x20]*>'''
    r"|\#[^\n]*",
    re.S,
)
_WORD = re.compile(r"(?<![\w:?$@.-])([A-Za-z]+)(?![\w:-])")
_FROM = re.compile(r"FROM(?:\s+NAMED)?\s*(<[^>]*>|[\w.-]*:[\w.-]*)?", re.I)
_OPEN, _CLOSE = "{([", "})]"


def check_text(sparql: str) -> None:
    """Raise QueryRefused unless `sparql` is short and shallow and reads only kg's graph."""
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryRefused(
            f"the query is {len(sparql):,} characters long; kg runs queries of at most "
            f"{MAX_QUERY_CHARS:,} (split it, or move long VALUES lists into several queries)"
        )
    code, iris = _code_and_iris(sparql)
    depth = deepest = 0
    for char in code:
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE:
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryRefused(
            f"the query nests brackets {deepest} deep; kg runs queries nested at most "
            f"{MAX_NESTING} deep"
        )
    found = [word.upper() for word in _WORD.findall(code)]
    words = set(found)
    if "SERVICE" in words:
        raise QueryRefused(
            "SERVICE is refused: kg queries never contact other endpoints; "
            "run that part of the query at the other endpoint instead"
        )
    # None of these words is a keyword of a query, so outside strings, IRIs and names
    # ("?add", "ex:copy", "_:load") each one means an update (or a syntax error).
    update = next((word for word in found if word in _UPDATES), None)
    if update:
        raise QueryRefused(
            f"{update} is a SPARQL update; kg query only reads the graph "
            "(use SELECT, ASK, CONSTRUCT or DESCRIBE)"
        )
    if "FROM" in words:
        for match in _FROM.finditer(_with_iris(code, iris)):
            _check_graph_name(match.group(1) or "", sparql)


def _check_graph_name(name: str, sparql: str) -> None:
    iri = name[1:-1] if name.startswith("<") else name
    if name.startswith("<") and iri.startswith(ALLOWED_GRAPHS):
        return
    shown = name or "a graph"
    raise QueryRefused(
        f"FROM {shown} is refused: kg queries read only the loaded graph, never files or "
        f"other sites; leave out FROM / FROM NAMED (use GRAPH ?g {{ … }} for the "
        f"per-document graphs, whose names start with <{ALLOWED_GRAPHS}>)"
    )


def _code_and_iris(sparql: str) -> tuple[str, list[str]]:
    """The query with strings and comments blanked out and each IRI replaced by "<>",
    and the IRIs in order (so FROM <…> can still be checked)."""
    iris: list[str] = []

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith("<"):
            iris.append(token)
            return "<>"
        return " "

    return _SKIP.sub(blank, sparql), iris


def _with_iris(code: str, iris: list[str]) -> str:
    """`code` with the IRIs put back in place of each "<>"."""
    found = iter(iris)
    return re.sub(r"<>", lambda _: next(found, "<>"), code)


# --- the parse tree (rdflib) --------------------------------------------------------


def check_parsed(tree) -> None:
    """Raise QueryRefused if rdflib's parse tree of a query holds SERVICE or a dataset clause
    outside kg's graphs. A second line of defence behind `check_text`."""
    for name, value in _walk(tree):
        if name == "ServiceGraphPattern":
            raise QueryRefused("SERVICE is refused: kg queries never contact other endpoints")
        if name == "datasetClause":
            for clause in value if isinstance(value, list) else [value]:
                iri = _clause_iri(clause)
                if not iri.startswith(ALLOWED_GRAPHS):
                    _check_graph_name(f"<{iri}>" if iri else "", "")


def _clause_iri(clause) -> str:
    if not isinstance(clause, dict):
        return ""
    for key in ("default", "named"):
        if key in clause:  # (CompValue.get(key) answers the key itself when it is missing)
            return str(dict.__getitem__(clause, key))
    return ""


def _walk(node, name: str = ""):
    """Every (name, value) of an rdflib CompValue / ParseResults tree, iteratively."""
    stack = [(name, node)]
    while stack:
        key, value = stack.pop()
        yield key, value
        kind = getattr(value, "name", None)
        if isinstance(kind, str) and kind != key:
            yield kind, value
        if isinstance(value, dict):
            stack.extend((str(k), v) for k, v in value.items())
        elif isinstance(value, (list, tuple)) or type(value).__name__ == "ParseResults":
            stack.extend((key if isinstance(v, (list, tuple)) else "", v) for v in value)
