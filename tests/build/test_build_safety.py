"""Builds and readers under faults and at the same time (issue 11): two builds into one
output, a damaged store, an output folder inside the corpus, a full disk, an unwritable
output, a corpus nested very deep. Each ends in a working graph or one clear line."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import cache
from kg.build.pipeline import build
from kg.cli.main import cli
from kg.lock import output_lock
from kg.rdf import store
from kg.rdf.store import is_fresh, open_store, store_path

SEEDS = Path(__file__).resolve().parents[2] / "corpus"  # the five seed articles
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NEW_SENTENCE = "\nDe gemeente Zwolle adviseert het kabinet om de Jeugdwet te evalueren.\n"


def kg(*args):
    """`kg ARGS` in this process."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def kg_process(*args, cwd=None) -> subprocess.Popen:
    """`python -m kg ARGS` in a process of its own (it inherits PYTHONPATH)."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def one_error_line(result) -> str:
    """The single `Error: …` line of a failed command (no traceback, no internal error)."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    return lines[0]


def triples_in_store(graph: Path) -> int:
    """The triple count of the store beside `graph`, opened as kg's readers open it."""
    assert is_fresh(store_path(graph), graph)
    return len(ox.Store.read_only(str(store_path(graph))))


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    """OUT of one build of the seed corpus; copy it before changing anything."""
    out = tmp_path_factory.mktemp("seed-build") / "out"
    build(SEEDS, out)
    return out


@pytest.fixture()
def built(seed_build, tmp_path) -> Path:
    """A private copy of the seed build's output folder."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    return out


def articles(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


# --------------------------------------------------------------------------- two builds at once


def test_two_builds_into_one_output_at_once_leave_a_working_store(corpus, tmp_path):
    out = tmp_path / "out"
    changes = [
        # one article: the store is edited
        lambda: articles(corpus)[1].open("a", encoding="utf-8").write(NEW_SENTENCE),
        # more than a fifth: the store is loaded anew
        lambda: [a.open("a", encoding="utf-8").write(NEW_SENTENCE) for a in articles(corpus)[2:]],
        lambda: articles(corpus)[0].rename(corpus / "zz-renamed.txt"),
    ]
    for change in changes:
        change()
        first, second = (
            kg_process("build", corpus, "--out", out),
            kg_process("build", corpus, "--out", out),
        )
        for code, _, err in (finish(first), finish(second)):
            assert code == 0 and "Error" not in err, err

    code, _, err = finish(kg_process("build", corpus, "--out", out))
    assert code == 0 and "Error" not in err, err
    clean = tmp_path / "clean"
    build(corpus, clean)
    assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert triples_in_store(out / "graph.ttl") == triples_in_store(clean / "graph.ttl")
    for command in (["query", COUNT], ["explain", "RMO"]):
        here, there = (kg(*command, "--graph", folder / "graph.ttl") for folder in (out, clean))
        assert here.exit_code == 0 and there.exit_code == 0, here.stderr
        assert here.stdout == there.stdout and here.stderr == ""


def test_second_build_into_a_busy_output_waits_then_names_the_process(corpus, tmp_path):
    out = tmp_path / "out"
    with output_lock(out):  # as a build in this process would hold it
        code, _, err = finish(kg_process("build", corpus, "--out", out, "--wait", "0.5"))
    assert code == 1, err
    waiting, error = err.strip().splitlines()
    pid = os.getpid()
    expected = f"waiting for the build in process {pid} to finish writing {out} (at most 0.5 s)"
    assert waiting == expected
    assert error.startswith(
        f"Error: {out} is being written by another kg build (process {os.getpid()})"
    )
    assert not (out / "graph.ttl").exists()


def test_a_waiting_build_goes_on_once_the_other_build_has_finished(corpus, tmp_path):
    out = tmp_path / "out"
    held, release = threading.Event(), threading.Event()

    def other_build():
        with output_lock(out):
            held.set()
            release.wait(60)

    other = threading.Thread(target=other_build)
    other.start()
    held.wait(60)
    seen = []
    report = build(corpus, out, wait=60, waiting=lambda pid: (seen.append(pid), release.set()))
    other.join()
    assert seen == [os.getpid()] and report.documents == 5
    assert (out / "graph.ttl").is_file()


@pytest.mark.skipif(
    not hasattr(os, "fork"), reason="extraction workers are forked only where fork exists"
)
def test_a_build_worker_that_outlives_its_build_holds_no_lock(tmp_path):
    out = tmp_path / "out"
    (read, write), (started, ready) = os.pipe(), os.pipe()
    with output_lock(out):
        worker = os.fork()  # as multiprocessing forks the extraction workers
        if worker == 0:  # the worker: says it runs, then lives on until the test lets it go
            os.write(ready, b"x")
            os.read(read, 1)
            os._exit(0)
        os.read(started, 1)
    try:
        with output_lock(out):  # the build has ended: the folder is free, the worker alive
            pass
    finally:
        os.write(write, b"x")
        os.waitpid(worker, 0)


# --------------------------------------------------------------------------- a damaged store


def _garble_tables(folder: Path) -> None:
    for table in folder.glob("*.sst"):
        data = bytearray(table.read_bytes())
        data[len(data) // 3 : len(data) // 3 + 64] = b"\xff" * 64
        table.write_bytes(bytes(data))


def _truncate_all(folder: Path) -> None:
    for path in folder.iterdir():
        if not path.name.startswith("kg-"):
            path.write_bytes(b"")


def _a_file_in_its_place(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.write_text("not a store")


DAMAGE = {
    "garbled CURRENT": lambda folder: (folder / "CURRENT").write_text("garbage\n"),
    "truncated files": _truncate_all,
    "garbled tables": _garble_tables,
    "missing table": lambda folder: max(folder.glob("*.sst")).unlink(),
    "a file in its place": _a_file_in_its_place,
}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("opener", ["build", "query", "explain", "serve"])
def test_damaged_store_is_rebuilt_from_graph_ttl_with_a_one_line_note(
    built, damage, opener, capsys
):
    graph, folder = built / "graph.ttl", store_path(built / "graph.ttl")
    expected = triples_in_store(graph)
    DAMAGE[damage](folder)
    if opener == "serve":  # kg serve opens its graph with open_store
        answer = open_store(graph)
        assert len(answer) == expected
        notes = capsys.readouterr().err
    else:
        command = {
            "build": ["build", SEEDS, "--out", built],
            "query": ["query", COUNT, "--graph", graph],
            "explain": ["explain", "RMO", "--graph", graph],
        }[opener]
        result = kg(*command)
        assert result.exit_code == 0, result.stderr
        notes = result.stderr
        if opener == "query":
            assert str(expected) in result.stdout
    lines = [line for line in notes.splitlines() if line.startswith("note")]
    assert len(lines) == 1 and "graph.oxigraph" in lines[0] and "rebuilt" in lines[0], notes
    assert "Error" not in notes
    assert triples_in_store(graph) == expected  # the store is whole again
    leftovers = sorted(p.name for p in built.iterdir() if ".oxigraph." in p.name)
    assert leftovers == []  # no working copies left


def test_damaged_store_is_read_from_graph_ttl_while_a_build_holds_the_output(built):
    graph = built / "graph.ttl"
    expected = triples_in_store(graph)
    DAMAGE["garbled CURRENT"](store_path(graph))
    with output_lock(built):
        result = kg("query", COUNT, "--graph", graph)
    assert result.exit_code == 0 and str(expected) in result.stdout
    (note,) = result.stderr.splitlines()
    assert note.startswith("note: ") and "reading graph.ttl instead" in note


def test_readers_opening_the_store_while_builds_write_it_always_see_a_whole_graph(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out)
    whole = len(open_store(out / "graph.ttl"))
    removed = articles(corpus)[0]
    removed.unlink()
    build(corpus, out)
    smaller = len(open_store(out / "graph.ttl"))
    assert whole != smaller
    script = (
        f"import shutil, sys\nfrom pathlib import Path\nfrom kg.build.pipeline import build\n"
        f"text = {str(SEEDS / removed.name)!r}\n"
        f"for i in range(6):\n"
        f"    target = Path({str(removed)!r})\n"
        f"    shutil.copy(text, target) if i % 2 == 0 else target.unlink()\n"
        f"    build(Path({str(corpus)!r}), Path({str(out)!r}), jobs=1)\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    seen = []
    while writer.poll() is None or len(seen) < 3:
        seen.append(len(open_store(out / "graph.ttl")))
    assert writer.wait() == 0, writer.stderr.read()
    assert set(seen) <= {whole, smaller}
    assert triples_in_store(out / "graph.ttl") == smaller


# ------------------------------------------------------------------- output inside the corpus


def test_build_inside_its_corpus_does_not_read_its_old_output(corpus, tmp_path, monkeypatch):
    clean = tmp_path / "clean"
    build(corpus, clean)
    monkeypatch.chdir(corpus)
    for args in (
        ["build", "."],
        ["build", "."],
        ["build", ".", "--out", "."],
        ["build", ".", "--out", "."],
        ["build", ".", "--out", tmp_path / "elsewhere"],
        ["build", "."],
    ):
        result = kg(*args)
        assert result.exit_code == 0, result.stderr
        assert "5 documents read" in result.stdout, result.stdout
    for out in (corpus / "output", corpus, tmp_path / "elsewhere"):
        assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()


# -------------------------------------------------------------- full disk, unwritable output


def _full_after_one_more_page(real_open):
    def _open(self):
        db = real_open(self)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite then answers as on a full disk
        return db

    return _open


class _FillingConnection:
    """A cache connection whose second fragment write raises ENOSPC once the row is in."""

    def __init__(self, db):
        self._db, self._writes = db, 0

    def execute(self, sql, *args):
        cursor = self._db.execute(sql, *args)
        if sql.startswith("INSERT"):
            self._writes += 1
            if self._writes == 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return cursor

    def __getattr__(self, name):
        return getattr(self._db, name)


@pytest.mark.parametrize("how", ["SQLite finds the disk full", "a write raises ENOSPC"])
def test_full_disk_during_the_cache_write_is_one_line_and_the_next_build_works(
    built, corpus, tmp_path, monkeypatch, how
):
    before = (built / "graph.ttl").read_bytes()
    for article in articles(corpus)[:2]:
        article.open("a", encoding="utf-8").write(NEW_SENTENCE)
    if how == "SQLite finds the disk full":
        monkeypatch.setattr(
            cache.FragmentCache, "_open", _full_after_one_more_page(cache.FragmentCache._open)
        )
    else:
        real_connect = sqlite3.connect
        monkeypatch.setattr(
            cache.sqlite3, "connect", lambda *a, **k: _FillingConnection(real_connect(*a, **k))
        )
    line = one_error_line(kg("build", corpus, "--out", built, "-q"))
    assert line.startswith(f"Error: cannot write the build cache {built / cache.CACHE_FILE}: ")
    assert "full" in line or "No space left" in line
    assert (built / "graph.ttl").read_bytes() == before
    monkeypatch.undo()

    assert kg("build", corpus, "--out", built).exit_code == 0
    clean = tmp_path / "clean"
    build(corpus, clean)
    assert (built / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert sorted(p.name for p in built.iterdir()) == sorted(p.name for p in clean.iterdir())


def test_full_disk_while_writing_graph_ttl_is_one_line_and_the_next_build_works(
    built, corpus, monkeypatch
):
    before = (built / "graph.ttl").read_bytes()
    articles(corpus)[0].open("a", encoding="utf-8").write(NEW_SENTENCE)

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    line = one_error_line(kg("build", corpus, "--out", built, "-q"))
    assert line == f"Error: cannot write {built / 'graph.ttl'}: no space left on device"
    assert (built / "graph.ttl").read_bytes() == before
    assert not list(built.glob(".graph.ttl.*"))
    monkeypatch.undo()
    assert kg("build", corpus, "--out", built).exit_code == 0
    assert (built / "graph.ttl").read_bytes() != before


def test_full_disk_while_writing_the_store_is_one_line_and_readers_use_graph_ttl(
    built, corpus, monkeypatch
):
    for article in articles(corpus)[:3]:  # more than a fifth: the store is loaded anew
        article.open("a", encoding="utf-8").write(NEW_SENTENCE)
    real_load = store._load_copy

    def half_then_full(work, graph_path):
        real_load(work, graph_path)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store, "_load_copy", half_then_full)
    line = one_error_line(kg("build", corpus, "--out", built, "-q"))
    assert line.startswith(f"Error: cannot write the store {store_path(built / 'graph.ttl')}: ")
    assert not list(built.glob(".graph.oxigraph.*"))  # the half-written copy is gone
    monkeypatch.undo()
    graph = built / "graph.ttl"
    assert not is_fresh(store_path(graph), graph)  # the old store is not taken for the new graph
    assert len(open_store(graph)) == len(store.load_file(graph))
    assert kg("build", corpus, "--out", built).exit_code == 0
    assert triples_in_store(graph) == len(store.load_file(graph))


def test_unwritable_output_is_one_line(built, corpus, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert one_error_line(kg("build", corpus, "--out", blocker / "out")) == (
        f"Error: cannot write to {blocker / 'out'}: {blocker} is a file, not a folder"
    )
    graph = built / "graph.ttl"
    for command, target in (
        (["render", "--graph", graph, "-o"], blocker / "view.html"),
        (["export", "--graph", graph, "--format", "nt", "-o"], blocker / "graph.nt"),
    ):
        assert one_error_line(kg(*command, target)) == (
            f"Error: cannot write {target}: {blocker} is a file, not a folder"
        )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_output_folder_without_write_permission_is_one_line(corpus, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = one_error_line(kg("build", corpus, "--out", locked))
    finally:
        locked.chmod(0o700)
    assert line == f"Error: cannot write to {locked}: permission denied"


# --------------------------------------------------------------------------- a deep corpus


@pytest.fixture()
def nest(tmp_path):
    """nest(depth): a corpus folder with one article `depth` folders deep (top/d/d/…/d),
    made and removed one step at a time (no path is too long, no recursion)."""
    made = []

    def make(depth: int) -> Path:
        top = tmp_path / f"nest-{depth}"
        top.mkdir()
        made.append((top, depth))
        here = os.getcwd()
        os.chdir(top)
        try:
            for _ in range(depth):
                os.mkdir("d")
                os.chdir("d")
            Path("artikel.txt").write_text(NEW_SENTENCE, encoding="utf-8")
        finally:
            os.chdir(here)
        return top

    yield make
    here = os.getcwd()
    for top, depth in made:
        os.chdir(top)
        for _ in range(depth):
            os.chdir("d")
        Path("artikel.txt").unlink()
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    os.chdir(here)


def test_corpus_nested_1000_folders_deep_is_built(nest, tmp_path):
    corpus = nest(1000)
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "1 documents read" in result.stdout


def test_corpus_nested_beyond_the_path_limit_is_one_clear_line(nest, tmp_path):
    corpus = nest(2500)  # 5,000 characters: past PATH_MAX
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "no articles" in errors[0], result.stderr
