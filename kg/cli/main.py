"""The `kg` command line: parse options, call the library, print. No logic of its own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.build.lock import WAIT_SECONDS
from kg.cli.terminal import shown_streams, write_data
from kg.controlchars import visible
from kg.errors import KgError

# color=True: click would strip ANSI codes from what goes to a pipe and pass them raw to a
# terminal; kg.cli.terminal shows them as escapes in both instead.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100, "color": True}
DEFAULT_CORPUS = Path("corpus")
DEFAULT_OUT = Path("output")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.ttl"

graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="The graph file to read (Turtle, N-Triples, JSON-LD or TriG).",
)


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr and exit code 1: never a traceback.
    Everything printed goes through kg.cli.terminal, which shows control characters as escapes."""

    def main(self, *args, **kwargs):
        with shown_streams():
            return super().main(*args, **kwargs)

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
        except OSError as e:  # the machine's doing (disk full, no permission), not a bug
            where = f": {e.filename}" if e.filename else ""
            click.echo(f"Error: {e.strerror or e}{where}", err=True)
            ctx.exit(1)
        except Exception as e:  # a bug: one line for the user, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(
                f"Error: internal error ({type(e).__name__}: {e}); "
                "run again with KG_DEBUG=1 to see where, and please report it",
                err=True,
            )
            ctx.exit(2)


def _print(text: str, fmt: str) -> None:
    """A command's answer: a table or text for people, or data (csv, tsv, json) that is
    written exact unless it goes to a terminal (kg.cli.terminal.write_data)."""
    if fmt in ("table", "text"):
        click.echo(text, nl=False)
    else:
        write_data(text)


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
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write graph.ttl into.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for extraction (default: one per core).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="A folder with patterns.yaml and lexicon.yaml to use instead of kg's own rules.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=WAIT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="When another build is writing OUT, wait this long for it (0: stop at once).",
)
def build(
    corpus: Path, out: Path, jobs: int | None, quiet: bool, rules_dir: Path | None, wait: float
):
    """Read every article in CORPUS (default: corpus/) and write OUT/graph.ttl, the
    network view OUT/graph.html (up to 500 articles) and the store OUT/graph.oxigraph
    that kg query, explain and serve read.

    Files that cannot be read (not text, empty, a PDF with a .txt name, …) are skipped
    with a message naming the file; the others are processed. Articles are extracted in
    parallel (one worker per core) and cached in OUT/.kg-cache.sqlite: building again
    processes only new and changed articles, or all of them after a rule change. The
    previous graph stays in place until the new one is complete. One build at a time
    writes OUT: a second one waits for the first (see --wait), then reads the corpus.

    Example:

    \b
      kg build corpus/ --out output/
      kg build archive/ --out archive-graph/ -j 2
    """
    from kg.build.pipeline import build as run_build

    def progress(done: int, total: int, name: str) -> None:
        if not quiet and (total <= 50 or done == total or done % max(1, total // 20) == 0):
            click.echo(f"  [{done}/{total}] {visible(name, keep='')}", err=True)

    def waiting(pid: int | None) -> None:
        if not quiet:
            who = f"process {pid}" if pid else "another process"
            click.echo(
                f"waiting for the build in {who} to finish writing {out} (at most {wait:g} s)",
                err=True,
            )

    report = run_build(
        corpus, out, progress=progress, jobs=jobs, rules_dir=rules_dir, wait=wait, waiting=waiting
    )
    for name, reason in report.skipped:
        click.echo(f"skipped {visible(name, keep='')}: {reason}", err=True)
    for c in report.unused_corrections:  # always shown: a stale correction is a problem to fix
        click.echo(
            f"warning: correction {c.id} (corrections.yaml:{c.line}) matched nothing: {c.action} "
            f"{c.target}",
            err=True,
        )
    if report.corrections and not quiet:
        click.echo(
            f"{len(report.corrections)} correction(s) applied, touching "
            f"{sum(report.corrections.values())} fact(s)",
            err=True,
        )
    for name, note in report.notes:  # a rule that ran out of time is a problem to fix: always shown
        if not quiet or " ran out of time " in note:
            kind = "warning" if " ran out of time " in note else "note"
            click.echo(f"{kind} {visible(name, keep='')}: {note}", err=True)
    if not quiet:
        click.echo(
            f"{report.documents} documents read ({report.extracted} extracted, "
            f"{report.documents - report.extracted} unchanged), {len(report.skipped)} skipped; "
            f"{report.entities} entities, {report.facts} facts, {report.triples} triples "
            f"-> {', '.join(str(p) for p in report.outputs)}"
        )


@cli.command(context_settings=CONTEXT)
@click.argument("question", required=False)
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="How to print the answer.",
)
@click.option("--list", "list_", is_flag=True, help="List the shipped questions and exit.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Stop the query after this many seconds.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Print at most this many rows (the output says when rows were cut).",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for a question's parameter, bound as text (never pasted into the query).",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=1),
    default=1024,
    show_default=True,
    metavar="MB",
    help="Stop the query when it needs more than this much memory on top of the graph.",
)
def query(
    question: str | None,
    graph_path: Path,
    fmt: str,
    list_: bool,
    timeout: float,
    limit: int | None,
    params: tuple[str, ...],
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
    sparql = resolve_query(question)
    bound = {}
    for param in params:
        name, equals, value = param.partition("=")
        if not equals or not name:
            raise click.BadParameter(
                f"'{param}': write NAME=VALUE, as in name=RMO", param_hint="--param"
            )
        bound[name] = value
    result = run_query(
        open_store(graph_path),
        sparql,
        timeout=timeout,
        limit=limit,
        params=bound,
        max_memory=max_memory * 2**20,
    )
    _print(format_result(result, fmt), fmt)
    if result.truncated and fmt != "table":  # the table says so in its last line
        click.echo(
            f"note: only the first {len(result.rows)} rows are shown (--limit {limit})", err=True
        )


@cli.command(context_settings=CONTEXT)
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "jsonld", "trig", "graphml", "gexf"]),
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
def export(graph_path: Path, fmt: str, output: Path | None):
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
    from kg.read.query import load_graph

    if fmt in ("graphml", "gexf"):
        from kg.rdf.store import open_store
        from kg.read.network import network_file, read_network

        text = network_file(read_network(open_store(graph_path)), fmt)
    else:
        text = run_export(load_graph(graph_path), fmt)
    if output is None or str(output) == "-":
        write_data(text)
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


@cli.command(context_settings=CONTEXT)
@graph_option
def validate(graph_path: Path):
    """Check the graph against the SHACL shapes in ontology/shapes.ttl.

    Exits 0 when the graph conforms, 1 with a readable report when it does not.

    Example:

    \b
      kg validate --graph output/graph.ttl
    """
    from kg.rdf.validate import validate as run_validate
    from kg.read.query import load_graph

    result = run_validate(load_graph(graph_path))
    if result.conforms:
        click.echo(f"{graph_path}: conforms to the shapes")
        return
    click.echo(result.report, err=True)
    sys.exit(1)


# --- rules: what the rules are, whether their examples hold, where they fired -----------

rules_option = click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="A folder with patterns.yaml and lexicon.yaml to use instead of kg's own rules.",
)


def _load_rules(rules_dir: Path | None):
    """The rule set and the patterns file it came from; a broken rule file is one KgError."""
    from kg.language.rules import PATTERNS_FILE, load_rules, rule_files

    if rules_dir is None:
        return load_rules(), PATTERNS_FILE
    patterns, lexicon = rule_files(rules_dir)
    return load_rules(patterns, lexicon), patterns


@cli.group(context_settings=CONTEXT)
def rules():
    """List the extraction rules, run their examples, and see where one fired.

    Example:

    \b
      kg rules list                     # every rule, where it is defined, facts it produced
      kg rules test quote-speech-verb-after
      kg rules hits person-role-name    # the sentences, matched words marked
    """


@rules.command("list", context_settings=CONTEXT)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"Count each rule's facts in this graph [default: {DEFAULT_GRAPH}, when it exists].",
)
@rules_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="How to print the list.",
)
def rules_list(graph_path: Path | None, rules_dir: Path | None, fmt: str):
    """Every rule: id, kind, description, the file and line that define it, and how many
    facts it produced in the graph.

    Example:

    \b
      kg rules list
      kg rules list --graph output/graph.ttl --format csv
    """
    from kg.rdf.store import open_store
    from kg.read.query import Result, format_result
    from kg.read.rulestats import catalogue, graph_rules

    ruleset, patterns = _load_rules(rules_dir)
    if graph_path is None and DEFAULT_GRAPH.is_file():
        graph_path = DEFAULT_GRAPH
    in_graph = graph_rules(open_store(graph_path)) if graph_path else None
    infos = catalogue(ruleset, patterns, in_graph)
    columns = ["id", "kind", "facts", "source", "description"]
    rows = [
        [r.id, r.kind, "" if r.facts is None else str(r.facts), r.source, r.description]
        for r in infos
    ]
    if in_graph is None:
        columns.remove("facts")
        rows = [row[:2] + row[3:] for row in rows]
        click.echo(
            f"(no graph at {DEFAULT_GRAPH}: run `kg build` or give --graph to count facts)",
            err=True,
        )
    _print(format_result(Result(columns, rows), fmt), fmt)


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
    from kg.extract.examples import describe_expectation, describe_matches, run_examples
    from kg.language.reference import load_reference
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
    show_all = verbose or bool(rule_ids)
    failed = 0
    by_rule: dict[str, list] = {}
    for result in results:
        by_rule.setdefault(result.rule, []).append(result)
    for rule_id, examples in by_rule.items():
        bad = [r for r in examples if not r.ok]
        failed += len(bad)
        status = "ok  " if not bad else "FAIL"
        click.echo(f"{status} {rule_id}  ({len(examples) - len(bad)}/{len(examples)} examples)")
        rule = ruleset.get(rule_id)
        for n, (result, example) in enumerate(zip(examples, rule.examples), 1):
            if result.ok and not show_all and not result.overruns:
                continue
            click.echo(
                f"     example {n}{'' if result.ok else ' FAILED'}: {' '.join(result.text.split())}"
            )
            for expect in example.get("expect", []):
                mark = "✗" if expect in result.missing else "✓"
                click.echo(f"       expected {mark} {describe_expectation(expect)}")
            matched = describe_matches(result.summary, rule_id)
            for line in matched or ["nothing"]:
                click.echo(f"       matched    {line}")
            for overrun in result.overruns:
                click.echo(f"       warning: {overrun}")
    total = len(results)
    click.echo(f"{total - failed} of {total} examples of {len(by_rule)} rule(s) pass")
    if failed:
        sys.exit(1)


@rules.command("hits", context_settings=CONTEXT)
@click.argument("rule_id")
@graph_option
@rules_option
@click.option(
    "--limit", type=click.IntRange(min=0), default=0, help="Show at most this many places (0: all)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the places.",
)
def rules_hits(rule_id: str, graph_path: Path, rules_dir: Path | None, limit: int, fmt: str):
    """The sentences where RULE_ID fired in the graph, the matched words marked »like this«,
    with the facts read there: judge a rule's precision by eye.

    Example:

    \b
      kg rules hits person-role-name
      kg rules hits quote-speech-verb-after --limit 20
    """
    import json

    from kg.rdf.store import open_store
    from kg.read.rulestats import catalogue, check_rule_ids, graph_rules, hits

    store = open_store(graph_path)
    ruleset, patterns = _load_rules(rules_dir)
    check_rule_ids([rule_id], catalogue(ruleset, patterns, graph_rules(store)))
    places = hits(store, rule_id)
    shown = places[:limit] if limit else places
    if fmt == "json":
        _print(
            json.dumps(
                [{"document": h.document, "sentence": h.marked, "facts": h.facts} for h in shown],
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            fmt,
        )
        return
    facts = sum(len(h.facts) for h in places)
    click.echo(f"{rule_id}: {facts} fact(s) in {len(places)} place(s) in {graph_path}")
    for h in shown:
        click.echo(f"\n  {h.document}\n      “{h.marked}”")
        for fact in h.facts:
            click.echo(f"      {fact}")
    if len(shown) < len(places):
        click.echo(f"\n  … {len(places) - len(shown)} more (without --limit: all)")


# --- diff: what a change gained and lost ------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for the terminal, json for scripts (every row).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Rows shown per question and per rule in text (0: all).",
)
def diff(old: Path, new: Path, fmt: str, limit: int):
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
    _print(to_json(result) if fmt == "json" else to_text(result, limit or None), fmt)


# --- correct: the analyst's corrections, kept in CORPUS/corrections.yaml ----------------

corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="The corpus folder whose corrections.yaml to add to.",
)
reason_option = click.option(
    "--reason", required=True, help="Why: for whoever reads this later (required)."
)
document_option = click.option(
    "--document", default="", help="Only in this document (its file name)."
)
id_option = click.option(
    "--id",
    "cid",
    default="",
    help="An id for the correction [default: made from the action and name].",
)


def _append(corpus: Path, entry: dict) -> None:
    from kg.language.correctfile import append_correction
    from kg.language.corrections import corrections_path
    from kg.rdf.curation import describe

    path = corrections_path(corpus)
    correction = append_correction(path, entry)
    click.echo(f"added correction {correction.id} to {path}: {describe(correction)}")
    click.echo("run `kg build` to apply it", err=True)


@cli.group(context_settings=CONTEXT)
def correct():
    """Correct what the rules got wrong: reject a fact, merge or split entities, add an alias.

    Each correction is appended to CORPUS/corrections.yaml (keep it under version control
    with the articles), applied at every `kg build`, and shown by `kg explain` with its id
    and reason. A correction that no longer matches anything is reported by the build. The
    file's own text and comments are kept: a file written as a flow-style list ("[…]") or
    with a "..." end marker is refused, never rewritten.

    Example:

    \b
      kg correct reject --entity Kanaleneiland --reason "a neighbourhood, not a person"
      kg correct merge "Van den Wijngaart" "Mary van den Wijngaart" --reason "same person"
      kg explain "Mary van den Wijngaart"
    """


@correct.command("reject", context_settings=CONTEXT)
@click.option(
    "--entity",
    default="",
    help="Reject this entity and every fact about it (a name, alias or abbreviation).",
)
@click.option("--statement", default="", help="Reject the statement whose text holds these words.")
@click.option(
    "--recommendation", default="", help="Reject the recommendation whose text holds these words."
)
@click.option("--work", default="", help="Reject the work (publication) with this title.")
@click.option(
    "--subject", default="", help="Reject one fact: its subject (a name, or words of a text)."
)
@click.option(
    "--predicate",
    default="",
    help="… its predicate, as `kg explain` shows it (kg:speaker, org:member, …).",
)
@click.option(
    "--object", "object_", default="", help="… its object (a name, words of a text, or a value)."
)
@reason_option
@document_option
@corpus_option
@id_option
def correct_reject(
    entity,
    statement,
    recommendation,
    work,
    subject,
    predicate,
    object_,
    reason,
    document,
    corpus,
    cid,
):
    """Take a wrong entity, statement or fact out of the graph.

    Example:

    \b
      kg correct reject --entity Kanaleneiland --reason "a neighbourhood, not a person"
      kg correct reject --subject "De wet gaat uit van wantrouwen" --predicate kg:speaker \\
          --object "Erik Dijkstra" --reason "he quotes the report"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "reject",
            "entity": entity,
            "statement": statement,
            "recommendation": recommendation,
            "work": work,
            "subject": subject,
            "predicate": predicate,
            "object": object_,
            "document": document,
            "reason": reason,
        },
    )


@correct.command("merge", context_settings=CONTEXT)
@click.argument("name")
@click.argument("into")
@reason_option
@document_option
@corpus_option
@id_option
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="Where to look up INTO's IRI, so the two meet across documents.",
)
def correct_merge(name, into, reason, document, corpus, cid, graph_path):
    """NAME and INTO are one entity: every fact about NAME becomes a fact about INTO, and
    NAME becomes one of its aliases.

    Example:

    \b
      kg correct merge "Van den Wijngaart" "Mary van den Wijngaart" --reason "same person"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "merge",
            "entity": name,
            "into": into,
            "iri": _iri_of(into, graph_path),
            "document": document,
            "reason": reason,
        },
    )


@correct.command("split", context_settings=CONTEXT)
@click.argument("name")
@click.argument("into")
@click.option(
    "--document",
    required=True,
    help="The document in which NAME is the other entity (its file name).",
)
@reason_option
@corpus_option
@id_option
def correct_split(name, into, document, reason, corpus, cid):
    """In one document NAME is another entity than elsewhere: call it INTO there.

    Example:

    \b
      kg correct split Jansen "Piet Jansen" --document zwolle.txt --reason "not Femke Jansen of the SCP"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "split",
            "entity": name,
            "into": into,
            "document": document,
            "reason": reason,
        },
    )


@correct.command("alias", context_settings=CONTEXT)
@click.argument("name")
@click.argument("alias")
@reason_option
@document_option
@corpus_option
@id_option
def correct_alias(name, alias, reason, document, corpus, cid):
    """NAME is also called ALIAS (recorded as skos:altLabel, so `kg explain ALIAS` finds it).

    Example:

    \b
      kg correct alias "Sociaal en Cultureel Planbureau" Planbureau --reason "how the press calls it"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "alias",
            "entity": name,
            "alias": alias,
            "document": document,
            "reason": reason,
        },
    )


def _iri_of(name: str, graph_path: Path) -> str:
    """The IRI of the one entity called `name` in the graph, if there is a graph and one such entity."""
    if not graph_path.is_file():
        return ""
    from kg.rdf.store import open_store
    from kg.rdf.storegraph import StoreGraph
    from kg.read.explain import find_entities

    nodes = find_entities(StoreGraph(open_store(graph_path)), name)
    return str(nodes[0]) if len(nodes) == 1 else ""


@cli.command(context_settings=CONTEXT)
@graph_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 opens the endpoint to your network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows (or triples) one answer holds; a cut answer says so in a header.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before the endpoint answers 503.",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=1),
    default=1024,
    show_default=True,
    metavar="MB",
    help="Memory one query may take on top of the graph before the endpoint answers 503.",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from ORIGIN (e.g. https://yasgui.example) read answers; repeatable. "
    "Off by default: no other site's page can read the graph.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not log each request.")
def serve(
    graph_path: Path,
    host: str,
    port: int,
    limit: int,
    timeout: float,
    max_memory: int,
    cors: tuple[str, ...],
    quiet: bool,
):
    """Answer SPARQL queries over HTTP (SPARQL 1.1 Protocol, read-only) until Ctrl-C.

    GET or POST /sparql with query=…; results as SPARQL JSON, XML, CSV or TSV (by the
    Accept header), CONSTRUCT as Turtle or N-Triples. Updates are refused. Open the
    printed address in a browser for a query page with the shipped questions. Only
    requests addressed to 127.0.0.1, localhost, [::1] or --host are answered.

    Example:

    \b
      kg serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?law WHERE { ?law a kg:Law }' \\
           http://127.0.0.1:8000/sparql
    """
    import signal

    from kg.rdf.store import open_store
    from kg.web.serve import endpoint_url, make_server

    def stop(signum, frame):  # SIGTERM (kill, a service manager) stops as Ctrl-C does
        raise KeyboardInterrupt

    server = make_server(
        open_store(graph_path),
        host,
        port,
        limit=limit,
        timeout=timeout,
        max_memory=max_memory * 2**20,
        quiet=quiet,
        cors=cors,
    )
    url = endpoint_url(server)
    click.echo(
        f"serving {graph_path} at {url} (query page: {url[: -len('sparql')]}); Ctrl-C stops",
        err=True,
    )
    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("kg serve stopped", err=True)
    finally:
        server.server_close()


@cli.command(context_settings=CONTEXT)
@click.argument("url")
@graph_option
@click.option("--user", default=None, help="User name, when the store asks for one.")
@click.option(
    "--password-env",
    metavar="VAR",
    default=None,
    help="Name of the environment variable holding the password (never the password itself).",
)
@click.option(
    "--query-url",
    default=None,
    help="The store's SPARQL query endpoint, to find graphs of documents no longer in the "
    "graph; derived for Oxigraph (/store -> /query) and Fuseki (/data -> /sparql).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Most triples sent in one request.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Times to retry a request the store failed (connection error, no answer in 120 s, 5xx).",
)
@click.option(
    "--timeout",
    metavar="SECONDS",
    type=click.FloatRange(min=0, min_open=True),
    default=3600,
    show_default=True,
    help="Stop the whole push after this many seconds, naming the graph it was sending.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def push(
    url: str,
    graph_path: Path,
    user: str | None,
    password_env: str | None,
    query_url: str | None,
    chunk_size: int,
    retries: int,
    timeout: float,
    quiet: bool,
):
    """Send the graph to a triple store at URL (SPARQL 1.1 Graph Store Protocol).

    Each document goes into a named graph of its own (named by the document's IRI), the
    rest into <https://w3id.org/kg-sociaal-domein/id/graph/kg>. Graphs are replaced, so
    pushing again never duplicates; graphs of documents no longer in the graph are
    deleted. URL is http://HOST:7878/store for Oxigraph server and
    http://HOST:3030/DATASET/data for Apache Jena Fuseki. A redirect is never
    followed: give the URL the store names.

    Example:

    \b
      oxigraph serve --location store/ --bind 127.0.0.1:7878 &
      kg push http://127.0.0.1:7878/store
      KG_PASSWORD=… kg push http://localhost:3030/kg/data --user admin --password-env KG_PASSWORD
    """
    from kg.rdf.store import open_store
    from kg.web.graph_store import GraphStore, read_password
    from kg.web.push import push as run_push

    target = GraphStore(
        url, auth=read_password(user, password_env), retries=retries, query_url=query_url
    )
    store = open_store(graph_path)
    step = 1

    def progress(done: int, total: int) -> None:
        nonlocal step
        step = max(1, total // 20)
        if not quiet and (done % step == 0 or done == total):
            click.echo(f"pushed {done}/{total} graphs", err=True)

    report = run_push(store, target, chunk_size=chunk_size, timeout=timeout, progress=progress)
    if quiet:
        return
    if report.deleted is None:
        stale = (
            "graphs of removed documents were not looked for: no query endpoint is known "
            "for this URL (give --query-url)"
        )
    else:
        stale = f"{report.deleted} graph{'' if report.deleted == 1 else 's'} of removed documents deleted"
    click.echo(
        f"{report.graphs} graphs, {report.triples} triples ({report.sent} sent: an entity is "
        f"described in each document's graph) -> {target.shown_url}; {stale}"
    )


@cli.command(context_settings=CONTEXT)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="The graph file to draw.",
)
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


@cli.command(context_settings=CONTEXT)
@graph_option
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="How many central actors and communities to list.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the numbers.",
)
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
        _print(json.dumps(stats_json(result), ensure_ascii=False, indent=2) + "\n", fmt)
    else:
        click.echo(format_stats(result), nl=False)

from kg.cli.evaluate import eval_command  # noqa: E402  (the lead moves this line at the merge)

cli.add_command(eval_command)
