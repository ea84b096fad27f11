"""Progress of the steps that can take a while (reading a corpus, extracting, writing
graph.ttl, loading a store, validating, exporting, diffing, pushing, scoring): a bar on
standard error with the rate and the time left, drawn by tqdm.

Library code marks its long steps with `steps` (or `tracked`, `reading`); nothing is
drawn unless the caller said where with `shown_on`, which the CLI does for every command
when standard error is a terminal. So the library, a notebook, a pipe, a log file and
`-q` stay quiet, and no command configures tqdm itself. A step that is over within DELAY
seconds draws nothing, and a finished bar is wiped: what stays on the screen is the
command's own output.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO, TypeVar

T = TypeVar("T")

DELAY = 2.0
"""Seconds a step runs before its bar appears."""
REDRAW = 0.5
"""Seconds at least between two drawings of a bar: a step of a million triples must not
spend its time writing to the terminal."""

_target: TextIO | None = None
"""Where bars go; None: nowhere (the default)."""


class Steps:
    """The counter of one step; this one counts nothing (progress is not shown)."""

    def advance(self, n: int = 1) -> None:
        """`n` more items (articles, bytes, graphs) are done."""


class _Bar(Steps):
    def __init__(self, bar):
        self._bar = bar

    def advance(self, n: int = 1) -> None:
        self._bar.update(n)


@contextmanager
def shown_on(stream: TextIO | None) -> Iterator[None]:
    """Inside, bars go to `stream` if it is a terminal (else nowhere); restored after."""
    global _target
    saved = _target
    _target = stream if _isatty(stream) else None
    try:
        yield
    finally:
        _target = saved


def silence() -> None:
    """No bars from here on (`-q`); `shown_on` restores what was before when it ends."""
    global _target
    _target = None


@contextmanager
def steps(what: str, total: int | None = None, unit: str = "article") -> Iterator[Steps]:
    """A step of `total` items (None: unknown, so no time left is shown) called `what`.
    With unit "B" the counts are shown as kB, MB, …"""
    if _target is None:
        yield Steps()
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the build forks worker processes
    bar = tqdm(
        total=total,
        desc=what,
        unit=unit,
        unit_scale=unit == "B",
        file=_target,
        delay=DELAY,
        leave=False,
        dynamic_ncols=True,
        mininterval=REDRAW,
    )
    try:
        yield _Bar(bar)
    finally:
        bar.close()


def tracked(
    items: Iterable[T], what: str, total: int | None = None, unit: str = "article"
) -> Iterable[T]:
    """The items, each counted as done when the next is asked for; `total` defaults to
    the length of `items` when they have one. Progress not shown: `items` themselves, so
    a step of millions of triples costs nothing."""
    if _target is None:
        return items
    if total is None and hasattr(items, "__len__"):
        total = len(items)
    return _counted(items, what, total, unit)


def _counted(items: Iterable[T], what: str, total: int | None, unit: str) -> Iterator[T]:
    with steps(what, total, unit) as bar:
        for item in items:
            yield item
            bar.advance()


def reading(file: BinaryIO, what: str, size: int | None) -> BinaryIO:
    """`file` (binary, opened for reading), counting the bytes read as the progress of a
    step of `size` bytes: for a loader that takes a file and does its work as it reads."""
    if _target is None:
        return file
    return io.BufferedReader(_Counted(file, what, size), 1 << 20)


class _Counted(io.RawIOBase):
    def __init__(self, file: BinaryIO, what: str, size: int | None):
        self._file = file
        self._step = steps(what, size, "B")
        self._bar = self._step.__enter__()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._file.readinto(buffer)
        self._bar.advance(n or 0)
        return n

    def close(self) -> None:
        if not self.closed:
            self._step.__exit__(None, None, None)
        super().close()


def _isatty(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False
