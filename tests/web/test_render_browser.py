"""The network view in a real browser (Debian's chromium driven by Playwright), with every
request that is not the page itself blocked: it draws, searches, shows evidence, logs no
error, runs no script from an article, and is usable within 3 s at 5,000 nodes.

Skipped when chromium or playwright is missing, unless KG_BROWSER_TESTS=1 (as in .ci/run),
where a missing browser is a failure.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from chromium import Page, drawn_pixels

ROOT = Path(__file__).resolve().parents[2]

PAYLOAD_TITLE = (
    "Titel <script>window.__pwned=1;document.title='pwned'</script> "
    "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\"> "
    '<a href="javascript:window.__pwned=3">klik</a>'
)
CRAFTED = (
    f"{PAYLOAD_TITLE}\n"
    "De Raad voor Maatschappelijke Ontwikkeling (RMO) adviseert gemeenten om "
    "<img src=x onerror=\"window.__pwned=4;document.title='pwned'\"> en </script>"
    "<script>window.__pwned=5</script> beter samen te werken.\n"
    '‘Wij willen minder <b onmouseover="window.__pwned=6">regels</b> en meer vertrouwen,’ '
    "zegt Ahmed El Idrissi.\n"
)
"""An article whose title and sentences carry markup that would run if it were ever
parsed as HTML: each payload sets window.__pwned and document.title."""


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory) -> Path:
    """output/graph.html of a build of the project's corpus/ plus the crafted article."""
    from kg.build.pipeline import build

    corpus = tmp_path_factory.mktemp("corpus")
    for article in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(article, corpus / article.name)
    (corpus / "999_crafted.txt").write_text(CRAFTED, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build(corpus, out)
    return out / "graph.html"


@pytest.fixture()
def seed_page(browser, seed_view):
    page = Page(browser, seed_view)
    yield page
    page.close()


def _not_pwned(page):
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.title") != "pwned"
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 3  # the data block, vis-network, the view


def test_render_browser_draws_the_seed_graph_offline(seed_page):
    page = seed_page.page
    total = page.evaluate("kgView.data.nodes.length")
    assert total > 50  # five articles give dozens of entities
    assert page.text_content("#kg-count").startswith(f"Showing {total} of {total} nodes")
    assert drawn_pixels(page) > 5000
    assert seed_page.blocked == []  # nothing even tried to leave the page
    assert seed_page.errors == []


def test_render_browser_search_finds_rmo_and_shows_its_evidence(seed_page):
    page = seed_page.page
    page.fill("#kg-search", "RMO")
    first = page.locator("#kg-results button").first
    assert "Raad voor Maatschappelijke Ontwikkeling" in first.text_content()
    first.click()
    assert page.text_content("#kg-panel-title") == "Raad voor Maatschappelijke Ontwikkeling"
    sentences = page.locator("#kg-facts .kg-sentence")
    assert sentences.count() > 0
    article = " ".join(
        (ROOT / "corpus" / "001_b762c0c2350ba8bf.txt").read_text(encoding="utf-8").split()
    )
    texts = [" ".join(t.split()).strip("“”") for t in sentences.all_text_contents()]
    assert any(t in article for t in texts), texts[:3]  # a sentence as written in the article
    marks = page.locator("#kg-facts mark").all_text_contents()
    assert any("RMO" in m or "Raad" in m for m in marks)
    sources = " ".join(page.locator("#kg-facts .kg-source").all_text_contents())
    assert "Sleutelrol gemeenten bij transformatie sociaal domein" in sources  # the document title
    assert re.search(r"rule [a-z-]+", sources)
    assert seed_page.errors == []


def test_render_browser_article_markup_is_text_in_panel_and_tooltip(seed_page):
    page = seed_page.page
    page.fill("#kg-search", "999_crafted.txt")  # a document, found by its file name
    page.locator("#kg-results button").first.click()
    assert page.text_content("#kg-panel-title") == PAYLOAD_TITLE
    facts = page.text_content("#kg-facts")
    assert "<img src=x onerror=" in facts and "</script><script>" in facts
    # hover the document node: the tooltip shows its title as text
    point = page.evaluate("""() => {
        const i = kgView.data.nodes.findIndex(n => n.l.startsWith('Titel <script>'));
        const net = kgView.network, p = net.canvasToDOM(net.getPosition(i));
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#kg-tooltip:not([hidden])", timeout=5000)
    assert page.text_content("#kg-tooltip").startswith(PAYLOAD_TITLE)
    page.mouse.click(point["x"], point["y"])
    assert page.text_content("#kg-panel-title") == PAYLOAD_TITLE
    _not_pwned(page)
    assert seed_page.errors == []


def test_render_browser_markup_in_heading_is_text(browser, seed_view, tmp_path):
    from kg.web.render import render_file

    target = tmp_path / "focus.html"
    render_file(seed_view.with_name("graph.ttl"), target, focus=PAYLOAD_TITLE)
    view = Page(browser, target)
    try:
        page = view.page
        assert page.text_content("h1") == f"Network around {PAYLOAD_TITLE}"
        assert page.evaluate("document.title") == f"Network around {PAYLOAD_TITLE}"
        _not_pwned(page)
        assert view.blocked == [] and view.errors == []
    finally:
        view.close()


def test_render_browser_5000_nodes_usable_within_3_seconds(browser, tmp_path):
    from synthetic import synthetic_network  # tests/synthetic.py

    from kg.read.network import select
    from kg.web.render import render_html, view_data

    net = synthetic_network(5000, seed=3)
    html = render_html(view_data(net, select(net), title="synthetic"))
    target = tmp_path / "big.html"
    target.write_text(html, encoding="utf-8")
    view = Page(browser, target)
    try:
        ready_ms = view.page.evaluate("kgReadyAt")
        assert ready_ms < 3000, f"first usable paint after {ready_ms:.0f} ms"
        assert drawn_pixels(view.page) > 5000
        view.page.fill("#kg-search", "node 4321")
        view.page.locator("#kg-results button").first.click()
        assert view.page.text_content("#kg-panel-title") == "node 4321"
        assert view.blocked == [] and view.errors == []
    finally:
        view.close()


def test_render_browser_1mb_label_is_cut_on_the_canvas_and_whole_in_the_panel(browser, tmp_path):
    """A label of a megabyte (the corpus decides what a name is) ends in "…" on the canvas,
    so fitting the drawing to the screen keeps the network as large as without it."""
    from synthetic import synthetic_network  # tests/synthetic.py

    from kg.read.network import select
    from kg.web.render import render_html, view_data

    long_label = ("Stichting Heel Lange Naam " * 40_330)[:1_000_000]
    pages = {}
    for name, label in (("plain", None), ("long", long_label)):
        net = synthetic_network(300, seed=5)
        if label:
            net.graph.nodes["e/7"]["label"] = label
        target = tmp_path / f"{name}.html"
        target.write_text(render_html(view_data(net, select(net), title=name)), encoding="utf-8")
        pages[name] = target
    plain = Page(browser, pages["plain"])
    try:
        plain_scale = plain.page.evaluate("kgView.network.getScale()")
    finally:
        plain.close()
    view = Page(browser, pages["long"])
    try:
        page = view.page
        i = page.evaluate(f"kgView.data.nodes.findIndex(n => n.l.length === {len(long_label)})")
        assert i >= 0
        assert (
            page.evaluate("kgView.network.getScale()") > plain_scale / 2
        )  # without the cut: 1/3600
        assert drawn_pixels(page) > 5000  # without the cut: a dot of 6 pixels
        page.evaluate(f"kgView.choose({i})")  # the chosen node is always labelled
        drawn = page.evaluate(f"kgView.network.body.data.nodes.get({i}).label")
        assert len(drawn) <= 40 and drawn.endswith("…") and long_label.startswith(drawn[:-1])
        assert page.evaluate("document.getElementById('kg-panel-title').textContent.length") == len(
            long_label
        )
        # a filter fits the drawing again, now with the long node labelled: still not a dot
        page.locator("#kg-provenance").uncheck()
        assert page.evaluate(f"kgView.network.body.data.nodes.get({i}).label") == drawn
        assert page.evaluate("kgView.network.getScale()") > plain_scale / 2
        assert view.blocked == [] and view.errors == []
    finally:
        view.close()
