"""`kg build`: a corpus folder to graph.ttl, its store and its network view."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import CONTEXT, DEFAULT_CORPUS, DEFAULT_OUT, quiet_option, rules_option
from kg.lock import WAIT_SECONDS


@click.command(context_settings=CONTEXT)
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
@quiet_option("Print only errors and warnings; no progress bar.")
@rules_option
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=WAIT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="When another build is writing OUT, wait this long for it (0: stop at once).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Extract on the Dask cluster of this scheduler (tcp://HOST:8786) instead of local "
    "worker processes; needs pip install 'kg[cluster]' here and the same kg on every worker.",
)
def build(
    corpus: Path,
    out: Path,
    jobs: int | None,
    quiet: bool,
    rules_dir: Path | None,
    wait: float,
    scheduler: str | None,
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
    With --scheduler the articles are extracted on a Dask cluster and the output is the
    same, byte for byte. On a terminal each long step shows a progress bar (-q: none).

    Example:

    \b
      kg build corpus/ --out output/
      kg build archive/ --out archive-graph/ -j 2
      kg build archive/ --out archive-graph/ --scheduler tcp://10.0.0.5:8786
    """
    from kg.build.pipeline import build as run_build
    from kg.build.summary import messages, summary

    def waiting(pid: int | None) -> None:
        if not quiet:
            who = f"process {pid}" if pid else "another process"
            click.echo(
                f"waiting for the build in {who} to finish writing {out} (at most {wait:g} s)",
                err=True,
            )

    report = run_build(
        corpus,
        out,
        jobs=jobs,
        rules_dir=rules_dir,
        wait=wait,
        waiting=waiting,
        scheduler=scheduler,
    )
    for line in messages(report, quiet=quiet):
        click.echo(line, err=True)
    if not quiet:
        click.echo(summary(report))
