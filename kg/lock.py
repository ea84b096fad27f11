"""One writer per output folder: an advisory lock (flock) on OUT/.kg-build.lock.

Two builds into one folder used to write the same Oxigraph store at once and damage it
for good. A build holds this lock from start to end; a second one waits for it (a bounded
time) and then reads the corpus as it is by then, so the last build started is the one
whose graph stays. A reader that repairs a damaged store takes the same lock, without
waiting. The lock file is never removed (a process could lock a file that another has
just unlinked) and holds the holder's process id, which a waiting build names.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.atomic import WriteError, describe_os_error
from kg.errors import KgError

try:
    import fcntl
except ImportError:  # Windows: no flock; builds are not guarded there
    fcntl = None

LOCK_FILE = ".kg-build.lock"
WAIT_SECONDS = 600.0
"""How long a build waits, by default, for another build of the same folder to finish:
long enough for a large rebuild, and a bound for one that hangs."""
POLL_SECONDS = 0.2

_HELD: set[int] = set()  # lock file descriptors this process holds


def _forget_held() -> None:
    """In a forked child (a build's extraction worker): close the inherited lock files,
    so that a worker outliving its build (killed parent, slow article) holds no lock."""
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_held)


class Busy(KgError):
    """Another process holds the output folder's lock."""

    def __init__(self, message: str, pid: int | None):
        super().__init__(message)
        self.pid = pid


def lock_path(folder: Path) -> Path:
    return Path(folder) / LOCK_FILE


@contextmanager
def output_lock(
    folder: Path, wait: float = 0.0, waiting: Callable[[int | None], None] | None = None
) -> Iterator[None]:
    """Hold the write lock of `folder` (created if missing) for the `with` block.

    When another process holds it, call `waiting(its pid)` once and try again until
    `wait` seconds have passed; then raise Busy naming that process. WriteError when the
    folder or the lock file cannot be created.
    """
    folder = Path(folder)
    path = lock_path(folder)
    owner = os.getpid()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        raise WriteError(f"cannot write to {folder}: {describe_os_error(error, folder)}") from None
    try:
        if not _try_lock(fd):
            pid = _holder(fd)
            if waiting is not None and wait > 0:
                waiting(pid)
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    who = f"process {pid}" if pid else "another process"
                    raise Busy(
                        f"{folder} is being written by another kg build ({who})"
                        + (f"; waited {wait:g} s" if wait > 0 else "")
                        + ": try again when it has finished",
                        pid,
                    )
                time.sleep(POLL_SECONDS)
        _write_pid(fd)
        _HELD.add(fd)
        try:
            yield
        finally:
            if os.getpid() == owner:  # not in a forked child, whose copy is closed already
                _write_pid(fd, clear=True)
    finally:
        if os.getpid() == owner:
            _HELD.discard(fd)
            os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP):
            return True  # a file system without locks (some network mounts): unguarded, as before
        raise


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _write_pid(fd: int, clear: bool = False) -> None:
    if fcntl is None:
        return
    try:
        os.ftruncate(fd, 0)
        if not clear:
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError:  # the pid is only for the waiting message
        pass
