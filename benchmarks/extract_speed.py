#!/usr/bin/env python3
"""Extraction speed: milliseconds of processor time per article for the extraction alone
(kg.build.pipeline.fragment: segmentation, the rules, the triples of one article), without
reading files, the cache, graph.ttl or the store; and the part of it spent in segmentation
and the extraction passes alone.

Usage (from the repository root, with PYTHONPATH pointing at it):

    python ../shared/bench/make_corpus.py /tmp/b500s --docs 500
    python benchmarks/extract_speed.py /tmp/b500s corpus eval/*/corpus
    python benchmarks/extract_speed.py /tmp/b500s --profile 25   # cProfile's top functions

Each corpus is timed in --repeat fresh processes, and the best is reported: a fresh process
starts with empty rule memories (kg/language/rulematch.py remembers answers per sentence),
so a repeat measures what a build measures. Processor time of the process, not wall time,
so other work on the machine matters less. Loading the rules and the reference data is
not counted (a build does it once per worker).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _sources(corpus: Path) -> list:
    from kg.corpus import Source, iter_corpus

    return [s for s in iter_corpus(corpus) if isinstance(s, Source)]


def _pipeline():
    from kg.language.reference import load_reference
    from kg.language.rules import load_rules

    return load_rules(), load_reference()


def measure(corpus: Path) -> dict:
    """One pass over `corpus` in this process: articles, characters, processor seconds of
    the whole fragment and of the rules alone (segmentation and the extraction passes,
    without the RDF triples made of what they find)."""
    from kg.build.pipeline import fragment
    from kg.extract import relations, segment

    rules_time = [0.0]

    def timed(function):
        def run(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                rules_time[0] += time.process_time() - start

        return run

    # fragment() imports these when called: the timed versions are the ones it uses
    segment.segment, relations.extract = timed(segment.segment), timed(relations.extract)
    sources = _sources(corpus)
    rules, reference = _pipeline()
    start = time.process_time()
    for source in sources:
        fragment(source, rules, reference)
    seconds = time.process_time() - start
    chars = sum(len(s.text) for s in sources)
    return {"articles": len(sources), "chars": chars, "s": seconds, "rules_s": rules_time[0]}


def profile(corpus: Path, top: int) -> None:
    import cProfile
    import pstats

    from kg.build.pipeline import fragment

    sources = _sources(corpus)
    rules, reference = _pipeline()
    profiler = cProfile.Profile()
    profiler.enable()
    for source in sources:
        fragment(source, rules, reference)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def best_of(corpus: Path, repeat: int) -> dict:
    """The fastest of `repeat` passes, each in a fresh process."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(corpus)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append(json.loads(out.splitlines()[-1]))
    return min(runs, key=lambda r: r["s"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per corpus")
    parser.add_argument("--profile", type=int, metavar="N", help="print cProfile's top N instead")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.corpora[0])))
        return 0
    if args.profile:
        for corpus in args.corpora:
            profile(corpus, args.profile)
        return 0
    print(f"ms/article: processor time, best of {args.repeat} fresh processes")
    print("| corpus | articles | KB | fragment | of which segment + extract |")
    print("|---|---:|---:|---:|---:|")
    for corpus in args.corpora:
        r = best_of(corpus, args.repeat)
        n = max(1, r["articles"])
        print(
            f"| {corpus} | {r['articles']} | {r['chars'] // 1000} "
            f"| {1000 * r['s'] / n:.2f} | {1000 * r['rules_s'] / n:.2f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
