"""A stack of isometric grid planes (hierarchies such as feudal RL): level k is an n_k x n_k grid drawn as a
diamond, upper planes hiding the lower ones, joined by vertical edges at the left, right and front corners.

Grid sizes and marked cells come from the computation (``compute: hierarchy.feudal_grid``: ``sizes`` and
``marks`` with the cells each mark ``covered``); the spec gives the geometry, words and colours.

data keys (strings may be ``{en, zh}``):
  half        ``[w, h]``: half the diamond's width and height in px (isometric: h ≈ 0.577 w)
  levels      list, top to bottom, of ``{y, label, cell_labels}``: the plane's centre height (px, from the top
              plane's top corner = 0), the level's name at the left, and whether its cells show labels
  cell_label  template of a cell label, ``{level}`` and ``{cell}`` filled (default ``"π<sub>{level}-{cell}</sub>"``)
  marks       list of fills, one per computed mark, e.g. ``[yellow, sky]``
  stroke, stroke_width, edge_width, font_size, label_size, cell_size, rotate (cell labels' angle, default -30),
  shadow      ``false`` for no soft shadow under each plane
Cell labels that fall under a higher plane are left out; the front vertical edge leaves gaps around labels.
"""
from __future__ import annotations

from diagrams.components import computed, localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_data, entries
from diagrams.errors import SpecError
from diagrams.layout.text import place_text
from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape
from diagrams.text.rich import layout as layout_text

KEYS = {  # key → kind (components/_canvas.py KINDS)
    "half": "pair", "levels": "list", "cell_label": "text", "marks": "list", "stroke": "text",
    "stroke_width": "number", "edge_width": "number", "font_size": "positive", "label_size": "positive",
    "cell_size": "positive", "rotate": "number", "shadow": "bool", "label_gap": "number"}


def _inside(pt, poly) -> bool:
    x, y = pt
    inside = False
    for i in range(len(poly)):
        (x1, y1), (x2, y2) = poly[i], poly[i - 1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _d(pts) -> str:
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in pts) + "Z"


def make(node, ctx):
    check_data(node, KEYS, "iso_stack")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    res = computed(node, ctx)
    if not isinstance(res, dict) or "sizes" not in res:
        raise SpecError("iso_stack needs `compute: hierarchy.feudal_grid`", hint="it returns the grid sizes and marks")
    sizes = res["sizes"]
    levels = entries(node, data, "levels", "iso_stack", {"y": "number", "label": "text", "cell_labels": "bool"})
    if len(levels) != len(sizes):
        raise SpecError(f"iso_stack has {len(levels)} levels in data but the computation has {len(sizes)}",
                        hint="give one `levels` entry per level")
    W, H = (float(v) for v in data.get("half", [430, 248]))
    fills = data.get("marks") or []
    stroke = ctx.color(data.get("stroke", "deep-blue"))
    sw = float(data.get("stroke_width", 1.5))
    ew = float(data.get("edge_width", 2.2))
    fs = float(data.get("font_size", 26))
    cs = float(data.get("cell_size", 26))
    rot = float(data.get("rotate", -30))
    gap = float(data.get("label_gap", 14))
    tmpl = str(data.get("cell_label", "π<sub>{level}-{cell}</sub>"))
    # mark fills per (level, cell)
    colour = {}
    for i, mk in enumerate(res.get("marks") or []):
        if i >= len(fills):
            break
        for lv, cells in mk["covered"]:
            for c in cells:
                colour[(int(lv), int(c))] = ctx.color(fills[i])
    ys = [float(lv.get("y", 0)) + H for lv in levels]      # centre heights; top corner of level 1 at y = 0
    cx = W

    def corners(y):
        return {"T": (cx, y - H), "R": (cx + W, y), "B": (cx, y + H), "L": (cx - W, y)}

    def at(y, u, v):  # u along L→T, v along L→B, both 0..1
        c = corners(y)
        L, T, B = c["L"], c["T"], c["B"]
        return (L[0] + u * (T[0] - L[0]) + v * (B[0] - L[0]), L[1] + u * (T[1] - L[1]) + v * (B[1] - L[1]))

    # label blocks measured up front (left of the planes)
    names = [layout_text(str(lv.get("label", "")), fs) for lv in levels]
    left = max((b.width for b in names), default=0) + gap
    w_total, h_total = left + 2 * W + ew, ys[-1] + H + 14

    def paint(ctx, x0, y0):
        ctx.placed[node.id] = Rect(x0, y0, w_total, h_total)
        ox, oy = x0 + left, y0

        def P(p):
            return (p[0] + ox, p[1] + oy)

        label_boxes = []
        planes = [[P(p) for p in corners(y).values()] for y in ys]
        for k in range(len(sizes) - 1, -1, -1):          # bottom plane first: upper planes hide lower ones
            y, n, lvno = ys[k], int(sizes[k]), k + 1
            diamond = planes[k]
            if data.get("shadow", True):
                for dy, op in ((16, 0.07), (11, 0.1), (6, 0.14)):
                    ctx.scene.add(Shape("path", Paint(fill=ctx.color("grey-3"), stroke="none", opacity=op),
                                        d=_d([(px, py + dy) for px, py in diamond])))
            ctx.scene.add(Shape("path", Paint(fill=ctx.color("white"), stroke="none"), d=_d(diamond)))
            for r in range(n):
                for c in range(n):
                    f = colour.get((lvno, r * n + c + 1))
                    if f:
                        cell = [P(at(y, c / n, r / n)), P(at(y, (c + 1) / n, r / n)),
                                P(at(y, (c + 1) / n, (r + 1) / n)), P(at(y, c / n, (r + 1) / n))]
                        ctx.scene.add(Shape("path", Paint(fill=f, stroke="none"), d=_d(cell)))
            grid = []
            for i in range(1, n):
                a, b = P(at(y, i / n, 0)), P(at(y, i / n, 1))
                grid.append(f"M{num(a[0])} {num(a[1])}L{num(b[0])} {num(b[1])}")
                a, b = P(at(y, 0, i / n)), P(at(y, 1, i / n))
                grid.append(f"M{num(a[0])} {num(a[1])}L{num(b[0])} {num(b[1])}")
            if grid:
                ctx.scene.add(Shape("path", Paint(fill="none", stroke=stroke, stroke_width=sw), d="".join(grid)))
            ctx.scene.add(Shape("path", Paint(fill="none", stroke=stroke, stroke_width=sw), d=_d(diamond)))
            if levels[k].get("cell_labels", True):
                for r in range(n):
                    for c in range(n):
                        px, py = P(at(y, (c + 0.5) / n, (r + 0.5) / n))
                        if any(_inside((px, py), planes[j]) for j in range(k)):
                            continue                      # hidden under a higher plane
                        text = tmpl.replace("{level}", str(lvno)).replace("{cell}", str(r * n + c + 1))
                        blk = layout_text(text, cs)
                        area = Rect(px - blk.width / 2, py - blk.height / 2, blk.width, blk.height)
                        place_text(ctx, blk, area, color=ctx.color("black"), rotate=rot)
                        label_boxes.append(area)
        # level names, right-aligned left of each plane's left corner
        for k, blk in enumerate(names):
            Lx, Ly = P(corners(ys[k])["L"])
            place_text(ctx, blk, Rect(x0, Ly - blk.height / 2, Lx - gap - x0, blk.height), align="right",
                       color=ctx.color("black"))
        # vertical edges: left and right corners; the front one with gaps around labels it would cross
        for key in ("L", "R"):
            a, b = P(corners(ys[0])[key]), P(corners(ys[-1])[key])
            ctx.scene.add(Shape("path", Paint(fill="none", stroke=stroke, stroke_width=ew),
                                d=f"M{num(a[0])} {num(a[1])}L{num(b[0])} {num(b[1])}"))
        a, b = P(corners(ys[0])["B"]), P(corners(ys[-1])["B"])
        cuts = sorted((r.y - 4, r.bottom + 4) for r in label_boxes if r.x - 2 < a[0] < r.right + 2)
        segs, y = [], a[1]
        for c0, c1 in cuts:
            if c1 <= y or c0 >= b[1]:
                continue
            if c0 > y:
                segs.append((y, c0))
            y = max(y, c1)
        if y < b[1]:
            segs.append((y, b[1]))
        d = "".join(f"M{num(a[0])} {num(s0)}L{num(a[0])} {num(s1)}" for s0, s1 in segs)
        if d:
            ctx.scene.add(Shape("path", Paint(fill="none", stroke=stroke, stroke_width=ew), d=d))

    return DrawnBlock(node, w_total, h_total, paint)
