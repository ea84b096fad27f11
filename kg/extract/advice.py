"""Who gives a piece of advice and whom it is for, as recommendations.py reads them.

An adviser named by a role label ("de Commissie", "de inspecties") is the body named
before it, or no one: never the label itself. "Wij"/"ik" is whoever speaks there or the
document's author, or no one when the text does not say. Whom advice is for is who is
asked to act: the actors the text names there, the body a role label points back to, or
a plural noun ("raadsleden") as a group.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from kg.extract.context import Context, Output
from kg.extract.model import Sentence
from kg.extract.resolve import plural_of, resolve
from kg.language.rules import Rule


class Listing(NamedTuple):
    """A lead-in that announces a list of advice ("De Raad doet drie aanbevelingen:"): who
    advises and whom, for every item of the list after it."""

    by: list[str]
    to: list[str]
    rule: Rule


def adviser(
    ctx: Context,
    out: Output,
    s: Sentence,
    start: int,
    end: int,
    carried: list[str] | None,
    certain: bool = False,
) -> list[str] | None:
    """Who the words [start, end) name as adviser: [] for a first person no one is known
    for, or (where the match is `certain` to be advice, as a list's lead-in) for a role
    label or publication with no body or maker before it; None when they name no one
    (then the match is no advice, and another rule may read the sentence)."""
    phrase = " ".join(ctx.text[start:end].split()).lower()
    if phrase in ctx.dutch.words("FIRST_PERSON_ADVISER"):
        return first_person(ctx, s, start)
    if carried and phrase in ctx.dutch.words("ADVISER_PRONOUN"):
        return carried  # "Ook bevelen zij … aan" right after "De inspecties eisen …"
    keys = resolve(ctx, out, start, end, s)
    if keys:
        return keys
    # "de Commissie", "het rapport" with no body or maker before it: advice of no one known
    described = ctx.dutch.rx("DESCRIBED_REF").fullmatch(phrase)
    nouns = ("ACTOR_NOUN", "WORK_NOUN", "ROLE")
    if certain and described and any(_is_noun(ctx, described.group(1), n) for n in nouns):
        return []
    return None


def _is_noun(ctx: Context, word: str, nouns: str) -> bool:
    """A noun of the list `nouns`, or its plural."""
    words = ctx.dutch.words(nouns)
    return word in words or bool(plural_of(ctx, word, words))


def first_person(ctx: Context, s: Sentence, pos: int) -> list[str]:
    """'Wij', 'ik': the one quoted there, the speaker of the turn, or the author."""
    for quote in ctx.voices.quoted.get(s.index, []):
        if quote.start <= pos < quote.end:
            return quote.speakers
    if s.index in ctx.voices.stated:
        return ctx.voices.stated[s.index]
    return [ctx.author_key] if ctx.author_key else []


def addressees(
    ctx: Context,
    out: Output,
    s: Sentence,
    start: int,
    end: int,
    group: Callable[[str], str],
) -> list[str]:
    """Whom [start, end) names as advised: its actors, what a role label or pronoun there
    points back to ('de minister', 'het college'), or plural nouns as groups (`group`
    makes the entity of one and returns its key)."""
    keys = [m.key for m in ctx.actors_in(start, end)]
    if keys:
        return list(dict.fromkeys(keys))
    keys = resolve(ctx, out, start, end, s)
    if keys:
        return keys
    if not ctx.dutch.rx("ADDRESSEE_GROUPS").fullmatch(ctx.text, start, end):
        return []
    found = []
    for m in ctx.dutch.rx("ADDRESSEE_NOUN").finditer(ctx.text, start, end):
        np = m.group("np").lower()
        if np in ctx.dutch.words("ROLE"):
            return []  # "de staatssecretaris": a role names a person, or no one
        found.append(group(np))
    return found


def list_item(ctx: Context, s: Sentence, previous: Sentence | None) -> tuple[int, int] | None:
    """The span of the item when `s` is a line of a list ('- Betrek …'), or the sentence
    after a number that stands alone ('1.' 'Vraag …'); None otherwise."""
    m = ctx.dutch.rx("LIST_ITEM").match(s.text)
    if m and m.group("item"):
        return s.start + m.start("item"), s.end
    if previous is not None and previous.paragraph == s.paragraph and bare_number(ctx, previous):
        return s.start, s.end
    return None


def bare_number(ctx: Context, s: Sentence) -> bool:
    """A list's number on its own ('1.'), its item the next sentence."""
    m = ctx.dutch.rx("LIST_ITEM").match(s.text)
    return bool(m) and not m.group("item")
