"""The IRI minter (kg/rdf/iris.py): every key kg mints, the same bytes as before it had
one home, and no key built by hand elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.rdf import iris
from kg.rdf.namespaces import ID

KG_PACKAGE = Path(__file__).parents[2] / "kg"
BASE = "https://w3id.org/kg-sociaal-domein/id/"


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        ("Mary van den Wijngaart", "mary-van-den-wijngaart"),
        ("’s-Hertogenbosch", "s-hertogenbosch"),
        ("Ærø Café", "r-cafe"),  # as always: letters without an ASCII base are dropped
        ("---", "x"),
        ("opinie_wmo.txt", "opinie-wmo-txt"),
    ],
)
def test_slug_is_the_segment_kg_always_minted(text, segment):
    assert iris.slug(text) == segment


def test_keys_are_byte_identical_to_the_ones_kg_always_minted():
    # the values kg minted before the minter existed (computed with the code of main)
    assert iris.digest("a", "b") == "687d61996b1c1278"
    assert iris.document_key("opinie_wmo.txt") == "doc/opinie-wmo-txt"
    assert iris.entity_key("person", "Mary van den Wijngaart") == "person/mary-van-den-wijngaart"
    assert iris.reference_key("law", "wmo-2015") == "law/wmo-2015"
    assert iris.hashed_key("statement", "a", "b") == "statement/687d61996b1c1278"
    assert iris.reading_key("evidence", BASE + "doc/a-txt", 10, 20, "r1", 0, 40) == (
        iris.hashed_key("evidence", BASE + "doc/a-txt", "10", "20", "r1", "0", "40")
    )
    assert iris.fact_key("<s>", "<p>", '"o"') == iris.hashed_key("fact", "<s>", "<p>", '"o"')
    assert iris.association_key(iris.extraction_key("r1")) == "extraction/r1/association"
    assert iris.rule_key("r1") == "rule/r1" and iris.curation_key("c1") == "curation/c1"
    assert iris.sentence_iri(BASE + "doc/a", 3, 9) == BASE + "doc/a/s/3-9"


def test_iri_and_key_of_are_each_others_inverse():
    assert iris.BASE == str(ID) == BASE
    assert iris.iri("org/rmo") == BASE + "org/rmo"
    assert iris.key_of(iris.iri("org/rmo")) == "org/rmo"
    assert iris.key_of("id:person/ilse-de-groot") == "person/ilse-de-groot"
    assert iris.key_of("http://www.wikidata.org/entity/Q1") == ""
    assert iris.key_of(BASE) == ""


def test_document_iris_in_the_graph_are_minted_from_their_file_names(built_graph):
    from rdflib.namespace import DCTERMS, RDF

    from kg.rdf.namespaces import KG

    documents = list(built_graph.subjects(RDF.type, KG.Document))
    assert documents
    for document in documents:
        name = str(built_graph.value(document, DCTERMS.identifier))
        assert str(document) == iris.iri(iris.document_key(name))


HAND_MADE_KEY = re.compile(
    r"""f["'](?:doc|org|person|place|group|work|role|law|topic|statement|recommendation|"""
    r"""affiliation|evidence|rejection|rule|curation|extraction|agent|gemeente|"""
    r"""gemeenteraad|provincie)/\{"""
)
NOT_YET_SWITCHED = {
    "extract/affiliations.py",
    "extract/context.py",
    "extract/organisations.py",
    "extract/people.py",
    "extract/places.py",
    "extract/recommendations.py",
    "extract/relations.py",
    "extract/resolve.py",
    "extract/statements.py",
    "extract/works.py",
}
"""The extract modules that still build keys by hand: they were split while the minter was
made (issue 12) and switch to kg/rdf/iris.py next; no other module may join this list."""


def test_keys_are_minted_only_by_the_minter():
    found = sorted(
        f"{path.relative_to(KG_PACKAGE)}:{n}"
        for path in KG_PACKAGE.rglob("*.py")
        if path.relative_to(KG_PACKAGE).as_posix() not in {"rdf/iris.py", *NOT_YET_SWITCHED}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_MADE_KEY.search(line)
    )
    assert found == []
