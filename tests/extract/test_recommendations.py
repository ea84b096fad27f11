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


def found_in(context_of, nodes, text: str) -> list[dict]:
    """The advice of a text, after the statements pass (who speaks where) as in a build."""
    ctx = context_of(text)
    return advice(nodes, recommendations(replace(ctx, voices=statements(ctx).voices)))


def test_recommendations_the_items_of_a_list_after_a_lead_in_are_its_advisers(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Rapportage\n\nDe Transitiecommissie Sociaal Domein (TSD) bracht haar rapportage uit. "
        "Voorzitter Wim Kuiper: ‘Het kan beter.’\n\n"
        "De Commissie geeft raadsleden twee adviezen mee:\n"
        "1. Vraag naar resultaten voor bewoners.\n"
        "2. Ga zelf op werkbezoek in de wijk.\n\n"
        "Daarna volgt een hoofdstuk over geld.\n",
    )
    items = [a for a in found if a["text"].startswith(("Vraag", "Ga zelf"))]
    assert [(a["by"], a["to"]) for a in items] == [
        (["Transitiecommissie Sociaal Domein"], ["raadsleden"]),
        (["Transitiecommissie Sociaal Domein"], ["raadsleden"]),
    ]  # the commission, not its chair who spoke last, and never "Commissie" itself


def test_recommendations_wij_with_no_known_author_advises_without_an_adviser(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Brief\n\nWij bevelen de Minister van Binnenlandse Zaken en Koninkrijksrelaties aan "
        "om één vaste methode voor de kosten vast te stellen.\n",
    )
    assert [(a["by"], a["to"]) for a in found] == [
        ([], ["Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"])
    ]


def test_recommendations_wij_is_the_author_whom_the_text_names(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "OpinieGeef de raad grip\n\nWij vragen de gemeenten om hun rekenkamer vaker te "
        "betrekken.\n\nOver de auteur\n\nKarin Zwart is onderzoeker bij Movisie.\n",
    )
    assert [(a["by"], a["to"]) for a in found] == [(["Karin Zwart"], ["gemeenten"])]


def test_recommendations_whom_aan_names_before_the_verb_is_advised_not_advising(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Jeugdbescherming\n\nDe Inspectie Gezondheidszorg en Jeugd en de Inspectie Justitie "
        "en Veiligheid onderzochten de regio. Aan de zorgaanbieders vragen de inspecties om "
        "wachtende gezinnen voorrang te geven.\n",
    )
    assert [(sorted(a["by"]), a["to"]) for a in found] == [
        (
            ["Inspectie Gezondheidszorg en Jeugd", "Inspectie Justitie en Veiligheid"],
            ["zorgaanbieders"],
        )
    ]


def test_recommendations_zij_after_advice_is_its_adviser_and_whom_follows_is_advised(
    context_of, nodes
):
    found = found_in(
        context_of,
        nodes,
        "Jeugdbescherming\n\nDe Inspectie Gezondheidszorg en Jeugd en de Inspectie Justitie "
        "en Veiligheid onderzochten de regio. De inspecties eisen dat de gemeenten binnen een "
        "maand een plan maken. Ook bevelen zij de gemeenten aan om met Jeugdbescherming "
        "Brabant afspraken te maken over de caseload.\n",
    )
    second = [a for a in found if "caseload" in a["text"]]
    assert [(len(a["by"]), a["to"]) for a in second] == [(2, ["gemeenten"])]


def test_recommendations_daarnaast_keeps_whom_the_same_advice_before_was_for(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Klacht\n\nDe Nationale ombudsman beveelt de gemeente Zwolle aan om vaker een gesprek "
        "te voeren. Daarnaast beveelt de ombudsman aan om in elke brief te wijzen op "
        "cliëntondersteuning.\n",
    )
    assert [a["to"] for a in found] == [["gemeente Zwolle"], ["gemeente Zwolle"]]


def test_recommendations_a_plea_after_a_must_does_not_take_its_addressee(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Stelsels\n\nDe Transitiecommissie Sociaal Domein (TSD) is kritisch. Volgens de "
        "Commissie moeten gemeenten vóór januari afspraken maken. Daarnaast pleit de Commissie "
        "voor een landelijk meldpunt.\n",
    )
    plea = [a for a in found if "meldpunt" in a["text"]]
    assert plea and plea[0]["to"] == []


def test_recommendations_zij_moeten_is_the_group_named_just_before(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Samenleving\n\nDe RMO adviseert gemeenten om minder te sturen en maatschappelijke "
        "organisaties te betrekken. Zij moeten samen met bewoners plannen maken.\n",
    )
    last = [a for a in found if a["text"].startswith("Zij moeten")]
    assert last and last[0]["to"] == ["maatschappelijke organisaties"]


def test_recommendations_what_one_person_must_do_is_no_advice(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Wijkteam\n\nWethouder Anna de Vries sprak met de buurt. ‘Maar zij moet ook bewaken "
        "wat het budget toelaat,’ zegt Jan Mol.\n",
    )
    assert found == []


def test_recommendations_a_bare_role_is_never_the_one_advised(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Debat\n\nDe heer Mulder (SGP):\n\nIk vraag de staatssecretaris om de regels te "
        "vereenvoudigen.\n",
    )
    assert all(a["to"] == [] for a in found)  # no one named as staatssecretaris: no one


def test_recommendations_the_one_volgens_names_is_never_whom_it_advises(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Armoede\n\nVolgens het Nibud moet het kabinet vooral de vaste lasten omlaag brengen.\n",
    )
    assert [(a["by"], a["to"]) for a in found] == [
        (["Nationaal Instituut voor Budgetvoorlichting"], ["kabinet"])
    ]


def test_recommendations_het_rapport_of_no_known_maker_advises_as_no_one(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Brief\n\nDe Tweede Kamer vroeg om onderzoek. Ook de VNG en Divosa waren betrokken.\n\n"
        "Het rapport sluit af met twee aanbevelingen:\n\n- Noem de ondersteuner in elke brief.\n\n"
        "- Betrek ervaringsdeskundigen.\n",
    )
    assert [a["by"] for a in found if a["text"].startswith(("Noem", "Betrek"))] == [[], []]


def test_recommendations_what_a_law_demands_is_no_advice(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Privacy\n\nDe AVG verbiedt het delen niet; ze eist dat je het doordacht doet, met een "
        "doel.\n",
    )
    assert found == []


def test_recommendations_laat_ik_beginnen_is_no_imperative(context_of, nodes):
    found = found_in(
        context_of,
        nodes,
        "Debat\n\nStaatssecretaris Karel Bosman:\n\nLaat ik beginnen met de vraag van mevrouw "
        "Dijkgraaf.\n",
    )
    assert found == []


def test_recommendations_gemeenteraden_geven_wij_in_overweging_advises_the_councils(
    context_of, nodes
):
    found = found_in(
        context_of,
        nodes,
        "Brief\n\nGemeenteraden geven wij in overweging hun rekenkamer jaarlijks een onderzoek "
        "te laten doen.\n",
    )
    assert [(a["by"], a["to"]) for a in found] == [([], ["gemeenteraden"])]
