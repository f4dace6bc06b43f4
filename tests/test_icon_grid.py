"""The icon_grid component: a count drawn as repeated icons, the count from the spec or a computation."""
import pytest

from diagrams.errors import SpecError
from diagrams.pipeline import load_figure, render
from diagrams.scene import RawItem
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Stars, zh: 星}}
layout: free
nodes:
  s: {{component: icon_grid, at: [100, 100], {body}}}
"""


def _icons(make_specs, body):
    specs = make_specs({"ch/fig": SPEC.format(body=body)})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    return [it for it in ctx.scene.items if isinstance(it, RawItem)], ctx


def test_count_in_rows(make_specs):
    icons, ctx = _icons(make_specs, "data: {count: 5, per_row: 3, size: 18, pitch: 21, row_pitch: 20, indent: 10}")
    assert len(icons) == 5
    xs = sorted({round(i.box.x - icons[0].box.x, 3) for i in icons})
    ys = sorted({round(i.box.y - icons[0].box.y, 3) for i in icons})
    assert xs == [0, 10, 21, 31, 42] and ys == [0, 20]
    assert ctx.placed["s"].w == pytest.approx(42 + 18)


def test_count_from_a_computation(make_specs):
    # the Chicago entry of the trajectory rewards table: 4 stars
    icons, _ = _icons(make_specs, "compute: trajectory.walk, data: {count_from: rewards.2}")
    assert len(icons) == 4
    icons, _ = _icons(make_specs, "compute: trajectory.walk, args: {rewards: {a: 0, b: 2}, path: [a, b]}, "
                                  "data: {count_from: args.rewards.b}")
    assert len(icons) == 2


def test_bad_count(make_specs):
    with pytest.raises(SpecError, match="whole number"):
        _icons(make_specs, "data: {count: 2.5}")
