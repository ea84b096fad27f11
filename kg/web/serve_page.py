"""The query page of `kg serve`: one self-contained HTML page that works offline.

No CDN, no external file: the style and the script are inline and allowed by their
hashes in the Content-Security-Policy, which also forbids every other script, style,
image, frame and form target. Text from the graph is data, never markup: the results
table is built with textContent, so a `<script>` in an article shows as text.
"""

from __future__ import annotations

import base64
import hashlib

from kg.web.scriptjson import script_json

STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
p.lead { margin: 0 0 1rem; color: #555; }
label { font-weight: 600; margin-right: .4rem; }
select, button { font: inherit; }
textarea { width: 100%; box-sizing: border-box; height: 14rem; font: 13px/1.4 ui-monospace, monospace; margin: .5rem 0; }
button { padding: .3rem 1rem; }
#status { margin-left: 1rem; color: #555; }
#status.error { color: #b00020; white-space: pre-wrap; }
table { border-collapse: collapse; margin-top: 1rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
pre#graph { background: #f7f7f7; padding: .5rem; overflow: auto; white-space: pre-wrap; }
code { font-family: ui-monospace, monospace; }
"""

SCRIPT = """
"use strict";
const questions = JSON.parse(document.getElementById("questions").textContent);
const pick = document.getElementById("question");
const text = document.getElementById("sparql");
const status = document.getElementById("status");
const table = document.getElementById("results");
const graph = document.getElementById("graph");
for (const q of questions) {
  const option = document.createElement("option");
  option.value = q.name;
  option.textContent = q.name + " \\u2014 " + q.title;
  pick.appendChild(option);
}
pick.addEventListener("change", () => {
  const q = questions.find(item => item.name === pick.value);
  if (q) text.value = q.sparql;
});
function say(message, isError) {
  status.textContent = message;
  status.className = isError ? "error" : "";
}
function cell(term) {
  if (!term) return "";
  if (term.type === "triple") return "<< " + cell(term.value.subject) + " " + cell(term.value.predicate) + " " + cell(term.value.object) + " >>";
  return term.value;
}
function show(data) {
  table.replaceChildren();
  graph.textContent = "";
  if (typeof data.boolean === "boolean") return "answer: " + data.boolean;
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of data.head.vars) row.insertCell().textContent = cell(binding[name]);
  }
  const n = data.results.bindings.length;
  return n + (n === 1 ? " row" : " rows");
}
async function run() {
  say("running\\u2026", false);
  const started = performance.now();
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: text.value,
    });
    const body = await response.text();
    if (!response.ok) { table.replaceChildren(); graph.textContent = ""; say(response.status + ": " + body, true); return; }
    let summary;
    if ((response.headers.get("Content-Type") || "").startsWith("text/turtle")) {
      table.replaceChildren();
      graph.textContent = body;
      summary = "triples";
    } else {
      summary = show(JSON.parse(body));
    }
    if (response.headers.get("X-Result-Truncated") === "true")
      summary += " (cut at the limit of " + response.headers.get("X-Result-Limit") + ")";
    say(summary + " in " + Math.round(performance.now() - started) + " ms", false);
  } catch (error) {
    say("no answer from the endpoint: " + error.message, true);
  }
}
document.getElementById("run").addEventListener("click", run);
text.addEventListener("keydown", event => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
});
if (questions.length) { pick.value = questions[0].name; text.value = questions[0].sparql; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg — SPARQL</title>
<style>{style}</style>
</head>
<body>
<h1>kg — SPARQL endpoint</h1>
<p class="lead">Ask the knowledge graph of the sociaal domein. The prefixes kg:, id:, rdfs:, skos:,
dcterms:, prov:, oa:, org:, foaf:, schema: are known. Endpoint for other tools: <code>/sparql</code>.</p>
<div><label for="question">Question</label><select id="question"></select></div>
<textarea id="sparql" spellcheck="false" aria-label="SPARQL query"></textarea>
<div><button id="run" type="button">Run</button> <span>(Ctrl+Enter)</span><span id="status" role="status"></span></div>
<table id="results"></table>
<pre id="graph"></pre>
<script type="application/json" id="questions">{questions}</script>
<script>{script}</script>
</body>
</html>
"""


def _hash(source: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
        + "'"
    )


def content_security_policy(*, header: bool = False) -> str:
    """Only the page's own inline style and script run; it may fetch only from its own origin.

    frame-ancestors (no framing) works only as an HTTP header, not in the page's meta tag.
    """
    policy = (
        f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
    return policy + "; frame-ancestors 'none'" if header else policy


def page(questions: list[dict[str, str]]) -> str:
    """The page, with the named questions (name, title, sparql) embedded as JSON data."""
    return TEMPLATE.format(
        csp=content_security_policy(), style=STYLE, script=SCRIPT, questions=script_json(questions)
    )
