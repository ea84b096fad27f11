"""Bytes to text: the encodings kg reads, binary files refused with a reason, text
garbled by a wrong decoding repaired (ftfy), and line breaks, control characters and
invisible spaces made plain, so that offsets into the text mean the same everywhere.
"""

from __future__ import annotations

import re

from kg.corpus.model import SourceError

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


def decode(data: bytes) -> tuple[str, str, list[str]]:
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
            raise SourceError(
                "starts with a UTF-16 byte-order mark but is not UTF-16 text"
            ) from None
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


# --- normalising ---------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")
# Characters str.splitlines() treats as line breaks become "\n", so that every later step
# agrees on what a line is; every other control character (but TAB) becomes a space, which
# keeps the text one-to-one with what was read and keeps it valid in XML and Turtle.
_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def newlines(text: str) -> str:
    """CR LF and lone CR as LF: one spelling of a line break before markup is read."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def clean_controls(text: str) -> tuple[str, int]:
    """(text, how many were replaced): line-break controls as LF, other controls as a space."""
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


def plain_spaces(text: str) -> str:
    """Invisible characters dropped and space-like ones made a plain space."""
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
