"""The `kg` command group and its error contract; the commands live one module per group
of commands (build, query, explain, rules, correct, serve, export) and only parse
options, call the library and print."""

from __future__ import annotations

import os
import sys

import click

from kg import progress
from kg.cli.build import build
from kg.cli.correct import correct
from kg.cli.evaluate import eval_command
from kg.cli.explain import explain
from kg.cli.export import diff, export, render, stats, validate
from kg.cli.options import CONTEXT
from kg.cli.query import query
from kg.cli.rules import rules
from kg.cli.serve import push, serve
from kg.cli.terminal import shown_streams
from kg.errors import KgError


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr and exit code 1: never a traceback.
    Everything printed goes through kg.cli.terminal, which shows control characters as escapes."""

    def main(self, *args, **kwargs):
        # progress bars draw with \r, so they go to the raw stream (their text is kg's own)
        with progress.shown_on(getattr(sys.stderr, "unguarded", sys.stderr)), shown_streams():
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


for _command in (
    build,
    query,
    export,
    explain,
    validate,
    rules,
    diff,
    correct,
    serve,
    push,
    render,
    stats,
    eval_command,
):
    cli.add_command(_command)
