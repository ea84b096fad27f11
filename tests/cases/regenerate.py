"""Write tests/cases/NAME/expected.nt from what this checkout's kg builds of the case's
article.txt, for a rule author whose change alters a case on purpose.

    python tests/cases/regenerate.py NAME [NAME ...]
    python tests/cases/regenerate.py --all

Read the new expected.nt (`git diff tests/cases/NAME`) before committing it: every triple
in it is a claim that kg reads the article right. tests/test_cases.py builds the cases the
same way (with `built_graph` below) and compares the graphs by isomorphism.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from rdflib import Graph, URIRef

CASES = Path(__file__).resolve().parent
ROOT = CASES.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this checkout's kg, also when another one is installed

ARTICLE = "article.txt"
EXPECTED = "expected.nt"
LEFT_OUT = {URIRef("https://w3id.org/kg-sociaal-domein/def#rulesVersion")}
"""Predicates not compared: kg:rulesVersion is a hash of every rule file, so any edit of
any rule would change every case."""


def case_names() -> list[str]:
    """The cases: folders under tests/cases with an article.txt, sorted."""
    return sorted(p.parent.name for p in CASES.glob(f"*/{ARTICLE}"))


def built_graph(case: Path, work: Path) -> Graph:
    """The graph `kg build` makes of the case's article (built in `work`), less LEFT_OUT.

    Only article.txt is copied into the corpus: the case's README.md would be read too.
    """
    from kg.build.pipeline import build

    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    shutil.copyfile(case / ARTICLE, corpus / ARTICLE)
    build(corpus, work / "out", jobs=1)
    graph = Graph()
    graph.parse(work / "out" / "graph.ttl", format="turtle")
    for predicate in LEFT_OUT:
        graph.remove((None, predicate, None))
    return graph


def ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, sorted: a change shows as a readable diff."""
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines))


def regenerate(name: str) -> Path:
    case = CASES / name
    if not (case / ARTICLE).is_file():
        raise SystemExit(f"no case {name!r}: the cases are {', '.join(case_names())}")
    with tempfile.TemporaryDirectory() as work:
        graph = built_graph(case, Path(work))
    target = case / EXPECTED
    target.write_text(ntriples(graph), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    names = case_names() if argv == ["--all"] else argv
    if not names or any(name.startswith("-") for name in names):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for name in names:
        target = regenerate(name)
        count = len(target.read_text(encoding="utf-8").splitlines())
        print(f"wrote {target.relative_to(ROOT)} ({count} triples): read it before committing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
