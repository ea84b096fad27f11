"""Check a built graph against the SHACL shapes shipped in ontology/."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from kg.rdf.namespaces import PREFIXES, SH
from kg.resources import ontology_path

EXAMPLES = 5
"""How many focus nodes the report shows per problem."""


_BARE = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}
"""Datatypes the report shows without quotes, as Turtle would."""


class ValidationResult(NamedTuple):
    conforms: bool
    report: str
    violations: int


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _class_hierarchy() -> Graph:
    """The rdfs:subClassOf links of kg.ttl, the part of the ontology validation needs.

    The domains and ranges stay out: under RDFS inference `kg:speaker rdfs:range
    kg:Actor` would make every speaker an actor and every sh:class check pass.
    """
    ontology = Graph().parse(ontology_path("kg.ttl"), format="turtle")
    hierarchy = Graph()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            hierarchy.add((sub, RDFS.subClassOf, sup))
    return hierarchy


def validate(graph: Graph, examples: int = EXAMPLES) -> ValidationResult:
    """Validate `graph` (not modified) with the kg shapes; superclasses come from kg.ttl."""
    conforms, results, _ = pyshacl.validate(
        graph,
        shacl_graph=_shapes(),
        ont_graph=_class_hierarchy(),
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=False,
        advanced=False,
    )
    rows = sorted(set(_rows(results)), key=str)  # pyshacl may repeat a result
    return ValidationResult(bool(conforms), _report(graph, rows, examples), len(rows))


class _Row(NamedTuple):
    severity: str
    message: str
    focus: object
    path: str | None  # already rendered with the project's prefixes
    value: object


def _rows(results: Graph) -> list[_Row]:
    namespaces = _namespaces(None)
    rows = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        # English first, if a shape ever gets messages in more languages.
        messages = sorted(
            results.objects(result, SH.resultMessage),
            key=lambda m: (m.language not in (None, "en"), m),
        )
        if messages:
            message = str(messages[0])
        else:
            component = results.value(result, SH.sourceConstraintComponent)
            message = f"constraint {_local(component)} not met"
        rows.append(
            _Row(
                _local(severity) if severity else "Violation",
                message,
                results.value(result, SH.focusNode),
                _rendered_path(results, result, namespaces),
                results.value(result, SH.value),
            )
        )
    return rows


def _report(graph: Graph, rows: list[_Row], examples: int) -> str:
    if not rows:
        return "The graph conforms to the kg shapes: no problems found."
    namespaces = _namespaces(graph)
    groups: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[(row.severity, row.message)].append(row)
    lines = [f"{len(rows)} problem(s) of {len(groups)} kind(s):"]
    for (severity, message), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        tag = "" if severity == "Violation" else f"[{severity}] "
        lines.append("")
        lines.append(f"{tag}{message} ({len(members)}x)")
        shown = sorted({_example(row, graph, namespaces) for row in members})
        for text in shown[:examples]:
            lines.append(f"  - {text}")
        if len(shown) > examples:
            lines.append(f"  ... and {len(shown) - examples} more")
    return "\n".join(lines)


def _example(row: _Row, graph: Graph, namespaces: list[tuple[str, str]]) -> str:
    if isinstance(row.value, URIRef) and (row.value, RDF.type, row.focus) in graph:
        # A graph-wide check (sh:targetNode a class): the value is the culprit.
        return f"{_term(row.value, namespaces)} (a {_term(row.focus, namespaces)})"
    text = _term(row.focus, namespaces)
    if row.path is not None:
        text += "  " + row.path
    if row.value is not None and row.value != row.focus:
        text += " = " + _term(row.value, namespaces)
    return text


def _namespaces(graph: Graph | None) -> list[tuple[str, str]]:
    """(namespace, prefix) pairs, longest namespace first, the project's prefixes winning."""
    by_namespace = {}
    if graph is not None:
        by_namespace.update(
            {str(ns): prefix for prefix, ns in graph.namespace_manager.namespaces() if prefix}
        )
    by_namespace.update({ns: prefix for prefix, ns in {**PREFIXES, "sh": str(SH)}.items()})
    return sorted(by_namespace.items(), key=lambda item: -len(item[0]))


def _term(term, namespaces: list[tuple[str, str]]) -> str:
    if isinstance(term, URIRef):
        iri = str(term)
        for namespace, prefix in namespaces:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"
    if isinstance(term, Literal):
        lexical = str(term)
        if len(lexical) > 60:
            lexical = lexical[:57] + "..."
        quoted = '"' + lexical.replace("\n", " ").replace('"', '\\"') + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype in _BARE and term.value is not None:
            return lexical
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{quoted}^^{_term(term.datatype, namespaces)}"
        return quoted
    if isinstance(term, BNode):
        return "[blank node]"
    return str(term)


def _rendered_path(results: Graph, result, namespaces: list[tuple[str, str]]) -> str | None:
    path = results.value(result, SH.resultPath)
    return None if path is None else _path(path, results, namespaces)


def _path(path, results: Graph, namespaces: list[tuple[str, str]]) -> str:
    if isinstance(path, URIRef):
        return _term(path, namespaces)
    if (path, RDF.first, None) in results:
        return "/".join(_path(step, results, namespaces) for step in Collection(results, path))
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(inverse, results, namespaces)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return (
            "("
            + "|".join(
                _path(step, results, namespaces) for step in Collection(results, alternatives)
            )
            + ")"
        )
    for modifier, mark in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = results.value(path, modifier)
        if inner is not None:
            return _path(inner, results, namespaces) + mark
    return "[path]"


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
