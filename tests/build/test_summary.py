"""What a build tells its user (kg/build/summary.py): a quiet build still says what was
skipped and what needs fixing; names from the corpus never reach the terminal raw."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from kg.build.pipeline import BuildReport
from kg.build.summary import messages, summary

OVERRUN_NOTE = "rule person-x ran out of time on “Jansen zegt …” (a pattern may take 1 s)"


def _report() -> BuildReport:
    stale = SimpleNamespace(id="merge-jansen", line=7, action="merge", target="Jansen")
    return BuildReport(
        documents=3,
        extracted=2,
        skipped=[("rapport\x1b[2J.txt", "looks like a PDF file, not text")],
        notes=[("a.txt", "HTML markup stripped"), ("b.txt", OVERRUN_NOTE)],
        entities=5,
        facts=4,
        triples=40,
        outputs=[Path("out/graph.ttl")],
        corrections={"reject-x": 2},
        unused_corrections=[stale],
    )


def test_summary_quiet_build_keeps_skipped_files_stale_corrections_and_overruns():
    assert messages(_report(), quiet=True) == [
        "skipped rapport\\u001b[2J.txt: looks like a PDF file, not text",
        "warning: correction merge-jansen (corrections.yaml:7) matched nothing: merge Jansen",
        f"warning b.txt: {OVERRUN_NOTE}",
    ]


def test_summary_build_says_corrections_applied_and_notes():
    lines = messages(_report())
    assert "1 correction(s) applied, touching 2 fact(s)" in lines
    assert "note a.txt: HTML markup stripped" in lines
    assert f"warning b.txt: {OVERRUN_NOTE}" in lines


def test_summary_line_counts_documents_facts_and_names_outputs():
    assert summary(_report()) == (
        "3 documents read (2 extracted, 1 unchanged), 1 skipped; "
        "5 entities, 4 facts, 40 triples -> out/graph.ttl"
    )
