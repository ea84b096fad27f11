"""The query page of `kg serve`: one self-contained HTML page that works offline.

Its HTML, style and script are files in kg/web/pages (query.html, query.css, query.js),
read once when the server starts. No CDN, no external file: the style and the script
are put inline and allowed by their hashes in the Content-Security-Policy, which also
forbids every other script, style, image, frame and form target. Text from the graph is
data, never markup: the results table is built with textContent, so a `<script>` in an
article shows as text.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass

from kg.read.query import list_questions
from kg.resources import package_path
from kg.web.scriptjson import script_json

_MARKER = re.compile(r"@@(CSP|STYLE|QUESTIONS|SCRIPT)@@")


@dataclass(frozen=True)
class QueryPage:
    """The page's three files, as read from kg/web/pages."""

    template: str  # query.html, with @@CSP@@, @@STYLE@@, @@QUESTIONS@@ and @@SCRIPT@@
    style: str
    script: str

    def policy(self, *, header: bool = False) -> str:
        """Only the page's own inline style and script run; it may fetch only from its own
        origin. frame-ancestors (no framing) works only as an HTTP header, not in the
        page's meta tag."""
        policy = (
            f"default-src 'none'; script-src {_hash(self.script)}; "
            f"style-src {_hash(self.style)}; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'"
        )
        return policy + "; frame-ancestors 'none'" if header else policy

    def html(self, questions: list[dict[str, str]]) -> str:
        """The page, with the named questions (name, title, sparql) embedded as JSON data."""
        parts = {
            "CSP": self.policy(),
            "STYLE": self.style,
            "QUESTIONS": script_json(questions),  # no text in a question can end the element
            "SCRIPT": self.script,
        }
        # one pass, so that text inserted for one marker is never searched for another
        return _MARKER.sub(lambda m: parts[m.group(1)], self.template)


@functools.cache
def load_page() -> QueryPage:
    """The page's files, read once (a missing file stops the server at start-up)."""

    def read(name: str) -> str:
        return package_path("web/pages", name).read_text(encoding="utf-8")

    return QueryPage(read("query.html"), read("query.css"), read("query.js"))


def shipped_questions() -> list[dict[str, str]]:
    """The shipped questions (kg query --list) as the page offers them."""
    return [
        {"name": q.name, "title": q.title, "sparql": q.path.read_text(encoding="utf-8")}
        for q in list_questions()
    ]


def page(questions: list[dict[str, str]]) -> str:
    """The page with these questions (see QueryPage.html)."""
    return load_page().html(questions)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
