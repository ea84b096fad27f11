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


def test_works_maker_in_a_clause_after_a_separable_verb_with_a_footnote(context_of, nodes):
    ctx = context_of(
        "Brief\n\nHierbij bied ik u het rapport ‘Thuis in de buurt’ aan, dat Movisie in mijn "
        "opdracht heeft geschreven3. Ik kom erop terug.\n"
    )
    assert publications(nodes, works(ctx).output) == [
        {"title": "Thuis in de buurt", "kind": "report", "by": ["Movisie"]}
    ]


def test_works_our_report_is_the_work_of_the_body_that_signs(context_of, nodes):
    ctx = context_of(
        "Brief\n\nWij wijzen erop dat de toezeggingen na ons rapport ‘Grip op de uitgaven’ "
        "niet zijn nagekomen.\n\nAlgemene Rekenkamer,\n\ndrs. J.C. Brandsma,\npresident\n"
    )
    assert publications(nodes, works(ctx).output) == [
        {"title": "Grip op de uitgaven", "kind": "report", "by": ["Algemene Rekenkamer"]}
    ]


def test_works_a_report_said_to_be_called_is_of_whoever_presented_theirs_before(context_of, nodes):
    ctx = context_of(
        "Rapportage\n\nMovisie heeft haar derde verkenning aangeboden aan de minister. "
        "De verkenning heet ‘Ruimte voor de wijk’ en gaat over buurtteams.\n"
    )
    assert publications(nodes, works(ctx).output) == [
        {"title": "Ruimte voor de wijk", "kind": "report", "by": ["Movisie"]}
    ]


def test_works_a_policy_framework_is_no_publication(context_of, nodes):
    ctx = context_of("Raad\n\nHet beleidskader ‘Werk voor iedereen’ ligt ter inzage.\n")
    assert publications(nodes, works(ctx).output) == []


def test_works_the_magazine_a_piece_appeared_in_has_no_maker(context_of, nodes):
    ctx = context_of("Wijk\n\nDaan Post schreef er eerder over in het vakblad Zorgpraktijk.\n")
    assert publications(nodes, works(ctx).output) == [
        {"title": "Zorgpraktijk", "kind": "magazine", "by": []}
    ]


def test_works_a_place_something_appeared_in_is_no_magazine(context_of, nodes):
    ctx = context_of("Wijk\n\nHet rapport verscheen dinsdag in Deventer.\n")
    assert publications(nodes, works(ctx).output) == []


def test_works_an_unquoted_title_with_a_colon_ends_before_its_maker(context_of, nodes):
    ctx = context_of(
        "Zorg\n\nIn het artikel Trend: minder vrijwilligers in de zorg van Ria de Wit "
        "staan de cijfers.\n"
    )
    assert publications(nodes, works(ctx).output) == [
        {"title": "Trend: minder vrijwilligers in de zorg", "kind": "article", "by": ["Ria de Wit"]}
    ]


def test_works_one_capitalised_word_after_in_is_no_magazine(context_of, nodes):
    ctx = context_of("Wijk\n\nHet interview verscheen eerder in Gemeente en werd vaak gedeeld.\n")
    assert publications(nodes, works(ctx).output) == []
