"""Fixtures for testing the passes of kg/extract one by one, on Dutch texts written for
the tests: the shipped rules and reference data, a document's context before the first
pass, and a pass's Output as readable nodes."""

from __future__ import annotations

import pytest

from kg.extract.context import Context, Output
from kg.extract.relations import prepare
from kg.extract.segment import segment
from kg.language.reference import load_reference
from kg.language.rules import load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def reference():
    return load_reference()


@pytest.fixture(scope="session")
def context_of(rules, reference):
    """A text (first line its title) -> its Context before the first relation pass."""

    def read(text: str, name: str = "t.txt") -> Context:
        return prepare(segment(name, text, rules.lexicon), rules, reference)

    return read


@pytest.fixture(scope="session")
def nodes():
    """An Output -> {node: {predicate: [label or literal, …], "rule": id}} for the nodes
    a pass made (statements, recommendations, works, affiliations) or the facts about an
    entity (responsibilities, topics)."""

    def read(out: Output) -> dict[str, dict]:
        def label(key: str) -> str:
            known = key in out.entries or key in out.ctx.entries
            return out.entry(key).label if known else key

        found: dict[str, dict] = {}
        for f in out.facts:
            node = found.setdefault(f.subject, {"rule": f.evidence.rule})
            node.setdefault(f.predicate, []).append(f.object if f.literal else label(f.object))
        return found

    return read
