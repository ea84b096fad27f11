"""Golden cases: each tests/cases/<name>/article.txt must build into the graph of its
expected.nt (tests/cases/README.md says how to add or regenerate one)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

CASES = Path(__file__).resolve().parent / "cases"
SHOWN = 40
"""Triples listed per side when a case differs; the rest are counted."""


def _golden():
    """tests/cases/regenerate.py, which builds a case exactly as its expected.nt was made."""
    spec = importlib.util.spec_from_file_location("golden_cases", CASES / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _golden()


def _readable(graph: Graph, prefixes: Graph) -> list[str]:
    """The triples of `graph`, sorted, with the built graph's prefixes (also before a "/",
    which a strict CURIE may not hold: id:person/jan-jansen reads better than the IRI)."""
    namespaces = sorted(
        ((str(ns), prefix) for prefix, ns in prefixes.namespaces() if prefix),
        key=lambda pair: -len(pair[0]),
    )

    def term(t) -> str:
        if isinstance(t, URIRef):
            for ns, prefix in namespaces:
                if t.startswith(ns) and len(t) > len(ns):
                    return f"{prefix}:{t[len(ns) :]}"
        return t.n3(prefixes.namespace_manager)

    return sorted(" ".join(term(t) for t in triple) + " ." for triple in graph)


def _difference(built: Graph, expected: Graph) -> str:
    _, only_built, only_expected = graph_diff(to_isomorphic(built), to_isomorphic(expected))
    parts = []
    for title, side in (("only in the build", only_built), ("only in expected.nt", only_expected)):
        lines = _readable(side, built)
        parts.append(f"{len(lines)} triple(s) {title}:")
        parts += [f"  {line}" for line in lines[:SHOWN]]
        if len(lines) > SHOWN:
            parts.append(f"  … and {len(lines) - SHOWN} more")
    return "\n".join(parts)


def test_there_are_golden_cases():
    assert len(golden.case_names()) >= 5


@pytest.mark.parametrize("name", golden.case_names())
def test_case_builds_its_expected_graph(name, tmp_path):
    case = CASES / name
    expected_file = case / golden.EXPECTED
    assert expected_file.is_file(), (
        f"no {expected_file}: run python tests/cases/regenerate.py {name}"
    )
    expected = Graph().parse(expected_file, format="nt")
    built = golden.built_graph(case, tmp_path)
    if not isomorphic(built, expected):
        pytest.fail(
            f"case {name}: the graph differs from expected.nt\n{_difference(built, expected)}\n"
            f"If the change is right: python tests/cases/regenerate.py {name}, read the diff, "
            "and say why in the commit.",
            pytrace=False,
        )
