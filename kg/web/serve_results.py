"""How `kg serve` writes an answer: the media type the client asks for, text XML can hold.

SELECT and ASK answers go out as SPARQL results JSON, XML, CSV or TSV; CONSTRUCT and
DESCRIBE answers as Turtle, N-Triples, RDF/XML or JSON-LD. XML 1.0 has no way to write
most control characters, so XML answers carry U+FFFD in their place and always parse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.rdf.namespaces import PREFIXES

if TYPE_CHECKING:
    from kg.web.serve_query import Answer

_UTF8 = "; charset=utf-8"
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
"""Media types a SELECT or ASK answer can be sent as; the first is the default."""
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
"""Media types a CONSTRUCT or DESCRIBE answer can be sent as; the first is the default."""


def render(answer: Answer, accept: str | None) -> tuple[str, bytes]:
    """(Content-Type, body) for the answer, in the format the Accept header prefers."""
    if answer.triples is not None:
        media = negotiate(accept, GRAPH_TYPES)
        # id: is left out: its local names hold "/", which Turtle would have to escape
        prefixes = {prefix: ns for prefix, ns in PREFIXES.items() if prefix != "id"}
        triples = (
            xml_safe_triples(answer.triples) if media == "application/rdf+xml" else answer.triples
        )
        body = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=prefixes)
        return media + _UTF8, body
    media = negotiate(accept, RESULT_TYPES)
    fmt = RESULT_TYPES[media]
    text = (
        xml_text if fmt is ox.QueryResultsFormat.XML else str
    )  # XML 1.0 cannot hold every character
    if answer.boolean is not None:
        document = {"head": {}, "boolean": answer.boolean}
    else:
        document = {
            "head": {"vars": answer.variables},
            "results": {"bindings": [_binding(row, answer.variables, text) for row in answer.rows]},
        }
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt is not ox.QueryResultsFormat.JSON:  # Oxigraph writes the other three from JSON
        data = ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=fmt)
    return media + _UTF8, data


def _binding(row: ox.QuerySolution, variables: list[str], text: Callable[[str], str]) -> dict:
    return {name: _term(row[name], text) for name in variables if row[name] is not None}


def _term(term, text: Callable[[str], str] = str) -> dict:
    """A term in SPARQL 1.1 Query Results JSON (with RDF 1.2 triple terms); literals through
    `text`."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term(term.subject),
                "predicate": _term(term.predicate),
                "object": _term(term.object, text),
            },
        }
    out = {"type": "literal", "value": text(term.value)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def negotiate(accept: str | None, offered: dict) -> str:
    """The offered media type the Accept header rates highest; the first offered when none fits.

    Falling back instead of answering 406 lets a browser or a bare `curl` see the answer.
    """
    default = next(iter(offered))
    best, best_q = default, 0.0
    for _position, part in enumerate((accept or "").split(",")):
        media, *params = [piece.strip() for piece in part.split(";")]
        media = media.lower()
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offered:
            candidate = media
        elif media in ("*/*", f"{default.split('/')[0]}/*"):
            candidate, q = default, q - 0.001  # a wildcard loses to the same q named exactly
        else:
            continue
        if q > best_q:
            best, best_q = candidate, q
    return best


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """The text with each character XML 1.0 cannot hold (most C0 controls, U+FFFE, U+FFFF) as
    U+FFFD.

    No escape can carry those characters in XML 1.0, so an XML answer that held one would
    not parse; JSON, CSV and TSV answers keep them.
    """
    return _NOT_XML.sub("\ufffd", text)


def xml_safe_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with literal text passed through xml_text, for RDF/XML."""
    return [ox.Triple(t.subject, t.predicate, _xml_safe_object(t.object)) for t in triples]


def _xml_safe_object(term):
    if isinstance(term, ox.Literal) and _NOT_XML.search(term.value):
        if term.language:
            return ox.Literal(
                xml_text(term.value), language=term.language, direction=term.direction
            )
        return ox.Literal(xml_text(term.value), datatype=term.datatype)
    if isinstance(term, ox.Triple):
        return ox.Triple(term.subject, term.predicate, _xml_safe_object(term.object))
    return term
