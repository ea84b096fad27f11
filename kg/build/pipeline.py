"""Build the graph of a corpus folder: read, extract (in worker processes, cached),
write graph.ttl and the store.

Each article is extracted on its own, so the work spreads over all cores and its result
(a fragment of the graph) can be cached by content: a rebuild only extracts the articles
that are new or changed, or all of them when a rule, the reference data or the code
changed. graph.ttl is replaced atomically and the store is brought in line after it, so
an interrupted build leaves the previous output usable.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from kg.atomic import atomic_open
from kg.build.cache import CACHE_FILE, Fragment, FragmentCache, fragment_key, pipeline_version
from kg.build.cluster import ClusterError, connect
from kg.corpus import Skipped, Source, SourceError, iter_corpus
from kg.errors import CorpusError
from kg.extract.corrections import apply_corrections
from kg.language.corrections import corrections_path, load_corrections
from kg.lock import LOCK_FILE, WAIT_SECONDS, output_lock
from kg.progress import tracked
from kg.rdf.store import held_documents, store_path, sync_store
from kg.rdf.turtle import shared_body, turtle_chunks
from kg.web.render import render_file

GRAPH_FILE = "graph.ttl"
VIEW_FILE = "graph.html"
VIEW_MAX_DOCUMENTS = 500
"""Above this many articles the build leaves the network view to `kg render`: the page
reads every evidence node (about 20 ms per article, 40 s for 2,000) and shows at most
5,000 nodes anyway, and a rebuild after one change must stay a matter of seconds."""

Progress = Callable[[int, int, str], None]
"""progress(done, total, file name): called as each article is extracted."""


@dataclass
class BuildReport:
    documents: int = 0
    extracted: int = 0  # documents extracted anew (the others came from the cache)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file name, what was done)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file name, rule overrun)
    entities: int = 0
    facts: int = 0
    triples: int = 0
    outputs: list[Path] = field(default_factory=list)
    corrections: dict[str, int] = field(default_factory=dict)  # correction id -> facts it touched
    unused_corrections: list = field(
        default_factory=list
    )  # kg.extract.model.Correction that matched nothing


def build(
    corpus: Path,
    out: Path,
    progress: Progress | None = None,
    jobs: int | None = None,
    rules_dir: Path | None = None,
    wait: float = WAIT_SECONDS,
    waiting: Callable[[int | None], None] | None = None,
    scheduler: str | None = None,
) -> BuildReport:
    """`rules_dir`: a folder with patterns.yaml and lexicon.yaml to use instead of kg's own.
    `scheduler`: the address of a Dask scheduler (tcp://HOST:8786) whose workers extract
    the articles instead of local processes (kg.build.cluster); the output is the same.

    The whole build holds OUT's write lock (kg.lock): when another build holds it, this
    one calls `waiting(its pid)` and waits up to `wait` seconds, then raises Busy. The
    corpus is read once the lock is held, so the build that waited sees the latest articles.
    """
    with output_lock(out, wait, waiting):
        return _build(corpus, out, progress, jobs, rules_dir, scheduler)


def output_paths(out: Path) -> list[Path]:
    """OUT and every path a build writes in it."""
    return [
        out,
        out / GRAPH_FILE,
        out / VIEW_FILE,
        store_path(out / GRAPH_FILE),
        out / CACHE_FILE,
        out / LOCK_FILE,
    ]


def _not_articles(corpus: Path, out: Path) -> list[Path]:
    """What the corpus walk must not read when outputs sit inside the corpus (`kg build .`,
    `--out` equal to the corpus): OUT and the files a build writes there, and those of an
    earlier build into the corpus folder itself. (Other folders an earlier build wrote
    into hold its lock file, which the walk takes as the mark of an output folder.)"""
    skip = output_paths(out)
    if (corpus / LOCK_FILE).exists():
        skip += output_paths(corpus)[1:]
    return skip


def _build(
    corpus: Path,
    out: Path,
    progress: Progress | None,
    jobs: int | None,
    rules_dir: Path | None,
    scheduler: str | None = None,
) -> BuildReport:
    report = BuildReport()
    corrections = load_corrections(corrections_path(corpus))  # a broken file stops the build here
    pipeline = (str(rules_dir) if rules_dir else None, tuple(corrections))
    version = pipeline_version(_version_extra(*pipeline))
    cached = FragmentCache.keys_in(out)
    # an article whose bytes the cache knows is not decoded again: only its key is needed
    sources = _read_corpus(
        corpus,
        report,
        known=lambda name, sha: fragment_key(version, name, sha) in cached,
        skip=_not_articles(corpus, out),
    )
    if not sources:
        why = f"no articles to read in {corpus}"
        if report.skipped:  # say which files and why, as a normal build does
            why += (
                f" ({len(report.skipped)} file(s) skipped: "
                + "; ".join(f"{_shortened(name)}: {reason}" for name, reason in report.skipped[:5])
                + ("; …" if len(report.skipped) > 5 else "")
                + ")"
            )
        raise CorpusError(why)
    keys = {s.name: fragment_key(version, s.name, s.sha256) for s in sources}
    todo = [s for s in sources if keys[s.name] not in cached]
    if todo:
        _load_pipeline(*pipeline)  # a broken rule file stops the build here, before any extraction
    cluster = connect(scheduler) if scheduler else None  # unreachable: stop before writing
    cache = None
    try:
        cache = FragmentCache(out)
        done = len(sources) - len(todo)
        if cluster:
            extracted = cluster.extract(todo, _extract_batch, _worker_setup(version, *pipeline))
        else:
            extracted = _extract_all(todo, jobs, pipeline)
        for source, result in tracked(extracted, "extracting", len(todo)):
            done += 1
            if isinstance(result, str):
                report.skipped.append((source.name, result))
                del keys[source.name]
            else:
                cache.put(keys[source.name], result)
                report.extracted += 1
            if progress:
                progress(done, len(sources), source.name)
        cache.commit()
        if not keys:
            raise CorpusError(f"no article of {corpus} could be processed (see the messages above)")
        _write(cache, keys, out, report)
        cache.keep_only(set(keys.values()))
    finally:
        if cache is not None:
            cache.close()
        if cluster:
            cluster.close()
    report.skipped.sort()
    report.unused_corrections = [c for c in corrections if c.id not in report.corrections]
    if report.documents <= VIEW_MAX_DOCUMENTS:
        report.outputs.append(
            render_file(out / GRAPH_FILE, out / VIEW_FILE).path
        )  # the network view, read from disk
    else:  # an old view would show a graph that is no more
        (out / VIEW_FILE).unlink(missing_ok=True)
        report.notes.append(
            (
                VIEW_FILE,
                f"not written for more than {VIEW_MAX_DOCUMENTS:,} articles; "
                "`kg render --focus NAME` or `kg render --type TYPE` draws a part",
            )
        )
    return report


def _shortened(name: str, width: int = 80) -> str:
    """A file name cut in the middle when long (a corpus nested a thousand folders deep)."""
    return (
        name if len(name) <= width else f"{name[: width // 3]}…{name[-(width - width // 3 - 1) :]}"
    )


def _read_corpus(corpus: Path, report: BuildReport, known=None, skip=()) -> list[Source]:
    try:
        items = list(iter_corpus(corpus, known, skip, marker=LOCK_FILE))
    except SourceError as e:
        raise CorpusError(e.message) from None
    sources: list[Source] = []
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append((item.name, item.reason))
        elif item.sha256 in seen:
            report.skipped.append((item.name, f"same text as {seen[item.sha256]}"))
        else:
            seen[item.sha256] = item.name
            sources.append(item)
    return sources


def _write(cache: FragmentCache, keys: dict[str, str], out: Path, report: BuildReport) -> None:
    """graph.ttl from the fragments in name order, then the store beside it."""
    names = sorted(keys)
    counts: Counter[bytes] = Counter()  # shared N-Triples line -> documents that have it
    entities: set[str] = set()
    own_triples = 0
    documents: list[tuple[str, str]] = []  # (document IRI, fragment key)
    summaries = zip(names, cache.summaries([keys[name] for name in names]), strict=True)
    for name, (key, iri, shared, meta) in tracked(summaries, "collecting", len(names)):
        counts.update(shared.splitlines(keepends=True))
        entities.update(meta["entities"])
        report.facts += meta["facts"]
        report.notes += [(name, note) for note in meta["notes"]]
        report.warnings += [(name, warning) for warning in meta.get("warnings", ())]
        for cid, count in meta.get("corrections", []):
            report.corrections[cid] = report.corrections.get(cid, 0) + count
        own_triples += meta["own_triples"]
        documents.append((iri, key))
    report.documents = len(names)
    report.entities = len(entities)
    report.triples = own_triples + len(counts)
    target = out / GRAPH_FILE
    report.outputs.append(target)
    if held_documents(target) == dict(documents):
        return  # the same fragments as the build that wrote graph.ttl and its store: same bytes
    shared = shared_body(counts)
    with atomic_open(target, "wb") as f:
        owns = (cache.own(key) for _, key in tracked(documents, f"writing {GRAPH_FILE}"))
        for chunk in turtle_chunks(shared, owns):
            f.write(chunk)
    note = sync_store(target, counts, documents, cache.own, cache.shared)
    if note:
        report.notes.append((store_path(target).name, note))


# --- extraction in worker processes -------------------------------------------------------

_PIPELINE = None  # (rules, reference, corrections) in a worker, loaded once per process
_PIPELINE_ARGS = None  # the (rules folder, corrections) it was loaded for


def _extract_all(
    sources: list[Source], jobs: int | None, pipeline: tuple
) -> Iterator[tuple[Source, Fragment | str]]:
    """(source, fragment or the reason it failed) for each source, in the order given."""
    if not sources:
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(sources) < 4:
        _load_pipeline(*pipeline)
        for source in sources:
            yield source, _extract_one(source)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    _load_pipeline(*pipeline)  # before forking: the workers inherit the compiled rules
    chunk = max(1, min(32, len(sources) // (jobs * 8)))
    with context.Pool(jobs, initializer=_load_pipeline, initargs=pipeline) as pool:
        yield from zip(sources, pool.imap(_extract_one, sources, chunksize=chunk), strict=True)


def _load_pipeline(rules_dir: str | None = None, corrections: tuple = ()) -> None:
    """Rules (kg's, or those of `rules_dir`), reference data and corrections, loaded once per
    process for these arguments."""
    global _PIPELINE, _PIPELINE_ARGS
    if _PIPELINE is None or _PIPELINE_ARGS != (rules_dir, corrections):
        from kg.language.reference import load_reference
        from kg.language.rules import load_rules, rule_files

        files = rule_files(Path(rules_dir)) if rules_dir else ()
        rules = load_rules(*files) if files else load_rules()
        _PIPELINE = (rules, load_reference(), corrections)
        _PIPELINE_ARGS = (rules_dir, corrections)


def _worker_setup(version: str, rules_dir: str | None, corrections: tuple) -> tuple:
    """What a cluster worker needs to extract as this build does: its pipeline version,
    the rule files' contents (the worker has no access to the client's folder) and the
    corrections."""
    from kg.language.rules import rule_files

    files = rule_files(Path(rules_dir)) if rules_dir else ()
    return version, tuple((p.name, p.read_bytes()) for p in files), corrections


_WORKER_LOCK = threading.Lock()
_WORKER_RULES: dict[tuple, str] = {}  # shipped rule files -> the folder they were written to
_WORKER_CHECKED: set[tuple] = set()  # (version, rules folder, corrections) found to be this kg's


def _extract_batch(sources: list[Source], setup: tuple) -> list[Fragment | str]:
    """On a Dask worker (kg.build.cluster): the fragments of a batch, extracted with the
    client's rules and corrections. ClusterError when this worker's kg (its code, rules or
    reference data) is not the client's, whose cache would then hold other fragments."""
    version, rule_texts, corrections = setup
    with _WORKER_LOCK:
        rules_dir = None
        if rule_texts:
            if rule_texts not in _WORKER_RULES:
                folder = Path(tempfile.mkdtemp(prefix="kg-rules-"))
                for name, data in rule_texts:
                    (folder / name).write_bytes(data)
                _WORKER_RULES[rule_texts] = str(folder)
            rules_dir = _WORKER_RULES[rule_texts]
        if (version, rules_dir, corrections) not in _WORKER_CHECKED:
            mine = pipeline_version(_version_extra(rules_dir, corrections))
            if mine != version:
                raise ClusterError(
                    f"the Dask worker on {socket.gethostname()} runs another kg than this "
                    f"build (pipeline version {mine}, not {version}): install the same kg "
                    "on every worker"
                )
            _WORKER_CHECKED.add((version, rules_dir, corrections))
        _load_pipeline(rules_dir, corrections)
    return [_extract_one(source) for source in sources]


def _version_extra(rules_dir: str | None, corrections: tuple) -> bytes:
    """What the rules folder and the corrections add to the cache's pipeline version."""
    from kg.language.rules import rule_files

    files = rule_files(Path(rules_dir)) if rules_dir else ()
    # where an entry stands in the file does not change what it does
    return (
        b"".join(p.read_bytes() for p in files)
        + repr([replace(c, line=0) for c in corrections]).encode()
    )


def _extract_one(source: Source) -> Fragment | str:
    try:
        return fragment(source, *_PIPELINE)
    except Exception as e:  # a bug on one article must not lose the others
        if os.environ.get("KG_DEBUG"):
            raise
        return (
            f"extraction failed (internal error {type(e).__name__}: {e}; "
            "run with KG_DEBUG=1 and please report it)"
        )


def segmented(source: Source, lexicon):
    """The parts of one read file (kg.extract.segment), with what the file states about
    itself (date, address, publisher): the one step from corpus to extract."""
    from kg.extract.segment import segment

    return segment(
        source.name,
        source.text,
        lexicon,
        encoding=source.encoding,
        sha256=source.sha256,
        notes=source.notes,
        issued=source.metadata.issued,
        source_url=source.metadata.source,
        publisher=source.metadata.publisher,
    )


def fragment(source: Source, rules, reference, corrections: tuple = ()) -> Fragment:
    """One article through segmentation, the rules and the analyst's corrections, as its
    fragment of the graph."""
    from kg.extract.relations import extract
    from kg.language.rulematch import document_time
    from kg.rdf.triples import build_triples, document_triples
    from kg.rdf.turtle import body, ntriples, sort_triples

    with document_time(len(source.text)) as overruns:  # a rule that runs out: a warning
        doc = segmented(source, rules.lexicon)
        extraction, used = apply_corrections(extract(doc, rules, reference), list(corrections))
    parts = document_triples(extraction)
    own = sort_triples(parts.own)
    shared = ntriples(parts.shared + build_triples(parts.rules, rules, parts.topics))
    return Fragment(
        source.name,
        parts.iri.value,
        body(own),
        shared,
        len(own),
        tuple(sorted(extraction.entities)),
        len(extraction.facts),
        tuple(source.notes),
        tuple(sorted(used.items())),
        tuple(overruns),
    )
