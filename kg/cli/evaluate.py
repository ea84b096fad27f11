"""`kg eval`: score a built graph against an analyst's gold answers (kg.read.evaluate)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import CONTEXT, graph_option, quiet_option
from kg.cli.terminal import write_data


@click.command("eval", context_settings=CONTEXT)
@click.argument("gold_dir", type=click.Path(path_type=Path))
@graph_option("The graph file to score (built from the corpus the gold files annotate).")
@click.option(
    "--show",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Print at most this many missed and false rows per question.",
)
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON.")
@quiet_option("No progress bar.")
def eval_command(gold_dir: Path, graph_path: Path, show: int, as_json: bool, quiet: bool):
    """Score the graph against GOLD_DIR, one TOML file of gold answers per annotated
    article: precision, recall and F1 per question, macro F1, the answers missed, the
    false rows, and per rule how many of its facts were right and how many wrong.

    Articles of the graph without a gold file are left out.

    Example:

    \b
      kg build my-articles/ --out my-graph/
      kg eval my-gold/ --graph my-graph/graph.ttl
      kg eval my-gold/ --graph my-graph/graph.ttl --show 20
      kg eval my-gold/ --json > scores.json
    """
    from kg.rdf.store import open_store
    from kg.read.evalreport import report_json, report_text
    from kg.read.evaluate import evaluate
    from kg.read.gold import read_gold

    golds = read_gold(gold_dir)
    evaluation = evaluate(open_store(graph_path), golds)
    if as_json:
        write_data(json.dumps(report_json(evaluation), ensure_ascii=False, indent=2) + "\n")
    else:
        click.echo(report_text(evaluation, show), nl=False)
