"""Text folded for comparing names: case, accents and runs of whitespace ignored, so that
a name typed at the terminal or in corrections.yaml finds the label it means."""

from __future__ import annotations

import unicodedata


def fold(text: str, *, apostrophes: bool = False) -> str:
    """`text` with case, accents and spacing ignored ("Één  Loket" -> "een loket").

    With `apostrophes`, the typographic ’ also reads as ': corrections.yaml is typed with
    ' where the articles print ’ ("Stichting ’t Hofje"), so corrections compare names
    that way; `kg explain` and the network view compare without it (as they always have)."""
    if apostrophes:
        text = text.replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())
