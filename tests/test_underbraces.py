"""The underbraces component: braces sit under the parts they name, labels under the braces."""
import pytest

from diagrams.components.underbraces import part_span, top_level_find
from diagrams.errors import SpecError
from diagrams.layout.context import Ctx
from diagrams.model import Node
from diagrams.scene import MathItem, Rect, Shape, TextItem, path_bounds
from diagrams.text.mathtext import typeset
from diagrams.theme import load_theme


def test_top_level_find_skips_groups():
    tex = r"\dfrac{x}{y}+x"
    assert top_level_find(tex, "x") == len(tex) - 1
    assert top_level_find(tex, "z") == -1


def test_part_span_matches_typeset_widths():
    # the formula is set in display style, so the spans are measured in display style too
    tex = r"x+\frac{a}{b}-y"
    x0, x1 = part_span(tex, r"\frac{a}{b}", 20)
    assert x1 == pytest.approx(typeset(r"x+\frac{a}{b}", 20, display=True).width)
    assert x1 - x0 == pytest.approx(typeset(r"\frac{a}{b}", 20, display=True).width)
    assert 0 < x0 < x1 < typeset(tex, 20, display=True).width


def test_part_span_inside_open_delimiters():
    tex = r"\left[\log\left(\dfrac{a}{b}-c\right)\right]"
    x0, x1 = part_span(tex, r"\dfrac{a}{b}", 20)
    whole = typeset(tex, 20).width
    assert 0 < x0 < x1 < whole
    with pytest.raises(SpecError):
        part_span(tex, "z", 20)


def _draw(data, lang="en"):
    from diagrams.components.underbraces import make

    ctx = Ctx(lang=lang, theme=load_theme(), file="t.yaml")
    node = Node(id="f", props={"component": "underbraces", "data": data})
    block = make(node, ctx)
    block.draw(ctx, Rect(0, 0, block.w, block.h))
    return ctx, block


def test_braces_and_labels_are_drawn_under_their_parts():
    data = {"tex": r"a+\dfrac{b}{c}+d", "font_size": 20,
            "braces": [{"part": r"\dfrac{b}{c}", "label": [{"text": "reward"}, {"text": "↑", "color": "red"}]}]}
    ctx, block = _draw(data)
    maths = [i for i in ctx.scene.items if isinstance(i, MathItem)]
    braces = [i for i in ctx.scene.items if isinstance(i, Shape)]
    texts = [i for i in ctx.scene.items if isinstance(i, TextItem)]
    assert len(maths) == 1 and len(braces) == 1 and [t.text for t in texts] == ["reward", "↑"]
    formula = maths[0].box
    x0, x1 = part_span(data["tex"], r"\dfrac{b}{c}", 20)
    span = path_bounds(braces[0].d)
    assert span.x == pytest.approx(maths[0].x + x0, abs=0.01)
    assert span.right == pytest.approx(maths[0].x + x1, abs=0.01)
    assert span.y >= formula.bottom
    assert all(t.box.y >= formula.bottom for t in texts)           # labels below the formula
    assert texts[1].color == ctx.color("red") and texts[0].box.right <= texts[1].box.x + 0.01
    assert block.h > formula.h


def test_bilingual_labels_and_unknown_keys():
    data = {"tex": "a+b", "braces": [{"part": "b", "label": {"en": "bee", "zh": "蜂"}}]}
    ctx, _ = _draw(data, "zh")
    assert [i.text for i in ctx.scene.items if isinstance(i, TextItem)] == ["蜂"]
    with pytest.raises(SpecError):
        _draw({"tex": "a", "colour": "red"})
    with pytest.raises(SpecError):
        _draw({"tex": "a", "braces": [{"part": "a", "size": 3}]})
