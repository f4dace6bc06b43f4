"""Two scene checks used by lint: lines (arrows, rules, braces) drawn through text, and colours outside the theme.

Both read the positioned scene only, so they hold for every layout, shape and component:
- a *line* is an open, stroked, unfilled path without a shape rectangle (edges, rules, braces, brackets,
  component strokes). It crosses a text when its centre line enters the text's ink box; the crossing is fine
  when an opaque filled shape drawn after the line and before the text covers it (an edge label's chip).
- a *colour* is any fill, stroke, gradient stop or text colour, including those inside embedded markup
  (icons); every one must be a colour of the theme's palette.
"""
from __future__ import annotations

import math
import re

from diagrams.scene import Gradient, MathItem, RawItem, Rect, Scene, Shape, TextItem

SHRINK = 1.0          # px taken off each side of a text box before testing (anti-aliasing, rounding)
_MARKUP_COLOUR = re.compile(r'(?:fill|stroke|stop-color|color)="(#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?)"')


def polylines(d: str, steps: int = 12) -> list[list[tuple[float, float]]]:
    """A path's outline as polylines (curves and arcs sampled), one list of points per subpath."""
    from diagrams.pathdata import parse_path

    out: list[list] = []
    cur: list = []
    for seg in parse_path(d):
        kind = seg[0]
        if kind == "M":
            if len(cur) > 1:
                out.append(cur)
            cur = [seg[1]]
        elif kind == "L":
            cur.append(seg[1])
        elif kind == "C":
            (x0, y0), ((x1, y1), (x2, y2), (x3, y3)) = (cur[-1] if cur else (0.0, 0.0)), seg[1:]
            if not cur:
                cur = [(x0, y0)]
            for k in range(1, steps + 1):
                t = k / steps
                u = 1 - t
                cur.append((u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                            u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3))
        elif kind == "Z" and cur:
            cur.append(cur[0])
    if len(cur) > 1:
        out.append(cur)
    return out


def clip_segment(p, q, r: Rect):
    """The part of segment p→q inside ``r`` (Liang–Barsky), or None."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, p[0] - r.x), (dx, r.right - p[0]), (-dy, p[1] - r.y), (dy, r.bottom - p[1])):
        if pk == 0:
            if qk < 0:
                return None
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (p[0] + t0 * dx, p[1] + t0 * dy), (p[0] + t1 * dx, p[1] + t1 * dy)


def is_line(it) -> bool:
    if not isinstance(it, Shape) or it.kind != "path" or it.rect is not None:
        return False
    p = it.paint
    return p.stroke not in (None, "none") and p.fill in (None, "none")


def _opaque(it) -> bool:
    if not isinstance(it, Shape) or it.rect is None:
        return False
    fill = it.paint.fill
    return fill not in (None, "none") and (it.paint.opacity is None or it.paint.opacity >= 0.9)


def _label(it) -> str:
    if isinstance(it, TextItem):
        t = it.text.strip()
        return f"'{t[:30]}{'…' if len(t) > 30 else ''}'"
    return "math"


def lines_through_text(scene: Scene) -> list[str]:
    order = {id(it): k for k, it in enumerate(scene.items)}
    # rotated text has no axis-aligned box to test against; its placement is checked by its component
    texts = [t for t in scene.texts if t.box is not None and t.box.w > 2 * SHRINK and t.box.h > 2 * SHRINK
             and not getattr(t, "rotate", 0)]
    shrunk = [(t, t.box.inset(SHRINK)) for t in texts]
    fills = [(k, it) for k, it in enumerate(scene.items) if _opaque(it)]
    problems = []
    seen = set()
    for li, line in enumerate(scene.items):
        if not is_line(line) or getattr(line, "overlay", False):
            continue
        for poly in polylines(line.d):
            xs, ys = [p[0] for p in poly], [p[1] for p in poly]
            pb = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
            for t, box in shrunk:
                if not pb.intersects(box):
                    continue
                ti = order.get(id(t), len(scene.items))
                for p, q in zip(poly, poly[1:]):
                    seg = clip_segment(p, q, box)
                    if seg is None or math.dist(*seg) < 0.5:
                        continue
                    mid = ((seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2)
                    covered = ti > li and any(li < k < ti and s.rect.contains(Rect(mid[0], mid[1], 0, 0))
                                              for k, s in fills)
                    if covered:
                        continue
                    key = (li, id(t))
                    if key not in seen:
                        seen.add(key)
                        problems.append(f"a line (arrow, rule or stroke) runs through text {_label(t)} "
                                        f"at ({mid[0]:.0f}, {mid[1]:.0f})")
                    break
    return problems


def scene_colours(scene: Scene) -> dict[str, str]:
    """Every colour the scene draws with → where it is first used."""
    found: dict[str, str] = {}

    def add(c, where):
        if not c or not isinstance(c, str) or c.lower() in ("none", "transparent", "currentcolor"):
            return
        c = c.upper()
        if re.fullmatch(r"#[0-9A-F]{3}", c):
            c = "#" + "".join(ch * 2 for ch in c[1:])
        found.setdefault(c, where)

    for it in scene.items:
        if isinstance(it, Shape):
            fill = it.paint.fill
            if isinstance(fill, Gradient):
                for _, c in fill.stops:
                    add(c, "a gradient")
            else:
                add(fill, "a fill")
            add(it.paint.stroke, "a stroke")
        elif isinstance(it, TextItem):
            add(it.color, f"text {_label(it)}")
        elif isinstance(it, MathItem):
            add(it.color, "a formula")
        elif isinstance(it, RawItem):
            for c in _MARKUP_COLOUR.findall(it.markup):
                add(c, "an icon or embedded drawing")
    return found


def colours_outside_theme(scene: Scene, theme) -> list[str]:
    allowed = {v.upper() for v in theme.palette.values()}
    return [f"colour {c} ({where}) is outside the theme: use a palette name of templates/theme.yaml "
            f"(add one there if none fits), so that every theme can restyle it"
            for c, where in sorted(scene_colours(scene).items()) if c not in allowed]
