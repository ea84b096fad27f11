"""kg's curated API (kg/__init__.py) as a notebook user calls it: process a Dutch
sentence, build the fixture corpus, open the graph and ask it questions."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.errors import CorpusError, QueryError

ROOT = Path(__file__).resolve().parent.parent


def _relations(extraction, predicate: str) -> set[tuple[str, str]]:
    """(subject key, label of the object) for each fact with `predicate`."""
    return {
        (f.subject, extraction.entities[f.object].label)
        for f in extraction.facts
        if f.predicate == predicate
    }


def _texts(extraction, kind: str) -> dict[str, str]:
    """Fact node key -> its kg:text, for the nodes of `kind` ("recommendation/…")."""
    return {
        f.subject: f.object
        for f in extraction.facts
        if f.predicate == "kg:text" and f.subject.startswith(f"{kind}/")
    }


# --- process ----------------------------------------------------------------------------


def test_process_reads_a_recommendation_by_the_rmo_to_gemeenten():
    extraction = kg.process(
        "De RMO adviseert gemeenten om inwoners eerder te betrekken bij de uitvoering van de Wmo."
    )
    [(key, text)] = _texts(extraction, "recommendation").items()
    assert text == "inwoners eerder te betrekken bij de uitvoering van de Wmo."
    assert _relations(extraction, "kg:recommendedBy") == {
        (key, "Raad voor Maatschappelijke Ontwikkeling")
    }
    assert _relations(extraction, "kg:recommendedTo") == {(key, "gemeenten")}
    assert extraction.document.title == ""  # one line is a sentence to try, not a title


def test_process_reads_an_article_with_its_first_line_as_title():
    extraction = kg.process(
        "Zwolle schrapt regels\n\n"
        "‘We moeten de regels schrappen,’ zegt wethouder Anna de Boer van de gemeente Zwolle.\n",
        name="zwolle.txt",
    )
    assert extraction.document.title == "Zwolle schrapt regels"
    assert extraction.document.name == "zwolle.txt"
    [(key, text)] = _texts(extraction, "statement").items()
    assert text == "We moeten de regels schrappen"
    assert _relations(extraction, "kg:speaker") == {(key, "Anna de Boer")}
    assert ("affiliation", "gemeente Zwolle") in {
        (s.split("/")[0], label) for s, label in _relations(extraction, "org:organization")
    }


def test_process_evidence_offsets_point_into_the_document_text():
    extraction = kg.process("De RMO adviseert gemeenten om de Wmo eenvoudiger uit te voeren.")
    text = extraction.document.text
    [fact] = [f for f in extraction.facts if f.predicate == "kg:recommendedBy"]
    evidence = fact.evidence
    assert evidence.rule == "rec-advise-verb"
    assert text[evidence.sentence.start : evidence.sentence.end] == evidence.sentence.text
    assert text[evidence.start : evidence.end] == "de Wmo eenvoudiger uit te voeren."


def test_process_strips_markup_as_a_build_does():
    extraction = kg.process(
        "<p>De <b>RMO</b> adviseert gemeenten om inwoners eerder te betrekken.</p>",
        name="advies.html",
    )
    assert "<" not in extraction.document.text
    assert "HTML markup stripped" in extraction.document.notes
    assert _relations(extraction, "kg:recommendedTo")


def test_process_writes_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kg.process("De RMO adviseert gemeenten om inwoners eerder te betrekken.")
    assert list(tmp_path.iterdir()) == []


# --- build, open_graph, query -------------------------------------------------------------


@pytest.fixture(scope="module")
def api_build(tmp_path_factory, fixture_corpus):
    """(report, output folder) of kg.build_graph on the fixture corpus."""
    out = tmp_path_factory.mktemp("api-build")
    return kg.build_graph(fixture_corpus, out, jobs=1), out


def test_build_graph_writes_the_graph_of_the_fixture_corpus(api_build):
    report, out = api_build
    assert report.documents == 3
    assert report.facts > 0
    assert (out / "graph.ttl").is_file() and (out / "graph.html").is_file()


def test_build_graph_of_a_folder_without_articles_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no articles"):
        kg.build_graph(tmp_path / "empty", tmp_path / "out")


def test_open_graph_takes_the_output_folder_or_the_graph_file(api_build):
    _, out = api_build
    store = kg.open_graph(out)
    assert isinstance(store, ox.Store)
    assert len(store) == len(kg.open_graph(out / "graph.ttl")) > 0


def test_query_answers_a_named_question(api_build):
    _, out = api_build
    result = kg.query("recommendations", graph=out)
    assert result.columns[:2] == ["by", "to"]
    by_to = {(row[0], row[1]) for row in result.rows}
    assert ("Kinderombudsman", "gemeenten") in by_to


def test_query_takes_sparql_parameters_and_an_open_store(api_build):
    _, out = api_build
    store = kg.open_graph(out)
    laws = kg.query("SELECT ?id WHERE { ?law a kg:Law ; dcterms:identifier ?id }", graph=store)
    assert laws.columns == ["id"]
    assert "BWBR0034925" in {row[0] for row in laws.rows}  # the Jeugdwet
    about = kg.query("about", graph=store, params={"name": "Kinderombudsman"})
    assert about.rows


def test_query_is_read_only_like_kg_query(api_build):
    _, out = api_build
    with pytest.raises(QueryError):
        kg.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", graph=out)


def test_query_as_frame_gives_a_dataframe_in_the_query_column_order(api_build):
    pandas = pytest.importorskip("pandas", reason="pandas is in the test extra")
    _, out = api_build
    result = kg.query("recommendations", graph=out)
    frame = kg.query("recommendations", graph=out, as_frame=True)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == result.columns
    assert frame.values.tolist() == result.rows
    assert frame.attrs["truncated"] is False
    advice = frame[frame["by"] == "Kinderombudsman"]  # what a notebook user does next
    assert "gemeenten" in set(advice["to"])
    same = kg.query_frame("recommendations", graph=out)
    assert same.equals(frame)
    cut = kg.query_frame("recommendations", graph=out, limit=1)
    assert len(cut) == 1 and cut.attrs["truncated"] is True


def test_query_as_frame_without_pandas_says_how_to_install_it(api_build, monkeypatch):
    from kg.errors import KgError

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    _, out = api_build
    with pytest.raises(KgError, match=r'pip install "kg\[pandas\]"'):
        kg.query("laws", graph=out, as_frame=True)


# --- the package itself -------------------------------------------------------------------


def test_api_names_are_not_shadowed_by_subpackages():
    """Importing kg.NAME sets kg.NAME to that package: an API function of the same name
    (kg.build beside the package kg/build/) would stop being callable after it."""
    packages = {p.stem if p.is_file() else p.name for p in (ROOT / "kg").iterdir()}
    assert set(kg.__all__) & packages == set()
    importlib.import_module("kg.build.pipeline")  # what a script or kg's own CLI may do first

    assert all(callable(getattr(kg, name)) for name in kg.__all__ if name != "__version__")


def test_version_is_the_project_version():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert kg.__version__ == pyproject["project"]["version"]


def test_version_falls_back_to_pyproject_in_a_checkout_that_is_not_installed(monkeypatch):
    import importlib.metadata

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    kg._version.cache_clear()
    try:
        pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert kg.__version__ == pyproject["project"]["version"]
    finally:
        kg._version.cache_clear()


def test_build_graph_file_name_is_the_builds(api_build):
    from kg.build.pipeline import GRAPH_FILE

    assert kg._GRAPH_FILE == GRAPH_FILE


def test_import_kg_loads_no_stage_package():
    """`import kg` must stay cheap: `kg --help` and every script pay for it."""
    code = "import sys, kg; print(sorted(m for m in sys.modules if m.startswith('kg.')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert loaded.strip() == "[]"
