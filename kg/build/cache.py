"""The build cache: each document's part of the graph, keyed by its content and by the
version of everything that extracts it, so a rebuild only processes what changed.

One SQLite file in the output folder (stdlib, one file, transactions: a build killed
half-way leaves a cache that is still consistent). A key names the document's file name,
the hash of its bytes and the pipeline version (rules, lexicon, reference data, code):
change a rule and every key changes, so everything is processed again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.resources import ontology_path, package_path

CACHE_FILE = ".kg-cache.sqlite"
_KG = Path(__file__).resolve().parent.parent

EXTRACTING = ("corpus", "language", "extract", "rdf")
"""The stage packages whose code decides what a document yields (with kg's top-level
modules: errors, text hygiene): editing any module in them re-extracts (new extraction
code is never served stale); editing a reader, a command or the web pages keeps the cache
(a changed help text must not re-extract an archive)."""


@dataclass(frozen=True)
class Fragment:
    """One document's part of the graph, ready to be written."""

    name: str  # file name in the corpus
    iri: str  # the document's IRI, by which the store's record knows what it holds
    own: bytes  # Turtle statements (no prefix lines) of the triples only this document has
    shared: bytes  # N-Triples lines (sorted) of entities and facts other documents may share
    own_triples: int
    entities: tuple[str, ...]  # entity keys
    facts: int
    notes: tuple[str, ...]  # what reading the file did ("repaired garbled text", …)
    corrections: tuple[
        tuple[str, int], ...
    ] = ()  # (correction id, facts it touched) in this document


def pipeline_version(extra: bytes = b"") -> str:
    """A hash of everything that decides what a document yields: the rules and lexicon,
    the reference data and the code of the EXTRACTING stages (and `extra`, e.g.
    corrections)."""
    h = hashlib.sha256()
    code = sorted(_KG.glob("*.py")) + [
        p for stage in EXTRACTING for p in sorted((_KG / stage).rglob("*.py"))
    ]
    files = code + sorted(package_path("language/data", "").glob("*.yaml"))
    reference = ontology_path("reference")
    files += sorted(p for p in reference.iterdir() if p.is_file()) if reference.is_dir() else []
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(extra)
    return h.hexdigest()[:20]


def fragment_key(version: str, name: str, sha256: str) -> str:
    return hashlib.sha256(f"{version}\0{name}\0{sha256}".encode()).hexdigest()[:32]


class CacheError(KgError):
    """The build cache cannot be written (disk full, no permission); the message names it."""


class FragmentCache:
    """Fragments by key, in OUT/.kg-cache.sqlite.

    A write that fails (a full disk) rolls back to the last commit, or removes the file
    when even that fails, and raises CacheError: the next build finds a usable cache.
    """

    def __init__(self, folder: Path):
        self.path = folder / CACHE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                self.db = self._open()
            except sqlite3.DatabaseError:  # damaged: a cache can always be rebuilt
                self.path.unlink(missing_ok=True)
                self.db = self._open()
        except (sqlite3.Error, OSError) as error:
            raise CacheError(
                f"cannot write the build cache {self.path}: {_reason(error)}"
            ) from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS fragment (key TEXT PRIMARY KEY, name TEXT, iri TEXT, "
            "own BLOB, shared BLOB, meta TEXT)"
        )
        db.execute("SELECT count(*) FROM fragment").fetchone()
        return db

    @staticmethod
    def keys_in(folder: Path) -> set[str]:
        """The keys cached in `folder`, read without creating anything there."""
        path = folder / CACHE_FILE
        if not path.is_file():
            return set()
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                return {key for (key,) in db.execute("SELECT key FROM fragment")}
            finally:
                db.close()
        except sqlite3.DatabaseError:  # damaged or foreign: as good as empty
            return set()

    def put(self, key: str, fragment: Fragment) -> None:
        meta = json.dumps(
            {
                "own_triples": fragment.own_triples,
                "entities": fragment.entities,
                "facts": fragment.facts,
                "notes": fragment.notes,
                "corrections": fragment.corrections,
            }
        )
        with self._writing():
            self.db.execute(
                "INSERT OR REPLACE INTO fragment VALUES (?, ?, ?, ?, ?, ?)",
                (key, fragment.name, fragment.iri, fragment.own, fragment.shared, meta),
            )

    def commit(self) -> None:
        with self._writing():
            self.db.commit()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as error:
            try:
                self.db.rollback()
            except (sqlite3.Error, OSError):  # the file cannot be trusted: start afresh next time
                self.db.close()
                for suffix in ("", "-journal", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            raise CacheError(
                f"cannot write the build cache {self.path}: {_reason(error)}"
            ) from None

    def own(self, key: str) -> bytes:
        """A fragment's own part; KeyError when the cache no longer has it."""
        row = self.db.execute("SELECT own FROM fragment WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return row[0]

    def shared(self, key: str) -> bytes:
        """A fragment's shared part; KeyError when the cache no longer has it."""
        row = self.db.execute("SELECT shared FROM fragment WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return row[0]

    def summaries(self, keys: list[str]):
        """(key, iri, shared, meta) of each key, in the order given, without the big own part."""
        rows = {
            key: (iri, shared, meta)
            for key, iri, shared, meta in self.db.execute(
                "SELECT key, iri, shared, meta FROM fragment"
            )
        }
        for key in keys:
            iri, shared, meta = rows[key]
            yield key, iri, shared, json.loads(meta)

    def keep_only(self, keys: set[str]) -> None:
        """Forget fragments this build did not use, so the cache does not grow without end."""
        stored = [key for (key,) in self.db.execute("SELECT key FROM fragment")]
        stale = [key for key in stored if key not in keys]
        with self._writing():
            for i in range(0, len(stale), 500):
                chunk = stale[i : i + 500]
                self.db.execute(
                    f"DELETE FROM fragment WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
            self.db.commit()

    def close(self) -> None:
        self.db.close()


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
