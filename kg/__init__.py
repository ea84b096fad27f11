"""kg: a knowledge graph of Dutch policy texts about the sociaal domein.

The few calls a notebook or a script needs; the command line (`kg --help`) does the same.

    import kg
    kg.process("De RMO adviseert gemeenten om inwoners eerder te betrekken.")  # no files
    kg.build_graph("corpus", "output")                           # graph.ttl, store, view
    kg.query("recommendations", graph="output").rows             # a named question or SPARQL
    kg.query_frame("recommendations", graph="output")             # the same as a DataFrame
    kg.open_graph("output")                                      # the pyoxigraph store

Every import happens inside the function that needs it, so `import kg` (and `kg --help`)
stays fast. See docs/architecture.md for the packages behind these calls.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["__version__", "build_graph", "open_graph", "process", "query", "query_frame"]
# Not `build`: the stage package kg.build would replace that name on kg the moment it is
# first imported (Python sets a subpackage as an attribute of its parent).

_GRAPH_FILE = "graph.ttl"
"""kg.build.pipeline.GRAPH_FILE, which `open_graph(folder)` opens (named here, as importing
the pipeline for one name would cost more than the store it opens)."""


def __getattr__(name: str):
    """`kg.__version__`, looked up on first use (package metadata costs time at import)."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


@functools.cache
def _version() -> str:
    """The installed distribution's version; in a checkout that is not installed, the
    version in pyproject.toml beside the package."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:
        pass
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"


def build_graph(corpus, out="output", **options):
    """Build the graph of the articles in folder `corpus` into folder `out`, as `kg build`
    does (graph.ttl, the store, graph.html), and return the BuildReport.

    `options` are those of kg.build.pipeline.build: `jobs`, `rules_dir` (a folder with
    patterns.yaml and lexicon.yaml), `progress`, `wait`, `waiting`, `scheduler` (a Dask
    scheduler's address, with kg[cluster] installed). Raises a kg.errors.KgError
    whose message says what to fix (no articles, a broken rule file, a folder in use).
    """
    from kg.build.pipeline import build as run_build

    rules_dir = options.get("rules_dir")
    if rules_dir is not None:
        options["rules_dir"] = Path(rules_dir)
    return run_build(Path(corpus), Path(out), **options)


def process(text: str, name: str = "text.txt"):
    """Extract what kg's shipped rules and reference data find in `text`; writes nothing.

    The text is read as `kg build` reads a file called `name` with this text (markup
    stripped, the first line its title, page furniture and reader comments left out), except
    that a text of one line, a sentence or a paragraph to try, is all body. Returns a
    kg.extract.model.Extraction: `.entities` by key, `.facts` (subject, predicate, object,
    with the evidence sentence and rule), `.document`; offsets point into `.document.text`.
    """
    from dataclasses import replace

    from kg.build.pipeline import segmented
    from kg.corpus import source_from_bytes
    from kg.extract.relations import extract
    from kg.language.rulematch import document_time

    rules, reference = _shipped_rules()
    source = source_from_bytes(text.encode("utf-8"), name)
    with document_time(len(source.text)) as overruns:  # a runaway pattern is stopped, and said
        doc = segmented(source, rules.lexicon)
        if "\n" not in source.text.strip():
            doc = _all_body(doc, rules.lexicon)
        extraction = extract(doc, rules, reference)
    if overruns:
        extraction.document = replace(extraction.document, notes=doc.notes + tuple(overruns))
    return extraction


@functools.cache
def _shipped_rules():
    """kg's own rules and reference data, loaded once (a few seconds) per process."""
    from kg.language.reference import load_reference
    from kg.language.rules import load_rules

    return load_rules(), load_reference()


def _all_body(doc, lexicon):
    """The one-line document `doc` with its line read as body sentences, not as a title."""
    from dataclasses import replace

    from kg.extract.model import Sentence
    from kg.extract.segment import split_sentences

    text = doc.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    sentences = tuple(
        Sentence(i, s, e, text[s:e], 0, "body")
        for i, (s, e) in enumerate(split_sentences(text, start, end, lexicon))
    )
    return replace(doc, title="", title_span=None, sentences=sentences)


def open_graph(path="output"):
    """The graph at `path` as a read-only pyoxigraph Store: a graph file (graph.ttl, .nt,
    .trig …) or a build's output folder. The build's store is opened when it is fresh, else
    the file is parsed into memory, as `kg query` does."""
    from kg.rdf.store import open_store

    return open_store(_graph_file(path))


def query(
    question_or_sparql: str,
    graph="output",
    *,
    params=None,
    limit=None,
    timeout=30.0,
    as_frame=False,
):
    """Answer a shipped question by name ("recommendations"), a .rq file or SPARQL text, as
    `kg query` does: read-only, in a sandboxed worker, within `timeout` seconds.

    `graph`: a graph file, a build's output folder, or a store from `open_graph` (open it
    once to ask many questions). `params`: values for a question's parameters
    ({"name": "RMO"} for "about"). Returns a kg.read.query.Result: `.columns`, `.rows`
    (lists of strings, "" where unbound) and `.truncated` (True when `limit` cut rows);
    with `as_frame=True` a pandas DataFrame of the same columns and rows instead (pandas:
    `pip install "kg[pandas]"`), `attrs["truncated"]` saying whether rows were cut.
    """
    from kg.read.query import resolve_query, run_query

    sparql = resolve_query(question_or_sparql)
    store = graph if not isinstance(graph, (str, Path)) else open_graph(graph)
    result = run_query(store, sparql, timeout=timeout, limit=limit, params=params)
    return _frame(result) if as_frame else result


def query_frame(question_or_sparql: str, graph="output", **options):
    """`query(..., as_frame=True)`: the answer as a pandas DataFrame, for a notebook."""
    return query(question_or_sparql, graph, as_frame=True, **options)


def _frame(result):
    """A Result as a DataFrame: one column per variable, in the query's order."""
    try:
        import pandas
    except ImportError:
        from kg.errors import KgError

        raise KgError(
            'as_frame needs pandas: pip install "kg[pandas]" (or pip install pandas)'
        ) from None
    frame = pandas.DataFrame(result.rows, columns=result.columns, dtype="string")
    frame.attrs["truncated"] = result.truncated
    return frame


def _graph_file(path) -> Path:
    """`path`, or the graph file in it when it is a build's output folder."""
    path = Path(path)
    return path / _GRAPH_FILE if path.is_dir() else path
