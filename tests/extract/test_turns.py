"""kg/extract/turns.py through the statements pass: speaker turns in debates, minutes and
transcripts, and answers in interviews, each one statement of its speaker."""

from __future__ import annotations

from kg.extract.statements import statements


def said_by(ctx) -> list[tuple[str, str]]:
    """(text, speaker label) of each statement, in order."""
    out = statements(ctx).output
    by = {
        f.subject: ctx.entries.get(f.object) or out.entries[f.object]
        for f in out.facts
        if f.predicate == "kg:speaker"
    }
    return [(f.object, by[f.subject].label) for f in out.facts if f.predicate == "kg:text"]


DEBATE = (
    "Handelingen\n\n"
    "De voorzitter:\nHet woord is aan mevrouw Kramer van de SP.\n\n"
    "Mevrouw Kramer (SP):\nVoorzitter. De wachttijd voor jeugdhulp is in onze regio opgelopen "
    "tot vier maanden.\n\n"
    "De voorzitter:\nEr is een interruptie van de heer Bosman.\n\n"
    "De heer Bosman (VVD):\nIs mevrouw Kramer het met mij eens dat gemeenten dit zelf kunnen "
    "oplossen?\n\n"
    "Mevrouw Kramer (SP):\nNee. Kleine gemeenten kopen de zwaarste zorg niet goed in.\n\n"
    "Motie\nDe Kamer,\ngehoord de beraadslaging,\nverzoekt de regering de zwaarste jeugdzorg "
    "landelijk in te kopen,\nen gaat over tot de orde van de dag.\n\n"
    "De voorzitter:\nDank u wel. Dan gaan we luisteren naar de staatssecretaris.\n\n"
    "Staatssecretaris Van Berkum:\nIk begrijp de zorg, maar een landelijke inkoop maakt de "
    "afstand tot het gezin groter.\n"
)


def test_a_speaker_who_takes_the_floor_twice_keeps_both_turns(context_of):
    # the second "Mevrouw Kramer (SP):" line repeats the first: it is a label, not a repeat
    texts = [t for t, who in said_by(context_of(DEBATE)) if "Kramer" in who]
    assert texts == [
        "De wachttijd voor jeugdhulp is in onze regio opgelopen tot vier maanden.",
        "Nee. Kleine gemeenten kopen de zwaarste zorg niet goed in.",
    ]


def test_the_chair_ends_a_turn_and_says_nothing(context_of):
    found = said_by(context_of(DEBATE))
    assert not [t for t, _ in found if "het woord" in t.lower() or "interruptie" in t]


def test_a_motion_in_a_turn_is_not_the_speakers_statement(context_of):
    assert not [t for t, _ in said_by(context_of(DEBATE)) if "beraadslaging" in t]


def test_a_turn_that_only_asks_is_no_statement(context_of):
    assert not [t for t, who in said_by(context_of(DEBATE)) if "Bosman" in who]


def test_a_label_whose_name_the_mentions_read_in_part_names_the_whole_person(context_of):
    found = dict(said_by(context_of(DEBATE)))
    assert (
        found[
            "Ik begrijp de zorg, maar een landelijke inkoop maakt de afstand tot het gezin groter."
        ]
        == "Van Berkum"
    )


PODCAST = (
    "De Keukentafel – een podcast over zorg\n\n"
    "[00:00:04] SANNE: Welkom bij De Keukentafel. Ik ben Sanne Bakker, journalist bij de "
    "regionale omroep. Aan tafel zitten Joost Verhey, wethouder in "
    "Deventer, en Lieke Amrani, directeur van een thuiszorgorganisatie.\n\n"
    "[00:00:15] JOOST: Dank je.\n\n"
    "[00:00:17] SANNE: Joost, hoe staat het met de huishoudelijke hulp?\n\n"
    "[00:00:21] JOOST: We hebben de wachtlijst in een jaar gehalveerd, omdat we vaste teams per "
    "wijk hebben.\n\n"
    "[00:00:40] SANNE: Lieke, herken je dat?\n\n"
    "[00:00:43] LIEKE: Gedeeltelijk. Onze medewerkers hebben meer rust, maar de tarieven blijven "
    "te laag.\n\n"
    "[00:01:02] SANNE: Dank jullie wel, dit was De Keukentafel.\n"
)


def test_transcript_labels_by_first_name_are_the_people_the_introduction_names(context_of):
    assert said_by(context_of(PODCAST)) == [
        (
            "We hebben de wachtlijst in een jaar gehalveerd, omdat we vaste teams per wijk hebben.",
            "Joost Verhey",
        ),
        (
            "Gedeeltelijk. Onze medewerkers hebben meer rust, maar de tarieven blijven te laag.",
            "Lieke Amrani",
        ),
    ]


def test_the_presenter_whose_turns_mostly_ask_makes_no_statement_but_keeps_her_voice(context_of):
    ctx = context_of(PODCAST)
    voices = statements(ctx).voices
    first = ctx.body[0].index  # "Welkom bij De Keukentafel." is Sanne’s, though no statement
    assert not [t for t, who in said_by(ctx) if who.startswith("Sanne")]
    assert voices.stated.get(first) and all(k.startswith("person/") for k in voices.stated[first])


INTERVIEW = (
    "‘De rij wordt elke week langer’\n\n"
    "Tekst: Bram Wolters | 3 maart 2025\n\n"
    "Dit keer spreken we Marloes Haverkort, directeur van de voedselbank in Enschede.\n\n"
    "Hoeveel gezinnen komen er nu?\n"
    "Bijna twee keer zoveel als vorig jaar. Vooral werkende ouders melden zich.\n\n"
    "De gemeente heeft de subsidie net verhoogd.\n"
    "Dat klopt, en daar zijn we blij mee. Maar het geld is in een half jaar op.\n\n"
    "Wat vraagt u van het Rijk?\n"
    "Een hoger minimumloon. Daar lost u meer mee op dan met tien regelingen.\n\n"
    "Wie is Marloes Haverkort?\n"
    "Marloes Haverkort (48) leidt sinds 2020 de voedselbank in Enschede.\n"
)


def test_interview_answers_below_the_questions_are_the_interviewees_statements(context_of):
    assert said_by(context_of(INTERVIEW)) == [
        (
            "Bijna twee keer zoveel als vorig jaar. Vooral werkende ouders melden zich.",
            "Marloes Haverkort",
        ),
        (
            "Dat klopt, en daar zijn we blij mee. Maar het geld is in een half jaar op.",
            "Marloes Haverkort",
        ),
        (
            "Een hoger minimumloon. Daar lost u meer mee op dan met tien regelingen.",
            "Marloes Haverkort",
        ),
    ]  # the remark of the interviewer and the box about her are not her words
