"""The venn component: the lens of two ellipses lies on both outlines and inside both ellipses."""
import math

import pytest

from diagrams.components import venn
from diagrams.errors import SpecError
from diagrams.pipeline import load_figure, render
from diagrams.scene import Shape, TextItem
from diagrams.theme import load_theme

A = (0.0, 0.0, 100.0, 50.0)
B = (120.0, 0.0, 100.0, 50.0)


def test_lens_lies_inside_both_ellipses_and_ends_on_outlines():
    pts = venn.lens(A, B)
    assert len(pts) > 20
    for x, y in pts:
        assert venn._inside(A, x, y) <= 1 + 1e-6
        assert venn._inside(B, x, y) <= 1 + 1e-6
    # the two crossings of equal ellipses are at x = 60 (half the centre distance), y = ±50·√(1 − 0.6²)
    ends = [p for p in pts if abs(venn._inside(A, *p) - 1) < 1e-6 and abs(venn._inside(B, *p) - 1) < 1e-6]
    assert ends
    for x, y in ends:
        assert x == pytest.approx(60, abs=1e-3)
        assert abs(y) == pytest.approx(50 * math.sqrt(1 - 0.36), abs=1e-3)
    xs = [p[0] for p in pts]
    assert min(xs) == pytest.approx(20, abs=0.5) and max(xs) == pytest.approx(100, abs=0.5)


def test_disjoint_ellipses_have_no_lens():
    assert venn.lens(A, (500.0, 0.0, 100.0, 50.0)) == []


SPEC = """\
id: fig
chapter: ch
title: {{en: Venn, zh: 韦恩图}}
layout: free
nodes:
  v:
    component: venn
    at: [0, 0]
    data:
{data}
"""


def _render(make_specs, data, lang="en"):
    specs = make_specs({"ch/fig": SPEC.format(data=data)})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme()).ctx


def test_labels_are_text_and_overlap_is_filled(make_specs):
    data = """\
      sets:
        - {text: {en: Value, zh: 价值}, fill: cream, at: [0, 0], size: [200, 100]}
        - {text: Policy, fill: sky, at: [120, 0], size: [200, 100]}
      overlap: {text: AC, fill: "#7FCFD6"}
      items: [{text: DQN, at: [0, 40]}]
"""
    ctx = _render(make_specs, data, "zh")
    texts = {t.text for t in ctx.scene.items if isinstance(t, TextItem)}
    assert {"价值", "Policy", "AC", "DQN"} <= texts
    fills = [s.paint.fill for s in ctx.scene.items if isinstance(s, Shape)]
    assert fills[:3] == ["#FFF2CC", "#71CCF5", "#7FCFD6"]
    # set labels sit outside the lens by default: left of the overlap for the left set
    value = next(t for t in ctx.scene.items if isinstance(t, TextItem) and t.text == "价值")
    ac = next(t for t in ctx.scene.items if isinstance(t, TextItem) and t.text == "AC")
    assert value.box.right < ac.box.x


def test_set_without_size_is_an_error(make_specs):
    with pytest.raises(SpecError, match="size"):
        _render(make_specs, "      sets: [{text: A, at: [0, 0]}]\n")
