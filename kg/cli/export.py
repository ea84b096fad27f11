"""The graph for people and other tools: `kg export`, `kg validate`, `kg render`,
`kg stats` and `kg diff`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import CONTEXT, TEXT_FORMATS, emit, graph_option, output_options, quiet_option
from kg.cli.terminal import write_data

RDF_FORMATS = ("turtle", "nt", "jsonld", "trig")
"""kg.rdf.export.EXPORTERS, and below kg.read.network.NETWORK_FORMATS: named here so that
`kg --help` need not import rdflib (a test checks that they agree)."""
NETWORK_FORMATS = ("graphml", "gexf")


@click.command(context_settings=CONTEXT)
@graph_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RDF_FORMATS, *NETWORK_FORMATS]),
    default="turtle",
    show_default=True,
    help="RDF serialisation to write, or graphml/gexf: the actor network for Gephi or Cytoscape.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=None,
    help="File to write (default, or -: standard output).",
)
@quiet_option()
def export(graph_path: Path, fmt: str, output: Path | None, quiet: bool):
    """Write the graph in another RDF format, for other tools and triple stores, or its
    actor network (entities and their relations, documents left out) as GraphML or GEXF.

    Example:

    \b
      kg export --format jsonld -o graph.jsonld
      kg export --format nt | wc -l
      kg export -o - | gzip > graph.ttl.gz
      kg export --format gexf -o actors.gexf
    """
    from kg.atomic import write_text
    from kg.rdf.export import export as run_export
    from kg.rdf.store import open_store

    if fmt in NETWORK_FORMATS:
        from kg.read.network import network_file, read_network

        text = network_file(read_network(open_store(graph_path)), fmt)
    else:  # from the store, so Turtle, N-Triples and TriG are written by Oxigraph
        text = run_export(open_store(graph_path), fmt)
    if output is None or str(output) == "-":
        write_data(text)
    else:
        write_text(output, text)
        if not quiet:
            click.echo(f"wrote {output}", err=True)


@click.command(context_settings=CONTEXT)
@graph_option()
@quiet_option("No progress bar.")
def validate(graph_path: Path, quiet: bool):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl.

    Exits 0 when the graph conforms, 1 with a readable report when it does not.

    Example:

    \b
      kg validate --graph output/graph.ttl
    """
    from kg.progress import steps
    from kg.rdf.store import open_store
    from kg.rdf.validate import validate_store

    with steps("validating", 2, unit="part") as done:  # the engine checks in one call
        store = open_store(graph_path)
        done.advance()
        result = validate_store(store)
        done.advance()
    if result.conforms:
        click.echo(f"{graph_path}: conforms to the shapes")
        return
    click.echo(result.report, err=True)
    sys.exit(1)


@click.command(context_settings=CONTEXT)
@graph_option("The graph file to draw.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The HTML file to write [default: graph.html beside the graph].",
)
@click.option(
    "--focus",
    metavar="NAME",
    default=None,
    help="Draw only NAME (a label, alias, document title or file name) and its neighbours.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 5),
    default=1,
    show_default=True,
    help="With --focus: how many steps from NAME to draw.",
)
@click.option(
    "--type",
    "types",
    metavar="TYPE",
    multiple=True,
    help="Draw only nodes of TYPE (repeat for more): actor, person, organisation, government-body, "
    "municipality, group, law, work, place, topic, document.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=5000,
    show_default=True,
    help="Draw at most this many nodes (the most connected); the page says what it left out.",
)
@click.option(
    "--no-documents",
    is_flag=True,
    help="Leave out the provenance layer (documents and their links).",
)
def render(
    graph_path: Path,
    output: Path | None,
    focus: str | None,
    depth: int,
    types: tuple[str, ...],
    max_nodes: int,
    no_documents: bool,
):
    """Write the network view: one HTML file that works offline. Nodes are coloured by
    type and sized by their links; search, filter by type, law, topic and document, and
    click a node or edge for the sentences it was read from. Open it in any browser.

    Example:

    \b
      kg render                                  # output/graph.ttl -> output/graph.html
      kg render --focus RMO -o rmo.html          # the RMO and its neighbours
      kg render --type actor --type law --no-documents
    """
    from kg.web.render import render_file

    target = output or graph_path.with_suffix(".html")
    report = render_file(
        graph_path,
        target,
        focus=focus,
        types=types,
        depth=depth,
        max_nodes=max_nodes,
        provenance=not no_documents,
    )
    if report.note:
        click.echo(report.note, err=True)
    click.echo(
        f"wrote {report.path}: {report.nodes:,} nodes, {report.edges:,} edges, "
        f"{report.size / 1e6:.1f} MB; open it in a browser"
    )


@click.command(context_settings=CONTEXT)
@graph_option()
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="How many central actors and communities to list.",
)
@output_options(TEXT_FORMATS, what="the numbers")
def stats(graph_path: Path, top: int, fmt: str):
    """Print the shape of the graph: nodes per type, the most central actors and the
    communities of the actor network (entities and their relations, documents left out).

    Example:

    \b
      kg stats
      kg stats --top 20 --format json
    """
    import json

    from kg.rdf.store import open_store
    from kg.read.netstats import format_stats, network_stats, stats_json
    from kg.read.network import read_network

    result = network_stats(read_network(open_store(graph_path)), top=top)
    if fmt == "json":
        emit(json.dumps(stats_json(result), ensure_ascii=False, indent=2) + "\n", fmt)
    else:
        emit(format_stats(result), fmt)


@click.command(context_settings=CONTEXT)
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@output_options(
    TEXT_FORMATS,
    what="the changes (json: every row)",
    limit="Rows shown per question and per rule in text",
    default_limit=20,
)
@quiet_option("No progress bar.")
def diff(old: Path, new: Path, fmt: str, limit: int, quiet: bool):
    """The facts gained and lost between two graphs (say, before and after a rule change),
    grouped by question (kg query --list) and by the rule that produced them.

    Exits 0 whether or not they differ; the last line of the text says how much changed.

    Example:

    \b
      cp output/graph.ttl before.ttl
      kg build                               # after editing a rule
      kg diff before.ttl output/graph.ttl
      kg diff before.ttl output/graph.ttl --format json > changes.json
    """
    from kg.rdf.store import open_store
    from kg.read.diff import diff_graphs, to_json, to_text

    result = diff_graphs(open_store(old), open_store(new), str(old), str(new))
    emit(to_json(result) if fmt == "json" else to_text(result, limit or None), fmt)
