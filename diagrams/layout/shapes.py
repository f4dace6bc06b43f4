"""Outline geometry of the shapes the catalogue needs, as scene Shapes (absolute coordinates)."""
from __future__ import annotations

import math

from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape


def outline(kind: str, r: Rect, paint: Paint, radius: float = 6, direction: str = "right") -> list[Shape]:
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
        return [Shape("path", paint, d=block_arrow(r, direction), rect=r)]
    if kind == "double-rule":
        x1, x2 = r.cx - 2.5, r.cx + 2.5
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000", stroke_width=1.4)
        return [Shape("path", p, d=f"M{num(x1)} {num(r.y)}V{num(r.bottom)}M{num(x2)} {num(r.y)}V{num(r.bottom)}")]
    if kind == "brace":  # a horizontal curly brace opening downwards over r
        p = Paint(stroke=paint.stroke if paint.stroke not in (None, "none") else "#000000",
                  stroke_width=paint.stroke_width or 1.5)
        y, h, m = r.y, r.h, r.cx
        d = (f"M{num(r.x)} {num(y + h)}Q{num(r.x)} {num(y + h / 2)} {num(r.x + h / 2)} {num(y + h / 2)}"
             f"H{num(m - h / 2)}Q{num(m)} {num(y + h / 2)} {num(m)} {num(y)}"
             f"Q{num(m)} {num(y + h / 2)} {num(m + h / 2)} {num(y + h / 2)}H{num(r.right - h / 2)}"
             f"Q{num(r.right)} {num(y + h / 2)} {num(r.right)} {num(y + h)}")
        return [Shape("path", p, d=d)]
    raise ValueError(kind)


def block_arrow(r: Rect, direction: str) -> str:
    """A thick arrow filling ``r``: shaft 50% of the cross size, head 1× the cross size long."""
    if direction in ("left", "right", "both"):
        L, T, x0, y0, horizontal = r.w, r.h, r.x, r.y, True
    else:
        L, T, x0, y0, horizontal = r.h, r.w, r.x, r.y, False
    head = min(T * 0.9, L / 2.2)
    s0, s1 = T * 0.25, T * 0.75
    if direction == "both":
        pts = [(0, T / 2), (head, 0), (head, s0), (L - head, s0), (L - head, 0), (L, T / 2), (L - head, T),
               (L - head, s1), (head, s1), (head, T)]
    else:
        pts = [(0, s0), (L - head, s0), (L - head, 0), (L, T / 2), (L - head, T), (L - head, s1), (0, s1)]
        if direction in ("left", "up"):
            pts = [(L - a, b) for a, b in pts]
    if horizontal:
        xy = [(x0 + a, y0 + b) for a, b in pts]
    else:
        xy = [(x0 + b, y0 + a) for a, b in pts]
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in xy) + "Z"


def arrowhead(tip: tuple[float, float], towards: tuple[float, float], size: float) -> str:
    """A filled triangle with its point at ``tip``, pointing along the direction ``towards``."""
    dx, dy = towards
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    w = size * 0.45
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
