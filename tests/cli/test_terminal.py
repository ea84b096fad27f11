"""Text from the corpus never reaches a terminal raw (issue 11).

A file name can hold ANSI escape sequences (ESC ] 0 ; … BEL retitles the terminal window,
ESC [ 2 J clears it) and C1 controls; a name or title can hold a bidi override (U+202E)
that makes it read as another. kg prints such characters as visible escapes (\\u001b),
mints names and titles without bidi controls, and still writes csv and json to a file
or pipe exactly as the data holds them. Commands run as the user runs them: `python -m
kg` in a subprocess, with standard output a pipe or, where it matters, a terminal (pty).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from kg.controlchars import visible, without_bidi
from kg.rdf.namespaces import KG

ESC_NAME = "evil\x1b]0;pwned\x07\x1b[31mred\u009b2J.txt"
"""A file name that retitles the terminal (OSC … BEL), turns it red (CSI) and holds a C1 CSI."""

ESC_ARTICLE = (
    "Titel met \x1b[2J een escape\x07 en een bel\n\n"
    "De Raad voor Maatschappelijke Ontwikkeling (RMO) adviseert gemeenten om beter "
    "samen te werken.\n"
)

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character as a terminal would receive it (newline and tab aside; a pty adds \\r)."""

RLO = "\u202e"
BIDI_ARTICLE = (
    f"Wethouder {RLO}Jansen wil minder regels in het sociaal domein\n"
    f"Door Piet Jan{RLO}sen | 3 mei 2022\n\n"
    "De Raad voor Maatschappelijke Ontwikkeling (RMO) adviseert gemeenten om beter "
    "samen te werken.\n"
    "‘Wij willen minder regels en meer vertrouwen,’ zegt wethouder Piet Jansen van Utrecht.\n"
)
"""An article whose title and byline carry a RIGHT-TO-LEFT OVERRIDE: "Piet Jan<RLO>sen"
shows as "Piet Jannes" and is, as a name, the same person as "Piet Jansen"."""

BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

DOCUMENTS = (
    "SELECT ?id ?title WHERE { ?d a kg:Document ; dcterms:identifier ?id ; dcterms:title ?title }"
)


def kg(*args: str, tty: bool = False) -> tuple[str, str]:
    """(stdout, stderr) of `python -m kg ARGS`, exit code 0; with tty=True stdout is a terminal."""
    command = [sys.executable, "-m", "kg", *args]
    if not tty:
        done = subprocess.run(
            command, check=False, capture_output=True, text=True, encoding="utf-8", timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return b"".join(chunks).decode("utf-8"), err.decode("utf-8")


@pytest.fixture(scope="module")
def esc_graph(tmp_path_factory) -> tuple[Path, str, str]:
    """(graph.ttl, build stdout, build stderr) of a corpus of one article named ESC_NAME."""
    corpus = tmp_path_factory.mktemp("esc-corpus")
    (corpus / ESC_NAME).write_text(ESC_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("esc-out")
    stdout, stderr = kg("build", str(corpus), "--out", str(out), "-j", "1")
    return out / "graph.ttl", stdout, stderr


@pytest.fixture(scope="module")
def bidi_out(tmp_path_factory) -> Path:
    """The output folder of a build of BIDI_ARTICLE, in a file whose name reads "verslagtxt.md"."""
    from kg.build.pipeline import build

    corpus = tmp_path_factory.mktemp("bidi-corpus")
    (corpus / f"verslag{RLO}dm.txt").write_text(BIDI_ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("bidi-out")
    build(corpus, out, jobs=1)
    return out


# --- control characters and ANSI escapes ------------------------------------------------


def test_ansi_escape_in_file_name_and_title_never_reaches_the_terminal(esc_graph):
    graph, build_out, build_err = esc_graph
    shown = visible(ESC_NAME, keep="")
    for text in (build_out, build_err):
        assert not RAW_CONTROL.search(text), repr(text)

    table, _ = kg("query", DOCUMENTS, "--graph", str(graph), tty=True)
    assert not RAW_CONTROL.search(table.replace("\r\n", "\n")), repr(table)
    assert shown in table and "Titel met" in table

    explained, _ = kg("explain", "RMO", "--graph", str(graph), tty=True)
    assert not RAW_CONTROL.search(explained.replace("\r\n", "\n")), repr(explained)
    assert f"— {shown}, rule org-gazetteer" in explained


def test_control_characters_in_csv_and_json_are_exact_in_a_pipe_and_escaped_on_a_terminal(
    esc_graph,
):
    graph = str(esc_graph[0])
    piped_csv, _ = kg("query", DOCUMENTS, "--graph", graph, "--format", "csv")
    assert next(csv.DictReader(io.StringIO(piped_csv)))["id"] == ESC_NAME  # the data, byte for byte
    piped_json, _ = kg("query", DOCUMENTS, "--graph", graph, "--format", "json")
    assert json.loads(piped_json)[0]["id"] == ESC_NAME

    shown_csv, _ = kg("query", DOCUMENTS, "--graph", graph, "--format", "csv", tty=True)
    assert not RAW_CONTROL.search(shown_csv.replace("\r\n", "\n")), repr(shown_csv)
    assert visible(ESC_NAME) in shown_csv
    shown_json, _ = kg("query", DOCUMENTS, "--graph", graph, "--format", "json", tty=True)
    assert not RAW_CONTROL.search(shown_json.replace("\r\n", "\n")), repr(shown_json)
    assert json.loads(shown_json)[0]["id"] == ESC_NAME  # JSON's own escapes: still the exact data


@pytest.mark.parametrize(
    "text, keep, expected",
    [
        ("a\x1b[31mb", "\n\t", "a\\u001b[31mb"),
        ("x\u009by", "", "x\\u009by"),
        ("line\nnext\ttab\r", "\n\t", "line\nnext\ttab\\u000d"),
        ("line\nnext", "", "line\\u000anext"),
        ("Jan\u202esen\u2066", "", "Jan\\u202esen\\u2066"),
        ("\udcff.txt", "", "\\udcff.txt"),  # an undecodable file-name byte
        ("Één “gewone” naam – 100%", "", "Één “gewone” naam – 100%"),
    ],
)
def test_controlchars_visible_escapes_controls_bidi_and_surrogates(text, keep, expected):
    assert visible(text, keep=keep) == expected


# --- bidi overrides in names and titles -------------------------------------------------


def test_bidi_override_in_person_name_and_title_is_removed_from_the_graph_labels(bidi_out):
    graph = rdflib.Graph().parse(bidi_out / "graph.ttl", format="turtle")
    names = [
        str(o)
        for p in (
            rdflib.RDFS.label,
            rdflib.SKOS.prefLabel,
            rdflib.SKOS.altLabel,
            rdflib.DCTERMS.title,
        )
        for o in graph.objects(None, p)
    ]
    assert "Piet Jansen" in names
    assert "Wethouder Jansen wil minder regels in het sociaal domein" in names
    assert [n for n in names if BIDI.search(n)] == []
    people = set(graph.subjects(rdflib.RDF.type, KG.Person))
    assert [str(p).rsplit("/", 1)[-1] for p in people] == ["piet-jansen"]  # one person, not two
    texts = [str(t) for t in graph.objects(None, KG.text)]
    assert any(RLO in t for t in texts)  # the text keeps it, so offsets into it stay right


def test_bidi_override_in_names_titles_and_file_names_is_visible_in_kg_query(bidi_out):
    graph = str(bidi_out / "graph.ttl")
    table, _ = kg(
        "query",
        "SELECT ?label WHERE { ?x rdfs:label|dcterms:title|dcterms:identifier|kg:text ?label }",
        "--graph",
        graph,
        "--limit",
        "1000",
    )
    assert not BIDI.search(table)
    assert "verslag\\u202edm.txt" in table  # the file name, which stays exact in the graph


def test_bidi_override_is_visible_in_the_view_data_and_the_mark_stays_on_its_words(bidi_out):
    html = (bidi_out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(
        re.search(
            r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.DOTALL
        ).group(1)
    )
    assert not BIDI.search(json.dumps(data, ensure_ascii=False))
    assert "Piet Jansen" in [n["l"] for n in data["nodes"]]
    assert [
        "verslag\\u202edm.txt",
        "Wethouder Jansen wil minder regels in het sociaal domein",
    ] in data["documents"]
    byline = data["sentences"].index(visible(f"Piet Jan{RLO}sen"))
    marks = [
        data["sentences"][s][start : start + length]
        for _, _, _, s, start, length, _, _ in data["evidence"]
        if s == byline
    ]
    assert marks and set(marks) == {"Piet Jan\\u202esen"}


def test_without_bidi_keeps_everything_else():
    assert without_bidi(f"\u200fJan{RLO}sen\u202c \u2067x\u2069 “ë”") == "Jansen x “ë”"
