"""The network view's HTML without a browser (kg/web/render.py): self-contained, strict CSP,
article text only as escaped JSON data, deterministic; and the render, export and stats
commands. tests/test_render_browser.py drives the page itself."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.read.network import select
from kg.web.render import render_file, render_html, script_json, view_data

MARKUP = "</script><script>kgPwned(1)</script><img src=x onerror=kgPwned(2)> & <a href='https://x.example'>"


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


class Page(HTMLParser):
    """The elements of a page and the text of its scripts."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture(scope="module")
def view(built_graph_path, tmp_path_factory):
    target = tmp_path_factory.mktemp("view") / "graph.html"
    report = render_file(built_graph_path, target)
    return report, target.read_text(encoding="utf-8")


def test_render_script_json_cannot_close_its_script():
    text = script_json({"label": MARKUP})
    assert not set("<>&") & set(text)
    assert json.loads(text) == {"label": MARKUP}


def test_render_page_is_self_contained(view):
    _, html = view
    page = Page(html)
    assert not [(tag, attrs) for tag, attrs in page.tags if "src" in attrs or "href" in attrs]
    assert not [tag for tag, _ in page.tags if tag in ("link", "iframe", "img", "object", "embed")]
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "url(" not in style and "@import" not in style  # our CSS loads nothing


def test_render_page_csp_forbids_requests_and_allows_only_its_scripts(view):
    _, html = view
    page = Page(html)
    csp = next(
        attrs["content"]
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    rules = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert (
        rules["default-src"] == "'none'"
        and rules["connect-src"] == "'none'"
        and rules["img-src"] == "data:"
    )
    code = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 2  # vis-network and the view
    hashes = {
        f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'" for t in code
    }
    assert set(rules["script-src"].split()) == hashes
    assert "unsafe" not in rules["script-src"]


def test_render_page_data_is_the_network(view, built_graph_path):
    report, html = view
    page = Page(html)
    data = json.loads(
        next(text for attrs, text in page.scripts if attrs.get("type") == "application/json")
    )
    assert len(data["nodes"]) == report.nodes == report.total_nodes
    labels = {n["l"] for n in data["nodes"]}
    assert {"Sociaal en Cultureel Planbureau", "Participatiewet", "gemeente Zwolle"} <= labels
    scp = next(n for n in data["nodes"] if n["l"] == "Sociaal en Cultureel Planbureau")
    assert "SCP" in scp["a"] and scp["e"]
    for row in (data["evidence"][k] for k in scp["e"]):
        sentence = data["sentences"][row[3]]
        assert data["documents"][row[6]][0] == "scp_participatiewet.txt"
        assert len(sentence) >= row[4] + row[5]  # the matched words lie inside the sentence
    sizes = [n["s"] for n in data["nodes"]]
    assert max(sizes) > min(sizes)  # sized by links


def test_render_article_markup_only_as_escaped_data(built_graph_path):
    from kg.rdf.store import open_store
    from kg.read.network import read_network

    net = read_network(open_store(built_graph_path))
    some = next(iter(net.graph))
    net.graph.nodes[some]["label"] = MARKUP
    html = render_html(view_data(net, select(net), title=MARKUP))
    assert html.count("kgPwned(") == 4  # twice in the heading data, twice in the node's label
    assert (
        "\\u003cscript\\u003ekgPwned(1)\\u003c/script\\u003e"
        "\\u003cimg src=x onerror=kgPwned(2)\\u003e \\u0026" in html
    )
    assert "<img" not in html and "<script>kgPwned" not in html
    assert html.count("<script") == 3


def test_render_same_graph_same_bytes(built_graph_path, tmp_path, view):
    target = tmp_path / "again.html"
    render_file(built_graph_path, target)
    assert target.read_text(encoding="utf-8") == view[1]


def test_render_size_limit_says_what_it_left_out(built_graph_path, tmp_path):
    report = render_file(built_graph_path, tmp_path / "small.html", max_nodes=10)
    assert report.nodes == 10 and report.total_nodes > 10
    assert f"Showing the 10 most connected of {report.total_nodes} nodes" in report.note
    assert "--focus NAME" in report.note and "--type TYPE" in report.note
    html = (tmp_path / "small.html").read_text(encoding="utf-8")
    assert script_json(report.note)[1:-1] in html


def test_cli_render_writes_beside_the_graph(built_graph_path, tmp_path):
    graph = tmp_path / "graph.ttl"
    shutil.copy(built_graph_path, graph)
    result = kg("render", "--graph", graph, "--focus", "SCP", "--type", "actor", "--type", "work")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "graph.html").is_file()
    assert re.match(r"wrote .*graph\.html: \d+ nodes, \d+ edges", result.stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--focus", "Nergens Genoemd"],
            "Error: nothing in the graph is called 'Nergens Genoemd'\n",
        ),
        (["--type", "boat"], "Error: unknown type 'boat'; choose from: actor, "),
    ],
)
def test_cli_render_bad_choice_is_one_line(built_graph_path, tmp_path, args, message):
    result = kg("render", "--graph", built_graph_path, "-o", tmp_path / "x.html", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_cli_render_missing_graph_is_one_line(tmp_path):
    result = kg("render", "--graph", tmp_path / "none.ttl")
    assert (
        result.exit_code == 1
        and "no such file" in result.stderr
        and "Traceback" not in result.stderr
    )


@pytest.mark.parametrize("fmt, marker", [("graphml", "<graphml"), ("gexf", "<gexf")])
def test_cli_export_actor_network(built_graph_path, tmp_path, fmt, marker):
    target = tmp_path / f"actors.{fmt}"
    result = kg("export", "--graph", built_graph_path, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith(marker) and "Sociaal en Cultureel Planbureau" in text
    assert "scp_participatiewet.txt" not in text  # documents are left out


def test_cli_stats_text_and_json(built_graph_path):
    result = kg("stats", "--graph", built_graph_path)
    assert result.exit_code == 0, result.stderr
    assert "Nodes per type" in result.stdout and "Communities" in result.stdout
    data = json.loads(
        kg("stats", "--graph", built_graph_path, "--format", "json", "--top", "2").stdout
    )
    assert data["nodes_per_type"]["Document"] == 3
    assert len(data["central_actors"]) == 2 and data["central_actors"][0]["label"] == "gemeenten"


def test_render_build_leaves_big_archives_to_kg_render(tmp_path, fixture_corpus, monkeypatch):
    """Above the size limit a build writes no view (an old one goes) and says how to draw a part."""
    from kg.build.pipeline import build

    out = tmp_path / "out"
    build(fixture_corpus, out)
    assert (out / "graph.html").is_file()
    monkeypatch.setattr("kg.build.pipeline.VIEW_MAX_DOCUMENTS", 2)
    report = build(fixture_corpus, out)
    assert not (out / "graph.html").exists()
    assert any(name == "graph.html" and "kg render --focus" in note for name, note in report.notes)
    assert report.outputs == [out / "graph.ttl"]
