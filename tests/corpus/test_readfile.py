"""Tests for kg.corpus.readfile: one file read safely, special, empty, unreadable and too
large files skipped with a reason, and no input that raises anything but SourceError."""

from __future__ import annotations

import hashlib
import os
import random
import unicodedata
from pathlib import Path

import pytest
from corpus_files import DUTCH, only, run_with_timeout, skipped_reason, write

from kg.corpus import (
    MAX_BYTES,
    Skipped,
    Source,
    SourceError,
    iter_corpus,
    read_source,
    readfile,
    source_from_bytes,
)


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b" \n\t\r\n  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", "\u00a0\u2003\n".encode()],
    ids=["empty", "spaces", "whitespace", "bom-only", "bom-space", "unicode-space"],
)
def test_readfile_empty_is_skipped(tmp_path, data):
    assert skipped_reason(tmp_path, "a.txt", data) == "empty file"


def test_readfile_fifo_is_skipped_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no os.mkfifo on this platform")
    os.mkfifo(tmp_path / "x.txt")
    write(tmp_path, "y.txt", "tekst")
    items = run_with_timeout(lambda: list(iter_corpus(tmp_path)))
    assert [item.name for item in items] == ["x.txt", "y.txt"]
    assert isinstance(items[0], Skipped)
    assert "not a regular file" in items[0].reason
    assert "FIFO" in items[0].reason
    assert isinstance(items[1], Source)
    with pytest.raises(SourceError):
        run_with_timeout(lambda: read_source(tmp_path / "x.txt"))


def test_readfile_unreadable_file_is_skipped(tmp_path):
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        pytest.skip("needs POSIX and a non-root user (root reads chmod 000 files)")
    path = write(tmp_path, "a.txt", "tekst")
    path.chmod(0)
    try:
        item = only(tmp_path)
    finally:
        path.chmod(0o644)
    assert isinstance(item, Skipped)
    assert item.reason == "cannot be read: permission denied"


def test_readfile_too_large_is_skipped(tmp_path):
    path = tmp_path / "groot.txt"
    with open(path, "wb") as f:  # sparse: no 20 MB actually written
        f.truncate(MAX_BYTES + 1)
    item = only(tmp_path)
    assert isinstance(item, Skipped)
    assert item.reason == "larger than 20 MB"


def test_readfile_size_limit_is_a_module_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(readfile, "MAX_BYTES", 10)
    write(tmp_path, "a.txt", "0123456789")
    write(tmp_path, "b.txt", "0123456789a")
    items = list(iter_corpus(tmp_path))
    assert isinstance(items[0], Source)
    assert isinstance(items[1], Skipped) and items[1].reason.startswith("larger than")


def test_readfile_read_source_bad_paths(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="folder"):
        read_source(tmp_path)


def test_readfile_error_message_is_one_line():
    error = SourceError("een\ntwee")
    assert error.message == "een twee"
    assert str(error) == "een twee"


def test_readfile_real_corpus_reads(tmp_path):
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    if not corpus.is_dir():
        pytest.skip("no corpus folder")
    for item in iter_corpus(corpus):
        assert isinstance(item, Source), item
        assert item.encoding == "utf-8"


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_readfile_random_bytes_only_raise_source_error(tmp_path, seed, suffix):
    rng = random.Random(seed)
    alphabet = (
        b"<>/!-=\"'&#;ab \n\r\x00\x81\xc3\xa9\xef\xbb\xbf\xff\xfe"
        if seed % 2
        else bytes(range(256))
    )
    data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 3000)))
    if seed % 3 == 0:
        data = data.replace(b"\x00", b"")
    path = write(tmp_path, "x" + suffix, data)
    try:
        src = read_source(path)
    except SourceError as e:
        assert e.message and "\n" not in e.message
    else:
        assert src.text.strip()
        assert "\r" not in src.text
        assert unicodedata.is_normalized("NFC", src.text)


def test_source_from_bytes_is_what_a_build_reads_from_a_file_with_those_bytes(tmp_path):
    data = ("<p>" + DUTCH + "</p>").encode("cp1252")
    from_file = read_source(write(tmp_path, "a.html", data))
    from_bytes = source_from_bytes(data, "a.html")
    assert from_bytes.text == from_file.text == DUTCH.strip()
    assert from_bytes.encoding == from_file.encoding == "cp1252"
    assert from_bytes.format == "html" and from_bytes.notes == from_file.notes
    assert from_bytes.sha256 == from_file.sha256 == hashlib.sha256(data).hexdigest()
    with pytest.raises(SourceError, match="looks like a PDF"):
        source_from_bytes(b"%PDF-1.7 ...", "a.txt")
