"""Characters that change how text is shown rather than what it says.

Control characters (C0, DEL, C1) drive a terminal: ESC starts a sequence that can recolour,
retitle or rewrite the screen. Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and
its kin) reorder what follows them, so "Jan<U+202E>nesnaJ" reads as another name. Names
and titles in the graph drop the bidi controls where they are minted (`without_bidi`);
the document text keeps them, so offsets into it stay right. Whatever the CLI prints and
the view draws shows both kinds as escapes (`visible`).
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Arabic letter mark, LRM, RLM, the embeddings and overrides (LRE … RLO) and the isolates
(LRI … PDI)."""

_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# Controls, bidi controls, and lone surrogates (undecodable file-name bytes), which a
# UTF-8 stream refuses to write.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")


def without_bidi(text: str) -> str:
    """The text without bidi controls: for names and titles, where they only mislead."""
    return _BIDI.sub("", text)


def visible(text: str, keep: str = "\n\t") -> str:
    """The text with every control, bidi control and lone surrogate but those in `keep`
    written as an escape: ESC as \\u001b, U+202E as \\u202e (also valid inside JSON strings)."""
    return _UNSAFE.sub(
        lambda m: m.group() if m.group() in keep else f"\\u{ord(m.group()):04x}", text
    )
