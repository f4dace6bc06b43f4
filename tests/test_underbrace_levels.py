"""Nested braces of the underbraces component: `level` stacks a brace under the labels of the level above."""
import pytest

from diagrams.components.underbraces import make, part_span
from diagrams.errors import SpecError
from diagrams.layout.context import Ctx
from diagrams.model import Node
from diagrams.scene import MathItem, Rect, Shape, TextItem, path_bounds
from diagrams.theme import load_theme

TEX = r"r + \gamma V(s') - V(s)"
INNER = r"r + \gamma V(s')"


def _draw(braces, **data):
    ctx = Ctx(lang="en", theme=load_theme(), file="t.yaml")
    node = Node(id="f", props={"component": "underbraces",
                               "data": {"tex": TEX, "font_size": 30, "braces": braces, **data}})
    block = make(node, ctx)
    block.draw(ctx, Rect(0, 0, block.w, block.h))
    shapes = [i for i in ctx.scene.items if isinstance(i, Shape)]
    texts = [i for i in ctx.scene.items if isinstance(i, TextItem)]
    maths = [i for i in ctx.scene.items if isinstance(i, MathItem)]
    return block, maths[0], [path_bounds(s.d) for s in shapes], texts


def test_level_one_brace_sits_under_the_level_zero_label():
    block, formula, (inner, outer), (t_inner, t_outer) = _draw([
        {"part": INNER, "label": "TD target"},
        {"part": TEX, "label": "TD error", "level": 1}])
    # spans come from the formula, whatever the level
    x0, x1 = part_span(TEX, INNER, 30)
    assert inner.x == pytest.approx(formula.x + x0, abs=0.01) and inner.right == pytest.approx(formula.x + x1, abs=0.01)
    assert outer.x == pytest.approx(formula.x, abs=0.01)
    assert outer.right == pytest.approx(formula.x + part_span(TEX, TEX, 30)[1], abs=0.01)
    # stacking: formula, inner brace, its label, outer brace, its label
    assert inner.y >= formula.box.bottom
    assert t_inner.box.y >= inner.bottom - 0.01
    assert outer.y >= t_inner.box.bottom
    assert t_outer.box.y >= outer.bottom - 0.01
    assert t_outer.box.bottom <= block.h + 0.01


def test_levels_make_the_block_taller_by_one_step_each():
    one, *_ = _draw([{"part": INNER, "label": "a"}, {"part": TEX, "label": "b"}], brace_depth=10, label_size=16)
    two, _, (b0, b1), _ = _draw([{"part": INNER, "label": "a"}, {"part": TEX, "label": "b", "level": 1}],
                                brace_depth=10, label_size=16)
    gap = 30 * 0.12
    step = 10 + 16 * 1.25 + gap           # brace depth + label height + gap
    assert two.h - one.h == pytest.approx(step)
    assert b1.y - b0.y == pytest.approx(step)


@pytest.mark.parametrize("level", [-1, 1.5, "1", True])
def test_bad_levels_are_spec_errors(level):
    with pytest.raises(SpecError):
        _draw([{"part": INNER, "label": "a", "level": level}])
