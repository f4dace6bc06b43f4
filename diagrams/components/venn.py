"""Venn diagram of two (or more) ellipses, the lens where the first two overlap filled in a colour of its own.

The lens outline is computed (the arc of each ellipse that lies inside the other, sampled finely), so the
overlap colour needs no transparency or clipping. Labels are real text; free-standing item labels
(algorithm names and the like) sit at positions given in the component's own coordinates.

data keys (strings may be ``{en, zh}``):
  sets        list of ``{text, fill, at: [cx, cy], size: [w, h], label_at: [x, y], color, stroke, opacity}``;
              ``label_at`` defaults to the middle of the part of the ellipse outside the lens; ``opacity``
              (0–1) makes a set see-through, so overlaps with the sets drawn before it blend (Euler diagrams)
  overlap     ``{text, fill, label_at, color}``: the lens of the first two sets
  items       list of ``{text, at: [x, y], color, font_size}``: small labels placed anywhere
  font_size   px of the set/overlap labels (default theme size + 3);  bold: default true
  item_size   px of the items (default theme size + 1);  item_color: default grey-4
"""
from __future__ import annotations

import math

from diagrams.components import localized
from diagrams.components._canvas import Canvas, check_data, check_kind, data_where, entries
from diagrams.errors import SpecError
from diagrams.scene import Paint, Rect

SET_KINDS = {"at": "pair", "size": "pair", "text": "text", "fill": "text", "stroke": "text", "color": "text",
             "label_at": "pair", "opacity": "number"}
ITEM_KINDS = {"at": "pair", "text": "text", "font_size": "positive", "color": "text"}
KEYS = {"sets": "list", "overlap": "mapping", "items": "list", "font_size": "positive", "bold": "bool",
        "item_size": "positive", "item_color": "text"}   # key → kind (components/_canvas.py KINDS)
SAMPLES = 180


def _inside(e, x, y) -> float:
    """< 1 inside the ellipse ``e = (cx, cy, rx, ry)``."""
    cx, cy, rx, ry = e
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2


def _point(e, t):
    cx, cy, rx, ry = e
    return (cx + rx * math.cos(t), cy + ry * math.sin(t))


def arc_inside(a, b) -> list[tuple[float, float]]:
    """The boundary points of ellipse ``a`` that lie inside ellipse ``b``, in order along ``a``.

    Crossings are refined by bisection, so the arc ends exactly on ``b``'s outline."""
    step = 2 * math.pi / SAMPLES

    def inside(i) -> bool:           # angles unwrapped: i may exceed SAMPLES
        return _inside(b, *_point(a, step * i)) < 1

    flags = [inside(i) for i in range(SAMPLES)]
    if all(flags) or not any(flags):
        return []

    def cross(t_out, t_in):
        for _ in range(40):
            m = (t_out + t_in) / 2
            if _inside(b, *_point(a, m)) < 1:
                t_in = m
            else:
                t_out = m
        return (t_out + t_in) / 2

    # start at an outside→inside crossing and walk along a while inside b
    start = next(i for i in range(SAMPLES) if flags[i] and not flags[i - 1])
    pts = [_point(a, cross(step * (start - 1), step * start))]
    i = start
    while inside(i):
        pts.append(_point(a, step * i))
        i += 1
    pts.append(_point(a, cross(step * i, step * (i - 1))))
    return pts


def lens(a, b) -> list[tuple[float, float]]:
    """Closed outline of the intersection of two ellipses (empty when they do not overlap)."""
    pa, pb = arc_inside(a, b), arc_inside(b, a)
    if not pa or not pb:
        return []
    return pa + pb


def _ellipse(s) -> tuple[float, float, float, float]:
    at, size = s.get("at"), s.get("size")
    if not (isinstance(at, list) and len(at) == 2 and isinstance(size, list) and len(size) == 2):
        raise SpecError("every venn set needs `at: [cx, cy]` and `size: [w, h]`", hint="e.g. {at: [0, 0], size: [680, 180]}")
    return (float(at[0]), float(at[1]), float(size[0]) / 2, float(size[1]) / 2)


def make(node, ctx):
    check_data(node, KEYS, "venn")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    sets = entries(node, data, "sets", "venn", SET_KINDS)
    if len(sets) < 1:
        raise SpecError("a venn diagram needs sets", hint="give `data.sets: [{text, fill, at, size}, …]`")
    size = float(data.get("font_size", ctx.theme.fonts["size"] + 3))
    bold = bool(data.get("bold", True))
    cv = Canvas()
    ells = [_ellipse(s) for s in sets]
    for s, e in zip(sets, ells):
        cx, cy, rx, ry = e
        r = Rect(cx - rx, cy - ry, 2 * rx, 2 * ry)
        stroke = ctx.color(s.get("stroke"), "none")
        cv.path(_ellipse_cmds(e), Paint(fill=ctx.color(s.get("fill"), "grey-1"), stroke=stroke, opacity=_opacity(s)))
        cv.grow(r)
    ov = data.get("overlap")
    for k in ("fill", "text", "color", "label_at"):
        if isinstance(ov, dict) and k in ov:
            check_kind(ov[k], SET_KINDS[k], f"data.overlap.{k} of component venn", *data_where(node, "overlap", k))
    lens_pts = lens(ells[0], ells[1]) if len(ells) >= 2 else []
    if ov is not None and lens_pts:
        cmds = [("M", *lens_pts[0])] + [("L", x, y) for x, y in lens_pts[1:]] + [("Z",)]
        cv.path(cmds, Paint(fill=ctx.color(ov.get("fill"), "sky")))
    ink = ctx.color("black")
    for i, (s, e) in enumerate(zip(sets, ells)):
        if not s.get("text"):
            continue
        at = s.get("label_at")
        if at is None:
            at = _default_label_at(e, ells[1 - i] if len(ells) == 2 else None)
        cv.text(str(s["text"]), size=size, bold=bold, color=ctx.color(s.get("color"), ink), at=(float(at[0]), float(at[1])))
    if ov is not None and ov.get("text") and lens_pts:
        xs = [p[0] for p in lens_pts]
        ys = [p[1] for p in lens_pts]
        at = ov.get("label_at") or ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        cv.text(str(ov["text"]), size=size, bold=bold, color=ctx.color(ov.get("color"), ink), at=(float(at[0]), float(at[1])))
    isize = float(data.get("item_size", ctx.theme.fonts["size"] + 1))
    icolor = data.get("item_color", "grey-4")
    for it in entries(node, data, "items", "venn", ITEM_KINDS):
        at = it.get("at")
        if not (isinstance(at, list) and len(at) == 2):
            raise SpecError("every venn item needs `at: [x, y]`", hint="e.g. {text: DQN, at: [-200, 60]}")
        cv.text(str(it.get("text", "")), size=float(it.get("font_size", isize)),
                color=ctx.color(it.get("color", icolor)), at=(float(at[0]), float(at[1])))
    return cv.block(node)


def _opacity(s) -> float | None:
    """A set's ``opacity`` (0–1): later sets drawn see-through blend with the ones under them."""
    op = s.get("opacity")
    if op is None:
        return None
    if isinstance(op, bool) or not isinstance(op, (int, float)) or not 0 < op <= 1:
        raise SpecError(f"venn set opacity must be a number in (0, 1], got {op!r}", hint="e.g. opacity: 0.65")
    return float(op)


def _ellipse_cmds(e):
    """An ellipse as four cubic Béziers (the Canvas path takes only M/L/Q/C)."""
    cx, cy, rx, ry = e
    k = 0.5522847498
    return [("M", cx + rx, cy), ("C", cx + rx, cy + ry * k, cx + rx * k, cy + ry, cx, cy + ry),
            ("C", cx - rx * k, cy + ry, cx - rx, cy + ry * k, cx - rx, cy),
            ("C", cx - rx, cy - ry * k, cx - rx * k, cy - ry, cx, cy - ry),
            ("C", cx + rx * k, cy - ry, cx + rx, cy - ry * k, cx + rx, cy), ("Z",)]


def _default_label_at(e, other):
    cx, cy, rx, ry = e
    if other is None:
        return (cx, cy)
    ocx = other[0]
    # the ellipse's far edge and the other ellipse's near edge on the centre line
    if ocx >= cx:
        far, near = cx - rx, ocx - other[2]
    else:
        far, near = cx + rx, ocx + other[2]
    return ((far + near) / 2, cy)
