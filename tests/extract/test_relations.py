"""kg/extract/relations.py: the passes in their one order, merged in one place."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.recommendations import recommendations
from kg.extract.relations import extract, prepare
from kg.extract.segment import segment
from kg.extract.statements import statements


def test_relations_an_entity_a_pass_makes_reaches_the_extraction(rules, reference):
    doc = segment(
        "t.txt",
        "Titel\n\n‘Ook de regieteams moeten meer mandaat krijgen,’ zegt Joris Smit.\n",
        rules.lexicon,
    )
    ex = extract(doc, rules, reference)
    assert ex.entities["group/regieteams"].label == "regieteams"


def test_relations_passes_do_not_write_into_the_context_they_read(rules, reference):
    doc = segment(
        "t.txt",
        "Titel\n\n‘Ook de regieteams moeten meer mandaat krijgen,’ zegt Joris Smit.\n",
        rules.lexicon,
    )
    ctx = prepare(doc, rules, reference)
    entries, mentions = dict(ctx.entries), ctx.mentions
    said = statements(ctx)
    out = recommendations(replace(ctx, voices=said.voices))
    assert "group/regieteams" in out.entries
    assert ctx.entries == entries and ctx.mentions == mentions
    assert ctx.voices.stated == {} and ctx.voices.quoted == {}


def test_relations_de_gemeente_is_the_municipality_the_text_is_about(rules, reference):
    doc = segment(
        "t.txt",
        "Ede\n\nDe gemeente Ede start een coalitie. Ede werkt samen met buurten. "
        "De gemeente zoekt vrijwilligers.\n",
        rules.lexicon,
    )
    ctx = prepare(doc, rules, reference)
    last = [m for m in ctx.mentions if m.rule == "municipality-in-context"]
    assert [ctx.entries[m.key].label for m in last] == ["gemeente Ede"]
