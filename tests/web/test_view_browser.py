"""The network view's workbench features in a real browser (issue 15): it fits what a filter
leaves, keeps its state in the URL, filters by relation, exports the facts shown as CSV and
the drawing as PNG, and opens a 500-article graph on an overview that can be read.

Needs chromium and playwright as test_render_browser.py does (KG_BROWSER_TESTS=1 requires them).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from chromium import Page

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory) -> Path:
    """output/graph.html of a build of the project's corpus/."""
    from kg.build.pipeline import build

    corpus = tmp_path_factory.mktemp("corpus")
    for article in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(article, corpus / article.name)
    out = tmp_path_factory.mktemp("out")
    build(corpus, out)
    return out / "graph.html"


@pytest.fixture(scope="module")
def view_500(tmp_path_factory) -> Path:
    """A synthetic graph of 500 articles (5,000 nodes, 11,000 edges)."""
    from synthetic import synthetic_network  # tests/synthetic.py

    from kg.read.network import select
    from kg.web.render import render_html, view_data

    net = synthetic_network(5000, seed=3)
    target = tmp_path_factory.mktemp("big") / "500.html"
    target.write_text(render_html(view_data(net, select(net), title="500 articles")), "utf-8")
    return target


@pytest.fixture()
def seed_page(browser, seed_view):
    page = Page(browser, seed_view)
    yield page
    page.close()


SHOWN_BOX = """() => {
    // the shown nodes' bounding box on screen, as fractions of the canvas
    const net = kgView.network, ids = net.body.data.nodes.getIds();
    const box = document.getElementById('kg-network').getBoundingClientRect();
    const xs = [], ys = [];
    ids.forEach(i => {
        const p = net.canvasToDOM(net.getPosition(i)); xs.push(p.x); ys.push(p.y);
    });
    return {n: ids.length, left: Math.min(...xs) / box.width, right: Math.max(...xs) / box.width,
            top: Math.min(...ys) / box.height, bottom: Math.max(...ys) / box.height};
}"""


def test_view_refits_after_a_document_filter_one_document_of_500_fills_the_canvas(
    browser, view_500
):
    view = Page(browser, view_500)
    try:
        page = view.page
        page.select_option("#kg-document", label="Artikel 137 (0137.txt)")
        box = page.evaluate(SHOWN_BOX)
        assert box["n"] >= 5  # the document's entities
        assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= 1 and box["bottom"] <= 1
        assert max(box["right"] - box["left"], box["bottom"] - box["top"]) > 0.6, box
        assert view.errors == []
    finally:
        view.close()


def _view_state(page) -> dict:
    return page.evaluate("""() => ({
        search: document.getElementById('kg-search').value,
        law: document.getElementById('kg-law').selectedOptions[0].text,
        document: document.getElementById('kg-document').selectedOptions[0].text,
        types: [...document.querySelectorAll('#kg-legend input')].map(b => b.checked),
        relations: [...document.querySelectorAll('#kg-relations input')].map(b => b.checked),
        panel: document.getElementById('kg-panel').hidden ? null
               : document.getElementById('kg-panel-title').textContent,
        selected: kgView.network.getSelectedNodes(),
        count: document.getElementById('kg-count').textContent,
    })""")


def test_view_url_with_state_reopens_the_same_selection(browser, seed_page, seed_view):
    page = seed_page.page
    rmo = "kgView.data.nodes.find(n => n.l === 'Raad voor Maatschappelijke Ontwikkeling')"
    page.select_option("#kg-document", value=str(page.evaluate(f"{rmo}.d[0]")))
    page.locator("#kg-legend input").nth(3).uncheck()  # persons
    page.locator("#kg-relations input").first.uncheck()
    page.fill("#kg-search", "RMO")
    page.locator("#kg-results button").first.click()
    before = _view_state(page)
    assert before["panel"] == "Raad voor Maatschappelijke Ontwikkeling"
    assert before["document"] != "any document" and before["types"][3] is False
    url = page.evaluate("location.href")
    fragment = url[url.index("#") :]
    assert "RMO" not in fragment or "q=RMO" in fragment  # names, readable in the URL
    reopened = Page(browser, seed_view, fragment)
    try:
        assert _view_state(reopened.page) == before
        assert reopened.blocked == [] and reopened.errors == []
    finally:
        reopened.close()


def test_view_fragment_pasted_into_an_open_page_applies_it(seed_page):
    page = seed_page.page
    page.evaluate(
        "location.hash = '#hide-relation=mentions&node=Raad+voor+Maatschappelijke+Ontwikkeling'"
    )
    page.wait_for_selector("#kg-panel:not([hidden])", timeout=5000)
    assert page.text_content("#kg-panel-title") == "Raad voor Maatschappelijke Ontwikkeling"
    mentions = page.evaluate("kgView.data.relations.indexOf('mentions')")
    assert not page.locator("#kg-relations input").nth(mentions).is_checked()
    shown = page.evaluate(
        "kgView.network.body.data.edges.getIds().map(j => kgView.data.edges[j].r)"
    )
    assert shown and mentions not in shown
    assert seed_page.errors == []


def test_view_relation_filter_hides_other_edges(seed_page):
    page = seed_page.page
    relations = page.locator("#kg-relations label").all_text_contents()
    assert len(relations) >= 3  # mentions and the relations read from sentences
    # the legend draws each relation's line as the canvas does: its colour, and dashed for
    # the provenance layer (mentions, is about, written by)
    legend = page.evaluate("""() => [...document.querySelectorAll('#kg-relations .kg-line')]
        .map(s => [getComputedStyle(s).borderTopColor, s.classList.contains('kg-dashed')])""")
    drawn = page.evaluate("""() => kgView.data.relations.map((r, k) => {
        const j = kgView.data.edges.findIndex(e => e.r === k);
        const e = kgView.network.body.data.edges.get(j);
        const probe = document.createElement('span'); probe.style.color = e.color.color;
        document.body.appendChild(probe); const rgb = getComputedStyle(probe).color; probe.remove();
        return [rgb, e.dashes];
    })""")
    assert legend == drawn
    assert sum(dashed for _, dashed in legend) == 3
    kept = page.evaluate("kgView.data.relations.indexOf('recommends to')")
    assert kept >= 0
    boxes = page.locator("#kg-relations input")
    for k in range(boxes.count()):
        if k != kept:
            boxes.nth(k).uncheck()
    shown = page.evaluate(
        "kgView.network.body.data.edges.getIds().map(j => kgView.data.edges[j].r)"
    )
    assert shown and set(shown) == {kept}
    assert seed_page.errors == []


def _download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(button)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_view_selection_exports_as_csv_with_its_sentences(seed_page):
    page = seed_page.page
    page.fill("#kg-search", "RMO")
    page.locator("#kg-results button").first.click()
    name, data = _download(page, "#kg-csv")
    assert name.endswith(".csv") and "Raad-voor-Maatschappelijke-Ontwikkeling" in name
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    panel = page.locator("#kg-facts > li").count()
    assert len(rows) == panel > 0  # the facts as the panel shows them
    article = " ".join(
        (ROOT / "corpus" / "001_b762c0c2350ba8bf.txt").read_text(encoding="utf-8").split()
    )
    assert any(" ".join(r["sentence"].split()) in article for r in rows)
    assert any(
        r["document"] == "Sleutelrol gemeenten bij transformatie sociaal domein" for r in rows
    )
    assert all(r["subject"] and r["relation"] and r["object"] and r["rule"] for r in rows)
    assert seed_page.blocked == [] and seed_page.errors == []


def test_view_csv_cell_starting_with_equals_is_text_not_a_formula(seed_page):
    text = seed_page.page.evaluate("""() => {
        const D = kgView.data, k = kgView.data.nodes.find(n => n.e.length).e[0];
        D.sentences[D.evidence[k][3]] = '=HYPERLINK("http://example.org","x")';
        return kgView.csv([k]);
    }""")
    row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1]
    assert row[3] == '\'=HYPERLINK("http://example.org","x")'


def test_view_drawing_exports_as_png(seed_page):
    name, data = _download(seed_page.page, "#kg-png")
    assert name.endswith(".png") and data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert seed_page.blocked == [] and seed_page.errors == []


LABEL_BOXES = """() => {
    // the labels drawn on the canvas, as boxes in canvas units
    const net = kgView.network;
    return net.body.data.nodes.getIds().filter(i => net.body.nodes[i].options.label)
      .map(i => { const s = net.body.nodes[i].labelModule.size;
                  return [i, s.left, s.top, s.left + s.width, s.top + s.height]; });
}"""


def test_view_500_articles_open_on_a_readable_overview(browser, view_500):
    view = Page(browser, view_500)
    try:
        page = view.page
        assert page.evaluate("kgView.network.body.data.nodes.length") == 40
        assert "4,960 nodes hidden" in page.text_content("#kg-hidden")
        labels = page.evaluate(LABEL_BOXES)
        assert len(labels) >= 30  # most of the 40 actors carry their name
        overlaps = [
            (a[0], b[0])
            for n, a in enumerate(labels)
            for b in labels[n + 1 :]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
        ]
        assert overlaps == []
        font = page.evaluate(
            "kgView.network.body.nodes[%d].labelModule.fontOptions.size" % labels[0][0]
        )
        assert font * page.evaluate("kgView.network.getScale()") >= 12  # readable on screen
        # a click shows the node's neighbours
        hub = labels[0][0]
        partners = page.evaluate(f"kgView.network.getConnectedNodes({hub}).length")
        page.evaluate(f"kgView.choose({hub})")
        shown = page.evaluate(f"kgView.network.getConnectedNodes({hub}).length")
        assert shown > partners
        page.click("#kg-all")
        assert (
            page.evaluate("kgView.network.body.data.nodes.length") == 4500
        )  # documents start hidden
        assert page.locator("#kg-hidden").is_hidden()
        assert view.errors == []
    finally:
        view.close()
