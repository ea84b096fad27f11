"""kg/extract/affiliations.py on its own: a person's role and organisation."""

from __future__ import annotations

from kg.extract.affiliations import affiliations


def roles(nodes, out) -> list[tuple]:
    return sorted(
        (n["org:member"][0], n["org:role"][0], tuple(n.get("org:organization", [])))
        for n in nodes(out).values()
    )


def test_affiliations_name_role_and_organisation(context_of, nodes):
    ctx = context_of("Mantelzorg\n\nKees Bos, directeur van Movisie, ziet dat anders.\n")
    assert roles(nodes, affiliations(ctx)) == [("Kees Bos", "directeur", ("Movisie",))]


def test_affiliations_municipality_named_as_a_place_is_the_municipality(context_of, nodes):
    ctx = context_of(
        "Wijkteams\n\nWethouder Ilse Koopmans van Almere wil meer ruimte voor wijkteams.\n"
    )
    out = affiliations(ctx)
    assert roles(nodes, out) == [("Ilse Koopmans", "wethouder", ("gemeente Almere",))]
    assert "gemeente/gm0034" in out.entries  # made by the pass, returned, not written back
    assert "gemeente/gm0034" not in ctx.entries


def test_affiliations_a_role_said_again_without_organisation_adds_nothing(context_of, nodes):
    ctx = context_of(
        "Buurt\n\nCoördinator Jildou Hoekstra van Movisie ziet de vraag groeien. "
        "Volgens coördinator Jildou Hoekstra is dat goed nieuws.\n"
    )
    assert roles(nodes, affiliations(ctx)) == [("Jildou Hoekstra", "coördinator", ("Movisie",))]
