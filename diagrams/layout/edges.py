"""Edge routing (straight, elbow, curved, via points), arrowheads, and edge labels."""
from __future__ import annotations

import math
from dataclasses import dataclass

from diagrams.errors import SpecError
from diagrams.layout.shapes import DASHES, HEAD_ASPECT, arrowhead, head_size
from diagrams.layout.text import place_text
from diagrams.model import Edge, Node
from diagrams.render.svg import num
from diagrams.scene import LineEnds, Paint, Rect, Shape
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


def _frac(v, start, length):
    """Where ``v`` lies along a side starting at ``start`` (0–1); the middle of a zero-length side."""
    return (v - start) / length if length else 0.5


def _overlap_mid(a0, a1, b0, b1):
    lo, hi = max(a0, b0), min(a1, b1)
    if hi > lo or (hi == lo and (a0 == a1 or b0 == b1)):   # a zero-size point node inside the other's span
        return (lo + hi) / 2
    return None


def _outward(r: Rect, side: str, d: float) -> Rect:
    """``r`` grown by ``d`` px on one side only (positions along that side are unchanged)."""
    if side == "left":
        return Rect(r.x - d, r.y, r.w + d, r.h)
    if side == "right":
        return Rect(r.x, r.y, r.w + d, r.h)
    if side == "top":
        return Rect(r.x, r.y - d, r.w, r.h + d)
    return Rect(r.x, r.y, r.w, r.h + d)


def route(e: Edge, a: Rect, b: Rect, attach_a: dict | None = None,
          attach_b: dict | None = None) -> tuple[list[tuple[float, float]], str]:
    """Points of the edge, and ``"line"`` (polyline) or ``"cubic"`` (3n + 1 points of n joined Béziers).

    ``attach_a``/``attach_b`` map sides to px the edge stops outside the shape (brackets drawn there)."""
    kind = e.get("route", "straight")
    ex, en = _facing(a, b)
    exit_side, enter_side = e.get("exit", ex), e.get("enter", en)
    if attach_a and exit_side in attach_a:
        a = _outward(a, exit_side, float(attach_a[exit_side]))
    if attach_b and enter_side in attach_b:
        b = _outward(b, enter_side, float(attach_b[enter_side]))
    via = e.get("via")
    if (kind == "straight" and not via and not {"exit_at", "enter_at", "exit_angle", "enter_angle"} & set(e.props)):
        # Axis-aligned when the two shapes overlap along the other axis.
        if exit_side in ("left", "right") and enter_side in ("left", "right"):
            y = _overlap_mid(a.y, a.bottom, b.y, b.bottom)
            if y is not None:
                return [side_point(a, exit_side, _frac(y, a.y, a.h)), side_point(b, enter_side, _frac(y, b.y, b.h))], "line"
        if exit_side in ("top", "bottom") and enter_side in ("top", "bottom"):
            x = _overlap_mid(a.x, a.right, b.x, b.right)
            if x is not None:
                return [side_point(a, exit_side, _frac(x, a.x, a.w)), side_point(b, enter_side, _frac(x, b.x, b.w))], "line"
    if via and kind == "elbow":
        corners = [(float(x), float(y)) for x, y in via]
        p0 = _port(a, exit_side, e.get("exit_at"), corners[0])
        p1 = _port(b, enter_side, e.get("enter_at"), corners[-1])
        return orthogonal(p0, exit_side, corners, p1, enter_side), "line"
    a_ang, b_ang = e.get("exit_angle"), e.get("enter_angle")
    p0 = (ellipse_point(a, float(a_ang)) if a_ang is not None and "exit" not in e.props
          else side_point(a, exit_side, float(e.get("exit_at", 0.5))))
    p1 = (ellipse_point(b, float(b_ang)) if b_ang is not None and "enter" not in e.props
          else side_point(b, enter_side, float(e.get("enter_at", 0.5))))
    bend = e.get("bend")
    n0 = _unit(a_ang) if a_ang is not None else NORMALS[exit_side]
    n1 = _unit(b_ang) if b_ang is not None else NORMALS[enter_side]
    if via and kind == "curve":
        return smooth_through([p0] + [(float(x), float(y)) for x, y in via] + [p1], n0, n1, bend), "cubic"
    if via:
        return [p0] + [(float(x), float(y)) for x, y in via] + [p1], "line"
    if kind == "straight":
        return [p0, p1], "line"
    if kind == "curve":
        dist = math.hypot(p1[0] - p0[0], p1[1] - p0[1])
        k = float(bend) if bend is not None else dist * 0.4
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
            ym = p0[1] + (p1[1] - p0[1]) * float(e.get("elbow_at", 0.5)) + (float(bend) if bend is not None else 0)
        return [p0, (p0[0], ym), (p1[0], ym), p1], "line"
    if exit_side == enter_side:
        xm = (max(p0[0], p1[0]) + off) if exit_side == "right" else (min(p0[0], p1[0]) - off)
    else:
        xm = p0[0] + (p1[0] - p0[0]) * float(e.get("elbow_at", 0.5)) + (float(bend) if bend is not None else 0)
    return [p0, (xm, p0[1]), (xm, p1[1]), p1], "line"


def _unit(angle) -> tuple[float, float]:
    """The unit vector of ``angle`` degrees, clockwise from east (y grows downwards): 90 points down."""
    t = math.radians(float(angle))
    return (math.cos(t), math.sin(t))


def ellipse_point(r: Rect, angle: float) -> tuple[float, float]:
    """The point of the ellipse inscribed in ``r`` seen from its centre at ``angle`` degrees (clockwise from
    east): where an edge with ``exit_angle``/``enter_angle`` meets a circle or ellipse node (a zero-size node: its
    centre)."""
    c, s = _unit(angle)
    rx, ry = r.w / 2, r.h / 2
    if rx <= 0 or ry <= 0:
        return (r.cx, r.cy)
    t = 1.0 / math.hypot(c / rx, s / ry)
    return (r.cx + c * t, r.cy + s * t)


CURVE_TENSION = 1 / 3   # control-point distance of a smooth curve through via points, as a share of each chord


def smooth_through(pts, n0, n1, bend=None) -> list[tuple[float, float]]:
    """Cubic Béziers (3n + 1 points) through ``pts``: at an inner point the tangent is parallel to the line
    joining its neighbours (Catmull-Rom), the curve leaves the first point along ``n0`` and arrives at the last
    against ``n1`` (both point away from their node, as side normals do). Control points sit CURVE_TENSION of the
    piece's chord from its ends; ``bend`` (px) sets the first and last ones instead."""
    n = len(pts)
    tangents = []
    for i in range(n):
        if i == 0:
            d = n0
        elif i == n - 1:
            d = (-n1[0], -n1[1])
        else:
            d = (pts[i + 1][0] - pts[i - 1][0], pts[i + 1][1] - pts[i - 1][1])
        length = math.hypot(d[0], d[1]) or 1.0
        tangents.append((d[0] / length, d[1] / length))
    out = [pts[0]]
    for i in range(n - 1):
        p, q = pts[i], pts[i + 1]
        chord = math.hypot(q[0] - p[0], q[1] - p[1])
        k0 = float(bend) if bend is not None and i == 0 else chord * CURVE_TENSION
        k1 = float(bend) if bend is not None and i == n - 2 else chord * CURVE_TENSION
        out += [(p[0] + tangents[i][0] * k0, p[1] + tangents[i][1] * k0),
                (q[0] - tangents[i + 1][0] * k1, q[1] - tangents[i + 1][1] * k1), q]
    return out


def _port(r: Rect, side: str, at, toward: tuple[float, float]) -> tuple[float, float]:
    """Where an orthogonal edge meets ``side`` of ``r``: at fraction ``at`` when given, else level with the
    neighbouring via point when that lies within the side's span (a straight run out of the shape), else the middle."""
    if at is not None:
        return side_point(r, side, float(at))
    if side in ("left", "right") and r.y <= toward[1] <= r.bottom:
        return (r.x if side == "left" else r.right, toward[1])
    if side in ("top", "bottom") and r.x <= toward[0] <= r.right:
        return (toward[0], r.y if side == "top" else r.bottom)
    return side_point(r, side, 0.5)


def orthogonal(p0, exit_side: str, via: list, p1, enter_side: str) -> list[tuple[float, float]]:
    """An axis-aligned polyline p0 → via points → p1.

    Between two points that are not level a corner is inserted: the path leaves p0 along the exit side's
    normal, turns at every via point, and reaches p1 along the enter side's normal; so via points can be
    given as the corners of the route or as any points the route must pass. Repeated and collinear points
    are dropped."""
    def axis_of(side):
        return "v" if side in ("top", "bottom") else "h"

    eps = 1e-6
    pts = [p0]
    leave = axis_of(exit_side)              # the axis along which the path leaves its current point
    targets = list(via) + [p1]
    for i, q in enumerate(targets):
        p = pts[-1]
        if abs(p[0] - q[0]) < eps or abs(p[1] - q[1]) < eps:
            arrive = "v" if abs(p[0] - q[0]) < eps else "h"
        else:
            first = leave
            if i == len(targets) - 1:       # arrive at the target along its side's normal
                first = "h" if axis_of(enter_side) == "v" else "v"
            pts.append((q[0], p[1]) if first == "h" else (p[0], q[1]))
            arrive = "v" if first == "h" else "h"
        pts.append(q)
        leave = "h" if arrive == "v" else "v"
    # drop repeated points and the middle of straight runs
    out = [pts[0]]
    for q in pts[1:]:
        if abs(q[0] - out[-1][0]) < eps and abs(q[1] - out[-1][1]) < eps:
            continue
        if len(out) >= 2:
            o, m = out[-2], out[-1]
            if (abs(o[0] - m[0]) < eps and abs(m[0] - q[0]) < eps) or (abs(o[1] - m[1]) < eps and abs(m[1] - q[1]) < eps):
                out[-1] = q
                continue
        out.append(q)
    return out


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
        out = [f"M{num(points[0][0])} {num(points[0][1])}"]
        for i in range(1, len(points) - 2, 3):
            c0, c1, p1 = points[i:i + 3]
            out.append(f"C{num(c0[0])} {num(c0[1])} {num(c1[0])} {num(c1[1])} {num(p1[0])} {num(p1[1])}")
        return "".join(out)
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)


def _segments(points, kind) -> list:
    """The straight pieces of a drawn edge (a cubic as 16 chords), for line jumps of later edges."""
    if kind == "cubic":
        n = 16 * ((len(points) - 1) // 3)
        pts = [point_at(points, kind, i / n)[0] for i in range(n + 1)]
    else:
        pts = list(points)
    return [(p, q) for p, q in zip(pts, pts[1:]) if p != q]


def crossings(p, q, others, margin: float) -> list[float]:
    """Distances from ``p`` along segment p→q where it properly crosses one of ``others`` (segments), keeping
    ``margin`` px clear of p and q; touching ends, shared end points and parallel segments do not count."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    out = []
    for a, b in others:
        ex, ey = b[0] - a[0], b[1] - a[1]
        den = dx * ey - dy * ex
        if abs(den) < 1e-9:
            continue
        t = ((a[0] - p[0]) * ey - (a[1] - p[1]) * ex) / den
        u = ((a[0] - p[0]) * dy - (a[1] - p[1]) * dx) / den
        other = math.hypot(ex, ey) or 1.0
        if margin < t * length < length - margin and 1.0 / other < u < 1 - 1.0 / other:
            out.append(t * length)
    kept: list[float] = []
    for s in sorted(out):                # a crossing within one hop of the previous one shares its hop
        if not kept or s - kept[-1] >= 2 * margin:
            kept.append(s)
    return kept


def rounded_d(points, corner: float = 0.0, hop: float = 0.0, others=()) -> str:
    """A polyline's path with its corners rounded (radius ``corner``, shrunk to fit short segments) and a
    semicircular hop of radius ``hop`` wherever it crosses one of ``others`` (line jumps). Hops bulge up on
    horizontal-ish segments and to the right on vertical-ish ones."""
    pts = list(points)
    n = len(pts)
    seg_len = [math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in zip(pts, pts[1:])]
    rc = [0.0] * n
    for i in range(1, n - 1):
        rc[i] = max(0.0, min(corner, seg_len[i - 1] / 2, seg_len[i] / 2))
    out = [f"M{num(pts[0][0])} {num(pts[0][1])}"]
    for i in range(n - 1):
        p, q, L = pts[i], pts[i + 1], seg_len[i] or 1.0
        ux, uy = (q[0] - p[0]) / L, (q[1] - p[1]) / L
        if hop:
            sweep = 1 if (ux > 0 if abs(ux) >= abs(uy) else uy > 0) else 0
            for s in crossings(p, q, others, hop + 1.0):
                if rc[i] + hop <= s <= L - rc[i + 1] - hop:
                    x0, y0 = p[0] + ux * (s - hop), p[1] + uy * (s - hop)
                    x1, y1 = p[0] + ux * (s + hop), p[1] + uy * (s + hop)
                    out.append(f"L{num(x0)} {num(y0)}A{num(hop)} {num(hop)} 0 0 {sweep} {num(x1)} {num(y1)}")
        end = (q[0] - ux * rc[i + 1], q[1] - uy * rc[i + 1])
        out.append(f"L{num(end[0])} {num(end[1])}")
        if i + 1 < n - 1 and rc[i + 1] > 0:
            r2, L2 = pts[i + 2], seg_len[i + 1] or 1.0
            nxt = (q[0] + (r2[0] - q[0]) * rc[i + 1] / L2, q[1] + (r2[1] - q[1]) * rc[i + 1] / L2)
            out.append(f"Q{num(q[0])} {num(q[1])} {num(nxt[0])} {num(nxt[1])}")
    return "".join(out)


def point_at(points, kind, t: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Point and tangent at fraction ``t`` of the path (of a chain of cubics: each piece an equal share of t)."""
    if kind == "cubic":
        pieces = max(1, (len(points) - 1) // 3)
        i = min(int(t * pieces), pieces - 1)
        p0, c0, c1, p1 = points[3 * i:3 * i + 4]
        t = t * pieces - i
        u = 1 - t
        x = u ** 3 * p0[0] + 3 * u * u * t * c0[0] + 3 * u * t * t * c1[0] + t ** 3 * p1[0]
        y = u ** 3 * p0[1] + 3 * u * u * t * c0[1] + 3 * u * t * t * c1[1] + t ** 3 * p1[1]
        dx = 3 * u * u * (c0[0] - p0[0]) + 6 * u * t * (c1[0] - c0[0]) + 3 * t * t * (p1[0] - c1[0])
        dy = 3 * u * u * (c0[1] - p0[1]) + 6 * u * t * (c1[1] - c0[1]) + 3 * t * t * (p1[1] - c1[1])
        return (x, y), (dx, dy)
    lengths = [math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in zip(points, points[1:])]
    total = sum(lengths) or 1.0
    goal = t * total
    last = len(lengths) - 1
    for i, ((p, q), L) in enumerate(zip(zip(points, points[1:]), lengths)):
        if goal <= L or i == last:          # the last segment takes any rounding overshoot
            f = min(goal / L, 1.0) if L else 0
            return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f), (q[0] - p[0], q[1] - p[1])
        goal -= L
    return points[-1], (1, 0)


def draw_edge(ctx, e: Edge, index: int):
    a, b = ctx.placed.get(e.source), ctx.placed.get(e.target)
    if a is None or b is None:
        missing = e.source if a is None else e.target
        raise SpecError(f"edge {index + 1} joins '{missing}', which the figure does not draw", file=ctx.file,
                        line=e.line, col=e.col, hint="name a node, or a part its component offers")
    attach = getattr(ctx, "attach", {})
    points, kind = route(e, a, b, attach.get(e.source), attach.get(e.target))
    full, color = draw_path(ctx, e, points, kind)
    _labels(ctx, e, full, kind, color)


def draw_path(ctx, e: Edge, points, kind):
    """Draw an edge's line and arrowheads along ``points``; return the path between its gaps and its colour."""
    theme = ctx.theme
    color = ctx.color(e.get("color"), "black")
    width = float(e.get("width", theme.edge.get("width", 1.2)))
    if e.get("arrow_size"):
        size = float(e.get("arrow_size"))
        head_w = size * HEAD_ASPECT
    else:
        size, head_w = head_size(width, theme.edge)
    gap = float(e.get("gap", 0))
    arrow = e.get("arrow", "end")
    head_start = arrow in ("start", "both")
    head_end = arrow in ("end", "both")
    body = _trim(points, kind, gap + (size * 0.8 if head_start else 0), gap + (size * 0.8 if head_end else 0))
    dash = DASHES[e.get("line", "solid")]
    d = _d(body, kind)
    full = _trim(points, kind, gap, gap)
    full_d = _d(full, kind)
    if kind == "line" and (e.get("corner") or e.get("jump")):
        jump = e.get("jump")
        hop = (5.0 if jump is True else float(jump)) if jump else 0.0
        d = rounded_d(body, float(e.get("corner", 0) or 0), hop, ctx.lines if hop else [])
        full_d = rounded_d(full, float(e.get("corner", 0) or 0), hop, ctx.lines if hop else [])
    segments = _segments(body, kind)
    ctx.lines.extend(segments)
    ctx.edge_paths.append(EdgePath(e.source, e.target, [segments[0][0]] + [q for _, q in segments] if segments else [],
                                   tuple(sorted(ctx.ends_of(e)))))
    if e.get("double"):
        # both strokes share the dash pattern, so `line: dashed` gives a dashed double line
        ctx.scene.add(Shape("path", Paint(stroke=color, stroke_width=width + 4, dash=dash), d=d))
        ctx.scene.add(Shape("path", Paint(stroke="#FFFFFF", stroke_width=max(1.0, width + 4 - 2 * width), dash=dash), d=d))
    else:
        # the heads are described on the line too, for renderers with native line ends
        ends = LineEnds(full_d, head_start, head_end, size) if head_start or head_end else None
        ctx.scene.add(Shape("path", Paint(stroke=color, stroke_width=width, dash=dash), d=d, ends=ends))
    native = not e.get("double")
    if head_end:
        tip = full[-1]
        _, tangent = point_at(full, kind, 1.0)
        ctx.scene.add(Shape("path", Paint(fill=color), d=arrowhead(tip, tangent, size, head_w), head=native))
    if head_start:
        tip = full[0]
        _, tangent = point_at(full, kind, 0.0)
        ctx.scene.add(Shape("path", Paint(fill=color), d=arrowhead(tip, (-tangent[0], -tangent[1]), size, head_w),
                            head=native))
    return full, color


@dataclass
class EdgePath:
    """A drawn edge as lint sees it: its polyline (curves as chords) and the nodes it may touch."""
    source: str
    target: str
    points: list
    ends: tuple = ()


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
        if st.get("shape", "none") != "none" and ctx.color(st.get("fill"), "none") == "none":
            # an outlined badge (a circled step number) stands clear of its line, as the auto layout's placer keeps it
            from diagrams.layout.labels import BADGE_AIR

            if st.get("shape") == "circle":
                w = h = max(w, h)
            stroke = float(e.get("width", ctx.theme.edge.get("width", 1.2)))
            gap = stroke / 2 + float(st.get("stroke_width", 1.0)) / 2 + BADGE_AIR + 1.5
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
        ctx.labels.append((r, shape != "none", len(ctx.edge_paths) - 1))
        if shape != "none":
            from diagrams.layout.shapes import outline

            paint = Paint(fill=ctx.color(st.get("fill"), "none"), stroke=ctx.color(st.get("stroke"), "none"))
            for s in outline(shape, r, paint, float(st.get("radius", 4))):
                ctx.scene.add(s)
        color = ctx.color(st.get("color"), "ink")
        place_text(ctx, block, Rect(r.x + pad[0], r.y + pad[1], block.width, block.height), color=color,
                   align=st.get("align", "center"),
                   owner=r if shape != "none" else None)
