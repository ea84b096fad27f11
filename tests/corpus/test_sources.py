"""Tests for kg.corpus.sources: which files are read, how they are decoded, and what is skipped."""

from __future__ import annotations

import hashlib
import os
import random
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from kg.corpus import sources
from kg.corpus.sources import (
    MAX_BYTES,
    Skipped,
    Source,
    SourceError,
    corpus_files,
    html_to_text,
    iter_corpus,
    looks_like_html,
    read_source,
)

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


# --------------------------------------------------------------------------- decoding


def test_sources_utf8_plain(tmp_path):
    path = write(tmp_path, "a.txt", DUTCH)
    src = read_source(path)
    assert src.text == DUTCH
    assert src.encoding == "utf-8"
    assert src.format == "text"
    assert src.notes == ()
    assert src.name == "a.txt"
    assert src.path == path
    assert src.sha256 == hashlib.sha256(DUTCH.encode("utf-8")).hexdigest()


def test_sources_utf8_bom_removed(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbf" + DUTCH.encode("utf-8"))
    src = read_source(path)
    assert src.text == DUTCH
    assert "\ufeff" not in src.text
    assert src.encoding == "utf-8-sig"
    assert any("utf-8-sig" in note for note in src.notes)
    assert src.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_sources_cp1252_dutch(tmp_path):
    raw = DUTCH.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    src = read_source(write(tmp_path, "a.txt", raw))
    assert src.text == DUTCH
    assert src.encoding == "cp1252"
    assert "decoded as cp1252" in src.notes


def test_source_from_bytes_is_what_a_build_reads_from_a_file_with_those_bytes(tmp_path):
    data = ("<p>" + DUTCH + "</p>").encode("cp1252")
    from_file = read_source(write(tmp_path, "a.html", data))
    from_bytes = sources.source_from_bytes(data, "a.html")
    assert from_bytes.text == from_file.text == DUTCH.strip()
    assert from_bytes.encoding == from_file.encoding == "cp1252"
    assert from_bytes.format == "html" and from_bytes.notes == from_file.notes
    assert from_bytes.sha256 == from_file.sha256 == hashlib.sha256(data).hexdigest()
    with pytest.raises(SourceError, match="looks like a PDF"):
        sources.source_from_bytes(b"%PDF-1.7 ...", "a.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_sources_utf16_with_bom(tmp_path, codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    src = read_source(write(tmp_path, "a.txt", bom + DUTCH.encode(codec)))
    assert src.text == DUTCH
    assert src.encoding == "utf-16"
    assert "\ufeff" not in src.text
    assert src.notes


def test_sources_utf16_odd_length_is_skipped(tmp_path):
    reason = skipped_reason(tmp_path, "a.txt", b"\xff\xfe" + "abc".encode("utf-16-le") + b"x")
    assert "UTF-16" in reason


def test_sources_utf32_is_skipped(tmp_path):
    reason = skipped_reason(tmp_path, "a.txt", "hallo".encode("utf-32"))
    assert "UTF-32" in reason


def test_sources_undecodable_is_skipped(tmp_path):
    # 0x81 is undefined in cp1252 and the bytes are not valid UTF-8 either
    reason = skipped_reason(tmp_path, "a.txt", b"caf\xe9 \x81 x")
    assert reason.startswith("not UTF-8, UTF-16 or Windows-1252 text")
    assert "0x81" in reason


def test_sources_bom_then_invalid_utf8_is_skipped(tmp_path):
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
def test_sources_binary_is_skipped(tmp_path, data, kind):
    reason = skipped_reason(tmp_path, "article.txt", data)
    assert kind in reason
    assert "not text" in reason
    with pytest.raises(SourceError) as info:
        read_source(tmp_path / "article.txt")
    assert info.value.message == reason


def test_sources_pdf_reason_wording(tmp_path):
    assert skipped_reason(tmp_path, "a.txt", b"%PDF-1.4 ...") == "looks like a PDF file, not text"


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b" \n\t\r\n  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", "\u00a0\u2003\n".encode()],
    ids=["empty", "spaces", "whitespace", "bom-only", "bom-space", "unicode-space"],
)
def test_sources_empty_is_skipped(tmp_path, data):
    assert skipped_reason(tmp_path, "a.txt", data) == "empty file"


def test_sources_html_without_text_is_empty(tmp_path):
    reason = skipped_reason(tmp_path, "a.html", "<html><body><script>x()</script></body></html>")
    assert reason.startswith("empty file")


# --------------------------------------------------------------------------- normalising


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_sources_newlines_become_lf(tmp_path, newline):
    src = read_source(write(tmp_path, "a.txt", newline.join(["Kop", "", "Alinea een.", "twee"])))
    assert src.text == "Kop\n\nAlinea een.\ntwee"
    assert "\r" not in src.text


def test_sources_nfd_becomes_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "cliënt financiële coördinatie")
    assert nfd != unicodedata.normalize("NFC", nfd)
    src = read_source(write(tmp_path, "a.txt", nfd))
    assert src.text == "cliënt financiële coördinatie"
    assert unicodedata.is_normalized("NFC", src.text)


def test_sources_control_characters_replaced(tmp_path):
    src = read_source(write(tmp_path, "a.txt", "een\x01twee\x0cdrie\x7f\u2028vier\tvijf"))
    assert src.text == "een twee\ndrie \nvier\tvijf"
    assert any("control character" in note for note in src.notes)


# --------------------------------------------------------------------------- HTML


def test_sources_html_in_txt_is_stripped(tmp_path):
    html = "<html><body><p>De gemeente &amp; de burger</p><script>alert(1)</script></body></html>"
    src = read_source(write(tmp_path, "a.txt", html))
    assert "De gemeente & de burger" in src.text
    assert "alert" not in src.text
    assert "<p>" not in src.text and "<" not in src.text
    assert src.format == "html"
    assert "HTML markup stripped" in src.notes


def test_sources_html_file_with_entities_and_title(tmp_path):
    html = """<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Wmo &ndash; de  gemeente</title>
  <style>p { color: red; }</style>
  <script type="text/javascript">document.write("<p>injected</p>");</script>
</head>
<body>
  <!-- menu -->
  <h1>Zorg   dichtbij</h1>
  <p>Caf&eacute; &amp; buurthuis: &lt;samen&gt;&nbsp;sterk &#8364;5 &#x2019;s avonds.</p>
  <p>Tweede
     alinea.</p>
</body>
</html>"""
    src = read_source(write(tmp_path, "nieuws.html", html))
    assert src.format == "html"
    assert src.encoding == "utf-8"
    assert src.text.split("\n")[0] == "Wmo – de gemeente"
    assert src.text == (
        "Wmo – de gemeente\n\nZorg dichtbij\n\n"
        "Café & buurthuis: <samen> sterk €5 ’s avonds.\n\nTweede alinea."
    )
    for junk in ("color", "injected", "menu", "charset", "&amp;", "<p>"):
        assert junk not in src.text


def test_sources_html_paragraphs_and_lines(tmp_path):
    html = (
        "<div><p>Een</p>\n\n\n<p>Twee<br>regel<br><br>na twee br</p></div>"
        "<ul><li>a</li>\n<li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>"
    )
    assert html_to_text(html) == "Een\n\nTwee\nregel\n\nna twee br\n\na\nb\n\nx y"


def test_sources_html_title_not_repeated(tmp_path):
    html = "<html><head><title>Kop</title></head><body><h1>Kop</h1><p>Tekst.</p></body></html>"
    assert html_to_text(html) == "Kop\n\nTekst."


def test_sources_html_unclosed_head_ends_at_body_content():
    assert html_to_text("<head><title>T</title><p>Inhoud") == "T\n\nInhoud"


def test_sources_html_stray_angle_brackets_survive():
    assert html_to_text("<p>5 < 6 en 7 > 3</p><p>x</p>") == "5 < 6 en 7 > 3\n\nx"


@pytest.mark.parametrize(
    "junk",
    ["<a" * 100_000, "</" * 100_000, "<!--" * 50_000, '<a x="' * 50_000, "<script>" * 50_000],
    ids=["open-tags", "end-tags", "comments", "quotes", "scripts"],
)
def test_sources_html_malformed_input_is_fast(junk):
    # raw html.parser needs tens of seconds on "<a" * 100_000 (quadratic)
    start = time.monotonic()
    html_to_text("<p>tekst</p>" + junk)
    assert time.monotonic() - start < 10


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><p>x",
        "  \n<html><body>x</body></html>",
        "<HTML>\n<BODY>x",
        "Kop\n<p>Een</p>\n<p>Twee</p>",
        "tekst<br>tekst<br/>tekst<br />",
        '<div class="a">x</div><div>y</div>',
    ],
)
def test_sources_looks_like_html_yes(text):
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        DUTCH,
        "Gebruik de tag <p> voor een alinea.",
        "Als a < b en c > d, dan <p> of <div>.",
        "<htmlfoo> is geen html",
        "# Kop\n\nMarkdown met een <br> regel.",
        "5 <10 en <html",
    ],
)
def test_sources_looks_like_html_no(text):
    assert not looks_like_html(text)


def test_sources_plain_txt_is_not_stripped(tmp_path):
    text = "Als a < b en c > d, dan <p> geldt.\n\nTweede   alinea met  spaties.\n"
    src = read_source(write(tmp_path, "a.txt", text))
    assert src.text == text
    assert src.format == "text"


# --------------------------------------------------------------------------- markdown


def test_sources_markdown_front_matter_removed(tmp_path):
    md = "---\ntitle: Zorg\ndate: 2020-01-01\n---\n\n# Kop\n\nTekst met *nadruk*.\n"
    src = read_source(write(tmp_path, "a.md", md))
    assert src.text == "Kop\n\nTekst met nadruk."
    assert src.format == "markdown"
    assert src.notes == ("YAML front matter removed", "Markdown markup stripped")


@pytest.mark.parametrize(
    "md, kept",
    [
        ("# Kop\n\n---\ntitle: x\n---\n", "title: x"),
        ("---\n\nGeen yaml hier\n\n---\nTekst\n", "Geen yaml hier\n\nTekst"),
        ("---\ntitle: open\nTekst\n", "title: open\nTekst"),
    ],
    ids=["not-at-start", "horizontal-rules", "unclosed"],
)
def test_sources_markdown_without_front_matter_keeps_its_text(tmp_path, md, kept):
    src = read_source(write(tmp_path, "a.markdown", md))
    assert kept in src.text and "---" not in src.text  # rules are markup
    assert src.format == "markdown"
    assert src.notes == ("Markdown markup stripped",)


def test_sources_markdown_with_html_document_is_stripped(tmp_path):
    src = read_source(
        write(tmp_path, "a.md", "<!DOCTYPE html><html><body><p>Hoi</p></body></html>")
    )
    assert src.format == "html"
    assert src.text == "Hoi"


# --------------------------------------------------------------------------- files


def test_sources_fifo_is_skipped_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no os.mkfifo on this platform")
    os.mkfifo(tmp_path / "x.txt")
    write(tmp_path, "y.txt", "tekst")
    items = run_with_timeout(lambda: list(iter_corpus(tmp_path)))
    assert [item.name for item in items] == ["x.txt", "y.txt"]
    assert isinstance(items[0], Skipped)
    assert "not a regular file" in items[0].reason
    assert "FIFO" in items[0].reason
    assert isinstance(items[1], Source)
    with pytest.raises(SourceError):
        run_with_timeout(lambda: read_source(tmp_path / "x.txt"))


@pytest.fixture
def symlinks_ok(tmp_path):
    try:
        os.symlink(tmp_path / "nowhere", tmp_path / "probe")
    except (OSError, NotImplementedError):
        pytest.skip("cannot create symbolic links here")
    os.unlink(tmp_path / "probe")


def test_sources_symlink_outside_corpus_is_skipped(tmp_path, symlinks_ok):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    secret = write(tmp_path, "secret.txt", "geheim")
    os.symlink(secret, corpus / "link.txt")
    item = only(corpus)
    assert isinstance(item, Skipped)
    assert item.name == "link.txt"
    assert "outside the corpus folder" in item.reason


def test_sources_symlink_inside_corpus_is_read(tmp_path, symlinks_ok):
    write(tmp_path, "sub/real.txt", "echt")
    os.symlink(Path("sub") / "real.txt", tmp_path / "link.txt")
    items = list(iter_corpus(tmp_path))
    assert [(type(i).__name__, i.name) for i in items] == [
        ("Source", "link.txt"),
        ("Source", "sub/real.txt"),
    ]
    assert items[0].text == "echt"
    assert items[0].path == tmp_path / "link.txt"


@pytest.mark.parametrize("target", ["missing.txt", "loop.txt"], ids=["broken", "self-loop"])
def test_sources_broken_symlink_is_skipped(tmp_path, symlinks_ok, target):
    os.symlink(tmp_path / target, tmp_path / "loop.txt")
    item = run_with_timeout(lambda: only(tmp_path))
    assert isinstance(item, Skipped)
    assert item.reason == "broken symbolic link"


def test_sources_directory_symlink_loop_does_not_hang(tmp_path, symlinks_ok):
    write(tmp_path, "sub/a.txt", "tekst")
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "self")
    names = run_with_timeout(lambda: [i.name for i in iter_corpus(tmp_path)])
    assert names == ["sub/a.txt"]
    assert run_with_timeout(lambda: corpus_files(tmp_path)) == [tmp_path / "sub" / "a.txt"]


def test_sources_order_is_sorted_and_deterministic(tmp_path):
    names = [
        "b.txt",
        "a.md",
        "sub/z.htm",
        "sub/a.html",
        "a/b/c.markdown",
        "A.txt",
        "a.txt",
        "sub.txt",
    ]
    for name in random.Random(3).sample(names, len(names)):
        write(tmp_path, name, f"tekst {name}")
    expected = sorted(names)
    assert [i.name for i in iter_corpus(tmp_path)] == expected
    assert [i.name for i in iter_corpus(tmp_path)] == expected
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_files(tmp_path)] == expected


def test_sources_hidden_and_other_files_ignored(tmp_path):
    write(tmp_path, "a.txt", "zichtbaar")
    write(tmp_path, ".verborgen.txt", "nee")
    write(tmp_path, ".git/notes.md", "nee")
    write(tmp_path, "sub/.drafts/x.txt", "nee")
    write(tmp_path, "plaatje.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path, "data.csv", "a,b")
    write(tmp_path, "noext", "x")
    write(tmp_path, "HOOFD.TXT", "hoofdletters")
    assert [i.name for i in iter_corpus(tmp_path)] == ["HOOFD.TXT", "a.txt"]


def test_sources_formats_by_suffix(tmp_path):
    for name in ["a.txt", "b.md", "c.markdown", "d.html", "e.htm"]:
        write(tmp_path, name, "Gewone tekst.")
    formats = {i.name: i.format for i in iter_corpus(tmp_path)}
    assert formats == {
        "a.txt": "text",
        "b.md": "markdown",
        "c.markdown": "markdown",
        "d.html": "html",
        "e.htm": "html",
    }


def test_sources_unreadable_file_is_skipped(tmp_path):
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        pytest.skip("needs POSIX and a non-root user (root reads chmod 000 files)")
    path = write(tmp_path, "a.txt", "tekst")
    path.chmod(0)
    try:
        item = only(tmp_path)
    finally:
        path.chmod(0o644)
    assert isinstance(item, Skipped)
    assert item.reason == "cannot be read: permission denied"


def test_sources_too_large_is_skipped(tmp_path):
    path = tmp_path / "groot.txt"
    with open(path, "wb") as f:  # sparse: no 20 MB actually written
        f.truncate(MAX_BYTES + 1)
    item = only(tmp_path)
    assert isinstance(item, Skipped)
    assert item.reason == "larger than 20 MB"


def test_sources_size_limit_is_a_module_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_BYTES", 10)
    write(tmp_path, "a.txt", "0123456789")
    write(tmp_path, "b.txt", "0123456789a")
    items = list(iter_corpus(tmp_path))
    assert isinstance(items[0], Source)
    assert isinstance(items[1], Skipped) and items[1].reason.startswith("larger than")


def test_sources_read_source_bad_paths(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="folder"):
        read_source(tmp_path)


def test_sources_names_are_relative_posix(tmp_path):
    write(tmp_path, "sub/deeper/a.txt", "tekst")
    src = only(tmp_path)
    assert src.name == "sub/deeper/a.txt"
    assert read_source(tmp_path / "sub" / "deeper" / "a.txt").name == "a.txt"
    assert read_source(tmp_path / "sub" / "deeper" / "a.txt", name="x/y.txt").name == "x/y.txt"


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="needs arbitrary bytes in file names"
)
def test_sources_undecodable_file_name_is_skipped(tmp_path):
    try:
        with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as f:
            f.write(b"tekst")
    except OSError:
        pytest.skip("file system refuses non-UTF-8 names")
    item = only(tmp_path)
    assert isinstance(item, Skipped)
    assert "not valid UTF-8" in item.reason
    item.name.encode("utf-8")  # printable


# --------------------------------------------------------------------------- folder


def test_sources_missing_folder_raises(tmp_path):
    with pytest.raises(SourceError, match="corpus folder not found"):
        iter_corpus(tmp_path / "nope")  # raises on the call, not on the first next()
    with pytest.raises(SourceError, match="corpus folder not found"):
        corpus_files(tmp_path / "nope")


def test_sources_file_as_folder_raises(tmp_path):
    path = write(tmp_path, "a.txt", "tekst")
    with pytest.raises(SourceError, match="is not a folder") as info:
        iter_corpus(path)
    assert info.value.message == f"{path} is not a folder"


def test_sources_empty_folder_yields_nothing(tmp_path):
    write(tmp_path, "notes.csv", "a,b")
    assert list(iter_corpus(tmp_path)) == []
    assert corpus_files(tmp_path) == []


def test_sources_error_message_is_one_line():
    error = SourceError("een\ntwee")
    assert error.message == "een twee"
    assert str(error) == "een twee"


def test_sources_real_corpus_reads(tmp_path):
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    if not corpus.is_dir():
        pytest.skip("no corpus folder")
    for item in iter_corpus(corpus):
        assert isinstance(item, Source), item
        assert item.encoding == "utf-8"


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_sources_random_bytes_only_raise_source_error(tmp_path, seed, suffix):
    rng = random.Random(seed)
    alphabet = (
        b"<>/!-=\"'&#;ab \n\r\x00\x81\xc3\xa9\xef\xbb\xbf\xff\xfe"
        if seed % 2
        else bytes(range(256))
    )
    data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 3000)))
    if seed % 3 == 0:
        data = data.replace(b"\x00", b"")
    path = write(tmp_path, "x" + suffix, data)
    try:
        src = read_source(path)
    except SourceError as e:
        assert e.message and "\n" not in e.message
    else:
        assert src.text.strip()
        assert "\r" not in src.text
        assert unicodedata.is_normalized("NFC", src.text)
