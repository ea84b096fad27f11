"""What the corpus stage yields: a decoded Source, or a Skipped file and why.

Kept apart from the modules that read, decode and strip, so each of them can raise
SourceError and the build can depend on these types alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.corpus.metadata import Metadata
from kg.errors import KgError

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
"""Candidate file suffixes (matched case-insensitively) and the format each implies."""


class SourceError(KgError):
    """A file or the corpus folder cannot be used; `message` is one line a user can act on."""

    def __init__(self, message: str):
        self.message = _one_line(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Source:
    """One corpus file, decoded: `text` is what the rules see and what offsets point into."""

    path: Path  # the file
    name: str  # file name relative to the corpus folder, POSIX style ("sub/a.txt")
    text: str  # decoded, repaired, LF newlines, NFC, plain spaces, markup stripped
    encoding: str  # "utf-8", "utf-8-sig" (had a BOM), "utf-16", "cp1252"
    format: str  # "text", "html", "markdown"
    sha256: str  # hex digest of the raw bytes
    notes: tuple[str, ...] = ()  # what was done that a user should know
    decoded: bool = True  # False: the caller knew these bytes (`known`), so text is left empty
    metadata: Metadata = Metadata()  # date, source address, publisher the file states


@dataclass(frozen=True)
class Skipped:
    """A candidate file that is not used, and why (one line)."""

    path: Path
    name: str
    reason: str


def strerror(e: OSError) -> str:
    """The system's reason for an OSError, as the middle of a sentence ("permission denied")."""
    msg = e.strerror or str(e) or type(e).__name__
    return msg[:1].lower() + msg[1:]


def _one_line(text: str) -> str:
    return " ".join(str(text).split("\n")).replace("\r", " ")
