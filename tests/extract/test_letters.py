"""Kamerstukken and signed letters: the heading above a Kamerstuk's title is no title,
and the signature under a letter names its author and the signers' offices."""

from __future__ import annotations

import pytest

import kg

KAMERBRIEF = """Tweede Kamer der Staten-Generaal
Vergaderjaar 2025–2026

31 839 Jeugdzorg

Nr. 88 BRIEF VAN DE STAATSSECRETARIS VAN VOLKSGEZONDHEID, WELZIJN EN SPORT

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 12 maart 2026

Met deze brief informeer ik uw Kamer over de wachttijden in de jeugdhulp.
Ik vraag gemeenten om de wachtlijsten elk kwartaal te publiceren.

De Staatssecretaris van Volksgezondheid, Welzijn en Sport,
K.L. Wiersma-Doornbos
"""

REKENKAMERBRIEF = """34 477 Decentralisatie van overheidstaken naar gemeenten

Nr. 12 BRIEF VAN DE ALGEMENE REKENKAMER

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 2 juni 2026

Wij hebben onderzocht hoe gemeenten verantwoording afleggen over de jeugdhulp.
Wij stellen vast dat de cijfers niet vergelijkbaar zijn.

Algemene Rekenkamer,

drs. B.N. Harmsen-Pol,
president

mr. E.J. van Oostveen,
secretaris
"""


def labels(ex, kind: str) -> set[str]:
    return {e.label for e in ex.entities.values() if e.kind == kind}


def creators(ex) -> set[str]:
    return {
        ex.entities[f.object].label
        for f in ex.facts
        if f.predicate == "dcterms:creator" and not f.subject.startswith("work/")
    }


def affiliations(ex) -> set[tuple[str, str, str]]:
    nodes: dict[str, dict] = {}
    for f in ex.facts:
        if f.subject.startswith("affiliation/") and f.predicate != "rdf:type":
            nodes.setdefault(f.subject, {})[f.predicate] = ex.entities[f.object].label
    return {(n["org:member"], n["org:role"], n.get("org:organization", "")) for n in nodes.values()}


def test_kamerstuk_heading_is_no_title_the_letter_line_is():
    ex = kg.process(KAMERBRIEF, name="brief.txt")
    assert (
        ex.document.title
        == "Nr. 88 BRIEF VAN DE STAATSSECRETARIS VAN VOLKSGEZONDHEID, WELZIJN EN SPORT"
    )


def test_dossier_number_is_no_title_above_a_letter_of_a_body():
    ex = kg.process(REKENKAMERBRIEF, name="brief.txt")
    assert ex.document.title == "Nr. 12 BRIEF VAN DE ALGEMENE REKENKAMER"


@pytest.mark.parametrize(
    "first_lines",
    [
        "12 000 kinderen wachten op jeugdhulp\n\nDe wachtlijsten groeien.",
        "Vergaderjaar 2025–2026\n\nDe raad vergaderde.",
    ],
)
def test_a_number_line_alone_above_the_text_stays_the_title(first_lines):
    ex = kg.process(first_lines + "\n", name="t.txt")
    assert ex.document.title == first_lines.split("\n")[0]


def test_signature_of_a_state_secretary_names_the_author_and_her_ministry():
    ex = kg.process(KAMERBRIEF, name="brief.txt")
    assert creators(ex) == {"K.L. Wiersma-Doornbos"}
    assert (
        "K.L. Wiersma-Doornbos",
        "staatssecretaris",
        "Ministerie van Volksgezondheid, Welzijn en Sport",
    ) in affiliations(ex)
    assert "De Staatssecretaris" not in labels(ex, "Person")


def test_signature_of_a_body_names_the_body_as_author_and_each_signers_office():
    ex = kg.process(REKENKAMERBRIEF, name="brief.txt")
    assert creators(ex) == {"Algemene Rekenkamer"}
    assert affiliations(ex) >= {
        ("B.N. Harmsen-Pol", "president", "Algemene Rekenkamer"),
        ("E.J. van Oostveen", "secretaris", "Algemene Rekenkamer"),
    }


def test_signature_on_behalf_of_the_ombudsman_names_the_substitute():
    text = (
        "Rapport\n\nDe ombudsman vindt de klacht gegrond.\n\n"
        "De Nationale ombudsman,\nnamens deze,\nmr. G.H. Bruinsma-Vos\nsubstituut-ombudsman\n"
    )
    ex = kg.process(text, name="rapport.txt")
    assert creators(ex) == {"Nationale ombudsman"}
    assert ("G.H. Bruinsma-Vos", "substituut-ombudsman", "Nationale ombudsman") in affiliations(ex)


def test_closing_line_of_an_article_ending_in_a_comma_is_no_signature():
    text = (
        "Wijkteams\n\nDe wijkteams in Almere krijgen meer geld. Dat zei wethouder Ilse Koopmans,\n"
        "die het plan dinsdag presenteerde.\n"
    )
    ex = kg.process(text, name="t.txt")
    assert creators(ex) == set()
