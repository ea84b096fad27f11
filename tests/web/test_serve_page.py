"""The query page of `kg serve` is YASGUI and kg's script, loaded from the server itself:
the policy allows scripts and styles of its own origin only."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.read.query import list_questions, run_query
from kg.web.serve_page import load_page, page, shipped_questions


def test_serve_page_loads_only_files_the_server_sends():
    html = page([{"name": "laws", "title": "Wetten", "sparql": "SELECT * WHERE { ?s ?p ?o }"}])
    assert "@@" not in html  # every marker of query.html filled in
    loaded = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert loaded and all(u.startswith("assets/") or u == "data:," for u in loaded), loaded
    files = load_page()
    for url in loaded:
        if url.startswith("assets/"):
            assert files.asset(url.removeprefix("assets/")) is not None, url
    # the only inline script element is the questions' JSON data, which never runs
    inline = re.findall(r"<script(?![^>]*\ssrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="questions"']


def test_serve_page_policy_allows_own_origin_and_the_resizer_styles_only():
    policy = load_page().policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    styles = directives["style-src"].split()
    assert styles[0] == "'self'" and all(s.startswith("'sha256-") for s in styles[1:])
    assert len(styles) == 3  # the column resizer's fixed sheet, and its drag cursor
    assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_serve_page_unknown_asset_is_none():
    assert load_page().asset("../serve.py") is None
    assert load_page().asset("query.js") is not None


def _bind_by_values(sparql: str, values: dict[str, str]) -> str:
    """What the page (query.js withValues) does: VALUES at the top of the WHERE block."""
    lines = "".join(f'\n  VALUES ?{name} {{ "{value}" }}' for name, value in values.items())
    return re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + lines, sparql, count=1)


@pytest.mark.parametrize(
    "question", [q for q in list_questions() if q.parameters], ids=lambda q: q.name
)
def test_question_parameters_bind_by_values_as_any_sparql_tool_would(built_graph_path, question):
    """`about` ran in the page without its name and showed 0 rows: a parameter bound by a
    VALUES line, as the page and any SPARQL tool bind it, must give what kg query gives."""
    from kg.rdf.store import open_store

    store = open_store(built_graph_path)
    values = {name: "van" for name in question.parameters}
    expected = run_query(store, question.path.read_text(encoding="utf-8"), params=values)
    text = _bind_by_values(question.path.read_text(encoding="utf-8"), values)
    got = store.query(text)
    assert isinstance(got, ox.QuerySolutions)
    rows = [[s[c].value if s[c] is not None else "" for c in expected.columns] for s in got]
    assert expected.rows and rows == [list(r) for r in expected.rows]


def test_shipped_questions_carry_their_parameters():
    about = next(q for q in shipped_questions() if q["name"] == "about")
    assert about["parameters"] == ["name"] and about["description"]
