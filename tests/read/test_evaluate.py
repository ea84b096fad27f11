"""kg.read.evaluate (`kg eval`): scoring the fixture graph against gold files written for two
of its three articles (tests/data/eval_gold), and the matching rules of the gold format.

The gold files say what the articles say, which is what kg reads in them today: every
test starts from perfect scores and changes one gold answer to see one miss or one false
row, and the rule that produced it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.rdf.store import open_store
from kg.read.answers import QUESTIONS, RIGHT, UNJUDGED, WRONG, Facts, Row, answer
from kg.read.evaluate import MAX_FREE_TEXT, evaluate, match_rows
from kg.read.gold import GoldItem, fold, read_gold
from kg.read.query import resolve_query, run_query

GOLD = Path(__file__).parents[1] / "data" / "eval_gold"
ZWOLLE, OPINIE = "zwolle_jeugdhulp.toml", "opinie_wmo.toml"


@pytest.fixture(scope="module")
def store(built_graph_path):
    return open_store(built_graph_path)


@pytest.fixture(scope="module")
def perfect(store):
    return evaluate(store, read_gold(GOLD))


def scored(store, tmp_path: Path, file: str, old: str, new: str):
    """The evaluation with one gold answer changed: `old` replaced by `new` in `file`."""
    folder = tmp_path / "gold"
    shutil.copytree(GOLD, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {file}"
    (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return evaluate(store, read_gold(folder))


def question(evaluation, name: str):
    (score,) = [q for q in evaluation.questions if q.name == name]
    return score


# --- the gold format ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, folded",
    [
        ("De Gemeente", "gemeente"),
        ("het ‘Sociaal Domein’", "sociaal domein"),
        ("Een cliëntenraad", "clientenraad"),
        ("Raad voor Volksgezondheid & Samenleving", "raad voor volksgezondheid samenleving"),
        ("Wmo-consulent!", "wmo consulent"),
        ("deventer", "deventer"),  # a word starting with "de" keeps it
    ],
)
def test_gold_fold_ignores_case_accents_quotes_punctuation_and_a_leading_article(written, folded):
    assert fold(written) == folded


def test_gold_reads_one_file_per_article(perfect):
    golds = read_gold(GOLD)
    assert [g.document for g in golds] == ["opinie_wmo.txt", "zwolle_jeugdhulp.txt"]
    assert golds[0].author == ("Marloes Verhoeven",)
    assert any(i.optional for i in golds[1].items["actors"])


# --- scores -------------------------------------------------------------------------------


def test_eval_perfect_when_the_gold_is_what_kg_reads(perfect):
    assert [q.name for q in perfect.questions] == [q.name for q in QUESTIONS]
    for q in perfect.questions:
        assert (q.precision, q.recall, q.f1) == (1.0, 1.0, 1.0), q
        assert q.missed == [] and q.false == []
    assert perfect.macro_f1 == 1.0
    assert perfect.documents == ["opinie_wmo.txt", "zwolle_jeugdhulp.txt"]
    assert perfect.missing == []


def test_eval_leaves_out_rows_read_only_in_articles_without_gold(perfect):
    """Divosa and kabinet, and 'gemeenten is responsible for the Participatiewet', are read
    only in the SCP article, which has no gold file: they are no false rows."""
    assert perfect.other_documents == 1
    assert question(perfect, "actors").fp == 0
    assert question(perfect, "responsibilities").fp == 0


def test_eval_an_entity_in_two_articles_counts_once(perfect):
    """Both gold files name "gemeenten": 13 required actors, 12 entities."""
    golds = read_gold(GOLD)
    required = sum(1 for g in golds for i in g.items["actors"] if not i.optional)
    assert required == 13
    actors = question(perfect, "actors")
    assert (actors.tp, actors.fn) == (12, 0)


def test_eval_reports_a_gold_answer_the_graph_lacks_as_missed(store, tmp_path):
    evaluation = scored(
        store,
        tmp_path,
        ZWOLLE,
        '  { label = ["jeugdhulpaanbieders"], kind = "group" },\n',
        '  { label = ["jeugdhulpaanbieders"], kind = "group" },\n'
        '  { label = ["Raad van State"], kind = "government" },\n',
    )
    actors = question(evaluation, "actors")
    assert (actors.tp, actors.fp, actors.fn) == (12, 0, 1)
    assert actors.missed == [{"label": "Raad van State", "documents": ["zwolle_jeugdhulp.txt"]}]
    assert actors.recall < 1.0 and actors.precision == 1.0


def test_eval_reports_a_row_no_gold_answer_matches_as_false_with_its_rule(store, tmp_path):
    evaluation = scored(
        store, tmp_path, ZWOLLE, '  { label = ["jeugdhulpaanbieders"], kind = "group" },\n', ""
    )
    actors = question(evaluation, "actors")
    assert (actors.tp, actors.fp, actors.fn) == (11, 1, 0)
    assert actors.false == [
        {
            "label": "jeugdhulpaanbieders",
            "documents": ["zwolle_jeugdhulp.txt"],
            "rules": ["org-gazetteer"],
        }
    ]


def test_eval_counts_the_facts_of_a_false_row_against_its_rule(store, perfect, tmp_path):
    """The false actor's facts (its type, the article's mention of it) move from right to
    wrong for org-gazetteer; no other rule changes."""
    evaluation = scored(
        store, tmp_path, ZWOLLE, '  { label = ["jeugdhulpaanbieders"], kind = "group" },\n', ""
    )
    before, after = perfect.rules["org-gazetteer"], evaluation.rules["org-gazetteer"]
    assert after[WRONG] == 2
    assert after[RIGHT] == before[RIGHT] - 2
    assert {r: c for r, c in evaluation.rules.items() if r != "org-gazetteer"} == {
        r: c for r, c in perfect.rules.items() if r != "org-gazetteer"
    }


def test_eval_counts_every_fact_of_the_annotated_articles_once_per_rule(store, perfect):
    """Right, wrong and unjudged add up to the facts each rule read in the two
    annotated articles (as `kg rules list` counts them); on perfect gold none is wrong."""
    counted = run_query(
        store,
        """SELECT ?rule (COUNT(?fact) AS ?n) WHERE {
             ?ev a kg:Evidence ; kg:rule/dcterms:identifier ?rule ; oa:hasBody ?fact ;
                 kg:sentence/dcterms:isPartOf/dcterms:identifier ?doc .
             FILTER (?doc IN ("zwolle_jeugdhulp.txt", "opinie_wmo.txt"))
           } GROUP BY ?rule""",
    )
    assert {rule: sum(c.values()) for rule, c in perfect.rules.items()} == {
        rule: int(n) for rule, n in counted.rows
    }
    assert all(c[WRONG] == 0 for c in perfect.rules.values())


def test_eval_a_statement_given_to_the_wrong_speaker_is_missed_and_false(store, tmp_path):
    evaluation = scored(
        store,
        tmp_path,
        ZWOLLE,
        '{ speaker = ["Sanne Mulder", "Mulder"], key = "afspraken met de aanbieders',
        '{ speaker = ["Kinderombudsman"], key = "afspraken met de aanbieders',
    )
    statements = question(evaluation, "statements")
    assert (statements.tp, statements.fp, statements.fn) == (4, 1, 1)
    (false,) = statements.false
    assert false["speaker"] == "Sanne Mulder"
    assert "afspraken met de aanbieders" in false["text"]
    (rule,) = false["rules"]
    assert evaluation.rules[rule][WRONG] > 0


def test_eval_advice_to_the_wrong_recipient_is_missed_and_false(store, tmp_path):
    evaluation = scored(
        store,
        tmp_path,
        ZWOLLE,
        'to = ["gemeenten"], key = "wachtende gezinnen',
        'to = ["jeugdhulpaanbieders"], key = "wachtende gezinnen',
    )
    recommendations = question(evaluation, "recommendations")
    assert (recommendations.fp, recommendations.fn) == (1, 1)
    assert recommendations.false[0]["to"] == "gemeenten"


def test_eval_nothing_stated_is_right_when_the_gold_accepts_it(store, tmp_path):
    """kg names no addressee for "Ook het Rijk heeft een taak: …"; the gold accepts ""."""
    evaluation = scored(
        store,
        tmp_path,
        OPINIE,
        'to = ["", "rijksoverheid", "Rijk"]',
        'to = ["rijksoverheid", "Rijk"]',
    )
    assert question(evaluation, "recommendations").fp == 1


def test_eval_a_row_an_optional_answer_matches_neither_helps_nor_hurts(store, perfect, tmp_path):
    evaluation = scored(
        store,
        tmp_path,
        ZWOLLE,
        '{ label = ["jeugdhulpaanbieders"], kind = "group" }',
        '{ label = ["jeugdhulpaanbieders"], optional = true }',
    )
    actors = question(evaluation, "actors")
    assert (actors.tp, actors.fp, actors.fn) == (11, 0, 0)
    assert evaluation.rules["org-gazetteer"][UNJUDGED] == 2


def test_eval_a_missing_author_is_missed_and_a_wrong_one_false(store, tmp_path):
    evaluation = scored(
        store, tmp_path, OPINIE, 'author = ["Marloes Verhoeven"]', 'author = ["Joost Bakker"]'
    )
    documents = question(evaluation, "documents")
    assert (documents.tp, documents.fp, documents.fn) == (2, 1, 1)
    assert documents.false == [
        {"document": "opinie_wmo.txt", "author": "Marloes Verhoeven", "rules": ["author-byline"]}
    ]
    assert evaluation.rules["author-byline"][WRONG] > 0


def test_eval_topics_are_scored_per_article(store, tmp_path):
    """ "jeugdzorg" is a topic of the Zwolle article, not of the opinion piece."""
    evaluation = scored(
        store,
        tmp_path,
        OPINIE,
        '{ label = ["wijkverpleging"] },',
        '{ label = ["wijkverpleging"] },\n  { label = ["jeugdzorg"] },',
    )
    topics = question(evaluation, "topics")
    assert (topics.fp, topics.fn) == (0, 1)
    assert topics.missed == [{"document": "opinie_wmo.txt", "label": "jeugdzorg"}]


def test_eval_names_annotated_articles_the_graph_does_not_hold(store, tmp_path):
    folder = tmp_path / "gold"
    shutil.copytree(GOLD, folder)
    text = (
        (folder / ZWOLLE)
        .read_text(encoding="utf-8")
        .replace('document = "zwolle_jeugdhulp.txt"', 'document = "leeuwarden_schulden.txt"')
    )
    (folder / ZWOLLE).write_text(text, encoding="utf-8")
    evaluation = evaluate(store, read_gold(folder))
    assert evaluation.missing == ["leeuwarden_schulden.txt"]
    assert question(evaluation, "documents").fn == 1  # its title
    assert question(evaluation, "statements").fn == 4


# --- the rows ------------------------------------------------------------------------------


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_eval_rows_are_those_kg_query_prints(store, q):
    result = run_query(store, resolve_query(q.name))
    rows = answer(store, q, Facts(store))
    assert [list(r.cells.values()) for r in rows] == result.rows
    assert all(list(r.cells) == result.columns for r in rows)


def test_match_rows_one_quote_covers_every_key_it_holds_unless_too_long():
    (statements,) = [q for q in QUESTIONS if q.name == "statements"]
    items = [
        GoldItem({"speaker": ("Sanne Mulder",), "key": ("eerste zin",)}),
        GoldItem({"speaker": ("Sanne Mulder",), "key": ("tweede zin",)}),
    ]
    short = Row({"speaker": "Sanne Mulder", "text": "De eerste zin. De tweede zin."}, {})
    assert match_rows([short], items, statements) == []
    padding = " en nog meer woorden" * (MAX_FREE_TEXT // 20)
    long = Row({"speaker": "Sanne Mulder", "text": f"De eerste zin{padding}. De tweede zin."}, {})
    assert len(match_rows([long], items, statements)) == 1


def test_match_rows_a_second_spelling_of_a_matched_entity_is_false_a_repeat_is_not():
    (actors,) = [q for q in QUESTIONS if q.name == "actors"]
    items = [GoldItem({"label": ("gemeente Zwolle", "Zwolle")})]
    rows = [Row({"label": c}, {}) for c in ("gemeente Zwolle", "De gemeente Zwolle", "Zwolle")]
    assert match_rows(rows, items, actors) == []
    assert [(r.verdict, r.counted) for r in rows] == [(RIGHT, True), (RIGHT, False), (WRONG, True)]
