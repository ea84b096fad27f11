"""Node positions for the network view, computed once in Python so the browser draws
at once instead of running physics.

A force-directed layout (Fruchterman-Reingold) whose repulsion is estimated from a fixed
random sample of nodes per step (after Gove, "Random vertex sampling", EuroVis 2019):
O(n·m) per step instead of networkx's O(n²), so 5,000 nodes take about a second where
`networkx.spring_layout` takes more than a minute. Up to `SAMPLE` nodes it is exact
Fruchterman-Reingold. A weak pull to the centre keeps unconnected nodes near the rest.
Seeded: the same graph (same node order) gets the same positions.
"""

from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np

SAMPLE = 150
"""Nodes each node is repelled by per step; with fewer nodes in all, every other node."""

SPACING = 90.0
"""Pixels of room per node in the result (the view zooms to fit anyway)."""


def force_layout(
    nodes: Sequence[Hashable],
    edges: Sequence[tuple[int, int]],
    *,
    seed: int = 7,
    iterations: int = 100,
    gravity: float = 0.15,
) -> list[tuple[float, float]]:
    """Positions (x, y) in pixels for `nodes`, given `edges` as pairs of node indexes."""
    n = len(nodes)
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    rng = np.random.default_rng(seed)
    x, y = rng.random(n), rng.random(n)
    k = 1.0 / np.sqrt(n)  # the ideal distance in the unit square
    pairs = np.array([(u, v) for u, v in edges if u != v], dtype=np.int64).reshape(-1, 2)
    u, v = pairs[:, 0], pairs[:, 1]
    m = min(n, SAMPLE)
    scale = (n - 1) / m if m < n else 1.0
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        sample = slice(None) if m == n else rng.choice(n, m, replace=False)
        dx = x[:, None] - x[None, sample]  # n × m
        dy = y[:, None] - y[None, sample]
        weight = dx * dx + dy * dy
        np.maximum(weight, 1e-9, out=weight)
        np.divide(k * k * scale, weight, out=weight)  # repulsion k²/d along the unit vector
        fx, fy = (dx * weight).sum(axis=1), (dy * weight).sum(axis=1)
        if len(pairs):
            ex, ey = x[u] - x[v], y[u] - y[v]
            pull = np.sqrt(ex * ex + ey * ey) / k  # attraction d²/k along the edge
            fx += np.bincount(v, ex * pull, minlength=n) - np.bincount(u, ex * pull, minlength=n)
            fy += np.bincount(v, ey * pull, minlength=n) - np.bincount(u, ey * pull, minlength=n)
        pull = gravity * np.sqrt(n)  # keep islands near the rest
        fx -= (x - x.mean()) * pull
        fy -= (y - y.mean()) * pull
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-12)
        step = np.minimum(length, temperature) / length
        x += fx * step
        y += fy * step
        temperature -= cooling
    pos = np.column_stack([x, y])
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) * 2 or 1.0
    pos *= SPACING * np.sqrt(n) / extent  # about SPACING² of room per node
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]
