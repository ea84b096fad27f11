"""`kg rules`: what the rules are, whether their examples hold, where one fired."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import (
    CONTEXT,
    DEFAULT_GRAPH,
    TABLE_FORMATS,
    TEXT_FORMATS,
    emit,
    graph_option,
    output_options,
    rules_option,
)


def _load_rules(rules_dir: Path | None):
    """The rule set of --rules (or kg's own) and the patterns file it came from; a broken
    rule file is one KgError."""
    from kg.language.rules import PATTERNS_FILE, load_rules, rule_files

    if rules_dir is None:
        return load_rules(), PATTERNS_FILE
    patterns, lexicon = rule_files(rules_dir)
    return load_rules(patterns, lexicon), patterns


@click.group(context_settings=CONTEXT)
def rules():
    """List the extraction rules, run their examples, and see where one fired.

    Example:

    \b
      kg rules list                     # every rule, where it is defined, facts it produced
      kg rules test quote-speech-verb-after
      kg rules hits person-role-name    # the sentences, matched words marked
    """


@rules.command("list", context_settings=CONTEXT)
@graph_option(
    "Count each rule's facts in this graph [default: the one `kg query` reads, when there is one].",
    required=False,
)
@rules_option
@output_options(TABLE_FORMATS, what="the list")
def rules_list(graph_path: Path | None, rules_dir: Path | None, fmt: str):
    """Every rule: id, kind, description, the file and line that define it, and how many
    facts it produced in the graph.

    Example:

    \b
      kg rules list
      kg rules list --graph output/graph.ttl --format csv
    """
    from kg.rdf.store import open_store
    from kg.read.query import format_result
    from kg.read.rulereport import rule_table
    from kg.read.rulestats import catalogue, graph_rules

    ruleset, patterns = _load_rules(rules_dir)
    in_graph = graph_rules(open_store(graph_path)) if graph_path else None
    if in_graph is None:
        click.echo(
            f"(no graph found, no {DEFAULT_GRAPH} here or above: run `kg build` or give "
            "--graph to count facts)",
            err=True,
        )
    table = rule_table(catalogue(ruleset, patterns, in_graph), counted=in_graph is not None)
    emit(format_result(table, fmt), fmt)


@rules.command("test", context_settings=CONTEXT)
@click.argument("rule_ids", nargs=-1, metavar="[RULE_ID]...")
@rules_option
@click.option(
    "-v", "--verbose", is_flag=True, help="Show every example, not only the failing ones."
)
def rules_test(rule_ids: tuple[str, ...], rules_dir: Path | None, verbose: bool):
    """Run the example sentences of the rules (all, or RULE_IDs) and show, for each, what
    the rule was expected to find and what it found. Exits 1 if an example fails.

    A rule file with errors is reported first, every problem with file, line and rule id;
    then warnings about patterns that may be slow (nested quantifiers, such as
    "(?:\\w+\\s?)+"), which a build stops when they run out of time.

    Example:

    \b
      kg rules test
      kg rules test person-speech-verb quote-speech-verb-after
      kg rules test --rules my-rules/ -v
    """
    from kg.extract.examples import run_examples
    from kg.language.reference import load_reference
    from kg.read.rulereport import example_report
    from kg.read.rulestats import catalogue, check_rule_ids

    ruleset, patterns = _load_rules(rules_dir)
    for warning in ruleset.warnings:
        click.echo(f"warning: {warning}", err=True)
    check_rule_ids(list(rule_ids), catalogue(ruleset, patterns))
    pattern_ids = {r.id for r in ruleset.rules}
    code_rules = [r for r in rule_ids if r not in pattern_ids]
    if code_rules:
        raise click.UsageError(
            f"{', '.join(code_rules)}: a rule in code has no examples to run "
            "(`kg rules hits` shows where it fired)"
        )
    results = run_examples(ruleset, load_reference(), list(rule_ids) or None)
    report = example_report(ruleset, results, show_all=verbose or bool(rule_ids))
    for line in report.lines:
        click.echo(line)
    click.echo(report.verdict)
    if report.failed:
        sys.exit(1)


@rules.command("hits", context_settings=CONTEXT)
@click.argument("rule_id")
@graph_option()
@rules_option
@output_options(
    TEXT_FORMATS, what="the places", limit="Show at most this many places", default_limit=0
)
def rules_hits(rule_id: str, graph_path: Path, rules_dir: Path | None, fmt: str, limit: int):
    """The sentences where RULE_ID fired in the graph, the matched words marked »like this«,
    with the facts read there: judge a rule's precision by eye.

    Example:

    \b
      kg rules hits person-role-name
      kg rules hits quote-speech-verb-after --limit 20
    """
    from kg.rdf.store import open_store
    from kg.read.rulereport import hits_json, hits_text
    from kg.read.rulestats import catalogue, check_rule_ids, graph_rules, hits

    store = open_store(graph_path)
    ruleset, patterns = _load_rules(rules_dir)
    check_rule_ids([rule_id], catalogue(ruleset, patterns, graph_rules(store)))
    places = hits(store, rule_id)
    shown = min(limit, len(places)) if limit else len(places)
    if fmt == "json":
        emit(hits_json(places[:shown]), fmt)
    else:
        emit(hits_text(rule_id, places, shown, str(graph_path)), fmt)
