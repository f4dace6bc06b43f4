"""The equations component: rows of display formulas, alignment, pitch, and coloured underlines."""
import re

import pytest

from diagrams.components.equations import span_of
from diagrams.errors import DiagramError
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem, Shape
from diagrams.text.mathtext import typeset
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {en: Equations, zh: 公式}
nodes:
  eqs:
    component: equations
    at: [0, 0]
    data:
      font_size: 24
      padding: [20, 4]
      %s
      rows:
        - {tex: 'A_4^{GAE} = \\delta_4', underline: [{part: '\\delta_4', color: red}]}
        - {tex: 'A_3^{GAE} = \\delta_3 + (\\gamma\\lambda)\\cdot A_4^{GAE}', underline: [{part: '\\delta_3', color: "#00B0F0"}]}
        - 'x = 1'
"""


def _render(make_specs, extra="", lang="en"):
    specs = make_specs({"ch/fig": SPEC % extra})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme()).ctx


def _hline(shape):
    x0, y, x1 = map(float, re.fullmatch(r"M(-?[\d.]+) (-?[\d.]+)H(-?[\d.]+)", shape.d).groups())
    return x0, x1, y


def test_span_of_a_part_is_the_typeset_prefix_widths():
    x0, x1 = span_of(r"A_3^{GAE} = \delta_3 + 1", r"\delta_3", 24)
    assert x0 == pytest.approx(typeset(r"A_3^{GAE} =", 24).width)
    assert x1 - x0 == pytest.approx(typeset(r"\delta_3", 24).width, abs=0.5)  # side bearings differ a little
    # a part at the start begins at 0
    assert span_of(r"\delta_4 = r_4", r"\delta_4", 24)[0] == 0


def test_span_of_ignores_occurrences_inside_braces_and_rejects_missing_parts():
    # the first 'k' sits inside the subscript braces: the top-level one comes later
    x0, _ = span_of(r"\sum_{k=0} k", "k", 20)
    assert x0 > typeset(r"\sum_{k=0}", 20).width - 1
    with pytest.raises(DiagramError, match="does not occur"):
        span_of(r"a + b", r"\delta", 20)


def test_rows_underlines_and_padding(make_specs):
    ctx = _render(make_specs)
    maths = [t for t in ctx.scene.texts if isinstance(t, MathItem)]
    assert len(maths) == 3
    box = ctx.placed["eqs"]
    # rows start after the padding, left-aligned, and sit at an even pitch
    assert all(m.x == pytest.approx(box.x + 20) for m in maths)
    assert maths[1].y - maths[0].y == pytest.approx(maths[2].y - maths[1].y)
    # every formula lies inside the padded box
    assert all(box.contains(m.box, 0.01) for m in maths)
    lines = [s for s in ctx.scene.items if isinstance(s, Shape) and s.paint.stroke in ("#EB6252", "#00B0F0")]
    assert [s.paint.stroke for s in lines] == ["#EB6252", "#00B0F0"]
    for shape, m, tex, part in zip(lines, maths, [r"A_4^{GAE} = \delta_4",
                                                 r"A_3^{GAE} = \delta_3 + (\gamma\lambda)\cdot A_4^{GAE}"],
                                   [r"\delta_4", r"\delta_3"]):
        x0, x1, y = _hline(shape)
        a, b = span_of(tex, part, 24)
        assert x0 == pytest.approx(m.x + a, abs=0.01) and x1 == pytest.approx(m.x + b, abs=0.01)
        # under the part's glyphs: below the baseline by more than the subscript's depth
        assert y > m.y + typeset(part, 24).depth


def test_align_at_lines_up_the_marks(make_specs):
    ctx = _render(make_specs, "align_at: '='")
    maths = [t for t in ctx.scene.texts if isinstance(t, MathItem)]
    marks = [m.x + typeset(tex, 24).width for m, tex in zip(maths, [r"A_4^{GAE} ", r"A_3^{GAE} ", "x "])]
    assert max(marks) - min(marks) < 0.01
    # the row with the shortest left side is indented
    assert maths[2].x > maths[0].x


def test_pitch_sets_the_baseline_distance(make_specs):
    ctx = _render(make_specs, "pitch: 70")
    maths = [t for t in ctx.scene.texts if isinstance(t, MathItem)]
    assert maths[1].y - maths[0].y == pytest.approx(70)
    assert maths[2].y - maths[1].y == pytest.approx(70)


@pytest.mark.parametrize("extra, message", [
    ("align: middle", "align 'middle'"),
    ("align_at: '+'", "align_at"),
    ("pitch: 0", "pitch must be positive"),
])
def test_bad_data_is_a_located_error(make_specs, extra, message):
    with pytest.raises(DiagramError, match=message):
        _render(make_specs, extra)
