"""RoPE oscillation drawings: dashed waves over a table's column pairs, and a unit circle projected onto
a cosine.

``data.kind: squiggles`` is an overlay (it takes no room of its own): drawn after a ``table`` node, it reads
that table's cell rectangles (``<table>.r<row>c<col>`` in ``ctx.placed``) and, for each pair of columns
(dims 2i and 2i+1 share θ_i), draws the dashed curve x = x_mid − A·cos(α) down the position rows, α taken
from the node's computation (``rope.table``: alpha[position][dim]); α is linear in the position, so the
curve between two rows is exact. In the "…" gap row the wave covers the angle from the last shown row to
the next position; many cycles are compressed for legibility: c cycles are drawn as c when c ≤ 1, else
1 + log10(c).

``data.kind: projection`` draws a unit circle (0° at the top, angles counter-clockwise) whose top and
bottom project by dashed lines onto the ±1 levels of y = cos(t), t from 0 to ``periods``·2π, with
multiples of π/2 marked on the axis. Every curve is sampled with numpy.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from diagrams.components import computed
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_kinds, data_error
from diagrams.errors import SpecError
from diagrams.layout.shapes import arrowhead
from diagrams.layout.text import place_text
from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape
from diagrams.text.rich import layout as layout_text
from diagrams.theme import suggest

KINDS = ("squiggles", "projection")
MAX_SAMPLES = 1_000       # points of a squiggle between two rows (200 000 made a 125 MB SVG)
SQUIGGLE_KEYS = {"kind", "table", "pairs", "rows", "gap_row", "color", "amplitude", "width", "dash", "samples"}
DATA_KINDS = {"table": "text", "pairs": "list", "rows": "any", "gap_row": "whole", "color": "text", "amplitude": "number",
              "width": "number", "dash": "text", "samples": "any", "radius": "positive", "periods": "positive",
              "circle_color": "text", "axis_color": "text", "guide_color": "text", "arrow_fill": "text",
              "arrow_stroke": "text", "font_size": "positive", "degrees": "bool"}   # key → kind (_canvas.KINDS)
PROJECTION_KEYS = {"kind", "radius", "periods", "width", "color", "circle_color", "axis_color", "guide_color",
                   "arrow_fill", "arrow_stroke", "font_size", "degrees"}


def _check(data, allowed, what):
    for key in data:
        if key not in allowed:
            raise SpecError(f"unknown key '{key}' in {what}", hint=suggest(key, allowed, "a documented key"))


def _polyline(xs, ys) -> str:
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in zip(xs, ys))


def compressed_cycles(c: float) -> float:
    """How many cycles a gap row shows for ``c`` real ones: c when c ≤ 1, else 1 + log10(c)."""
    c = abs(float(c))
    return c if c <= 1 else 1.0 + math.log10(c)


def wave_points(alpha, y_centres, x_mid: float, amp: float, samples: int = 24):
    """x = x_mid − amp·cos(α(y)) with α linear between consecutive rows (exact for α = pos·θ)."""
    alpha = np.asarray(alpha, dtype=float)
    y_centres = np.asarray(y_centres, dtype=float)
    ys = np.concatenate([np.linspace(y_centres[k], y_centres[k + 1], samples, endpoint=False)
                         for k in range(len(y_centres) - 1)] + [y_centres[-1:]])
    a = np.interp(ys, y_centres, alpha)
    return x_mid - amp * np.cos(a), ys


def gap_wave_points(a0: float, a1: float, top: float, bottom: float, x_mid: float, amp: float, samples: int = 160):
    """The wave across a gap row: from angle a0 over compressed_cycles((a1 − a0)/2π) cycles."""
    n = compressed_cycles((a1 - a0) / (2 * math.pi))
    t = np.linspace(0.0, 1.0, samples)
    a = a0 + 2 * math.pi * n * t
    return x_mid - amp * np.cos(a), top + (bottom - top) * t


# ---------------------------------------------------------------- squiggles (overlay)
class SquiggleBlock(DrawnBlock):
    def __init__(self, node, ctx, data):
        _check(data, SQUIGGLE_KEYS, f"data of '{node.id}' (kind squiggles)")
        check_kinds(node, DATA_KINDS, "rope_wave")
        self.result = computed(node, ctx)
        if not isinstance(self.result, dict) or "alpha" not in self.result or "dims" not in self.result:
            raise SpecError("squiggles need `compute: rope.table` (its alpha and dims)")
        self.data = data
        samples = data.get("samples", 24)
        if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
            raise data_error(node, f"samples is {samples!r}, not a whole number from 1 to the limit "
                                   f"MAX_SAMPLES = {MAX_SAMPLES}", "samples", hint="the default, 24, is smooth")
        self.samples = samples
        if not data.get("table"):
            raise SpecError("squiggles need `table:`, the name of the table node they are drawn over")
        from diagrams.components.table import parse_tracks

        self.rows = parse_tracks(data.get("rows"), 10_000, "row")
        if len(self.rows) < 2:
            raise SpecError("squiggles need at least two `rows:` (the table rows of the first positions)")
        if len(self.rows) > len(self.result["alpha"]):
            raise SpecError(f"squiggles name {len(self.rows)} rows but the computation has "
                            f"{len(self.result['alpha'])} positions")
        self.pairs = []
        for p in data.get("pairs") or []:
            if not isinstance(p, dict) or set(p) - {"col", "dim"} or "col" not in p or "dim" not in p:
                raise SpecError("each squiggle pair is {col: left column of the pair, dim: a dim of the computation}")
            dims = self.result["dims"]
            if p["dim"] not in dims:
                raise SpecError(f"dim {p['dim']} is not among the computed dims {dims}")
            self.pairs.append((int(p["col"]), dims.index(p["dim"])))
        super().__init__(node, 0.0, 0.0, self._paint)

    def _cell(self, ctx, r, c) -> Rect:
        name = f"{self.data['table']}.r{r}c{c}"
        if name not in ctx.placed:
            raise SpecError(f"squiggles need cell '{name}', which is not drawn (yet)",
                            hint="list the table node before this one, and check `table:`, `rows:` and `pairs:`")
        return ctx.placed[name]

    def _paint(self, ctx, x, y):
        d = self.data
        color = ctx.color(d.get("color"), "dark-gold")
        paint = Paint(stroke=color, stroke_width=float(d.get("width", 1.6)), dash=str(d.get("dash", "5 3")))
        amp_f = float(d.get("amplitude", 0.5))
        samples = self.samples
        alpha = self.result["alpha"]
        for col, j in self.pairs:
            left = self._cell(ctx, self.rows[0], col)
            x_mid, amp = left.right, amp_f * left.w
            centres = [self._cell(ctx, r, col).cy for r in self.rows]
            a = [alpha[k][j] for k in range(len(self.rows))]
            xs, ys = wave_points(a, centres, x_mid, amp, samples)
            ctx.scene.add(Shape("path", paint, d=_polyline(xs, ys), linecap="round", overlay=True))
            gap = d.get("gap_row")
            if gap is not None and len(alpha) > len(self.rows):
                cell = self._cell(ctx, int(gap), col)
                k = len(self.rows)
                xs, ys = gap_wave_points(alpha[k - 1][j], alpha[k][j], cell.y + cell.h * 0.15,
                                         cell.bottom - cell.h * 0.15, x_mid, amp)
                ctx.scene.add(Shape("path", paint, d=_polyline(xs, ys), linecap="round", overlay=True))


# ---------------------------------------------------------------- circle → cosine projection
def pi_label(q: Fraction) -> str:
    """A multiple of π as text: 1/2 → "π/2", 1 → "π", 3/2 → "3π/2", 2 → "2π"."""
    if q == 0:
        return "0"
    num_, den = q.numerator, q.denominator
    head = "π" if num_ == 1 else f"{num_}π"
    return head if den == 1 else f"{head}/{den}"


class ProjectionBlock(DrawnBlock):
    def __init__(self, node, ctx, data):
        _check(data, PROJECTION_KEYS, f"data of '{node.id}' (kind projection)")
        check_kinds(node, DATA_KINDS, "rope_wave")
        self.data = data
        self.R = float(data.get("radius", 80))
        self.periods = float(data.get("periods", 1.25))
        self.plot_w = float(data.get("width", 420))
        self.size = float(data.get("font_size", ctx.theme.fonts["size"] - 1))
        if self.R <= 0 or self.periods <= 0 or self.plot_w <= 0:
            raise SpecError("radius, periods and width must be positive")
        s, R = self.size, self.R
        self.left = s * 2.6           # room for the 90° label and the axis beyond the circle
        self.top = s * 1.6
        self.gap = s * 1.6            # circle to y-axis
        w = self.left + 2 * R + self.gap + self.plot_w + s * 3.0
        h = self.top + 2 * R + s * 2.0
        super().__init__(node, w, h, self._paint)

    def _text(self, ctx, text, x, y, anchor="middle", color="ink"):
        block = layout_text(text, self.size)
        w, h = block.width, block.height
        left = {"middle": x - w / 2, "start": x, "end": x - w}[anchor]
        place_text(ctx, block, Rect(left, y - h / 2, w, h), color=ctx.color(color))

    def _paint(self, ctx, x, y):
        d, R, s = self.data, self.R, self.size
        cx, cy = x + self.left + R, y + self.top + R
        x0 = cx + R + self.gap                       # the y-axis
        x1 = x0 + self.plot_w
        axis = ctx.color(d.get("axis_color"), "black")
        pen = Paint(stroke=axis, stroke_width=1.3)
        head = 8.0
        # axes with arrowheads
        x_end = x1 + s * 2.8
        ctx.scene.add(Shape("path", pen, d=f"M{num(cx - R - s * 1.6)} {num(cy)}H{num(x_end - head)}"))
        ctx.scene.add(Shape("path", Paint(fill=axis), d=arrowhead((x_end, cy), (1, 0), head)))
        ctx.scene.add(Shape("path", pen, d=f"M{num(x0)} {num(cy + R + s * 1.2)}V{num(cy - R - s * 1.1 + head)}"))
        ctx.scene.add(Shape("path", Paint(fill=axis), d=arrowhead((x0, cy - R - s * 1.1), (0, -1), head)))
        # the circle, its centre and a counter-clockwise rotation arrow
        circle = ctx.color(d.get("circle_color"), "navy-blue")
        ctx.scene.add(Shape("ellipse", Paint(fill="none", stroke=circle, stroke_width=1.6),
                            rect=Rect(cx - R, cy - R, 2 * R, 2 * R)))
        self._rotation_arrow(ctx, cx, cy)
        ctx.scene.add(Shape("ellipse", Paint(fill=circle), rect=Rect(cx - 3, cy - 3, 6, 6)))
        # projections of the top (0°) and bottom (180°) onto the ±1 levels
        guide = Paint(stroke=ctx.color(d.get("guide_color"), "grey-3"), stroke_width=1, dash="4 3")
        for yy in (cy - R, cy + R):
            ctx.scene.add(Shape("path", guide, d=f"M{num(cx)} {num(yy)}H{num(x0)}"))
        # y = cos t, t in [0, periods·2π], y scaled so that ±1 meets the circle's top and bottom
        t_max = 2 * math.pi * self.periods
        t = np.linspace(0.0, t_max, 400)
        xs = x0 + t / t_max * self.plot_w
        ys = cy - R * np.cos(t)
        ctx.scene.add(Shape("path", Paint(stroke=ctx.color(d.get("color"), "dark-gold"), stroke_width=1.8),
                            d=_polyline(xs, ys), linecap="round"))
        # labels: ±1 and 0 at the y-axis, multiples of π/2 along the x-axis, degrees around the circle
        self._text(ctx, "1", x0 + 5, cy - R - s * 0.55, "start")
        self._text(ctx, "\u22121", x0 + 5, cy + R, "start")
        self._text(ctx, "0", x0 + 5, cy - s * 0.75, "start")
        k = 1
        while k / 2 <= 2 * self.periods + 1e-9:
            q = Fraction(k, 2)
            tk = float(q) * math.pi
            xk = x0 + tk / t_max * self.plot_w
            slope = -math.sin(tk)                  # d cos / dt: keep the label off the curve's crossing
            if slope < -0.5:
                self._text(ctx, pi_label(q), xk + 3, cy - s * 0.75, "start")
            elif slope > 0.5:
                self._text(ctx, pi_label(q), xk - 3, cy - s * 0.75, "end")
            else:
                self._text(ctx, pi_label(q), xk, cy - s * 0.75)
            ctx.scene.add(Shape("path", pen, d=f"M{num(xk)} {num(cy)}V{num(cy + 4)}"))
            k += 1
        if d.get("degrees", True):
            self._text(ctx, "0°", cx, cy - R + s * 0.95)
            self._text(ctx, "90°", cx - R - 3, cy - s * 0.75, "end")
            self._text(ctx, "180°", cx, cy + R + s * 0.95)
            self._text(ctx, "270°", cx + R - 4, cy + s * 0.8, "end")

    def _rotation_arrow(self, ctx, cx, cy):
        """A curved band from the bottom round the right to the top, its head pointing left (counter-clockwise)."""
        R = self.R
        ro, ri = 0.34 * R, 0.2 * R
        a0, a1 = math.radians(110), math.radians(-62)   # screen angles (y down): bottom → right → top
        angles = np.linspace(a0, a1, 40)
        outer = [(cx + ro * math.cos(a), cy + ro * math.sin(a)) for a in angles]
        inner = [(cx + ri * math.cos(a), cy + ri * math.sin(a)) for a in angles[::-1]]
        # arrowhead: base across the band at a1, tip further round at a1 − 38°
        mid = (ro + ri) / 2
        wing = (ro - ri) * 0.9
        tip_a = a1 - math.radians(38)
        base_out = (cx + (ro + wing) * math.cos(a1), cy + (ro + wing) * math.sin(a1))
        base_in = (cx + (ri - wing) * math.cos(a1), cy + (ri - wing) * math.sin(a1))
        tip = (cx + mid * math.cos(tip_a), cy + mid * math.sin(tip_a))
        pts = outer + [base_out, tip, base_in] + inner
        dpath = "M" + "L".join(f"{num(px)} {num(py)}" for px, py in pts) + "Z"
        ctx.scene.add(Shape("path", Paint(fill=ctx.color(self.data.get("arrow_fill"), "#BDD7EE"),
                                          stroke=ctx.color(self.data.get("arrow_stroke"), "deep-blue"),
                                          stroke_width=1.2), d=dpath))


def make(node, ctx):
    data = node.get("data") or {}
    kind = data.get("kind")
    if kind not in KINDS:
        raise SpecError(f"rope_wave needs `kind:` {' or '.join(KINDS)}, not {kind!r}",
                        hint=suggest(str(kind), KINDS, "a kind"))
    if kind == "squiggles":
        return SquiggleBlock(node, ctx, data)
    return ProjectionBlock(node, ctx, data)
