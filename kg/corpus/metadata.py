"""What a file states about itself: its date, source address and publisher.

Read from YAML front matter (a .txt or .md file) or from an HTML page's <meta> tags and
canonical link, so an analyst can ask "as of" questions (dcterms:issued, dcterms:source,
dcterms:publisher). Only plain "key: value" lines are read, never YAML itself: a front
matter block is untrusted text and holds nothing else kg needs.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Metadata:
    issued: str = ""  # ISO date, "2024-03-12"
    source: str = ""  # an http(s) address
    publisher: str = ""  # as written, "Gemeente Zwolle"


FRONT_MATTER_KEYS = {
    "issued": ("date", "datum", "issued", "published", "publicatiedatum", "pubdate"),
    "source": ("url", "source", "bron", "link", "canonical"),
    "publisher": ("publisher", "uitgever", "organisatie", "organisation", "site", "medium"),
}
"""Front-matter keys (matched case-insensitively) for each field, the first one found wins."""

HTML_META_NAMES = {
    "issued": (
        "dcterms.issued",
        "dcterms.date",
        "dc.date",
        "article:published_time",
        "date",
        "citation_publication_date",
        "pubdate",
    ),
    "source": ("dcterms.identifier", "og:url"),
    "publisher": ("dcterms.publisher", "dc.publisher", "og:site_name", "citation_publisher"),
}
"""<meta name|property> values for each field, in order of preference (DCTERMS.* is how
overheid.nl pages label theirs); a <link rel="canonical"> comes before og:url."""

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z]*)?")
_DUTCH_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_DUTCH_WORDS = re.compile(r"(?:\w+dag\s+)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", re.I)
_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_META_TAG = re.compile(r"<(meta|link)\b([^<>]{0,2000})>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.I)
HEAD_LIMIT = 200_000
"""Characters of a page searched for its <head> tags when it has no </head>."""


def parse_date(value: str) -> str:
    """An ISO date from "2024-03-12", "2024-03-12T09:00:00+01:00", "12-03-2024" or
    "dinsdag 12 maart 2024"; "" when the value is not one of those or not a real day."""
    value = value.strip().strip("\"'")
    for pattern, order in ((_ISO, "ymd"), (_DUTCH_NUMERIC, "dmy"), (_DUTCH_WORDS, "dmy")):
        m = pattern.fullmatch(value)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month = parts["m"]
        month_number = int(month) if month.isdigit() else MONTHS.get(month.lower(), 0)
        try:
            return datetime.date(int(parts["y"]), month_number, int(parts["d"])).isoformat()
        except ValueError:
            return ""
    return ""


def from_front_matter(block: str) -> tuple[Metadata, list[str]]:
    """The fields a front-matter block states, and a note for each value not understood."""
    values: dict[str, str] = {}
    for m in _LINE.finditer(block):
        key, value = m.group(1).lower(), _unquote(m.group(2))
        if value:
            values.setdefault(key, value)
    return _metadata(
        lambda names: next((values[n] for n in names if n in values), ""), FRONT_MATTER_KEYS
    )


def from_html(page: str) -> Metadata:
    """The fields an HTML page's <head> states in <meta> tags and its canonical link."""
    end = _HEAD_END.search(page, 0, HEAD_LIMIT)
    head = page[: end.start() if end else HEAD_LIMIT]
    metas: dict[str, str] = {}
    for m in _META_TAG.finditer(head):
        attrs = {
            a.group(1).lower(): html.unescape(next(g for g in a.groups()[1:] if g is not None))
            for a in _ATTRIBUTE.finditer(m.group(2))
        }
        if m.group(1).lower() == "link":
            if "canonical" in attrs.get("rel", "").lower().split():
                metas.setdefault("canonical", attrs.get("href", "").strip())
            continue
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        if name and attrs.get("content", "").strip():
            metas.setdefault(name, attrs["content"].strip())
    names = dict(HTML_META_NAMES, source=("canonical", *HTML_META_NAMES["source"]))
    return _metadata(lambda keys: next((metas[k] for k in keys if k in metas), ""), names)[0]


def _metadata(lookup, names: dict[str, tuple[str, ...]]) -> tuple[Metadata, list[str]]:
    notes = []
    issued_text, source, publisher = (lookup(names[f]) for f in ("issued", "source", "publisher"))
    issued = parse_date(issued_text) if issued_text else ""
    if issued_text and not issued:
        notes.append(f"date {issued_text[:40]!r} not understood (write 2024-03-12)")
    if source and not _web_address(source):
        notes.append(f"source {source[:60]!r} is not a web address; left out")
        source = ""
    return Metadata(issued, source, " ".join(publisher.split())[:200]), notes


def _web_address(value: str) -> bool:
    """An http(s) address the graph can hold as an IRI (Oxigraph checks it)."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", value):
        return False
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value
