"""The `kg` command line: parse options, call the library, print. No logic of its own."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.errors import KgError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
DEFAULT_CORPUS = Path("corpus")
DEFAULT_OUT = Path("output")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"

graph_option = click.option(
    "--graph", "graph_path", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_GRAPH,
    show_default=True, help="The graph file to read (Turtle, N-Triples, JSON-LD or TriG).")


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr and exit code 1: never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing was written.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `kg query … | head`: the reader has gone, so stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except Exception as e:  # a bug: one line for the user, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"Error: internal error ({type(e).__name__}: {e}); "
                       "run again with KG_DEBUG=1 to see where, and please report it", err=True)
            ctx.exit(2)


@click.group(cls=KgGroup, context_settings=CONTEXT)
@click.version_option(package_name="kg")
def cli():
    """Build and query a knowledge graph of Dutch policy texts about the sociaal domein.

    Put articles (.txt, .md, .html) in corpus/, run `kg build`, then ask questions.

    Example:

    \b
      kg build                      # corpus/ -> output/graph.ttl
      kg query --list               # the shipped questions
      kg query recommendations      # who recommends what to whom
      kg explain RMO                # every fact about the RMO, with its sentence
    """


@cli.command(context_settings=CONTEXT)
@click.argument("corpus", type=click.Path(path_type=Path), default=DEFAULT_CORPUS)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUT,
              show_default=True, help="Folder to write graph.ttl into.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction (default: one per core).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(corpus: Path, out: Path, jobs: int | None, quiet: bool):
    """Read every article in CORPUS (default: corpus/) and write OUT/graph.ttl.

    Files that cannot be read (not text, empty, a PDF with a .txt name, …) are skipped
    with a message naming the file; the others are processed. The previous graph stays
    in place until the new one is complete.

    Example:

    \b
      kg build corpus/ --out output/
    """
    from kg.build import build as run_build

    def progress(done: int, total: int, name: str) -> None:
        if not quiet and (total <= 50 or done == total or done % max(1, total // 20) == 0):
            click.echo(f"  [{done}/{total}] {name}", err=True)

    report = run_build(corpus, out, progress=progress, jobs=jobs)
    for name, reason in report.skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    if not quiet:
        for name, note in report.notes:
            click.echo(f"note {name}: {note}", err=True)
        click.echo(f"{report.documents} documents read ({report.extracted} extracted, "
                   f"{report.documents - report.extracted} unchanged), {len(report.skipped)} skipped; "
                   f"{report.entities} entities, {report.facts} facts, {report.triples} triples "
                   f"-> {', '.join(str(p) for p in report.outputs)}")


@cli.command(context_settings=CONTEXT)
@click.argument("question", required=False)
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="How to print the answer.")
@click.option("--list", "list_", is_flag=True, help="List the shipped questions and exit.")
def query(question: str | None, graph_path: Path, fmt: str, list_: bool):
    """Answer QUESTION: a shipped question's name, a .rq file, or SPARQL text.

    Example:

    \b
      kg query --list
      kg query actors --format csv
      kg query 'SELECT ?law WHERE { ?law a kg:Law }'
    """
    from kg.query import format_result, list_questions, resolve_query, run_query
    from kg.store import open_store

    if list_:
        questions = list_questions()
        width = max(len(q.name) for q in questions)
        for q in questions:
            click.echo(f"{q.name:<{width}}  {q.title}")
        return
    if not question:
        raise click.UsageError("give a question name, a .rq file or SPARQL text (or --list)")
    sparql = resolve_query(question)
    result = run_query(open_store(graph_path), sparql)
    click.echo(format_result(result, fmt), nl=False)


@cli.command(context_settings=CONTEXT)
@graph_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "trig"]), default="turtle",
              show_default=True, help="RDF serialisation to write.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output).")
def export(graph_path: Path, fmt: str, output: Path | None):
    """Write the graph in another RDF format, for other tools and triple stores.

    Example:

    \b
      kg export --format jsonld -o graph.jsonld
      kg export --format nt | wc -l
    """
    from kg.atomic import write_text
    from kg.export import export as run_export
    from kg.query import load_graph

    text = run_export(load_graph(graph_path), fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(output, text)
        click.echo(f"wrote {output}", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@graph_option
def explain(name: str, graph_path: Path):
    """Show everything the graph says about NAME (a label, alias or abbreviation),
    each fact with the sentence it came from, its document and the rule that fired.

    Example:

    \b
      kg explain RMO
      kg explain "Van den Wijngaart"
    """
    from kg.explain import describe
    from kg.query import load_graph

    graph = load_graph(graph_path)
    for node, label, classes, facts in describe(graph, name):
        click.echo(f"{label}  <{node}>")
        click.echo(f"  a {', '.join(classes)}")
        for fact in facts:
            click.echo(f"  {fact.predicate} {fact.value}")
            click.echo(f"      “{fact.marked()}”")
            click.echo(f"      — {fact.document}, rule {fact.rule}")
        click.echo("")


@cli.command(context_settings=CONTEXT)
@graph_option
def validate(graph_path: Path):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl.

    Exits 0 when the graph conforms, 1 with a readable report when it does not.

    Example:

    \b
      kg validate --graph output/graph.ttl
    """
    from kg.query import load_graph
    from kg.validate import validate as run_validate

    result = run_validate(load_graph(graph_path))
    if result.conforms:
        click.echo(f"{graph_path}: conforms to the shapes")
        return
    click.echo(result.report, err=True)
    sys.exit(1)
