"""Turn corpus files into decoded, normalised text, and skip with a reason whatever is not text."""
from __future__ import annotations

import hashlib
import html
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import KgError

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "Skipped",
    "Source",
    "SourceError",
    "corpus_files",
    "iter_corpus",
    "looks_like_html",
    "looks_like_markdown",
    "markdown_to_text",
    "repair_mojibake",
    "read_source",
    "source_from_bytes",
]

MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are skipped unread ("larger than 20 MB")."""

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
"""Candidate file suffixes (matched case-insensitively) and the format each implies."""

# Magic numbers of the binary files people drop into a corpus by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word .docx/.odt file)"),
    (b"PK\x05\x06", "a ZIP archive (or a Word .docx/.odt file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


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


@dataclass(frozen=True)
class Skipped:
    """A candidate file that is not used, and why (one line)."""

    path: Path
    name: str
    reason: str


# --------------------------------------------------------------------------- corpus


def corpus_files(folder: Path) -> list[Path]:
    """The candidate files under `folder`, sorted by their POSIX path relative to it.

    Recursive; hidden files and folders (name starting with ".") are left out, other
    suffixes are ignored silently, and symbolic links to folders are not followed (so a
    link loop cannot hang). Symbolic links to files, broken links and special files with
    a candidate suffix are listed: `iter_corpus` reports them as Skipped.
    """
    files, _ = _scan(_check_folder(folder))
    return [path for _, path in files]


def iter_corpus(folder: Path, known: Callable[[str, str], bool] | None = None,
                skip: Iterable[Path] = (), marker: str | None = None) -> Iterator[Source | Skipped]:
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
    folder: Path, files: list[tuple[str, Path]], bad_dirs: list[tuple[str, Path, str]],
    known: Callable[[str, str], bool] | None = None,
) -> Iterator[Source | Skipped]:
    root = folder.resolve()
    items: list[tuple[str, Path, str | None]] = [(name, path, None) for name, path in files]
    items += bad_dirs
    items.sort(key=lambda item: item[0])
    for name, path, problem in items:
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
                yield _read(path, name, open_path=target, known=known)
            else:
                yield _read(path, name, open_path=path, nofollow=True, known=known)
        except SourceError as e:
            yield Skipped(path, name, e.message)


def _check_folder(folder: Path) -> Path:
    folder = Path(folder)
    try:
        st = folder.stat()
    except FileNotFoundError:
        raise SourceError(f"corpus folder not found: {folder}") from None
    except OSError as e:
        raise SourceError(f"corpus folder cannot be read: {folder}: {_strerror(e)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{folder} is not a folder")
    return folder


def _scan(folder: Path, skip: Iterable[Path] = (), marker: str | None = None,
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
                raise SourceError(f"corpus folder cannot be read: {folder}: {_strerror(e)}") from None
            rel = here.relative_to(folder).as_posix() + "/"
            bad_dirs.append((rel, here, f"folder cannot be read: {_strerror(e)}"))
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


# --------------------------------------------------------------------------- one file


def read_source(path: Path, name: str | None = None) -> Source:
    """Read, check, decode and normalise one file. Raises SourceError(reason) for a bad file.

    `name` defaults to the file name. Symbolic links are followed; special files (FIFO,
    device, socket) are refused without being opened.
    """
    path = Path(path)
    return _read(path, path.name if name is None else name, open_path=path)


def _read(path: Path, name: str, *, open_path: Path, nofollow: bool = False,
          known: Callable[[str, str], bool] | None = None) -> Source:
    data = _read_bytes(open_path, nofollow=nofollow)
    sha256 = hashlib.sha256(data).hexdigest()
    if known is not None and known(name, sha256):
        return Source(path, name, "", "", SUFFIXES.get(path.suffix.lower(), "text"), sha256, decoded=False)
    return source_from_bytes(data, name, path, sha256)


def source_from_bytes(data: bytes, name: str, path: Path | None = None, sha256: str = "") -> Source:
    """What a build reads from a file `name` holding `data` (decoded, repaired, markup
    stripped, normalised), for text that comes from elsewhere than a file (kg.process).
    Raises SourceError(reason) where a build would skip the file."""
    path = Path(name) if path is None else path
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    text, encoding, notes = _decode(data)
    text, repaired = repair_mojibake(text)
    if repaired:
        notes.append(f"mis-decoded text repaired ({repaired})")
    fmt = SUFFIXES.get(path.suffix.lower(), "text")
    text = _newlines(text)
    if fmt == "html" or looks_like_html(text):
        text = html_to_text(text)
        fmt = "html"
        notes.append("HTML markup stripped")
    elif fmt == "markdown" or looks_like_markdown(text):
        stripped = _strip_front_matter(text)
        if stripped is not text:
            text = stripped
            notes.append("YAML front matter removed")
        text = markdown_to_text(text)
        fmt = "markdown"
        notes.append("Markdown markup stripped")
    text, replaced = _clean_controls(_newlines(text))
    if replaced:
        notes.append(f"{replaced} control character{'s' if replaced > 1 else ''} replaced")
    text = _plain_spaces(unicodedata.normalize("NFC", text))
    if not text.strip():
        raise SourceError("empty file" if fmt != "html" else "empty file (no text outside the HTML markup)")
    return Source(path, name, text, encoding, fmt, sha256, tuple(notes))


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
        raise SourceError(f"cannot be read: {_strerror(e)}") from None
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
    kind = (
        "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a character device" if stat.S_ISCHR(mode)
        else "a block device" if stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a special file"
    )
    raise SourceError(f"not a regular file: {kind}")


def _too_large() -> str:
    return f"larger than {MAX_BYTES // (1024 * 1024)} MB"


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, notes). Order: UTF-8 BOM, UTF-16 BOM, binary check, UTF-8, cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", ["decoded as utf-8-sig"]
        except UnicodeDecodeError as e:
            reason = f"starts with a UTF-8 byte-order mark but is not UTF-8 text{_where(e, 3)}"
            raise SourceError(reason) from None
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SourceError("looks like UTF-32 text, which is not supported: save it as UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")  # the codec reads and removes the BOM
        except UnicodeDecodeError:
            raise SourceError("starts with a UTF-16 byte-order mark but is not UTF-16 text") from None
        if "\x00" in text:
            raise SourceError("contains NUL characters: looks like a binary file, not text")
        return text, "utf-16", ["decoded as utf-16"]
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise SourceError(f"looks like {kind}, not text")
    if b"\x00" in data:
        raise SourceError(
            "contains NUL bytes: looks like a binary file, not text "
            "(or UTF-16 without a byte-order mark: save it as UTF-8)"
        )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", ["decoded as cp1252"]
    except UnicodeDecodeError as e:
        raise SourceError(f"not UTF-8, UTF-16 or Windows-1252 text{_where(e)}") from None


def _where(e: UnicodeDecodeError, offset: int = 0) -> str:
    return f" (byte 0x{e.object[e.start]:02X} at offset {e.start + offset})"


# --------------------------------------------------------------------------- normalising

_NEWLINES = re.compile(r"\r\n?")
# Characters str.splitlines() treats as line breaks become "\n", so that every later step
# agrees on what a line is; every other control character (but TAB) becomes a space, which
# keeps the text one-to-one with what was read and keeps it valid in XML and Turtle.
_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def _clean_controls(text: str) -> tuple[str, int]:
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "\n" if m.group() in _LINE_BREAKS else " "

    return _CONTROLS.sub(repl, text), count


# Characters that are invisible in a name but would make two spellings of it differ:
# soft hyphen, zero-width space, word joiner, BOM; zero-width (non-)joiners next to a
# letter (between emoji they join a sequence and are kept). No-break and other fixed-width
# spaces become a plain space.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]|(?<=\\w)[\u200c\u200d]|[\u200c\u200d](?=\\w)")
_SPACE_LIKE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _plain_spaces(text: str) -> str:
    return _SPACE_LIKE.sub(" ", _INVISIBLE.sub("", text))


# UTF-8 read as Windows-1252 turns "ë" into "Ã«" and "“" into "â€œ": an "Ã", "Â" or "â"
# followed by a character that Windows-1252 gives for the bytes 0x80-0xBF.
_MOJIBAKE = re.compile("[ÂÃâ][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]")


def repair_mojibake(text: str) -> tuple[str, str]:
    """(text, what was repaired): text garbled by a wrong decoding, repaired with ftfy.

    Only ftfy's encoding repair runs (curly quotes, ligatures and the like stay as they
    are); the second value is "" when nothing changed, else an example ("Ã« -> ë").
    """
    if not _MOJIBAKE.search(text):
        return text, ""
    import ftfy  # only needed for garbled text

    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return text, ""
    match = _MOJIBAKE.search(text)
    bad = match.group()
    return fixed, f"e.g. {bad!r} -> {ftfy.fix_encoding(bad)!r}, with ftfy"


_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^[A-Za-z0-9_][\w .-]*:", re.M)


def _strip_front_matter(text: str) -> str:
    """The text without a leading YAML front-matter block; the same object if there is none.

    A block starts on the first line with "---", ends at the next line "---" or "...",
    and holds at least one "key:" line (so a leading horizontal rule is not taken for one).
    """
    m = _FRONT_MATTER.match(text)
    if not m or not m.group(1) or not _YAML_KEY.search(m.group(1)):
        return text
    return text[m.end():].lstrip("\n")


# --------------------------------------------------------------------------- Markdown

_MD_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~).*$\n?", re.M)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_MD_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-{2,})[ \t]*$", re.M)
_MD_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M)
_MD_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+", re.M)
_MD_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S+.*$\n?", re.M)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\](?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\])")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_MD_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MD_CODE = re.compile(r"`+([^`\n]+?)`+")
_MD_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_MD_SIGNS = re.compile(
    r"^[ \t]{0,3}#{1,6}[ \t]+\S|\[[^\]\n]+\]\((?:https?:|/|#|mailto:)|\*\*(?=\S)[^*\n]+(?<=\S)\*\*"
    r"|^[ \t]{0,3}(?:```|~~~)|^\[[^\]\n]+\]:[ \t]+https?:",
    re.M,
)
MARKDOWN_SIGNS_NEEDED = 3


def looks_like_markdown(text: str) -> bool:
    """True when a .txt text is clearly Markdown: at least three headings ("## Kop"),
    links ("[tekst](https://…)"), bold words ("**zo**"), fences or link definitions.
    One "**" or a "#hashtag" in prose does not count."""
    return _at_least(MARKDOWN_SIGNS_NEEDED, _MD_SIGNS, text)


def _at_least(n: int, pattern: re.Pattern, text: str) -> bool:
    """Whether `pattern` matches `text` n times or more (it stops counting at n)."""
    return next(islice(pattern.finditer(text), n - 1, None), None) is not None


def markdown_to_text(text: str) -> str:
    """The text of a Markdown document, as a reader sees it rendered.

    Headings, emphasis, code marks, block quotes, bullets, rules and fences lose their
    marks; links keep their text, images and link definitions go; inline HTML tags go;
    backslash escapes and HTML entities ("&amp;", "&nbsp;") become the characters.
    Every step works line by line in linear time.
    """
    text = _MD_FENCE.sub("", text)
    text = _MD_DEFINITION.sub("", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_RULE.sub("", text)
    text = _MD_SETEXT.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub(r"\1", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _MD_STRIKE.sub(r"\1", text)
    text = _MD_TAG.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


# --------------------------------------------------------------------------- HTML

_HTML_START = re.compile(r"\s*(?:<\?xml[^<>]*>\s*)?<(?:!doctype\s+html|html)(?=[\s>])", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|h[1-6]|tr|td|table|ul|ol|section|article|header|footer|blockquote)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)
HTML_BLOCK_TAGS_NEEDED = 3


def looks_like_html(text: str) -> bool:
    """True when a .txt/.md text is clearly HTML.

    Either it starts (after whitespace, optionally after an <?xml ...?> line) with
    "<!DOCTYPE html" or "<html", or it holds at least three well-formed block-level tags
    (<p>, </p>, <div>, <br>, <br/>, <li>, <h1>..<h6>, <tr>, <td>, <table>, <ul>, <ol>,
    <section>, <article>, <header>, <footer>, <blockquote>, opening or closing, with or
    without attributes). One stray "<p>" in prose does not count; a pasted fragment does.
    """
    return bool(_HTML_START.match(text)) or _at_least(HTML_BLOCK_TAGS_NEEDED, _BLOCK_TAG, text)


# Elements whose content is not article text.
_SKIP = {"script", "style", "template", "noscript", "svg", "math", "iframe", "object", "canvas"}
# Elements a <head> may hold; any other start tag ends the head, as in a browser.
_HEAD_CONTENT = {"title", "meta", "link", "base", "style", "script", "noscript", "template"}
# Elements that end a line, and elements that end a paragraph (a blank line).
_LINE = {"br", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "option"}
_PARAGRAPH = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
    "blockquote", "pre", "ul", "ol", "dl", "table", "hr", "main", "aside", "nav", "figure",
    "address", "form", "fieldset", "details", "body", "center",
}
_CELL = {"td", "th"}
_SPACES = re.compile(r"\s+")
_SPACES_IN_LINE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Pre-pass (see _defuse): comments and script/style blocks, found in one linear scan.
_DROP_OPEN = re.compile(r"<!--|<(script|style)(?=[\s/>])", re.I)
_DROP_CLOSE = {
    "": re.compile(r"--!?>"),
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
}
_TAG = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:-]*)(?:[\s/][^<>]*)?>|[!?][^<>]*>)?")


def _defuse(html: str) -> str:
    """Rewrite markup into a form html.parser handles in linear time.

    html.parser is quadratic on some malformed input in the Python versions kg supports ("<a<a<a...",
    unclosed quotes or comments), and a 20 MB file must not hang the build. So: drop
    comments and <script>/<style> blocks (an unclosed one runs to the end, as in a
    browser), reduce every tag to its bare name ("<p class=x>" -> "<p>", "<br/>" stays
    self-closing), drop declarations and processing instructions, and escape every "<"
    that does not start a tag as "&lt;". Attributes are never needed for the text.
    """
    out: list[str] = []
    pos = 0
    while True:
        m = _DROP_OPEN.search(html, pos)
        if not m:
            out.append(html[pos:])
            break
        out.append(html[pos:m.start()])
        close = _DROP_CLOSE[(m.group(1) or "").lower()].search(html, m.end())
        if not close:
            break
        pos = close.end()
    text = "".join(out)

    def tag(m: re.Match[str]) -> str:
        if m.group(2):
            end = "/>" if m.group(0).endswith("/>") else ">"
            return f"<{m.group(1)}{m.group(2)}{end}"
        if m.group(0) == "<":
            return "&lt;"
        return ""  # <!DOCTYPE ...>, <![CDATA[...]]>, <?xml ...?>

    return _TAG.sub(tag, text)


class _TextExtractor(HTMLParser):
    """Collects the visible text of a page; nothing in it is executed or fetched."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] | None = None  # the first <title>'s text, once seen
        self._in_title = False
        self._in_head = False
        self._skip: dict[str, int] = {}
        self._pre = 0
        self._newlines = 0  # line breaks owed before the next text: 1 = new line, 2 = blank line

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self._in_head and tag not in _HEAD_CONTENT:
            self._in_head = False
        if tag in _SKIP:
            self._skip[tag] = self._skip.get(tag, 0) + 1
        elif tag == "head":
            self._in_head = True
        elif tag == "title" and self.title is None and not self._skip:
            self.title = []
            self._in_title = True
        elif tag == "pre":
            self._pre += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if self._skip.get(tag):
                self._skip[tag] -= 1
                if not self._skip[tag]:
                    del self._skip[tag]
        elif tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        elif tag == "pre" and self._pre:
            self._pre -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)  # type: ignore[union-attr]
        elif self._skip or self._in_head:
            return
        else:
            data = (_SPACES_IN_LINE if self._pre else _SPACES).sub(" ", data)
            if self._newlines and data.strip():
                self.parts.append("\n" * self._newlines)
                self._newlines = 0
            if not self._newlines:
                self.parts.append(data)  # whitespace right after a break is dropped

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "br":  # "<br/>" is one line break, not two
            self.handle_endtag(tag)

    def _break(self, tag: str) -> None:
        """Block boundaries: a paragraph tag owes a blank line, a line tag a new line
        (several in a row still one), and each <br> one more line break."""
        if self._skip or self._in_head:
            return
        if tag == "br":
            self._newlines = min(self._newlines + 1, 2)
        elif tag in _PARAGRAPH:
            self._newlines = 2
        elif tag in _LINE:
            self._newlines = max(self._newlines, 1)
        elif tag in _CELL and not self._newlines:
            self.parts.append(" ")


def html_to_text(html: str) -> str:
    """The text of an HTML page: the <title> as first line, then the body's paragraphs.

    Drops <script>, <style>, <head> (but its <title>), comments and other non-text
    elements; block elements become line breaks (paragraph-level ones a blank line);
    entities are unescaped; runs of spaces collapse; at most one blank line in a row.
    """
    parser = _TextExtractor()
    try:
        parser.feed(_defuse(html))
        parser.close()
    except Exception as e:  # html.parser is tolerant; this is a last resort
        raise SourceError(f"HTML could not be read: {e}") from None
    body = _tidy("".join(parser.parts))
    title = _tidy("".join(parser.title or ())).replace("\n", " ")
    if title and body.split("\n", 1)[0] != title:
        return f"{title}\n\n{body}" if body else title
    return body


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------- helpers


def _strerror(e: OSError) -> str:
    msg = e.strerror or str(e) or type(e).__name__
    return msg[:1].lower() + msg[1:]


def _one_line(text: str) -> str:
    return " ".join(str(text).split("\n")).replace("\r", " ")


def _printable_name(name: str) -> str:
    """The name with undecodable file-name bytes (surrogate escapes) shown as U+FFFD."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
