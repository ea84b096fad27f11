"""Walk a corpus folder: which files are candidates, in which order, and which are
skipped before reading (hidden, broken or outside links, unreadable folders, undecodable
names). Each candidate is read by kg.corpus.readfile.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg import progress
from kg.corpus.model import SUFFIXES, Skipped, Source, SourceError, strerror
from kg.corpus.readfile import read_file


def corpus_files(folder: Path) -> list[Path]:
    """The candidate files under `folder`, sorted by their POSIX path relative to it.

    Recursive; hidden files and folders (name starting with ".") are left out, other
    suffixes are ignored silently, and symbolic links to folders are not followed (so a
    link loop cannot hang). Symbolic links to files, broken links and special files with
    a candidate suffix are listed: `iter_corpus` reports them as Skipped.
    """
    files, _ = _scan(_check_folder(folder))
    return [path for _, path in files]


def iter_corpus(
    folder: Path,
    known: Callable[[str, str], bool] | None = None,
    skip: Iterable[Path] = (),
    marker: str | None = None,
) -> Iterator[Source | Skipped]:
    """Every candidate file under `folder` in `corpus_files` order, as a Source or a Skipped.

    `known(name, sha256)`: when it says True, the file's bytes were read before (a build
    cache holds what they yield), so they are not decoded again: the Source has no text.
    `skip`: files and folders not to walk into, e.g. the build's own output when it sits
    inside the corpus; `folder` itself is walked even when listed. `marker`: a file name
    that marks a sub-folder as not part of the corpus (kg's output folders hold one).

    Raises SourceError at once (not on first iteration) if `folder` is missing or not a
    folder. A folder without candidate files yields nothing. Sub-folders that cannot be
    listed are reported as Skipped too, with a name ending in "/".
    """
    folder = _check_folder(folder)
    files, bad_dirs = _scan(folder, skip, marker)
    return _iter(folder, files, bad_dirs, known)


def _iter(
    folder: Path,
    files: list[tuple[str, Path]],
    bad_dirs: list[tuple[str, Path, str]],
    known: Callable[[str, str], bool] | None = None,
) -> Iterator[Source | Skipped]:
    root = folder.resolve()
    items: list[tuple[str, Path, str | None]] = [(name, path, None) for name, path in files]
    items += bad_dirs
    items.sort(key=lambda item: item[0])
    for name, path, problem in progress.tracked(items, "reading", len(items), unit="file"):
        shown = _printable_name(name)
        if problem is not None:
            yield Skipped(path, shown, problem)
            continue
        if shown != name:
            yield Skipped(path, shown, "file name is not valid UTF-8: rename the file")
            continue
        try:
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # missing target, or a link loop
                    yield Skipped(path, name, "broken symbolic link")
                    continue
                if not target.is_relative_to(root):
                    yield Skipped(path, name, "symbolic link to a file outside the corpus folder")
                    continue
                yield read_file(path, name, open_path=target, known=known)
            else:
                yield read_file(path, name, open_path=path, nofollow=True, known=known)
        except SourceError as e:
            yield Skipped(path, name, e.message)


def _check_folder(folder: Path) -> Path:
    folder = Path(folder)
    try:
        st = folder.stat()
    except FileNotFoundError:
        raise SourceError(f"corpus folder not found: {folder}") from None
    except OSError as e:
        raise SourceError(f"corpus folder cannot be read: {folder}: {strerror(e)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{folder} is not a folder")
    return folder


def _scan(
    folder: Path,
    skip: Iterable[Path] = (),
    marker: str | None = None,
) -> tuple[list[tuple[str, Path]], list[tuple[str, Path, str]]]:
    """(relative POSIX name, path) of candidate files, and sub-folders that could not be listed.

    A loop over a stack of folders, not os.walk: os.walk recurses in Python 3.11, and a
    corpus nested 1,000 folders deep would end in RecursionError. Symbolic links to
    folders are not followed (so a link loop cannot hang).
    """
    files: list[tuple[str, Path]] = []
    bad_dirs: list[tuple[str, Path, str]] = []
    skip_names, skip_ids = _identities(skip)
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError as e:
            if here == folder:
                raise SourceError(
                    f"corpus folder cannot be read: {folder}: {strerror(e)}"
                ) from None
            rel = here.relative_to(folder).as_posix() + "/"
            bad_dirs.append((rel, here, f"folder cannot be read: {strerror(e)}"))
            continue
        if marker and here != folder and any(entry.name == marker for entry in entries):
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.name in skip_names and _identity(entry) in skip_ids:
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not entry.is_symlink():
                    folders.append(here / entry.name)
            elif os.path.splitext(entry.name)[1].lower() in SUFFIXES:
                path = here / entry.name
                files.append((path.relative_to(folder).as_posix(), path))
        pending.extend(sorted(folders, reverse=True))
    files.sort(key=lambda item: item[0])
    return files, bad_dirs


def _identities(paths: Iterable[Path]) -> tuple[set[str], set[tuple[int, int]]]:
    """The names and (device, inode) of the paths that exist: a file is the same as one
    of them only if both match, whatever way its path is spelled."""
    names, ids = set(), set()
    for path in paths:
        try:
            st = os.lstat(path)
        except OSError:
            continue
        names.add(Path(path).name)
        ids.add((st.st_dev, st.st_ino))
    return names, ids


def _identity(entry: os.DirEntry) -> tuple[int, int] | None:
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _printable_name(name: str) -> str:
    """The name with undecodable file-name bytes (surrogate escapes) shown as U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
