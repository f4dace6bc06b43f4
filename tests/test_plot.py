"""The plot component: splines through the given points, markers that reach the curve, real text, errors."""
import pytest

from diagrams.components import plot
from diagrams.errors import SpecError
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem, Shape, TextItem
from diagrams.theme import load_theme


def test_spline_passes_through_every_point_and_is_smooth_there():
    pts = [(0, 0), (10, 8), (20, 10), (30, 6), (40, -5)]
    segs = plot.catmull_rom(pts)
    assert len(segs) == len(pts) - 1
    for k, seg in enumerate(segs):
        assert plot.bezier_point(seg, 0) == pytest.approx(pts[k])
        assert plot.bezier_point(seg, 1) == pytest.approx(pts[k + 1])
    # C1 continuity: the incoming and outgoing control points are mirrored about each inner point
    for a, b in zip(segs, segs[1:]):
        p = a[3]
        assert (p[0] - a[2][0], p[1] - a[2][1]) == pytest.approx((b[1][0] - p[0], b[1][1] - p[1]))


def test_y_at_interpolates_and_is_none_outside():
    line = [(0, 0), (10, 10), (20, 0)]
    assert plot.y_at(line, 5) == pytest.approx(5)
    assert plot.y_at(line, 15) == pytest.approx(5)
    assert plot.y_at(line, 25) is None


SPEC = """\
id: fig
chapter: ch
title: {{en: Plot, zh: 图}}
layout: free
nodes:
  p:
    component: plot
    at: [0, 0]
    data:
{data}
"""


def _render(make_specs, data, lang="en"):
    specs = make_specs({"ch/fig": SPEC.format(data=data)})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme()).ctx


DATA = """\
      width: 200
      height: 100
      x_range: [0, 20]
      y_range: [0, 10]
      x_axis: {at: 0}
      curves:
        - {points: [[0, 0], [10, 10], [20, 0]], smooth: false, color: red, label: {text: {en: Curve, zh: 曲线}, at: [20, 5]}}
      vlines:
        - {x: 5, to_curve: 0, label: "$\\\\theta$"}
      legend: {at: [0, 10], items: [{line: red, text: {en: True objective, zh: 真实目标}}]}
"""


def test_vline_reaches_the_curve_and_words_are_text(make_specs):
    ctx = _render(make_specs, DATA, "zh")
    texts = {t.text for t in ctx.scene.items if isinstance(t, TextItem)}
    assert {"曲线", "真实目标"} <= texts
    assert any(isinstance(t, MathItem) for t in ctx.scene.items)       # the θ label is typeset math
    # the dashed marker: from the axis (y=100 px) up to the curve at x=5 → y=5 → 50 px from the top
    dashed = [s for s in ctx.scene.items if isinstance(s, Shape) and s.paint.dash]
    assert len(dashed) == 1
    import re
    ys = [float(v) for v in re.findall(r"[ML]-?[\d.]+ (-?[\d.]+)", dashed[0].d)]
    assert abs(ys[0] - ys[1]) == pytest.approx(50, abs=0.01)


def test_marker_on_a_missing_curve_is_an_error(make_specs):
    bad = DATA.replace("to_curve: 0", "to_curve: 3")
    with pytest.raises(SpecError, match="curve 3"):
        _render(make_specs, bad)


def test_empty_range_is_an_error(make_specs):
    with pytest.raises(SpecError, match="ranges"):
        _render(make_specs, "      x_range: [1, 1]\n")
