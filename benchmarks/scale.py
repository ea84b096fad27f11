#!/usr/bin/env python3
"""Scale benchmark: build, rebuild and query a large corpus; print a Markdown report.

Usage (from the repository root; the corpus generator lives beside the project):

    python ../shared/bench/make_corpus.py /tmp/bench10k --docs 10000
    python benchmarks/scale.py /tmp/bench10k --work /tmp/kg-scale > benchmarks/results-scale.md

It runs `kg build` in a fresh process as a user would (cold: no cache, no store) and
reports documents/s, MB/s, the peak memory of the whole process tree (the build and its
workers, sampled every 0.1 s), the triples, graph.ttl and store sizes. Then it changes
one article, adds one and removes one, rebuilds, and checks that graph.ttl equals a
full build of the changed corpus (--no-verify skips that second full build). Each named
question is timed cold (`kg query` in a new process, graph on disk) and warm (again in
one process with the store open). Last, the same questions and a parse of graph.ttl with
rdflib only, on the first --rdflib-docs articles (rdflib cannot hold the full graph in
this machine's memory), as the ratio the Oxigraph design buys.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=REPO, capture_output=True, text=True, check=check
    )


class PeakMemory:
    """The largest sum of resident memory over a process and its descendants."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        pids = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
                for child in children:
                    pids += self._tree(int(child))
        except OSError:
            pass
        return pids

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree(self.pid)))
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed_build(corpus: Path, out: Path) -> tuple[float, int, str]:
    """Wall time, peak memory of the process tree, and the summary line of `kg build`."""
    wall, peak, done = timed("build", str(corpus), "--out", str(out), keep_output=True)
    if done.returncode != 0:
        sys.exit(f"kg build failed:\n{done.stderr}")
    return wall, peak, done.stdout.strip().splitlines()[-1]


def timed(*args: str, keep_output: bool = False) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak memory of `kg ARGS` in a new process (and its workers);
    standard output is kept only when asked (kg explain's may be large)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=REPO,
        stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    memory = PeakMemory(process.pid)
    stdout, stderr = process.communicate()
    wall, peak = time.perf_counter() - start, memory.stop()
    return wall, peak, subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


BEFORE = {
    "build": 213.9,
    "peak": 2260e6,
    "disk": (909 + 2864 + 1391) * 1e6,
    "rebuild": 10.0,
    "triples_per_fact": 19253537 / 1014821,
    "explain": None,
    "validate": None,
    "export": None,
}
"""The figures of benchmarks/results-scale.md before issue 14 (2026-11-23, same corpus):
the ratios in the report are against these. None: not measured on 10,000 articles then
(kg validate on 500 articles took 7 minutes)."""

TARGETS = {
    "build": ("full build", 60.0, "s"),
    "peak": ("peak memory of the build", 1.5e9, "B"),
    "disk": ("graph.ttl + store + cache", 2e9, "B"),
    "rebuild": ("rebuild after three changes", 3.0, "s"),
    "triples_per_fact": ("triples per fact", 10.0, ""),
    "explain": ("kg explain gemeenten", 2.0, "s"),
    "validate": ("kg validate", 120.0, "s"),
    "export": ("slowest kg export format", 60.0, "s"),
}
"""Issue 14's targets: (what, at most, unit)."""


def target_rows(measured: dict[str, float]) -> list[str]:
    """One table row per target: measured, before, the ratio, and whether it is met."""

    def show(value, unit):
        if value is None:
            return "not measured"
        return mb(value) if unit == "B" else f"{value:,.1f} {unit}".strip()

    rows = ["| target | measured | before | before/now | met |", "|---|---:|---:|---:|---|"]
    for key, (what, limit, unit) in TARGETS.items():
        now, before = measured.get(key), BEFORE.get(key)
        ratio = f"{before / now:.1f}×" if now and before else ""
        met = "" if now is None else ("yes" if now <= limit else "no")
        rows.append(
            f"| {what} ≤ {show(limit, unit)} | {show(now, unit)} | {show(before, unit)} "
            f"| {ratio} | {met} |"
        )
    return rows


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


SAMPLE_PARAMS = {"name": "RMO"}
"""Values for questions that take parameters (`about`)."""


def questions() -> list[tuple[str, dict[str, str]]]:
    """(name, parameters) of each shipped question."""
    sys.path.insert(0, str(REPO))
    from kg.read.query import list_questions

    return [(q.name, {p: SAMPLE_PARAMS[p] for p in q.parameters}) for q in list_questions()]


def time_questions(graph: Path) -> list[tuple[str, float, float, int]]:
    """(question, cold seconds, warm seconds, rows) for each named question."""
    from kg.rdf.store import open_store
    from kg.read.query import resolve_query, run_query

    store = open_store(graph)
    rows = []
    for name, params in questions():
        options = [f"--param={k}={v}" for k, v in params.items()]
        start = time.perf_counter()
        kg("query", name, "--graph", str(graph), "--format", "csv", *options)
        cold = time.perf_counter() - start
        sparql = resolve_query(name)
        run_query(store, sparql, params=params)  # warm the caches once
        start = time.perf_counter()
        result = run_query(store, sparql, params=params)
        warm = time.perf_counter() - start
        rows.append((name, cold, warm, len(result.rows)))
    return rows


def rdflib_ratio(corpus: Path, work: Path, docs: int) -> list[str]:
    """Parse and question one graph with rdflib and with Oxigraph, on the first `docs` articles."""
    import pyoxigraph as ox
    import rdflib

    from kg.rdf.store import load_file
    from kg.read.query import resolve_query, run_query

    small = work / f"corpus-{docs}"
    shutil.rmtree(small, ignore_errors=True)
    small.mkdir(parents=True)
    for path in sorted(corpus.iterdir())[:docs]:
        shutil.copy(path, small / path.name)
    out = work / f"out-{docs}"
    shutil.rmtree(out, ignore_errors=True)
    kg("build", str(small), "--out", str(out), "--quiet")
    graph_file = out / "graph.ttl"
    start = time.perf_counter()
    graph = rdflib.Graph().parse(graph_file, format="turtle")
    rdflib_parse = time.perf_counter() - start
    start = time.perf_counter()
    store = load_file(graph_file)
    ox_parse = time.perf_counter() - start
    start = time.perf_counter()
    graph.serialize(format="turtle")
    rdflib_write = time.perf_counter() - start
    start = time.perf_counter()
    store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    ox_write = time.perf_counter() - start
    lines = [
        f"Graph of {docs} articles: {len(graph):,} triples.",
        "",
        "| step | rdflib | Oxigraph | ratio |",
        "|---|---:|---:|---:|",
        f"| parse graph.ttl | {rdflib_parse:.1f} s | {ox_parse:.2f} s "
        f"| {rdflib_parse / ox_parse:.0f}× |",
        f"| write Turtle | {rdflib_write:.1f} s | {ox_write:.2f} s "
        f"| {rdflib_write / ox_write:.0f}× |",
    ]
    for name, params in questions():
        if params:
            continue  # bound parameters are an Oxigraph feature here
        sparql = resolve_query(name)
        start = time.perf_counter()
        list(graph.query(sparql, initNs=_prefixes()))
        slow = time.perf_counter() - start
        start = time.perf_counter()
        run_query(store, sparql)
        fast = time.perf_counter() - start
        lines.append(
            f"| question `{name}` | {slow:.2f} s | {fast:.3f} s | {slow / max(fast, 1e-4):.0f}× |"
        )
    return lines


def _prefixes() -> dict:
    from kg.rdf.namespaces import PREFIXES

    return dict(PREFIXES)


def change_corpus(corpus: Path) -> None:
    """One article changed, one added, one removed."""
    files = sorted(corpus.iterdir())
    changed, removed = files[len(files) // 2], files[len(files) // 3]
    with changed.open("a", encoding="utf-8") as f:
        f.write("\nDe gemeente Zwolle adviseert het kabinet om de Jeugdwet te evalueren.\n")
    removed.unlink()
    added = corpus / "zz-added.txt"
    added.write_text(
        files[0].read_text(encoding="utf-8") + "\nEen nieuw artikel.\n", encoding="utf-8"
    )


class Report:
    """Lines of the report, printed as they come, so a failure late in a long run
    does not lose what was measured."""

    def __iadd__(self, lines: list[str]) -> "Report":
        for line in lines:
            print(line, flush=True)
        return self


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="the benchmark corpus (make_corpus.py)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-scale"), help="scratch folder")
    parser.add_argument(
        "--rdflib-docs", type=int, default=500, help="articles for the rdflib comparison"
    )
    parser.add_argument("--no-verify", action="store_true", help="skip the second full build")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    corpus = args.corpus.resolve()
    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    files = sorted(corpus.iterdir())
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    report = Report()
    report += [
        f"# Scale benchmark: {len(files):,} articles, {megabytes:,.1f} MB",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; measured {time.strftime('%Y-%m-%d')} "
        "with `python benchmarks/scale.py`.",
        "",
    ]

    copy = work / "corpus"
    shutil.copytree(corpus, copy)
    out = work / "out"
    wall, peak, summary = timed_build(copy, out)
    graph = out / "graph.ttl"
    report += [
        "## Full build (cold: no cache, no store)",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| wall time | {wall:.1f} s |",
        f"| documents/s | {len(files) / wall:,.0f} |",
        f"| MB/s | {megabytes / wall:.2f} |",
        f"| peak memory (build and workers) | {mb(peak)} |",
        f"| graph.ttl | {mb(size(graph))} |",
        f"| store (graph.oxigraph) | {mb(size(out / 'graph.oxigraph'))} |",
        f"| build cache | {mb(size(out / '.kg-cache.sqlite'))} |",
        "",
        f"`kg build` said: {summary}",
        "",
    ]

    measured = {"build": wall, "peak": peak}
    measured["disk"] = sum(
        size(p) for p in (graph, out / "graph.oxigraph", out / ".kg-cache.sqlite") if p.exists()
    )
    numbers = [int(n) for n in re.findall(r"(\d+) (?:facts|triples)", summary)]
    if len(numbers) == 2 and numbers[0]:
        measured["triples_per_fact"] = numbers[1] / numbers[0]
    report += [
        "## Commands on the full graph",
        "",
        "| command | wall | peak memory |",
        "|---|---:|---:|",
    ]
    for label, key, command in [
        ("kg explain gemeenten", "explain", ["explain", "gemeenten", "--graph", str(graph)]),
        ("kg validate", "validate", ["validate", "--graph", str(graph)]),
    ] + [
        (
            f"kg export --format {f}",
            f"export-{f}",
            ["export", "--graph", str(graph), "--format", f, "-o", str(work / f"export.{f}")],
        )
        for f in ("turtle", "nt", "trig", "jsonld", "graphml", "gexf")
    ]:
        seconds, memory, done = timed(*command)
        failed = (
            ""
            if done.returncode == 0
            else f" (exit {done.returncode}: {done.stderr.strip()[-120:]})"
        )
        measured[key] = seconds
        report += [f"| `{label}` | {seconds:.1f} s{failed} | {mb(memory)} |"]
    exports = [v for k, v in measured.items() if k.startswith("export-")]
    measured["export"] = max(exports) if exports else None
    report += [""]

    change_corpus(copy)
    wall_inc, peak_inc, summary_inc = timed_build(copy, out)
    measured["rebuild"] = wall_inc
    report += [
        "## Rebuild after one article changed, one added, one removed",
        "",
        f"{wall_inc:.1f} s, peak memory {mb(peak_inc)}. `kg build` said: {summary_inc}",
        "",
    ]
    if not args.no_verify:
        fresh = work / "out-full"
        wall_full, _, _ = timed_build(copy, fresh)
        same = (fresh / "graph.ttl").read_bytes() == graph.read_bytes()
        report += [
            f"A full build of the changed corpus took {wall_full:.1f} s; its graph.ttl is "
            f"{'byte-identical to' if same else 'DIFFERENT from'} the rebuild's.",
            "",
        ]

    report += [
        "## Named questions on this graph",
        "",
        "Cold: `kg query NAME` in a new process (Python start, store opened from disk). "
        "Warm: the same query again in one process with the store open.",
        "",
        "| question | rows | cold | warm |",
        "|---|---:|---:|---:|",
    ]
    for name, cold, warm, n in time_questions(graph):
        report += [f"| {name} | {n:,} | {cold:.2f} s | {warm:.3f} s |"]
    report += [""]
    report += ["## Against the targets of issue 14", "", *target_rows(measured), ""]
    if args.rdflib_docs:
        report += (
            ["## rdflib only, for comparison", ""]
            + rdflib_ratio(corpus, work, args.rdflib_docs)
            + [""]
        )


if __name__ == "__main__":
    main()
