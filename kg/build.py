"""Build the graph of a corpus folder: read, segment, extract, assemble, write.

Everything is computed in memory before anything is written, and every output file is
replaced atomically, so a failed or interrupted build leaves the previous output intact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.atomic import write_text
from kg.errors import CorpusError
from kg.export import export
from kg.extract import extract
from kg.graph import build_graph
from kg.model import Extraction
from kg.reference import load_reference
from kg.rules import load_rules
from kg.segment import segment
from kg.sources import Skipped, SourceError, iter_corpus

GRAPH_FILE = "graph.ttl"


@dataclass
class BuildReport:
    documents: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file name, what was done)
    entities: int = 0
    facts: int = 0
    triples: int = 0
    outputs: list[Path] = field(default_factory=list)


def extract_corpus(corpus: Path, progress: Callable[[str], None] | None = None):
    """Extractions of every readable article, and a report of what was skipped and why."""
    rules = load_rules()
    reference = load_reference()
    report = BuildReport()
    extractions: list[Extraction] = []
    seen: dict[str, str] = {}
    try:
        items = list(iter_corpus(corpus))
    except SourceError as e:
        raise CorpusError(e.message) from None
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append((item.name, item.reason))
            continue
        if item.sha256 in seen:
            report.skipped.append((item.name, f"same text as {seen[item.sha256]}"))
            continue
        seen[item.sha256] = item.name
        if progress:
            progress(item.name)
        doc = segment(item.name, item.text, rules.lexicon, encoding=item.encoding,
                      sha256=item.sha256, notes=item.notes)
        report.notes += [(item.name, note) for note in item.notes]
        extractions.append(extract(doc, rules, reference))
    report.documents = len(extractions)
    return extractions, rules, report


def build(corpus: Path, out: Path, progress: Callable[[str], None] | None = None) -> BuildReport:
    extractions, rules, report = extract_corpus(corpus, progress)
    if not extractions:
        why = f"no articles to read in {corpus}"
        if report.skipped:  # say which files and why, as a normal build does
            why += f" ({len(report.skipped)} file(s) skipped: " + "; ".join(
                f"{name}: {reason}" for name, reason in report.skipped[:5]) + ("; …" if len(report.skipped) > 5 else "") + ")"
        raise CorpusError(why)
    graph = build_graph(extractions, rules)
    report.entities = len({key for ex in extractions for key in ex.entities})
    report.facts = sum(len(ex.facts) for ex in extractions)
    report.triples = len(graph)
    target = out / GRAPH_FILE
    write_text(target, export(graph, "turtle"))
    report.outputs.append(target)
    return report
