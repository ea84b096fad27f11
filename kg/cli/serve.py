"""`kg serve` and `kg push`: the graph for other tools, over HTTP."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import CONTEXT, graph_option, query_limit_options, quiet_option


@click.command(context_settings=CONTEXT)
@graph_option()
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
@query_limit_options(
    timeout_help="Seconds a query may run before the endpoint answers 503.",
    memory_help="Memory one query may take on top of the graph before the endpoint answers 503.",
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


@click.command(context_settings=CONTEXT)
@click.argument("url")
@graph_option()
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
@quiet_option("Print only errors; no progress bar.")
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

    report = run_push(store, target, chunk_size=chunk_size, timeout=timeout)
    if not quiet:
        click.echo(_pushed(report, target.shown_url))


def _pushed(report, url: str) -> str:
    """The closing line of kg push: what was sent where, and what became of stale graphs."""
    if report.deleted is None:
        stale = (
            "graphs of removed documents were not looked for: no query endpoint is known "
            "for this URL (give --query-url)"
        )
    else:
        plural = "" if report.deleted == 1 else "s"
        stale = f"{report.deleted} graph{plural} of removed documents deleted"
    return (
        f"{report.graphs} graphs, {report.triples} triples ({report.sent} sent: an entity is "
        f"described in each document's graph) -> {url}; {stale}"
    )
