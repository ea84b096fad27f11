// The network view: draws the precomputed layout with vis-network (physics off), and
// wires search, filters, tooltip and the evidence panel. Every piece of article text
// reaches the page through textContent or the canvas, never as markup.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var PROV = D.types.findIndex(function (t) { return t.key === "document"; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  // A label longer than this is cut, ending in "…", on the canvas; the panel shows it whole.
  // Without a cap a label of a megabyte makes the drawing that wide, and fitting it to the
  // screen shrinks the network to a dot.
  var CANVAS_LABEL = 40, LINE_TEXT = 300;
  function short(s, most) {
    s = String(s);
    if (s.length <= most) return s;
    var chars = Array.from(s.slice(0, 2 * most + 2));  // more than `most` code points; no pair split
    return chars.length <= most ? s : chars.slice(0, most - 1).join("").replace(/\s+$/, "") + "…";
  }
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // --- heading --------------------------------------------------------------------------
  $("kg-title").textContent = short(D.title, LINE_TEXT);
  document.title = short(D.title, LINE_TEXT);
  $("kg-subtitle").textContent = D.subtitle;
  if (D.note) { $("kg-note").textContent = D.note; $("kg-note").hidden = false; }

  // --- state and filters ---------------------------------------------------------------
  var typeOn = D.types.map(function (t) { return !(D.documentsHidden && t.key === "document"); });
  var docFilter = null;  // null, or {doc index: true} of the documents chosen by law/topic/document
  var pinned = {};  // the chosen law or topic node stays visible
  var names = D.nodes.map(function (n) { return [fold(n.l)].concat((n.a || []).map(fold)); });

  function nodeVisible(i) {
    var n = D.nodes[i];
    if (!typeOn[n.t]) return false;
    if (!docFilter || pinned[i]) return true;
    for (var k = 0; k < n.d.length; k++) if (docFilter[n.d[k]]) return true;
    return false;
  }

  function arrows(on) { return { to: { enabled: on, scaleFactor: 0.5 } }; }
  var nodes = new vis.DataSet(D.nodes.map(function (n, i) {
    var t = D.types[n.t];
    return { id: i, x: n.x, y: n.y, size: n.s, label: short(n.l, CANVAS_LABEL), color: { background: t.color, border: t.color },
             shape: t.key === "document" ? "square" : "dot" };
  }));
  var edges = new vis.DataSet(D.edges.map(function (e, j) {
    return { id: j, from: e.f, to: e.t, label: D.edgeDetail && !e.p ? D.relations[e.r] : undefined, arrows: arrows(D.edgeDetail),
             dashes: !!e.p, width: Math.min(1 + Math.log2(Math.max(e.n, 1)), 6),
             color: { color: e.p ? "#c8c8c8" : "#7a7a7a", highlight: "#222", hover: "#222" } };
  }));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return nodeVisible(e.from) && nodeVisible(e.to); } });

  var big = D.nodes.length > 1500;
  var network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    nodes: { font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
             borderWidth: 1, scaling: { label: { drawThreshold: 6 } } },
    edges: { smooth: false, selectionWidth: 2,
             font: { size: 11, align: "middle", color: "#444", strokeWidth: 3 } },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false }
  });

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("kg-count").textContent = "Showing " + nodeView.length + " of " + D.nodes.length + " nodes, " +
      edgeView.length + " of " + D.edges.length + " edges.";
  }

  // legend: one checkbox per type present
  D.types.forEach(function (t, i) {
    if (i === PROV) { $("kg-provenance-swatch").style.background = t.color; return; }
    if (!t.count) return;
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { typeOn[i] = box.checked; refresh(); });
    var sw = el("span", null, "kg-swatch"); sw.style.background = t.color;
    var label = el("label"); label.appendChild(box); label.appendChild(sw);
    label.appendChild(document.createTextNode(t.label)); label.appendChild(el("span", t.count, "kg-count"));
    var li = el("li"); li.appendChild(label); $("kg-legend").appendChild(li);
    t.box = box;
  });
  if (PROV < 0 || !D.types[PROV].count) $("kg-provenance").closest("label").hidden = true;
  $("kg-provenance").checked = PROV >= 0 && typeOn[PROV];
  $("kg-provenance").addEventListener("change", function () { if (PROV >= 0) typeOn[PROV] = this.checked; refresh(); });

  // law, topic and document filters
  function fillSelect(select, items) {
    items.sort(function (a, b) { return a[1].localeCompare(b[1]); });
    items.forEach(function (item) { select.appendChild(new Option(short(item[1], LINE_TEXT), String(item[0]))); });
    if (!items.length) select.disabled = true;
  }
  var laws = [], topics = [];
  D.nodes.forEach(function (n, i) {
    var key = D.types[n.t].key;
    if (key === "law") laws.push([i, n.l]);
    if (key === "topic") topics.push([i, n.l]);
  });
  fillSelect($("kg-law"), laws);
  fillSelect($("kg-topic"), topics);
  fillSelect($("kg-document"), D.documents.map(function (d, i) { return [i, d[1] + " (" + d[0] + ")"]; }));

  function applyDocFilters() {
    var sets = [];
    pinned = {};
    ["kg-law", "kg-topic"].forEach(function (id) {
      var v = $(id).value;
      if (v !== "") { var i = +v; pinned[i] = true; sets.push(D.nodes[i].d); }
    });
    if ($("kg-document").value !== "") sets.push([+$("kg-document").value]);
    if (!sets.length) { docFilter = null; refresh(); return; }
    var allowed = {};
    sets[0].forEach(function (d) { allowed[d] = true; });
    sets.slice(1).forEach(function (s) {  // several filters: documents that meet all of them
      var next = {}; s.forEach(function (d) { if (allowed[d]) next[d] = true; }); allowed = next;
    });
    docFilter = allowed;
    refresh();
  }
  ["kg-law", "kg-topic", "kg-document"].forEach(function (id) { $(id).addEventListener("change", applyDocFilters); });
  $("kg-reset").addEventListener("click", function () {
    ["kg-law", "kg-topic", "kg-document"].forEach(function (id) { $(id).value = ""; });
    typeOn = typeOn.map(function () { return true; });
    D.types.forEach(function (t) { if (t.box) t.box.checked = true; });
    $("kg-provenance").checked = true;
    applyDocFilters();
    network.fit();
  });

  // --- search --------------------------------------------------------------------------
  function search(text) {
    var q = fold(text), hits = [];
    if (!q) return hits;
    for (var i = 0; i < names.length; i++) {
      var best = -1;
      for (var k = 0; k < names[i].length; k++) {
        var at = names[i][k].indexOf(q);
        if (at === 0 && names[i][k].length === q.length) { best = 0; break; }
        if (at >= 0) best = best < 0 ? (at === 0 ? 1 : 2) : Math.min(best, at === 0 ? 1 : 2);
      }
      if (best >= 0) hits.push([best, D.nodes[i].l.length, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, 20).map(function (h) { return h[2]; });
  }
  function showResults() {
    var list = $("kg-results");
    list.replaceChildren();
    search($("kg-search").value).forEach(function (i) {
      var n = D.nodes[i], b = el("button");
      b.type = "button";
      b.textContent = short(n.l + (n.a && n.a.length ? " (" + n.a.slice(0, 2).join(", ") + ")" : ""), LINE_TEXT) +
        " · " + D.types[n.t].label;
      b.addEventListener("click", function () { choose(i); });
      var li = el("li"); li.appendChild(b); list.appendChild(li);
    });
    if (!list.children.length && $("kg-search").value.trim()) list.appendChild(el("li", "No node with that name."));
  }
  $("kg-search").addEventListener("input", showResults);
  $("kg-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var first = search(this.value)[0]; if (first !== undefined) choose(first); }
  });
  function choose(i) {
    if (!nodeVisible(i)) {  // a hidden node: show its type and drop the document filters
      var n = D.nodes[i], t = D.types[n.t];
      typeOn[n.t] = true;
      if (t.box) t.box.checked = true;
      ["kg-law", "kg-topic", "kg-document"].forEach(function (id) { $(id).value = ""; });
      if (n.t === PROV) {  // a document: show it with what it mentions, not every document
        $("kg-provenance").checked = true;
        $("kg-document").value = String(n.d[0]);
      }
      applyDocFilters();
    }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    labelEdgesOf(i);
    showNode(i);
  }

  // --- tooltip -------------------------------------------------------------------------
  var tip = $("kg-tooltip");
  function showTip(text, event) {
    tip.textContent = short(text, LINE_TEXT);
    var p = event && event.center ? event.center : (event || { x: 0, y: 0 });
    tip.style.left = (p.x + 12) + "px";
    tip.style.top = (p.y + 12) + "px";
    tip.hidden = false;
  }
  network.on("hoverNode", function (params) {
    var n = D.nodes[params.node];
    var box = $("kg-network").getBoundingClientRect(), dom = params.pointer.DOM;
    showTip(n.l + " · " + D.types[n.t].label + (n.a && n.a.length ? " · also: " + n.a.join(", ") : ""),
            { x: box.left + dom.x, y: box.top + dom.y });
  });
  network.on("hoverEdge", function (params) {
    var e = D.edges[params.edge];
    var box = $("kg-network").getBoundingClientRect(), dom = params.pointer.DOM;
    showTip(D.nodes[e.f].l + " — " + D.relations[e.r] + " — " + D.nodes[e.t].l, { x: box.left + dom.x, y: box.top + dom.y });
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  // --- the evidence panel --------------------------------------------------------------
  function sentenceWithMark(ev) {
    // ev = [subject, phrase, object, sentence, offset, length, document, rule]; offsets count code points
    var chars = Array.from(D.sentences[ev[3]]), p = el("p", null, "kg-sentence");
    var before = chars.slice(0, ev[4]).join(""), exact = chars.slice(ev[4], ev[4] + ev[5]).join("");
    var after = chars.slice(ev[4] + ev[5]).join("");
    p.appendChild(document.createTextNode("“" + before.replace(/^\s+/, "")));
    p.appendChild(el("mark", exact));
    p.appendChild(document.createTextNode(after.replace(/\s+$/, "") + "”"));
    return p;
  }
  function factItem(ev) {
    var li = el("li");
    li.appendChild(el("div", D.strings[ev[0]] + " — " + D.phrases[ev[1]] + " — " + D.strings[ev[2]], "kg-fact"));
    li.appendChild(sentenceWithMark(ev));
    var doc = D.documents[ev[6]];
    li.appendChild(el("div", doc[1] + " (" + doc[0] + ") · rule " + D.rules[ev[7]], "kg-source"));
    return li;
  }
  function fillPanel(title, meta, evidence, total, more) {
    $("kg-panel-title").textContent = title;
    $("kg-panel-meta").textContent = meta;
    var list = $("kg-facts");
    list.replaceChildren();
    evidence.forEach(function (k) { list.appendChild(factItem(D.evidence[k])); });
    if (!evidence.length) list.appendChild(el("li", "From the reference data: no sentence to show."));
    $("kg-panel-more").textContent = total > evidence.length
      ? "Showing " + evidence.length + " of " + total + " facts; " + more : "";
    $("kg-panel").hidden = false;
  }
  function showNode(i) {
    var n = D.nodes[i];
    var meta = D.types[n.t].label + (n.a && n.a.length ? " · also: " + n.a.join(", ") : "") +
      " · in " + n.d.length + " document" + (n.d.length === 1 ? "" : "s");
    fillPanel(n.l, meta, n.e, n.n, "kg explain \u201c" + n.l + "\u201d lists them all.");
  }
  function showEdge(j) {
    var e = D.edges[j];
    fillPanel(D.nodes[e.f].l + " — " + D.relations[e.r] + " — " + D.nodes[e.t].l,
              e.p ? "provenance layer" : "relation", e.e, e.n, "kg explain lists them all.");
  }
  var labelled = [];
  function labelEdgesOf(i) {  // big graphs draw labels and arrows only on the chosen node's edges
    if (D.edgeDetail) return;
    edges.update(labelled.map(function (j) { return { id: j, label: undefined, arrows: arrows(false) }; }));
    labelled = i === null ? [] : network.getConnectedEdges(i);
    edges.update(labelled.map(function (j) { return { id: j, label: D.relations[D.edges[j].r], arrows: arrows(true) }; }));
  }
  network.on("click", function (params) {
    tip.hidden = true;
    if (params.nodes.length) { labelEdgesOf(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { labelEdgesOf(null); showEdge(params.edges[0]); }
    else { labelEdgesOf(null); $("kg-panel").hidden = true; }
  });
  $("kg-close").addEventListener("click", function () { $("kg-panel").hidden = true; network.unselectAll(); });

  refresh();
  window.kgView = { network: network, data: D, choose: choose };  // for tests and the console
  network.once("afterDrawing", function () {
    window.kgReadyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
})();
