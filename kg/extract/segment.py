"""Split a scraped article into title, body sentences, author block and comments.

The rules must only see the article's own sentences, with offsets into the stored text,
so nothing here rewrites the text: it only decides which spans are which. Which lines
are page furniture is kg/extract/furniture.py's job, where sentences end
kg/extract/sentences.py's; this module puts the parts together and tells the article's
closing paragraphs from a reader's reaction.
"""

from __future__ import annotations

import re

from kg.extract.furniture import (
    Line,
    drop_advertisements,
    find_byline,
    find_end_matter,
    find_signature,
    is_page_label,
    split_lines,
    strip_genre,
)
from kg.extract.model import Document, Sentence, Span
from kg.extract.quotes import in_first_person
from kg.extract.sentences import CLOSERS, SENTENCE_END, split_sentences
from kg.language.lexicon import Lexicon

MAX_TITLE_CHARS = 300
"""A first line longer than this is body text, not a title."""

Paragraph = tuple[str, int, int]
"""(kind, start, end): kind is "text" or "heading"."""


def segment(
    name: str,
    text: str,
    lexicon: Lexicon,
    *,
    encoding: str = "utf-8",
    sha256: str = "",
    notes: tuple[str, ...] = (),
    issued: str = "",
    source_url: str = "",
    publisher: str = "",
) -> Document:
    """Find the parts of one article; sentences keep offsets into `text`. The file's stated
    date, source address and publisher (kg.corpus.metadata) are carried to the graph."""
    lines = split_lines(text, lexicon)
    filled = [i for i, ln in enumerate(lines) if ln.text.strip()]
    title, title_span, genre = "", None, ""
    while len(filled) > 1 and is_page_label(
        lines[filled[0]].text.strip(), lines[filled[1]].text.strip(), lexicon
    ):
        label = lines[filled[0]].text.strip()  # "Opinie", "Home > Nieuws > …", "Q&A | Inburgering"
        genre = genre or next(
            (g for g in lexicon.words("GENRE") if label.split(" |")[0].strip() == g), ""
        )
        lines[filled[0]].kind = "furniture"
        filled = filled[1:]
    if (
        filled and len(lines[filled[0]].text) <= MAX_TITLE_CHARS
    ):  # a whole text on one line is no title
        title_line = lines[filled[0]]
        glued_genre, title_start = strip_genre(title_line.text, lexicon)
        genre = genre or glued_genre
        title_span = Span(title_line.start + title_start, title_line.end)
        title = text[title_span.start : title_span.end].strip()
        title_line.kind = "title"

    body_end, byline, author_lines = find_end_matter(lines, lexicon)
    signature = find_signature(lines, body_end, lexicon)  # "De minister van …,\nA.B. Naam"
    if not byline.author:
        byline = signature.byline if signature else find_byline(lines[:body_end], lexicon)
    for ln in lines[:body_end]:
        if ln.kind == "title":
            continue
        if not ln.text.strip():
            ln.kind = "blank"
        elif lexicon.is_furniture(ln.text.strip()):
            ln.kind = "furniture"
    drop_advertisements(lines[:body_end], lexicon)

    paragraphs = _paragraphs([ln for ln in lines[:body_end] if ln.kind != "title"], text)
    paragraphs = _drop_repeats(paragraphs, text)
    # Without a comments header or author block, closing first-person paragraphs of a text
    # that is not an opinion piece are a reader's reaction.
    opinion = genre in lexicon.words("OPINION_GENRE")
    comment_from = (
        len(paragraphs)
        if opinion or body_end < len(lines)
        else _trailing_first_person(paragraphs, text, lexicon)
    )
    sentences: list[Sentence] = []
    if title_span is not None and title:
        t_start = title_span.start + (
            len(text[title_span.start : title_span.end])
            - len(text[title_span.start : title_span.end].lstrip())
        )
        sentences.append(Sentence(0, t_start, t_start + len(title), title, -1, "title"))
    for p_index, (kind, start, end) in enumerate(paragraphs[:comment_from]):
        section = "heading" if kind == "heading" else "body"
        for s, e in split_sentences(text, start, end, lexicon):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], p_index, section))
    for _, start, end in _paragraphs(author_lines, text):
        for s, e in split_sentences(text, start, end, lexicon):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], len(paragraphs), "author"))
    if signature is not None:  # one sentence: office, signers and their roles together
        a, b = signature.span.start, signature.span.end
        sentences.append(Sentence(len(sentences), a, b, text[a:b], len(paragraphs), "author"))
    if byline.span is not None:
        sentences.append(
            Sentence(
                len(sentences),
                byline.span.start,
                byline.span.end,
                byline.author,
                len(paragraphs) + 1,
                "byline",
            )
        )
    return Document(
        name=name,
        text=text,
        title=title,
        title_span=title_span,
        genre=genre,
        author=byline.author,
        author_span=byline.span,
        encoding=encoding,
        sha256=sha256,
        sentences=tuple(sentences),
        notes=notes,
        issued=issued,
        source_url=source_url,
        publisher=publisher,
    )


def _paragraphs(lines: list[Line], text: str) -> list[Paragraph]:
    """Group lines into paragraphs. A line that breaks off mid-sentence and continues in
    lower case on the next line is one paragraph (a lost line break)."""
    paragraphs: list[Paragraph] = []
    for ln in lines:
        if ln.kind in ("blank", "furniture"):
            continue
        stripped = ln.text.strip()
        if not stripped:
            continue
        lead = len(ln.text) - len(ln.text.lstrip())
        start, end = ln.start + lead, ln.start + lead + len(stripped)
        glued_heading = ln.kind == "heading"
        if (
            paragraphs
            and not glued_heading
            and paragraphs[-1][0] != "glued"
            and stripped[0].islower()
            and text[paragraphs[-1][2] - 1] not in SENTENCE_END + CLOSERS
        ):
            paragraphs[-1] = ("text", paragraphs[-1][1], end)
            continue
        paragraphs.append(("glued" if glued_heading else "text", start, end))
    return [
        ("heading" if kind == "glued" or _is_heading(text[s:e]) else "text", s, e)
        for kind, s, e in paragraphs
    ]


def _is_heading(line: str) -> bool:
    words = line.split()
    if len(words) > 8 or "\n" in line or re.search(r"[.!?]\s+\S", line):
        return False
    return line[-1] not in ".!:;,’”\"'" or (line.endswith("?") and len(words) <= 6)


def _drop_repeats(paragraphs: list[Paragraph], text: str) -> list[Paragraph]:
    """A lead paragraph that the page repeats is read once; a label that opens what
    follows ('Mevrouw Bakker (PvdA):', 'De voorzitter:') is no repeat, however often
    the same speaker takes the floor."""
    seen: set[str] = set()
    kept = []
    for kind, s, e in paragraphs:
        key = " ".join(text[s:e].split())
        if kind == "text" and key in seen and not key.endswith(":"):
            continue
        seen.add(key)
        kept.append((kind, s, e))
    return kept


def _trailing_first_person(paragraphs: list[Paragraph], text: str, lexicon: Lexicon) -> int:
    """Index where trailing reader comments start: in an article whose own voice never
    says 'ik', closing paragraphs in the first person are a reader's reaction."""

    def first_person(s: int, e: int) -> bool:
        return in_first_person(text[s:e], lexicon)

    text_paras = [i for i, (k, _, _) in enumerate(paragraphs) if k == "text"]
    if len(text_paras) < 3:
        return len(paragraphs)
    cut = len(paragraphs)
    for i in reversed(text_paras):
        if first_person(paragraphs[i][1], paragraphs[i][2]):
            cut = i
        else:
            break
    if cut == len(paragraphs):
        return cut
    earlier = [i for i in text_paras if i < cut]
    if any(first_person(paragraphs[i][1], paragraphs[i][2]) for i in earlier):
        return len(paragraphs)  # the author writes in the first person: not a comment
    return cut
