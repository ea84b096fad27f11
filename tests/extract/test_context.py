"""kg/extract/context.py: what a pass reads and what it returns."""

from __future__ import annotations

from kg.extract.context import Output
from kg.language.reference import Entry


def test_context_output_keeps_the_first_entry_made_under_a_key(context_of):
    ctx = context_of("Titel\n\nDe wijkteams moeten meer mandaat krijgen.\n")
    out = Output(ctx)
    out.make(Entry("group/wijkteams", "Group", "wijkteams", "rule-a"))
    out.make(Entry("group/wijkteams", "Group", "andere", "rule-b"))
    assert out.entry("group/wijkteams").label == "wijkteams"
    assert "group/wijkteams" not in ctx.entries  # the context itself never changes


def test_context_mentions_in_a_stretch_of_text(context_of):
    ctx = context_of("Titel\n\nDivosa en het SCP schreven een brief aan de minister.\n")
    start = ctx.text.index("Divosa")
    end = ctx.text.index(" schreven")
    assert [ctx.entries[m.key].label for m in ctx.actors_in(start, end)] == [
        "Divosa",
        "Sociaal en Cultureel Planbureau",
    ]
