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

Without ``at``/``size`` on its sets, a two-set diagram lays itself out (no coordinates): ``sets`` of
``{text, fill, items: [...]}`` and ``overlap: {text, fill, items: [...]}``, where ``items`` are the small labels
(strings or ``{en, zh}``) of that part — the first above the part's label, the second below, and so on
alternately. The ellipses are sized so every label and item fits its part with room to spare.
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
    if len(sets) == 2 and not any(isinstance(s, dict) and ("at" in s or "size" in s) for s in sets):
        return _auto(node, ctx, data, sets, size, bold, cv)
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


AUTO_PAD = 24.0       # px around the widest text of a part, across
AUTO_ASPECT = 0.26    # an ellipse at least this many times as high as wide (the book's flat ellipses)


def _auto(node, ctx, data, sets, size, bold, cv):
    """Two overlapping ellipses laid out from their texts: three parts of one width R side by side (left only,
    lens, right only); each ellipse is 2R wide, the second centred R to the right of the first. Each part's
    label sits on the middle line, its items alternately above and below; the ellipses grow in height until
    every item fits inside its part."""
    from diagrams.text.rich import layout as layout_text

    ov = data.get("overlap") or {}
    isize = float(data.get("item_size", ctx.theme.fonts["size"] + 1))
    icolor = data.get("item_color", "grey-4")
    parts = []                      # (label block or None, [item blocks], part dict)
    for part in (sets[0], ov, sets[1]):
        if not isinstance(part, dict):
            raise SpecError("a venn set is a mapping {text, fill, items}", hint="e.g. {text: Value-based, fill: cream}")
        items = part.get("items") or []
        if not isinstance(items, list):
            raise SpecError("venn `items` of a part is a list of texts", hint="e.g. items: [DQN, Q-Learning]")
        label = layout_text(str(part["text"]), size, bold=bold) if part.get("text") else None
        blocks = [layout_text(str(it.get("text", "") if isinstance(it, dict) else it), isize) for it in items]
        parts.append((label, blocks, part))
    widths = [b.width for lab, bl, _ in parts for b in ([lab] if lab else []) + bl]
    R = max(widths + [40.0]) + 2 * AUTO_PAD
    rx = R
    # vertical offsets of each part's texts from the middle line
    rows = []
    for label, blocks, _ in parts:
        lh = label.height if label else 0.0
        gap = 1.4 * isize
        above, below, out = lh / 2, lh / 2, []
        for k, b in enumerate(blocks):
            if k % 2 == 0:
                dy = -(above + gap + b.height / 2)
                above += gap + b.height
            else:
                dy = below + gap + b.height / 2
                below += gap + b.height
            out.append((b, dy))
        rows.append(out)
    extent = max([abs(dy) + b.height / 2 for r in rows for b, dy in r] + [max((p[0].height / 2 for p in parts if p[0]), default=10.0)])
    ry = max(AUTO_ASPECT * rx, (extent + 10) / 0.866)

    def hw(dy, ry):      # half-width of an ellipse at height dy from its middle
        return rx * math.sqrt(max(0.0, 1 - (dy / ry) ** 2))

    def fits(ry) -> bool:
        for i, r in enumerate(rows):
            for b, dy in r:
                edge = abs(dy) + b.height / 2 + 4
                if edge >= ry:
                    return False
                if i == 1 and 2 * hw(edge, ry) - R < b.width + 12:       # the lens narrows towards its tips
                    return False
                if i != 1 and R - 2 * abs(hw(abs(dy), ry) - hw(edge, ry)) < b.width + 12:
                    return False
        return True

    for _ in range(60):
        if fits(ry):
            break
        ry *= 1.08
    c0, c1, cy = rx, rx + R, ry
    ells = [(c0, cy, rx, ry), (c1, cy, rx, ry)]
    for s, e in zip(sets, ells):
        cx, _, ex, ey = e
        cv.path(_ellipse_cmds(e), Paint(fill=ctx.color(s.get("fill"), "grey-1"), stroke=ctx.color(s.get("stroke"), "none"),
                                        opacity=_opacity(s)))
        cv.grow(Rect(cx - ex, cy - ey, 2 * ex, 2 * ey))
    lens_pts = lens(ells[0], ells[1])
    if ov and lens_pts:
        cmds = [("M", *lens_pts[0])] + [("L", x, y) for x, y in lens_pts[1:]] + [("Z",)]
        cv.path(cmds, Paint(fill=ctx.color(ov.get("fill"), "sky")))
    ink = ctx.color("black")
    for i, ((label, _, part), r) in enumerate(zip(parts, rows)):
        def x_at(dy):
            return {0: 1.5 * R - hw(dy, ry), 1: 1.5 * R, 2: 1.5 * R + hw(dy, ry)}[i]
        if label is not None:
            cv.text(label, size=size, bold=bold, color=ctx.color(part.get("color"), ink), at=(x_at(0), cy))
        for b, dy in r:
            cv.text(b, size=isize, color=ctx.color(icolor), at=(x_at(abs(dy)), cy + dy))
    return cv.block(node)
