"""Outline geometry of the shapes the catalogue needs, as scene Shapes (absolute coordinates)."""
from __future__ import annotations

import math

from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape


def outline(kind: str, r: Rect, paint: Paint, radius: float = 6, direction: str = "right", *,
            head: float | None = None, split: float = 0.0, dash_part: float | None = None,
            tip_at: float = 0.5, points=None) -> list[Shape]:
    if kind in ("none",):
        return []
    if kind == "rect":
        return [Shape("rect", paint, rect=r)]
    if kind == "round":
        return [Shape("rect", paint, rect=r, radius=min(radius, r.w / 2, r.h / 2))]
    if kind == "pill":
        return [Shape("rect", paint, rect=r, radius=min(r.w, r.h) / 2)]
    if kind in ("circle", "ellipse"):
        return [Shape("ellipse", paint, rect=r)]
    if kind == "parallelogram":
        k = min(r.h * 0.35, r.w / 4)
        d = f"M{num(r.x + k)} {num(r.y)}H{num(r.right)}L{num(r.right - k)} {num(r.bottom)}H{num(r.x)}Z"
        return [Shape("path", paint, d=d, rect=r)]
    if kind == "roof":  # a head block with a low pitched roof (reward/value heads)
        k = r.h * 0.28
        d = (f"M{num(r.x)} {num(r.y + k)}L{num(r.cx)} {num(r.y)}L{num(r.right)} {num(r.y + k)}"
             f"V{num(r.bottom)}H{num(r.x)}Z")
        return [Shape("path", paint, d=d, rect=r)]
    if kind == "cylinder":
        e = min(r.h * 0.12, 12)
        body = (f"M{num(r.x)} {num(r.y + e)}V{num(r.bottom - e)}A{num(r.w / 2)} {num(e)} 0 0 0 {num(r.right)} "
                f"{num(r.bottom - e)}V{num(r.y + e)}A{num(r.w / 2)} {num(e)} 0 0 0 {num(r.x)} {num(r.y + e)}Z")
        top = (f"M{num(r.x)} {num(r.y + e)}A{num(r.w / 2)} {num(e)} 0 0 0 {num(r.right)} {num(r.y + e)}"
               f"A{num(r.w / 2)} {num(e)} 0 0 0 {num(r.x)} {num(r.y + e)}Z")
        return [Shape("path", paint, d=body, rect=r), Shape("path", paint, d=top, rect=r)]
    if kind == "document":
        w = r.h * 0.1
        d = (f"M{num(r.x)} {num(r.y)}H{num(r.right)}V{num(r.bottom - w)}"
             f"C{num(r.right - r.w * 0.25)} {num(r.bottom - 3 * w)} {num(r.x + r.w * 0.4)} {num(r.bottom + w)} "
             f"{num(r.x)} {num(r.bottom - w)}Z")
        return [Shape("path", paint, d=d, rect=r)]
    if kind == "callout":  # speech bubble with its tail on the left, pointing down-left
        rad = min(radius, r.h / 3)
        t = min(r.h * 0.5, 18)
        y0, y1 = r.y + r.h * 0.45, r.y + r.h * 0.75
        d = (f"M{num(r.x + rad)} {num(r.y)}H{num(r.right - rad)}Q{num(r.right)} {num(r.y)} {num(r.right)} {num(r.y + rad)}"
             f"V{num(r.bottom - rad)}Q{num(r.right)} {num(r.bottom)} {num(r.right - rad)} {num(r.bottom)}"
             f"H{num(r.x + rad)}Q{num(r.x)} {num(r.bottom)} {num(r.x)} {num(r.bottom - rad)}V{num(y1)}"
             f"L{num(r.x - t * 2.2)} {num(r.bottom + t * 0.2)}L{num(r.x)} {num(y0)}"
             f"V{num(r.y + rad)}Q{num(r.x)} {num(r.y)} {num(r.x + rad)} {num(r.y)}Z")
        return [Shape("path", paint, d=d, rect=r)]
    if kind == "block-arrow":
        return [Shape("path", paint, d=block_arrow(r, direction, 0.9 if head is None else head, split), rect=r)]
    if kind == "circular-arrow":
        return circular_arrow(r, paint, direction, dash_part)
    if kind == "rule":  # a horizontal line through the middle, across the node's width (separators)
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000",
                  stroke_width=paint.stroke_width or 1.0, dash=paint.dash)
        if direction in ("up", "down"):   # a vertical line down the middle, the node's height (a column divider)
            return [Shape("path", p, d=f"M{num(r.cx)} {num(r.y)}V{num(r.bottom)}")]
        return [Shape("path", p, d=f"M{num(r.x)} {num(r.cy)}H{num(r.right)}")]
    if kind == "double-rule":
        x1, x2 = r.cx - 2.5, r.cx + 2.5
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000", stroke_width=1.4)
        return [Shape("path", p, d=f"M{num(x1)} {num(r.y)}V{num(r.bottom)}M{num(x2)} {num(r.y)}V{num(r.bottom)}")]
    if kind == "brace":  # a curly brace across r, its point towards `direction` (default up: arms down)
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000",
                  stroke_width=paint.stroke_width or 1.5)
        return [Shape("path", p, d=brace_path(r, direction if direction in ("up", "down", "left", "right") else "up",
                                              tip_at))]
    if kind == "square-bracket":  # a line along one side of r, both arms pointing `direction` (its opening)
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000",
                  stroke_width=paint.stroke_width or 1.5)
        return [Shape("path", p, d=square_bracket(r, direction))]
    if kind == "paren":  # a round bracket filling r, opening towards `direction` (right: "(", left: ")")
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000",
                  stroke_width=paint.stroke_width or 1.5)
        return [Shape("path", p, d=paren_path(r, direction))]
    if kind == "cycle":
        return cycle_arrows(r, paint)
    if kind == "bubble":
        return [Shape("path", paint, d=bubble_path(r, radius, direction), rect=r)]
    if kind in ("circle-plus", "circle-times"):  # a summing junction ⊕ / an elementwise product ⊗
        pen = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000",
                    stroke_width=paint.stroke_width or 1.0)
        if kind == "circle-plus":
            d = f"M{num(r.x)} {num(r.cy)}H{num(r.right)}M{num(r.cx)} {num(r.y)}V{num(r.bottom)}"
        else:  # the diagonal cross ends on the circle, at 45°
            kx, ky = r.w / 2 * math.sqrt(0.5), r.h / 2 * math.sqrt(0.5)
            d = (f"M{num(r.cx - kx)} {num(r.cy - ky)}L{num(r.cx + kx)} {num(r.cy + ky)}"
                 f"M{num(r.cx + kx)} {num(r.cy - ky)}L{num(r.cx - kx)} {num(r.cy + ky)}")
        return [Shape("ellipse", paint, rect=r), Shape("path", pen, d=d)]
    if kind == "polygon":  # corners given as fractions of the node's box: [[0, 0], [0, 1], [1, 1]]
        pts = points or [[0.5, 0], [1, 1], [0, 1]]
        d = "M" + "L".join(f"{num(r.x + float(fx) * r.w)} {num(r.y + float(fy) * r.h)}" for fx, fy in pts) + "Z"
        return [Shape("path", paint, d=d, rect=r)]
    if kind == "delay":  # flowchart "delay": flat on one side, a half-round end on the other (`direction`)
        return [Shape("path", paint, d=delay_path(r, direction), rect=r)]
    raise ValueError(kind)


def delay_path(r: Rect, direction: str = "right") -> str:
    """A D shape filling ``r``: straight edges with a semi-elliptic end (radius at most half the height)
    on the ``direction`` side (right by default, or left)."""
    k = min(r.h / 2, r.w / 2)
    if direction == "left":
        return (f"M{num(r.right)} {num(r.y)}H{num(r.x + k)}A{num(k)} {num(r.h / 2)} 0 0 0 {num(r.x + k)} "
                f"{num(r.bottom)}H{num(r.right)}Z")
    return (f"M{num(r.x)} {num(r.y)}H{num(r.right - k)}A{num(k)} {num(r.h / 2)} 0 0 1 {num(r.right - k)} "
            f"{num(r.bottom)}H{num(r.x)}Z")


def bubble_path(r: Rect, radius: float = 6, direction: str = "left") -> str:
    """A chat bubble: a rounded rectangle filling ``r`` with a tail hanging below its bottom edge,
    near the left corner pointing down-left (``direction`` left, the default) or mirrored (right); ``up-left`` /
    ``up-right``: the tail rises above the top edge instead."""
    rad = min(radius, r.w / 2, r.h / 2)
    t = min(r.h * 0.36, r.w * 0.25)         # how far the tail hangs below
    a, b, tip = r.x + r.w * 0.14, r.x + r.w * 0.36, r.x + r.w * 0.12
    if direction in ("right", "up-right"):
        a, b, tip = r.right - r.w * 0.36, r.right - r.w * 0.14, r.right - r.w * 0.12
    if direction in ("up-left", "up-right"):   # the tail rises above the top edge: a note pointing up at something
        return (f"M{num(r.x + rad)} {num(r.y)}H{num(a)}L{num(tip)} {num(r.y - t)}L{num(b)} {num(r.y)}"
                f"H{num(r.right - rad)}Q{num(r.right)} {num(r.y)} {num(r.right)} {num(r.y + rad)}"
                f"V{num(r.bottom - rad)}Q{num(r.right)} {num(r.bottom)} {num(r.right - rad)} {num(r.bottom)}"
                f"H{num(r.x + rad)}Q{num(r.x)} {num(r.bottom)} {num(r.x)} {num(r.bottom - rad)}"
                f"V{num(r.y + rad)}Q{num(r.x)} {num(r.y)} {num(r.x + rad)} {num(r.y)}Z")
    tail = f"H{num(b)}L{num(tip)} {num(r.bottom + t)}L{num(a)} {num(r.bottom)}"
    return (f"M{num(r.x + rad)} {num(r.y)}H{num(r.right - rad)}Q{num(r.right)} {num(r.y)} {num(r.right)} "
            f"{num(r.y + rad)}V{num(r.bottom - rad)}Q{num(r.right)} {num(r.bottom)} {num(r.right - rad)} "
            f"{num(r.bottom)}{tail}H{num(r.x + rad)}Q{num(r.x)} {num(r.bottom)} {num(r.x)} {num(r.bottom - rad)}"
            f"V{num(r.y + rad)}Q{num(r.x)} {num(r.y)} {num(r.x + rad)} {num(r.y)}Z")


def paren_path(r: Rect, opening: str = "right") -> str:
    """A round bracket filling ``r``: its ends at the open side's corners, its back along the opposite side,
    bent at each end with a radius of (at most) the bracket's depth. ``opening``: right "(", left ")",
    down "⌒" (over a row), up "‿"."""
    if opening in ("up", "down"):
        k = min(r.h, r.w / 4)
        y_end, y_back = (r.bottom, r.y) if opening == "down" else (r.y, r.bottom)
        return (f"M{num(r.x)} {num(y_end)}Q{num(r.x)} {num(y_back)} {num(r.x + k)} {num(y_back)}"
                f"H{num(r.right - k)}Q{num(r.right)} {num(y_back)} {num(r.right)} {num(y_end)}")
    k = min(r.w, r.h / 4)
    x_end, x_back = (r.right, r.x) if opening != "left" else (r.x, r.right)
    return (f"M{num(x_end)} {num(r.y)}Q{num(x_back)} {num(r.y)} {num(x_back)} {num(r.y + k)}"
            f"V{num(r.bottom - k)}Q{num(x_back)} {num(r.bottom)} {num(x_end)} {num(r.bottom)}")


def square_bracket(r: Rect, opening: str = "up") -> str:
    """A square bracket filling ``r``: the spine on the side opposite ``opening``, the arms along the other axis
    pointing towards ``opening`` (up: a line at the bottom with its ends turned up, grouping things above it)."""
    x0, y0, x1, y1 = num(r.x), num(r.y), num(r.right), num(r.bottom)
    if opening == "up":
        return f"M{x0} {y0}V{y1}H{x1}V{y0}"
    if opening == "down":
        return f"M{x0} {y1}V{y0}H{x1}V{y1}"
    if opening == "left":
        return f"M{x0} {y0}H{x1}V{y1}H{x0}"
    return f"M{x1} {y0}H{x0}V{y1}H{x1}"


def brace_path(r: Rect, tip: str = "up", at: float = 0.5) -> str:
    """A curly brace spanning ``r``: arms at one side, its point on the opposite side ``tip``.

    up/down braces span the width (depth = height); left/right braces span the height (depth = width).
    ``at`` (0–1) places the point along the brace (left→right, top→bottom; default the middle).
    The corner radius is half the depth, capped so that short runs stay straight-edged."""
    vertical = tip in ("left", "right")
    length, depth = (r.h, r.w) if vertical else (r.w, r.h)
    m = length * min(max(float(at), 0.0), 1.0)
    q = max(0.0, min(depth / 2, m / 2, (length - m) / 2))
    # canonical frame: u along the brace (0..length), v from the arms (0) to the point (depth)
    pts = [("M", 0, 0), ("Q", 0, depth / 2, q, depth / 2), ("H", m - q, depth / 2),
           ("Q", m, depth / 2, m, depth), ("Q", m, depth / 2, m + q, depth / 2),
           ("H", length - q, depth / 2), ("Q", length, depth / 2, length, 0)]

    def xy(u, v):
        if tip == "up":
            return r.x + u, r.bottom - v
        if tip == "down":
            return r.x + u, r.y + v
        if tip == "left":
            return r.right - v, r.y + u
        return r.x + v, r.y + u

    out, v_now = [], 0.0
    for op, *a in pts:
        if op == "H":
            x, y = xy(a[0], a[1])
            out.append(f"L{num(x)} {num(y)}")
        elif op == "M":
            x, y = xy(a[0], a[1])
            out.append(f"M{num(x)} {num(y)}")
        else:
            (x1, y1), (x2, y2) = xy(a[0], a[1]), xy(a[2], a[3])
            out.append(f"Q{num(x1)} {num(y1)} {num(x2)} {num(y2)}")
    return "".join(out)


def cycle_arrows(r: Rect, paint: Paint, n: int = 4) -> list[Shape]:
    """``n`` hollow curved block arrows chasing each other clockwise around the centre of ``r``.

    Each arrow is one closed outline (filled with the paint's fill, outlined with its stroke); the arrows
    are centred at the top, right, bottom and left (for n=4) and leave the middle free for a label."""
    R = min(r.w, r.h) / 2
    t = R * 0.22                    # shaft thickness
    hw = R * 0.48                   # head width
    mid = R - hw / 2                # radius of the arrows' centre line
    span = 360.0 / n
    gap = span * 0.2
    head_deg = math.degrees(hw * 0.75 / mid)
    cx, cy = r.cx, r.cy

    def pt(rad, deg):               # screen angle: 0 = right, increasing clockwise (y down)
        a = math.radians(deg)
        return cx + rad * math.cos(a), cy + rad * math.sin(a)

    shapes = []
    for k in range(n):
        centre = -90.0 + k * span
        a0, a1 = centre - span / 2 + gap / 2, centre + span / 2 - gap / 2
        ah = a1 - head_deg
        ro, ri = mid + t / 2, mid - t / 2
        p = [pt(ro, a0), pt(ro, ah), pt(mid + hw / 2, ah), pt(mid, a1), pt(mid - hw / 2, ah), pt(ri, ah),
             pt(ri, a0)]
        d = (f"M{num(p[0][0])} {num(p[0][1])}A{num(ro)} {num(ro)} 0 0 1 {num(p[1][0])} {num(p[1][1])}"
             f"L{num(p[2][0])} {num(p[2][1])}L{num(p[3][0])} {num(p[3][1])}L{num(p[4][0])} {num(p[4][1])}"
             f"L{num(p[5][0])} {num(p[5][1])}A{num(ri)} {num(ri)} 0 0 0 {num(p[6][0])} {num(p[6][1])}Z")
        shapes.append(Shape("path", paint, d=d, rect=r))
    return shapes


def block_arrow(r: Rect, direction: str, head_ratio: float = 0.9, split: float = 0.0) -> str:
    """A thick arrow filling ``r``: shaft 50% of the cross size, head ``head_ratio`` × the cross size long.

    ``split`` > 0 cuts a gap of that many px across the middle of the shaft (two sub-paths, so one
    gradient still spans the whole arrow)."""
    if direction in ("left", "right", "both"):
        L, T, x0, y0, horizontal = r.w, r.h, r.x, r.y, True
    else:
        L, T, x0, y0, horizontal = r.h, r.w, r.x, r.y, False
    head = min(T * head_ratio, L / 2.2)
    s0, s1 = T * 0.25, T * 0.75
    if direction == "both":
        pts = [(0, T / 2), (head, 0), (head, s0), (L - head, s0), (L - head, 0), (L, T / 2), (L - head, T),
               (L - head, s1), (head, s1), (head, T)]
    else:
        pts = [(0, s0), (L - head, s0), (L - head, 0), (L, T / 2), (L - head, T), (L - head, s1), (0, s1)]
        if direction in ("left", "up"):
            pts = [(L - a, b) for a, b in pts]
    polys = [pts]
    if split > 0:
        # the shaft runs between the heads (both) or between the tail and the head
        lo, hi = (head, L - head) if direction == "both" else ((0, L - head) if direction in ("right", "down")
                                                               else (head, L))
        m, g = (lo + hi) / 2, min(split, (hi - lo) * 0.9) / 2
        polys = [_cut(pts, m - g, keep="low"), _cut(pts, m + g, keep="high")]
    out = []
    for poly in polys:
        if horizontal:
            xy = [(x0 + a, y0 + b) for a, b in poly]
        else:
            xy = [(x0 + b, y0 + a) for a, b in poly]
        out.append("M" + "L".join(f"{num(x)} {num(y)}" for x, y in xy) + "Z")
    return "".join(out)


def _cut(pts, at: float, keep: str) -> list[tuple[float, float]]:
    """Clip a closed polygon (along-axis, cross-axis points) to ``a <= at`` (keep="low") or ``a >= at``."""
    inside = (lambda a: a <= at) if keep == "low" else (lambda a: a >= at)
    out = []
    n = len(pts)
    for i in range(n):
        p, q = pts[i], pts[(i + 1) % n]
        if inside(p[0]):
            out.append(p)
        if inside(p[0]) != inside(q[0]) and q[0] != p[0]:
            f = (at - p[0]) / (q[0] - p[0])
            out.append((at, p[1] + (q[1] - p[1]) * f))
    return out


def circular_arrow(r: Rect, paint: Paint, direction: str = "left", dash_part: float | None = None) -> list[Shape]:
    """An open arc of about 300° inside ``r`` with a chevron head.

    ``direction`` left: anticlockwise, the head at the upper left pointing down; right: its mirror image
    (clockwise, head at the upper right). ``dash_part`` is the share of the arc, from its tail, drawn
    dashed when the paint is dashed (None: all of it)."""
    sw = paint.stroke_width or 2.0
    rad = max(1.0, min(r.w, r.h) / 2 - sw * 1.5)
    cx, cy = r.cx, r.cy
    t0, t1 = 225.0, 160.0 + 360.0          # anticlockwise, degrees, y up
    sign = 1.0 if direction != "right" else -1.0   # mirror left↔right

    def pt(deg):
        a = math.radians(deg)
        return (cx + sign * rad * math.cos(a), cy - rad * math.sin(a))

    def arc(d0, d1):
        p0, p1 = pt(d0), pt(d1)
        large = 1 if d1 - d0 > 180 else 0
        sweep = 0 if sign > 0 else 1        # anticlockwise on screen is SVG sweep 0
        return (f"M{num(p0[0])} {num(p0[1])}A{num(rad)} {num(rad)} 0 {large} {sweep} "
                f"{num(p1[0])} {num(p1[1])}")

    pen = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000", stroke_width=sw)
    dashed = Paint(stroke=pen.stroke, stroke_width=sw, dash=f"{num(sw * 2)} {num(sw * 3)}")  # round caps
    box = Rect(cx - rad, cy - rad, 2 * rad, 2 * rad)
    shapes = []
    if paint.dash:
        part = 1.0 if dash_part is None else max(0.0, min(1.0, float(dash_part)))
        tm = t0 + (t1 - t0) * part
        if part > 0:
            shapes.append(Shape("path", dashed, d=arc(t0, tm), rect=box, linecap="round"))
        if part < 1:
            shapes.append(Shape("path", pen, d=arc(tm, t1), rect=box, linecap="round"))
    else:
        shapes.append(Shape("path", pen, d=arc(t0, t1), rect=box, linecap="round"))
    # chevron: tangent of the motion at the head, wings 35° either side, pointing back along the arc
    tip = pt(t1)
    a = math.radians(t1)
    tx, ty = -math.sin(a) * sign, -math.cos(a)     # screen direction of travel at the head
    wing = max(sw * 3.2, rad * 0.28)
    pts = []
    for turn in (35, -35):
        c, s = math.cos(math.radians(turn)), math.sin(math.radians(turn))
        bx, by = -(tx * c - ty * s), -(tx * s + ty * c)
        pts.append((tip[0] + bx * wing, tip[1] + by * wing))
    d = (f"M{num(pts[0][0])} {num(pts[0][1])}L{num(tip[0])} {num(tip[1])}L{num(pts[1][0])} {num(pts[1][1])}")
    head = Shape("path", pen, d=d, linecap="round")
    shapes.append(head)
    return shapes


HEAD_ASPECT = 9.0 / 8.0   # base width / length of an arrowhead, as the house theme's arrow_width / arrow_length


def head_size(width: float, edge: dict) -> tuple[float, float]:
    """(length, base width) of an arrowhead on a stroke of ``width``, from a theme's ``edge`` settings: the
    proportions ``arrow_length`` and ``arrow_width`` times the stroke at the base width ``edge.width``, grown by
    (width / base) ** ``arrow_growth`` on other strokes (heads of thin lines stay in proportion)."""
    base = float(edge.get("width", 1.2))
    growth = float(edge.get("arrow_growth", 0.3))
    grown = base * (max(float(width), 1e-6) / base) ** growth
    return float(edge.get("arrow_length", 8.0)) * grown, float(edge.get("arrow_width", 9.0)) * grown


def arrowhead(tip: tuple[float, float], towards: tuple[float, float], size: float, width: float | None = None) -> str:
    """A filled triangle with its point at ``tip``, pointing along the direction ``towards``: ``size`` long and
    ``width`` wide at its base (default: the house proportion HEAD_ASPECT)."""
    dx, dy = towards
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    w = (size * HEAD_ASPECT if width is None else float(width)) / 2
    return (f"M{num(tip[0])} {num(tip[1])}L{num(bx - uy * w)} {num(by + ux * w)}"
            f"L{num(bx + uy * w)} {num(by - ux * w)}Z")


def bracket(r: Rect, side: str, arm: float = 8) -> str:
    """A square bracket beside ``r`` (side left or right), arms pointing at it."""
    if side == "left":
        x = r.x
        return f"M{num(x + arm)} {num(r.y)}H{num(x)}V{num(r.bottom)}H{num(x + arm)}"
    x = r.right
    return f"M{num(x - arm)} {num(r.y)}H{num(x)}V{num(r.bottom)}H{num(x - arm)}"


DASHES = {"solid": None, "dashed": "6 4", "dotted": "1.5 3", "dash-dot": "8 3 1.5 3"}


def node_dash(value) -> str | None:
    """A node's ``dash``: ``true`` (dashed outline) or a line style name → an SVG dasharray."""
    if value is True:
        return "5 4"
    return DASHES.get(value) if isinstance(value, str) else None
