"""The query page of `kg serve`: YASGUI on the server's own /sparql, offline.

The page (kg/web/pages/query.html) loads YASGUI, vendored in kg/web/yasgui (see its
README), and kg's script and style from this server's /assets/ path: no CDN, nothing from
another origin. The Content-Security-Policy allows scripts, styles and requests from the
same origin only; no inline script runs (the questions are a JSON data block, which is
never executed). All files are read once when the server starts.
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

_MARKER = re.compile(r"@@QUESTIONS@@")

_INJECTED_STYLE = re.compile(r"createStyle\([A-Za-z_$]+,`([^`$]*)`\)")
_DRAG_STYLE = "*{cursor:col-resize!important}"
"""The one style sheet YASGUI's column resizer makes from an option (its default) while a
column is dragged; the others are constant text in the bundle."""

_ASSETS = {  # name under /assets/: (folder in the package, content type)
    "yasgui.min.js": ("web/yasgui", "text/javascript; charset=utf-8"),
    "yasgui.min.css": ("web/yasgui", "text/css; charset=utf-8"),
    "query.js": ("web/pages", "text/javascript; charset=utf-8"),
    "query.css": ("web/pages", "text/css; charset=utf-8"),
}


@dataclass(frozen=True)
class Asset:
    content_type: str
    body: bytes


@dataclass(frozen=True)
class QueryPage:
    """The page's template and the files it loads from /assets/."""

    template: str  # query.html, with @@QUESTIONS@@
    assets: dict[str, Asset]

    @functools.cached_property
    def policy(self) -> str:
        """Only this server's files run and style the page, and it asks only this server.

        YASGUI's column resizer adds `<style>` elements of fixed text to the page: these
        are allowed by their hashes, so no other inline style applies.
        """
        script = self.assets["yasgui.min.js"].body.decode("utf-8")
        injected = [*_INJECTED_STYLE.findall(script), _DRAG_STYLE]
        hashes = " ".join(sorted({_hash(text) for text in injected}))
        return (
            f"default-src 'none'; script-src 'self'; style-src 'self' {hashes}; "
            "connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'"
        )

    def html(self, questions: list[dict]) -> str:
        """The page, with the named questions embedded as JSON data."""
        # no text in a question can end the element; one pass, so no inserted text is searched
        return _MARKER.sub(lambda _: script_json(questions), self.template)

    def asset(self, name: str) -> Asset | None:
        """A file the page loads, by its name under /assets/ (None: not one of them)."""
        return self.assets.get(name)


@functools.cache
def load_page() -> QueryPage:
    """The page's files, read once (a missing file stops the server at start-up)."""
    assets = {
        name: Asset(content_type, package_path(folder, name).read_bytes())
        for name, (folder, content_type) in _ASSETS.items()
    }
    template = package_path("web/pages", "query.html").read_text(encoding="utf-8")
    return QueryPage(template, assets)


def shipped_questions() -> list[dict]:
    """The shipped questions (kg query --list) as the page offers them."""
    return [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "parameters": list(q.parameters),
            "sparql": q.path.read_text(encoding="utf-8"),
        }
        for q in list_questions()
    ]


def page(questions: list[dict]) -> str:
    """The page with these questions (see QueryPage.html)."""
    return load_page().html(questions)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
