"""Speaker turns and interview answers: text in one speaker's voice without quotation
marks, which runs from a label ('Mevrouw Bakker (PvdA):', '[00:01:20] ERIK:') or a
question up to the next one. The statements pass makes one statement of each (a long
one in parts of whole paragraphs), not one per sentence.

Which lines are labels is the rule's (`says: speaker-turn`); which lines ask a question
and who answers is read from the layout: a question on a line of its own, the answer
on the lines below it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.extract.context import Context, Output
from kg.extract.model import Sentence
from kg.extract.resolve import resolve
from kg.language.reference import Entry, entity_key
from kg.language.rules import Rule

MAX_STATEMENT_CHARS = 1000  # a longer turn is cut into parts of whole paragraphs
MIN_TURN_WORDS = 6  # "Dank u wel, voorzitter." says nothing
MAX_QUESTION_WORDS = 30  # the first line of a question-and-answer block asks


class Turn(NamedTuple):
    """What one speaker says from a label (or a question) up to the next one."""

    speakers: list[str]  # [] for the chair, or a label we cannot name: it only ends a turn
    label: Sentence | None  # the sentence that names the speaker
    speaker_span: tuple[int, int]
    sentences: list[Sentence]  # what is said, the first one possibly after the label
    start: int  # where what is said starts
    rule: Rule | None
    first_name: bool = False  # labelled by a first name, as in a transcript ('ERIK:')

    def ends_in_question(self) -> bool:
        return bool(self.sentences) and self.sentences[-1].text.rstrip().endswith("?")


def speaker_turns(ctx: Context, out: Output) -> list[Turn]:
    """The turns of a debate, minutes or transcript, in order; a speaker whose turns are
    mostly questions (the interviewer, the presenter) is left out: their turns only end
    the one before, though what they say stays in their voice (Turn.speakers)."""
    rules = [r for r in ctx.rules.of_kind("statement") if r.options.get("says") == "speaker-turn"]
    if not rules:
        return []
    readable = [x for x in ctx.doc.sentences if x.section in ("body", "heading")]
    labels = [label for s in readable for label in _labels(ctx, out, s, rules)]
    if not labels:
        return []
    ends = ctx.dutch.rx("TURN_END")
    turns = []
    for i, (_, start, speakers, label, span, rule, first) in enumerate(labels):
        stop = labels[i + 1][0] if i + 1 < len(labels) else len(ctx.text)
        said: list[Sentence] = []
        for x in readable:
            if x.end <= start or x.start >= stop:
                continue
            if (x.section == "heading" and not x.text.rstrip().endswith("?")) or ends.fullmatch(
                x.text.split("\n")[0].strip()
            ):
                break  # 'Motie', 'Amendement': a text of its own, not the speaker's words
            said.append(x)
        begin = max(start, said[0].start) if said else start
        turns.append(Turn(speakers, label, span, said, begin, rule, first))
    return turns


def asking(turns: list[Turn]) -> set[str]:
    """Who presents a transcript: a speaker labelled by first name with at least two turns
    that end in a question, half of theirs or more. (In a debate a member asks too, but
    states a position in the same breath.)"""
    asks: dict[str, list[bool]] = {}
    for t in turns:
        for k in t.speakers if t.first_name else []:
            asks.setdefault(k, []).append(t.ends_in_question())
    return {k for k, a in asks.items() if sum(a) >= 2 and sum(a) * 2 >= len(a)}


def _labels(ctx: Context, out: Output, s: Sentence, rules: list[Rule]):
    """The speaker labels that open a line in sentence s: (where the line starts, where
    what is said starts, speakers, sentence, speaker span, rule)."""
    text = ctx.text
    starts = [s.start] + [s.start + i + 1 for i, c in enumerate(s.text) if c == "\n"]
    for at in starts:
        if at > 0 and text[at - 1] != "\n":
            continue  # a sentence that starts within a line
        end = text.find("\n", at)
        line = text[at : end if end >= 0 else len(text)]
        for rule in rules:
            m = rule.search("pattern", line)
            if not m:
                continue
            said = at + (m.start("text") if m.group("text") else len(line))
            if m.group("chair"):
                yield at, said, [], s, (at + m.start("chair"), at + m.end("chair")), rule, False
                break
            span = (at + m.start("speaker"), at + m.end("speaker"))
            if m.group("first"):
                speakers = _by_first_name(ctx, m.group("first"))
                if not speakers and not m.group("first").isupper():
                    break  # 'Rubriek:', 'Tekst:': a label of the page, not of a speaker
            else:
                name = (at + m.start("name"), at + m.end("name"))
                speakers = _named(ctx, out, name, rule) or resolve(ctx, out, *span, s)
            yield at, said, speakers, s, span, rule, bool(m.group("first"))
            break


def _named(ctx: Context, out: Output, name: tuple[int, int], rule: Rule) -> list[str]:
    """The person a label names ('Staatssecretaris Van Zijderveld'): the person mention
    of the whole name, or else a person of that name, where the mentions read only part
    of it ('Van')."""
    start, end = name
    people = [m for m in ctx.at(start, end) if m.kind == "Person"]
    whole = [m.key for m in people if m.start <= start and m.end >= end]
    if whole:
        return whole[:1]
    label = " ".join(ctx.text[start:end].split())
    key = entity_key("person", label)
    if key not in ctx.entries:
        out.make(Entry(key, "Person", label, rule.id))
    return [key]


def _by_first_name(ctx: Context, word: str) -> list[str]:
    """The person the text introduced whose first name, or initials, a label gives
    ('ERIK:' is Erik Slagter, 'MdB:' Mirjam de Boer)."""
    word = word.casefold()
    people = dict.fromkeys(m.key for m in ctx.mentions if m.kind == "Person")
    for key in people:
        names = ctx.entries[key].label.split()
        if len(names) < 2:
            continue
        initials = "".join(n[0] for n in names).casefold()
        if names[0].casefold() == word or (len(word) >= 2 and initials == word):
            return [key]
    return []


def interview_answers(ctx: Context, interviewee: list[str]) -> list[Turn]:
    """The answers of an interview, each as the interviewee's turn: the lines below a
    question that opens its block ('Hoe gaat het met de wijkteams?' and, on the next
    lines, the answer), or the paragraph after a question printed on its own."""
    if not interviewee:
        return []
    blocks = _question_blocks(ctx)
    groups = blocks if blocks else _answer_paragraphs(ctx)
    names = [m for m in ctx.mentions if m.key in interviewee]
    turns = []
    for question, said in groups:
        if not said:
            continue
        if any(question.start <= m.start < said[-1].end for m in names):
            continue  # 'Wie is Ruud …? Ruud … (1971) is …': about them, not their words
        turns.append(
            Turn(interviewee, None, (said[0].start, said[0].start), said, said[0].start, None)
        )
    return turns


def _question_blocks(ctx: Context) -> list[tuple[Sentence, list[Sentence]]]:
    """Blocks (between blank lines) whose first line asks and whose other lines answer,
    in a text with at least two of them: every block of two or more lines after the
    first is then a question (or a remark of the interviewer) and its answer."""
    text = ctx.text
    blocks = []
    for m in re.finditer(r"(?:[^\n]+\n?)+", text):
        lines = [x for x in m.group().split("\n") if x.strip()]
        if len(lines) >= 2:
            first_end = m.start() + m.group().index("\n")
            blocks.append((m.start(), first_end, m.end(), lines[0]))
    asks = [b for b in blocks if b[3].rstrip().endswith("?")]
    if len(asks) < 2:
        return []
    readable = [x for x in ctx.doc.sentences if x.section in ("body", "heading")]
    out = []
    for start, first_end, end, first in blocks:
        if start < asks[0][0] or len(first.split()) > MAX_QUESTION_WORDS:
            continue
        question = next((x for x in readable if x.start >= start and x.end <= first_end), None)
        said = [x for x in readable if x.start > first_end and x.end <= end and x.section == "body"]
        if question is not None:
            out.append((question, said))
    return out


def _answer_paragraphs(ctx: Context) -> list[tuple[Sentence, list[Sentence]]]:
    """A question printed as a paragraph of its own ('Wat is Housing First eigenlijk?')
    and the paragraph after it, in a text that asks at least two."""
    text = [x for x in ctx.doc.sentences if x.section in ("body", "heading")]
    asked = [
        i
        for i, x in enumerate(text)
        if x.text.rstrip().endswith("?")
        and "\n" in ctx.text[x.end : (text[i + 1].start if i + 1 < len(text) else x.end + 1)]
    ]
    if len(asked) < 2:
        return []
    out = []
    for n, i in enumerate(asked):
        stop = asked[n + 1] if n + 1 < len(asked) else len(text)
        said = [
            x
            for x in text[i + 1 : stop]
            if x.paragraph == text[i].paragraph + 1 and x.section == "body"
        ]
        out.append((text[i], said))
    return out


def parts(turn: Turn, ctx: Context) -> list[tuple[int, int, list[Sentence]]]:
    """What a turn says, as (start, end, sentences) parts of whole paragraphs of at most
    MAX_STATEMENT_CHARS, without the courtesies it opens with ('Voorzitter.', 'Dank u
    wel.'); none when it says too little to be a statement."""
    courtesy = ctx.dutch.rx("TURN_COURTESY")
    said = list(turn.sentences)
    start = turn.start
    while said and courtesy.fullmatch(ctx.text[max(start, said[0].start) : said[0].end].strip()):
        said.pop(0)
        start = said[0].start if said else start
    if not said or len(ctx.text[max(start, said[0].start) : said[-1].end].split()) < MIN_TURN_WORDS:
        return []
    if all(x.text.rstrip().endswith("?") for x in said):
        return []  # only asks
    out: list[tuple[int, int, list[Sentence]]] = []
    for x in said:
        begin = max(start, x.start)
        if out and (
            x.paragraph == out[-1][2][-1].paragraph or x.end - out[-1][0] <= MAX_STATEMENT_CHARS
        ):
            out[-1] = (out[-1][0], x.end, [*out[-1][2], x])
        else:
            out.append((begin, x.end, [x]))
    return out
