"""Write files all-or-nothing, so an interrupted build never leaves a half-written output."""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_open", "write_bytes", "write_text"]


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
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open: mode must be 'w' or 'wb', not {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = {"encoding": "utf-8", "newline": "\n"} if mode == "w" else {}
    tmp = tempfile.NamedTemporaryFile(
        mode, delete=False, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", **text
    )
    try:
        with tmp:
            yield tmp
            tmp.flush()
            os.fsync(tmp.fileno())
        _set_mode(tmp.name, path)
        os.replace(tmp.name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp.name)
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
