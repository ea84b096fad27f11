"""Affiliations: a person's role, and the organisation they hold it in (rule kind
`affiliation`). A role named without an organisation is of the one the context gives:
the party of "SP-raadslid", the municipality of "de Alphense wethouder"."""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.extract.context import Context, Output, digest
from kg.extract.model import Sentence
from kg.extract.resolve import organisation, organisation_from_context, resolve
from kg.language.reference import Entry, slug
from kg.language.rules import Rule


class Seen(NamedTuple):
    """Where an affiliation was read."""

    sentence: Sentence
    match: re.Match
    rule: Rule
    person_span: tuple[int, int]
    org_span: tuple[int, int] | None


def affiliations(ctx: Context) -> Output:
    """Each (person, organisation, role) once, at the first place it is read; a role said
    again without its organisation adds nothing."""
    out = Output(ctx)
    found: dict[tuple[str, tuple[str, ...], str], Seen] = {}
    municipal_roles = ctx.dutch.words("MUNICIPAL_ROLE")
    for s in ctx.body_and_author:
        for rule in ctx.rules.of_kind("affiliation"):
            required = rule.options.get("organisation") == "required"
            for m in rule.regex["pattern"].finditer(s.text):
                p_span = (s.start + m.start("person"), s.start + m.end("person"))
                person = [k for k in resolve(ctx, out, *p_span, s) if k.startswith("person/")]
                role = " ".join(m.group("role").lower().split())
                if not person or role in ctx.dutch.words("AUTHOR_ROLE"):
                    continue
                org: list[str] = []
                o_span = None
                if "org" in m.re.groupindex and m.group("org"):
                    o_span = (s.start + m.start("org"), s.start + m.end("org"))
                    org = organisation(ctx, out, *o_span, s)
                    municipal = role.split("-")[-1] in municipal_roles
                    if municipal and org and out.entry(org[0]).kind == "Organisation":
                        if not required:
                            org = []  # "wethouder X (PvdA)": the party is not where X is wethouder
                if rule.options.get("organisation") == "signature" and not org:
                    org, o_span = _signing_body(ctx, s, p_span[0])
                if required and not org:
                    continue
                for one in person:  # "de twee onderzoekers van X": each of them
                    found.setdefault((one, tuple(org), role), Seen(s, m, rule, p_span, o_span))
    _organisations_from_context(ctx, out, found)
    for (person, org, role), (s, m, rule, p_span, o_span) in found.items():
        iri = f"affiliation/{digest(person, *org, role)}"
        role_key = f"role/{slug(role)}"
        out.make(Entry(role_key, "Role", role, rule.id))
        out.entity(role_key)
        out.entity(person)
        role_span = (s.start + m.start("role"), s.start + m.end("role"))
        out.fact(
            iri, "rdf:type", "kg:Affiliation", s, s.start + m.start(), s.start + m.end(), rule.id
        )
        out.fact(iri, "org:member", person, s, *p_span, rule.id)
        out.fact(iri, "org:role", role_key, s, *role_span, rule.id)
        for o in org:
            out.entity(o)
            out.fact(iri, "org:organization", o, s, *o_span, rule.id)
    return out


def _organisations_from_context(ctx: Context, out: Output, found: dict) -> None:
    """Fill in the organisation of each role read without one: dropped where the same
    person's role was read with one ("coördinator X" again after "coördinator X van Y")."""
    with_org = {(p, r) for p, o, r in found if o}
    words = ctx.dutch.words
    for (person, org, role), seen in list(found.items()):
        if org:
            continue
        del found[(person, org, role)]
        if (person, role) in with_org:
            continue
        s, m = seen.sentence, seen.match
        noun = role.split("-")[-1]
        org, o_span = organisation_from_context(
            ctx,
            out,
            s,
            s.start + m.start("role"),
            municipal=noun in words("MUNICIPAL_ROLE"),
            political=noun in words("POLITICAL_ROLE"),
            council_member=role in words("COUNCIL_MEMBER_ROLE"),
        )
        if o_span and not (s.start <= o_span[0] and o_span[1] <= s.end):
            o_span = (s.start + m.start("role"), s.start + m.end("role"))  # named elsewhere
        found.setdefault((person, tuple(org), role), seen._replace(org_span=o_span))


def _signing_body(
    ctx: Context, s: Sentence, before: int
) -> tuple[list[str], tuple[int, int] | None]:
    """The body a signature opens with ("Algemene Rekenkamer,", "De Nationale ombudsman,"),
    named before the signer."""
    for x in ctx.in_sentence(s):
        if x.end <= before and x.kind in ("Organisation", "GovernmentBody"):
            return [x.key], (x.start, x.end)
    return [], None
