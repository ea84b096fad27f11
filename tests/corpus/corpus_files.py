"""Helpers the corpus tests share: write a file into a folder, read the one item back."""

from __future__ import annotations

import threading
from pathlib import Path

from kg.corpus import Skipped, Source, iter_corpus

DUTCH = "De cliënt kreeg financiële steun: ‘aanhalingstekens’ – en €5.\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only(folder: Path) -> Source | Skipped:
    items = list(iter_corpus(folder))
    assert len(items) == 1, items
    return items[0]


def skipped_reason(folder: Path, name: str, data: bytes | str) -> str:
    write(folder, name, data)
    item = only(folder)
    assert isinstance(item, Skipped), item
    assert item.name == name
    return item.reason


def run_with_timeout(fn, seconds: float = 20):
    """Run fn in a daemon thread; fail (rather than hang the suite) if it blocks."""
    result: list = []
    error: list = []

    def target():
        try:
            result.append(fn())
        except BaseException as e:  # pragma: no cover - reported below
            error.append(e)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{fn} did not finish within {seconds}s"
    if error:
        raise error[0]
    return result[0]
