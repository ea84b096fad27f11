"""Tests for kg.corpus.decode, through the files read: encodings, binary files refused,
line breaks, control characters and NFC."""

from __future__ import annotations

import hashlib
import random
import unicodedata

import pytest
from corpus_files import DUTCH, skipped_reason, write

from kg.corpus import SourceError, read_source
from kg.corpus.decode import clean_controls, decode, newlines, plain_spaces, repair_mojibake


def test_decode_utf8_plain(tmp_path):
    path = write(tmp_path, "a.txt", DUTCH)
    src = read_source(path)
    assert src.text == DUTCH
    assert src.encoding == "utf-8"
    assert src.format == "text"
    assert src.notes == ()
    assert src.name == "a.txt"
    assert src.path == path
    assert src.sha256 == hashlib.sha256(DUTCH.encode("utf-8")).hexdigest()


def test_decode_utf8_bom_removed(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbf" + DUTCH.encode("utf-8"))
    src = read_source(path)
    assert src.text == DUTCH
    assert "\ufeff" not in src.text
    assert src.encoding == "utf-8-sig"
    assert any("utf-8-sig" in note for note in src.notes)
    assert src.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_decode_cp1252_dutch(tmp_path):
    raw = DUTCH.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    src = read_source(write(tmp_path, "a.txt", raw))
    assert src.text == DUTCH
    assert src.encoding == "cp1252"
    assert "decoded as cp1252" in src.notes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(tmp_path, codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    src = read_source(write(tmp_path, "a.txt", bom + DUTCH.encode(codec)))
    assert src.text == DUTCH
    assert src.encoding == "utf-16"
    assert "\ufeff" not in src.text
    assert src.notes


def test_decode_utf16_odd_length_is_skipped(tmp_path):
    reason = skipped_reason(tmp_path, "a.txt", b"\xff\xfe" + "abc".encode("utf-16-le") + b"x")
    assert "UTF-16" in reason


def test_decode_utf32_is_skipped(tmp_path):
    reason = skipped_reason(tmp_path, "a.txt", "hallo".encode("utf-32"))
    assert "UTF-32" in reason


def test_decode_undecodable_is_skipped(tmp_path):
    # 0x81 is undefined in cp1252 and the bytes are not valid UTF-8 either
    reason = skipped_reason(tmp_path, "a.txt", b"caf\xe9 \x81 x")
    assert reason.startswith("not UTF-8, UTF-16 or Windows-1252 text")
    assert "0x81" in reason


def test_decode_bom_then_invalid_utf8_is_skipped(tmp_path):
    reason = skipped_reason(tmp_path, "a.txt", b"\xef\xbb\xbfcaf\xe9")
    assert "byte-order mark" in reason


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Office"),
        (bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00", "NUL"),
        (b"plain text with a \x00 in the middle", "NUL"),
    ],
    ids=["pdf", "zip", "png", "jpeg", "gif", "ole", "random", "nul"],
)
def test_decode_binary_is_skipped(tmp_path, data, kind):
    reason = skipped_reason(tmp_path, "article.txt", data)
    assert kind in reason
    assert "not text" in reason
    with pytest.raises(SourceError) as info:
        read_source(tmp_path / "article.txt")
    assert info.value.message == reason


def test_decode_pdf_reason_wording(tmp_path):
    assert skipped_reason(tmp_path, "a.txt", b"%PDF-1.4 ...") == "looks like a PDF file, not text"


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_decode_newlines_become_lf(tmp_path, newline):
    src = read_source(write(tmp_path, "a.txt", newline.join(["Kop", "", "Alinea een.", "twee"])))
    assert src.text == "Kop\n\nAlinea een.\ntwee"
    assert "\r" not in src.text


def test_decode_nfd_becomes_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "cliënt financiële coördinatie")
    assert nfd != unicodedata.normalize("NFC", nfd)
    src = read_source(write(tmp_path, "a.txt", nfd))
    assert src.text == "cliënt financiële coördinatie"
    assert unicodedata.is_normalized("NFC", src.text)


def test_decode_control_characters_replaced(tmp_path):
    src = read_source(write(tmp_path, "a.txt", "een\x01twee\x0cdrie\x7f\u2028vier\tvijf"))
    assert src.text == "een twee\ndrie \nvier\tvijf"
    assert any("control character" in note for note in src.notes)


def test_decode_bytes_name_their_encoding():
    assert decode("één".encode()) == ("één", "utf-8", [])
    assert decode(b"\xef\xbb\xbfhoi") == ("hoi", "utf-8-sig", ["decoded as utf-8-sig"])
    assert decode("één".encode("cp1252")) == ("één", "cp1252", ["decoded as cp1252"])


def test_decode_normalising_steps_one_by_one():
    assert newlines("a\r\nb\rc") == "a\nb\nc"
    assert clean_controls("a\x0bb\x07c") == ("a\nb c", 2)
    assert plain_spaces("zo\u00a0n soft\u00adhyphen") == "zo n softhyphen"


def test_decode_repair_mojibake_names_an_example():
    assert repair_mojibake("financiÃ«le") == ("financiële", "e.g. 'Ã«' -> 'ë', with ftfy")
    assert repair_mojibake("financiële") == ("financiële", "")
