"""Who a stretch of text refers to: the actors it names, or what a pronoun, "de auteur",
"de wethouder", "het planbureau" or "de Raad" points back to. One place for every pass
that needs to know who speaks, advises, makes or is responsible."""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.context import Context, Named, Output
from kg.extract.mentions import Mention
from kg.extract.model import Sentence
from kg.language.reference import Entry


def resolve(
    ctx: Context, out: Output, start: int, end: int, sentence: Sentence, heads: bool = True
) -> list[str]:
    """The actors a stretch of text names: mentions in it, or what a pronoun,
    'de auteur', 'de wethouder' or 'de Raad' refers back to."""
    inside = ctx.at(start, end)
    bracketed = [(b.start(), b.end()) for b in re.finditer(r"\([^()]*\)", ctx.text[start:end])]
    outside = [m for m in inside if not any(a <= m.start - start < b for a, b in bracketed)]
    keys = [(head(ctx, m) if heads else m).key for m in (outside or inside) if m.is_actor]
    if keys:  # "X (PvdA)" is X
        return list(dict.fromkeys(keys))
    phrase = " ".join(ctx.text[start:end].split())
    lower = phrase.lower()
    focus = ctx.voices.focus_at.get(sentence.index, [])
    words = ctx.dutch.words
    if lower in words("AUTHOR_REF"):
        return _the_author(ctx, start, focus)
    quoted = next(
        (q.speakers for q in ctx.voices.quoted.get(sentence.index, []) if q.start <= start < q.end),
        None,
    )
    if lower in words("PRONOUN_QUOTED") and quoted:
        return quoted  # "‘Ik zou willen dat …’" in the mouth of the one quoted
    if lower in words("PRONOUN_SELF"):
        # in a speaker's turn or an unquoted interview answer, 'ik' is the one speaking
        turn = ctx.voices.stated.get(sentence.index)
        return turn or ([ctx.author_key] if ctx.author_key else [])
    if lower in words("PRONOUN_GROUP"):
        return focus or ([ctx.author_key] if ctx.author_voice else [])
    if lower in words("PRONOUN_MALE"):  # a man: a person, never an organisation
        people = [k for k in focus[:1] if k.startswith("person/")]
        return most_recent(ctx, people + last(ctx, "Person", start), start)
    if lower in words("PRONOUN"):
        return most_recent(ctx, focus[:1] + last(ctx, "Person", start), start)
    if ctx.dutch.rx("SPOKESPERSON").fullmatch(phrase):  # speaks for the organisation just named
        return organisation_from_context(ctx, out, sentence, start).keys
    description = ctx.dutch.rx("DESCRIBED_REF").fullmatch(phrase)
    if description:
        return described(ctx, description.group(1), start)
    return []


def _the_author(ctx: Context, start: int, focus: list[str]) -> list[str]:
    """'volgens de auteur' after 'het boek ‘…’ van X' is X, not the reviewer."""
    makers = [k for made in ctx.makers if made.at <= start for k in made.keys]
    makers = [k for k in makers if k != ctx.author_key]
    if makers:
        return makers[-1:]
    if ctx.author_key:
        return [ctx.author_key]
    return [k for k in focus if k.startswith("person/")][:1] or last(ctx, "Person", start)


def head(ctx: Context, m: Mention) -> Mention:
    """'Marjolein Smit van de Universiteit Utrecht schreef …': the organisation is part of
    the person's description; the person is who acts."""
    if m.kind == "Person":
        return m
    link = ctx.dutch.rx("PERSON_OF").search(ctx.text[max(0, m.start - 12) : m.start])
    if not link:
        return m
    person_end = m.start - len(link.group())
    return next((p for p in ctx.mentions if p.kind == "Person" and p.end == person_end), m)


def described(ctx: Context, noun: str, before: int) -> list[str]:
    """'de wethouder' is the last person named with that role; 'de onderzoekers' all of
    them, or the makers of the publication named last; 'de Raad', 'de ombudsman' the
    last organisation with that word in its name."""
    lower = noun.lower()
    singular = plural_of(ctx, lower, ctx.dutch.words("ROLE")) or lower
    plural = singular != lower
    people = [
        m.key
        for m in ctx.mentions
        if m.kind == "Person" and m.end <= before and singular in ctx.roles.get(m.key, ())
    ]
    if people:
        return list(dict.fromkeys(reversed(people))) if plural else [people[-1]]
    if plural and singular in ctx.dutch.words("MAKER_NOUN"):
        makers = [made.keys for made in ctx.makers if made.at <= before]
        if makers:
            return makers[-1]
    stem = plural_of(ctx, lower, ctx.dutch.words("ACTOR_NOUN"))
    forms = noun_forms(ctx, stem or lower)
    named = [m for m in ctx.mentions if m.end <= before and m.is_actor and m.kind != "Person"]
    orgs = [
        m.key
        for m in reversed(named)
        if any(w.endswith(forms) for w in ctx.entries[m.key].label.lower().split())
    ]
    if orgs:  # "de inspecties": every inspectorate named before; "de inspectie": the last one
        return list(dict.fromkeys(orgs)) if stem else orgs[:1]
    if lower in ctx.dutch.words("WORK_NOUN"):
        # "Het rapport beveelt aan …": the maker of the work named last
        made = [m.keys for m in sorted(ctx.work_makers) if m.at <= before]
        if made:
            return made[-1]
        counts = Counter(
            m.key
            for m in ctx.mentions
            if m.end <= before
            and m.kind in ("Organisation", "GovernmentBody")
            and ctx.entries[m.key].label[:1].isupper()
        )
        # the one organisation the text names: a publication of no one in particular
        # when there are several (never a guess at the most frequent)
        return list(counts) if len(counts) == 1 else []
    return []


def most_recent(ctx: Context, keys: list[str], before: int) -> list[str]:
    """Of the speaker in focus and the person named last, the one named most recently:
    'hij' after 'SP-raadslid X legde een verband' is X, not the wethouder quoted before."""
    last_seen = {
        k: max((m.end for m in ctx.mentions if m.key == k and m.end <= before), default=-1)
        for k in keys
    }
    return [max(keys, key=lambda k: last_seen[k])] if keys else []


def last(ctx: Context, kind: str, before: int) -> list[str]:
    prior = [m for m in ctx.mentions if m.kind == kind and m.end <= before]
    return [prior[-1].key] if prior else []


def default_speaker(ctx: Context, sentence: Sentence, pos: int) -> list[str]:
    """Whose voice a sentence is in at `pos`: the one quoted there, the one its reported
    speech names, the author in an opinion piece, or the speaker in focus."""
    for quote in ctx.voices.quoted.get(sentence.index, []):
        if quote.start <= pos < quote.end:
            return quote.speakers
    if sentence.index in ctx.voices.stated:
        return ctx.voices.stated[sentence.index]
    if ctx.author_voice:
        return [ctx.author_key]
    return ctx.voices.focus_at.get(sentence.index, [])


def plural_of(ctx: Context, word: str, nouns: frozenset[str]) -> str:
    """The noun of `nouns` that `word` is the plural of ('onderzoekers' -> 'onderzoeker'), or ''."""
    return next(
        (
            word[: -len(x)]
            for x in ctx.dutch.ordered("PLURAL_SUFFIX")
            if word.endswith(x) and word[: -len(x)] in nouns
        ),
        "",
    )


def noun_forms(ctx: Context, noun: str) -> tuple[str, ...]:
    """A Dutch noun and its plurals: raad, raden, raads; team, teams; bureau, bureaus."""
    forms = [noun] + [noun + x for x in ctx.dutch.ordered("PLURAL_SUFFIX")]
    doubled = ctx.dutch.rx("DOUBLED_VOWEL").fullmatch(noun)
    if doubled:
        forms.append(doubled.group(1) + doubled.group(2) + doubled.group(3) + "en")
    return tuple(forms)


def organisation_from_context(
    ctx: Context,
    out: Output,
    s: Sentence,
    role_start: int,
    municipal: bool = False,
    political: bool = False,
    council_member: bool = False,
) -> Named:
    """Where a role names no organisation: the party of 'SP-raadslid', the municipality
    of 'de Alphense wethouder' or of the text, or the organisation the sentence or the
    one before it is about ('Divosa … Voorzitter Jeroen Vos zegt …')."""
    text = ctx.text
    chain = re.search(r"[\w&]+(?:-[\w&]+)*-$", text[s.start : role_start])
    if chain:  # "GroenLinks-PvdA-raadslid": the longest party name the gazetteer knows
        end = s.start + chain.end() - 1
        starts = [s.start + chain.start()] + [
            s.start + chain.start() + i + 1 for i, c in enumerate(chain.group()[:-1]) if c == "-"
        ]
        for a in starts:
            hits = [
                e
                for x, y, e in ctx.ref.names.find(text, a, end)
                if (x, y) == (a, end) and e.kind == "Organisation"
            ]
            if hits:
                out.make(hits[0])
                return Named([hits[0].key], (a, end))
    if municipal:
        return _municipality_from_context(ctx, out, s, role_start)
    if council_member:  # of the advisory council the text names ("Raad voor …")
        heads = ctx.dutch.ordered("ADVISORY_COUNCIL_HEAD")
        councils = [
            x
            for x in ctx.mentions
            if x.end <= role_start
            and x.is_actor
            and any(ctx.entries[x.key].label.startswith(h + " ") for h in heads)
        ]
        if councils:
            return Named([councils[-1].key], (councils[-1].start, councils[-1].end))
    if political:
        return Named([], None)
    window = [
        x for x in ctx.body if x.index in (s.index - 1, s.index) and x.paragraph == s.paragraph
    ]
    prior = [
        (x.start, x.end, x.key)
        for x in ctx.mentions
        if x.end <= role_start
        and x.sentence in window
        and x.kind in ("Organisation", "GovernmentBody")
        and ctx.entries[x.key].label[:1].isupper()
    ]
    for w in window:  # "Volgens het planbureau …"
        for d in ctx.dutch.rx("DESCRIBED_ACTOR").finditer(text, w.start, min(w.end, role_start)):
            if re.search(r"\w\)?,\s*$", text[w.start : d.start()]):
                continue  # "Divosa, de vereniging van …": a description of the name before it
            prior += [
                (d.start(), d.end(), k)
                for k in described(ctx, d.group(1), d.start())[:1]
                if not k.startswith("person/")
            ]
    if prior:
        start, end, key = max(prior)
        return Named([key], (start, end))
    return Named([], None)


def _municipality_from_context(ctx: Context, out: Output, s: Sentence, role_start: int) -> Named:
    """'de Alphense wethouder' is of the municipality the text names that the adjective
    comes from; a bare 'wethouder' is of the municipality named last before it."""
    towns = [x for x in ctx.mentions if is_town(ctx, x)]
    adjective = ctx.dutch.rx("PLACE_ADJECTIVE").search(ctx.text[s.start : role_start])
    if adjective:
        stem = adjective.group(1).lower()
        prefix = ctx.dutch.label("municipality", "")
        towns = [
            x
            for x in towns
            if municipality_key(ctx, out, x).startswith("gemeente/")
            and ctx.entries[x.key].label.lower().replace(prefix, "").startswith(stem)
        ]
    before = [x for x in towns if x.end <= role_start] or towns[:1]
    if not before:
        return Named([], None)
    town = before[-1]
    return Named([municipality_key(ctx, out, town)], (town.start, town.end))


def is_town(ctx: Context, m: Mention) -> bool:
    """A municipality, or a place that is one (its CBS code starts with GM)."""
    return m.kind == "Municipality" or (
        m.kind == "Place" and ctx.entries[m.key].identifier.startswith("GM")
    )


def municipality_key(ctx: Context, out: Output, m: Mention) -> str:
    if m.kind == "Municipality":
        return m.key
    return organisation(ctx, out, m.start, m.end, m.sentence)[0]


def organisation(ctx: Context, out: Output, start: int, end: int, s: Sentence) -> list[str]:
    """The organisation a stretch of text names; a municipality named as a place
    ('wethouder van Almere') is the municipality as an organisation."""
    keys = resolve(ctx, out, start, end, s, heads=False)
    org = [k for k in keys if not k.startswith("person/")][:1]
    if org:
        return org
    for m in ctx.at(start, end):
        entry = ctx.entries[m.key]
        same_as = tuple(u for u in entry.same_as if "tooi" in u)
        if m.kind == "Place" and entry.identifier.startswith("PV"):
            # "gedeputeerde van de provincie Flevoland"
            key = f"provincie/{entry.identifier.lower()}"
            label = ctx.dutch.label("province", entry.label)
            out.make(
                Entry(
                    key,
                    "GovernmentBody",
                    label,
                    "place-gazetteer",
                    entry.identifier,
                    same_as=same_as,
                )
            )
            return [key]
        if m.kind == "Place" and entry.identifier.startswith("GM"):
            key = f"gemeente/{entry.identifier.lower()}"
            label = ctx.dutch.label("municipality", entry.label)
            made = Entry(
                key, "Municipality", label, "municipality-actor", entry.identifier, same_as=same_as
            )
            out.make(made, territory=m.key)
            return [key]
    return []
