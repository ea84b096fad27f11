"""The options several commands share (kg/cli/options.py): one definition, one behaviour."""

from __future__ import annotations

import click
from click.testing import CliRunner

from kg.cli.options import TABLE_FORMATS, TEXT_FORMATS, output_options


def _command(**options) -> click.Command:
    @click.command()
    @output_options(**options)
    def show(fmt: str, limit: int | None = None):
        click.echo(f"{fmt} {limit}")

    return show


def test_output_options_default_to_the_first_format_and_limit_zero_means_all():
    show = _command(
        formats=TEXT_FORMATS, what="the places", limit="Show this many", default_limit=0
    )
    assert CliRunner().invoke(show, []).stdout == "text 0\n"
    assert CliRunner().invoke(show, ["--format", "json", "--limit", "0"]).stdout == "json 0\n"
    assert "Show this many (0: all)." in CliRunner().invoke(show, ["--help"]).stdout
    refused = CliRunner().invoke(show, ["--format", "csv"])
    assert refused.exit_code == 2 and "'csv' is not one of 'text', 'json'" in refused.stderr


def test_output_options_limit_at_least_one_when_zero_is_not_all():
    show = _command(formats=TABLE_FORMATS, what="the answer", limit="Rows", zero_is_all=False)
    assert CliRunner().invoke(show, []).stdout == "table None\n"
    assert CliRunner().invoke(show, ["--limit", "0"]).exit_code == 2
    assert "How to print the answer." in CliRunner().invoke(show, ["--help"]).stdout


def test_output_options_without_limit_add_only_format():
    show = _command(formats=TABLE_FORMATS, what="the list")
    assert CliRunner().invoke(show, ["--limit", "3"]).exit_code == 2


# --- finding the graph without --graph ------------------------------------------------------


def _project(tmp_path, built_graph_path):
    """A project folder with a built graph in output/, and a folder deep inside it."""
    import shutil

    project = tmp_path / "project"
    (project / "output").mkdir(parents=True)
    shutil.copy(built_graph_path, project / "output" / "graph.ttl")
    deep = project / "corpus" / "2024"
    deep.mkdir(parents=True)
    return project, deep


def test_graph_found_without_graph_from_any_folder_of_the_project(
    tmp_path, built_graph_path, monkeypatch
):
    from cli_helpers import assert_clean, kg

    project, deep = _project(tmp_path, built_graph_path)
    monkeypatch.delenv("KG_GRAPH", raising=False)
    for here in (project, deep):
        monkeypatch.chdir(here)
        result = kg("query", "laws", "--format", "csv")
        assert_clean(result)
        assert result.stdout.startswith("label,identifier")


def test_graph_named_by_kg_graph_wins_over_the_folders(tmp_path, built_graph_path, monkeypatch):
    from cli_helpers import assert_clean, kg

    _, deep = _project(tmp_path, built_graph_path)
    monkeypatch.chdir(deep)
    monkeypatch.setenv("KG_GRAPH", str(tmp_path / "elsewhere.ttl"))
    result = kg("query", "laws")
    assert_clean(result, 1)
    assert result.stderr == (
        f"Error: {tmp_path / 'elsewhere.ttl'} (KG_GRAPH): no such file; run `kg build` to "
        "make it, or pass --graph FILE\n"
    )
    monkeypatch.setenv("KG_GRAPH", str(built_graph_path))
    assert_clean(kg("query", "laws"))


def test_graph_missing_says_to_run_kg_build_or_pass_graph(tmp_path, monkeypatch):
    from cli_helpers import assert_clean, kg

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_GRAPH", raising=False)
    for command in (["query", "laws"], ["explain", "RMO"], ["stats"]):
        result = kg(*command)
        assert_clean(result, 1)
        assert result.stderr.startswith("Error: no graph here: no output/graph.ttl in ")
        assert "run `kg build` first, or pass --graph FILE" in result.stderr
    result = kg("query", "laws", "--graph", tmp_path / "none.ttl")
    assert_clean(result, 1)
    assert "none.ttl: no such file; run `kg build` to make it, or pass --graph" in result.stderr


def test_graph_option_takes_a_build_output_folder(tmp_path, built_graph_path, monkeypatch):
    from cli_helpers import assert_clean, kg

    result = kg("query", "laws", "--graph", built_graph_path.parent, "--format", "csv")
    assert_clean(result)
    assert result.stdout.startswith("label,identifier")
