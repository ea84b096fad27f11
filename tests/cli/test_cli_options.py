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

