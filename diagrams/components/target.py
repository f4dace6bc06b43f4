"""A dartboard: concentric rings around a bull's-eye dot, and estimates drawn as dots where they landed — bias
(how far the cloud sits from the centre) against variance (how widely it spreads).

The points are illustrative inputs in units of the outer ring's radius (x to the right, y up, the centre at 0, 0),
so the board can be drawn at any size and the points keep their place on it.

data keys:
  radius      px of the outer ring (default 150);  rings: how many rings, evenly spaced (default 3)
  ring_color, ring_width, fill     the rings' outline (default navy-blue, 1.8) and fill (default white)
  centre      {color (default red), size (px across, default 0.15 × radius)}: the true value
  points      list of [x, y] (each within the board: x² + y² ≤ 1)
  point       {color (default sky), size (px across, default 0.142 × radius), stroke (default navy-blue)}
"""
from __future__ import annotations

from diagrams.components import localized
from diagrams.components._canvas import Canvas, check_data, check_fields, data_error
from diagrams.scene import Paint

KEYS = {"radius": "positive", "rings": "whole", "ring_color": "text", "ring_width": "number", "fill": "text",
        "centre": "mapping", "points": "list", "point": "mapping"}   # key → kind (_canvas.KINDS)
DOT_KINDS = {"color": "text", "size": "positive", "stroke": "text"}
MAX_RINGS = 20
MAX_POINTS = 500


def _dot(cv: Canvas, cx: float, cy: float, d: float, paint: Paint):
    """A circle of diameter ``d`` as four cubic Béziers."""
    r, k = d / 2, d / 2 * 0.5523
    cv.path([("M", cx + r, cy), ("C", cx + r, cy + k, cx + k, cy + r, cx, cy + r),
             ("C", cx - k, cy + r, cx - r, cy + k, cx - r, cy), ("C", cx - r, cy - k, cx - k, cy - r, cx, cy - r),
             ("C", cx + k, cy - r, cx + r, cy - k, cx + r, cy), ("Z",)], paint)


def make(node, ctx):
    check_data(node, KEYS, "target")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    R = float(data.get("radius", 150))
    n = int(data.get("rings", 3))
    if not 1 <= n <= MAX_RINGS:
        raise data_error(node, f"target rings is {n}, outside 1 … {MAX_RINGS}", "rings")
    for key in ("centre", "point"):
        if key in data:
            check_fields(node, data[key], DOT_KINDS, f"target {key}", key)
    ring = Paint(fill=ctx.color(data.get("fill", "white")), stroke=ctx.color(data.get("ring_color", "navy-blue")),
                 stroke_width=float(data.get("ring_width", 1.8)))
    centre = dict(data.get("centre") or {})
    point = dict(data.get("point") or {})
    points = list(data.get("points") or [])
    if len(points) > MAX_POINTS:
        raise data_error(node, f"target has {len(points)} points, over the limit MAX_POINTS = {MAX_POINTS}", "points")
    cv = Canvas()
    for k in range(n, 0, -1):                       # outermost first, each inner ring drawn over it
        r = R * k / n
        _dot(cv, R, R, 2 * r, ring)
    _dot(cv, R, R, float(centre.get("size", 0.15 * R)),
         Paint(fill=ctx.color(centre.get("color", "red")), stroke=ring.stroke, stroke_width=ring.stroke_width))
    dot = Paint(fill=ctx.color(point.get("color", "sky")), stroke=ctx.color(point.get("stroke", "navy-blue")),
                stroke_width=ring.stroke_width)
    for i, p in enumerate(points):
        ok = isinstance(p, (list, tuple)) and len(p) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in p)
        if not ok or p[0] ** 2 + p[1] ** 2 > 1.0 + 1e-9:
            raise data_error(node, f"target point {i} must be [x, y] within the board (x² + y² ≤ 1), got {p!r}",
                             "points", hint="points are in units of the outer ring's radius, the centre at [0, 0]")
        _dot(cv, R + float(p[0]) * R, R - float(p[1]) * R, float(point.get("size", 0.142 * R)), dot)
    return cv.block(node)
