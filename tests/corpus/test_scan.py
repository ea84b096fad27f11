"""Tests for kg.corpus.scan: which files of a folder are candidates, in which order, and
which links, names and folders are skipped."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest
from corpus_files import only, run_with_timeout, write

from kg.corpus import Skipped, SourceError, corpus_files, iter_corpus, read_source


@pytest.fixture
def symlinks_ok(tmp_path):
    try:
        os.symlink(tmp_path / "nowhere", tmp_path / "probe")
    except (OSError, NotImplementedError):
        pytest.skip("cannot create symbolic links here")
    os.unlink(tmp_path / "probe")


def test_scan_symlink_outside_corpus_is_skipped(tmp_path, symlinks_ok):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    secret = write(tmp_path, "secret.txt", "geheim")
    os.symlink(secret, corpus / "link.txt")
    item = only(corpus)
    assert isinstance(item, Skipped)
    assert item.name == "link.txt"
    assert "outside the corpus folder" in item.reason


def test_scan_symlink_inside_corpus_is_read(tmp_path, symlinks_ok):
    write(tmp_path, "sub/real.txt", "echt")
    os.symlink(Path("sub") / "real.txt", tmp_path / "link.txt")
    items = list(iter_corpus(tmp_path))
    assert [(type(i).__name__, i.name) for i in items] == [
        ("Source", "link.txt"),
        ("Source", "sub/real.txt"),
    ]
    assert items[0].text == "echt"
    assert items[0].path == tmp_path / "link.txt"


@pytest.mark.parametrize("target", ["missing.txt", "loop.txt"], ids=["broken", "self-loop"])
def test_scan_broken_symlink_is_skipped(tmp_path, symlinks_ok, target):
    os.symlink(tmp_path / target, tmp_path / "loop.txt")
    item = run_with_timeout(lambda: only(tmp_path))
    assert isinstance(item, Skipped)
    assert item.reason == "broken symbolic link"


def test_scan_directory_symlink_loop_does_not_hang(tmp_path, symlinks_ok):
    write(tmp_path, "sub/a.txt", "tekst")
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "self")
    names = run_with_timeout(lambda: [i.name for i in iter_corpus(tmp_path)])
    assert names == ["sub/a.txt"]
    assert run_with_timeout(lambda: corpus_files(tmp_path)) == [tmp_path / "sub" / "a.txt"]


def test_scan_order_is_sorted_and_deterministic(tmp_path):
    names = [
        "b.txt",
        "a.md",
        "sub/z.htm",
        "sub/a.html",
        "a/b/c.markdown",
        "A.txt",
        "a.txt",
        "sub.txt",
    ]
    for name in random.Random(3).sample(names, len(names)):
        write(tmp_path, name, f"tekst {name}")
    expected = sorted(names)
    assert [i.name for i in iter_corpus(tmp_path)] == expected
    assert [i.name for i in iter_corpus(tmp_path)] == expected
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_files(tmp_path)] == expected


def test_scan_hidden_and_other_files_ignored(tmp_path):
    write(tmp_path, "a.txt", "zichtbaar")
    write(tmp_path, ".verborgen.txt", "nee")
    write(tmp_path, ".git/notes.md", "nee")
    write(tmp_path, "sub/.drafts/x.txt", "nee")
    write(tmp_path, "plaatje.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path, "data.csv", "a,b")
    write(tmp_path, "noext", "x")
    write(tmp_path, "HOOFD.TXT", "hoofdletters")
    assert [i.name for i in iter_corpus(tmp_path)] == ["HOOFD.TXT", "a.txt"]


def test_scan_formats_by_suffix(tmp_path):
    for name in ["a.txt", "b.md", "c.markdown", "d.html", "e.htm"]:
        write(tmp_path, name, "Gewone tekst.")
    formats = {i.name: i.format for i in iter_corpus(tmp_path)}
    assert formats == {
        "a.txt": "text",
        "b.md": "markdown",
        "c.markdown": "markdown",
        "d.html": "html",
        "e.htm": "html",
    }


def test_scan_names_are_relative_posix(tmp_path):
    write(tmp_path, "sub/deeper/a.txt", "tekst")
    src = only(tmp_path)
    assert src.name == "sub/deeper/a.txt"
    assert read_source(tmp_path / "sub" / "deeper" / "a.txt").name == "a.txt"
    assert read_source(tmp_path / "sub" / "deeper" / "a.txt", name="x/y.txt").name == "x/y.txt"


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="needs arbitrary bytes in file names"
)
def test_scan_undecodable_file_name_is_skipped(tmp_path):
    try:
        with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as f:
            f.write(b"tekst")
    except OSError:
        pytest.skip("file system refuses non-UTF-8 names")
    item = only(tmp_path)
    assert isinstance(item, Skipped)
    assert "not valid UTF-8" in item.reason
    item.name.encode("utf-8")  # printable


def test_scan_missing_folder_raises(tmp_path):
    with pytest.raises(SourceError, match="corpus folder not found"):
        iter_corpus(tmp_path / "nope")  # raises on the call, not on the first next()
    with pytest.raises(SourceError, match="corpus folder not found"):
        corpus_files(tmp_path / "nope")


def test_scan_file_as_folder_raises(tmp_path):
    path = write(tmp_path, "a.txt", "tekst")
    with pytest.raises(SourceError, match="is not a folder") as info:
        iter_corpus(path)
    assert info.value.message == f"{path} is not a folder"


def test_scan_empty_folder_yields_nothing(tmp_path):
    write(tmp_path, "notes.csv", "a,b")
    assert list(iter_corpus(tmp_path)) == []
    assert corpus_files(tmp_path) == []
