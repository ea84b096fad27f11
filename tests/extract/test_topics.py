"""kg/extract/topics.py on its own: the themes a document is about."""

from __future__ import annotations

from kg.extract.topics import topics


def themes(out) -> set[str]:
    return {out.entry(f.object).label for f in out.facts if f.predicate == "dcterms:subject"}


def test_topics_a_theme_the_body_discusses(context_of):
    ctx = context_of("Zorg thuis\n\nDe gemeente wil de mantelzorg beter ondersteunen.\n")
    assert themes(topics(ctx)) == {"mantelzorg"}


def test_topics_one_item_of_a_long_enumeration_is_no_theme(context_of):
    ctx = context_of(
        "Bijeenkomst\n\nEr kwamen bestuurders, ambtenaren, mantelzorg, vrijwilligers en buren.\n"
    )
    assert "mantelzorg" not in themes(topics(ctx))
