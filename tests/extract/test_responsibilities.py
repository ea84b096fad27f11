"""kg/extract/responsibilities.py on its own: which actor carries out which law."""

from __future__ import annotations

from kg.extract.responsibilities import responsibilities


def duties(ctx, out) -> list[tuple[str, str, str]]:
    label = lambda k: out.entry(k).label  # noqa: E731
    return [(label(f.subject), label(f.object), f.evidence.rule) for f in out.facts]


def test_responsibilities_actor_responsible_for_a_law(context_of):
    ctx = context_of(
        "Jeugd\n\nGemeenten zijn verantwoordelijk voor de uitvoering van de Jeugdwet.\n"
    )
    assert duties(ctx, responsibilities(ctx)) == [("gemeenten", "Jeugdwet", "resp-responsible-for")]


def test_responsibilities_law_as_the_subject(context_of):
    ctx = context_of(
        "Wonen\n\nDe Huisvestingswet 2014 verplicht gemeenten om statushouders "
        "een woning te bieden.\n"
    )
    assert duties(ctx, responsibilities(ctx)) == [
        ("gemeenten", "Huisvestingswet 2014", "resp-law-gives-duty")
    ]


def test_responsibilities_a_must_needs_its_legal_basis(context_of):
    with_basis = context_of(
        "Werk\n\nHij wees erop dat de gemeenten op grond van de Participatiewet ook werk "
        "moeten aanbieden.\n"
    )
    without = context_of(
        "Werk\n\nHij wees erop dat de gemeenten die de Participatiewet kennen ook werk "
        "moeten aanbieden.\n"
    )
    assert duties(with_basis, responsibilities(with_basis)) == [
        ("gemeenten", "Participatiewet", "resp-duty-by-law")
    ]
    assert duties(without, responsibilities(without)) == []
