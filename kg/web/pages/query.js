"use strict";
// The query page of kg serve: YASGUI (vendored, kg/web/yasgui) on this server's /sparql,
// with kg's shipped questions in a menu and a field for each parameter a question declares.
// The address bar keeps the query (YASGUI's share link, in the #fragment): a copied address
// reopens the same query and runs it.
(function () {
  const questions = JSON.parse(document.getElementById("questions").textContent);
  const endpoint = new URL("sparql", document.baseURI).href;
  const pick = document.getElementById("question");
  const fields = document.getElementById("parameters");
  const about = document.getElementById("description");
  const prefixes = {
    kg: "https://w3id.org/kg-sociaal-domein/def#",
    id: "https://w3id.org/kg-sociaal-domein/id/",
    rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    skos: "http://www.w3.org/2004/02/skos/core#",
    dcterms: "http://purl.org/dc/terms/",
    prov: "http://www.w3.org/ns/prov#",
    oa: "http://www.w3.org/ns/oa#",
    org: "http://www.w3.org/ns/org#",
    foaf: "http://xmlns.com/foaf/0.1/",
    schema: "https://schema.org/",
  };

  // A SPARQL string literal: the value is data, whatever quotes or braces it holds.
  function literal(value) {
    return '"' + value.replace(/[\\"]/g, c => "\\" + c).replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }

  // The question's text with `VALUES ?name { "…" }` at the top of its WHERE block, so that
  // any SPARQL tool runs it as `kg query NAME --param name=…` does.
  function withValues(question, values) {
    if (!question.parameters.length) return question.sparql;
    const header = question.sparql.match(/^(?:\s*#[^\n]*\n)*/)[0];
    const body = question.sparql.slice(header.length);
    const lines = question.parameters.map(
      name => "  VALUES ?" + name + " { " + literal(values[name] || "") + " }  # parameter " + name);
    return header + body.replace(/\bWHERE\s*\{/i, found => found + "\n" + lines.join("\n"));
  }

  const blank = document.createElement("option");
  blank.value = "";
  blank.textContent = "(your own query)";
  pick.appendChild(blank);
  for (const q of questions) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name + " \u2014 " + q.title;
    pick.appendChild(option);
  }

  const opened = /(^#|&)query=/.test(location.hash);  // a shared address: YASGUI runs it
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    endpointCatalogueOptions: {getData: () => [{endpoint: endpoint}], keys: []},
    copyEndpointOnNewTab: true,
    persistenceId: null,
    // a shared address names its endpoint; this page asks only its own server
    populateFromUrl: config => {
      config.requestConfig.endpoint = endpoint;
      return config;
    },
    yasqe: {autocompleters: ["prefixes", "variables"], resizeable: true, editorHeight: "18rem"},
    yasr: {prefixes: prefixes, persistenceId: null},
  });

  function tab() {
    return yasgui.getTab();
  }

  function chosen() {
    return questions.find(item => item.name === pick.value);
  }

  function values() {
    const found = {};
    for (const input of fields.querySelectorAll("input")) found[input.name] = input.value;
    return found;
  }

  function showQuestion() {
    const q = chosen();
    fields.replaceChildren();
    about.textContent = q ? q.description : "";
    if (!q) return;
    for (const name of q.parameters) {
      const label = document.createElement("label");
      label.htmlFor = "parameter-" + name;
      label.textContent = name;
      const input = document.createElement("input");
      input.id = "parameter-" + name;
      input.name = name;
      input.placeholder = "a value for ?" + name;
      input.addEventListener("input", () => tab().setQuery(withValues(q, values())));
      input.addEventListener("keydown", event => {
        if (event.key === "Enter") { event.preventDefault(); tab().query(); }
      });
      fields.append(label, input);
    }
    tab().setQuery(withValues(q, values()));
    tab().setName(q.name);
  }
  pick.addEventListener("change", showQuestion);

  // the address bar keeps the query that ran, as YASGUI's share link (the #fragment)
  yasgui.on("query", (instance, current) => {
    history.replaceState(null, "", Yasgui.linkUtils.createShareLink(location.href.split("#")[0], current));
  });

  // TSV and CSV as the endpoint writes them (kg's own formats), for the query in the editor
  async function download(accept, extension) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": accept},
      body: tab().getQuery(),
    });
    const body = await response.blob();
    if (!response.ok) { alert(response.status + ": " + (await body.text())); return; }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(body);
    link.download = (pick.value || "query") + "." + extension;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
  document.getElementById("tsv").addEventListener("click", () => download("text/tab-separated-values", "tsv"));
  document.getElementById("csv").addEventListener("click", () => download("text/csv", "csv"));

  if (!opened && questions.length) {
    pick.value = (questions.find(q => !q.parameters.length) || questions[0]).name;
    showQuestion();
  }
  document.body.dataset.ready = "true";
})();
