"""Tests for kg.atomic: a write either fully happens or leaves the old file untouched."""

from __future__ import annotations

import os
import stat

import pytest

from kg import atomic
from kg.atomic import atomic_open, write_bytes, write_text


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_atomic_text_arrives(tmp_path):
    path = tmp_path / "out.ttl"
    write_text(path, "regel één\nregel twee\n")
    assert path.read_bytes() == "regel één\nregel twee\n".encode("utf-8")
    assert leftovers(tmp_path) == []


def test_atomic_newlines_not_translated(tmp_path):
    path = tmp_path / "out.txt"
    write_text(path, "a\nb\r\nc")
    assert path.read_bytes() == b"a\nb\r\nc"


def test_atomic_bytes_arrive(tmp_path):
    path = tmp_path / "out.bin"
    write_bytes(path, b"\x00\xff\n")
    assert path.read_bytes() == b"\x00\xff\n"


def test_atomic_creates_parent_folders(tmp_path):
    path = tmp_path / "output" / "deep" / "graph.ttl"
    write_text(path, "x")
    assert path.read_text(encoding="utf-8") == "x"


def test_atomic_overwrites(tmp_path):
    path = tmp_path / "out.txt"
    write_text(path, "oud")
    write_text(path, "nieuw")
    assert path.read_text(encoding="utf-8") == "nieuw"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", ["w", "wb"])
def test_atomic_error_midway_keeps_old_content(tmp_path, mode):
    path = tmp_path / "out.txt"
    write_text(path, "oud")

    def rows():
        yield "eerste regel\n"
        raise RuntimeError("serialisation failed")

    with pytest.raises(RuntimeError, match="serialisation failed"):
        with atomic_open(path, mode) as f:
            for row in rows():
                f.write(row if mode == "w" else row.encode())
                f.flush()  # the partial content really reached the temp file
    assert path.read_text(encoding="utf-8") == "oud"
    assert leftovers(tmp_path) == []


def test_atomic_error_before_first_write_leaves_no_file(tmp_path):
    path = tmp_path / "new.txt"
    with pytest.raises(KeyError):
        with atomic_open(path):
            raise KeyError("x")
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_atomic_replace_failure_keeps_old_content(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    write_text(path, "oud")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_text(path, "nieuw")
    assert path.read_text(encoding="utf-8") == "oud"
    assert leftovers(tmp_path) == []


def test_atomic_fsync_failure_keeps_old_content(tmp_path, monkeypatch):
    path = tmp_path / "out.bin"
    write_bytes(path, b"oud")

    def broken_fsync(fd):
        raise OSError("I/O error")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_bytes(path, b"nieuw")
    assert path.read_bytes() == b"oud"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("bad", [None, b"bytes", 42])
def test_atomic_write_text_wrong_type_keeps_old_content(tmp_path, bad):
    path = tmp_path / "out.txt"
    write_text(path, "oud")
    with pytest.raises(TypeError):
        write_text(path, bad)
    assert path.read_text(encoding="utf-8") == "oud"
    assert leftovers(tmp_path) == []


def test_atomic_unencodable_text_keeps_old_content(tmp_path):
    path = tmp_path / "out.txt"
    write_text(path, "oud")
    with pytest.raises(UnicodeEncodeError):
        write_text(path, "a" * 100_000 + "\ud800")  # lone surrogate: not UTF-8
    assert path.read_text(encoding="utf-8") == "oud"
    assert leftovers(tmp_path) == []


def test_atomic_syncs_before_replace(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        atomic.os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    write_text(tmp_path / "out.txt", "x")
    assert calls[:2] == ["fsync", "replace"]


def test_atomic_temp_file_is_beside_target(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (seen.append(a), real_replace(a, b))[1])
    write_text(tmp_path / "graph.ttl", "x")
    (tmp,) = seen
    assert os.path.dirname(tmp) == str(tmp_path)
    assert os.path.basename(tmp).startswith(".graph.ttl.")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_permissions(tmp_path):
    path = tmp_path / "out.txt"
    write_text(path, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # not tempfile's 0o600
    path.chmod(0o640)
    write_text(path, "y")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_atomic_rejects_other_modes(tmp_path):
    for mode in ("a", "r", "w+", "x"):
        with pytest.raises(ValueError):
            with atomic_open(tmp_path / "out.txt", mode):
                pass
    assert list(tmp_path.iterdir()) == []
