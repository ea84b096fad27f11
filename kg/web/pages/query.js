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
  option.textContent = q.name + " \u2014 " + q.title;
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
  say("running\u2026", false);
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
