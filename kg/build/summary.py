"""What a build tells its user, as lines: each skipped file, stale correction, note and
warning, and the closing summary. `kg build` prints them; a notebook can too."""

from __future__ import annotations

from kg.build.pipeline import BuildReport
from kg.controlchars import visible

OVERRUN = " ran out of time "
"""How a note about a rule that ran out of time reads (kg.language.rulematch): a problem
to fix, so it is a warning, shown even to a quiet build."""


def messages(report: BuildReport, *, quiet: bool = False) -> list[str]:
    """The lines for standard error; `quiet` keeps only skipped files and warnings."""
    lines = [f"skipped {visible(name, keep='')}: {reason}" for name, reason in report.skipped]
    for c in report.unused_corrections:  # always shown: a stale correction is a problem to fix
        lines.append(
            f"warning: correction {c.id} (corrections.yaml:{c.line}) matched nothing: "
            f"{c.action} {c.target}"
        )
    if report.corrections and not quiet:
        lines.append(
            f"{len(report.corrections)} correction(s) applied, touching "
            f"{sum(report.corrections.values())} fact(s)"
        )
    for name, note in report.notes:
        warning = OVERRUN in note
        if warning or not quiet:
            lines.append(f"{'warning' if warning else 'note'} {visible(name, keep='')}: {note}")
    return lines


def summary(report: BuildReport) -> str:
    """One line: what was read, extracted and skipped, what the graph holds, where it went."""
    unchanged = report.documents - report.extracted
    return (
        f"{report.documents} documents read ({report.extracted} extracted, "
        f"{unchanged} unchanged), {len(report.skipped)} skipped; "
        f"{report.entities} entities, {report.facts} facts, {report.triples} triples "
        f"-> {', '.join(str(p) for p in report.outputs)}"
    )
