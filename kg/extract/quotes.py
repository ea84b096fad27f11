"""Quotations: where they open and close, and the text without them, so that the author's
own voice ('ik', 'mijn') can be told from the words of those quoted.

Quote marks are typography; which apostrophes elide a word rather than open a quote
('s-Hertogenbosch, 't, 'n) and which words are the first person are Dutch, and come from
the lexicon (ELISION, FIRST_PERSON).
"""

from __future__ import annotations

import re

from kg.language.lexicon import Lexicon

QUOTE_PAIRS = {"‘": "’", "“": "”", "„": "”", "«": "»", '"': '"', "'": "'"}
"""Each opening quote mark and the mark that closes it."""
_MARK = re.compile("[" + re.escape("".join(QUOTE_PAIRS) + "".join(QUOTE_PAIRS.values())) + "]")
"""A character that opens or closes a quotation: the only ones `quote_spans` looks at."""


def quote_spans(
    text: str, lexicon: Lexicon, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Spans (open, close) of quotations in text[start:end], the quote marks included.

    Apostrophes inside words (z'n) or eliding one ('s-Hertogenbosch) are not quote marks;
    quotes nest when they use different marks (‘… “…” …’)."""
    end = len(text) if end is None else end
    elision = lexicon.construction("ELISION")
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for mark in _MARK.finditer(text, start, end):  # every other character is no quote mark
        i, ch = mark.start(), mark.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if (
            stack
            and ch == QUOTE_PAIRS[stack[-1][0]]
            and not before.isspace()
            and not (after.isalpha() and before.isalpha())
        ):
            opener, at = stack.pop()
            spans.append((at, i + 1))
            continue
        if ch in QUOTE_PAIRS and (before.isspace() or before in "([—–-:") and not after.isspace():
            if ch in "'’" and elision.match(text, i + 1):
                continue  # 's-Hertogenbosch, 't, 'n
            if all(ch != o for o, _ in stack):
                stack.append((ch, i))
    return sorted(spans)


def unquoted(text: str, lexicon: Lexicon) -> str:
    """The text with quotations blanked out (same length), for tests on the author's voice."""
    chars = list(text)
    for s, e in quote_spans(text, lexicon):
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def in_first_person(text: str, lexicon: Lexicon) -> bool:
    """Does the text speak in the first person ('ik', 'mijn') outside its quotations?"""
    words = lexicon.alt("FIRST_PERSON")
    return re.search(rf"(?<![\w-])(?i:{words})(?![\w-])", unquoted(text, lexicon)) is not None
