"""The query page of `kg serve` is built from files (kg/web/pages) and allows by hash
exactly the style and script it puts inline."""

from __future__ import annotations

import base64
import hashlib

from kg.resources import package_path
from kg.web.serve_page import load_page, page


def _allowed(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def test_serve_page_assets_are_files_whose_hashes_the_policy_names():
    style = package_path("web/pages", "query.css").read_text(encoding="utf-8")
    script = package_path("web/pages", "query.js").read_text(encoding="utf-8")
    html = page([{"name": "laws", "title": "Wetten", "sparql": "SELECT * WHERE { ?s ?p ?o }"}])
    assert f"<style>{style}</style>" in html and f"<script>{script}</script>" in html
    assert "@@" not in html  # every marker of query.html filled in
    policy = load_page().policy()
    assert f"script-src {_allowed(script)};" in policy
    assert f"style-src {_allowed(style)};" in policy
    assert f'content="{policy}"' in html
    assert load_page().policy(header=True) == policy + "; frame-ancestors 'none'"
