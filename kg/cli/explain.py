"""`kg explain`: every fact about a name, each with the sentences it was read in."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import CONTEXT, graph_option


@click.command(context_settings=CONTEXT)
@click.argument("name")
@graph_option()
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="CLASS",
    help="Only entities of this class (Person, Organisation, Work, kg:Law, …); repeatable.",
)
@click.option(
    "--document",
    metavar="FILE",
    help="Only what was read in this document (its file name, as `kg query documents` lists).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Show at most this many entities.",
)
def explain(name: str, graph_path: Path, types: tuple[str, ...], document: str | None, limit: int):
    """Show everything the graph says about NAME: an entity's name, alias or abbreviation,
    a work's title, or a part of one ("Van den Wijngaart"). Each fact is listed once, with
    every sentence it was read in, its document and the rule that read it.

    Example:

    \b
      kg explain RMO
      kg explain "Van den Wijngaart"
      kg explain "Leren innoveren in het sociaal domein"
      kg explain gemeente --type GovernmentBody --document 003_246019671579d77c.txt
    """
    from kg.rdf.store import open_store
    from kg.rdf.storegraph import StoreGraph
    from kg.read.explain import describe

    graph = StoreGraph(open_store(graph_path))
    found = describe(graph, name, types=types, document=document, limit=limit)
    for entity in found.entities:
        click.echo(f"{entity.label}  <{entity.node}>")
        click.echo(f"  a {', '.join(entity.classes)}")
        for fact in entity.facts:
            count = len(fact.readings)
            many = f"   ({count} sentences)" if count > 1 else ""
            click.echo(f"  {fact.predicate} {fact.value}{many}")
            for reading in fact.readings:
                times = f"  ({reading.times}× in the document)" if reading.times > 1 else ""
                click.echo(f"      “{reading.sentence}”{times}")
                for source in reading.sources:
                    click.echo(f"      — {source}")
        click.echo("")
    if found.more:
        click.echo(
            f"… and {found.more} more called like {name!r}: narrow with --type or --document, "
            f"or show more with --limit"
        )
