"""Arrowheads are sized from the stroke width in the theme's proportions (edge.arrow_length, arrow_width,
arrow_growth, measured on the originals): a thicker line gets a longer and wider head, the head's length/width
ratio stays the theme's, and at the base width the head is exactly arrow_length x / arrow_width x the stroke."""
import math
import re

import pytest

from diagrams.layout.shapes import arrowhead, head_size
from diagrams.pipeline import load_figure, render
from diagrams.scene import Shape
from diagrams.theme import load_theme


def _spec(widths):
    nodes = "\n".join(f"  a{i}: {{text: A, size: [60, 40], at: [50, {50 + 120 * i}]}}\n"
                      f"  b{i}: {{text: B, size: [60, 40], at: [300, {50 + 120 * i}]}}" for i in range(len(widths)))
    edges = "\n".join(f"  - {{from: a{i}, to: b{i}, width: {w}}}" for i, w in enumerate(widths))
    return f"id: fig\nchapter: ch\ntitle: {{en: Heads, zh: 箭头}}\nlayout: free\nnodes:\n{nodes}\nedges:\n{edges}\n"


def _heads(ctx):
    """(length, base width, tip y) of every filled triangle, from the top down."""
    out = []
    for item in ctx.scene.items:
        if isinstance(item, Shape) and item.kind == "path" and item.paint.fill and not item.paint.stroke:
            pts = [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", item.d)]
            if len(pts) == 3:
                (tx, ty), b1, b2 = pts
                mid = ((b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2)
                out.append((math.dist((tx, ty), mid), math.dist(b1, b2), ty))
    return sorted(out, key=lambda h: h[2])


def test_heads_scale_with_the_stroke_width(make_specs):
    widths = [0.8, 1.2, 2, 3, 5]
    specs = make_specs({"ch/fig": _spec(widths)})
    theme = load_theme()
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", theme).ctx
    heads = _heads(ctx)
    assert len(heads) == len(widths)
    lengths = [h[0] for h in heads]
    bases = [h[1] for h in heads]
    assert lengths == sorted(lengths) and len(set(round(x, 2) for x in lengths)) == len(widths)
    assert bases == sorted(bases) and len(set(round(x, 2) for x in bases)) == len(widths)
    edge = theme.edge
    for (length, base, _), w in zip(heads, widths):
        assert length / base == pytest.approx(edge["arrow_length"] / edge["arrow_width"], abs=0.01)
        assert (length, base) == pytest.approx(head_size(w, edge), abs=0.02)
    # at the theme's base stroke the head is exactly the measured proportions of the stroke
    base_w = edge["width"]
    i = widths.index(base_w)
    assert lengths[i] / base_w == pytest.approx(edge["arrow_length"], abs=0.02)
    assert bases[i] / base_w == pytest.approx(edge["arrow_width"], abs=0.02)
    # and heads are wider than long, as in the originals (length / width about 0.89)
    assert 0.8 <= edge["arrow_length"] / edge["arrow_width"] <= 0.95


def test_head_size_follows_the_theme_values():
    edge = {"width": 1.0, "arrow_length": 6.0, "arrow_width": 7.0, "arrow_growth": 1.0}
    assert head_size(1.0, edge) == pytest.approx((6.0, 7.0))
    assert head_size(2.0, edge) == pytest.approx((12.0, 14.0))      # growth 1: strictly proportional
    edge["arrow_growth"] = 0.5
    assert head_size(4.0, edge) == pytest.approx((12.0, 14.0))      # growth 0.5: sqrt(4) = 2


def test_arrowhead_triangle_has_the_asked_width():
    pts = [tuple(map(float, p)) for p in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", arrowhead((10, 0), (1, 0), 8, 9))]
    assert pts[0] == (10, 0) and pts[1][0] == pts[2][0] == 2 and abs(pts[1][1] - pts[2][1]) == pytest.approx(9)
