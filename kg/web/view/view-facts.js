// The facts of a selection: the evidence panel, and its export as CSV (a Blob download,
// made in the page) and the drawing as PNG (canvas.toDataURL). Loaded before view.js, which
// calls kgFacts. Article text reaches the page through textContent only.
function kgFacts(D, el, current) {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  function parts(ev) {  // ev = [subject, phrase, object, sentence, offset, length, document, rule]; offsets count code points
    var chars = Array.from(D.sentences[ev[3]]);
    return [chars.slice(0, ev[4]).join(""), chars.slice(ev[4], ev[4] + ev[5]).join(""), chars.slice(ev[4] + ev[5]).join("")];
  }
  function factItem(ev) {
    var li = el("li"), p = el("p", null, "kg-sentence"), s = parts(ev), doc = D.documents[ev[6]];
    li.appendChild(el("div", D.strings[ev[0]] + " — " + D.phrases[ev[1]] + " — " + D.strings[ev[2]], "kg-fact"));
    p.appendChild(document.createTextNode("“" + s[0].replace(/^\s+/, "")));
    p.appendChild(el("mark", s[1]));
    p.appendChild(document.createTextNode(s[2].replace(/\s+$/, "") + "”"));
    li.appendChild(p);
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

  // --- export ------------------------------------------------------------------------------
  var COLUMNS = ["subject", "relation", "object", "sentence", "marked", "document", "file", "rule"];
  function cell(value) {
    var v = String(value);
    if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;  // a spreadsheet must not run a sentence as a formula
    return /[",\r\n]/.test(v) ? "\"" + v.replace(/"/g, "\"\"") + "\"" : v;
  }
  function csv(evidence) {
    var lines = [COLUMNS.join(",")];
    evidence.forEach(function (k) {
      var ev = D.evidence[k], doc = D.documents[ev[6]];
      lines.push([D.strings[ev[0]], D.phrases[ev[1]], D.strings[ev[2]], D.sentences[ev[3]].trim(), parts(ev)[1],
                  doc[1], doc[0], D.rules[ev[7]]].map(cell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";  // the BOM makes spreadsheets read UTF-8
  }
  function download(name, href) {
    var a = el("a"); a.href = href; a.download = name; a.hidden = true;
    document.body.appendChild(a); a.click(); a.remove();
  }
  function fileName(what, ext) {
    return "kg-" + (what.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "view") + "." + ext;
  }
  $("kg-csv").addEventListener("click", function () {
    var sel = current(), url = URL.createObjectURL(new Blob([csv(sel.evidence)], { type: "text/csv;charset=utf-8" }));
    download(fileName(sel.name, "csv"), url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  });
  $("kg-png").addEventListener("click", function () {
    var drawn = document.querySelector("#kg-network canvas"), c = el("canvas");
    c.width = drawn.width; c.height = drawn.height;
    var g = c.getContext("2d");
    g.fillStyle = "#ffffff"; g.fillRect(0, 0, c.width, c.height); g.drawImage(drawn, 0, 0);
    download(fileName(current().name, "png"), c.toDataURL("image/png"));
  });
  return { showNode: showNode, showEdge: showEdge, csv: csv };
}
