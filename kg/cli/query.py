"""`kg query`: answer a shipped question, a .rq file or SPARQL text."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import (
    CONTEXT,
    TABLE_FORMATS,
    emit,
    graph_option,
    output_options,
    query_limit_options,
    require_graph,
)


def _params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    """--param NAME=VALUE, repeated, as {name: value}."""
    bound = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name:
            raise click.BadParameter(
                f"'{value}': write NAME=VALUE, as in name=RMO", param_hint="--param"
            )
        bound[name] = text
    return bound


@click.command(context_settings=CONTEXT)
@click.argument("question", required=False)
@graph_option(required=False)  # --list needs none
@output_options(
    TABLE_FORMATS,
    what="the answer",
    limit="Print at most this many rows (the output says when rows were cut)",
    zero_is_all=False,
)
@click.option("--list", "list_", is_flag=True, help="List the shipped questions and exit.")
@query_limit_options(
    timeout_help="Stop the query after this many seconds.",
    memory_help="Stop the query when it needs more than this much memory on top of the graph.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_params,
    help="A value for a question's parameter, bound as text (never pasted into the query).",
)
def query(
    question: str | None,
    graph_path: Path,
    fmt: str,
    limit: int | None,
    list_: bool,
    timeout: float,
    params: dict[str, str],
    max_memory: int,
):
    """Answer QUESTION: a shipped question's name, a .rq file, or SPARQL text.

    Queries only read the loaded graph: updates, SERVICE and FROM (files, other sites)
    are refused, and each query runs in a worker process that cannot open a network
    connection, within --timeout and --max-memory.

    Example:

    \b
      kg query --list
      kg query actors --format csv
      kg query about --param name=RMO
      kg query 'SELECT ?law WHERE { ?law a kg:Law }' --limit 10 --timeout 5
    """
    from kg.rdf.store import open_store
    from kg.read.query import format_result, list_questions, resolve_query, run_query

    if list_:
        questions = list_questions()
        width = max(len(q.name) for q in questions)
        for q in questions:
            click.echo(f"{q.name:<{width}}  {q.title}")
        return
    if not question:
        raise click.UsageError("give a question name, a .rq file or SPARQL text (or --list)")
    graph_path = require_graph(graph_path)
    result = run_query(
        open_store(graph_path),
        resolve_query(question),
        timeout=timeout,
        limit=limit,
        params=params,
        max_memory=max_memory * 2**20,
    )
    emit(format_result(result, fmt), fmt)
    if result.truncated and fmt != "table":  # the table says so in its last line
        click.echo(
            f"note: only the first {len(result.rows)} rows are shown (--limit {limit})", err=True
        )
