"""`kg export` and `kg validate` (kg/cli/export.py) on the fixture graph."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from cli_helpers import (
    assert_clean,
    kg,
)
from rdflib.namespace import RDF

from kg.rdf.namespaces import KG, OA

RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


def count_triples(data: str, fmt: str) -> int:
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="trig")
        return len({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))})
    return len(rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[fmt]))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig"])
def test_cli_export_stdout(built_graph_path, built_graph, fmt):
    result = kg("export", "--graph", built_graph_path, "--format", fmt)
    assert_clean(result)
    assert count_triples(result.stdout, fmt) == len(built_graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig"])
def test_cli_export_to_file(built_graph_path, built_graph, tmp_path, fmt):
    target = tmp_path / "export" / f"graph.{fmt}"
    result = kg("export", "--graph", built_graph_path, "--format", fmt, "-o", target)
    assert_clean(result)
    assert result.stdout == ""
    assert str(target) in result.stderr
    assert count_triples(target.read_text(encoding="utf-8"), fmt) == len(built_graph)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp files left


def test_export_dash_output_writes_turtle_to_standard_output(
    built_graph_path, built_graph, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # where a file named "-" would have been written
    result = kg("export", "--graph", built_graph_path, "-o", "-")
    assert_clean(result)
    assert not (tmp_path / "-").exists() and result.stderr == ""
    assert count_triples(result.stdout, "turtle") == len(built_graph)


def test_cli_export_to_a_closed_pipe_is_quiet(built_graph_path, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "export", "--graph", str(built_graph_path), "--format", "nt"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout.readline()  # like `head -1`: read one line, then close the pipe
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    assert proc.returncode in (0, 1, 141, -13), proc.returncode  # -13/141: SIGPIPE


def test_cli_validate_built_graph(built_graph_path):
    result = kg("validate", "--graph", built_graph_path)
    assert_clean(result)
    assert "conforms" in result.stdout


def _corrupted(built_graph: rdflib.Graph, path: Path, drop) -> Path:
    graph = rdflib.Graph()
    for prefix, namespace in built_graph.namespaces():
        graph.bind(prefix, namespace)
    for triple in built_graph:
        graph.add(triple)
    for triple in drop(graph):
        graph.remove(triple)
    graph.serialize(path, format="turtle")
    return path


def test_cli_validate_evidence_without_rule(built_graph, tmp_path):
    def drop(graph):
        return [
            (ev, KG.rule, o)
            for ev in graph.subjects(RDF.type, KG.Evidence)
            for o in graph.objects(ev, KG.rule)
        ]

    path = _corrupted(built_graph, tmp_path / "no-rule.ttl", drop)
    result = kg("validate", "--graph", path)
    assert_clean(result, 1)
    report = result.stderr
    assert re.search(r"\d+ problem", report), report
    assert "kg:rule" in report
    assert "id:evidence/" in report


def test_cli_validate_evidence_without_its_end_offset(built_graph, tmp_path):
    def drop(graph):
        reading = sorted(graph.subjects(RDF.type, KG.Evidence))[0]
        return [(reading, OA.end, o) for o in graph.objects(reading, OA.end)]

    path = _corrupted(built_graph, tmp_path / "no-end.ttl", drop)
    result = kg("validate", "--graph", path)
    assert_clean(result, 1)
    report = result.stderr
    assert re.search(r"\b1 problem", report), report
    assert "oa:end" in report
    assert "id:evidence/" in report


def test_cli_export_formats_are_the_exporters_and_the_network_formats():
    from kg.cli.export import NETWORK_FORMATS, RDF_FORMATS
    from kg.rdf.export import EXPORTERS
    from kg.read import network

    assert RDF_FORMATS == tuple(EXPORTERS)
    assert NETWORK_FORMATS == network.NETWORK_FORMATS
