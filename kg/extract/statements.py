"""Statements: quotations and reported speech, with their speakers (rule kinds `quote`
and `statement`).

Runs before the other relation passes: it establishes who speaks where (Voices), which
they need to credit unvoiced advice, and "Dat stelt X" reaches back one sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from kg.extract.context import Context, Output, Quote, Voices, clean, digest
from kg.extract.model import Sentence
from kg.extract.quotes import quote_spans
from kg.extract.resolve import resolve
from kg.language.rules import Rule

MIN_QUOTE_WORDS = 4  # an unattributed quotation shorter than this is a phrase, not a statement
MIN_ATTRIBUTED_QUOTE_WORDS = 2  # "X noemt het ‘pijnlijk, maar onvermijdelijk’"


class Said(NamedTuple):
    """What the statements pass returns: its facts and who speaks where."""

    output: Output
    voices: Voices


class Attributed(NamedTuple):
    speakers: list[str]
    rule: Rule | None
    span: tuple[int, int] | None  # where the speaker is named


class Subject(NamedTuple):
    """A person who opens a sentence."""

    keys: list[str]
    start: int
    end: int


def statements(ctx: Context) -> Said:
    """Quotations and reported speech, with their speakers. A quotation without an
    attribution of its own belongs to the person a sentence just introduced, or else
    continues the speaker quoted in this or the previous paragraph."""
    voices = Voices()
    ctx = replace(ctx, voices=voices)  # filled as the pass goes: later sentences read it
    out = Output(ctx)
    focus: list[str] = []
    focus_paragraph = -2
    introduced: tuple[list[str], int] | None = None  # (speaker, paragraph)
    quote_rules = ctx.rules.of_kind("quote")
    by_attribution: dict[str, Rule] = {}
    for r in quote_rules:
        by_attribution.setdefault(r.options.get("attribution", ""), r)
    carry, intro = by_attribution["carried-over"], by_attribution["introduced"]
    answer = by_attribution["interview-answer"]
    interviewee = _interviewee(ctx)
    answers = _answer_sentences(ctx) if interviewee else set()
    previous: Sentence | None = None
    for s in ctx.body:
        voices.focus_at[s.index] = list(focus)
        subject = _sentence_subject(ctx, s)
        for qa, qb in _statement_quotes(ctx, s):
            speakers, rule, span = _attribute_quote(ctx, out, s, qa, qb, quote_rules)
            if rule is not None and not speakers:
                continue  # attributed to someone we cannot name: better no speaker than a wrong one
            if rule is None and len(ctx.text[qa + 1 : qb - 1].split()) < MIN_QUOTE_WORDS:
                continue  # a short phrase in quotes is a statement only when someone says it
            if not speakers and rule is None and interviewee and _answers_question(ctx, s, qa):
                speakers, rule, span = interviewee, answer, (qa, qb)
            elif not speakers and subject and subject.start < qa:
                speakers, rule, span = subject.keys, intro, (subject.start, subject.end)
            elif not speakers and introduced and introduced[1] == s.paragraph:
                speakers, rule, span = introduced[0], intro, (qa, qb)
            elif not speakers and focus and focus_paragraph >= s.paragraph - 1:
                speakers, rule, span = list(focus), carry, (qa, qb)
            if speakers:
                said = ctx.text[qa + 1 : qb - 1]
                _statement(out, s, speakers, said, (qa, qb), span, rule, True)
                voices.quoted.setdefault(s.index, []).append(Quote(qa, qb, speakers))
                focus, focus_paragraph, introduced = speakers, s.paragraph, None
        if s.index not in voices.quoted:
            if subject:
                introduced = (subject.keys, s.paragraph)
            speakers = _reported(ctx, out, s, previous)
            if speakers:
                voices.stated[s.index] = speakers
                focus, focus_paragraph, introduced = speakers, s.paragraph, None
            elif (
                interviewee
                and s.index in answers
                and not quote_spans(ctx.text, ctx.rules.lexicon, s.start, s.end)
            ):
                # an answer printed without quotation marks is the interviewee's voice (its
                # advice is theirs), though not every sentence of it is a statement worth listing
                voices.stated[s.index] = interviewee
        previous = s
    return Said(out, voices)


def _reported(ctx: Context, out: Output, s: Sentence, previous: Sentence | None) -> list[str]:
    """Reported speech ("X stelt dat …", "Dat stelt X"): the first statement rule that
    matches and names its speaker; the speakers, or [] when none does."""
    for rule in ctx.rules.of_kind("statement"):
        m = rule.search("pattern", s.text)
        if not m:
            continue
        span = (s.start + m.start("speaker"), s.start + m.end("speaker"))
        speakers = resolve(ctx, out, *span, s)
        if not speakers:
            continue
        says = rule.options.get("says")
        if says == "previous-sentence":
            if previous is None or previous.paragraph != s.paragraph:
                continue
            whole = (previous.start, previous.end)
            _statement(out, previous, speakers, previous.text, whole, span, rule, False, s)
            ctx.voices.stated[previous.index] = speakers
        elif says == "speaker-turn":
            _turn(ctx, out, rule, s, m, speakers, span)
        else:
            if "text" in m.re.groupindex and m.group("text"):
                text_span = (s.start + m.start("text"), s.start + m.end("text"))
            else:
                text_span = (s.start, s.end)
            said = ctx.text[text_span[0] : text_span[1]]
            _statement(out, s, speakers, said, text_span, span, rule, False)
        return speakers
    return []


def _turn(
    ctx: Context,
    out: Output,
    rule: Rule,
    s: Sentence,
    m: re.Match,
    speakers: list[str],
    span: tuple[int, int],
) -> None:
    """A speaker's turn in a debate or minutes: what follows the label on its line, to the
    end of the paragraph, or, for a label on a line of its own ('De heer Smit (SGP):'),
    the paragraphs after it up to the next label. One statement per paragraph, and every
    sentence of the turn in the speaker's voice."""
    turn = [x for x in ctx.body if x.index > s.index]
    if m.group("text"):
        turn = [x for x in turn if x.paragraph == s.paragraph]
        first = s.start + m.start("text")
    else:
        label = next((i for i, x in enumerate(turn) if _is_label(ctx, x)), len(turn))
        turn = turn[:label]
        first = turn[0].start if turn else s.end
    paragraphs: dict[int, list[Sentence]] = {}
    for x in turn:
        paragraphs.setdefault(x.paragraph, []).append(x)
        ctx.voices.stated[x.index] = speakers
    if m.group("text"):
        paragraphs = {s.paragraph: [s, *paragraphs.get(s.paragraph, [])]}
    for sentences in paragraphs.values():
        start = max(first, sentences[0].start)
        said = ctx.text[start : sentences[-1].end]
        # the evidence is where the paragraph's statement starts: it lies in one sentence
        text_span = (start, sentences[0].end)
        _statement(out, sentences[0], speakers, said, text_span, span, rule, False, s)


def _is_label(ctx: Context, s: Sentence) -> bool:
    """A line that only names who speaks next ('De voorzitter:', 'Mevrouw Bakker (PvdA):')."""
    line = ctx.text[s.start : s.end].strip()
    alone = all(x.paragraph != s.paragraph for x in ctx.body if x.index != s.index)
    return alone and line.endswith(":") and len(line.split()) <= 8


def _sentence_subject(ctx: Context, s: Sentence) -> Subject | None:
    """A person who opens the sentence ('Coördinator Jildou Hoekstra ziet …',
    'Vermeulen waarschuwt …'): who a following quotation is likely to be from."""
    for m in ctx.in_sentence(s):
        if m.kind == "Person":
            if ctx.dutch.rx("SUBJECT_LEAD").fullmatch(ctx.text[s.start : m.start]):
                return Subject([m.key], m.start, m.end)
            return None
    return None


def _statement_quotes(ctx: Context, s: Sentence) -> list[tuple[int, int]]:
    """The outermost quotations of a sentence long enough to be said, and no titles."""
    spans = quote_spans(ctx.text, ctx.rules.lexicon, s.start, s.end)
    top = [q for q in spans if not any(o[0] < q[0] and q[1] <= o[1] for o in spans if o != q)]
    return [
        (qa, qb)
        for qa, qb in top
        if len(ctx.text[qa + 1 : qb - 1].split()) >= MIN_ATTRIBUTED_QUOTE_WORDS
        and (qa, qb) not in ctx.title_spans
    ]


def _attribute_quote(
    ctx: Context, out: Output, s: Sentence, qa: int, qb: int, quote_rules: list[Rule]
) -> Attributed:
    """The speaker named right after (`after`) or right before (`before`) a quotation."""
    for rule in quote_rules:
        if "after" in rule.regex:
            offset, m = qb, rule.regex["after"].match(ctx.text[qb : s.end])
        elif "before" in rule.regex:
            offset, m = s.start, rule.regex["before"].search(ctx.text[s.start : qa])
        else:
            continue
        if m:
            g = "speaker" if m.group("speaker") is not None else "speaker2"  # verb first
            span = (offset + m.start(g), offset + m.end(g))
            speakers = resolve(ctx, out, *span, s)
            if speakers:
                return Attributed(speakers, rule, span)
    return Attributed([], None, None)


def _interviewee(ctx: Context) -> list[str]:
    """Who answers in an interview: the person 'een gesprek met' introduces, or in a text
    labelled as an interview the first person it names who is not its author."""
    people = [
        m
        for m in ctx.mentions
        if m.kind == "Person" and m.key != ctx.author_key and m.sentence.section == "body"
    ]
    for m in ctx.dutch.rx("INTERVIEW_OPENING").finditer(ctx.text):
        near = [p for p in people if m.end() <= p.start <= m.end() + 60]
        if near:
            return [near[0].key]
    if ctx.doc.genre.lower() in ctx.dutch.words("INTERVIEW_GENRE") and people:
        return [people[0].key]
    return []


def _answer_sentences(ctx: Context) -> set[int]:
    """Sentences that answer a question printed on a line of its own ('Wat is Housing
    First eigenlijk?'), up to the next such question, in a text that asks at least two."""
    text = [x for x in ctx.doc.sentences if x.section in ("body", "heading")]
    asked = [
        i
        for i, x in enumerate(text)
        if x.text.rstrip().endswith("?")
        and "\n" in ctx.text[x.end : (text[i + 1].start if i + 1 < len(text) else x.end + 1)]
    ]
    if len(asked) < 2:
        return set()
    out = set()
    for n, i in enumerate(asked):
        stop = asked[n + 1] if n + 1 < len(asked) else len(text)
        first = i + 1
        for x in text[first:stop]:
            if (
                x.paragraph > text[i].paragraph + 1 and x.paragraph != text[first].paragraph
                if first < stop
                else True
            ):
                break
            out.add(x.index)
    return out


def _answers_question(ctx: Context, s: Sentence, quote_start: int) -> bool:
    """A quotation that opens the paragraph right after a question."""
    before = ctx.doc.sentences[s.index - 1] if s.index > 0 else None
    return (
        bool(before)
        and before.paragraph == s.paragraph - 1
        and before.text.rstrip().endswith("?")
        and ctx.text[s.start : quote_start].strip() == ""
    )


def _statement(
    out: Output,
    s: Sentence,
    speakers: list[str],
    text: str,
    text_span: tuple[int, int],
    speaker_span: tuple[int, int],
    rule: Rule,
    direct: bool,
    attribution: Sentence | None = None,
) -> None:
    """A kg:Statement node: its text, whether it is quoted, its document and speakers
    (their evidence in the sentence that names them)."""
    ctx = out.ctx
    text = clean(text)
    iri = f"statement/{digest(ctx.doc.name, text.lower())}"
    ev_sentence = attribution or s
    out.fact(iri, "rdf:type", "kg:Statement", s, *text_span, rule.id)
    out.fact(iri, "kg:text", text, s, *text_span, rule.id, literal=True)
    truth = "true" if direct else "false"
    out.fact(iri, "kg:directQuote", truth, s, *text_span, rule.id, True, "xsd:boolean")
    out.fact(iri, "kg:document", ctx.doc_iri, s, *text_span, rule.id)
    for key in speakers:
        out.entity(key)
        out.fact(iri, "kg:speaker", key, ev_sentence, *speaker_span, rule.id)
