"""The query page of `kg serve` in Debian's chromium: YASGUI on the server's own /sparql.

An analyst picks a shipped question, fills in its parameter, runs it, downloads the
answer, and shares the address; nothing is fetched from another origin and the page's
Content-Security-Policy is never violated.
"""

from __future__ import annotations

import csv
import io
import threading
from urllib.parse import urlsplit

import pytest

from kg.rdf.store import open_store
from kg.read.query import resolve_query, run_query
from kg.web.serve import make_server

SCP = "Sociaal en Cultureel Planbureau"


@pytest.fixture(scope="module")
def store(built_graph_path):
    return open_store(built_graph_path)


@pytest.fixture(scope="module")
def base(store):
    server = make_server(store, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


class Visit:
    """A fresh browser context on the page; records requests to other origins, console
    errors and policy violations."""

    def __init__(self, browser, url: str):
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__violations.push(e.violatedDirective + ' ' + e.sourceFile));"
        )
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)

    def _route(self, route):
        if route.request.url.startswith(self.origin + "/") or route.request.url.startswith(
            ("blob:", "data:")
        ):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def rows(self) -> list[list[str]]:
        self.page.wait_for_selector(".yasr table.dataTable tbody tr td:nth-child(2)")
        return self.page.eval_on_selector_all(
            ".yasr table.dataTable tbody tr",
            "rows => rows.map(r => [...r.cells].slice(1).map(c => c.textContent.trim()))",
        )

    def columns(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".yasr table.dataTable thead th",
            "cells => cells.slice(1).map(c => c.textContent.trim())",
        )

    def clean(self) -> bool:
        violations = self.page.evaluate("window.__violations")
        return not (self.elsewhere or self.errors or violations)

    def close(self):
        self.context.close()


def test_query_page_runs_about_with_its_parameter(browser, base):
    """`about` needs a name: run without it the page showed 0 rows. The name matches
    ignoring case, as `kg query about --param name=scp` does."""
    visit = Visit(browser, base + "/")
    try:
        visit.page.select_option("#question", "about")
        visit.page.fill("#parameter-name", "scp")
        visit.page.press("#parameter-name", "Enter")
        rows = visit.rows()
        assert [SCP, "GovernmentBody"] in [row[:2] for row in rows]
        assert visit.columns()[:3] == ["label", "type", "document"]  # in the query's order
        assert visit.clean(), (visit.elsewhere, visit.errors)
    finally:
        visit.close()


def test_query_page_downloads_csv_and_tsv_as_the_endpoint_answers(browser, base, store):
    visit = Visit(browser, base + "/")
    try:
        visit.page.select_option("#question", "laws")
        with visit.page.expect_download() as download:
            visit.page.click("#csv")
        table = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
        expected = run_query(store, resolve_query("laws"))
        assert table[0] == expected.columns and table[1:] == [list(r) for r in expected.rows]
        assert download.value.suggested_filename == "laws.csv"
        with visit.page.expect_download() as download:
            visit.page.click("#tsv")
        assert open(download.value.path(), encoding="utf-8").readline().startswith("?label\t")
        assert visit.clean(), (visit.elsewhere, visit.errors)
    finally:
        visit.close()


def test_query_page_permalink_reopens_the_same_query_and_result(browser, base):
    first = Visit(browser, base + "/")
    try:
        first.page.select_option("#question", "about")
        first.page.fill("#parameter-name", "gemeente")
        first.page.click(".yasqe_queryButton")
        rows = first.rows()
        query = first.page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
        link = first.page.url
    finally:
        first.close()
    assert "#" in link and "query=" in link and len(rows) > 1
    second = Visit(browser, link)  # a new browser context: nothing kept from the first
    try:
        assert second.rows() == rows
        shown = second.page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
        assert shown == query and 'VALUES ?name { "gemeente" }' in shown
        assert second.clean(), (second.elsewhere, second.errors)
    finally:
        second.close()


def test_query_page_marks_a_syntax_error_at_its_line(browser, base):
    visit = Visit(browser, base + "/")
    try:
        visit.page.select_option("#question", "")
        visit.page.evaluate(
            "document.querySelector('.CodeMirror').CodeMirror.setValue("
            "'SELECT ?s WHERE {\\n  ?s ?p ?o\\n}\\nLIMIT x')"
        )
        visit.page.wait_for_selector(".parseErrorIcon")
        marked = visit.page.evaluate(
            "(() => { const cm = document.querySelector('.CodeMirror').CodeMirror;"
            " return [...Array(cm.lineCount()).keys()].filter("
            "  n => (cm.lineInfo(n).gutterMarkers || {}).gutterErrorBar); })()"
        )
        assert marked == [3]  # the fourth line, `LIMIT x`
    finally:
        visit.close()
