"""`kg eval`: how well a built graph answers the ten questions on articles an analyst
annotated (kg.read.gold), and which rules produced the right and the wrong facts.

The rows are those `kg query` prints (kg.read.answers). A row that matches a gold item is
right, one that matches none is false; every fact behind a row shares its verdict, and
the fact's evidence names its rule, so each rule gets a count of right and wrong facts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.progress import tracked
from kg.read.answers import (
    QUESTIONS,
    RIGHT,
    SOMETIMES,
    UNJUDGED,
    WRONG,
    Facts,
    Question,
    Row,
    answer,
    by_field,
    graph_documents,
)
from kg.read.gold import (
    GoldDocument,
    GoldError,
    GoldItem,
    fold,
    key_in_text,
    label_matches,
    merge_across_documents,
    recipients_match,
)

MAX_FREE_TEXT = 1200
"""A statement or advice up to this long (folded characters) covers every gold key it
holds (one quote of a few sentences is one statement); a longer one counts for one key."""


@dataclass
class QuestionScore:
    """One question's counts, the gold items no row matched and the rows no item did."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[dict] = field(default_factory=list)
    false: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """The scores of one graph against one gold folder."""

    questions: list[QuestionScore]
    rules: dict[str, Counter]  # rule id -> how many of its facts are RIGHT, WRONG, UNJUDGED
    documents: list[str]  # the annotated articles found in the graph
    missing: list[str]  # annotated articles the graph does not hold
    other_documents: int  # articles in the graph without a gold file (left out)

    @property
    def macro_f1(self) -> float:
        return sum(q.f1 for q in self.questions) / len(self.questions) if self.questions else 0.0


def evaluate(store: ox.Store, golds: list[GoldDocument]) -> Evaluation:
    """Score the graph in `store` against the gold files; GoldError when it holds none of
    their articles. Articles of the graph without a gold file are left out."""
    names = graph_documents(store)
    annotated = {doc for doc, name in names.items() if any(g.covers(name) for g in golds)}
    if not annotated:
        raise GoldError(
            f"none of the {len(golds)} annotated articles is in the graph: "
            "give --graph the graph built from the corpus they come from"
        )
    facts = Facts(store)
    verdicts: dict[str, str] = {}  # evidence IRI -> its best verdict over every row it is in
    scores = []
    for question in tracked(QUESTIONS, "scoring", unit="question"):
        rows = answer(store, question, facts)
        if question.name == "documents":
            rows = by_field(rows, facts)
            score = _score_documents(rows, golds)
        elif question.name == "topics":
            score = _score_topics(rows, golds, question)
        else:
            if len(annotated) < len(names):
                rows = [r for r in rows if _read_in(r, annotated, facts)]
            score = _score_question(rows, golds, question, names)
        _judge(rows, verdicts)
        if score is not None:
            scores.append(score)
    rules: dict[str, Counter] = defaultdict(Counter)
    for ev in facts.all:
        if ev.document in annotated:
            rules[ev.rule][verdicts.get(ev.key, UNJUDGED)] += 1
    return Evaluation(
        scores,
        dict(rules),
        sorted(names[d] for d in annotated),
        [g.document for g in golds if not any(g.covers(name) for name in names.values())],
        len(names) - len(annotated),
    )


def match_rows(rows: list[Row], items: list[GoldItem], question: Question) -> list[GoldItem]:
    """Give each row its verdict; return the required items no row matched.

    A row matches the first required items it fits that no earlier row took (a text of up
    to MAX_FREE_TEXT covers every key it holds, anything else one item). A row that fits
    none is false, unless an optional item excuses it; a row that repeats an earlier one
    cell for cell (after folding) is not counted again.
    """
    required = [i for i in items if not i.optional]
    optional = [i for i in items if i.optional]
    taken: set[int] = set()
    earlier: dict[tuple[str, ...], str] = {}
    for row in rows:
        key = tuple(fold(row.cells.get(c, "")) for c, _ in question.columns)
        if key in earlier:
            row.verdict, row.counted = earlier[key], False
            continue
        hits = [i for i, g in enumerate(required) if i not in taken and _fits(row, g, question)]
        if not question.text or len(fold(row.cells.get(question.text, ""))) > MAX_FREE_TEXT:
            hits = hits[:1]
        taken.update(hits)
        if hits:
            row.verdict = RIGHT
        elif any(_fits(row, g, question) for g in optional):
            row.verdict = UNJUDGED
        else:
            row.verdict = WRONG
        row.counted = row.verdict != UNJUDGED
        earlier[key] = row.verdict
    return [g for i, g in enumerate(required) if i not in taken]


def _fits(row: Row, item: GoldItem, question: Question) -> bool:
    for column, name in question.columns:
        cell = row.cells.get(column, "")
        if name in SOMETIMES:
            if name in item.fields and not recipients_match(cell, item, name):
                return False
        elif column == question.text:
            if not key_in_text(cell, item, name):
                return False
        elif not label_matches(cell, item, name):
            return False
    return True


def _read_in(row: Row, annotated: set[str], facts: Facts) -> bool:
    """Whether a row comes from an annotated article: one of its facts was read there (or,
    for a row without facts of its own, a fact about or pointing at its nodes)."""
    if row.facts:
        return any(ev.document in annotated for ev in row.facts)
    return any(facts.documents_of(n) & annotated for n in row.nodes.values() if n)


def _judge(rows: list[Row], verdicts: dict[str, str]) -> None:
    """Give every fact of each row the row's verdict, unless it has a better one already
    (a work's title is right when one of its creators is, even if another is not)."""
    rank = {UNJUDGED: 0, WRONG: 1, RIGHT: 2}
    for row in rows:
        for ev in row.facts:
            if rank[row.verdict] > rank[verdicts.get(ev.key, UNJUDGED)]:
                verdicts[ev.key] = row.verdict


def _score_question(rows, golds, question: Question, names) -> QuestionScore | None:
    """A question answered across the corpus: the same entity in several articles is one."""
    items = merge_across_documents(
        [item for g in golds for item in g.items[question.name]],
        [name for _, name in question.columns if name not in SOMETIMES],
    )
    if not rows and all(i.optional for i in items):
        return None  # nothing asked, nothing given: not scored
    missed = match_rows(rows, items, question)
    false = [r for r in rows if r.counted and r.verdict == WRONG]
    return QuestionScore(
        question.name,
        tp=sum(1 for i in items if not i.optional) - len(missed),
        fp=len(false),
        fn=len(missed),
        missed=[{**m.shown(), "documents": list(m.documents)} for m in missed],
        false=[
            {**_cells(r, question), "documents": r.documents(names), "rules": r.rules()}
            for r in false
        ],
    )


def _cells(row: Row, question: Question) -> dict[str, str]:
    return {column: row.cells.get(column, "") for column, _ in question.columns}


def _score_topics(rows: list[Row], golds, question: Question) -> QuestionScore:
    """Topics are scored per article: what each document is about."""
    score = QuestionScore(question.name)
    for g in golds:
        doc_rows = [r for r in rows if g.covers(r.cells.get("document", ""))]
        missed = match_rows(doc_rows, g.items["topics"], question)
        false = [r for r in doc_rows if r.counted and r.verdict == WRONG]
        score.tp += sum(1 for i in g.items["topics"] if not i.optional) - len(missed)
        score.fn += len(missed)
        score.fp += len(false)
        score.missed += [{"document": g.document, **m.shown()} for m in missed]
        score.false += [
            {"document": g.document, **_cells(r, question), "rules": r.rules()} for r in false
        ]
    return score


def _score_documents(rows: list[Row], golds) -> QuestionScore:
    """Each article's title and author (rows from `by_field`): right when one of the gold
    spellings was read; false when something else was."""
    score = QuestionScore("documents")
    for g in golds:
        for name, want in (("title", g.title), ("author", g.author)):
            field_rows = [
                r for r in rows if r.cells["field"] == name and g.covers(r.cells["document"])
            ]
            got = sorted({fold(r.cells["value"]) for r in field_rows} - {""})
            wanted = {fold(w) for w in want}
            hit = bool(wanted & set(got))
            if hit:
                score.tp += 1
            elif wanted - {""} and "" not in wanted:
                score.fn += 1
                score.missed.append({"document": g.document, name: list(want), "got": got})
            if got and not hit:
                score.fp += 1
                said = "; ".join(r.cells["value"] for r in field_rows if r.cells["value"])
                rules = sorted({rule for r in field_rows for rule in r.rules()})
                score.false.append({"document": g.document, name: said, "rules": rules})
            for r in field_rows:
                r.verdict = RIGHT if hit else WRONG if got else UNJUDGED
    return score
