"""The formula component: rows typeset whole, coloured parts found among the row's glyph outlines."""
import pytest

from diagrams.components import formula
from diagrams.errors import SpecError
from diagrams.lint import lint_scene
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem
from diagrams.text.mathtext import typeset
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Formula, zh: 公式}}
layout: free
nodes:
  f:
    component: formula
    at: [0, 0]
    data:
{data}
"""

DATA = """\
      font_size: 24
      align_at: "="
      rows:
        - tex: "J=\\\\min\\\\left\\\\{\\\\dfrac{a}{b}x,\\\\ \\\\mathrm{clip}\\\\left(\\\\dfrac{a}{b}\\\\right)x\\\\right\\\\}"
          parts:
            - {tex: "\\\\dfrac{a}{b}", color: cyan}
            - {tex: "\\\\dfrac{a}{b}", color: bright-red, occurrence: 1}
        - tex: "=\\\\eta_t^r+\\\\eta_t"
          parts:
            - {tex: "\\\\eta_t", color: purple}
"""


def _render(make_specs, data=DATA):
    specs = make_specs({"ch/fig": SPEC.format(data=data)})
    return render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx


def test_parts_take_their_glyphs_out_of_the_row(make_specs):
    ctx = _render(make_specs)
    theme = load_theme()
    maths = [m for m in ctx.scene.items if isinstance(m, MathItem)]
    colours = [m.color for m in maths]
    assert colours.count(theme.color("cyan")) == 1 and colours.count(theme.color("bright-red")) == 1
    assert colours.count(theme.color("purple")) == 1
    # the outlines are split, not duplicated: row 1's pieces hold exactly the row's contours
    row1 = formula.subpaths(typeset("J=\\min\\left\\{\\dfrac{a}{b}x,\\ \\mathrm{clip}\\left(\\dfrac{a}{b}\\right)x\\right\\}", 24).path_d)
    pieces = [m for m in maths if m.y == maths[0].y]
    assert sum(len(formula.subpaths(m.d)) for m in pieces) == len(row1)
    frac = formula.subpaths(typeset("\\dfrac{a}{b}", 24).path_d)
    for m in pieces[1:]:
        assert len(formula.subpaths(m.d)) == len(frac)      # each fraction with its bar, nothing else
    # the second part (occurrence 1 of what is left) is the second fraction: further right than the first
    cyan = next(m for m in pieces if m.color == theme.color("cyan"))
    red = next(m for m in pieces if m.color == theme.color("bright-red"))
    assert formula.subpaths(red.d)[0][1][0] > formula.subpaths(cyan.d)[0][1][0]
    # the purple part is the lone η_t: in η_t^r the subscript sits lower, so that one does not match
    purple = next(m for m in maths if m.color == theme.color("purple"))
    other = next(m for m in maths if m.y == purple.y and m is not purple)
    assert formula.subpaths(purple.d)[0][1][0] > max(formula.subpaths(other.d)[0][1][0::2])
    assert lint_scene(ctx.scene) == []


def test_match_finds_shifted_contours_only():
    full = formula.subpaths("M0 0L1 0L1 1ZM10 5L11 5L11 6ZM20 5L21 5L21 6.5Z")
    part = formula.subpaths("M0 0L1 0L1 1Z")
    assert formula.match(full, part, set()) == {0}
    assert formula.match(full, part, set(), skip=1) == {1}
    assert formula.match(full, part, {0, 1}) is None             # the third contour has another shape


def test_a_part_not_in_the_row_is_an_error(make_specs):
    bad = DATA.replace('color: purple}', 'color: purple, occurrence: 2}')
    with pytest.raises(SpecError, match="not found"):
        _render(make_specs, bad)
    with pytest.raises(SpecError, match="align_at"):
        _render(make_specs, DATA.replace('align_at: "="', 'align_at: "+"'))
