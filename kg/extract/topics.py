"""Topics: the policy themes a document is about (from the topic gazetteer; no rules)."""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.context import Context, Output
from kg.extract.mentions import Mention

TOPIC_MIN_MENTIONS = 1


def topics(ctx: Context) -> Output:
    """Themes the document names, in its title, headings or body; a word that is only
    one item of a long enumeration ('bestuurders, ambtenaren, mantelzorgers, …') is not
    a theme the text discusses."""
    out = Output(ctx)
    counts = Counter(
        t.key
        for t in ctx.topics
        if t.sentence.section in ("body", "heading") and not _in_enumeration(ctx, t)
    )
    in_title = {t.key for t in ctx.topics if t.sentence.section == "title"}
    chosen = {k for k, n in counts.items() if n >= TOPIC_MIN_MENTIONS} | in_title
    for t in ctx.topics:
        if t.key in chosen:
            out.entity(t.key)
            out.fact(
                ctx.doc_iri, "dcterms:subject", t.key, t.sentence, t.start, t.end, "topic-gazetteer"
            )
    return out


def _in_enumeration(ctx: Context, m: Mention) -> bool:
    text, s = ctx.text, m.sentence
    window = text[max(s.start, m.start - 60) : min(s.end, m.end + 60)]
    listed = re.search(r",\s*$", text[s.start : m.start]) or re.match(r"\s*,", text[m.end : s.end])
    return bool(listed) and window.count(",") >= 3
