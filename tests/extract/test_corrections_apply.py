"""Applying corrections (kg/extract/corrections.py) to the extraction of a Dutch article:
what a rejected person or statement takes with it, a name typed with ' for one printed
with ’, a merge that keeps the old name, and a correction meant for another article.
(Reading corrections.yaml and the whole build: tests/language/test_corrections.py.)"""

from __future__ import annotations

from kg.extract.corrections import apply_corrections
from kg.extract.relations import extract
from kg.extract.segment import segment
from kg.language.corrections import parse_corrections
from kg.language.reference import load_reference
from kg.language.rules import load_rules

RULES = load_rules()
REFERENCE = load_reference()
ARTICLE = (
    "Wijkwerk in Utrecht\n\n"
    "‘We moeten beter luisteren,’ zegt Sanne de Wit. De Wit werkt in Kanaleneiland. "
    "‘Het is ’n kwestie van tijd,’ zegt Lotte Kramer.\n"
)
EXTRACTION = extract(segment("wijkwerk.txt", ARTICLE, RULES.lexicon), RULES, REFERENCE)


def corrected(entry: str):
    return apply_corrections(EXTRACTION, parse_corrections(entry))


def statements(ex) -> dict[str, str]:
    """Statement text -> speaker key."""
    texts = {f.subject: f.object for f in ex.facts if f.predicate == "kg:text"}
    return {texts[f.subject]: f.object for f in ex.facts if f.predicate == "kg:speaker"}


def test_corrections_apply_the_article_says_what_the_tests_correct():
    assert statements(EXTRACTION) == {
        "We moeten beter luisteren": "person/sanne-de-wit",
        "Het is ’n kwestie van tijd": "person/lotte-kramer",
    }


def test_corrections_apply_a_rejected_person_takes_what_only_they_said_along():
    ex, touched = corrected(
        "- {id: no-kramer, action: reject, entity: Lotte Kramer, reason: not in the article}"
    )
    assert "person/lotte-kramer" not in ex.entities
    assert statements(ex) == {"We moeten beter luisteren": "person/sanne-de-wit"}
    gone = {r.fact.object for r in ex.rejected if r.fact.predicate == "kg:text"}
    assert gone == {"Het is ’n kwestie van tijd"}
    assert {r.correction for r in ex.rejected} == {"no-kramer"}
    assert touched == {"no-kramer": 3}  # its type, its mention, the statement's speaker


def test_corrections_apply_words_typed_with_a_straight_apostrophe_match_the_printed_one():
    ex, touched = corrected(
        '- {id: no-quote, action: reject, statement: "\'n kwestie van tijd", reason: a joke}'
    )
    assert list(statements(ex)) == ["We moeten beter luisteren"]
    assert touched == {"no-quote": 5}


def test_corrections_apply_a_merge_moves_the_facts_and_keeps_the_old_name():
    ex, _ = corrected(
        "- {id: full-name, action: merge, entity: sanne de wit, into: Sanne de Wit-Jansen, "
        "reason: her full name}"
    )
    assert "person/sanne-de-wit" not in ex.entities
    assert ex.entities["person/sanne-de-wit-jansen"].label == "Sanne de Wit-Jansen"
    assert statements(ex)["We moeten beter luisteren"] == "person/sanne-de-wit-jansen"
    (alias,) = [f for f in ex.facts if f.predicate == "skos:altLabel"]
    assert (alias.subject, alias.object, alias.evidence.rule) == (
        "person/sanne-de-wit-jansen",
        "Sanne de Wit",
        "correction-full-name",
    )


def test_corrections_apply_a_correction_for_another_article_changes_nothing():
    ex, touched = corrected(
        "- {id: elsewhere, action: reject, entity: Lotte Kramer, document: ander.txt, "
        "reason: only there}"
    )
    assert ex is EXTRACTION and touched == {}
