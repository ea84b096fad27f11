"""kg/extract/recommendations.py on its own: who advises whom to do what."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.recommendations import MATCHES, recommendations
from kg.extract.registry import RELATIONS
from kg.extract.statements import statements


def advice(nodes, out) -> list[dict]:
    return [
        {
            "text": n["kg:text"][0],
            "by": n.get("kg:recommendedBy", []),
            "to": n.get("kg:recommendedTo", []),
        }
        for n in nodes(out).values()
    ]


def test_recommendations_adviser_and_advised_of_an_advice_verb(context_of, nodes):
    ctx = context_of(
        "Kwijtschelding\n\nHet Nibud adviseert gemeenten om de kwijtschelding te verruimen.\n"
    )
    assert advice(nodes, recommendations(ctx)) == [
        {
            "text": "de kwijtschelding te verruimen.",
            "by": ["Nationaal Instituut voor Budgetvoorlichting"],
            "to": ["gemeenten"],
        }
    ]


def test_recommendations_a_quoted_must_is_the_advice_of_the_one_quoted(context_of, nodes):
    ctx = context_of("Wijken\n\n‘Gemeenten moeten vaker met bewoners praten,’ zegt Joris Smit.\n")
    voices = statements(ctx).voices  # the pass before it: who speaks where
    assert advice(nodes, recommendations(replace(ctx, voices=voices))) == [
        {
            "text": "Gemeenten moeten vaker met bewoners praten",
            "by": ["Joris Smit"],
            "to": ["gemeenten"],
        }
    ]


def test_recommendations_a_second_advice_verb_keeps_the_adviser(context_of, nodes):
    ctx = context_of(
        "Wonen\n\nDe Raad voor Volksgezondheid & Samenleving beveelt het kabinet aan een budget "
        "mogelijk te maken, en roept gemeenten op levensloopbestendig te bouwen.\n"
    )
    found = advice(nodes, recommendations(ctx))
    assert [(a["by"], a["to"]) for a in found] == [
        (["Raad voor Volksgezondheid & Samenleving"], ["kabinet"]),
        (["Raad voor Volksgezondheid & Samenleving"], ["gemeenten"]),
    ]


def test_recommendations_a_must_in_a_condition_is_no_advice(context_of, nodes):
    ctx = context_of("Opinie\n\nAls gemeenten moeten bezuinigen, lijden de wijkteams daaronder.\n")
    assert advice(nodes, recommendations(ctx)) == []


def test_recommendations_every_registered_match_has_a_handler():
    registered = set(RELATIONS["recommendation"].options["match"].values)
    assert set(MATCHES) == registered | {"pattern"}


def test_recommendations_the_subject_of_a_passive_must_is_not_the_one_advised(context_of, nodes):
    ctx = context_of(
        "Regie\n\nWethouder Piet Klaver zegt: ‘We moeten dit anders doen.’\n\n"
        "De wijkteams zullen getraind moeten worden zodat de burger meer regie krijgt.\n"
    )
    voices = statements(ctx).voices
    found = advice(nodes, recommendations(replace(ctx, voices=voices)))
    passive = [a for a in found if a["text"].startswith("De wijkteams")]
    assert passive and passive[0]["to"] == []  # trained by someone: not asked to act


def test_recommendations_asking_for_something_of_no_one_is_no_advice(context_of, nodes):
    ctx = context_of(
        "Tekort\n\nDe gemeente Zwolle vraagt extra geld om de tekorten op de jeugdzorg te dekken.\n"
    )
    assert advice(nodes, recommendations(ctx)) == []


def test_recommendations_asking_a_named_actor_to_act_is_advice_to_them(context_of, nodes):
    ctx = context_of(
        "Toeslagen\n\nDe Nationale ombudsman vraagt het kabinet om de regels te vereenvoudigen.\n"
    )
    assert [(a["by"], a["to"]) for a in advice(nodes, recommendations(ctx))] == [
        (["Nationale ombudsman"], ["kabinet"])
    ]


def test_recommendations_the_one_called_on_is_never_the_adviser(context_of, nodes):
    ctx = context_of(
        "Taal\n\nEn ze roept het Rijk op om de financiering van de Taalhuizen vast te leggen.\n"
    )
    assert all(a["by"] != ["rijksoverheid"] for a in advice(nodes, recommendations(ctx)))


def test_recommendations_ik_in_a_speaker_turn_is_the_speaker_not_the_author(context_of, nodes):
    ctx = context_of(
        "Debat\n\nDe heer Mulder (SGP):\n\n"
        "Ik vraag het kabinet om de gemeenten meer geld te geven.\n"
    )
    voices = statements(ctx).voices
    found = advice(nodes, recommendations(replace(ctx, voices=voices)))
    assert [(a["by"], a["to"]) for a in found] == [(["Mulder"], ["kabinet"])]
