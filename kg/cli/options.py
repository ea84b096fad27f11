"""Options and output that several commands share, defined once so that every command
spells them the same way (in the spirit of sqlite-utils' `output_options`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from kg import progress
from kg.cli.terminal import write_data
from kg.errors import KgError

# color=True: click would strip ANSI codes from what goes to a pipe and pass them raw to a
# terminal; kg.cli.terminal shows them as escapes in both instead.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100, "color": True}
DEFAULT_CORPUS = Path("corpus")
DEFAULT_OUT = Path("output")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"

TABLE_FORMATS = ("table", "csv", "tsv", "json")
"""For rows: a table for people, csv, tsv or json for programs (kg.read.query.format_result).

The table is kg's own, not prettytable's or tabulate's: both wrap a long cell over several
lines where kg cuts it at 60 columns with "…" (one row, one line), prettytable draws the
rule under the header across the gaps between columns, and tabulate strips the spaces a
cell starts with and widens columns beyond their text."""
TEXT_FORMATS = ("text", "json")
"""For reports: text for people, json for programs."""

Decorator = Callable[[Callable], Callable]


GRAPH_ENV = "KG_GRAPH"
"""The environment variable that names the graph when --graph does not."""


class GraphNotFound(KgError):
    """No graph file where the user, KG_GRAPH or the project's folders point."""


def find_graph(start: Path | None = None) -> Path | None:
    """The graph a command reads without --graph: $KG_GRAPH, else the nearest
    output/graph.ttl from `start` (the current folder) upwards; None when there is none,
    so that `kg query` works from any folder of a project, as git does."""
    named = os.environ.get(GRAPH_ENV)
    if named:
        return Path(named)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_GRAPH
        if candidate.is_file():
            return candidate if folder != Path.cwd().resolve() else DEFAULT_GRAPH
    return None


def no_graph_here() -> GraphNotFound:
    """The error for a command that needs a graph and finds none."""
    return GraphNotFound(
        f"no graph here: no {DEFAULT_GRAPH} in {Path.cwd()} or a folder above it; "
        f"run `kg build` first, or pass --graph FILE (or set {GRAPH_ENV})"
    )


def _resolve_graph(required: bool):
    def resolve(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is None:
            value = find_graph()
            if value is None:
                if required:
                    raise no_graph_here()
                return None
        if value.is_dir() and (value / DEFAULT_GRAPH.name).is_file():
            return value / DEFAULT_GRAPH.name  # a build's output folder
        if required:
            return require_graph(value)
        return value

    return resolve


def require_graph(path: Path | None) -> Path:
    """`path` when it is there; else the error that says how to get a graph."""
    if path is None:
        raise no_graph_here()
    if not path.exists():
        named = os.environ.get(GRAPH_ENV)
        origin = f" ({GRAPH_ENV})" if named and Path(named) == path else ""
        raise GraphNotFound(
            f"{path}{origin}: no such file; run `kg build` to make it, or pass --graph FILE"
        )
    return path


def graph_option(
    help: str = "The graph file to read (Turtle, N-Triples, JSON-LD or TriG), or a build's "
    f"output folder [default: ${GRAPH_ENV}, else the nearest {DEFAULT_GRAPH} from here upwards].",
    *,
    required: bool = True,
) -> Decorator:
    """--graph PATH: the graph a command reads; without it, find_graph's. A command whose
    graph is optional (`required=False`) gets None when there is none."""
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=None,
        callback=_resolve_graph(required),
        help=help,
    )


def query_limit_options(*, timeout_help: str, memory_help: str) -> Decorator:
    """--timeout SECONDS and --max-memory MB: the limits every user query runs under
    (kg.read.limits), spelled and defaulted alike by kg query and kg serve."""
    from kg.read.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT

    timeout = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        help=timeout_help,
    )
    memory = click.option(
        "--max-memory",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_MEMORY_MB,
        show_default=True,
        metavar="MB",
        help=memory_help,
    )
    return lambda command: timeout(memory(command))


rules_option = click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="A folder with patterns.yaml and lexicon.yaml to use instead of kg's own rules.",
)


def output_options(
    formats: Sequence[str],
    *,
    what: str,
    limit: str | None = None,
    default_limit: int | None = None,
    zero_is_all: bool = True,
) -> Decorator:
    """--format (the first of `formats` is the default) and, when `limit` says what it
    limits, --limit N: at least 0 ("0: all") when `zero_is_all`, else at least 1."""

    def decorate(command: Callable) -> Callable:
        if limit is not None:
            command = click.option(
                "--limit",
                type=click.IntRange(min=0 if zero_is_all else 1),
                default=default_limit,
                show_default=bool(default_limit),
                help=f"{limit} (0: all)." if zero_is_all else f"{limit}.",
            )(command)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(formats)),
            default=formats[0],
            show_default=True,
            help=f"How to print {what}.",
        )(command)

    return decorate


def emit(text: str, fmt: str) -> None:
    """A command's answer: a table or text for people, or data (csv, tsv, json) that is
    written exact unless it goes to a terminal (kg.cli.terminal.write_data)."""
    if fmt in ("table", "text"):
        click.echo(text, nl=False)
    else:
        write_data(text)


def quiet_option(help: str = "Print only errors (and the answer); no progress bar.") -> Decorator:
    """-q/--quiet, which also turns off the progress bars (kg.progress) of the command."""

    def silence(ctx: click.Context, param: click.Parameter, quiet: bool) -> bool:
        if quiet:
            progress.silence()
        return quiet

    return click.option("-q", "--quiet", is_flag=True, callback=silence, help=help)
