"""Open a graph for querying with Oxigraph: the persistent store that `kg build` keeps
beside graph.ttl when it is up to date, else the file parsed into memory.

rdflib parses and queries a million triples in minutes; Oxigraph does it in seconds
(issue 4 has the measurements), so every reader of a graph goes through here.
Queries see the union of the store's graphs (a TriG or N-Quads file keeps its named
graphs, and the superclass types of kg.hierarchy are in a graph of their own); `kg build`
writes everything into the default graph and, on a rebuild, edits
only the triples of the articles that changed (sync_store).

Oxigraph leaves undefined what a read-only open sees while another process writes the
store, so a store in place is never written: a build edits a copy and puts it in its
place, and a reader keeps the files it opened. A store that will not open is rebuilt
from the graph file rather than reported as an internal error.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.progress import reading
from kg.rdf.hierarchy import infer_types

STORE_SUFFIX = ".oxigraph"
"""graph.ttl's store is the folder graph.oxigraph beside it."""

STAMP = "kg-source.json"
"""A file in the store folder naming the size and modification time of the graph file
the store was written with: the store is used only while they still match."""

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
"""RDF formats by file suffix; anything else is read as Turtle."""


class StoreError(KgError):
    """A graph file or store that cannot be opened; the message says which and why."""


def store_path(graph_path: Path) -> Path:
    """Where the store of a graph file lives: output/graph.ttl -> output/graph.oxigraph."""
    graph_path = Path(graph_path)
    return graph_path.with_name(graph_path.stem + STORE_SUFFIX)


def rdf_format(path: Path) -> ox.RdfFormat:
    return FORMATS.get(Path(path).suffix.lower(), ox.RdfFormat.TURTLE)


def open_store(graph_path: Path) -> ox.Store:
    """A read-only view of the graph: its persistent store when fresh, else an in-memory load.

    A store that cannot be opened (damaged on disk, or half-replaced at this very moment)
    is rebuilt from the graph file, with a one-line note on stderr; when another process
    is writing the folder, the file is read into memory instead.
    """
    graph_path = Path(graph_path)
    if not graph_path.exists():
        raise StoreError(f"{graph_path}: no such file")
    if graph_path.is_dir():
        raise StoreError(f"{graph_path}: is a folder, not a graph file")
    folder = store_path(graph_path)
    if is_fresh(folder, graph_path):
        try:
            return ox.Store.read_only(str(folder))
        except (OSError, RuntimeError) as error:  # RuntimeError: RocksDB's "Corruption: …"
            return _repaired(graph_path, folder, _one_line(error))
    problem = _unreadable(folder)
    if problem:
        return _repaired(graph_path, folder, problem)
    return load_file(graph_path)  # no store, or one left from an older graph file


def _unreadable(folder: Path) -> str | None:
    """Why the store's place holds something that cannot be read as a store (a file, a
    folder kg may not enter); None when there is no store or its folder can be read."""
    try:
        (folder / STAMP).stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return error.strerror or type(error).__name__
    return None


def _repaired(graph_path: Path, folder: Path, problem: str) -> ox.Store:
    """The store of a graph file that would not open, rebuilt (under the folder's write
    lock, so never beside a running build); else the file in memory."""
    from kg.lock import Busy, output_lock

    try:
        with output_lock(graph_path.parent):
            documents = None
            if is_fresh(folder, graph_path):
                try:  # the open may have met a build publishing its store; try once more
                    return ox.Store.read_only(str(folder))
                except (OSError, RuntimeError):
                    documents = _manifest(folder)  # what it holds is what graph_path holds
            rebuild_store(graph_path, documents)
            _note(
                f"{folder} could not be opened ({_short(problem)}); "
                f"rebuilt it from {graph_path.name}"
            )
            return ox.Store.read_only(str(folder))
    except Busy:
        why = "another kg process is writing that folder"
    except (KgError, OSError, RuntimeError) as error:  # no room, no permission
        why = _one_line(error)
    _note(
        f"{folder} could not be opened ({_short(problem)}); "
        f"reading {graph_path.name} instead ({_short(why)})"
    )
    return load_file(graph_path)


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr, flush=True)


def _short(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def load_file(graph_path: Path) -> ox.Store:
    """The graph file parsed into a fresh in-memory store."""
    store = ox.Store()
    fmt = rdf_format(graph_path)
    try:
        _bulk_load(store, graph_path, f"reading {graph_path.name}")
        infer_types(store)
    except SyntaxError as error:
        raise StoreError(
            f"{graph_path}: cannot parse as {_format_name(fmt)}: {_one_line(error)}"
        ) from None
    except (OSError, ValueError) as error:
        raise StoreError(f"{graph_path}: cannot read the graph: {_one_line(error)}") from None
    return store


def _bulk_load(store: ox.Store, graph_path: Path, what: str) -> None:
    """The graph file into `store`, read through kg.progress: the bar counts bytes."""
    size = graph_path.stat().st_size
    with graph_path.open("rb") as file, reading(file, what, size) as loading:
        store.bulk_load(loading, format=rdf_format(graph_path))


def is_fresh(folder: Path, graph_path: Path) -> bool:
    """Whether the store was written together with the graph file as it is now."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == _signature(graph_path)


def write_stamp(folder: Path, graph_path: Path) -> None:
    """Mark the store as the twin of the graph file (call after the file is in place)."""
    (folder / STAMP).write_text(json.dumps(_signature(graph_path)), encoding="utf-8")


def _signature(graph_path: Path) -> dict:
    info = os.stat(graph_path)
    return {"file": Path(graph_path).name, "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _format_name(fmt: ox.RdfFormat) -> str:
    return fmt.name if hasattr(fmt, "name") else str(fmt)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


MANIFEST = "kg-build.json"
"""The store's record of what it holds: the fragment key of each document, so a rebuild
can take out exactly what changed."""
REBUILD_SHARE = 0.2
"""When more than this share of the documents changed, the store is loaded anew from
graph.ttl rather than edited: one bulk load beats many small edits."""


def held_documents(graph_path: Path) -> dict[str, str] | None:
    """{document IRI: fragment key} of a fresh store beside graph_path that opens, else None."""
    folder = store_path(graph_path)
    held = _manifest(folder) if is_fresh(folder, graph_path) else None
    try:
        if held is not None:
            ox.Store.read_only(str(folder))  # damaged files show here
    except (OSError, RuntimeError):
        return None
    return held


def _manifest(folder: Path) -> dict[str, str] | None:
    """The store's record {document IRI: fragment key}, or None when it has none."""
    try:
        documents = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return documents if isinstance(documents, dict) else None


def sync_store(
    graph_path: Path, counts: Counter, documents: list[tuple[str, str]], own_of, shared_of
) -> str | None:
    """Bring the store beside graph_path in line with the build that just wrote it; call
    with the folder's write lock held (kg.lock). Returns a note when the old store could
    not be read and was rebuilt from graph_path.

    Everything is in the default graph (three indexes, not six as in named graphs).
    When few documents changed, a copy of the store (hard links: cheap) gets their old
    triples taken out (the old fragments are still in the build cache) and their new
    ones put in, with the shared triples that appeared or went: `counts` says in how many
    documents of the new build each shared N-Triples line occurs, which tells, for the
    lines of changed documents, whether another document still has them. Otherwise, or
    when the store is missing or cannot be read, the copy is loaded anew from graph_path.
    The copy then takes the store's place (_publish): a store that readers may have open
    is never written, as Oxigraph requires. StoreError when it cannot be written.
    """
    folder, work = store_path(graph_path), _beside(store_path(graph_path), "next")
    new = dict(documents)
    note = None
    try:
        plan = _plan(folder, new, own_of, shared_of)
        try:
            source = (
                ox.Store.read_only(str(folder)) if folder.exists() or folder.is_symlink() else None
            )
            if plan is not None and source is not None:
                _edit_copy(source, work, plan, counts, own_of, shared_of)
        except (OSError, RuntimeError) as error:  # damaged: RocksDB says "Corruption: …"
            note = f"could not be read ({_short(_one_line(error))}); rebuilt from {graph_path.name}"
            plan = None
        source = None  # closed before it is replaced
        if plan is None:
            _load_copy(work, graph_path)
        _finish(work, graph_path, new)
    except (OSError, RuntimeError, SyntaxError, ValueError) as error:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"cannot write the store {folder}: {_one_line(error)}") from None
    return note


def rebuild_store(graph_path: Path, documents: dict[str, str] | None = None) -> None:
    """A new store for graph_path, loaded from the file (write lock held). `documents`:
    the record of what it holds for a later build, when known (kept from the store it
    replaces, if that one was the twin of this very file)."""
    folder, work = store_path(graph_path), _beside(store_path(graph_path), "next")
    try:
        _load_copy(work, graph_path)
        _finish(work, graph_path, documents)
    except (OSError, RuntimeError, SyntaxError, ValueError) as error:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"cannot write the store {folder}: {_one_line(error)}") from None


def _plan(folder: Path, new: dict[str, str], own_of, shared_of) -> tuple | None:
    """(the old fragment keys of the changed documents, their new ones), or None when the
    store is better loaded anew: no record of what it holds, too many changes, or the old
    fragments are no longer in the cache."""
    old = _manifest(folder)
    if old is None:
        return None
    try:
        changed = [iri for iri in sorted(new.keys() | old.keys()) if new.get(iri) != old.get(iri)]
        if len(changed) > REBUILD_SHARE * max(len(new), 1):
            return None
        old_keys = [old[iri] for iri in changed if iri in old]
        new_keys = [new[iri] for iri in changed if iri in new]
        for key in old_keys:
            own_of(key), shared_of(key)  # KeyError: not in the cache
    except (KeyError, TypeError, AttributeError):
        return None
    return old_keys, new_keys


def _edit_copy(
    source: ox.Store, work: Path, plan: tuple, counts: Counter, own_of, shared_of
) -> None:
    old_keys, new_keys = plan
    shutil.rmtree(work, ignore_errors=True)
    source.backup(str(work))  # hard links to the store's immutable files
    store = ox.Store(str(work))
    old_lines = {line for key in old_keys for line in shared_of(key).splitlines(keepends=True)}
    in_changed = Counter(
        line for key in new_keys for line in shared_of(key).splitlines(keepends=True)
    )
    gone = b"".join(sorted(line for line in old_lines if not counts.get(line)))
    added = b"".join(
        sorted(
            line
            for line in in_changed  # in no unchanged document, nor before
            if counts[line] == in_changed[line] and line not in old_lines
        )
    )
    for part in [*(own_of(key) for key in old_keys), gone]:
        for triple in _parse_part(part):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
    store.load(added, format=ox.RdfFormat.N_TRIPLES)
    for key in new_keys:
        store.load(_with_prefixes(own_of(key)), format=ox.RdfFormat.TURTLE)
    infer_types(store)
    store.flush()
    del store  # closed before it is published


def _load_copy(work: Path, graph_path: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    store = ox.Store(str(work))
    _bulk_load(store, graph_path, "loading the store")
    infer_types(store)
    store.flush()
    del store


def _finish(work: Path, graph_path: Path, documents: dict[str, str] | None) -> None:
    """Record what the new store holds, mark it the twin of graph_path, and put it in place."""
    if documents is not None:
        (work / MANIFEST).write_text(
            json.dumps({"documents": documents}, sort_keys=True), encoding="utf-8"
        )
    write_stamp(work, graph_path)
    _publish(work, store_path(graph_path))


def _publish(work: Path, folder: Path) -> None:
    """Put the finished store `work` in the place of `folder`. A reader that has the old
    store open keeps reading it (its files stay open after they are removed); a reader
    opening between the two renames finds no store and reads the graph file."""
    old = _beside(folder, "old")
    _remove(old)
    if folder.exists() or folder.is_symlink():
        os.rename(folder, old)
    os.rename(work, folder)
    _remove(old)


def _beside(folder: Path, role: str) -> Path:
    """A hidden working name next to the store: .graph.oxigraph.next, .graph.oxigraph.old."""
    return folder.with_name(f".{folder.name}.{role}")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _with_prefixes(part: bytes) -> bytes:
    from kg.rdf.turtle import header

    return header() + part


def _parse_part(part: bytes):
    """The triples of a fragment's own part (Turtle) or of N-Triples lines."""
    return ox.parse(_with_prefixes(part), format=ox.RdfFormat.TURTLE) if part else ()
