"""Refuse SPARQL that could reach the network or files, change data, or exhaust the parser,
and the one door through which users' SPARQL reaches the engine (`run_guarded`).

A user's query may come from a colleague or a web page. Oxigraph evaluates ``SERVICE``
by calling the remote endpoint, and a dataset clause (``FROM``, ``FROM NAMED``) names
graphs outside the one kg loaded; updates and ``LOAD`` change data or read IRIs. rdflib's
parser recurses per nesting level and per triple pattern, so a very deep or very long
query ends in a RecursionError or minutes of parsing.

These checks read the text the way a second tokeniser would, and a tokeniser can disagree
with Oxigraph's (a comment ended by a lone carriage return once hid SERVICE from both this
check and rdflib). So they are the second line: the first is the worker process every
query runs in (kg.read.sandbox), which cannot open a network connection whatever the engine
parsed. `guard` runs the checks: on the text (linear time, before anything is parsed),
then on rdflib's parse tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from kg.errors import QueryError
from kg.rdf.iris import BASE
from kg.rdf.namespaces import PREFIXES
from kg.read import sandbox

__all__ = [
    "MAX_NESTING",
    "MAX_QUERY_CHARS",
    "UPDATE_FORMS",
    "QueryRefused",
    "QuerySyntaxError",
    "check_parsed",
    "check_text",
    "guard",
    "query_form",
    "run_guarded",
]

MAX_QUERY_CHARS = 20_000
"""The longest query accepted, in characters (the shipped questions are under 2,000)."""

MAX_NESTING = 32
"""The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` accepted (the shipped questions use 4)."""

ALLOWED_GRAPHS = BASE
"""FROM / FROM NAMED may only name kg's own graphs: IRIs under this namespace."""

UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)
"""The words SPARQL updates are made of; none of them is a keyword of a query."""

T = TypeVar("T")


class QueryRefused(QueryError):
    """A query kg will not run; the message says what was found and what to do instead."""


class QuerySyntaxError(QueryError):
    """A query the engine cannot parse. The message is rdflib's when it has one (it points
    at the spot with a caret); `engine` is Oxigraph's, on one line."""

    def __init__(self, message: str, engine: str = "") -> None:
        super().__init__(message, engine or message)  # both in args: it crosses a pipe

    def __str__(self) -> str:
        return self.args[0]

    @property
    def engine(self) -> str:
        return self.args[1]


# --- the door to the engine ------------------------------------------------------------


def run_guarded(
    store,
    sparql: str,
    read: Callable[[object], T],
    substitutions: Mapping[ox.Variable, ox.Literal] | None = None,
) -> T:
    """`guard` the query, evaluate it with Oxigraph and hand the answer to `read`.

    Runs only in a sandboxed worker (kg.read.sandbox), where the engine cannot open a
    connection even for a spelling the guard missed. The query reads the union of the
    store's graphs, whatever FROM it names: Oxigraph never fetches a FROM graph (it only
    picks graphs of the store), and the union setting overrides the pick. Engine errors
    come back as QueryError with a one-line message.
    """
    sandbox.require_confined()
    complaint = guard(sparql)
    try:
        answer = store.query(
            sparql,
            prefixes=PREFIXES,  # every query may use them without declaring them
            use_default_graph_as_union=True,
            substitutions=dict(substitutions) if substitutions else None,
        )
        return read(answer)
    except SyntaxError as error:
        engine = f"invalid query: {_one_line(error)}"
        raise QuerySyntaxError(complaint or engine, engine) from None
    except PermissionError:  # the sandbox refused a socket: a SERVICE the guard did not see
        raise QueryRefused(_SERVICE_REFUSED) from None
    except RuntimeError as error:  # Oxigraph's evaluation errors, e.g. an unknown function
        raise QueryError(f"the query failed: {_one_line(error)}") from None


# --- the guard ---------------------------------------------------------------------------


def guard(sparql: str) -> str | None:
    """Raise QueryRefused unless the query only reads kg's graph and is short and shallow.

    Checks the text, then rdflib's parse tree. rdflib cannot parse some valid SPARQL
    (``{?s<p:x>?o}``, SPARQL 1.2 triple terms): then its readable syntax error is returned,
    to be shown only if the engine rejects the query too; None when rdflib parsed it.
    """
    check_text(sparql)
    form = query_form(sparql)
    if form in UPDATE_FORMS:
        raise _update_refused(form)
    try:
        tree = parseQuery(sparql)
    except RecursionError:
        raise _too_deep() from None
    except ParseBaseException as error:
        if _parses_as_update(sparql):
            raise _update_refused(form or "this") from None
        return _syntax_message(error)
    check_parsed(tree)
    try:
        translateQuery(tree, initNs=PREFIXES)
    except RecursionError:
        raise _too_deep() from None
    except Exception as error:  # noqa: BLE001 (e.g. "Unknown namespace prefix : foo")
        message = _one_line(error)
        prefix = re.match(r"Unknown namespace prefix : (\S*)", message)
        if prefix:
            name = prefix.group(1)
            message = f"unknown prefix '{name}:'; declare it with PREFIX {name}: <…>"
        return f"invalid query: {message}"
    return None


_SERVICE_REFUSED = (
    "SERVICE is refused: kg queries never contact other endpoints; "
    "run that part of the query at the other endpoint instead"
)

# Comments, PREFIX and BASE declarations before the query form. An IRI may hold a "#",
# so the prologue is skipped declaration by declaration, not by cutting at "#".
_PROLOGUE = re.compile(
    r"""(?:
          \s+
        | \#[^\n\r]*
        | PREFIX \s+ [^\s:]* : \s* <[^>\s]*>
        | BASE \s* <[^>\s]*>
    )*""",
    re.IGNORECASE | re.VERBOSE,
)
_PARSER_POSITION = re.compile(r"\s*\(at char \d+\),\s*\(line:\d+, col:\d+\)")


def query_form(sparql: str) -> str | None:
    """The first keyword after the prologue, upper case: SELECT, ASK, INSERT, … or None."""
    rest = sparql[_PROLOGUE.match(sparql).end() :]
    word = re.match(r"[A-Za-z]+", rest)
    return word.group(0).upper() if word else None


def _update_refused(form: str) -> QueryRefused:
    return QueryRefused(
        f"{form} is a SPARQL update; kg query only reads the graph "
        "(use SELECT, ASK, CONSTRUCT or DESCRIBE)"
    )


def _too_deep() -> QueryRefused:
    return QueryRefused(
        "the query is too long or too deeply nested for the SPARQL parser; split it"
    )


def _parses_as_update(sparql: str) -> bool:
    try:
        parseUpdate(sparql)
    except Exception:  # noqa: BLE001 (any failure means: not an update)
        return False
    return True


def _syntax_message(error: ParseBaseException) -> str:
    """The parser's complaint, where it stopped, and that line with a caret under the spot."""
    explanation = _PARSER_POSITION.sub("", str(error)).strip() or "invalid syntax"
    explanation = explanation[0].lower() + explanation[1:]
    line = error.line.replace("\t", " ")
    caret = " " * (max(error.col, 1) - 1) + "^"
    return (
        f"SPARQL syntax error at line {error.lineno}, column {error.col}: {explanation}\n"
        f"  {line}\n"
        f"  {caret}"
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# --- the text ----------------------------------------------------------------------------

# One token of SPARQL that can hide braces or keywords: long and short strings, IRIs and
# comments are skipped whole; everything else is looked at character by character. A
# comment ends at a line feed or a carriage return, as in Oxigraph, and a short string
# holds neither (the SPARQL grammar).
_SKIP = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''
    r"""|'(?:[^'\\\n\r]|\\.)*'"""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>"""
    r"|\#[^\n\r]*",
    re.DOTALL,
)
# A word of letters that is not part of a variable, prefixed name, blank node label or
# language tag. After a ".", it is one only if the "." ends no prefixed name ("ex:a.load"):
# `?o .SERVICE` and `?o.SERVICE` are a triple's end and a keyword.
_WORD = re.compile(r"(?<![\w:?$@-])[A-Za-z]+(?![\w:-])")
_NAME_BEFORE_DOT = re.compile(r"[\w.:%\\-]*\Z")
_FROM = re.compile(r"FROM(?:\s+NAMED)?\s*(<[^>]*>|[\w.-]*:[\w.-]*)?", re.IGNORECASE)
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
    found = _keywords(code)
    if "SERVICE" in found:
        raise QueryRefused(_SERVICE_REFUSED)
    # None of these words is a keyword of a query, so outside strings, IRIs and names
    # ("?add", "ex:copy", "_:load") each one means an update (or a syntax error).
    update = next((word for word in found if word in UPDATE_FORMS), None)
    if update:
        raise _update_refused(update)
    if "FROM" in found:
        for match in _FROM.finditer(_with_iris(code, iris)):
            _check_graph_name(match.group(1) or "")


def _keywords(code: str) -> list[str]:
    """The words of `code` that can be keywords, upper case, in order."""
    found = []
    for match in _WORD.finditer(code):
        start = match.start()
        if (
            start
            and code[start - 1] == "."
            and ":" in _NAME_BEFORE_DOT.search(code, 0, start).group()
        ):
            continue  # the rest of a prefixed name or blank node label: "ex:a.load", "_:b.drop"
        found.append(match.group().upper())
    return found


def _check_graph_name(name: str) -> None:
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
            raise QueryRefused(_SERVICE_REFUSED)
        if name == "datasetClause":
            for clause in value if isinstance(value, list) else [value]:
                iri = _clause_iri(clause)
                if not iri.startswith(ALLOWED_GRAPHS):
                    _check_graph_name(f"<{iri}>" if iri else "")


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
