"""The named questions shipped with kg, and turning what a user typed into SPARQL text.

The questions are ``.rq`` files in the package folder ``kg/read/queries`` (so they ship in the
wheel). Each starts with comment lines ``# title: …`` and ``# description: …``, and one
that needs values says so in ``# parameters: name``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from kg.errors import QueryError
from kg.read.guard import UPDATE_FORMS, query_form

QUERY_DIR = Path(__file__).parent / "queries"
"""Where the named questions live: one ``<name>.rq`` file each."""

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_HEADER_KEY = re.compile(r"(title|description)\s*:\s*(.*)", re.IGNORECASE)
_PARAMETERS_HEADER = re.compile(r"^\s*#\s*parameters\s*:(.*)$", re.IGNORECASE | re.MULTILINE)


class Question(NamedTuple):
    """A named question shipped with kg: ``kg query <name>``."""

    name: str
    title: str
    description: str
    path: Path
    parameters: tuple[str, ...] = ()  # values it needs: kg query NAME --param name=…


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


def query_parameters(sparql: str) -> list[str]:
    """The parameter names a query declares in a ``# parameters: name, other`` comment."""
    match = _PARAMETERS_HEADER.search(sparql)
    if not match:
        return []
    return [name.strip() for name in match.group(1).replace(",", " ").split() if name.strip()]


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
