"""Laws and bills known by the shape of their title ("Wet verbetering beschikbaarheid
jeugdzorg", "het wetsvoorstel Participatiewet in balans", "Pensioenwet"), where the law
gazetteer (ontology/reference/laws.yaml, with BWB ids) does not know them."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.found import Draft, Mention, label_of
from kg.extract.model import Document, Sentence
from kg.language.reference import Reference, entity_key
from kg.language.rules import RuleSet


def pattern_laws(
    doc: Document,
    sentences: list[Sentence],
    rules: RuleSet,
    ref: Reference,
    draft: Draft,
    free: Callable[[tuple[int, int]], bool],
) -> list[Mention]:
    """Laws found by the law rules (group "name"); where the gazetteer knows the whole
    name, the gazetteer speaks, and a title's last word may not be a stop word."""
    stop = {w.lower() for w in rules.lexicon.words("LAW_TITLE_STOP")}
    out = []
    for rule in rules.of_kind("law"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start, end = s.start + m.start("name"), s.start + m.end("name")
                words = [
                    (start + w.start(), start + w.end())
                    for w in re.finditer(r"\S+", doc.text[start:end])
                ]
                while len(words) > 1 and doc.text[slice(*words[-1])].lower() in stop:
                    words.pop()  # "… jeugdzorg en"
                end = words[-1][1]
                if len(words) < 2 and not doc.text[start:end].lower().endswith("wet"):
                    continue
                known = [(a, b) for a, b, _ in ref.names.find(doc.text, start, end)]
                if not free((start, end)) or (start, end) in known:
                    continue
                label = label_of(doc.text[start:end])
                key = entity_key("law", label)
                draft.make(key, "Law", label, rule.id)
                out.append(Mention(start, end, key, "Law", rule.id, s))
    return out
