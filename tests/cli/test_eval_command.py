"""`kg eval GOLD_DIR`: the report, --json and --show, and bad input as one line and exit 1.

The scoring itself is tested in tests/read/test_evaluate.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

GOLD = Path(__file__).parents[1] / "data" / "eval_gold"
QUESTIONS = [
    "documents",
    "actors",
    "laws",
    "responsibilities",
    "recommendations",
    "statements",
    "works",
    "affiliations",
    "places",
    "topics",
]


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    """KG_DEBUG=1 would let internal errors through as tracebacks."""
    monkeypatch.delenv("KG_DEBUG", raising=False)


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def gold_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    shutil.copytree(GOLD, folder)
    return folder


def assert_one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_cli_eval_help_has_an_example():
    result = kg("eval", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "GOLD_DIR" in result.stdout


def test_cli_eval_prints_scores_macro_f1_and_the_rule_table(built_graph_path):
    result = kg("eval", GOLD, "--graph", built_graph_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 annotated articles scored; 1 other article(s) of the graph left out"
    for name in QUESTIONS:
        assert any(line.split()[:4] == [name, "1.00", "1.00", "1.00"] for line in lines), name
    assert "macro F1: 1.000" in lines
    assert "Nothing missed, no false rows." in lines
    header = next(line for line in lines if line.startswith("rule "))
    assert header.split() == ["rule", "right", "wrong", "unjudged", "precision"]
    assert any(line.startswith("org-gazetteer ") for line in lines)


def test_cli_eval_shows_misses_and_false_rows_with_their_rule(built_graph_path, tmp_path):
    folder = gold_copy(tmp_path)
    zwolle = folder / "zwolle_jeugdhulp.toml"
    zwolle.write_text(
        zwolle.read_text(encoding="utf-8")
        .replace('  { label = ["jeugdhulpaanbieders"], kind = "group" },\n', "")
        .replace('  { label = ["Holtenbroek"] },\n', '  { label = ["Windesheim"] },\n'),
        encoding="utf-8",
    )
    result = kg("eval", folder, "--graph", built_graph_path)
    assert result.exit_code == 0, result.output
    assert "  actors false: label jeugdhulpaanbieders  (org-gazetteer, zwolle_jeugdhulp.txt)" in (
        result.stdout.splitlines()
    )
    assert "  places missed: label Windesheim  (zwolle_jeugdhulp.txt)" in result.stdout
    assert "  places false: label Holtenbroek" in result.stdout
    wrong = next(line for line in result.stdout.splitlines() if line.startswith("org-gazetteer"))
    assert wrong.split()[2] == "2"  # the group's type and the article's mention of it


def test_cli_eval_show_limits_the_examples(built_graph_path, tmp_path):
    folder = gold_copy(tmp_path)
    opinie = folder / "opinie_wmo.toml"
    opinie.write_text(
        opinie.read_text(encoding="utf-8").replace(
            '  { label = ["Utrecht"] },\n',
            '  { label = ["Utrecht"] },\n  { label = ["Ede"] },\n  { label = ["Epe"] },\n',
        ),
        encoding="utf-8",
    )
    shown = kg("eval", folder, "--graph", built_graph_path, "--show", "1").stdout
    assert "  places missed: label Ede  (opinie_wmo.txt)" in shown
    assert "Epe" not in shown
    assert "  places missed: … 1 more (--show)" in shown
    hidden = kg("eval", folder, "--graph", built_graph_path, "--show", "0").stdout
    assert "places missed" not in hidden


def test_cli_eval_json_has_every_question_every_miss_and_the_rules(built_graph_path):
    result = kg("eval", GOLD, "--graph", built_graph_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "documents",
        "missing_documents",
        "other_documents",
        "questions",
        "macro_f1",
        "rules",
    }
    assert list(data["questions"]) == QUESTIONS
    for score in data["questions"].values():
        assert set(score) == {"p", "r", "f1", "tp", "fp", "fn", "missed", "false"}
        assert (score["f1"], score["missed"], score["false"]) == (1.0, [], [])
    assert data["macro_f1"] == 1.0
    assert data["documents"] == ["opinie_wmo.txt", "zwolle_jeugdhulp.txt"]
    assert data["other_documents"] == 1
    assert data["rules"]["org-gazetteer"]["wrong"] == 0
    assert all(set(c) == {"right", "wrong", "unjudged"} for c in data["rules"].values())


# --- bad input: one line, exit 1 ------------------------------------------------------


def test_cli_eval_gold_folder_without_toml_files(built_graph_path, tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    assert_one_line_error(
        kg("eval", tmp_path, "--graph", built_graph_path), str(tmp_path), "no gold files"
    )


def test_cli_eval_gold_folder_that_does_not_exist(built_graph_path, tmp_path):
    assert_one_line_error(
        kg("eval", tmp_path / "nowhere", "--graph", built_graph_path), "no such folder"
    )


def test_cli_eval_malformed_toml_names_the_file_and_the_line(built_graph_path, tmp_path):
    folder = gold_copy(tmp_path)
    (folder / "broken.toml").write_text(
        'document = "x.txt"\nactors = [\n  { label = ["a" }\n]\n', encoding="utf-8"
    )
    assert_one_line_error(
        kg("eval", folder, "--graph", built_graph_path), "broken.toml", "TOML", "line 3"
    )


@pytest.mark.parametrize(
    "text, words",
    [
        ('title = ["Zonder document"]\n', ["no `document"]),
        ('document = "a.txt"\nactors = [ { label = 3 } ]\n', ["actors[0].label", "spellings"]),
        ('document = "a.txt"\nplaces = "Zwolle"\n', ["places", "list"]),
        (
            'document = "a.txt"\nlaws = [ { label = ["Jeugdwet"], optional = "ja" } ]\n',
            ["optional"],
        ),
    ],
)
def test_cli_eval_gold_file_with_a_wrong_field_names_it(built_graph_path, tmp_path, text, words):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    assert_one_line_error(kg("eval", tmp_path, "--graph", built_graph_path), "bad.toml", *words)


def test_cli_eval_two_gold_files_for_one_article(built_graph_path, tmp_path):
    folder = gold_copy(tmp_path)
    shutil.copy(folder / "opinie_wmo.toml", folder / "opinie_again.toml")
    assert_one_line_error(
        kg("eval", folder, "--graph", built_graph_path), "opinie_wmo.txt", "one gold file"
    )


def test_cli_eval_missing_graph(tmp_path):
    assert_one_line_error(
        kg("eval", GOLD, "--graph", tmp_path / "graph.ttl"), "graph.ttl", "no such file"
    )


def test_cli_eval_graph_without_the_annotated_articles(tmp_path):
    empty = tmp_path / "graph.ttl"
    empty.write_text("", encoding="utf-8")
    assert_one_line_error(kg("eval", GOLD, "--graph", empty), "none of the 2 annotated articles")
