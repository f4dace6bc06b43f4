"""The per-edge `arrow_size`: arrowhead length in px, overriding the theme's proportions of the stroke width."""
import re

import pytest

from diagrams.pipeline import load_figure, render
from diagrams.scene import Shape
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {en: Heads, zh: 箭头}
layout: free
nodes:
  a: {text: A, size: [60, 40], at: [50, 50]}
  b: {text: B, size: [60, 40], at: [300, 50]}
  c: {text: C, size: [60, 40], at: [50, 200]}
  d: {text: D, size: [60, 40], at: [300, 200]}
edges:
  - {from: a, to: b, width: 2}
  - {from: c, to: d, width: 2, arrow_size: 16}
"""


def _heads(ctx):
    """Arrowhead triangles (filled 3-point paths): (tip x, base x, half width)."""
    out = []
    for item in ctx.scene.items:
        if isinstance(item, Shape) and item.kind == "path" and item.paint.fill and not item.paint.stroke:
            pts = [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", item.d)]
            if len(pts) == 3:
                out.append(pts)
    return out


def test_arrow_size_sets_the_head_length(make_specs):
    specs = make_specs({"ch/fig": SPEC})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    heads = sorted(_heads(ctx), key=lambda p: p[0][1])
    assert len(heads) == 2
    default, big = heads
    # the default: the theme's proportions of the stroke (arrow_length x 1.2 at the base width), grown as
    # (width / 1.2) ** arrow_growth
    edge = load_theme().edge
    grown = 1.2 * (2 / 1.2) ** edge["arrow_growth"]
    assert default[0][0] - default[1][0] == pytest.approx(edge["arrow_length"] * grown, abs=0.01)
    assert big[0][0] - big[1][0] == pytest.approx(16, abs=0.01)
    assert abs(big[1][1] - big[2][1]) == pytest.approx(16 * edge["arrow_width"] / edge["arrow_length"], abs=0.01)
    # the tip still sits on the target's edge, and the line stops under the head
    assert big[0][0] == pytest.approx(270, abs=0.01)
