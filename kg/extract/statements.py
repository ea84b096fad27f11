"""Statements: quotations and reported speech, with their speakers (rule kinds `quote`
and `statement`).

Runs before the other relation passes: it establishes who speaks where (Voices), which
they need to credit unvoiced advice, and "Dat stelt X" reaches back one sentence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from kg.extract.context import Context, Output, Quote, Voices, clean, digest
from kg.extract.model import Sentence
from kg.extract.quotes import quote_spans
from kg.extract.resolve import resolve
from kg.extract.turns import asking, interview_answers, parts, speaker_turns
from kg.language.rules import Rule

MIN_QUOTE_WORDS = 4  # an unattributed quotation shorter than this is a phrase, not a statement
MIN_ATTRIBUTED_QUOTE_WORDS = 2  # "X noemt het ‘pijnlijk, maar onvermijdelijk’"
SIGNATURE_SENTENCES = 5  # the closing lines where a letter or report is signed


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
    continues the speaker quoted in this or the previous paragraph. A speaker's turn in a
    debate or transcript, and an answer in an interview, is one statement of its own."""
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
    spoken = _turns(ctx, out, interviewee)  # sentence -> who speaks it, in a turn or answer
    previous: Sentence | None = None
    for s in ctx.body:
        voices.focus_at[s.index] = list(focus)
        subject = _sentence_subject(ctx, s)
        turn = spoken.get(s.index)
        for qa, qb in _statement_quotes(ctx, s):
            speakers, rule, span = _attribute_quote(ctx, out, s, qa, qb, quote_rules)
            if rule is not None and not speakers:
                continue  # attributed to someone we cannot name: better no speaker than a wrong one
            if turn is not None and rule is None:
                continue  # in a turn, only a quotation attributed to another is not the speaker's
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
        if turn is not None and turn.speakers:
            voices.stated[s.index] = turn.speakers  # 'ik' in a turn is its speaker
            focus, focus_paragraph, introduced = turn.speakers, s.paragraph, None
        if turn is not None and turn.said:
            previous = s
            continue  # the turn is its speaker's statement: no second one per sentence
        if s.index not in voices.quoted:
            if subject:
                introduced = (subject.keys, s.paragraph)
            speakers = _reported(ctx, out, s, previous)
            if speakers:
                voices.stated[s.index] = speakers
                focus, focus_paragraph, introduced = speakers, s.paragraph, None
        previous = s
    return Said(out, voices)


class Spoken(NamedTuple):
    """Who speaks a sentence of a turn or answer, and whether their turn is a statement
    (an interviewer's question is not)."""

    speakers: list[str]
    said: bool


def _turns(ctx: Context, out: Output, interviewee: list[str]) -> dict[int, Spoken]:
    """The statements of the speaker turns and interview answers, one per turn (a long
    one in parts of whole paragraphs); returns who speaks each sentence of them."""
    turns = speaker_turns(ctx, out)
    asks = asking(turns)
    answer_rule = next(
        (r for r in ctx.rules.of_kind("statement") if r.options.get("says") == "interview-answer"),
        None,
    )
    if not turns and answer_rule is not None:
        turns = [t._replace(rule=answer_rule) for t in interview_answers(ctx, interviewee)]
    spoken: dict[int, Spoken] = {}
    for t in turns:
        says = bool(t.speakers) and not asks.intersection(t.speakers) and t.rule is not None
        pieces = parts(t, ctx) if says else []
        for x in t.sentences:
            spoken[x.index] = Spoken(t.speakers, bool(pieces))
        for start, end, sentences in pieces:
            first = sentences[0]
            label = t.label or first
            speaker_span = t.speaker_span if t.label else (start, first.end)
            said = ctx.text[start:end]
            _statement(
                out, first, t.speakers, said, (start, first.end), speaker_span, t.rule, False, label
            )
    return spoken


def _reported(ctx: Context, out: Output, s: Sentence, previous: Sentence | None) -> list[str]:
    """Reported speech ("X stelt dat …", "Dat stelt X"): the first statement rule that
    matches and names its speaker; the speakers, or [] when none does."""
    for rule in ctx.rules.of_kind("statement"):
        if rule.options.get("says") in ("speaker-turn", "interview-answer"):
            continue  # read by kg/extract/turns.py, over the lines of the text
        m = rule.search("pattern", s.text)
        if not m:
            continue
        span = (s.start + m.start("speaker"), s.start + m.end("speaker"))
        # 'wij' who find or think is the writer, not whoever was reported last
        speakers = _writer(ctx, m.group("speaker")) or resolve(ctx, out, *span, s)
        if not speakers:
            continue
        says = rule.options.get("says")
        if says == "previous-sentence":
            if previous is None or previous.paragraph != s.paragraph:
                continue
            whole = (previous.start, previous.end)
            _statement(out, previous, speakers, previous.text, whole, span, rule, False, s)
            ctx.voices.stated[previous.index] = speakers
        else:
            if "text" in m.re.groupindex and m.group("text"):
                text_span = (s.start + m.start("text"), s.start + m.end("text"))
            else:
                text_span = (s.start, s.end)
            said = ctx.text[text_span[0] : text_span[1]]
            _statement(out, s, speakers, said, text_span, span, rule, False)
        return speakers
    return []


def _writer(ctx: Context, phrase: str) -> list[str]:
    """Who 'ik', 'wij' or 'mijn' is where nothing before it says: for 'wij' the organisation
    a signature names ('Namens het managementteam, X, directeur Y'; 'Algemene Rekenkamer,'),
    else the author, or else who signs the text (for 'ik' a person)."""
    lower = phrase.lower()
    if lower not in ctx.dutch.words("FIRST_PERSON_SPEAKER"):
        return []
    signature = [
        x.index
        for x in ctx.body[-SIGNATURE_SENTENCES:]
        if "\n" in x.text or x.text.rstrip().endswith(",") or len(x.text.split()) <= 6
    ] + [x.index for x in ctx.doc.sentences if x.section == "author"]  # a signature read as author
    actors = [m for m in ctx.mentions if m.is_actor and m.sentence.index in signature]
    named = [
        m
        for m in actors
        if m.kind != "Person" or not ctx.dutch.rx("ARTICLE").match(ctx.entries[m.key].label.lower())
    ]  # 'De Staatssecretaris' names no one in particular
    people = [m.key for m in named if m.kind == "Person"]
    bodies = [m.key for m in named if m.kind != "Person"]
    if lower not in ("ik", "mijn") and bodies:  # 'wij' under 'Namens het bestuur, X, directeur Y'
        return bodies[:1]
    if ctx.author_key:
        return [ctx.author_key]
    return (people if lower in ("ik", "mijn") else (bodies or people))[:1]


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
