"""The one way out of the CLI: nothing from the corpus reaches a terminal raw.

File names, titles, names and sentences come from articles that anyone may have written;
an ESC in a file name can recolour, retitle or rewrite the user's terminal, and a bidi
override can make one name read as another. While a `kg` command runs, standard output
and standard error are wrapped so that every message shows those characters as escapes
(kg.controlchars.visible), whichever command prints it and wherever it goes.

Data is the exception: csv, tsv, json and RDF that a program will read (`write_data`)
go out exact to a file or a pipe. On a terminal nobody parses them, so they are shown as
messages are; JSON stays valid there, since the escapes are JSON's own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from kg.controlchars import visible


class Shown:
    """A text stream that writes everything with control and bidi characters made visible.

    It has no `buffer`, so click cannot reach past it to the raw bytes.
    """

    def __init__(self, stream: TextIO):
        self.unguarded = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with write(b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.unguarded.write(visible(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.unguarded.flush()

    def isatty(self) -> bool:
        return _isatty(self.unguarded)

    def fileno(self) -> int:
        return self.unguarded.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return getattr(self.unguarded, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self.unguarded, "errors", None) or "strict"

    @property
    def closed(self) -> bool:
        return self.unguarded.closed


@contextmanager
def shown_streams() -> Iterator[None]:
    """Standard output and error wrapped in `Shown` for the duration; restored after."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if s is None or isinstance(s, Shown) else Shown(s) for s in saved)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def write_data(text: str) -> None:
    """Data for programs on standard output: exact to a file or pipe, made visible on a terminal."""
    stream = sys.stdout
    out = stream.unguarded if isinstance(stream, Shown) else stream
    out.write(visible(text) if _isatty(out) else text)
    out.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False
