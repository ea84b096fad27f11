"""kg/extract/statements.py on its own: who says what, quoted or reported, and who
speaks where for the passes after it."""

from __future__ import annotations

from kg.extract.statements import statements


def said(nodes, out) -> list[tuple[str, list[str], str]]:
    """(text, speakers, direct quote?) of each statement."""
    return [
        (n["kg:text"][0], n["kg:speaker"], n["kg:directQuote"][0])
        for n in nodes(out).values()
        if "kg:text" in n
    ]


def test_statements_quotation_with_its_speaker_after_it(context_of, nodes):
    ctx = context_of(
        "Jeugdhulp\n\n‘We moeten de wachtlijsten nu echt aanpakken’, "
        "zegt wethouder Anna de Vries.\n"
    )
    assert said(nodes, statements(ctx).output) == [
        ("We moeten de wachtlijsten nu echt aanpakken", ["Anna de Vries"], "true")
    ]


def test_statements_reported_speech_is_no_direct_quote(context_of, nodes):
    ctx = context_of("Wachten\n\nDe Kinderombudsman stelt dat kinderen te lang wachten op hulp.\n")
    assert said(nodes, statements(ctx).output) == [
        ("kinderen te lang wachten op hulp.", ["Kinderombudsman"], "false")
    ]


def test_statements_unattributed_quotation_continues_the_speaker_before(context_of, nodes):
    ctx = context_of(
        "Vertrouwen\n\n‘Het gaat om vertrouwen,’ zegt Noor Visser. "
        "‘Zonder vertrouwen komt er van de transformatie niets terecht.’\n"
    )
    found = {
        n["kg:text"][0]: (n["kg:speaker"], n["rule"])
        for n in nodes(statements(ctx).output).values()
    }
    assert found["Zonder vertrouwen komt er van de transformatie niets terecht."] == (
        ["Noor Visser"],
        "quote-carryover",
    )


def test_statements_dat_stelt_x_attributes_the_sentence_before(context_of, nodes):
    ctx = context_of(
        "Geld\n\nGemeenten krijgen te weinig geld voor de jeugdhulp. "
        "Dat stelt de Vereniging van Nederlandse Gemeenten.\n"
    )
    out = statements(ctx).output
    assert said(nodes, out) == [
        (
            "Gemeenten krijgen te weinig geld voor de jeugdhulp.",
            ["Vereniging van Nederlandse Gemeenten"],
            "false",
        )
    ]
    speaker = next(f for f in out.facts if f.predicate == "kg:speaker")
    assert speaker.evidence.sentence.text.startswith("Dat stelt")  # where the speaker is named


def test_statements_tell_later_passes_who_speaks_where(context_of):
    ctx = context_of(
        "Wmo\n\nDe wachtlijsten groeien. Volgens Divosa lopen de kosten van de bijstand op.\n"
    )
    voices = statements(ctx).voices
    second = ctx.body[1].index
    stated = {i: [ctx.entries[k].label for k in keys] for i, keys in voices.stated.items()}
    assert stated == {second: ["Divosa"]}  # the first sentence is in no one's voice


def test_statements_a_speaker_turn_in_minutes_runs_to_the_next_label(context_of):
    ctx = context_of(
        "Raadsvergadering\n\nDe heer Verbeek (ChristenUnie): Wij maken ons zorgen over de "
        "wachtlijsten. Die worden elk jaar langer.\n\nHet gaat om honderden gezinnen in de "
        "stad.\n\nDe voorzitter: Dank u wel. Dan sluit ik de vergadering.\n"
    )
    said = statements(ctx)
    texts = [f.object for f in said.output.facts if f.predicate == "kg:text"]
    assert texts == [
        "Wij maken ons zorgen over de wachtlijsten. Die worden elk jaar langer. "
        "Het gaat om honderden gezinnen in de stad."
    ]
    second = ctx.body[1].index  # "Die worden …" is in his voice too, for the advice pass
    assert [ctx.entries[k].label for k in said.voices.stated[second]] == ["Verbeek"]


def test_statements_one_statement_per_turn_without_its_courtesies(context_of):
    ctx = context_of(
        "Debat\n\nDe heer Mulder (SGP):\n\nVoorzitter. De wachtlijsten worden langer.\n\n"
        "Het gaat om duizenden kinderen.\n\nMevrouw Terpstra (GroenLinks):\n\n"
        "Dank u wel. De armoede in onze stad groeit nog steeds.\n"
    )
    said = statements(ctx).output
    by = {f.subject: ctx.entries[f.object].label for f in said.facts if f.predicate == "kg:speaker"}
    texts = [(f.object, by[f.subject]) for f in said.facts if f.predicate == "kg:text"]
    assert texts == [
        ("De wachtlijsten worden langer. Het gaat om duizenden kinderen.", "Mulder"),
        ("De armoede in onze stad groeit nog steeds.", "Terpstra"),
    ]


def test_statements_de_commissie_is_no_person_and_an_unknown_body_gets_no_statement(context_of):
    ctx = context_of(
        "Rapportage\n\nDe Commissie stelt vast dat de transformatie nog niet gelukt is. "
        "Volgens de Commissie ligt dat niet aan de gemeenten.\n"
    )
    assert not [m for m in ctx.mentions if m.kind == "Person"]
    assert statements(ctx).output.facts == []  # no source we can name: none, not a guess


def test_statements_a_turn_of_several_sentences_keeps_its_evidence_in_one_sentence(context_of):
    ctx = context_of(
        "Debat\n\nDe heer Mulder (SGP):\n\nVoorzitter. De wachtlijsten worden langer. "
        "Het gaat om duizenden kinderen.\n\nWethouder Kooistra: Het college neemt dit serieus. "
        "Wij komen met een plan.\n"
    )
    facts = statements(ctx).output.facts
    assert facts and all(
        f.evidence.sentence.start <= f.evidence.start <= f.evidence.end <= f.evidence.sentence.end
        for f in facts
    )


def speakers_of(ctx) -> dict[str, list[str]]:
    """Statement text -> the labels of its speakers."""
    out = statements(ctx).output
    label = {
        **{k: e.label for k, e in ctx.entries.items()},
        **{k: e.label for k, e in out.entries.items()},
    }
    by: dict[str, list[str]] = {}
    for f in out.facts:
        if f.predicate == "kg:speaker":
            by.setdefault(f.subject, []).append(label[f.object])
    return {f.object: by[f.subject] for f in out.facts if f.predicate == "kg:text"}


LETTER = (
    "Brief over de jeugdhulp\n\n"
    "Wij stellen vast dat gemeenten de kosten van de jeugdhulp niet kunnen voorspellen.\n\n"
    "De minister van VWS laat in haar reactie weten dat zij de aanbevelingen overneemt.\n\n"
    "Wel wijzen wij erop dat eerdere toezeggingen over de wachttijden niet zijn nagekomen.\n\n"
    "Algemene Rekenkamer,\n\nmr. P.J. de Groot, voorzitter\n"
)


def test_statements_wij_stellen_vast_is_the_organisation_that_signs_the_letter(context_of):
    found = speakers_of(context_of(LETTER))
    assert found["gemeenten de kosten van de jeugdhulp niet kunnen voorspellen."] == [
        "Algemene Rekenkamer"
    ]


def test_statements_wij_after_a_reported_minister_is_still_the_writer(context_of):
    found = speakers_of(context_of(LETTER))
    assert found["eerdere toezeggingen over de wachttijden niet zijn nagekomen."] == [
        "Algemene Rekenkamer"
    ]


OPINION = (
    "Opinie: Minder regels, meer vakmanschap\n\n"
    "Door: Marieke Jansen-Ooms\n\n"
    "Gemeenten geven elk jaar meer uit aan verantwoording. Mijn stelling is dat niet het geld "
    "maar de regeldruk de jeugdzorg uitput.\n\n"
    "Laten we zeggen dat iedereen zijn best doet. Ik denk dat de wijkteams meer ruimte moeten "
    "krijgen om zelf te beslissen.\n"
)


def test_statements_the_opinion_writers_own_claims_are_the_byline_authors(context_of):
    found = speakers_of(context_of(OPINION))
    assert found == {
        "niet het geld maar de regeldruk de jeugdzorg uitput.": ["Marieke Jansen-Ooms"],
        "de wijkteams meer ruimte moeten krijgen om zelf te beslissen.": ["Marieke Jansen-Ooms"],
    }  # "Laten we zeggen dat …" is a manner of speaking, not a claim


def test_statements_zij_after_a_body_that_endorses_is_that_body(context_of):
    ctx = context_of(
        "Advies\n\nDe Nationale ombudsman onderschrijft het doel van de nieuwe klachtenregeling. "
        "Zij merkt wel op dat inwoners de regeling nauwelijks kennen.\n"
    )
    assert speakers_of(ctx) == {
        "onderschrijft het doel van de nieuwe klachtenregeling.": ["Nationale ombudsman"],
        "inwoners de regeling nauwelijks kennen.": ["Nationale ombudsman"],
    }


def test_statements_a_role_without_a_name_in_the_signature_is_no_writer(context_of):
    ctx = context_of(
        "Kamerbrief\n\nIk constateer dat gemeenten de afgelopen jaren flinke stappen hebben "
        "gezet.\n\nDe Staatssecretaris van Volksgezondheid, Welzijn en Sport,\n"
    )
    assert speakers_of(ctx) == {}  # better no statement than one by 'De Staatssecretaris'


def test_statements_volgens_x_moeten_is_advice_not_a_statement(context_of):
    ctx = context_of(
        "Rapportage\n\nVolgens de Nationale ombudsman moeten gemeenten sneller beslissen over "
        "een aanvraag.\n"
    )
    assert speakers_of(ctx) == {}  # who must act: the recommendation pass reads it


def test_statements_x_noemt_dat_onaanvaardbaar_keeps_the_verdict_with_its_verb(context_of):
    ctx = context_of(
        "Rapportage\n\nDe wachttijd is opgelopen tot een half jaar. "
        "De Nationale ombudsman noemt dat onaanvaardbaar.\n"
    )
    assert speakers_of(ctx) == {"noemt dat onaanvaardbaar.": ["Nationale ombudsman"]}
