// Node labels for the network view: kgLabels(...) gives the function view.js calls after
// every change and zoom, with the chosen node; `short(label, most)` cuts a label for the canvas.
function kgLabels(D, network, nodes, nodeView, short, most) {
  "use strict";
  // Labels keep one size on screen and never overlap: the biggest nodes (and the chosen one)
  // are labelled first, a label that would cover one already placed is left out, and a node
  // drawn smaller than LABEL_RADIUS pixels (zoomed out) has none. The tooltip names any node.
  var LABEL_RADIUS = 3, FEW = 100, CELL = 120, nodeLabel = D.nodes.map(function () { return -1; });
  return function (sel) {
    var scale = network.getScale(), size = Math.round(14 / Math.min(scale, 1)), changes = [], grid = {};
    var ids = nodeView.getIds(), at = network.getPositions(ids);
    ids.sort(function (a, b) { return (b === sel) - (a === sel) || D.nodes[b].s - D.nodes[a].s || a - b; });
    function free(box) {  // box = [left, top, right, bottom] in screen pixels; taken if free
      var cells = [];
      for (var gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
        for (var gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
          var c = grid[gx + "," + gy] || (grid[gx + "," + gy] = []);
          for (var k = 0; k < c.length; k++) {
            var o = c[k];
            if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) return false;
          }
          cells.push(c);
        }
      }
      cells.forEach(function (c) { c.push(box); });
      return true;
    }
    ids.forEach(function (i) {
      var n = D.nodes[i], p = at[i], r = n.s * scale, x = p.x * scale, y = p.y * scale;
      var w = Math.min(n.l.length, most) * 7.5 + 6;
      var want = i === sel || ((r >= LABEL_RADIUS || ids.length <= FEW) && free([x - w / 2, y + r, x + w / 2, y + r + 20])) ? size : -1;
      if (i === sel) free([x - w / 2, y + r, x + w / 2, y + r + 20]);
      if (want !== nodeLabel[i]) {
        nodeLabel[i] = want;
        changes.push({ id: i, label: want > 0 ? short(n.l, most) : undefined, font: { size: Math.max(want, 14) } });
      }
    });
    if (changes.length) nodes.update(changes);
  };
}
