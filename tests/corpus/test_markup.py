"""Tests for kg.corpus.markup: HTML and Markdown stripped to text, and recognised in a .txt file."""

from __future__ import annotations

import time

import pytest
from corpus_files import DUTCH, skipped_reason, write

from kg.corpus import html_to_text, looks_like_html, read_source
from kg.corpus.markup import markdown_to_text, split_front_matter


def test_markup_html_without_text_is_empty(tmp_path):
    reason = skipped_reason(tmp_path, "a.html", "<html><body><script>x()</script></body></html>")
    assert reason.startswith("empty file")


def test_markup_html_in_txt_is_stripped(tmp_path):
    html = "<html><body><p>De gemeente &amp; de burger</p><script>alert(1)</script></body></html>"
    src = read_source(write(tmp_path, "a.txt", html))
    assert "De gemeente & de burger" in src.text
    assert "alert" not in src.text
    assert "<p>" not in src.text and "<" not in src.text
    assert src.format == "html"
    assert "HTML markup stripped" in src.notes


def test_markup_html_file_with_entities_and_title(tmp_path):
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


def test_markup_html_paragraphs_and_lines(tmp_path):
    html = (
        "<div><p>Een</p>\n\n\n<p>Twee<br>regel<br><br>na twee br</p></div>"
        "<ul><li>a</li>\n<li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>"
    )
    assert html_to_text(html) == "Een\n\nTwee\nregel\n\nna twee br\n\na\nb\n\nx y"


def test_markup_html_title_not_repeated(tmp_path):
    html = "<html><head><title>Kop</title></head><body><h1>Kop</h1><p>Tekst.</p></body></html>"
    assert html_to_text(html) == "Kop\n\nTekst."


def test_markup_html_unclosed_head_ends_at_body_content():
    assert html_to_text("<head><title>T</title><p>Inhoud") == "T\n\nInhoud"


def test_markup_html_stray_angle_brackets_survive():
    assert html_to_text("<p>5 < 6 en 7 > 3</p><p>x</p>") == "5 < 6 en 7 > 3\n\nx"


@pytest.mark.parametrize(
    "junk",
    ["<a" * 100_000, "</" * 100_000, "<!--" * 50_000, '<a x="' * 50_000, "<script>" * 50_000],
    ids=["open-tags", "end-tags", "comments", "quotes", "scripts"],
)
def test_markup_html_malformed_input_is_fast(junk):
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
def test_markup_looks_like_html_yes(text):
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
def test_markup_looks_like_html_no(text):
    assert not looks_like_html(text)


def test_markup_plain_txt_is_not_stripped(tmp_path):
    text = "Als a < b en c > d, dan <p> geldt.\n\nTweede   alinea met  spaties.\n"
    src = read_source(write(tmp_path, "a.txt", text))
    assert src.text == text
    assert src.format == "text"


def test_markup_markdown_front_matter_removed(tmp_path):
    md = "---\ntitle: Zorg\ndate: 2020-01-01\n---\n\n# Kop\n\nTekst met *nadruk*.\n"
    src = read_source(write(tmp_path, "a.md", md))
    assert src.text == "Kop\n\nTekst met nadruk."
    assert src.format == "markdown"
    assert src.notes == ("YAML front matter read and removed", "Markdown markup stripped")
    assert src.metadata.issued == "2020-01-01"


@pytest.mark.parametrize(
    "md, kept",
    [
        ("# Kop\n\n---\ntitle: x\n---\n", "title: x"),
        ("---\n\nGeen yaml hier\n\n---\nTekst\n", "Geen yaml hier\n\nTekst"),
        ("---\ntitle: open\nTekst\n", "title: open\nTekst"),
    ],
    ids=["not-at-start", "horizontal-rules", "unclosed"],
)
def test_markup_markdown_without_front_matter_keeps_its_text(tmp_path, md, kept):
    src = read_source(write(tmp_path, "a.markdown", md))
    assert kept in src.text and "---" not in src.text  # rules are markup
    assert src.format == "markdown"
    assert src.notes == ("Markdown markup stripped",)


def test_markup_markdown_with_html_document_is_stripped(tmp_path):
    src = read_source(
        write(tmp_path, "a.md", "<!DOCTYPE html><html><body><p>Hoi</p></body></html>")
    )
    assert src.format == "html"
    assert src.text == "Hoi"


def test_markup_split_front_matter_only_a_yaml_block():
    assert split_front_matter("---\ntitle: x\n---\nTekst") == ("title: x\n", "Tekst")
    rule = "---\n\nTekst"  # a horizontal rule, not a YAML block
    assert split_front_matter(rule) == (None, rule)


def test_markup_markdown_to_text_keeps_what_a_reader_sees():
    text = "## Kop\n\nEen [link](https://x.nl) en **vet**."
    assert markdown_to_text(text) == "Kop\n\nEen link en vet."
