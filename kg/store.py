"""Open a graph for querying with Oxigraph: the persistent store that `kg build` keeps
beside graph.ttl when it is up to date, else the file parsed into memory.

rdflib parses and queries a million triples in minutes; Oxigraph does it in seconds
(issue 4 has the measurements), so every reader of a graph goes through here.
Queries see the union of the store's graphs (a TriG or N-Quads file keeps its named
graphs); `kg build` writes everything into the default graph and, on a rebuild, edits
only the triples of the articles that changed (sync_store).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError

STORE_SUFFIX = ".oxigraph"
"""graph.ttl's store is the folder graph.oxigraph beside it."""

STAMP = "kg-source.json"
"""A file in the store folder naming the size and modification time of the graph file
the store was written with: the store is used only while they still match."""

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES, ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
"""RDF formats by file suffix; anything else is read as Turtle."""


class StoreError(KgError):
    """A graph file or store that cannot be opened; the message says which and why."""


def store_path(graph_path: Path) -> Path:
    """Where the persistent store of a graph file lives: output/graph.ttl -> output/graph.oxigraph."""
    graph_path = Path(graph_path)
    return graph_path.with_name(graph_path.stem + STORE_SUFFIX)


def rdf_format(path: Path) -> ox.RdfFormat:
    return FORMATS.get(Path(path).suffix.lower(), ox.RdfFormat.TURTLE)


def open_store(graph_path: Path) -> ox.Store:
    """A read-only view of the graph: its persistent store when fresh, else an in-memory load."""
    graph_path = Path(graph_path)
    if not graph_path.exists():
        raise StoreError(f"{graph_path}: no such file")
    if graph_path.is_dir():
        raise StoreError(f"{graph_path}: is a folder, not a graph file")
    folder = store_path(graph_path)
    if is_fresh(folder, graph_path):
        try:
            return ox.Store.read_only(str(folder))
        except OSError:
            pass  # locked or damaged: the file is the truth, read it instead
    return load_file(graph_path)


def load_file(graph_path: Path) -> ox.Store:
    """The graph file parsed into a fresh in-memory store."""
    store = ox.Store()
    fmt = rdf_format(graph_path)
    try:
        store.bulk_load(path=str(graph_path), format=fmt)
    except SyntaxError as error:
        raise StoreError(f"{graph_path}: cannot parse as {_format_name(fmt)}: {_one_line(error)}") from None
    except (OSError, ValueError) as error:
        raise StoreError(f"{graph_path}: cannot read the graph: {_one_line(error)}") from None
    return store


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
    """{document IRI: fragment key} of a fresh store beside graph_path, else None."""
    folder = store_path(graph_path)
    if not is_fresh(folder, graph_path):
        return None
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def sync_store(graph_path: Path, counts: Counter, documents: list[tuple[str, str]], own_of, shared_of) -> None:
    """Bring the store beside graph_path in line with the build that just wrote it.

    Everything is in the default graph (three indexes, not six as in named graphs).
    When few documents changed, their old triples are taken out (the old fragments are
    still in the build cache) and their new ones put in, with the shared triples that
    appeared or went: `counts` says in how many documents of the new build each shared
    N-Triples line occurs, which tells, for the lines of changed documents, whether
    another document still has them. Otherwise, or when the store is missing, damaged or
    was left half-written, the store is loaded anew from graph.ttl. It is marked fresh
    (write_stamp) only at the end.
    """
    import shutil

    folder = store_path(graph_path)
    new = dict(documents)
    try:
        old = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["documents"]
        changed = [iri for iri in sorted(new.keys() | old.keys()) if new.get(iri) != old.get(iri)]
        if len(changed) > REBUILD_SHARE * max(len(new), 1):
            raise ValueError("too many changes")
        old_keys = [old[iri] for iri in changed if iri in old]
        new_keys = [new[iri] for iri in changed if iri in new]
        old_parts = [own_of(key) for key in old_keys]  # KeyError: not in the cache
        old_lines = {line for key in old_keys for line in shared_of(key).splitlines(keepends=True)}
        store = ox.Store(str(folder))
    except (OSError, ValueError, KeyError, TypeError):
        shutil.rmtree(folder, ignore_errors=True)
        store = ox.Store(str(folder))
        store.bulk_load(path=str(graph_path), format=ox.RdfFormat.TURTLE)
    else:
        (folder / STAMP).unlink(missing_ok=True)
        (folder / MANIFEST).unlink(missing_ok=True)  # until the end, the store is not to be trusted
        in_changed = Counter(line for key in new_keys for line in shared_of(key).splitlines(keepends=True))
        gone = b"".join(sorted(line for line in old_lines if not counts.get(line)))
        added = b"".join(sorted(line for line in in_changed  # in no unchanged document, nor before
                                if counts[line] == in_changed[line] and line not in old_lines))
        for part in [*old_parts, gone]:
            for triple in _parse_part(part):
                store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
        store.load(added, format=ox.RdfFormat.N_TRIPLES)
        for key in new_keys:
            store.load(_with_prefixes(own_of(key)), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store  # closed before it is marked fresh
    (folder / MANIFEST).write_text(json.dumps({"documents": new}, sort_keys=True), encoding="utf-8")
    write_stamp(folder, graph_path)


def _with_prefixes(part: bytes) -> bytes:
    from kg.turtle import header

    return header() + part


def _parse_part(part: bytes):
    """The triples of a fragment's own part (Turtle) or of N-Triples lines."""
    return ox.parse(_with_prefixes(part), format=ox.RdfFormat.TURTLE) if part else ()
