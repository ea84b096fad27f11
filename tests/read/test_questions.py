"""The named questions shipped with kg (kg/read/questions.py): their list, their headers,
and turning a name, a .rq file or SPARQL text into the query to run."""

from __future__ import annotations

from pathlib import Path

import pytest
from question_contract import ALL_QUESTIONS

from kg.errors import KgError, QueryError
from kg.read.questions import QUERY_DIR, Question, list_questions, resolve_query


def test_questions_list_gives_the_ten_names_with_titles():
    questions = list_questions()
    assert [q.name for q in questions] == ALL_QUESTIONS
    for question in questions:
        assert isinstance(question, Question)
        assert question.title and "\n" not in question.title and question.title != question.name
        assert question.description
        assert question.path == QUERY_DIR / f"{question.name}.rq"
    titles = {q.name: q.title for q in questions}
    assert titles["laws"] == "Laws: name and BWB identifier"


def test_questions_list_description_joins_continuation_lines():
    question = {q.name: q for q in list_questions()}["places"]
    assert question.description.startswith("One row per kg:Place")
    assert "CBS code" in question.description  # from the second comment line


def test_questions_live_in_the_package_folder():
    assert QUERY_DIR == Path(__file__).parents[2] / "kg" / "read" / "queries"
    assert sorted(p.stem for p in QUERY_DIR.glob("*.rq")) == ALL_QUESTIONS


# --- resolving what the user typed ------------------------------------------------------


def test_questions_resolve_by_name():
    assert resolve_query("laws") == (QUERY_DIR / "laws.rq").read_text(encoding="utf-8")
    assert resolve_query("  laws \n") == resolve_query("laws")


def test_questions_resolve_by_rq_path(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s a kg:Law }", encoding="utf-8")
    assert resolve_query(str(path)) == "SELECT ?s WHERE { ?s a kg:Law }"


def test_questions_resolve_by_text():
    text = "PREFIX kg: <https://w3id.org/kg-sociaal-domein/def#>\nSELECT ?s WHERE { ?s a kg:Law }"
    assert resolve_query(text) == text
    assert resolve_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    assert resolve_query("# a comment\nselect * {?s ?p ?o}").startswith("# a comment")


def test_questions_resolve_unknown_name():
    with pytest.raises(QueryError) as caught:
        resolve_query("actor")
    assert str(caught.value) == "unknown question 'actor'; `kg query --list` shows the questions"
    assert isinstance(caught.value, KgError)


def test_questions_resolve_missing_rq_file():
    with pytest.raises(QueryError, match="no-such.rq: no such query file"):
        resolve_query("no-such.rq")


# --- one row per speaker and recommender -------------------------------------------------

_TWO_VOICES = """
@prefix kg: <https://w3id.org/kg-sociaal-domein/def#> .
@base <https://w3id.org/kg-sociaal-domein/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<doc/a> a kg:Document ; dcterms:identifier "a.txt" .
<person/hilhorst> a kg:Person ; rdfs:label "Pieter Hilhorst" .
<person/van-der-lans> a kg:Person ; rdfs:label "Jos van der Lans" .
<group/gemeenten> a kg:Group ; rdfs:label "gemeenten" .
<statement/s> a kg:Statement ; kg:text "Er ontstaan interessante initiatieven" ;
    kg:speaker <person/hilhorst>, <person/van-der-lans> ; kg:document <doc/a> .
<recommendation/r> a kg:Recommendation ; kg:text "meer tijd gunnen" ;
    kg:recommendedBy <person/hilhorst>, <person/van-der-lans> ;
    kg:recommendedTo <group/gemeenten> ; kg:document <doc/a> .
"""


@pytest.mark.parametrize("question, column", [("statements", "speaker"), ("recommendations", "by")])
def test_questions_hilhorst_en_van_der_lans_each_have_a_row(question, column):
    """Advice "Hilhorst en Van der Lans" gave together: an analyst who filters the first column
    for Hilhorst must find it, not only the name that sorts first."""
    import rdflib

    from kg.read.query import run_query

    graph = rdflib.Graph().parse(data=_TWO_VOICES, format="turtle")
    result = run_query(graph, resolve_query(question))
    at = result.columns.index(column)
    assert sorted(row[at] for row in result.rows) == ["Jos van der Lans", "Pieter Hilhorst"]
    every = result.columns.index("speakers" if column == "speaker" else "by_all")
    assert {row[every] for row in result.rows} == {"Jos van der Lans; Pieter Hilhorst"}
