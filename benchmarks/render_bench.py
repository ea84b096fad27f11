#!/usr/bin/env python3
"""Benchmark the network view on a synthetic archive: HTML size, time to write it, and
time to first usable paint in headless Chromium with every request blocked.

Usage (from the repository root, with ../shared beside it):

    python benchmarks/render_bench.py --docs 2000            # make the corpus, build, render, open
    python benchmarks/render_bench.py --graph out/graph.ttl  # an existing graph

The corpus comes from ../shared/bench/make_corpus.py; it and the graph are kept in --work
(default /tmp/kg-render-bench) and reused by later runs with the same --docs. Prints one
Markdown table row per page and writes the numbers as JSON beside the graph.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.rdf.store import open_store  # noqa: E402
from kg.read.network import read_network, select  # noqa: E402
from kg.web.render import MAX_NODES, render_file, view_data  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {  # name -> render_file options
    "whole graph": {},
    "actors only (--type actor --no-documents)": {"types": ["actor"], "provenance": False},
}


def graph_for(docs: int, work: Path, shared: Path) -> tuple[Path, float | None]:
    """The graph of a `docs`-document synthetic corpus, built if not there yet."""
    corpus, out = work / f"corpus-{docs}", work / f"out-{docs}"
    graph = out / "graph.ttl"
    if graph.exists():
        return graph, None
    if not corpus.exists():
        subprocess.run(
            [
                sys.executable,
                str(shared / "bench" / "make_corpus.py"),
                str(corpus),
                "--docs",
                str(docs),
                "--seeds",
                str(shared / "seeds"),
            ],
            check=True,
        )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--quiet"],
        check=True,
        env=env,
        cwd=ROOT,
    )
    return graph, time.perf_counter() - start


def first_paint(html: Path, runs: int) -> dict:
    """Median ms from navigation to the first frame with the network drawn and the page
    wired (body[data-ready]), and ms for a search and a click to open the evidence panel."""
    from playwright.sync_api import sync_playwright

    ready, panel = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            url = html.resolve().as_uri()
            context.route(
                "**/*",
                lambda route, url=url: (
                    route.continue_() if route.request.url == url else route.abort()
                ),
            )
            page = context.new_page()
            errors = []
            page.on(
                "console",
                lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None,
            )
            page.goto(url, timeout=120_000)
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            ready.append(page.evaluate("kgReadyAt"))
            label = page.evaluate(
                "kgView.data.nodes.reduce((a, n, i, all) => n.s > all[a].s ? i : a, 0)"
            )
            label = page.evaluate(f"kgView.data.nodes[{label}].l")
            start = time.perf_counter()
            page.fill("#kg-search", label)
            page.locator("#kg-results button").first.click()
            page.wait_for_selector("#kg-panel:not([hidden])")
            panel.append((time.perf_counter() - start) * 1000)
            if errors:
                raise SystemExit(f"console errors in {html}: {errors[:3]}")
            context.close()
        browser.close()
    return {
        "first_usable_paint_ms": round(sorted(ready)[len(ready) // 2]),
        "search_and_panel_ms": round(sorted(panel)[len(panel) // 2]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--docs", type=int, default=2000, help="documents in the synthetic corpus (default 2000)"
    )
    parser.add_argument("--graph", type=Path, help="benchmark this graph file instead")
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/kg-render-bench"), help="where corpus and graph go"
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared",
        help="the shared folder (bench/, seeds/)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="browser runs per page (the median is reported)"
    )
    args = parser.parse_args()

    build_s = None
    graph = args.graph
    if graph is None:
        graph, build_s = graph_for(args.docs, args.work, args.shared)
    results = {
        "graph": str(graph),
        "graph_bytes": graph.stat().st_size,
        "build_s": round(build_s, 1) if build_s else None,
        "pages": [],
    }
    print(
        f"graph {graph} ({graph.stat().st_size / 1e6:.0f} MB)"
        + (f", built in {build_s:.0f} s" if build_s else "")
    )
    start = time.perf_counter()
    net = read_network(open_store(graph))
    read_s = time.perf_counter() - start
    results["read_network_s"] = round(read_s, 1)
    print(f"reading the network (open_store + read_network, shared by both pages): {read_s:.1f} s")
    print(
        "| page | nodes shown / in graph | edges | HTML | time to write (all of kg render) "
        "| first usable paint | search + panel |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, options in PAGES.items():
        html = graph.with_name("bench-" + name.split()[0] + ".html")
        start = time.perf_counter()
        report = render_file(graph, html, **options)
        write_s = time.perf_counter() - start
        start = time.perf_counter()
        part = select(net, max_nodes=MAX_NODES, **options)
        view_data(net, part, title="bench")  # layout, evidence tables
        results.setdefault("layout_and_data_s", {})[name] = round(time.perf_counter() - start, 1)
        paint = first_paint(html, args.runs)
        row = {
            "page": name,
            "nodes": report.nodes,
            "total_nodes": report.total_nodes,
            "edges": report.edges,
            "html_bytes": report.size,
            "write_s": round(write_s, 1),
            **paint,
            "note": report.note,
        }
        results["pages"].append(row)
        print(
            f"| {name} | {report.nodes:,} / {report.total_nodes:,} | {report.edges:,} | "
            f"{report.size / 1e6:.1f} MB | {write_s:.1f} s | "
            f"{paint['first_usable_paint_ms'] / 1000:.2f} s | "
            f"{paint['search_and_panel_ms'] / 1000:.2f} s |"
        )
    target = graph.with_name("render-bench.json")
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"numbers in {target}")


if __name__ == "__main__":
    main()
