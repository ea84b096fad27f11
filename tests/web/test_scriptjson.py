"""Both pages kg writes embed their data with one escaper (kg/web/scriptjson.py)."""

from __future__ import annotations

import json
import re

from kg.web.render import render_html
from kg.web.scriptjson import script_json
from kg.web.serve_page import page

HOSTILE = "--><!-- </script><script>alert(1)</script> a & b > c"


def _block(html: str, element_id: str) -> str:
    return re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S
    ).group(1)


def test_both_pages_escape_their_script_data_alike():
    questions = [{"name": "evil", "title": HOSTILE, "sparql": "ASK { ?s ?p ?o }"}]
    view = {"title": HOSTILE, "nodes": [], "edges": []}
    for data, embedded in (
        (questions, _block(page(questions), "questions")),
        (view, _block(render_html(view), "kg-data")),
    ):
        assert embedded == script_json(data)
        assert not set("<>&") & set(embedded)
        assert json.loads(embedded) == data


def test_script_json_keeps_other_text_as_it_is():
    text = "Café ‘De Zon’ \u2028 regel\n"
    assert json.loads(script_json({"t": text})) == {"t": text}
    assert "Café ‘De Zon’" in script_json(text)
