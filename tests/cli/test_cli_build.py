"""`kg build` (kg/cli/build.py) on the fixture corpus: the summary, files skipped with a
reason, and the previous graph kept when a build fails."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import rdflib
from cli_helpers import (
    ARTICLE,
    ROOT,
    SCP,
    ZWOLLE,
    assert_clean,
    copy_article,
    document_node,
    kg,
)
from rdflib.namespace import DCTERMS

from kg.build.pipeline import build
from kg.build.summary import messages
from kg.rdf.namespaces import KG

SUMMARY = re.compile(
    r"^(?P<documents>\d+) documents read(?: \((?P<extracted>\d+) extracted, \d+ unchanged\))?, "
    r"(?P<skipped>\d+) skipped; (?P<entities>\d+) entities, "
    r"(?P<facts>\d+) facts, (?P<triples>\d+) triples -> (?P<outputs>.+)$",
    re.M,
)


def test_cli_build_writes_graph_and_summary(
    tmp_path, fixture_corpus, fixture_build, built_graph_path
):
    out = tmp_path / "out"
    result = kg("build", fixture_corpus, "--out", out)
    assert_clean(result)
    graph_file = out / "graph.ttl"
    assert graph_file.is_file()
    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout
    assert int(summary["documents"]) == 3
    assert int(summary["skipped"]) == 0
    assert int(summary["entities"]) > 0 and int(summary["facts"]) > 0
    assert int(summary["triples"]) == len(rdflib.Graph().parse(graph_file, format="turtle"))
    assert summary["outputs"] == f"{graph_file}, {out / 'graph.html'}"  # the network view too
    assert (out / "graph.html").is_file()
    # standard error is no terminal: no progress, only what the report says (kg.progress)
    assert result.stderr == "".join(f"{line}\n" for line in messages(fixture_build[0]))
    # the same corpus gives the same bytes as the session's build
    assert graph_file.read_bytes() == built_graph_path.read_bytes()


def test_cli_build_missing_corpus(tmp_path):
    result = kg("build", tmp_path / "geen-corpus", "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert "geen-corpus" in result.stderr and "not found" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_cli_build_empty_folder(tmp_path):
    (tmp_path / "leeg").mkdir()
    result = kg("build", tmp_path / "leeg", "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert "no articles" in result.stderr and "leeg" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_cli_build_corpus_is_a_file(tmp_path, fixture_corpus):
    article = copy_article(ZWOLLE, tmp_path, fixture_corpus)
    result = kg("build", article, "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert ZWOLLE in result.stderr and "not a folder" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


CP1252_ARTICLE = (
    "Tilburg helpt cliënt sneller met schulden\n"
    "\n"
    "De gemeente Tilburg wil dat elke cliënt met financiële problemen binnen een week een "
    "gesprek krijgt. “Wie schulden heeft, kan niet maanden wachten,” zegt wethouder Youssef "
    "Amrani. Het college noemt de aanpak ‘een eerste stap’ naar een betere schuldhulp.\n"
)


def test_cli_build_reads_cp1252(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tilburg.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    assert re.search(r"^note tilburg\.txt: .*cp1252", result.stderr, re.M), result.stderr
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    doc = document_node(graph, "tilburg.txt")
    assert str(graph.value(doc, KG.text)) == CP1252_ARTICLE
    assert str(graph.value(doc, KG.encoding)) == "cp1252"
    assert str(graph.value(doc, DCTERMS.title)) == "Tilburg helpt cliënt sneller met schulden"


def test_cli_build_strips_utf8_bom(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = CP1252_ARTICLE.replace("Tilburg", "Leeuwarden")
    (corpus / "leeuwarden.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "\ufeff" not in ttl and "\\uFEFF" not in ttl.upper()
    graph = rdflib.Graph().parse(data=ttl, format="turtle")
    doc = document_node(graph, "leeuwarden.txt")
    assert str(graph.value(doc, KG.text)) == text
    assert str(graph.value(doc, DCTERMS.title)) == "Leeuwarden helpt cliënt sneller met schulden"
    assert all("\ufeff" not in str(o) for o in graph.objects(None, None))


def _skip_test(tmp_path, fixture_corpus, name: str, data: bytes, reason: str):
    corpus = tmp_path / "corpus"
    copy_article(ZWOLLE, corpus, fixture_corpus)
    (corpus / name).write_bytes(data)
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1, result.stderr
    assert skipped[0].startswith(f"skipped {name}: ") and reason in skipped[0]
    summary = SUMMARY.search(result.stdout)
    assert summary and (summary["documents"], summary["skipped"]) == ("1", "1"), result.stdout
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, DCTERMS.identifier)} >= {ZWOLLE}
    assert (None, DCTERMS.identifier, rdflib.Literal(name)) not in graph


def test_cli_build_skips_empty_file(tmp_path, fixture_corpus):
    _skip_test(tmp_path, fixture_corpus, "leeg.txt", b"", "empty")


def test_cli_build_skips_whitespace_only_file(tmp_path, fixture_corpus):
    _skip_test(tmp_path, fixture_corpus, "spaties.txt", b"  \n\r\n\t\n", "empty")


def test_cli_build_skips_binary_file(tmp_path, fixture_corpus):
    fake_pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(
        range(256)
    )
    _skip_test(tmp_path, fixture_corpus, "rapport.txt", fake_pdf, "PDF")


PASTED_HTML = (
    "<h1>Buurtteam Enschede &amp; de Jeugdwet</h1>\n"
    "<p>De gemeente Enschede is verantwoordelijk voor de uitvoering van de Jeugdwet.</p>\n"
    "<script>document.write('<p>reclame</p>')</script>\n"
    '<div class="quote"><p>‘We zijn er voor elk gezin in de wijk Velve-Lindenhof,’ '
    "zegt wethouder Nina Brouwer.</p></div>\n"
)


def test_cli_build_strips_html_in_txt(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "enschede.txt").write_text(PASTED_HTML, encoding="utf-8")
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result)
    assert re.search(r"^note enschede\.txt: .*HTML", result.stderr, re.M), result.stderr
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    doc = document_node(graph, "enschede.txt")
    text = str(graph.value(doc, KG.text))
    assert "<" not in text and ">" not in text and "&amp;" not in text
    assert "reclame" not in text and "document.write" not in text
    assert text.startswith("Buurtteam Enschede & de Jeugdwet\n")
    assert "De gemeente Enschede is verantwoordelijk voor de uitvoering van de Jeugdwet." in text
    assert str(graph.value(doc, DCTERMS.title)) == "Buurtteam Enschede & de Jeugdwet"


def _leftovers(out: Path) -> list[str]:
    """Files a build left beside its outputs (graph.ttl, its store, the build cache, the view,
    the lock)."""
    return sorted(
        p.name
        for p in out.iterdir()
        if p.name
        not in ("graph.ttl", "graph.oxigraph", ".kg-cache.sqlite", "graph.html", ".kg-build.lock")
    )


def test_cli_build_failure_keeps_previous_graph(tmp_path, fixture_corpus):
    out = tmp_path / "out"
    first = kg("build", copy_article(SCP, tmp_path / "goed", fixture_corpus).parent, "--out", out)
    assert_clean(first)
    before = (out / "graph.ttl").read_bytes()

    only_binary = tmp_path / "alleen-pdf"
    only_binary.mkdir()
    (only_binary / "rapport.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    second = kg("build", only_binary, "--out", out)
    assert_clean(second, 1)
    assert "no articles" in second.stderr
    assert (out / "graph.ttl").read_bytes() == before
    assert _leftovers(out) == []


def test_cli_build_all_files_skipped_names_them(tmp_path):
    corpus = tmp_path / "alleen-pdf"
    corpus.mkdir()
    (corpus / "rapport.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    result = kg("build", corpus, "--out", tmp_path / "out")
    assert_clean(result, 1)
    assert re.search(r"rapport\.txt.*PDF", result.stderr), result.stderr


def test_cli_build_serialisation_error_keeps_previous_graph(tmp_path, fixture_corpus, monkeypatch):
    corpus = copy_article(ZWOLLE, tmp_path / "corpus", fixture_corpus).parent
    out = tmp_path / "out"
    assert_clean(kg("build", corpus, "--out", out))
    before = (out / "graph.ttl").read_bytes()

    def boom(shared):
        raise RuntimeError("serialisation failed")

    monkeypatch.setattr("kg.build.pipeline.shared_body", boom)
    copy_article(SCP, corpus, fixture_corpus)  # a change, so that the graph is written anew
    result = kg("build", corpus, "--out", out)
    assert result.exit_code not in (0, None)
    assert_clean(result, result.exit_code)
    assert "serialisation failed" in result.stderr
    assert (out / "graph.ttl").read_bytes() == before
    assert _leftovers(out) == []


def test_cli_build_write_error_midway_keeps_previous_graph(tmp_path, fixture_corpus, monkeypatch):
    """Half of graph.ttl is written when writing fails (a full disk, say)."""
    import kg.build.pipeline as kg_build

    corpus = copy_article(ZWOLLE, tmp_path / "corpus", fixture_corpus).parent
    out = tmp_path / "out"
    assert_clean(kg("build", corpus, "--out", out))
    before = (out / "graph.ttl").read_bytes()

    real_chunks = kg_build.turtle_chunks

    def fail_midway(shared, bodies):
        yield next(real_chunks(shared, bodies))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.build.pipeline.turtle_chunks", fail_midway)
    copy_article(SCP, corpus, fixture_corpus)  # a change, so that the graph is written anew
    result = kg("build", corpus, "--out", out)
    assert result.exit_code not in (0, None)
    assert_clean(result, result.exit_code)
    assert (out / "graph.ttl").read_bytes() == before
    assert _leftovers(out) == []


# --- atomic writes ----------------------------------------------------------------------

# Runs `kg build` with fsync slowed down, so that the new graph file sits complete but not
# yet moved into place long enough to kill the build right then.
SLOW_DISK = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
from kg.cli.main import cli
cli(["build", sys.argv[1], "--out", sys.argv[2], "--quiet"])
"""


def _start_build(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_DISK, str(corpus), str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def test_case_build_killed_while_writing_leaves_the_previous_graph(tmp_path, fixture_corpus):
    out = tmp_path / "out"
    build(fixture_corpus, out)
    graph_file = out / "graph.ttl"
    before = graph_file.read_bytes()
    # a different corpus, so that a finished build would change graph.ttl
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(
            ARTICLE.format(name=["Anna de Groot", "Bea Smit", "Carla Bos"][i]), encoding="utf-8"
        )

    def temporary_files():  # kg.atomic's ".graph.ttl.<random>.tmp", once it holds data
        return [p for p in out.glob(".graph.ttl.*.tmp") if p.stat().st_size > 0]

    process = _start_build(corpus, out)
    try:
        assert _wait_for(lambda: temporary_files() or graph_file.read_bytes() != before, 120), (
            "the build never started writing"
        )
        assert process.poll() is None, "the build finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert graph_file.read_bytes() == before
    assert [
        p.name for p in out.iterdir() if p.name.startswith("graph.ttl") and p.name != "graph.ttl"
    ] == []
