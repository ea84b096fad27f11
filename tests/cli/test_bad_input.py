"""Bad input and faults (issue 5): corpus files, odd names, exports and killed builds.

Each test names the case it covers. The SPARQL cases are in test_sparql_guard.py, the
file-level reading cases (one file at a time) in tests/corpus/, odd names and literals in
test_bad_names.py, a build killed while writing in test_cli_build.py.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import rdflib
from cli_helpers import ARTICLE, ROOT, documents, run_kg
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from kg.build.pipeline import build
from kg.rdf.namespaces import ID, KG, OA

# --- corpus: encodings ---------------------------------------------------------------


def test_case_encoding_is_recorded_on_the_document(tmp_path):
    text = ARTICLE.format(name="Anna de Groot") + "Cliënten krijgen één loket.\n"
    files = {
        "utf8.txt": text.encode("utf-8"),
        "utf8-bom.txt": b"\xef\xbb\xbf" + text.replace("Anna", "Bea").encode("utf-8"),
        "cp1252.txt": text.replace("Anna", "Carla").encode("cp1252"),
        "utf16-le.txt": text.replace("Anna", "Dirk").encode("utf-16"),  # with its BOM
        "utf16-be.txt": b"\xfe\xff" + text.replace("Anna", "Eva").encode("utf-16-be"),
    }
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    build(corpus, tmp_path / "out")
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    docs = documents(graph)
    encodings = {name: str(graph.value(doc, KG.encoding)) for name, doc in docs.items()}
    assert encodings == {
        "utf8.txt": "utf-8",
        "utf8-bom.txt": "utf-8-sig",
        "cp1252.txt": "cp1252",
        "utf16-le.txt": "utf-16",
        "utf16-be.txt": "utf-16",
    }
    for name, doc in docs.items():
        assert "Cliënten krijgen één loket." in str(graph.value(doc, KG.text)), name
        assert str(graph.value(doc, KG.sourceSha256)) == hashlib.sha256(files[name]).hexdigest()


def test_case_mojibake_is_repaired_and_the_repair_recorded(tmp_path):
    garbled = ARTICLE.format(name="Anna de Groot").encode("utf-8").decode("cp1252", "replace")
    assert "Ã" in garbled and "â€˜" in garbled  # "Súdwest" and "‘" as a wrong decoding shows them
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "garbled.txt").write_text(
        garbled + "De cliÃ«nt zegt â€œjaâ€\x9d.\n", encoding="utf-8"
    )
    build(corpus, tmp_path / "out")
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    doc = documents(graph)["garbled.txt"]
    text = str(graph.value(doc, KG.text))
    assert text.startswith("Zorg in Súdwest-Fryslân\n")
    assert "De cliënt zegt “ja”." in text  # curly quotes kept, not made straight
    assert "‘We moeten sneller helpen,’" in text
    notes = [str(n) for n in graph.objects(doc, KG.readingNote)]
    assert any(note.startswith("mis-decoded text repaired") for note in notes), notes
    persons = {
        str(label)
        for person in graph.subjects(RDF.type, KG.Person)
        for label in graph.objects(person, rdflib.RDFS.label)
    }
    assert persons == {"Anna de Groot"}


# --- corpus: one name, many spellings --------------------------------------------------


SPELLINGS = {
    "nfc": "René Peters",
    "nfd": unicodedata.normalize("NFD", "René Peters"),
    "soft-hyphen": "Re\u00adné Pe\u00adters",
    "zero-width": "René\u200b Pe\u200bters",
    "nbsp": "René\u00a0Peters",
    "control": "René\x07Peters",
}


def test_case_nfc_nfd_invisible_nbsp_control_spellings_are_one_entity(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for key, name in SPELLINGS.items():
        (corpus / f"{key}.txt").write_text(
            ARTICLE.format(name=name) + f"\nVariant {key}.\n", encoding="utf-8"
        )
    report = build(corpus, tmp_path / "out")
    assert report.documents == len(SPELLINGS)
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    graph = Graph().parse(data=ttl, format="turtle")
    persons = set(graph.subjects(RDF.type, KG.Person))
    assert persons == {ID["person/rene-peters"]}
    assert {str(label) for label in graph.objects(ID["person/rene-peters"], rdflib.RDFS.label)} == {
        "René Peters"
    }
    assert len(set(graph.subjects(RDF.type, KG.Municipality))) == 1
    for invisible in ("\u00ad", "\u200b", "\u00a0", "\x07", "\u0301"):
        assert invisible not in ttl and f"\\u{ord(invisible):04X}" not in ttl.upper()


# --- corpus: markup --------------------------------------------------------------------


MARKUP = {
    "page.html": "<html><head><title>Zorg in Súdwest-Fryslân</title></head><body>"
    "<p>Wethouder <b>René Peters</b> van de gemeente Súdwest-Fryslân wil de wachtlijsten "
    "aanpakken &amp; meer doen.</p><p>&lsquo;We moeten sneller helpen,&rsquo; zegt Peters.</p>"
    "</body></html>",
    "pasted-html.txt": "<h1>Zorg in Súdwest-Fryslân</h1>\n<p>Wethouder René Peters van de gemeente "
    "Súdwest-Fryslân wil &eacute;&eacute;n loket.</p>\n<p>‘We moeten sneller helpen,’ "
    "zegt Peters.</p>\n",
    "notes.md": "# Zorg in Súdwest-Fryslân\n\nWethouder **René Peters** van de "
    "[gemeente Súdwest-Fryslân]"
    "(https://sudwestfryslan.nl) wil de wachtlijsten aanpakken &amp; meer doen.\n\n"
    "> ‘We moeten _sneller_ helpen,’ zegt Peters.\n",
    "pasted-md.txt": "## Zorg in Súdwest-Fryslân\n\nWethouder **René Peters** van de gemeente "
    "[Súdwest-Fryslân](https://sudwestfryslan.nl) wil **één** loket.\n\n"
    "‘We moeten sneller helpen,’ zegt Peters.\n",
}


def test_case_markup_is_stripped_and_offsets_slice_the_stored_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in MARKUP.items():
        (corpus / name).write_text(text, encoding="utf-8")
    report = build(corpus, tmp_path / "out")
    assert report.documents == len(MARKUP)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    docs = documents(graph)
    assert set(docs) == set(MARKUP)
    for name, doc in docs.items():
        text = str(graph.value(doc, KG.text))
        assert text.startswith("Zorg in Súdwest-Fryslân\n"), name
        assert not re.search(r"<\w|\*\*|&\w+;|\]\(|^#", text, re.M), (name, text)
        notes = {str(n) for n in graph.objects(doc, KG.readingNote)}
        assert notes & {"HTML markup stripped", "Markdown markup stripped"}, name
    checked = 0
    for reading in graph.subjects(RDF.type, KG.Evidence):
        sentence = graph.value(reading, KG.sentence)
        text = str(graph.value(graph.value(sentence, DCTERMS.isPartOf), KG.text))
        start, end = (
            graph.value(reading, OA.start).toPython(),
            graph.value(reading, OA.end).toPython(),
        )
        offset = graph.value(sentence, OA.start).toPython()
        words = str(graph.value(sentence, KG.text))[start - offset : end - offset]
        assert words and text[start:end] == words
        checked += len(list(graph.objects(reading, OA.hasBody)))
    assert checked >= 2 * len(MARKUP)  # a statement and a person in each document at least
    speakers = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "René Peters" in speakers


# --- corpus: files that are no article -------------------------------------------------


def _bad_corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A corpus with one good article and every kind of bad file; the reason each is skipped."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = ARTICLE.format(name="Anna de Groot")
    (corpus / "goed.txt").write_text(good, encoding="utf-8")
    (corpus / "kopie van goed.txt").write_text(good, encoding="utf-8")
    (corpus / "rapport.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (corpus / "bijlagen.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    (corpus / "foto.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "spaties.txt").write_bytes(b" \n\t\r\n  ")
    with open(corpus / "enorm.txt", "wb") as f:  # 200 MB, sparse: takes no disk
        f.truncate(200 * 1024 * 1024)
    with open(corpus / "een-regel.txt", "wb") as f:  # one 50 MB line
        chunk = b"woord " * (1024 * 1024 // 6)
        for _ in range(50):
            f.write(chunk)
    outside = tmp_path / "geheim.txt"
    outside.write_text("Een geheim buiten de corpusmap.", encoding="utf-8")
    (corpus / "link-naar-buiten.txt").symlink_to(outside)
    (corpus / "lus.txt").symlink_to(corpus / "lus.txt")
    os.mkfifo(corpus / "x.txt")
    locked = corpus / "op-slot.txt"
    locked.write_text(good.replace("Anna", "Bea"), encoding="utf-8")
    locked.chmod(0)
    reasons = {
        "kopie van goed.txt": "same text as goed.txt",
        "rapport.txt": "PDF",
        "bijlagen.txt": "ZIP",
        "foto.txt": "PNG image",
        "leeg.txt": "empty file",
        "spaties.txt": "empty file",
        "enorm.txt": "larger than 20 MB",
        "een-regel.txt": "larger than 20 MB",
        "link-naar-buiten.txt": "symbolic link to a file outside the corpus folder",
        "lus.txt": "broken symbolic link",
        "x.txt": "named pipe (FIFO)",
        "op-slot.txt": "permission denied",
    }
    return corpus, reasons


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX files (FIFO, symbolic links)")
def test_case_bad_files_are_skipped_with_a_reason_and_the_rest_processed(tmp_path):
    corpus, reasons = _bad_corpus(tmp_path)
    if os.access(corpus / "op-slot.txt", os.R_OK):  # root reads everything
        del reasons["op-slot.txt"]
        (corpus / "op-slot.txt").unlink()
    out = tmp_path / "out"
    # Run in a child that reports its peak memory: the 200 MB and 50 MB files are never read.
    script = (
        "import resource, sys\nfrom kg.cli.main import cli\ntry:\n"
        "    cli(['build', sys.argv[1], '--out', sys.argv[2]])\n"
        "finally:\n"
        "    print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, str(corpus), str(out)],
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert time.monotonic() - started < 60  # the FIFO did not block, the big files were not read
    assert result.returncode == 0, result.stderr  # a graph was written: nothing the user must do
    assert "Traceback" not in result.stderr
    skipped = dict(re.findall(r"^skipped (.+?): (.+)$", result.stderr, re.M))
    assert set(skipped) == set(reasons), result.stderr
    for name, reason in reasons.items():
        assert reason in skipped[name], (name, skipped[name])
    assert re.search(r"^1 documents read\b.*, %d skipped;" % len(reasons), result.stdout, re.M), (
        result.stdout
    )
    graph = Graph().parse(out / "graph.ttl")
    assert set(documents(graph)) == {"goed.txt"}
    assert "geheim" not in (out / "graph.ttl").read_text(encoding="utf-8")
    peak_kib = int(re.search(r"maxrss (\d+)", result.stderr).group(1))
    assert peak_kib < 400 * 1024, f"peak memory {peak_kib // 1024} MB"


def test_case_unreadable_file_is_skipped_even_as_root(tmp_path, monkeypatch):
    """chmod 000 does not stop root, so the refusal is injected where the file is opened."""
    import kg.corpus.readfile

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "goed.txt").write_text(ARTICLE.format(name="Anna de Groot"), encoding="utf-8")
    (corpus / "op-slot.txt").write_text(ARTICLE.format(name="Bea Smit"), encoding="utf-8")
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("op-slot.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(kg.corpus.readfile.os, "open", guarded_open)
    report = build(corpus, tmp_path / "out")
    assert report.skipped == [("op-slot.txt", "cannot be read: permission denied")]
    assert report.documents == 1


def test_case_nothing_readable_exits_non_zero_naming_the_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rapport.txt").write_bytes(b"%PDF-1.7\n")
    (corpus / "leeg.txt").write_bytes(b"")
    result = run_kg("build", corpus, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "no articles to read" in result.stderr
    assert (
        "leeg.txt: empty file" in result.stderr and "rapport.txt: looks like a PDF" in result.stderr
    )
    assert not (tmp_path / "out" / "graph.ttl").exists()
