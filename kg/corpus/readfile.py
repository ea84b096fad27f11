"""One corpus file read safely and made into a Source: never a special file opened,
never more than MAX_BYTES read, then decoded (kg.corpus.decode), stripped of markup
(kg.corpus.markup) and normalised, in that order, so offsets point into the final text.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from kg.corpus.decode import clean_controls, decode, newlines, plain_spaces, repair_mojibake
from kg.corpus.markup import (
    html_to_text,
    looks_like_html,
    looks_like_markdown,
    markdown_to_text,
    split_front_matter,
)
from kg.corpus.metadata import Metadata, from_front_matter, from_html
from kg.corpus.model import SUFFIXES, Source, SourceError, strerror

MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are skipped unread ("larger than 20 MB")."""

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
"""The kinds of file that are never opened, as a skip reason names them."""


def read_source(path: Path, name: str | None = None) -> Source:
    """Read, check, decode and normalise one file. Raises SourceError(reason) for a bad file.

    `name` defaults to the file name. Symbolic links are followed; special files (FIFO,
    device, socket) are refused without being opened.
    """
    path = Path(path)
    return read_file(path, path.name if name is None else name, open_path=path)


def read_file(
    path: Path,
    name: str,
    *,
    open_path: Path,
    nofollow: bool = False,
    known: Callable[[str, str], bool] | None = None,
) -> Source:
    """The Source of the file at `open_path`, known to the corpus as `path` and `name`.

    `nofollow`: never follow a symbolic link there (one swapped in since the walk saw a file);
    `known(name, sha256)` True: the bytes were read before, so they are not decoded.
    """
    data = _read_bytes(open_path, nofollow=nofollow)
    sha256 = hashlib.sha256(data).hexdigest()
    if known is not None and known(name, sha256):
        return Source(
            path, name, "", "", SUFFIXES.get(path.suffix.lower(), "text"), sha256, decoded=False
        )
    return source_from_bytes(data, name, path, sha256)


def source_from_bytes(data: bytes, name: str, path: Path | None = None, sha256: str = "") -> Source:
    """What a build reads from a file `name` holding `data` (decoded, repaired, markup
    stripped, normalised), for text that comes from elsewhere than a file (kg.process).
    Raises SourceError(reason) where a build would skip the file."""
    path = Path(name) if path is None else path
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    text, encoding, notes = decode(data)
    text, repaired = repair_mojibake(text)
    if repaired:
        notes.append(f"mis-decoded text repaired ({repaired})")
    fmt = SUFFIXES.get(path.suffix.lower(), "text")
    text = newlines(text)
    metadata = Metadata()
    if fmt == "html" or looks_like_html(text):
        metadata = from_html(text)
        text = html_to_text(text)
        fmt = "html"
        notes.append("HTML markup stripped")
    else:
        block, text = split_front_matter(text)
        if block is not None:
            metadata, unread = from_front_matter(block)
            notes += ["YAML front matter read and removed", *unread]
        if fmt == "markdown" or looks_like_markdown(text):
            text = markdown_to_text(text)
            fmt = "markdown"
            notes.append("Markdown markup stripped")
    text, replaced = clean_controls(newlines(text))
    if replaced:
        notes.append(f"{replaced} control character{'s' if replaced > 1 else ''} replaced")
    text = plain_spaces(unicodedata.normalize("NFC", text))
    if not text.strip():
        raise SourceError(
            "empty file" if fmt != "html" else "empty file (no text outside the HTML markup)"
        )
    return Source(path, name, text, encoding, fmt, sha256, tuple(notes), metadata=metadata)


def _read_bytes(path: Path, *, nofollow: bool = False) -> bytes:
    """The raw bytes, never opening a special file and never reading more than MAX_BYTES + 1."""
    try:
        st = os.stat(path, follow_symlinks=not nofollow)
        _check_regular(st)
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        flags |= getattr(os, "O_NOCTTY", 0)
        if nofollow:
            flags |= getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            _check_regular(os.fstat(f.fileno()))  # it may have been swapped since the stat
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceError("file not found") from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a file") from None
    except PermissionError:
        raise SourceError("cannot be read: permission denied") from None
    except OSError as e:
        raise SourceError(f"cannot be read: {strerror(e)}") from None
    except ValueError as e:  # e.g. a NUL character in the path
        raise SourceError(f"cannot be read: {e}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(_too_large())
    return data


def _check_regular(st: os.stat_result) -> None:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if st.st_size > MAX_BYTES:
            raise SourceError(_too_large())
        return
    if stat.S_ISDIR(mode):
        raise SourceError("is a folder, not a file")
    kind = next((name for test, name in _SPECIAL if test(mode)), "a special file")
    raise SourceError(f"not a regular file: {kind}")


def _too_large() -> str:
    return f"larger than {MAX_BYTES // (1024 * 1024)} MB"
