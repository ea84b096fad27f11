"""Write files all-or-nothing, so an interrupted build never leaves a half-written output."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Iterator

from kg.errors import KgError

__all__ = ["WriteError", "atomic_open", "describe_os_error", "write_bytes", "write_text"]


class WriteError(KgError, OSError):
    """A file or folder kg was asked to write cannot be written (disk full, no permission,
    a file where a folder should be); the message names the path and the reason."""


def describe_os_error(error: OSError, path: Path | str | None = None) -> str:
    """The reason of an OSError in a few words, naming the path it concerns when that is
    not `path` itself ("not a folder: out/graph.ttl")."""
    if isinstance(error, (FileExistsError, NotADirectoryError)) and error.filename:
        where = Path(os.fsdecode(error.filename))
        for step in reversed([where, *where.parents]):  # the file that stands in the way
            if step.exists() and not step.is_dir():
                return f"{step} is a file, not a folder"
    reason = error.strerror or str(error) or type(error).__name__
    reason = reason[:1].lower() + reason[1:]
    if error.filename and path is not None and os.fspath(error.filename) != os.fspath(path):
        reason += f": {error.filename}"
    return reason


def _read_umask() -> int:
    # There is no way to read the umask without setting it; do it once, at import.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextmanager
def atomic_open(path: Path | str, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside `path`; on a clean exit it replaces `path` at once.

    mode "w" writes UTF-8 text with "\\n" newlines (never translated), "wb" bytes. Parent
    folders are created. The temporary file (".<name>.<random>.tmp" in the same folder) is
    flushed and fsync'ed, then moved onto `path` with os.replace. If anything raises, the
    temporary file is removed and `path` keeps its old content (or stays absent). The new
    file keeps the old file's permission bits, or gets the usual ones (0o666 less umask)
    rather than tempfile's 0o600. A symbolic link at `path` is replaced by the file.
    An OSError on the way (disk full, no permission) becomes a WriteError naming `path`.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open: mode must be 'w' or 'wb', not {mode!r}")
    path = Path(path)
    text = {"encoding": "utf-8", "newline": "\n"} if mode == "w" else {}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = tempfile.NamedTemporaryFile(
            mode, delete=False, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", **text
        )
    except OSError as error:
        raise WriteError(f"cannot write {path}: {describe_os_error(error, path)}") from None
    try:
        with tmp:
            yield tmp
            tmp.flush()
            os.fsync(tmp.fileno())
        _set_mode(tmp.name, path)
        os.replace(tmp.name, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(tmp.name)
        if isinstance(error, OSError) and not isinstance(error, WriteError):
            raise WriteError(f"cannot write {path}: {describe_os_error(error, path)}") from None
        raise
    _sync_folder(path.parent)


def write_text(path: Path | str, text: str) -> None:
    """Write `text` to `path` atomically, as UTF-8 with its "\\n" newlines kept as they are."""
    if not isinstance(text, str):
        raise TypeError(f"write_text needs a str, not {type(text).__name__}")
    with atomic_open(path, "w") as f:
        f.write(text)


def write_bytes(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with atomic_open(path, "wb") as f:
        f.write(data)


def _set_mode(tmp: str, path: Path) -> None:
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    with suppress(OSError):  # e.g. a file system without permission bits
        os.chmod(tmp, mode)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where unsupported."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
