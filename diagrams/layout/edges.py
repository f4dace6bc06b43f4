"""Edge routing (straight, elbow, curved, via points), arrowheads, and edge labels."""
from __future__ import annotations

import math

from diagrams.errors import SpecError
from diagrams.layout.shapes import DASHES, arrowhead
from diagrams.layout.text import place_text
from diagrams.model import Edge, Node
from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape
from diagrams.text.rich import layout as layout_text

NORMALS = {"top": (0, -1), "bottom": (0, 1), "left": (-1, 0), "right": (1, 0)}


def side_point(r: Rect, side: str, at: float = 0.5) -> tuple[float, float]:
    if side == "top":
        return (r.x + r.w * at, r.y)
    if side == "bottom":
        return (r.x + r.w * at, r.bottom)
    if side == "left":
        return (r.x, r.y + r.h * at)
    return (r.right, r.y + r.h * at)


def _facing(a: Rect, b: Rect) -> tuple[str, str]:
    dx, dy = b.cx - a.cx, b.cy - a.cy
    horizontal_gap = max(b.x - a.right, a.x - b.right)
    vertical_gap = max(b.y - a.bottom, a.y - b.bottom)
    if horizontal_gap > vertical_gap:
        return ("right", "left") if dx > 0 else ("left", "right")
    return ("bottom", "top") if dy > 0 else ("top", "bottom")


def _overlap_mid(a0, a1, b0, b1):
    lo, hi = max(a0, b0), min(a1, b1)
    return (lo + hi) / 2 if hi > lo else None


def route(e: Edge, a: Rect, b: Rect) -> tuple[list[tuple[float, float]], str]:
    """Points of the edge, and ``"line"`` (polyline) or ``"cubic"`` (4 points of one Bézier)."""
    kind = e.get("route", "straight")
    ex, en = _facing(a, b)
    exit_side, enter_side = e.get("exit", ex), e.get("enter", en)
    via = e.get("via")
    if kind == "straight" and not via and "exit_at" not in e.props and "enter_at" not in e.props:
        # Axis-aligned when the two shapes overlap along the other axis.
        if exit_side in ("left", "right") and enter_side in ("left", "right"):
            y = _overlap_mid(a.y, a.bottom, b.y, b.bottom)
            if y is not None:
                return [side_point(a, exit_side, (y - a.y) / a.h), side_point(b, enter_side, (y - b.y) / b.h)], "line"
        if exit_side in ("top", "bottom") and enter_side in ("top", "bottom"):
            x = _overlap_mid(a.x, a.right, b.x, b.right)
            if x is not None:
                return [side_point(a, exit_side, (x - a.x) / a.w), side_point(b, enter_side, (x - b.x) / b.w)], "line"
    p0 = side_point(a, exit_side, float(e.get("exit_at", 0.5)))
    p1 = side_point(b, enter_side, float(e.get("enter_at", 0.5)))
    if via:
        return [p0] + [(float(x), float(y)) for x, y in via] + [p1], "line"
    if kind == "straight":
        return [p0, p1], "line"
    bend = e.get("bend")
    if kind == "curve":
        dist = math.hypot(p1[0] - p0[0], p1[1] - p0[1])
        k = float(bend) if bend is not None else dist * 0.4
        n0, n1 = NORMALS[exit_side], NORMALS[enter_side]
        return [p0, (p0[0] + n0[0] * k, p0[1] + n0[1] * k), (p1[0] + n1[0] * k, p1[1] + n1[1] * k), p1], "cubic"
    # elbow
    v0, v1 = exit_side in ("top", "bottom"), enter_side in ("top", "bottom")
    if v0 and not v1:
        return [p0, (p0[0], p1[1]), p1], "line"
    if not v0 and v1:
        return [p0, (p1[0], p0[1]), p1], "line"
    off = float(bend) if bend is not None else 24.0
    if v0:
        if exit_side == enter_side:
            ym = (max(p0[1], p1[1]) + off) if exit_side == "bottom" else (min(p0[1], p1[1]) - off)
        else:
            ym = (p0[1] + p1[1]) / 2 + (float(bend) if bend is not None else 0)
        return [p0, (p0[0], ym), (p1[0], ym), p1], "line"
    if exit_side == enter_side:
        xm = (max(p0[0], p1[0]) + off) if exit_side == "right" else (min(p0[0], p1[0]) - off)
    else:
        xm = (p0[0] + p1[0]) / 2 + (float(bend) if bend is not None else 0)
    return [p0, (xm, p0[1]), (xm, p1[1]), p1], "line"


def _trim(points, kind, start: float, end: float):
    """Shorten the path at either end (room for arrowheads and gaps)."""
    pts = list(points)

    def move(p, q, d):
        L = math.hypot(q[0] - p[0], q[1] - p[1]) or 1.0
        return (p[0] + (q[0] - p[0]) * d / L, p[1] + (q[1] - p[1]) * d / L)

    if start:
        pts[0] = move(pts[0], pts[1], start)
    if end:
        pts[-1] = move(pts[-1], pts[-2], end)
    return pts


def _d(points, kind) -> str:
    if kind == "cubic":
        p0, c0, c1, p1 = points
        return (f"M{num(p0[0])} {num(p0[1])}C{num(c0[0])} {num(c0[1])} {num(c1[0])} {num(c1[1])} "
                f"{num(p1[0])} {num(p1[1])}")
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)


def point_at(points, kind, t: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Point and tangent at fraction ``t`` of the path."""
    if kind == "cubic":
        p0, c0, c1, p1 = points
        u = 1 - t
        x = u ** 3 * p0[0] + 3 * u * u * t * c0[0] + 3 * u * t * t * c1[0] + t ** 3 * p1[0]
        y = u ** 3 * p0[1] + 3 * u * u * t * c0[1] + 3 * u * t * t * c1[1] + t ** 3 * p1[1]
        dx = 3 * u * u * (c0[0] - p0[0]) + 6 * u * t * (c1[0] - c0[0]) + 3 * t * t * (p1[0] - c1[0])
        dy = 3 * u * u * (c0[1] - p0[1]) + 6 * u * t * (c1[1] - c0[1]) + 3 * t * t * (p1[1] - c1[1])
        return (x, y), (dx, dy)
    lengths = [math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in zip(points, points[1:])]
    total = sum(lengths) or 1.0
    goal = t * total
    for (p, q), L in zip(zip(points, points[1:]), lengths):
        if goal <= L or L == lengths[-1]:
            f = goal / L if L else 0
            return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f), (q[0] - p[0], q[1] - p[1])
        goal -= L
    return points[-1], (1, 0)


def draw_edge(ctx, e: Edge, index: int):
    a, b = ctx.placed.get(e.source), ctx.placed.get(e.target)
    if a is None or b is None:
        missing = e.source if a is None else e.target
        raise SpecError(f"edge {index + 1} joins '{missing}', which the figure does not draw", file=ctx.file,
                        line=e.line, col=e.col, hint="name a node, or a part its component offers")
    theme = ctx.theme
    color = ctx.color(e.get("color"), "black")
    width = float(e.get("width", theme.edge.get("width", 1.2)))
    size = float(theme.edge.get("arrow_size", 8)) * max(1.0, width / 1.2) ** 0.5
    points, kind = route(e, a, b)
    gap = float(e.get("gap", 0))
    arrow = e.get("arrow", "end")
    head_start = arrow in ("start", "both")
    head_end = arrow in ("end", "both")
    body = _trim(points, kind, gap + (size * 0.8 if head_start else 0), gap + (size * 0.8 if head_end else 0))
    dash = DASHES[e.get("line", "solid")]
    d = _d(body, kind)
    if e.get("double"):
        ctx.scene.add(Shape("path", Paint(stroke=color, stroke_width=width + 4), d=d))
        ctx.scene.add(Shape("path", Paint(stroke="#FFFFFF", stroke_width=max(1.0, width + 4 - 2 * width)), d=d))
    else:
        ctx.scene.add(Shape("path", Paint(stroke=color, stroke_width=width, dash=dash), d=d))
    full = _trim(points, kind, gap, gap)
    if head_end:
        tip = full[-1]
        _, tangent = point_at(full, kind, 1.0)
        ctx.scene.add(Shape("path", Paint(fill=color), d=arrowhead(tip, tangent, size)))
    if head_start:
        tip = full[0]
        _, tangent = point_at(full, kind, 0.0)
        ctx.scene.add(Shape("path", Paint(fill=color), d=arrowhead(tip, (-tangent[0], -tangent[1]), size)))
    _labels(ctx, e, full, kind, color)


def _labels(ctx, e: Edge, points, kind, edge_color):
    stacked_above = 0.0
    stacked_below = 0.0
    for lab in e.labels:
        props = lab.props
        style_name = props.get("style", "plain")
        st = dict(ctx.theme.style(style_name))
        st.update({k: v for k, v in props.items() if k not in ("style",)})
        size = float(st.get("font_size", ctx.theme.fonts["size"]))
        block = layout_text(ctx.tr(lab.text), size, bold=bool(st.get("bold")), wrap=st.get("wrap"))
        pad = st.get("padding", [2, 2])
        w, h = block.width + 2 * pad[0], block.height + 2 * pad[1]
        (px, py), (tx, ty) = point_at(points, kind, float(st.get("at", 0.5)))
        horizontal = abs(tx) >= abs(ty)
        side = st.get("side", "above" if horizontal else "right")
        gap = 3
        if side == "above":
            cx, cy = px, py - gap - h / 2 - stacked_above
            stacked_above += h + gap
        elif side == "below":
            cx, cy = px, py + gap + h / 2 + stacked_below
            stacked_below += h + gap
        elif side == "left":
            cx, cy = px - gap - w / 2, py
        elif side == "right":
            cx, cy = px + gap + w / 2, py
        else:
            cx, cy = px, py
        off = st.get("offset") or [0, 0]
        r = Rect(cx - w / 2 + float(off[0]), cy - h / 2 + float(off[1]), w, h)
        shape = st.get("shape", "none")
        if shape != "none":
            from diagrams.layout.shapes import outline

            paint = Paint(fill=ctx.color(st.get("fill"), "none"), stroke=ctx.color(st.get("stroke"), "none"))
            for s in outline(shape, r, paint, float(st.get("radius", 4))):
                ctx.scene.add(s)
        color = ctx.color(st.get("color"), "ink")
        place_text(ctx, block, Rect(r.x + pad[0], r.y + pad[1], block.width, block.height), color=color,
                   owner=r if shape != "none" else None)
