"""Recommendations: who advises whom to do what (rule kind `recommendation`).

Runs after the statements pass: advice without an adviser of its own is the voice of its
sentence ("‘Gemeenten moeten …,’ zegt X" is X's advice).
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from kg.extract import advice
from kg.extract.context import Context, Output, clean, digest
from kg.extract.model import Sentence
from kg.extract.resolve import default_speaker, resolve
from kg.language.reference import Entry, slug
from kg.language.rules import Rule

LIST = "advice-list"  # the `match:` of a rule whose pattern is the lead-in of a list


class Advice(NamedTuple):
    by: list[str]  # who advises
    to: list[str]  # who is advised
    text: str
    span: tuple[int, int]


def _by_pattern(
    ctx: Context,
    out: Output,
    rule: Rule,
    s: Sentence,
    previous: Sentence | None,
    adviser: list[str] | None = None,
) -> Advice | None:
    """A match of the rule's pattern: its `by…`, `mid…` (whom) and `text` groups."""
    m = rule.search("pattern", s.text)
    if not m or ("not_after" in rule.regex and rule.regex["not_after"].search(s.text[: m.start()])):
        return None
    named = {g: m.span(g) for g in m.re.groupindex if m.group(g)}
    by: list[str] = []
    for g in [g for g in named if g.startswith("by")]:
        a, b = s.start + named[g][0], s.start + named[g][1]
        found = advice.adviser(ctx, out, s, a, b, adviser, rule.options.get("match") == LIST)
        if found is None:
            return None
        by = found
    if not any(g.startswith("by") for g in named):
        unvoiced = s.index not in ctx.voices.quoted and s.index not in ctx.voices.stated
        # "Een van de aanbevelingen is om …" right after "Het SCP beveelt … aan" is the SCP's
        by = adviser if adviser and unvoiced else default_speaker(ctx, s, s.start + m.start())
    to: list[str] = []
    if rule.options.get("to") == "modal-subject":
        modal = next(ctx.dutch.rx("MODAL_VERB").finditer(s.text, m.start(), m.end()), None)
        passive = not modal or _passive(ctx, s, modal)
        to = [] if passive else _modal_subject(ctx, s, modal, exclude=by)
        if (
            not to
            and not passive
            and ctx.dutch.rx("SUBJECT_PRONOUN").search(s.text[: modal.start()])
        ):
            to = _pronoun_subject(ctx, s, modal) or []
    for g in [g for g in named if g.startswith("mid")]:
        a, b = s.start + named[g][0], s.start + named[g][1]
        to = advice.addressees(ctx, out, s, a, b, lambda np: _group(out, np, rule.id))
    if rule.options.get("to") == "named" and not to:
        return None
    if "text" in named:
        start, end = s.start + m.start("text"), s.start + m.end("text")
        first = next(
            (x for x in ctx.mentions if x.is_actor and start <= x.start <= start + 4), None
        )
        if first and any(g.startswith("by") for g in m.re.groupindex) and not to:
            to = [first.key]
            start = first.end
        lead = ctx.dutch.rx("ADVICE_LEAD").match(ctx.text[start:end])
        start += lead.end()  # the advice itself, without the space and 'om' before it
        return Advice(by, to, ctx.text[start:end], (start, end))
    text = s.text
    if (
        previous is not None
        and previous.paragraph == s.paragraph
        and ctx.dutch.rx("NEED_OPENER").match(s.text)
    ):
        text = previous.text + " " + s.text  # an elliptic "Nodig om …" leans on the one before
    return Advice(by, to, text, (s.start, s.end))


def _modal_subject(
    ctx: Context, s: Sentence, m: re.Match, exclude: list[str] | None = None
) -> list[str]:
    """Who must: the actor right before the modal verb ('Gemeenten moeten …'), or right
    after it when something else opens the sentence ('Ook moet het Rijk …'); never the
    adviser (`exclude`: 'Volgens het Nibud moet het kabinet …')."""
    pos, after = s.start + m.start(), s.start + m.end()
    before = [
        x
        for x in ctx.in_sentence(s)
        if x.is_actor
        and x.key not in (exclude or ())
        and x.end <= pos
        and re.fullmatch(r"(?:\s+[\w()-]+){0,3}\s*", ctx.text[x.end : pos])
        and "," not in ctx.text[x.end : pos]
    ]
    if before:
        return [before[-1].key]
    if m.start() > 0:
        gap = ctx.dutch.rx("ARTICLE_GAP")
        inverted = [
            x
            for x in ctx.in_sentence(s)
            if x.is_actor and x.start >= after and gap.fullmatch(ctx.text[after : x.start])
        ]
        if inverted:
            return [inverted[0].key]
    return []


def _pronoun_subject(ctx: Context, s: Sentence, m: re.Match) -> list[str] | None:
    """Who 'zij moeten' is: the group named last, in this sentence or the one before it
    ('maatschappelijke organisaties … Zij moeten …'); None for one person ('hij moet',
    'zij moet'), whose duty is no advice to an actor."""
    pronoun = ctx.dutch.rx("SUBJECT_PRONOUN").search(s.text[: m.start()]).group().strip().lower()
    modal = m.group().lower()
    if pronoun in ctx.dutch.words("PRONOUN_MALE") or (
        pronoun in ctx.dutch.words("PLURAL_SUBJECT") and modal in ctx.dutch.words("SINGULAR_MODAL")
    ):
        return None
    if pronoun not in ctx.dutch.words("PLURAL_SUBJECT"):
        return []  # "We moeten …": everyone, the speaker too
    pos = s.start + m.start()
    groups = [
        x
        for x in ctx.mentions
        if x.is_actor
        and x.end <= pos
        and x.sentence.index in (s.index - 1, s.index)
        and x.sentence.paragraph == s.paragraph
        and ctx.entries[x.key].label[:1].islower()
        and ctx.entries[x.key].label.endswith(("en", "s"))
    ]
    return [groups[-1].key] if groups else []


def _group(out: Output, noun: str, rule: str) -> str:
    """The group a plural noun names ('regieteams', 'raadsleden'), as an entity."""
    key = f"group/{slug(noun)}"
    out.make(Entry(key=key, kind="Group", label=noun, rule=rule))
    return key


def _passive(ctx: Context, s: Sentence, m: re.Match) -> bool:
    """Whether the clause of a modal verb is passive ('… moeten worden getraind'): its
    subject undergoes the advice, and is not who is asked to act."""
    clause = ctx.dutch.rx("CLAUSE_END").split(s.text[m.start() :], maxsplit=1)[0]
    return bool(ctx.dutch.rx("PASSIVE_CLAUSE").search(clause))


def _by_modal_verb(
    ctx: Context,
    out: Output,
    rule: Rule,
    s: Sentence,
    previous: Sentence | None,
    adviser: list[str] | None = None,
) -> Advice | None:
    """An actor that must or should ('Gemeenten moeten …'): advice of the voice of the
    sentence, not a duty someone merely reports."""
    if s.text.rstrip().endswith("?"):
        return None
    group_np = ctx.dutch.rx("GROUP_NP")
    for m in ctx.dutch.rx("MODAL_VERB").finditer(s.text):
        pos = s.start + m.start()
        before = ctx.text[s.start : pos]
        if ctx.dutch.rx("SUBORDINATE").search(re.split(r"[,;:]", before)[-1]):
            continue  # "… als gemeenten moeten bezuinigen": a condition, not advice
        if any(
            x.kind == "Law" and re.fullmatch(r"\s*", ctx.text[x.end : pos])
            for x in ctx.in_sentence(s)
        ):
            continue  # "De Wet … moet gemeenten verplichten": what a law is to do
        passive = _passive(ctx, s, m)
        to = _modal_subject(ctx, s, m)
        if to:
            pass
        elif group_np.search(before):
            if not passive:
                np = group_np.search(before).group("np").lower()
                to = [_group(out, np, "rec-modal-actor")]
        elif ctx.dutch.rx("SUBJECT_PRONOUN").search(before):
            found = _pronoun_subject(ctx, s, m)
            if found is None:
                continue  # "Maar zij moet ook bewaken …": what one person must do
            to = found
        elif ctx.dutch.rx("ROLE_SUBJECT").search(before):
            # "De staatssecretaris moet …": the one named with that role, or no one
            role = ctx.dutch.rx("ROLE_SUBJECT").search(before)
            to = resolve(ctx, out, s.start + role.start("ref"), s.start + role.end("ref"), s)
        else:
            continue
        if passive:
            to = []  # "De regieteams zullen getraind moeten worden": what is done to them
        quote = next(
            (q for q in ctx.voices.quoted.get(s.index, []) if q.start <= pos < q.end), None
        )
        if adviser and not quote and s.index not in ctx.voices.stated:
            by = adviser
        else:
            by = default_speaker(ctx, s, pos)
        if not by:
            continue  # "Hof van Twente moet dit jaar 52 statushouders huisvesten": no one's advice
        if quote:
            return Advice(by, to, ctx.text[quote.start + 1 : quote.end - 1], quote[:2])
        return Advice(by, to, s.text, (s.start, s.end))
    return None


def _lead_in(
    ctx: Context, out: Output, rule: Rule, s: Sentence, adviser: list[str] | None
) -> advice.Listing | None:
    """A sentence that announces a list of advice ('De Commissie geeft raadsleden drie
    adviezen mee:'): who gives it and whom it is for."""
    found = _by_pattern(ctx, out, rule, s, None, adviser)
    return advice.Listing(found.by, found.to, rule) if found else None


Finder = Callable[..., "Advice | None"]
MATCHES: dict[str, Finder] = {
    "pattern": _by_pattern,
    "modal-verb": _by_modal_verb,
    LIST: _by_pattern,
}
"""How a recommendation rule finds advice, by its `match:` (kg/extract/registry.py); a
pattern when it names none. An `advice-list` rule's match is the lead-in of a list, read
in `recommendations`."""


def recommendations(ctx: Context) -> Output:
    """At most one recommendation per sentence, by the first rule that matches; a 'must'
    right after someone's advice in the same paragraph continues that advice; the items
    of a list after a lead-in ('Wij doen de volgende aanbevelingen:') are the lead-in's."""
    out = Output(ctx)
    rules = ctx.rules.of_kind("recommendation")
    continuations = [r for r in rules if r.options.get("by") == "same-adviser"]
    lead_ins = [r for r in rules if r.options.get("match") == LIST]
    rules = [r for r in rules if r not in continuations and r not in lead_ins]
    previous = None
    adviser: tuple[list[str], Sentence] | None = None
    last: tuple[Advice, Sentence, Rule] | None = None  # the advice found last, where, how
    listing: advice.Listing | None = None
    for s in ctx.body:
        # the adviser of the sentence before, in this paragraph (in an opinion piece an
        # unvoiced 'must' is the author's instead)
        carried = (
            adviser[0]
            if adviser
            and adviser[1] is previous
            and previous.paragraph == s.paragraph
            and not ctx.author_voice
            else None
        )
        item = advice.list_item(ctx, s, previous) if listing else None
        if listing and (item or advice.bare_number(ctx, s)):
            if item:
                found = Advice(listing.by, listing.to, ctx.text[item[0] : item[1]], item)
                _recommendation(out, s, listing.rule, found)
            previous = s
            continue
        listing = next(
            (x for r in lead_ins for x in [_lead_in(ctx, out, r, s, carried)] if x), None
        )
        if listing:
            previous = s
            continue
        for rule in rules:
            find = MATCHES[rule.options.get("match", "pattern")]
            found = find(ctx, out, rule, s, previous, carried)
            if found:
                found = _goes_on(ctx, rule, s, previous, found, last)
                by, to, text, span = found
                more = [
                    (r, m)
                    for r in continuations
                    for m in [r.search("pattern", s.text)]
                    if m and span[0] < s.start + m.start() < span[1]
                ]
                if more:  # "X beveelt het kabinet aan …, en roept gemeenten op …": two
                    cut = s.start + more[0][1].start()
                    text, span = ctx.text[span[0] : cut], (span[0], cut)
                _recommendation(out, s, rule, Advice(by, to, text, span))
                for r, _ in more[:1]:
                    second = _by_pattern(ctx, out, r, s, previous)
                    if second:
                        _recommendation(out, s, r, second._replace(by=by))
                adviser = (by, s) if by else None
                last = (found, s, rule)
                break
        previous = s
    return out


def _goes_on(
    ctx: Context,
    rule: Rule,
    s: Sentence,
    previous: Sentence | None,
    found: Advice,
    last: tuple[Advice, Sentence, Rule] | None,
) -> Advice:
    """'Daarnaast beveelt de ombudsman aan om …' right after the ombudsman's advice to the
    gemeente names no one where it could have: it is for the gemeente too."""
    if (
        found.to
        or last is None
        or last[1] is not previous
        or last[0].by != found.by
        or not (_names_whom(rule) and _names_whom(last[2]))
        or not ctx.dutch.rx("ADVICE_GOES_ON").match(s.text)
    ):
        return found
    return found._replace(to=last[0].to)


def _names_whom(rule: Rule) -> bool:
    """A rule whose pattern has a place for whom advice is for ('beveelt X aan')."""
    pattern = rule.regex.get("pattern")
    return bool(pattern) and any(g.startswith("mid") for g in pattern.groupindex)


def _recommendation(out: Output, s: Sentence, rule: Rule, advice: Advice) -> None:
    """A kg:Recommendation node: its text, document, advisers and those advised."""
    text = clean(advice.text)
    to = [k for k in advice.to if k not in advice.by]  # no one advises themselves
    iri = f"recommendation/{digest(out.ctx.doc.name, str(s.start), text.lower())}"
    span = advice.span
    out.fact(iri, "rdf:type", "kg:Recommendation", s, *span, rule.id)
    out.fact(iri, "kg:text", text, s, *span, rule.id, literal=True)
    out.fact(iri, "kg:document", out.ctx.doc_iri, s, *span, rule.id)
    for key in advice.by:
        out.entity(key)
        out.fact(iri, "kg:recommendedBy", key, s, *span, rule.id)
    for key in to:
        out.entity(key)
        out.fact(iri, "kg:recommendedTo", key, s, *span, rule.id)
