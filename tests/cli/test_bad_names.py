"""Bad input (issue 5): odd names and literals mint IRIs that Oxigraph and rdflib accept,
and survive every export format alike in both."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from cli_helpers import ARTICLE, documents, run_kg
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from kg.build.pipeline import build
from kg.language.reference import slug
from kg.rdf.export import EXPORTERS, export
from kg.rdf.namespaces import ID, KG

ODD_NAMES = [
    'a<b>c"d{e}f|g\\h^i`j',
    "een/twee#drie",
    "’s-Hertogenbosch",
    "d'Ancona",
    'O"Brien',
    "tab\there",
    "new\nline",
    "cr\rlf",
    "😀 emoji",
    "\u200b",
    "",
    "...",
    "Ĳsselmonde",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_case_odd_names_mint_iris_oxigraph_and_rdflib_accept(name):
    key = slug(name)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|x", key), key
    iri = f"{ID}person/{key}"
    ox.NamedNode(iri)  # raises ValueError on an invalid IRI
    line = f"<{iri}> <{RDF.type}> <{KG.Person}> .\n"
    assert len(Graph().parse(data=line, format="nt")) == 1
    assert len(list(ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES))) == 1


LITERALS = [
    'say "hi"',
    "back\\slash",
    "cr\rlf\nnewline",
    "tab\there",
    "emoji 😀👩\u200d⚕️",
    "’s-Hertogenbosch",
    "<script>alert(1)</script>",
    '"""triple"""',
    "trailing backslash\\",
    "'single'",
    'ends with quote"',
    "line\u2028sep",
    "{{}} @prefix : <x> .",
    "",
]


def _odd_graph() -> Graph:
    graph = Graph()
    for i, value in enumerate(LITERALS):
        subject = URIRef(f"{ID}person/{slug(value)}-{i}")
        graph.add((subject, RDF.type, KG.Person))
        graph.add((subject, rdflib.RDFS.label, Literal(value)))
        graph.add((subject, KG.text, Literal(value, lang="nl")))
        # (no xsd:string-typed literal: RDF 1.1 makes it the plain literal, rdflib does not)
        graph.add((subject, DCTERMS.identifier, Literal(f"{i}: {value}")))
    return graph


def _parse_both(text: str, fmt: str) -> tuple[Graph, Graph]:
    """The text parsed by rdflib, and by pyoxigraph (brought to rdflib through N-Quads)."""
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}[fmt]
    ox_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "trig": ox.RdfFormat.TRIG,
    }[fmt]
    by_rdflib = Graph()
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=text, format="trig")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            by_rdflib.add((s, p, o))
    else:
        by_rdflib.parse(data=text, format=rdflib_format)
    quads = ox.parse(text.encode("utf-8"), format=ox_format)
    lines = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    by_oxigraph = Graph().parse(data=lines, format="nt")
    return by_rdflib, by_oxigraph


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_case_literals_survive_every_export_format_in_oxigraph_and_rdflib(fmt):
    graph = _odd_graph()
    text = export(graph, fmt)
    by_rdflib, by_oxigraph = _parse_both(text, fmt)
    assert len(by_rdflib) == len(by_oxigraph) == len(graph)
    assert isomorphic(by_rdflib, graph) and isomorphic(by_oxigraph, graph)
    values = {str(o) for o in by_oxigraph.objects(None, rdflib.RDFS.label)}
    assert values == set(LITERALS)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_case_kg_export_of_odd_corpus_parses_alike_in_oxigraph_and_rdflib(tmp_path, fmt, odd_build):
    out_file = tmp_path / f"graph.{fmt}"
    result = run_kg("export", "--graph", odd_build, "--format", fmt, "-o", out_file)
    assert result.returncode == 0, result.stderr
    by_rdflib, by_oxigraph = _parse_both(out_file.read_text(encoding="utf-8"), fmt)
    original = Graph().parse(odd_build)
    assert len(by_rdflib) == len(by_oxigraph) == len(original)
    assert isomorphic(by_rdflib, by_oxigraph) and isomorphic(by_oxigraph, original)


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory) -> Path:
    """A build of files with odd names and odd text: quotes, backslashes, tabs, emoji."""
    base = tmp_path_factory.mktemp("odd")
    corpus = base / "corpus"
    corpus.mkdir()
    names = [
        'a<b>c"d{e}f|g^i`j.txt',
        "een#twee.txt",
        "’s-Hertogenbosch.txt",
        "tab\tin naam.txt",
        "regel\neinde.txt",
        "back\\slash.txt",
    ]
    for i, name in enumerate(names):
        text = (
            ARTICLE.format(
                name=[
                    "Anna de Groot",
                    "Bea Smit",
                    "Carla Bos",
                    "Dirk Jansen",
                    "Eva Visser",
                    "Frank Mol",
                ][i]
            )
            + f'Zij zegt: "een \\ backslash\tmet tab" en 😀 {i}.\r\n'
            + "En 'apostrof' in ’s-Hertogenbosch.\n"
        )
        (corpus / name).write_text(text, encoding="utf-8")
    report = build(corpus, base / "out")
    assert report.documents == len(names)
    return base / "out" / "graph.ttl"


def test_case_odd_file_names_become_clean_document_iris(odd_build):
    graph = Graph().parse(odd_build)
    docs = documents(graph)
    assert len(docs) == 6 and "tab\tin naam.txt" in docs and "regel\neinde.txt" in docs
    for doc in docs.values():
        assert re.fullmatch(re.escape(str(ID)) + r"doc/[a-z0-9-]+", str(doc)), doc
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        ox.NamedNode(str(term))
