"""The network view: one self-contained HTML file that works offline and shows, for any
node or edge, the sentences it was read from.

Why it is built this way (issue 3): pyvis pages load vis-network and Bootstrap from a CDN
(blank offline), turn tooltips into live HTML, and run physics that stalls at a few
thousand nodes. Here the page carries vis-network (vendored in kg/web/view, drawn on a canvas,
physics off), a layout computed in Python (kg.web.layout), and the data as JSON in a
`<script type="application/json">` block with <, > and & escaped; the page's own script
puts article text into the DOM with textContent only. Control and bidi characters (a file
name with U+202E reads backwards) are shown as escapes in every string of the data. A
Content-Security-Policy allows the two inline scripts by hash and no request of any kind
(connect-src, img-src data: only).
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.atomic import write_text
from kg.controlchars import visible
from kg.rdf.store import open_store
from kg.read.network import TYPES, Network, Selection, read_network, select
from kg.resources import package_path
from kg.web.layout import force_layout
from kg.web.scriptjson import script_json

MAX_NODES = 5000
"""Nodes a page shows at most (the most connected); more, and it says what it left out."""

EDGE_DETAIL_UP_TO = 1500
"""Edges drawn with their label and arrow; beyond, these appear on the chosen node's edges
only (for 10,000 edges, labels cost vis-network 2.5 s before the first frame, arrows 0.5 s)."""

DOCUMENTS_SHOWN_UP_TO = 10_000
"""Edges up to which the provenance layer starts visible; a bigger page opens on the actor
network (the 2,000-article graph has 44,000 edges, most of them "mentions", and drawing
them all costs 2 s before the first frame) and shows documents when asked."""

NODE_FACTS, EDGE_FACTS = 40, 20
"""Evidence sentences the panel carries per node and per edge; `kg explain` has all."""

CSP = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
    "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
    "worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
)
"""Nothing may leave the page: scripts only by hash, no fetch, no remote image or font."""

_MARKER = re.compile(r"@@(CSP|STYLE|DATA|LIBRARY|APP)@@")


@dataclass
class RenderReport:
    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    note: str  # what the size limit left out and how to focus, or ""
    size: int  # bytes written


def _asset(name: str) -> str:
    return package_path("web/view", name).read_text(encoding="utf-8")


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render_html(data: dict) -> str:
    """The page for view data (see `view_data`), with every script and style inline."""
    library = _asset("vis-network.min.js")
    # one script: the helpers view.js calls (kgFacts, kgLabels), then the view
    app = "\n".join(_asset(name) for name in ("view-facts.js", "view-labels.js", "view.js"))
    parts = {
        "STYLE": _asset("view.css"),
        "DATA": script_json(data),
        "LIBRARY": library,
        "APP": app,
        "CSP": CSP.format(scripts=f"{_hash(library)} {_hash(app)}"),
    }
    # one pass, so that text inserted for one marker is never searched for another
    return _MARKER.sub(lambda m: parts[m.group(1)], _asset("page.html"))


class _Table:
    """Strings (sentences, rule ids, …) stored once in the page and referred to by index."""

    def __init__(self):
        self.index: dict = {}

    def __call__(self, value) -> int:
        return self.index.setdefault(value, len(self.index))

    def values(self) -> list:
        return list(self.index)


def view_data(net: Network, part: Selection, *, title: str, note: str = "") -> dict:
    """What the page's script needs, as plain JSON-able data, in a deterministic order."""
    graph = part.graph
    order = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(order)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    positions = force_layout(order, pairs)
    neighbours = {n: len(set(graph.predecessors(n)) | set(graph.successors(n))) for n in order}
    most = max(neighbours.values(), default=0) or 1
    types = {t.key: i for i, t in enumerate(TYPES)}
    counts = [0] * len(TYPES)
    strings, phrases, sentences, rules, relations = _Table(), _Table(), _Table(), _Table(), _Table()
    documents = _Table()
    for iri in sorted(net.documents):
        documents(iri)
    rows: dict[tuple, int] = {}  # one row per distinct reading, as the panel shows it

    def cite(ids: list[str], limit: int) -> tuple[list[int], int]:
        """Row numbers of the first `limit` distinct readings, and how many there are (a lead
        paragraph repeated in the body gives the same reading twice)."""
        out, seen = [], set()
        for ev_id in ids:
            ev = net.evidence[ev_id]
            key = (
                ev.subject,
                ev.phrase,
                ev.object,
                net.sentences[ev.sentence],
                ev.offset,
                len(ev.exact),
                ev.document,
                ev.rule,
            )
            if key in seen:
                continue
            seen.add(key)
            if len(out) < limit:
                out.append(rows.setdefault(key, len(rows)))
        return out, len(seen)

    nodes = []
    for iri, (x, y) in zip(order, positions, strict=True):
        attrs = graph.nodes[iri]
        counts[types[attrs["type"]]] += 1
        nodes.append(
            {
                "l": _shown(attrs["label"]),
                "t": types[attrs["type"]],
                "x": x,
                "y": y,
                "s": round(8 + 26 * math.sqrt(neighbours[iri] / most), 1),
                "a": [_shown(a) for a in attrs["aliases"]],
                "d": sorted(documents(d) for d in attrs["documents"]),
                **_facts(cite(attrs["evidence"], NODE_FACTS)),
            }
        )
    edges = []
    for u, v, attrs in sorted(
        graph.edges(data=True), key=lambda e: (index[e[0]], index[e[1]], e[2]["label"])
    ):
        edges.append(
            {
                "f": index[u],
                "t": index[v],
                "r": relations(_shown(attrs["label"])),
                "p": int(attrs["provenance"]),
                **_facts(cite(attrs["evidence"], EDGE_FACTS)),
            }
        )
    evidence = [
        [
            strings(_shown(subject)),
            phrases(_shown(phrase)),
            strings(_shown(obj)),
            *_shown_sentence(sentence, offset, length, sentences),
            documents(doc),
            rules(_shown(rule)),
        ]
        for subject, phrase, obj, sentence, offset, length, doc, rule in rows
    ]
    subtitle = (
        f"{len(net.documents):,} documents · {len(nodes):,} nodes · {len(edges):,} edges. "
        "Click a node or edge for the sentences it was read from."
    )
    if len(edges) > DOCUMENTS_SHOWN_UP_TO:
        subtitle += (
            " Documents (the provenance layer) start hidden on a page this big: "
            "tick them to show them."
        )
    return {
        "title": _shown(title),
        "subtitle": subtitle,
        "note": _shown(note),
        "types": [
            {"key": t.key, "label": t.label, "color": t.color, "count": counts[i]}
            for i, t in enumerate(TYPES)
        ],
        "nodes": nodes,
        "edges": edges,
        "edgeDetail": len(edges) <= EDGE_DETAIL_UP_TO,
        "documentsHidden": len(edges) > DOCUMENTS_SHOWN_UP_TO,
        "relations": relations.values(),
        "evidence": evidence,
        "strings": strings.values(),
        "phrases": phrases.values(),
        "sentences": sentences.values(),
        "rules": rules.values(),
        "documents": [[_shown(text) for text in net.documents[iri]] for iri in documents.values()],
    }


def _shown(text: str) -> str:
    """A name or title for the page: control and bidi characters as visible escapes."""
    return visible(text, keep="")


def _shown_sentence(sentence: str, offset: int, length: int, table: _Table) -> tuple[int, int, int]:
    """The sentence (its number in `table`) with control and bidi characters as escapes, and
    the marked words' offset and length in that text (in code points, as the page counts)."""
    before, exact = visible(sentence[:offset]), visible(sentence[offset : offset + length])
    return table(visible(sentence)), len(before), len(exact)


def _facts(cited: tuple[list[int], int]) -> dict:
    return {"e": cited[0], "n": cited[1]}


def size_note(part: Selection) -> str:
    """What a size limit left out, and how to see it ("" when nothing was left out)."""
    if not part.left_out:
        return ""
    shown = part.graph.number_of_nodes()
    kinds = ", ".join(
        f"{n:,} {key}" for key, n in sorted(part.left_out.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        f"Showing the {shown:,} most connected of {part.total_nodes:,} nodes; left out: {kinds}. "
        "To see them, draw a part of the graph: kg render --focus NAME, or --type TYPE "
        "(for instance --type actor), or raise --max-nodes."
    )


def heading(net: Network, part: Selection, types: Iterable[str]) -> str:
    types = list(types)
    what = f" ({', '.join(types)})" if types else ""
    if part.focus:
        names = " / ".join(net.graph.nodes[n]["label"] for n in part.focus)
        return f"Network around {names}{what}"
    return (
        f"Network of {len(net.documents):,} document{'s' if len(net.documents) != 1 else ''}{what}"
    )


def render_file(
    graph_path: Path,
    html_path: Path,
    *,
    focus: str | None = None,
    types: Iterable[str] = (),
    depth: int = 1,
    max_nodes: int = MAX_NODES,
    provenance: bool = True,
) -> RenderReport:
    """Write the view of the graph in `graph_path` (or of a part of it) to `html_path`."""
    net = read_network(open_store(graph_path))
    types = list(types)
    part = select(
        net, focus=focus, types=types, depth=depth, max_nodes=max_nodes, provenance=provenance
    )
    note = size_note(part)
    html = render_html(view_data(net, part, title=heading(net, part, types), note=note))
    write_text(html_path, html)
    return RenderReport(
        Path(html_path),
        part.graph.number_of_nodes(),
        part.graph.number_of_edges(),
        part.total_nodes,
        part.total_edges,
        note,
        len(html.encode("utf-8")),
    )
