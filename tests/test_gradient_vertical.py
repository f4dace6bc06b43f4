"""`gradient_vertical: true` runs a node's gradient fill top to bottom (the schema accepts it; the SVG says so)."""

from diagrams.pipeline import load_figure, render
from diagrams.scene import Gradient, Shape
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Test, zh: 测试}}
layout: free
nodes:
  tri: {{shape: polygon, points: [[0.5, 0], [1, 1], [0, 1]], gradient: [pink, white], {extra} size: [200, 60], at: [150, 100]}}
"""


def _fills(make_specs, extra):
    specs = make_specs({"ch/fig": SPEC.format(extra=extra)})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    return [it.paint.fill for it in ctx.scene.items if isinstance(it, Shape) and isinstance(it.paint.fill, Gradient)]


def test_vertical_gradient_is_accepted_and_marked(make_specs):
    (g,) = _fills(make_specs, "gradient_vertical: true,")
    assert g.vertical and g.stops[0][0] == 0 and g.stops[-1][0] == 1


def test_default_gradient_stays_horizontal(make_specs):
    (g,) = _fills(make_specs, "")
    assert not g.vertical
