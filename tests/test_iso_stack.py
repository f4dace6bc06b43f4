"""The iso_stack component: isometric grid planes from hierarchy.feudal_grid, upper planes hiding lower labels."""
import re

import pytest

from diagrams.components import iso_stack
from diagrams.errors import SpecError
from diagrams.pipeline import load_figure, render
from diagrams.scene import Shape, TextItem
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Stack, zh: 层}}
layout: free
nodes:
  s:
    component: iso_stack
    compute: hierarchy.feudal_grid
    args: {{levels: {levels}, marked: [[2, 3]]}}
    at: [500, 400]
    data:
      half: [200, 115]
      levels: {lv}
      marks: [yellow]
"""


def _render(make_specs, levels, lv, lang="en"):
    specs = make_specs({"ch/fig": SPEC.format(levels=levels, lv=lv)})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme()).ctx


def test_point_in_polygon():
    sq = [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert iso_stack._inside((5, 5), sq) and not iso_stack._inside((15, 5), sq)


def test_planes_marks_and_hidden_labels(make_specs):
    lv = "[{y: 0, label: L1}, {y: 150, label: L2}, {y: 300, label: L3}]"
    ctx = _render(make_specs, 3, lv)
    texts = [t.text for t in ctx.scene.items if isinstance(t, TextItem)]
    assert {"L1", "L2", "L3"} <= set(texts)
    # the marked level-2 cell 3 and its four children at level 3 are filled yellow
    yellow = load_theme().color("yellow")
    cells = [s for s in ctx.scene.items if isinstance(s, Shape) and s.paint.fill == yellow]
    assert len(cells) == 1 + 4
    # labels are rotated into the plane; the level-2 cell 2 (back corner) lies under level 1: no label
    subs = [t for t in ctx.scene.items if isinstance(t, TextItem) and re.fullmatch(r"\d-\d+", t.text)]
    assert all(t.rotate == -30 for t in subs)
    shown = {t.text for t in subs}
    assert "1-1" in shown and "2-3" in shown and "2-2" not in shown
    # every level-3 label of the front cells is shown (nothing above hides the front corner)
    assert "3-13" in shown


def test_level_count_must_match(make_specs):
    with pytest.raises(SpecError, match="2 levels in data but the computation has 3"):
        _render(make_specs, 3, "[{y: 0}, {y: 100}]")
