"""<sub>/<sup> runs in plain text (real text below/above the baseline) and rotation of lines that mix
text and math (every run turns about one pivot)."""
import re

import pytest

from diagrams.layout.text import place_text
from diagrams.lint import lint_scene
from diagrams.render.svg import SvgWriter
from diagrams.scene import MathItem, Rect, Scene, TextItem
from diagrams.text import fonts
from diagrams.text.rich import SCRIPT_SCALE, SCRIPT_SHIFT, layout


class Ctx:
    def __init__(self):
        self.scene = Scene()


def test_sub_run_is_smaller_text_below_the_baseline():
    block = layout("$s$<sub>00</sub>", 20)
    runs = block.lines[0].runs
    assert [r.kind for r in runs] == ["math", "text"]
    sub = runs[1]
    assert sub.text == "00"
    assert sub.size == pytest.approx(20 * SCRIPT_SCALE)
    assert sub.shift == pytest.approx(20 * SCRIPT_SHIFT["sub"]) and sub.shift > 0
    assert sub.width == pytest.approx(fonts.text_width("00", 14), abs=0.01)
    assert sub.x == pytest.approx(runs[0].width)            # right after the letter
    assert block.width == pytest.approx(runs[0].width + sub.width)


def test_sup_run_is_raised_and_grows_the_ascent():
    plain = layout("x", 20).lines[0]
    line = layout("x<sup>2</sup>", 20).lines[0]
    assert line.runs[1].shift < 0
    assert line.ascent == pytest.approx(max(plain.ascent, 14 * fonts.ASCENT + 20 * 0.42))


def test_script_runs_do_not_merge_with_plain_text_and_never_start_a_line():
    block = layout("Action a<sub>3</sub> now", 20, wrap=fonts.text_width("Action a", 20) + 1)
    first = block.lines[0].runs
    assert [r.text for r in first] == ["Action a", "3"]     # the index stays with its letter
    assert block.lines[1].runs[0].text.strip() == "now"


def test_place_text_draws_scripts_as_real_text_at_their_own_size_and_baseline():
    ctx = Ctx()
    block = layout("$a$<sub>10</sub>", 20)
    place_text(ctx, block, Rect(0, 0, 100, 40))
    math = [t for t in ctx.scene.texts if isinstance(t, MathItem)]
    texts = [t for t in ctx.scene.texts if isinstance(t, TextItem)]
    assert len(math) == 1 and len(texts) == 1
    sub = texts[0]
    assert sub.text == "10" and sub.size == pytest.approx(14)
    assert sub.y == pytest.approx(math[0].y + 20 * SCRIPT_SHIFT["sub"])
    svg = "\n".join(SvgWriter("sans").render(ctx.scene).body)
    assert '>10</text>' in svg and 'font-size="14"' in svg


def test_plain_text_line_stays_one_text_element():
    ctx = Ctx()
    place_text(ctx, layout("Reward", 20), Rect(0, 0, 100, 40))
    assert [type(t) for t in ctx.scene.texts] == [TextItem]


def test_rotated_mixed_line_turns_every_run_about_one_pivot():
    ctx = Ctx()
    block = layout("$\\pi(a_0|s)$ x<sub>1</sub>", 20)
    area = Rect(0, 0, 200, 40)
    place_text(ctx, block, area, rotate=-30)
    items = ctx.scene.texts
    assert {type(t) for t in items} == {MathItem, TextItem}
    pivots = {t.pivot for t in items}
    assert len(pivots) == 1
    (px, py), = pivots
    assert px == pytest.approx(area.cx)                      # centred line: its middle on the baseline
    assert all(t.rotate == -30 for t in items)
    svg = "\n".join(SvgWriter("sans").render(ctx.scene).body)
    rot = re.findall(r"rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)", svg)
    assert len(rot) == len(items)
    assert {(float(a), round(float(x), 1), round(float(y), 1)) for a, x, y in rot} == {(-30, round(px, 1), round(py, 1))}
    # the math path turns first, then moves to its baseline start
    assert re.search(r'<path transform="rotate\(-30 [-\d.]+ [-\d.]+\) translate\([-\d.]+ [-\d.]+\)"', svg)


def test_unrotated_math_has_no_rotation_and_rotated_math_is_left_out_of_collisions():
    ctx = Ctx()
    place_text(ctx, layout("$Q_\\pi$", 20), Rect(0, 0, 60, 30))
    svg = "\n".join(SvgWriter("sans").render(ctx.scene).body)
    assert "rotate" not in svg
    # two rotated labels whose unrotated boxes overlap do not count as colliding
    scene = Scene()
    box = Rect(0, 0, 50, 20)
    scene.add(MathItem(0, 15, "M0 0", "#000", box=box, rotate=30, pivot=(25, 15)))
    scene.add(MathItem(0, 15, "M0 0", "#000", box=box, rotate=-30, pivot=(25, 15)))
    assert not [p for p in lint_scene(scene) if "collides" in p]
    scene.add(MathItem(0, 15, "M0 0", "#000", box=box))
    scene.add(MathItem(0, 15, "M0 0", "#000", box=box))
    assert [p for p in lint_scene(scene) if "collides" in p]
