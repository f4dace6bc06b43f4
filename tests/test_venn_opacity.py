"""The venn component's per-set `opacity`: see-through sets reach the scene and the SVG; bad values are errors."""
from __future__ import annotations

import textwrap

import pytest

from diagrams.errors import SpecError
from diagrams.scene import Shape
from conftest import render_nodes

NODES = """\
v:
  component: venn
  at: [0, 0]
  data:
{data}
"""


def _render(make_specs, data, lang="en"):
    return render_nodes(make_specs, NODES.format(data=textwrap.indent(textwrap.dedent(data), "    ")), lang)


def test_opacity_reaches_the_shapes_and_svg(make_specs):
    data = """\
      sets:
        - {fill: pale-blue, at: [0, 0], size: [400, 200]}
        - {fill: sky, at: [-80, 0], size: [120, 120]}
        - {fill: pink, at: [-80, 80], size: [200, 90], opacity: 0.65}
"""
    out = _render(make_specs, data)
    shapes = [s for s in out.ctx.scene.items if isinstance(s, Shape)]
    ops = [(s.paint.fill, s.paint.opacity) for s in shapes[:3]]
    assert ops == [("#BDD7EE", None), ("#71CCF5", None), ("#F0ADB7", 0.65)]
    assert out.svg.count('opacity="0.65"') == 1


@pytest.mark.parametrize("bad", ["0", "1.5", "-0.2", "true", "half"])
def test_bad_opacity_is_an_error(make_specs, bad):
    with pytest.raises(SpecError, match="opacity"):
        _render(make_specs, f"      sets: [{{fill: sky, at: [0, 0], size: [10, 10], opacity: {bad}}}]\n")
