"""A schematic function plot: smooth curves through given points, shaded bands, vertical markers, labels, legend.

For the book's conceptual plots (objective landscapes, trust regions): the curves are illustrative inputs,
given as points in data coordinates (y up) and drawn as a smooth Catmull-Rom spline through them (or from a
computation's result: ``curves[i].from`` names a key of it holding ``[[x, y], …]``). Words, symbols and
formulas are real text / mathtext.

data keys (strings may be ``{en, zh}``):
  width, height     px of the plot area;  x_range, y_range: data extents mapped onto it
  x_axis            ``{at: y (default y_range[0]), from, to (data x, default the range), arrow: true, color, width}``
  y_axis            ``{at: x, from, to, arrow, color, width}`` (drawn only when given)
  bands             list of ``{x: [a, b], y: [lo, hi] (default the range), fill, stroke, stroke_width, label,
                    label_color, label_size}``; a label (lines may be formulas) sits centred over the band's top
  curves            list of ``{points: [[x, y], …] | from: KEY, smooth: true, color, width, dash,
                    label: {text, at: [x, y], color, font_size, anchor: start|middle|end}}``
  vlines            list of ``{x, y: [lo, hi] | to_curve: index (from the axis up to that curve), color, width,
                    dash (dashed|dotted|dash-dot|solid), label, label_color, label_size}``; labels go under the axis
  texts             list of ``{text, at: [x, y], color, font_size, bold, anchor}``
  legend            ``{at: [x, y] (data; its top-left), items: [{line: colour, text, color} | {symbol: text, text}],
                    font_size, pitch (px between rows), sample (px length of a line sample), gap}``
  font_size         default text size (theme size + 3);  color: default ink
"""
from __future__ import annotations

from diagrams.components import computed, localized
from diagrams.components._canvas import Canvas, check_data, check_fields, data_error, entries
from diagrams.errors import SpecError
from diagrams.layout.shapes import DASHES
from diagrams.scene import Paint, Rect
from diagrams.text.rich import layout as layout_text

ITEM_KINDS = {   # the entries of bands, curves, vlines and texts: key → kind (components/_canvas.py KINDS)
    "bands": {"x": "pair", "y": "pair", "fill": "text", "stroke": "text", "stroke_width": "number", "label": "text",
              "label_color": "text", "label_size": "positive"},
    "curves": {"points": "list", "from": "text", "smooth": "bool", "color": "text", "width": "number",
               "dash": "text", "label": "text|mapping"},
    "vlines": {"x": "number", "y": "pair", "to_curve": "whole", "color": "text", "width": "number", "dash": "text",
               "label": "text", "label_color": "text", "label_size": "positive", "label_offset": "pair"},
    "texts": {"text": "text", "at": "pair", "color": "text", "font_size": "positive", "bold": "bool",
              "anchor": "text", "offset": "pair"},
}
AXIS_KINDS = {"at": "number", "from": "number", "to": "number", "arrow": "bool", "color": "text", "width": "number"}
LEGEND_KINDS = {"at": "pair", "items": "list", "font_size": "positive", "pitch": "number", "sample": "number",
                "gap": "number"}
LEGEND_ITEM_KINDS = {"line": "text", "symbol": "text", "text": "text", "color": "text", "width": "number"}
KEYS = {  # key → kind (components/_canvas.py KINDS)
    "width": "positive", "height": "positive", "x_range": "pair", "y_range": "pair", "x_axis": "mapping|bool",
    "y_axis": "mapping", "bands": "list", "curves": "list", "vlines": "list", "texts": "list", "legend": "mapping",
    "font_size": "positive", "color": "text"}


def catmull_rom(pts: list[tuple[float, float]]) -> list[tuple]:
    """Cubic Bézier segments ``(p0, c1, c2, p1)`` of the centripetal-free (uniform) Catmull-Rom spline through
    ``pts``; the end tangents mirror their neighbours so the spline starts and ends on the first/last point."""
    if len(pts) < 2:
        return []
    ext = [(2 * pts[0][0] - pts[1][0], 2 * pts[0][1] - pts[1][1])] + list(pts) + \
          [(2 * pts[-1][0] - pts[-2][0], 2 * pts[-1][1] - pts[-2][1])]
    segs = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segs.append((p1, c1, c2, p2))
    return segs


def bezier_point(seg, t: float) -> tuple[float, float]:
    p0, c1, c2, p1 = seg
    u = 1 - t
    return (u ** 3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t ** 3 * p1[0],
            u ** 3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t ** 3 * p1[1])


def sample(segs, n: int = 48) -> list[tuple[float, float]]:
    out = []
    for k, seg in enumerate(segs):
        for i in range(0 if k == 0 else 1, n + 1):
            out.append(bezier_point(seg, i / n))
    return out


def y_at(polyline, x: float) -> float | None:
    """The curve's y at ``x`` (linear between samples); None outside its extent."""
    for (x0, y0), (x1, y1) in zip(polyline, polyline[1:]):
        if min(x0, x1) <= x <= max(x0, x1):
            if x1 == x0:
                return y0
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return None


def _pair(v, what):
    if not (isinstance(v, (list, tuple)) and len(v) == 2):
        raise SpecError(f"plot {what} must be a pair [a, b]", hint=f"e.g. {what}: [0, 100]")
    return float(v[0]), float(v[1])


def make(node, ctx):
    check_data(node, KEYS, "plot")
    raw = node.get("data") or {}
    for key in ("x_axis", "y_axis"):
        check_fields(node, raw.get(key), AXIS_KINDS, f"data.{key} of component plot", key)
    check_fields(node, raw.get("legend"), LEGEND_KINDS, "data.legend of component plot", "legend")
    for i, item in enumerate((raw.get("legend") or {}).get("items") or []):
        if not isinstance(item, dict):
            raise data_error(node, f"entry {i + 1} of data.legend.items of component plot must be a mapping",
                             "legend", "items", i)
        check_fields(node, item, LEGEND_ITEM_KINDS, f"entry {i + 1} of data.legend.items", "legend", "items", i)
    for i, c in enumerate(raw.get("curves") or []):
        pts = c.get("points") if isinstance(c, dict) else None
        if isinstance(pts, list) and not all(isinstance(p, list) and len(p) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in p) for p in pts):
            raise data_error(node, f"the points of curve {i + 1} of the plot must be pairs [x, y] of numbers",
                             "curves", i, "points")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    res = computed(node, ctx) or {}
    W, H = float(data.get("width", 600)), float(data.get("height", 300))
    x0, x1 = _pair(data.get("x_range", [0, 1]), "x_range")
    y0, y1 = _pair(data.get("y_range", [0, 1]), "y_range")
    if x1 == x0 or y1 == y0:
        raise SpecError("plot ranges must not be empty", hint="give x_range/y_range with two different values")
    size = float(data.get("font_size", ctx.theme.fonts["size"] + 3))
    ink = ctx.color(data.get("color"), "ink")

    def X(x):
        return (float(x) - x0) / (x1 - x0) * W

    def Y(y):
        return H - (float(y) - y0) / (y1 - y0) * H

    cv = Canvas()
    cv.grow(Rect(0, 0, W, H))

    for b in entries(node, data, "bands", "plot", ITEM_KINDS["bands"]):
        a, c = _pair(b.get("x"), "band x")
        lo, hi = _pair(b.get("y", [y0, y1]), "band y")
        r = Rect(X(min(a, c)), Y(max(lo, hi)), abs(X(c) - X(a)), abs(Y(lo) - Y(hi)))
        cv.rect(r, Paint(fill=ctx.color(b.get("fill"), "sky-light")))
        if b.get("stroke"):
            pen = Paint(stroke=ctx.color(b["stroke"]), stroke_width=float(b.get("stroke_width", 1.2)))
            cv.path([("M", r.x, r.y), ("L", r.x, r.bottom)], pen)
            cv.path([("M", r.right, r.y), ("L", r.right, r.bottom)], pen)
        if b.get("label"):           # named over its top (a trust region and its constraint)
            block = layout_text(str(b["label"]), float(b.get("label_size", size)))
            cv.text(block, at=(r.x + r.w / 2, r.y - 6 - block.height / 2),
                    color=ctx.color(b.get("label_color", b.get("stroke")), ink))

    polylines = []
    curves = entries(node, data, "curves", "plot", ITEM_KINDS["curves"])
    for i, c in enumerate(curves):
        pts = c.get("points")
        if pts is None and c.get("from"):
            pts = res.get(c["from"]) if isinstance(res, dict) else None
            if pts is None:
                raise SpecError(f"curve {i + 1} reads '{c['from']}', which the computation does not return",
                                hint="name a key of the computation's result")
        if not pts or len(pts) < 2:
            raise SpecError(f"curve {i + 1} of the plot needs at least two points", hint="give points: [[x, y], …]")
        px = [(X(p[0]), Y(p[1])) for p in pts]
        pen = Paint(stroke=ctx.color(c.get("color"), "black"), stroke_width=float(c.get("width", 2)),
                    dash=DASHES.get(c.get("dash", "solid")))
        if c.get("smooth", True) and len(px) > 2:
            segs = catmull_rom(px)
            cmds = [("M", *px[0])] + [("C", *s[1], *s[2], *s[3]) for s in segs]
            polylines.append(sample(segs))
        else:
            cmds = [("M", *px[0])] + [("L", *p) for p in px[1:]]
            polylines.append(px)
        cv.path(cmds, pen, linecap="round")

    ax = data.get("x_axis")
    if ax is not None:
        ax = ax if isinstance(ax, dict) else {}
        yy = Y(ax.get("at", y0))
        a, c = X(ax.get("from", x0)), X(ax.get("to", x1))
        color = ctx.color(ax.get("color"), "black")
        width = float(ax.get("width", 1.5))
        if ax.get("arrow", True):
            cv.arrow(a, yy, c, yy, color, width, head=12)
        else:
            cv.line(a, yy, c, yy, color, width)
    ay = data.get("y_axis")
    if ay is not None:
        xx = X(ay.get("at", x0))
        a, c = Y(ay.get("from", y0)), Y(ay.get("to", y1))
        color = ctx.color(ay.get("color"), "black")
        width = float(ay.get("width", 1.5))
        if ay.get("arrow", True):
            cv.arrow(xx, a, xx, c, color, width, head=12)
        else:
            cv.line(xx, a, xx, c, color, width)

    axis_y = Y((ax or {}).get("at", y0)) if ax is not None else H
    for v in entries(node, data, "vlines", "plot", ITEM_KINDS["vlines"]):
        x = float(v.get("x"))
        if "to_curve" in v:
            k = int(v["to_curve"])
            if not 0 <= k < len(polylines):
                raise SpecError(f"vline at x={x} refers to curve {k}, which does not exist",
                                hint=f"curves count from 0; this plot has {len(polylines)}")
            top = y_at(polylines[k], X(x))
            if top is None:
                raise SpecError(f"vline at x={x} lies outside curve {k}", hint="move it within the curve's x extent")
            lo_px, hi_px = axis_y, top
        else:
            lo, hi = _pair(v.get("y", [y0, y1]), "vline y")
            lo_px, hi_px = Y(lo), Y(hi)
        color = ctx.color(v.get("color"), "grey-3")
        cv.path([("M", X(x), lo_px), ("L", X(x), hi_px)],
                Paint(stroke=color, stroke_width=float(v.get("width", 1.2)), dash=DASHES.get(v.get("dash", "dashed"))))
        if v.get("label"):
            lsize = float(v.get("label_size", size))
            block = layout_text(str(v["label"]), lsize)
            cv.text(block, at=(X(x) + float((v.get("label_offset") or [0, 0])[0]),
                               axis_y + 6 + block.height / 2 + float((v.get("label_offset") or [0, 0])[1])),
                    color=ctx.color(v.get("label_color"), ink))

    for i, c in enumerate(curves):
        lab = c.get("label")
        if not lab:
            continue
        lab = lab if isinstance(lab, dict) else {"text": lab}
        at = lab.get("at") or (curves[i].get("points") or [[x1, y1]])[-1]
        _text(cv, ctx, lab, (X(at[0]), Y(at[1])), size, ctx.color(lab.get("color", c.get("color")), ink))

    for t in entries(node, data, "texts", "plot", ITEM_KINDS["texts"]):
        at = t.get("at")
        if not (isinstance(at, (list, tuple)) and len(at) == 2):
            raise SpecError("every plot text needs `at: [x, y]`", hint="in data coordinates")
        _text(cv, ctx, t, (X(at[0]), Y(at[1])), size, ctx.color(t.get("color"), ink))

    leg = data.get("legend")
    if leg:
        lsize = float(leg.get("font_size", size))
        pitch = float(leg.get("pitch", lsize * 1.9))
        sample_len = float(leg.get("sample", lsize * 3))
        gap = float(leg.get("gap", lsize * 0.8))
        lx, ly = X(leg.get("at", [x0, y1])[0]), Y(leg.get("at", [x0, y1])[1])
        for k, item in enumerate(leg.get("items") or []):
            cy = ly + pitch * k + pitch / 2
            tx = lx + sample_len + gap
            color = ctx.color(item.get("color"), ink)
            if item.get("line"):
                cv.line(lx, cy, lx + sample_len, cy, ctx.color(item["line"]), float(item.get("width", 1.5)))
            elif item.get("symbol"):
                cv.text(str(item["symbol"]), size=lsize, color=color, at=(lx + sample_len / 2, cy))
            cv.text(str(item.get("text", "")), size=lsize, color=color, at=(tx, cy), anchor="start")
    return cv.block(node)


def _text(cv, ctx, t: dict, at, default_size, color):
    block = layout_text(str(t.get("text", "")), float(t.get("font_size", default_size)), bold=bool(t.get("bold")))
    off = t.get("offset") or [0, 0]
    cv.text(block, at=(at[0] + float(off[0]), at[1] + float(off[1])), color=color, anchor=t.get("anchor", "middle"))
