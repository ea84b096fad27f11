"""Write graph.ttl from document fragments, with Oxigraph, in a fixed order.

The file is the prefix lines, then the triples documents share (entities, facts, rules)
sorted, then each document's own triples in the order of the document names. Every
document's part is written once, when it is extracted, and cached; a rebuild only
concatenates, which is why it takes seconds, and why a rebuild and a full build give the
same bytes. (rdflib needed minutes for the same file: its Turtle writer slows down with
every distinct IRI path.)
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.rdf.namespaces import PREFIXES


def header() -> bytes:
    """The @prefix lines every Turtle part is written with."""
    return b"".join(f"@prefix {p}: <{ns}> .\n".encode() for p, ns in PREFIXES.items())


def body(triples: Iterable, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
    """Turtle statements of `triples` (in the order given) without the prefix lines; with
    `fmt` TriG, the same of quads (kg export)."""
    text = ox.serialize(triples, format=fmt, prefixes=PREFIXES)
    # pyoxigraph writes the prefix lines first, in an order of its own: drop them all
    pos = 0
    for _ in PREFIXES:
        if not text.startswith(b"@prefix ", pos):
            raise RuntimeError("unexpected Turtle prefix lines from pyoxigraph")
        pos = text.index(b"\n", pos) + 1
    return text[pos:]


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Each triple once, in N-Triples order: subject, predicate, object as written."""
    return sorted(set(triples), key=str)


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Sorted N-Triples lines."""
    return b"".join(line for line in sorted({f"{t} .\n".encode() for t in triples}))


def shared_body(lines: Iterable[bytes]) -> bytes:
    """The Turtle of N-Triples lines from many documents: each once, sorted."""
    data = b"".join(sorted(set(lines)))
    return body(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def turtle_chunks(shared: bytes, bodies: Iterable[bytes]) -> Iterator[bytes]:
    """graph.ttl piece by piece: header, shared part, then each document's own part."""
    yield header()
    yield b"\n"
    yield shared
    for part in bodies:
        yield b"\n"
        yield part
