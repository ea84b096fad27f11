"""kg/extract/works.py on its own: publications, their kinds and makers."""

from __future__ import annotations

from kg.extract.works import makers, works


def publications(nodes, out) -> list[dict]:
    return [
        {
            "title": n["dcterms:title"][0],
            "kind": n["kg:workKind"][0],
            "by": n.get("dcterms:creator", []),
        }
        for n in nodes(out).values()
    ]


def test_works_quoted_title_kind_and_maker(context_of, nodes):
    ctx = context_of("Later\n\nHet SCP publiceerde vandaag het rapport ‘Zorg voor later’.\n")
    assert publications(nodes, works(ctx).output) == [
        {"title": "Zorg voor later", "kind": "report", "by": ["Sociaal en Cultureel Planbureau"]}
    ]


def test_works_title_before_the_kind_of_work(context_of, nodes):
    ctx = context_of(
        "Schulden\n\nSinds ‘Geld of leven’, het rapport van de Nationale ombudsman, "
        "is er meer aandacht voor schulden.\n"
    )
    assert publications(nodes, works(ctx).output) == [
        {"title": "Geld of leven", "kind": "report", "by": ["Nationale ombudsman"]}
    ]


def test_works_first_reading_gives_makers_and_no_facts(context_of):
    ctx = context_of(
        "Boek\n\nHet boek ‘Thuis in de wijk’ van Sara Bos en Tim de Wit verscheen vorige week.\n"
    )
    first = makers(ctx)
    assert first.output.facts == []
    assert [ctx.entries[k].label for m in first.makers.people for k in m.keys] == [
        "Sara Bos",
        "Tim de Wit",
    ]
