"""Check a built graph against the SHACL shapes shipped in ontology/, and report what is
wrong in the project's own words (CURIEs, counts, a few examples per problem).

The checking itself is kg.rdf.shaclrun (a native SHACL engine); this module turns its
findings into the report a user reads.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Graph

from kg.rdf.namespaces import PREFIXES, SH
from kg.rdf.shaclrun import Finding, check_store

EXAMPLES = 5
"""How many focus nodes the report shows per problem."""

_BARE = {"xsd:integer", "xsd:decimal", "xsd:double", "xsd:boolean"}
"""Datatypes the report shows without quotes, as Turtle would."""

_LITERAL = re.compile(r'^"(.*)"(@[\w-]+|\^\^(?:<[^>]*>|[\w-]*:[\w-]*))?$', re.S)


class ValidationResult(NamedTuple):
    conforms: bool
    report: str
    violations: int


def validate(graph: Graph, examples: int = EXAMPLES) -> ValidationResult:
    """Validate `graph` (not modified) with the kg shapes; superclasses come from kg.ttl."""
    store = ox.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    if data.strip():
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return validate_store(store, examples)


def validate_store(store: ox.Store, examples: int = EXAMPLES) -> ValidationResult:
    """Validate the graph in an Oxigraph store (the union of its graphs)."""
    findings = sorted(set(check_store(store)))
    violations = sum(f.severity == "Violation" for f in findings)
    conforms = violations == 0
    return ValidationResult(conforms, _report(findings, examples), len(findings))


def _report(rows: list[Finding], examples: int) -> str:
    if not rows:
        return "The graph conforms to the kg shapes: no problems found."
    namespaces = _namespaces()
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for row in rows:
        groups[(row.severity, row.message)].append(row)
    lines = [f"{len(rows)} problem(s) of {len(groups)} kind(s):"]
    for (severity, message), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        tag = "" if severity == "Violation" else f"[{severity}] "
        lines.append("")
        lines.append(f"{tag}{message} ({len(members)}x)")
        shown = sorted({_example(row, namespaces) for row in members})
        for text in shown[:examples]:
            lines.append(f"  - {text}")
        if len(shown) > examples:
            lines.append(f"  ... and {len(shown) - examples} more")
    return "\n".join(lines)


def _example(row: Finding, namespaces: list[tuple[str, str]]) -> str:
    if row.graph_wide:  # a text check over the whole graph: the value is the culprit
        return f"{_term(row.value, namespaces)} (a {_term(row.focus, namespaces)})"
    text = _term(row.focus, namespaces)
    if row.path:
        text += "  " + "/".join(_curie(step, namespaces) for step in row.path)
    if row.value and row.value.strip("<>") != row.focus:
        text += " = " + _term(row.value, namespaces)
    return text


def _namespaces() -> list[tuple[str, str]]:
    """(namespace, prefix) pairs, longest namespace first."""
    by_namespace = {ns: prefix for prefix, ns in {**PREFIXES, "sh": str(SH)}.items()}
    return sorted(by_namespace.items(), key=lambda item: -len(item[0]))


def _curie(iri: str, namespaces: list[tuple[str, str]]) -> str:
    for namespace, prefix in namespaces:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _term(term: str, namespaces: list[tuple[str, str]]) -> str:
    """A term as the report shows it: a CURIE, a short quoted literal, a blank node."""
    literal = _LITERAL.match(term)
    if literal:
        lexical, suffix = literal.group(1), literal.group(2) or ""
        if len(lexical) > 60:
            lexical = lexical[:57] + "..."
        lexical = lexical.replace("\\n", " ").replace("\n", " ")
        if suffix.startswith("^^"):
            datatype = suffix[2:]
            datatype = _curie(datatype[1:-1], namespaces) if datatype.startswith("<") else datatype
            if datatype in _BARE:
                return lexical
            return f'"{lexical}"' if datatype == "xsd:string" else f'"{lexical}"^^{datatype}'
        return f'"{lexical}"{suffix}'
    if term.startswith("_:"):
        return "[blank node]"
    return _curie(term.strip("<>"), namespaces)
