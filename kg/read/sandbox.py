"""Worker processes for users' SPARQL: no network, a memory cap, killed at the deadline.

Oxigraph evaluates SERVICE by calling the endpoint it names, and no option turns that
off. A check of the query text has to read every spelling as Oxigraph does, and once it
did not (kg.read.guard tells how), so the defence sits where the engine is: every
user's query runs in a worker process that, before it evaluates anything, installs a
seccomp filter refusing to create sockets, connect, bind, listen, accept, or set up
io_uring (which could do the same past the filter). Whatever the engine parses, it
cannot open a connection. The worker also gets a memory cap (RLIMIT_AS: what it holds
when it starts plus `max_memory`), so one query cannot take the machine, and it is
killed, not waited for, at its deadline: Oxigraph cannot interrupt a query.

Workers are forked from the process that opened the store, so they share it (an
in-memory store is not copied). kg query forks one per query (`run_once`); kg serve
keeps a few (`WorkerPool`) and replaces the ones it kills. The server's own threads
never touch the store, so no lock a worker needs is held when it is forked.

The filter is kg.read.seccomp's. Where it cannot be installed (not Linux on x86-64 or arm64,
no seccomp), users' queries are refused unless KG_ALLOW_UNSANDBOXED=1 says to run them
behind the text checks alone.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Pipe

from kg.errors import KgError, QueryError
from kg.read.seccomp import FilterUnavailable, refuse_network

UNSANDBOXED = "KG_ALLOW_UNSANDBOXED"
"""Set to 1 to run queries where the sandbox cannot be installed (text checks only)."""

_CAN_FORK = hasattr(os, "fork")
_STARTUP_SECONDS = 20.0
_RECURSION_LIMIT = 100_000  # rdflib's parser recurses per triple pattern
_PR_SET_PDEATHSIG = 1


class QueryTimeout(QueryError):
    """The query ran past its deadline and was stopped."""


class QueryMemoryError(QueryError):
    """The query needed more memory than its cap and was stopped."""


class SandboxError(QueryError):
    """Queries cannot run here: the worker or its sandbox could not be set up."""


class WorkerError(QueryError):
    """The worker failed for a reason that is not the query's fault (a crash, a read error)."""


class PoolBusy(QueryError):
    """Every worker of the pool is running a query."""


# --- a confined process ------------------------------------------------------------------

_confined = False


def require_confined() -> None:
    """Raise unless this process runs in the sandbox (or the user opted out of it)."""
    if not _confined:
        raise SandboxError("users' queries run only in a sandboxed worker (kg.read.sandbox)")


def opted_out() -> bool:
    return os.environ.get(UNSANDBOXED, "") not in ("", "0")


def confine(max_memory: int | None, keep: int) -> None:
    """Cut this (forked) process off: close inherited sockets but `keep`, cap its memory,
    refuse new connections. Called before the worker reads any query."""
    import resource  # (POSIX only: this runs in forked workers)

    global _confined
    _close_sockets(keep)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if max_memory:
        cap = _address_space() + max_memory
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        refuse_network()
    except FilterUnavailable as error:
        if not opted_out():
            raise SandboxError(
                f"{error}; kg will not run users' queries without it. Set "
                f"{UNSANDBOXED}=1 to run them behind its text checks alone "
                "(only for queries you trust)"
            ) from None
    _confined = True


def _close_sockets(keep: int) -> None:
    """The server's listening socket, its clients' connections, other workers' pipes."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in fds:
        try:
            if fd != keep and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _address_space() -> int:
    """Bytes of address space this process holds (VmSize), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def memory_message(max_memory: int | None) -> str:
    if not max_memory:
        return "the query ran out of memory and was stopped; make it more specific"
    return (
        f"the query needed more than the {max_memory // 2**20} MB memory cap and was stopped; "
        "make it more specific (sorting or grouping everything holds all of it at once) or "
        "allow more with --max-memory"
    )


# --- workers -------------------------------------------------------------------------------


class Worker:
    """One forked, sandboxed process that runs jobs `job(state, *args)` one at a time."""

    def __init__(self, state, max_memory: int | None):
        self.max_memory = max_memory
        self.status: int | None = None
        parent_end, child_end = Pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the worker: it never returns from here
            try:
                parent_end.close()
                _serve_jobs(child_end, state, max_memory, parent)
            finally:
                os._exit(0)
        child_end.close()
        self.conn = parent_end
        if not self.conn.poll(_STARTUP_SECONDS):
            self.stop()
            raise SandboxError("the query worker did not start")
        kind, value = self._receive()
        if kind != "ready":
            self.stop()
            raise value

    def run(self, job: Callable, args: tuple, timeout: float | None):
        """`job(state, *args)` in the worker: its value, or the error it raised, re-raised here."""
        try:
            self.conn.send((job, args))
        except OSError:
            raise self._death() from None
        if not self.conn.poll(timeout):
            self.stop()
            raise QueryTimeout(
                f"the query took longer than {timeout:g} s and was stopped; make it more "
                "specific (fewer OPTIONALs, no unconnected patterns, a LIMIT) or allow more "
                "time with --timeout"
            )
        kind, value = self._receive()
        if kind == "ok":
            return value
        raise value

    def _receive(self) -> tuple[str, object]:
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            raise self._death() from None

    def _death(self) -> QueryError:
        status = self.stop()
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (
            signal.SIGABRT,
            signal.SIGSEGV,
            signal.SIGBUS,
            signal.SIGKILL,
        )
        if killed and self.max_memory:  # Rust and C++ abort when an allocation fails
            return QueryMemoryError(memory_message(self.max_memory))
        return WorkerError(
            f"the query stopped without an answer (its worker ended with status {status})"
        )

    @property
    def alive(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                self.conn.close()
        return self.status is None

    def stop(self) -> int:
        """Kill the worker and wait until it is gone; its exit status."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                self.status = -1
            self.conn.close()
        return self.status


def _serve_jobs(conn, state, max_memory: int | None, parent: int) -> None:
    """The worker's life: confine itself, say so, then answer jobs until the pipe closes."""
    if not os.environ.get("KG_DEBUG"):  # a query that hits the memory cap aborts the worker:
        null = os.open(os.devnull, os.O_WRONLY)  # no "memory allocation failed" line, no
        os.dup2(null, 1)  # "Fatal Python error" report
        os.dup2(null, 2)
        faulthandler.disable()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        if sys.platform.startswith("linux"):  # die with the thread that forked us
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            return
        confine(max_memory, keep=conn.fileno())
    except SandboxError as error:
        conn.send(("error", error))
        return
    except Exception as error:  # noqa: BLE001 (e.g. a memory cap above the hard limit)
        conn.send(("error", SandboxError(f"the query worker cannot be set up: {error}")))
        return
    conn.send(("ready", None))
    while True:
        try:
            job, args = conn.recv()
        except (EOFError, OSError):
            return
        reply = _run(job, state, args, max_memory)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", QueryMemoryError(memory_message(max_memory))))
        except Exception as error:  # noqa: BLE001 (an answer that cannot be pickled)
            conn.send(("error", WorkerError(f"the answer could not be sent: {error}")))


def _run(job: Callable, state, args: tuple, max_memory: int | None) -> tuple[str, object]:
    try:
        return "ok", job(state, *args)
    except KgError as error:
        return "error", error
    except MemoryError:
        return "error", QueryMemoryError(memory_message(max_memory))
    except BaseException as error:  # noqa: BLE001 (anything else reaches the user as one line)
        text = " ".join(str(error).split())
        return "error", WorkerError(f"the query failed: {type(error).__name__}: {text}")


def run_once(
    state, job: Callable, args: tuple, *, timeout: float | None, max_memory: int | None
) -> object:
    """`job(state, *args)` in a new sandboxed worker, killed at `timeout` seconds."""
    if not _CAN_FORK:
        return _run_here(state, job, args)
    worker = Worker(state, max_memory)
    try:
        return worker.run(job, args, timeout)
    finally:
        worker.stop()


def _run_here(state, job: Callable, args: tuple):
    """No fork here (Windows): only when the user opted out of the sandbox, without a deadline."""
    global _confined
    if not opted_out():
        raise SandboxError(
            f"kg runs users' queries in a sandboxed worker process, which this "
            f"system cannot start; set {UNSANDBOXED}=1 to run them in kg's own "
            "process behind its text checks alone (only for queries you trust)"
        )
    _confined = True
    try:
        return job(state, *args)
    finally:
        _confined = False


class WorkerPool:
    """`size` workers over one store for a server. A query takes an idle worker or gets
    PoolBusy; a worker stopped at its deadline or memory cap is killed and waited for
    before its slot is free again, and replaced when the slot is next taken."""

    def __init__(self, state, size: int, max_memory: int | None):
        self.state, self.size, self.max_memory = state, size, max_memory
        self._lock = threading.Lock()
        self._closed = False
        # Workers are forked in one long-lived thread: a worker's parent-death signal
        # fires when the thread that forked it ends, and request threads end often.
        self._forker = ThreadPoolExecutor(1, thread_name_prefix="kg-worker-fork")
        self._idle: list[Worker | None] = [self._spawn() for _ in range(size)] if _CAN_FORK else []
        self._busy: set[Worker] = set()

    def _spawn(self) -> Worker:
        return self._forker.submit(Worker, self.state, self.max_memory).result()

    def run(self, job: Callable, args: tuple, timeout: float | None):
        if not _CAN_FORK:
            return _run_here(self.state, job, args)
        with self._lock:
            if not self._idle or self._closed:
                raise PoolBusy(f"{self.size} queries are running")
            worker = self._idle.pop()
        try:
            if worker is None or not worker.alive:
                worker = self._spawn()
            with self._lock:
                self._busy.add(worker)
            return worker.run(job, args, timeout)
        finally:
            with self._lock:
                if worker is not None:
                    self._busy.discard(worker)
                    if self._closed:
                        worker.stop()
                self._idle.append(worker if worker is not None and worker.status is None else None)

    def close(self) -> None:
        """Kill every worker, running or idle."""
        with self._lock:
            self._closed = True
            workers = [w for w in self._idle if w is not None] + list(self._busy)
            self._idle = []
        for worker in workers:
            worker.stop()
        self._forker.shutdown(wait=False)
