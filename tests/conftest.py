"""Shared fixtures: the small fixture corpus in tests/data/corpus, built once per session.

The three articles are written for the tests (not copies of corpus/): a news article about
jeugdhulp in Zwolle, a news article about an SCP report on the Participatiewet, and an
opinion piece about the Wmo 2015 with an "Over Auteur" block and one reader comment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

FIXTURE_CORPUS = Path(__file__).parent / "data" / "corpus"
"""The fixture articles; tests copy from here, never write here."""


@pytest.fixture(scope="session")
def fixture_corpus() -> Path:
    """The folder with the three fixture articles."""
    assert sorted(p.name for p in FIXTURE_CORPUS.glob("*.txt")) == [
        "opinie_wmo.txt",
        "scp_participatiewet.txt",
        "zwolle_jeugdhulp.txt",
    ]
    return FIXTURE_CORPUS


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory, fixture_corpus):
    """(report, output folder) of one build of the fixture corpus with kg.build.pipeline.build."""
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("fixture-build")
    report = build(fixture_corpus, out)
    return report, out


@pytest.fixture(scope="session")
def built_graph_path(fixture_build) -> Path:
    """OUT/graph.ttl of the fixture build. Read it; never write it (copy it first)."""
    _, out = fixture_build
    path = out / "graph.ttl"
    assert path.is_file()
    return path


@pytest.fixture(scope="session")
def built_graph(built_graph_path) -> rdflib.Graph:
    """The fixture graph parsed with rdflib. Shared: do not modify it (copy it first)."""
    graph = rdflib.Graph()
    graph.parse(built_graph_path, format="turtle")
    return graph
