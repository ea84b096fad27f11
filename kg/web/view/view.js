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
  function opensOn(t) { return !(D.documentsHidden && t.key === "document"); }
  var typeOn = D.types.map(opensOn);
  var relOn = D.relations.map(function () { return true; });
  var docFilter = null;  // null, or {doc index: true} of the documents chosen by law/topic/document
  var pinned = {};  // the chosen law or topic node stays visible
  var selected = null;  // {node: i} or {edge: j}: what the panel shows
  var names = D.nodes.map(function (n) { return [fold(n.l)].concat((n.a || []).map(fold)); });
  var touching = D.nodes.map(function () { return []; });  // edge numbers at each node
  var relProv = D.relations.map(function () { return false; }), relCount = relProv.map(function () { return 0; });
  D.edges.forEach(function (e, j) {
    touching[e.f].push(j); touching[e.t].push(j); relCount[e.r]++;
    if (e.p) relProv[e.r] = true;
  });

  // A big page opens on an overview: the most connected actors (by distinct partners in
  // relations, not mentions), the rest hidden until asked; a click shows a node's neighbours.
  var OVERVIEW_ABOVE = 400, OVERVIEW_SHOWS = 40;
  var ACTORS = ["municipality", "government-body", "organisation", "person", "group"];
  var overview = D.nodes.length > OVERVIEW_ABOVE, core = {}, expanded = {};
  (function () {
    var partners = D.nodes.map(function (n, i) {
      var seen = {};
      touching[i].forEach(function (j) { var e = D.edges[j]; if (!e.p) seen[e.f === i ? e.t : e.f] = true; });
      return Object.keys(seen).length;
    });
    var actors = [], others = [];
    D.nodes.forEach(function (n, i) {
      var key = D.types[n.t].key;
      if (ACTORS.indexOf(key) >= 0) actors.push(i); else if (n.t !== PROV) others.push(i);
    });
    (actors.length ? actors : others)
      .sort(function (a, b) { return partners[b] - partners[a] || D.nodes[b].s - D.nodes[a].s || a - b; })
      .slice(0, OVERVIEW_SHOWS).forEach(function (i) { core[i] = true; });
  })();

  function inDocuments(i) {
    if (!docFilter || pinned[i]) return true;
    for (var k = 0; k < D.nodes[i].d.length; k++) if (docFilter[D.nodes[i].d[k]]) return true;
    return false;
  }
  function nodeVisible(i) {
    if (!typeOn[D.nodes[i].t] || !inDocuments(i)) return false;
    return docFilter || !overview || core[i] || expanded[i] ? true : false;
  }
  function edgeVisible(j) {
    var e = D.edges[j];
    return relOn[e.r] && nodeVisible(e.f) && nodeVisible(e.t);
  }

  function arrows(on) { return { to: { enabled: on, scaleFactor: 0.5 } }; }
  var nodes = new vis.DataSet(D.nodes.map(function (n, i) {
    var t = D.types[n.t];
    return { id: i, x: n.x, y: n.y, size: n.s, label: undefined, color: { background: t.color, border: t.color },
             shape: t.key === "document" ? "square" : "dot" };
  }));
  // one colour per relation (colour-blind safe, Paul Tol's "muted"); the provenance layer grey and dashed
  var PALETTE = ["#555555", "#332288", "#117733", "#882255", "#44AA99", "#AA4499", "#999933", "#CC6677", "#88CCEE", "#DDCC77"];
  var relColor = [], used = 0;
  D.relations.forEach(function (r, k) { relColor[k] = relProv[k] ? "#c8c8c8" : PALETTE[used++ % PALETTE.length]; });
  var edges = new vis.DataSet(D.edges.map(function (e, j) {
    return { id: j, from: e.f, to: e.t, label: D.edgeDetail && !e.p ? D.relations[e.r] : undefined, arrows: arrows(D.edgeDetail),
             dashes: !!e.p, width: Math.min(1 + Math.log2(Math.max(e.n, 1)), 6),
             color: { color: relColor[e.r], highlight: "#222", hover: "#222" } };
  }));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeVisible(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeVisible(e.id); } });

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

  // After a filter the view fits what is shown: one document of 500 fills the canvas.
  function refresh(fit) {
    nodeView.refresh();
    edgeView.refresh();
    $("kg-count").textContent = "Showing " + nodeView.length + " of " + D.nodes.length + " nodes, " +
      edgeView.length + " of " + D.edges.length + " edges.";
    var hidden = overview && !docFilter ? D.nodes.length - nodeView.length : 0;
    $("kg-hidden").hidden = !hidden;
    $("kg-hidden-text").textContent = "Overview: the " + Object.keys(core).length + " most connected " +
      "actors; " + hidden.toLocaleString("en") + " nodes hidden. Click a node to show its neighbours. ";
    if (fit && nodeView.length) network.fit({ nodes: nodeView.getIds(), animation: false });
    relabel();
    saveState();
  }

  var labels = kgLabels(D, network, nodes, nodeView, short, CANVAS_LABEL);
  function relabel() { labels(selected && selected.node); }
  var relabelSoon = null;
  network.on("zoom", function () { clearTimeout(relabelSoon); relabelSoon = setTimeout(relabel, 120); });

  var relBoxes = [];
  // legend: one checkbox per type present
  D.types.forEach(function (t, i) {
    if (i === PROV) { $("kg-provenance-swatch").style.background = t.color; return; }
    if (!t.count) return;
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { typeOn[i] = box.checked; refresh(true); });
    var sw = el("span", null, "kg-swatch"); sw.style.background = t.color;
    var label = el("label"); label.appendChild(box); label.appendChild(sw);
    label.appendChild(document.createTextNode(t.label)); label.appendChild(el("span", t.count, "kg-count"));
    var li = el("li"); li.appendChild(label); $("kg-legend").appendChild(li);
    t.box = box;
  });
  if (PROV < 0 || !D.types[PROV].count) $("kg-provenance").closest("label").hidden = true;
  $("kg-provenance").checked = PROV >= 0 && typeOn[PROV];
  $("kg-provenance").addEventListener("change", function () { if (PROV >= 0) typeOn[PROV] = this.checked; refresh(true); });

  // relation filter and the legend of edge styles: one checkbox per relation the data carries
  D.relations.forEach(function (r, k) {
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { relOn[k] = box.checked; refresh(true); });
    var line = el("span", null, "kg-line" + (relProv[k] ? " kg-dashed" : "")); line.style.borderTopColor = relColor[k];
    var label = el("label"); label.appendChild(box); label.appendChild(line);
    label.appendChild(document.createTextNode(short(r, LINE_TEXT))); label.appendChild(el("span", relCount[k], "kg-count"));
    var li = el("li"); li.appendChild(label); $("kg-relations").appendChild(li);
    relBoxes[k] = box;
  });

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

  function applyDocFilters(fit) {
    var sets = [];
    pinned = {};
    ["kg-law", "kg-topic"].forEach(function (id) {
      var v = $(id).value;
      if (v !== "") { var i = +v; pinned[i] = true; sets.push(D.nodes[i].d); }
    });
    if ($("kg-document").value !== "") sets.push([+$("kg-document").value]);
    docFilter = null;
    if (sets.length) {
      var allowed = {};
      sets[0].forEach(function (d) { allowed[d] = true; });
      sets.slice(1).forEach(function (s) {  // several filters: documents that meet all of them
        var next = {}; s.forEach(function (d) { if (allowed[d]) next[d] = true; }); allowed = next;
      });
      docFilter = allowed;
    }
    refresh(fit);
  }
  ["kg-law", "kg-topic", "kg-document"].forEach(function (id) {
    $(id).addEventListener("change", function () { applyDocFilters(true); });
  });
  function setAll(on) {  // every type and relation on (or back to how the page opens), no filter
    ["kg-law", "kg-topic", "kg-document"].forEach(function (id) { $(id).value = ""; });
    typeOn = D.types.map(function (t) { return on || opensOn(t); });
    relOn = relOn.map(function () { return true; });
    D.types.forEach(function (t, i) { if (t.box) t.box.checked = typeOn[i]; });
    relBoxes.forEach(function (b) { b.checked = true; });
    $("kg-provenance").checked = PROV >= 0 && typeOn[PROV];
    expanded = {};
  }
  $("kg-reset").addEventListener("click", function () { setAll(true); overview = false; applyDocFilters(true); });
  $("kg-all").addEventListener("click", function () { overview = false; refresh(true); });

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
    var n = D.nodes[i];
    if (!nodeVisible(i)) {  // a hidden node: show its type, and drop the document filters it is not in
      typeOn[n.t] = true;
      if (D.types[n.t].box) D.types[n.t].box.checked = true;
      if (n.t === PROV) $("kg-provenance").checked = true;
      if (!inDocuments(i)) {
        ["kg-law", "kg-topic", "kg-document"].forEach(function (id) { $(id).value = ""; });
        if (n.t === PROV) $("kg-document").value = String(n.d[0]);  // a document with what it mentions
      }
      expanded[i] = true;
      applyDocFilters(false);
    }
    select({ node: i });
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    relabel();
  }
  function select(what) {  // what the panel shows: {node: i}, {edge: j} or null
    selected = what;
    if (what && what.node !== undefined) {
      var before = nodeView.length;
      if (overview && !docFilter) {  // show the node's neighbours
        touching[what.node].forEach(function (j) {
          var e = D.edges[j];
          if (relOn[e.r]) expanded[e.f === what.node ? e.t : e.f] = true;
        });
      }
      refresh(false);
      network.selectNodes([what.node]);
      if (nodeView.length > before) {  // neighbours just shown: fit the node and them
        network.fit({ nodes: [what.node].concat(network.getConnectedNodes(what.node)), animation: false });
        relabel();
      }
      labelEdgesOf(what.node);
      showNode(what.node);
    } else if (what) { labelEdgesOf(null); showEdge(what.edge); saveState(); }
    else { labelEdgesOf(null); $("kg-panel").hidden = true; saveState(); }
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

  // --- the evidence panel and export (view-facts.js) ---------------------------------------
  function shownFacts() {  // the panel's node or edge, or else every edge shown
    if (selected && selected.node !== undefined) return { name: D.nodes[selected.node].l, evidence: D.nodes[selected.node].e };
    if (selected) { var e = D.edges[selected.edge]; return { name: D.nodes[e.f].l + " " + D.relations[e.r] + " " + D.nodes[e.t].l, evidence: e.e }; }
    var seen = {}, out = [];
    edgeView.getIds().forEach(function (j) { D.edges[j].e.forEach(function (k) { if (!seen[k]) { seen[k] = true; out.push(k); } }); });
    return { name: "view", evidence: out };
  }
  var facts = kgFacts(D, el, shownFacts), showNode = facts.showNode, showEdge = facts.showEdge;
  var labelled = [];
  function labelEdgesOf(i) {  // big graphs draw labels and arrows only on the chosen node's edges
    if (D.edgeDetail) return;
    edges.update(labelled.map(function (j) { return { id: j, label: undefined, arrows: arrows(false) }; }));
    labelled = i === null ? [] : network.getConnectedEdges(i);
    edges.update(labelled.map(function (j) { return { id: j, label: D.relations[D.edges[j].r], arrows: arrows(true) }; }));
  }
  network.on("click", function (params) {
    tip.hidden = true;
    select(params.nodes.length ? { node: params.nodes[0] } : params.edges.length ? { edge: params.edges[0] } : null);
  });
  $("kg-close").addEventListener("click", function () { select(null); network.unselectAll(); });

  // --- the state in the URL's #fragment, so a view can be shared --------------------------
  // Names, not numbers: a law, topic or node by its label, a document by its file name.
  var written = null, restoring = false;
  function stateText() {
    var p = new URLSearchParams(), q = $("kg-search").value.trim();
    if (q) p.set("q", q);
    D.types.forEach(function (t, i) {  // types shown or hidden unlike when the page opens
      if (t.count && typeOn[i] !== opensOn(t)) p.append(typeOn[i] ? "show" : "hide", t.key);
    });
    D.relations.forEach(function (r, k) { if (!relOn[k]) p.append("hide-relation", r); });
    if ($("kg-law").value) p.set("law", D.nodes[+$("kg-law").value].l);
    if ($("kg-topic").value) p.set("topic", D.nodes[+$("kg-topic").value].l);
    if ($("kg-document").value) p.set("document", D.documents[+$("kg-document").value][0]);
    if (D.nodes.length > OVERVIEW_ABOVE && !overview) p.set("all", "1");
    if (selected && selected.node !== undefined) {
      p.set("node", D.nodes[selected.node].l); p.set("node-type", D.types[D.nodes[selected.node].t].key);
    }
    return p.toString();
  }
  function saveState() {
    if (restoring) return;
    written = "#" + stateText();
    if (location.hash !== written && !(written === "#" && !location.hash)) location.replace(written);
  }
  function nodeNamed(label, type) {
    for (var i = 0; i < D.nodes.length; i++) {
      if (D.nodes[i].l === label && (!type || D.types[D.nodes[i].t].key === type)) return i;
    }
    return -1;
  }
  function restore() {
    var p = new URLSearchParams(location.hash.slice(1));
    restoring = true;
    setAll(false);
    typeOn = D.types.map(function (t) {
      return p.getAll("show").indexOf(t.key) >= 0 || (opensOn(t) && p.getAll("hide").indexOf(t.key) < 0);
    });
    D.types.forEach(function (t, i) { if (t.box) t.box.checked = typeOn[i]; });
    $("kg-provenance").checked = PROV >= 0 && typeOn[PROV];
    relOn = D.relations.map(function (r) { return p.getAll("hide-relation").indexOf(r) < 0; });
    relBoxes.forEach(function (b, k) { b.checked = relOn[k]; });
    [["kg-law", "law"], ["kg-topic", "topic"]].forEach(function (f) {
      var i = p.has(f[1]) ? nodeNamed(p.get(f[1]), f[1]) : -1;
      $(f[0]).value = i >= 0 ? String(i) : "";
    });
    var doc = D.documents.findIndex(function (d) { return d[0] === p.get("document"); });
    $("kg-document").value = doc >= 0 ? String(doc) : "";
    overview = D.nodes.length > OVERVIEW_ABOVE && !p.has("all");
    $("kg-search").value = p.get("q") || "";
    showResults();
    applyDocFilters(true);
    var i = p.has("node") ? nodeNamed(p.get("node"), p.get("node-type")) : -1;
    if (i >= 0) choose(i); else select(null);
    restoring = false;
    saveState();
  }
  window.addEventListener("hashchange", function () { if (location.hash !== written) restore(); });
  $("kg-search").addEventListener("change", saveState);

  if (location.hash.length > 1) restore(); else refresh(true);
  window.kgView = { network: network, data: D, choose: choose, shownFacts: shownFacts, csv: facts.csv };  // for tests and the console
  network.once("afterDrawing", function () {
    window.kgReadyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
})();
