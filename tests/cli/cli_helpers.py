"""Helpers the command-line tests share: run `kg` in-process, check it ended cleanly, and
read a question's answer as rows."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import rdflib
from click.testing import CliRunner
from rdflib.namespace import DCTERMS, RDF

from kg.cli import cli
from kg.rdf.namespaces import KG

ZWOLLE, SCP, OPINIE = "zwolle_jeugdhulp.txt", "scp_participatiewet.txt", "opinie_wmo.txt"


def kg(*args):
    """Run `kg ARGS` in-process; click >= 8.2 keeps stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean(result, code: int = 0) -> None:
    """Exit code as expected, and no traceback or unhandled exception."""
    everything = result.output + result.stderr
    assert result.exit_code == code, (
        f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    assert "Traceback" not in everything
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


_ANSWERS: dict[tuple[str, str], tuple[list[str], list[list[str]]]] = {}


def answer(graph: Path, question: str) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows as dicts) of `kg query QUESTION --format csv`; each question runs once."""
    key = (str(graph), question)
    if key not in _ANSWERS:
        result = kg("query", question, "--graph", graph, "--format", "csv")
        assert_clean(result)
        table = list(csv.reader(io.StringIO(result.stdout)))
        assert all(len(row) == len(table[0]) for row in table[1:])
        _ANSWERS[key] = (table[0], table[1:])
    header, body = _ANSWERS[key]
    return list(header), [dict(zip(header, row, strict=True)) for row in body]


def has_row(rows: list[dict[str, str]], **want: str) -> bool:
    return any(all(row.get(k) == v for k, v in want.items()) for row in rows)


def assert_row(rows: list[dict[str, str]], **want: str) -> None:
    assert has_row(rows, **want), f"no row with {want} in:\n" + "\n".join(map(str, rows))


def rows_of(built_graph_path: Path, question: str) -> list[dict[str, str]]:
    return answer(built_graph_path, question)[1]


def copy_article(name: str, folder: Path, fixture_corpus: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(fixture_corpus / name, folder / name))


def document_node(graph: rdflib.Graph, file_name: str):
    (node,) = graph.subjects(DCTERMS.identifier, rdflib.Literal(file_name))
    return node


ROOT = Path(__file__).parents[2]
"""The checkout, for child processes that run its kg."""
ARTICLE = (
    "Zorg in Súdwest-Fryslân\n\n"
    "Wethouder {name} van de gemeente Súdwest-Fryslân wil de wachtlijsten aanpakken. "
    "‘We moeten sneller helpen,’ zegt {name}.\n"
)
"""An article about one alderman: ARTICLE.format(name=...)."""


def run_kg(*args, cwd=ROOT, **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m kg ARGS` in a child process, with this checkout's kg."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def documents(graph: rdflib.Graph) -> dict[str, rdflib.URIRef]:
    """The documents of a graph, by file name."""
    return {
        str(name): doc
        for doc, name in graph.subject_objects(DCTERMS.identifier)
        if (doc, RDF.type, KG.Document) in graph
    }
