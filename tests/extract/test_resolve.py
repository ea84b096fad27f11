"""Who a phrase refers to, checked on Dutch texts an analyst could paste: 'de gemeente' in a
text about one municipality, 'hij' after a newly named person, 'het planbureau', 'ik' inside
a quotation, the municipality or party of a role named without one."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.context import Output
from kg.extract.examples import summarise
from kg.extract.relations import extract
from kg.extract.resolve import resolve
from kg.extract.segment import segment
from kg.extract.works import makers
from kg.language.reference import load_reference
from kg.language.rules import load_rules

RULES = load_rules()
REFERENCE = load_reference()


def facts(text: str):
    return summarise(extract(segment("t.txt", text, RULES.lexicon), RULES, REFERENCE))


def test_resolution_de_gemeente_in_a_text_about_one_municipality():
    s = facts(
        "Ede pakt eenzaamheid aan\n\nDe gemeente Ede start een coalitie tegen eenzaamheid. "
        "Ede werkt samen met welzijnsorganisaties. "
        "Op grond van de Wmo 2015 is de gemeente verantwoordelijk voor mantelzorgondersteuning.\n"
    )
    assert {"actor": "gemeente Ede", "law": "Wet maatschappelijke ondersteuning 2015"} in [
        {"actor": r["actor"], "law": r["law"]} for r in s.responsibilities
    ]


def test_resolution_de_gemeente_stays_generic_in_a_text_about_many():
    s = facts(
        "Gemeenten en de Wmo\n\nIn Ede, Zwolle en Tilburg groeit de vraag. "
        "Op grond van de Wmo 2015 is de gemeente verantwoordelijk voor ondersteuning.\n"
    )
    assert [r["actor"] for r in s.responsibilities] == ["gemeenten"]


def test_resolution_hij_is_the_person_named_last():
    s = facts(
        "Debat\n\n‘Het kan niet’, zei wethouder Erik Bakker. "
        "SP-raadslid Jan Smit legde een verband. "
        "Hij pleitte ervoor dat het Rijk een deel van de kosten vergoedt.\n"
    )
    assert [r["kg:recommendedBy"] for r in s.recommendations] == [["Jan Smit"]]


def test_resolution_het_planbureau_is_the_planning_office_named_before():
    s = facts(
        "Wijkteams\n\nHet SCP publiceerde een rapport over wijkteams. "
        "Volgens het planbureau is de drempel naar het wijkteam hoog.\n"
    )
    assert any(r["kg:speaker"] == ["Sociaal en Cultureel Planbureau"] for r in s.statements)


def test_resolution_ik_inside_a_quotation_is_the_one_quoted():
    s = facts(
        "Jeugdzorg in de regio\n\nWethouder Els Bakker is kritisch. "
        "‘Ik zou willen dat de regio ons elk kwartaal cijfers laat zien.’\n"
    )
    assert [r["kg:recommendedBy"] for r in s.recommendations] == [["Els Bakker"]]


def test_resolution_municipal_role_takes_the_municipality_of_its_adjective():
    s = facts(
        "Huishoudelijke hulp\n\nDe gemeente Alphen aan den Rijn en Leiden kopen samen in. "
        "‘De vraag is gestegen’, zegt de Alphense wethouder Dennis Kramer.\n"
    )
    assert {"person": "Dennis Kramer", "org": "gemeente Alphen aan den Rijn"} in [
        {"person": a["org:member"][0], "org": (a.get("org:organization") or [""])[0]}
        for a in s.affiliations
    ]


def test_resolution_minister_without_ministry_gets_no_guessed_organisation():
    s = facts(
        "Advies\n\nDe RMO bracht een advies uit. Staatssecretaris Martin van Rijn reageerde kort.\n"
    )
    assert all(
        not a.get("org:organization")
        for a in s.affiliations
        if a["org:member"] == ["Martin van Rijn"]
    )


# --- resolve() itself, on a document's context --------------------------------------


def _span(ctx, phrase: str, nth: int = 0):
    """(start, end, sentence) of the nth occurrence of `phrase` in the body."""
    start = -1
    for _ in range(nth + 1):
        start = ctx.text.index(phrase, start + 1)
    sentence = next(s for s in ctx.doc.sentences if s.start <= start < s.end)
    return start, start + len(phrase), sentence


def test_resolve_de_auteur_in_a_review_is_the_maker_of_the_book(context_of):
    ctx = context_of(
        "Wijkzorg\n\nHet boek ‘Thuis in de wijk’ van hoogleraar Sara Bos verscheen vorige week. "
        "Volgens de auteur is de wijk de plek voor zorg.\n"
    )
    first = makers(ctx)  # the pass that makes the makers known
    ctx = replace(ctx, makers=first.makers.people, work_makers=first.makers.actors)
    keys = resolve(ctx, Output(ctx), *_span(ctx, "de auteur"))
    assert [ctx.entries[k].label for k in keys] == ["Sara Bos"]


def test_resolve_de_onderzoekers_are_every_person_named_with_that_role(context_of):
    ctx = context_of(
        "Onderzoek\n\nOnderzoeker Eva Smit en onderzoeker Tim Bakker spraken met gezinnen. "
        "De onderzoekers zagen veel wachtlijsten.\n"
    )
    keys = resolve(ctx, Output(ctx), *_span(ctx, "De onderzoekers"))
    assert sorted(ctx.entries[k].label for k in keys) == ["Eva Smit", "Tim Bakker"]


def test_resolve_a_name_in_brackets_is_not_who_acts(context_of):
    ctx = context_of("Zorg\n\nWethouder Karin Dekker (PvdA) wil meer geld voor de zorg.\n")
    keys = resolve(ctx, Output(ctx), *_span(ctx, "Karin Dekker (PvdA)"))
    assert [ctx.entries[k].label for k in keys] == ["Karin Dekker"]
