"""The cached, parallel build: a rebuild extracts only what changed and gives the bytes of
a full build; the Oxigraph store beside graph.ttl answers as the file does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import cache
from kg.build.pipeline import build
from kg.rdf.hierarchy import INFERRED, asserted
from kg.rdf.store import is_fresh, load_file, open_store, store_path
from kg.read.query import resolve_query, run_query

SEEDS = Path(__file__).resolve().parents[2] / "corpus"  # the five seed articles


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def triples(path: Path) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_build_cache_rebuild_extracts_only_what_changed_and_equals_a_full_build(corpus, tmp_path):
    out = tmp_path / "out"
    assert build(corpus, out).extracted == 5
    assert build(corpus, out).extracted == 0  # nothing changed: everything from the cache

    names = sorted(p.name for p in corpus.iterdir())
    changed, removed = corpus / names[1], corpus / names[2]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nDe gemeente Zwolle adviseert het kabinet "
        "om de Jeugdwet te evalueren.\n",
        encoding="utf-8",
    )
    removed_text = removed.read_text(encoding="utf-8")
    removed.unlink()
    (corpus / "zz-new.txt").write_text(
        removed_text.replace("Rotterdam", "Utrecht"), encoding="utf-8"
    )

    report = build(corpus, out)
    assert report.extracted == 2  # the changed and the added article
    fresh = tmp_path / "fresh"
    build(corpus, fresh)
    assert (out / "graph.ttl").read_bytes() == (fresh / "graph.ttl").read_bytes()
    assert f"doc/{removed.stem}" not in (out / "graph.ttl").read_text(encoding="utf-8").replace(
        "\\/", "/"
    )


def test_build_cache_store_answers_as_the_file_does_after_a_rebuild(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out)
    (corpus / sorted(p.name for p in corpus.iterdir())[0]).unlink()
    build(corpus, out)  # the store is edited, not loaded anew
    graph = out / "graph.ttl"
    assert is_fresh(store_path(graph), graph)
    store, from_file = open_store(graph), load_file(graph)
    quads = list(store.quads_for_pattern(None, None, None))
    assert {str(q.triple) for q in quads if asserted(q)} == triples(graph)
    # the superclass types of the removed article's nodes went with it
    inferred = {str(q) for q in from_file.quads_for_pattern(None, None, None, INFERRED)}
    assert inferred and {str(q) for q in quads if not asserted(q)} == inferred
    for name in ("actors", "recommendations", "statements"):
        sparql = resolve_query(name)
        assert run_query(store, sparql) == run_query(from_file, sparql)


def test_build_cache_store_is_not_used_once_the_file_changed(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out)
    graph = out / "graph.ttl"
    text = graph.read_text(encoding="utf-8")
    graph.write_text(
        text + '<https://example.org/x> <https://example.org/p> "only in the file" .\n',
        encoding="utf-8",
    )
    assert not is_fresh(store_path(graph), graph)
    rows = run_query(open_store(graph), "SELECT ?o WHERE { <https://example.org/x> ?p ?o }").rows
    assert rows == [["only in the file"]]


def test_build_cache_parallel_and_serial_builds_are_byte_identical(corpus, tmp_path):
    build(corpus, tmp_path / "one", jobs=1)
    build(corpus, tmp_path / "two", jobs=2)
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (
        tmp_path / "two" / "graph.ttl"
    ).read_bytes()


def test_build_cache_damaged_cache_or_store_is_made_again(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out)
    before = (out / "graph.ttl").read_bytes()
    (out / cache.CACHE_FILE).write_bytes(b"not a database at all" * 100)
    # as if a build died while editing it:
    (store_path(out / "graph.ttl") / "kg-build.json").unlink()
    report = build(corpus, out)
    assert report.extracted == 5
    assert (out / "graph.ttl").read_bytes() == before
    assert is_fresh(store_path(out / "graph.ttl"), out / "graph.ttl")


def test_build_cache_a_rule_change_reprocesses_every_article(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out)
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[2] / "kg" / "language" / "data", rules)
    lexicon = rules / "lexicon.yaml"
    # same words, new file:
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build(corpus, out, rules_dir=rules).extracted == 5


def test_build_cache_version_ignores_modules_that_only_read_the_graph(tmp_path, monkeypatch):
    code = tmp_path / "kg"
    shutil.copytree(
        Path(cache.__file__).parent.parent, code, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(cache, "_KG", code)
    before = cache.pipeline_version()
    (code / "cli" / "main.py").write_text(
        (code / "cli" / "main.py").read_text() + "\n# a new help text\n"
    )
    assert cache.pipeline_version() == before
    (code / "extract" / "relations.py").write_text(
        (code / "extract" / "relations.py").read_text() + "\n# a new rule in code\n"
    )
    assert cache.pipeline_version() != before


def test_build_cache_unchanged_corpus_leaves_the_graph_file_alone(corpus, tmp_path):
    """Nothing changed: graph.ttl is not written again (same bytes, same file), the store
    stays fresh."""
    out = tmp_path / "out"
    build(corpus, out)
    graph = out / "graph.ttl"
    before = graph.stat().st_mtime_ns, graph.read_bytes()
    report = build(corpus, out)
    assert report.extracted == 0 and report.documents == 5 and report.triples > 0
    assert (graph.stat().st_mtime_ns, graph.read_bytes()) == before
    assert is_fresh(store_path(graph), graph)
