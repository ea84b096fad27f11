"""Works: publications with their titles, kinds and makers (rule kind `work`).

Read twice: once before the statements pass, for their makers only ("de auteur" in a
review is the maker of the book, "het rapport beveelt aan" its maker's advice), and
once after it, for the facts (a maker may be whoever the sentence quotes).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from kg.extract.context import Context, Made, Output, clean
from kg.extract.mentions import Mention
from kg.extract.model import Sentence
from kg.extract.resolve import described, head, resolve
from kg.language.reference import slug

_VERB = re.compile(r"\s*(?:\(\d{4}\)\s*)?,?\s*\w+\s+")  # "(2023)", a verb: "stelden"


class Makers(NamedTuple):
    """Who made the publications a document names, by where each is named."""

    people: tuple[Made, ...]  # the people (with those mentions.py found)
    actors: tuple[Made, ...]  # any actor, as the first reading found them


class Works(NamedTuple):
    output: Output
    makers: Makers


def makers(ctx: Context) -> Works:
    """The makers of each publication named, before anyone is known to speak (no facts)."""
    return _read(ctx, emit=False)


def works(ctx: Context) -> Works:
    """Each publication's facts, with the makers as the statements make them known."""
    return _read(ctx, emit=True)


def _read(ctx: Context, emit: bool) -> Works:
    out = Output(ctx)
    kinds = {k.lower(): v for k, v in ctx.rules.lexicon.mapping("WORK_NOUN").items()}
    people, actors = list(ctx.makers), list(ctx.work_makers)
    for s in ctx.body_and_author:
        for rule in ctx.rules.of_kind("work"):
            for m in rule.regex["pattern"].finditer(s.text):
                # what this document has shown so far: a pronoun may point to a maker
                ctx = replace(ctx, makers=tuple(people), work_makers=tuple(actors))
                title = clean(m.group("title"))
                t_start, t_end = s.start + m.start("title"), s.start + m.end("title")
                magazine = rule.options.get("work_kind") == "magazine"
                noun_group = "noun" if "noun" in m.re.groupindex else "title"
                if magazine and any(
                    x.kind in ("Place", "Municipality") for x in ctx.at(t_start, t_end)
                ):
                    continue  # "verscheen in Den Haag": a place, no magazine
                if magazine:  # "verscheen in Sociale Vraagstukken": the writer made the piece
                    creators, c_span = [], (t_start, t_end)
                elif "creator" in m.re.groupindex:
                    c_span = (s.start + m.start("creator"), s.start + m.end("creator"))
                    creators = [x.key for x in ctx.at(*c_span) if x.kind == "Person"]
                else:
                    title_first = rule.options.get("order") == "title-noun"
                    made_end = s.start + m.end(noun_group) if title_first else t_end
                    creators, c_span = _creator(ctx, out, s, s.start + m.start(), made_end)
                at = s.start + m.start()
                if creators and not emit:
                    actors.append(Made(at, creators))
                named = [k for k in creators if k.startswith("person/")]
                if named and (at, named) not in people:
                    people = sorted(people + [Made(at, named)])
                if not emit:
                    continue
                iri = f"work/{slug(title)}"
                noun_text = m.group(noun_group).lower()
                kind = kinds.get(noun_text) or rule.options.get("work_kind") or "book"
                noun = (s.start + m.start(noun_group), s.start + m.end(noun_group))
                out.fact(iri, "rdf:type", "kg:Work", s, t_start, t_end, rule.id)
                out.fact(iri, "dcterms:title", title, s, t_start, t_end, rule.id, literal=True)
                out.fact(iri, "kg:workKind", kind, s, *noun, rule.id, literal=True)
                for key in creators:
                    out.entity(key)
                    out.fact(iri, "dcterms:creator", key, s, *c_span, rule.id)
    return Works(out, Makers(tuple(people), tuple(actors)))


def _creator(ctx: Context, out: Output, s: Sentence, noun_start: int, title_end: int):
    """Who made a publication: 'het rapport ‘…’ van X', 'X schreef het boek ‘…’', 'X …
    in zijn advies ‘…’', or whoever the sentence quotes ('Dat concludeert X in …')."""
    text, rx = ctx.text, ctx.dutch.rx
    after = rx("MADE_BY").match(text[title_end : s.end])
    if after:  # "van Eva van Leeuwen en Thijs Oosterhuis"
        found = _coordinated_actors(ctx, title_end + after.end(), s.end)
        if found:
            return list(dict.fromkeys(x.key for x in found)), (found[0].start, found[-1].end)
    after = rx("MADE_BY_CLAUSE").match(text[title_end : s.end])
    if after:  # "het rapport ‘…’ dat het SCP donderdag publiceerde", "die Movisie … uitbrachten"
        found = _coordinated_actors(ctx, title_end + after.end(), s.end)
        if found and rx("CREATOR_VERB").search(text[found[-1].end : s.end]):
            return [x.key for x in found], (found[0].start, found[-1].end)
    if rx("IN_OWN_WORK_OPENING").fullmatch(text[s.start : noun_start]):
        # "In hun rapport ‘…’ stelden de IGJ en de Inspectie JenV vast …": the subject
        # after the verb
        verb = _VERB.match(text[title_end : s.end])
        subject = title_end + verb.end() if verb else s.end
        article = rx("ARTICLE").match(text[subject : s.end])
        found = _coordinated_actors(ctx, subject + (article.end() if article else 0), s.end)
        if found:
            return [head(ctx, x).key for x in found], (found[0].start, found[-1].end)
        description = rx("DESCRIBED_ACTOR").match(text, subject)
        if description:  # "… schrijft de ombudsman"
            keys = [
                k
                for k in described(ctx, description.group(1), description.start())
                if not k.startswith("person/")
            ]
            if keys:
                return keys[:1], (description.start(), description.end())
    own = rx("OWN_WORK").search(text[s.start : noun_start])
    if own and ctx.author_key:  # "na ons rapport ‘…’": the work of whoever writes
        return [ctx.author_key], (s.start + own.start(), s.start + own.end())
    before = [x for x in ctx.in_sentence(s) if x.is_actor and x.end <= noun_start]
    pronoun = None
    for p in rx("MAKER_PRONOUN").finditer(text[s.start : noun_start]):
        pronoun = (s.start + p.start(), s.start + p.end())
    if pronoun and (not before or pronoun[0] > before[-1].end):
        return resolve(ctx, out, *pronoun, s), pronoun
    between = text[before[-1].end : noun_start] if before else ""
    if before and (
        rx("CREATOR_VERB").search(between)
        or rx("POSSESSIVE").search(between)
        or rx("IN_OWN_WORK").search(between)
        and "," not in between
        and len(between.split()) <= 9
    ):
        maker = head(ctx, before[-1])
        return [maker.key], (maker.start, maker.end)  # "De RVS waarschuwde … in het advies ‘…’"
    if s.index in ctx.voices.stated:
        return ctx.voices.stated[s.index], (s.start, s.end)
    if not before and rx("ARTICLE").fullmatch(text[s.start : noun_start].lower()):
        found = _maker_named_before(ctx, s, text[noun_start:title_end].split()[0].lower())
        return found, (noun_start, title_end)
    return [], (noun_start, title_end)


def _maker_named_before(ctx: Context, s: Sentence, noun: str) -> list[str]:
    """'De TSD heeft haar derde rapportage aangeboden. De rapportage heet ‘…’': the actor
    whose work the sentence before named with a possessive."""
    prev = next((p for p in ctx.body_and_author if p.index == s.index - 1), None)
    if prev is None:
        return []
    for own in ctx.dutch.rx("PREVIOUS_OWN_WORK").finditer(prev.text):
        if noun not in (own.group("noun").lower(), (own.group("noun2") or "").lower()):
            continue
        at = prev.start + own.start()
        before = [x for x in ctx.in_sentence(prev) if x.is_actor and x.end <= at]
        if before:
            return [head(ctx, before[-1]).key]
    return []


def _coordinated_actors(ctx: Context, pos: int, limit: int) -> list[Mention]:
    """The actors named from pos on, joined by 'en' or commas: 'Movisie en MantelzorgNL'."""
    found = []
    joiner_rx = ctx.dutch.rx("COORDINATION")
    while pos < limit:
        actor = next((x for x in ctx.mentions if x.is_actor and x.start == pos), None)
        if actor is None:
            break
        found.append(actor)
        joiner = joiner_rx.match(ctx.text[actor.end : limit])
        if not joiner:
            break
        pos = actor.end + joiner.end()
    return found
