"""Responsibilities: which actor carries out which law (rule kind `responsibility`)."""

from __future__ import annotations

import re

from kg.extract.context import Context, Output
from kg.extract.mentions import Mention
from kg.extract.model import Sentence
from kg.language.rules import Rule


def responsibilities(ctx: Context) -> Output:
    """Each trigger ('verantwoordelijk voor', 'voert … uit') binds the actor before it
    to the laws after it, up to the next actor: one sentence may hold several clauses."""
    out = Output(ctx)
    for s in ctx.body:
        here = ctx.in_sentence(s)
        actors = [x for x in here if x.is_actor and x.kind != "Person"]
        laws = [x for x in here if x.kind == "Law"]
        for rule in ctx.rules.of_kind("responsibility"):
            if rule.options.get("subject") == "law":
                _law_gives_duty(ctx, out, rule, s, actors, laws)
            else:
                _actor_carries_out(ctx, out, rule, s, actors, laws)
    return out


def _actor_carries_out(
    ctx: Context, out: Output, rule: Rule, s: Sentence, actors: list[Mention], laws: list[Mention]
) -> None:
    """'Gemeenten zijn verantwoordelijk voor de Jeugdwet', 'het UWV voert de Ziektewet uit',
    'op grond van de Jeugdwet zijn gemeenten verantwoordelijk …'."""
    basis_required = rule.options.get("basis") == "required"
    for m in rule.regex["pattern"].finditer(s.text):
        trigger, trigger_end = s.start + m.start(), s.start + m.end()
        before = [a for a in actors if a.end <= trigger]
        if not before:
            continue
        actor = before[-1]
        next_actor = min((a.start for a in actors if a.start >= trigger_end), default=s.end)
        previous_actor = max((a.end for a in before[:-1]), default=s.start)
        for law in laws:
            # "op grond van de Jeugdwet", "Met de Wet inburgering 2021": the duty rests on it
            basis = (
                law.end <= trigger
                and law.start >= previous_actor
                and rule.search("law_basis", ctx.text[max(s.start, law.start - 60) : law.start])
            )
            if basis_required and not basis:
                continue  # "de gemeente moet op grond van de Spreidingswet …": only with the law
            if not (
                basis
                or actor.end <= law.start < next_actor
                and (law.start >= trigger or law.end <= trigger)
            ):
                continue
            if (
                law.end <= trigger
                and not basis
                and not ctx.dutch.rx("CARRIES_OUT").search(m.group())
            ):
                continue  # only "voert de Wlz uit" names its law before the trigger's end
            out.entity(actor.key)
            out.entity(law.key)
            end = max(law.end, trigger_end)
            out.fact(actor.key, "kg:responsibleFor", law.key, s, actor.start, end, rule.id)


def _law_gives_duty(
    ctx: Context, out: Output, rule: Rule, s: Sentence, actors: list[Mention], laws: list[Mention]
) -> None:
    """'De Huisvestingswet 2014 verplicht gemeenten …', 'de Jeugdwet maakt hen
    verantwoordelijk …': the law is the subject, the actor follows the verb."""
    text = ctx.text
    for m in rule.regex["pattern"].finditer(s.text):
        trigger, trigger_end = s.start + m.start(), s.start + m.end()
        law = next((x for x in laws if re.fullmatch(r"\s*", text[x.end : trigger])), None)
        if law is None:
            continue
        gap = ctx.dutch.rx("ACTOR_AFTER_VERB")
        after = next(
            (
                a
                for a in actors
                if trigger_end <= a.start and gap.fullmatch(text[trigger_end : a.start])
            ),
            None,
        )
        keys = [after.key] if after else []
        if not keys and ctx.dutch.rx("OBJECT_PRONOUN").match(text[trigger_end : s.end]):
            keys = [a.key for a in actors if a.end <= law.start][-1:] or [
                a.key
                for a in ctx.mentions
                if a.is_actor and a.kind != "Person" and a.end <= law.start
            ][-1:]
        for key in keys:
            out.entity(key)
            out.entity(law.key)
            end = after.end if after else trigger_end
            out.fact(key, "kg:responsibleFor", law.key, s, law.start, end, rule.id)
