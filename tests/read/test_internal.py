"""kg's own queries (kg/read/internal.py) run in kg's process: no guard, no worker, no
deadline. Users' text keeps the other door (kg.read.query, kg serve): guarded, in a
sandboxed worker killed at its deadline (tests/read/test_query_sandbox.py).

Issue 12: `kg diff`, `kg rules hits` and `kg rules list` sent kg's own SPARQL through the
users' sandbox, so on an archive-sized graph they stopped after 30 s with advice to "allow
more time with --timeout", an option they do not have.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.read.query
import kg.read.sandbox
from kg.cli.main import cli
from kg.rdf.store import open_store
from kg.read.internal import answer, select
from kg.read.query import run_query
from kg.read.questions import list_questions

KG = Path(__file__).parents[2] / "kg"


@pytest.fixture
def no_worker(monkeypatch):
    """Starting a query worker (the users' sandbox) fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a sandboxed query worker was started")

    monkeypatch.setattr(kg.read.sandbox, "Worker", refuse)
    monkeypatch.setattr(kg.read.sandbox, "run_once", refuse)
    monkeypatch.setattr(kg.read.query, "run_once", refuse)


def kg_cli(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_internal_query_answers_without_a_worker_process(no_worker, built_graph_path):
    store = open_store(built_graph_path)
    rows = list(select(store, "SELECT ?law WHERE { ?law a kg:Law } ORDER BY ?law"))
    assert rows and all(isinstance(row["law"], ox.NamedNode) for row in rows)
    count = answer(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Document }")
    assert count.columns == ["n"] and count.rows == [["3"]]


def test_kg_diff_and_rules_hits_and_list_never_start_the_users_query_worker(
    no_worker, built_graph_path
):
    """The finding: these commands answer with the sandbox out of reach, so they have no
    30-second deadline to run into on a large graph."""
    graph = built_graph_path
    assert "no facts gained or lost" in kg_cli("diff", graph, graph)
    rules = json.loads(kg_cli("rules", "list", "--graph", graph, "--format", "json"))
    counted = {r["id"]: int(r["facts"]) for r in rules}
    assert counted["person-role-name"] > 0
    places = json.loads(
        kg_cli("rules", "hits", "person-role-name", "--graph", graph, "--format", "json")
    )
    assert sum(len(p["facts"]) for p in places) == counted["person-role-name"]
    assert "Sanne Mulder" in kg_cli("explain", "Sanne Mulder", "--graph", graph)
    assert "Nodes per type" in kg_cli("stats", "--graph", graph)


def test_user_text_always_goes_through_the_guarded_worker(monkeypatch, built_graph_path):
    """`kg query` text is never answered in kg's process: run_query hands it to a worker."""
    seen = []

    def record(state, job, args, **limits):
        seen.append(args[0])
        raise kg.read.sandbox.SandboxError("stopped by the test")

    monkeypatch.setattr(kg.read.query, "run_once", record)
    with pytest.raises(kg.read.sandbox.SandboxError):
        run_query(open_store(built_graph_path), "ASK { ?s ?p ?o }")
    assert seen == ["ASK { ?s ?p ?o }"]


def test_internal_answers_the_shipped_questions_as_kg_query_does(built_graph_path):
    store = open_store(built_graph_path)
    for question in list_questions():
        if question.parameters:
            continue
        sparql = question.path.read_text(encoding="utf-8")
        assert answer(store, sparql) == run_query(store, sparql), question.name


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_kg_own_readers_never_call_the_user_query_path():
    """Internal queries are constants of kg's own code: the modules that hold them use
    kg.read.internal (or the evidence reader), never the users' door."""
    users_door = ("run_query", "run_guarded", "run_once", "kg.read.query", "kg.read.sandbox")
    own = [KG / "read" / f"{name}.py" for name in ("diff", "rulestats", "factrows", "explain")]
    own += [KG / "read" / "evidence.py", KG / "read" / "netstats.py"]
    own += sorted((KG / "read" / "network").glob("*.py"))
    for path in own:
        text = _source(path)
        assert not [word for word in users_door if word in text], path


def test_user_text_never_reaches_the_internal_helper():
    """The commands and the server that take users' SPARQL do not import kg.read.internal."""
    for folder in ("cli", "web"):
        for path in sorted((KG / folder).rglob("*.py")):
            assert "kg.read.internal" not in _source(path), path
