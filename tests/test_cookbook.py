"""docs/cookbook.md: every recipe parses on its own prefixes, runs through `kg query` on the
seed articles' graph, and finds what the line under it says it finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COOKBOOK = ROOT / "docs" / "cookbook.md"
RECIPE = re.compile(
    r"^### (?P<title>.+?)\n.*?```sparql\n(?P<query>.*?)```\n<!-- (?P<expect>.+?) -->", re.S | re.M
)


def recipes() -> list[tuple[str, str, str]]:
    text = COOKBOOK.read_text("utf-8")
    return [(m["title"], m["query"], m["expect"]) for m in RECIPE.finditer(text)]


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cookbook")
    result = CliRunner().invoke(cli, ["build", str(ROOT / "corpus"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def test_cookbook_has_fifteen_recipes_each_with_a_check():
    text = COOKBOOK.read_text("utf-8")
    assert len(recipes()) >= 15
    assert text.count("```sparql") == len(recipes()), "a sparql block without an expect line"


@pytest.mark.parametrize(("title", "query", "expect"), recipes(), ids=[r[0] for r in recipes()])
def test_cookbook_recipe_runs_on_the_seed_graph(seed_graph, title, query, expect):
    # it parses with only the prefixes it declares, as any SPARQL tool would read it
    pyoxigraph.Store().query(query)
    args = ["query", query, "--graph", str(seed_graph), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    kind, _, value = expect.partition(": ")
    if kind == "expect-row":
        wanted = json.loads(value)
        found = any(all(row.get(k) == v for k, v in wanted.items()) for row in rows)
        assert found, (title, rows[:5])
    elif kind == "expect-rows":
        if value.startswith("at-least "):
            assert len(rows) >= int(value.split()[1]), title
        else:
            assert len(rows) == int(value), title
    else:
        pytest.fail(f"unknown check {expect!r} under {title!r}")
