"""`kg explain`: every fact about a name, each with the sentence it was read from."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import CONTEXT, graph_option


@click.command(context_settings=CONTEXT)
@click.argument("name")
@graph_option()
def explain(name: str, graph_path: Path):
    """Show everything the graph says about NAME (a label, alias or abbreviation),
    each fact with the sentence it came from, its document and the rule that fired.

    Example:

    \b
      kg explain RMO
      kg explain "Van den Wijngaart"
    """
    from kg.rdf.store import open_store
    from kg.rdf.storegraph import StoreGraph
    from kg.read.explain import describe

    graph = StoreGraph(open_store(graph_path))
    for node, label, classes, facts in describe(graph, name):
        click.echo(f"{label}  <{node}>")
        click.echo(f"  a {', '.join(classes)}")
        for fact in facts:
            click.echo(f"  {fact.predicate} {fact.value}")
            click.echo(f"      “{fact.marked()}”")
            click.echo(f"      — {fact.source()}")
        click.echo("")
