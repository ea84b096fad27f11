"""Markup to text: YAML front matter, Markdown and HTML stripped to what a reader sees.

Both are recognised by their file suffix or, in a .txt file, by clear signs of them;
every step runs in linear time, so a hostile 20 MB page cannot hang a build.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from itertools import islice

from kg.corpus.model import SourceError

_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^[A-Za-z0-9_][\w .-]*:", re.M)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the leading YAML front-matter block, the text after it), or (None, text) unchanged.

    A block starts on the first line with "---", ends at the next line "---" or "...",
    and holds at least one "key:" line (so a leading horizontal rule is not taken for one).
    """
    m = _FRONT_MATTER.match(text)
    if not m or not m.group(1) or not _YAML_KEY.search(m.group(1)):
        return None, text
    return m.group(1), text[m.end() :].lstrip("\n")


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
_MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"
)
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
_PARAGRAPH = set(
    "p div h1 h2 h3 h4 h5 h6 section article header footer blockquote pre"
    " ul ol dl table hr main aside nav figure address form fieldset details body center".split()
)
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

    html.parser is quadratic on some malformed input in the Python versions kg supports
    ("<a<a<a...", unclosed quotes or comments), and a 20 MB file must not hang the build. So: drop
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
        out.append(html[pos : m.start()])
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
