"""The `kg` group (kg/cli/main.py): every command listed and documented with an example,
and the one error contract (KgGroup) that turns every failure into one line."""

from __future__ import annotations

import click
import pytest
from cli_helpers import assert_clean, kg
from click.testing import CliRunner

from kg.cli import cli
from kg.cli.main import KgGroup
from kg.errors import KgError

COMMANDS = [
    "build",
    "correct",
    "diff",
    "eval",
    "explain",
    "export",
    "push",
    "query",
    "render",
    "rules",
    "serve",
    "stats",
    "validate",
]


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command and sub-command of `group`, as the words that call it."""
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_cli_help_lists_every_command():
    result = kg("--help")
    assert_clean(result)
    lines = result.stdout.split("Commands:", 1)[1].splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ") and line.strip()]
    assert listed == COMMANDS
    assert sorted(cli.commands) == COMMANDS


@pytest.mark.parametrize("words", [(), *_commands(cli)], ids=lambda w: " ".join(w) or "kg")
def test_cli_every_command_has_help_with_an_example(words):
    result = kg(*words, "--help")
    assert_clean(result)
    assert "Usage:" in result.stdout
    example = result.stdout.split("Example:", 1)
    assert len(example) == 2 and f"kg {' '.join(words)}".strip() in example[1], result.stdout


def _group_running(callback) -> KgGroup:
    group = KgGroup()
    group.add_command(click.Command("go", callback=callback))
    return group


def _fails(error: BaseException):
    def callback():
        raise error

    return callback


def test_kg_group_turns_a_kg_error_into_one_line_and_exit_1():
    result = CliRunner().invoke(_group_running(_fails(KgError("no graph at x.ttl"))), ["go"])
    assert result.exit_code == 1
    assert result.stderr == "Error: no graph at x.ttl\n"


def test_kg_group_turns_an_os_error_into_one_line_naming_the_file():
    error = PermissionError(13, "Permission denied", "output/graph.ttl")
    result = CliRunner().invoke(_group_running(_fails(error)), ["go"])
    assert result.exit_code == 1
    assert result.stderr == "Error: Permission denied: output/graph.ttl\n"


def test_kg_group_reports_a_bug_in_one_line_and_the_traceback_only_with_kg_debug(monkeypatch):
    group = _group_running(_fails(ZeroDivisionError("division by zero")))
    result = CliRunner().invoke(group, ["go"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: internal error (ZeroDivisionError: division by zero)")
    assert "KG_DEBUG=1" in result.stderr and "Traceback" not in result.stderr
    monkeypatch.setenv("KG_DEBUG", "1")
    assert isinstance(CliRunner().invoke(group, ["go"]).exception, ZeroDivisionError)


def test_kg_group_interrupted_says_nothing_was_written_and_exits_130():
    result = CliRunner().invoke(_group_running(_fails(KeyboardInterrupt())), ["go"])
    assert result.exit_code == 130
    assert result.stderr == "Interrupted: nothing was written.\n"


def test_kg_group_lets_usage_errors_through_with_exit_2():
    result = CliRunner().invoke(_group_running(_fails(click.UsageError("give a name"))), ["go"])
    assert result.exit_code == 2
    assert "Error: give a name" in result.stderr and "internal error" not in result.stderr
