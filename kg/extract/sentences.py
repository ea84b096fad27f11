"""Sentence splitting: sentence spans in a paragraph, never inside a quotation, never after
an abbreviation or an initial (the lexicon's ABBREVIATION list), and never longer than
MAX_SENTENCE_CHARS."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.quotes import QUOTE_PAIRS, quote_spans
from kg.language.lexicon import Lexicon

SENTENCE_END = ".!?"
CLOSERS = "’”\"')]»"
_MARK = re.compile(f"[{re.escape(SENTENCE_END + CLOSERS)}]")
MAX_SENTENCE_CHARS = 2000
"""Longer sentences are cut at spaces (real ones are far shorter; see _bounded)."""


def split_sentences(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end]; never splits inside a quotation."""
    inside = [False] * (end - start)
    for s, e in quote_spans(text, lexicon, start, end):
        inside[s + 1 - start : e - 1 - start] = [True] * (e - s - 2)
    spans = []
    s = start
    resume = start  # where the last sentence found starts: no end before it
    for mark in _MARK.finditer(text, start, end):  # no other character can end a sentence
        i, ch = mark.start(), mark.group()
        if i < resume:
            continue
        closes_quoted_sentence = ch in CLOSERS and i > start and text[i - 1] in SENTENCE_END
        if (ch in SENTENCE_END or closes_quoted_sentence) and not inside[i - start]:
            j = i + 1
            while j < end and (text[j] in SENTENCE_END or text[j] in CLOSERS):
                j += 1
            if j >= end:
                break
            if text[j].isspace():
                k = j
                while k < end and text[k].isspace():
                    k += 1
                nxt = text[k] if k < end else ""
                if (nxt.isupper() or nxt.isdigit() or nxt in QUOTE_PAIRS) and not (
                    ch == "." and lexicon.is_abbreviation(text, s, i)
                ):
                    spans.append((s, j))
                    s = resume = k
    if s < end:
        spans.append((s, end))
    return [piece for a, b in spans if text[a:b].strip() for piece in _bounded(text, a, b)]


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span cut at spaces into pieces of at most MAX_SENTENCE_CHARS, so that the rules'
    time per sentence stays bounded on text without full stops or with an unclosed quote."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end
