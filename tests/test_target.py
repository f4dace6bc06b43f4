"""The target component: concentric rings, a bull's-eye and estimates placed in units of the outer radius."""
import pytest

from diagrams.errors import SpecError
from diagrams.pipeline import load_figure, render
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Target, zh: 靶}}
layout: auto
nodes:
  t: {{component: target, {body}}}
"""


def _ctx(make_specs, body):
    specs = make_specs({"ch/fig": SPEC.format(body=body)})
    return render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx


def test_rings_centre_and_points_scale_with_the_radius(make_specs):
    ctx = _ctx(make_specs, "data: {radius: 100, rings: 3, points: [[0.5, 0], [0, -0.5]]}")
    box = ctx.placed["t"]
    assert box.w == pytest.approx(200 + 1.8, abs=0.5) and box.h == pytest.approx(box.w)
    paths = [s for s in ctx.scene.items if getattr(s, "d", None)]
    assert len(paths) == 3 + 1 + 2          # rings, the true value, two estimates


def test_a_point_off_the_board_is_a_located_error(make_specs):
    with pytest.raises(SpecError, match="within the board"):
        _ctx(make_specs, "data: {points: [[0.9, 0.9]]}")
