"""Braces in four directions, the four-arrow cycle shape, and per-language node overrides (`lang:`)."""
import math
import re

import pytest

from diagrams.layout.shapes import brace_path, cycle_arrows, outline
from diagrams.scene import Paint, Rect, Shape

NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _points(d: str) -> list[tuple[float, float]]:
    vals = [float(v) for v in NUM.findall(d)]
    return list(zip(vals[0::2], vals[1::2]))


def _tip(d: str) -> tuple[float, float]:
    """The brace's point: the end of its middle quadratic (M, Q, L, Q ← here)."""
    segs = re.findall(r"[MLQ][^MLQ]*", d)
    return _points(segs[3])[-1]


R = Rect(10, 20, 200, 30)
V = Rect(10, 20, 30, 200)


@pytest.mark.parametrize("tip, rect, where, ends", [
    ("up", R, (110, 20), [(10, 50), (210, 50)]),
    ("down", R, (110, 50), [(10, 20), (210, 20)]),
    ("left", V, (10, 120), [(40, 20), (40, 220)]),
    ("right", V, (40, 120), [(10, 20), (10, 220)]),
])
def test_brace_points_where_asked_and_arms_end_at_the_far_side(tip, rect, where, ends):
    d = brace_path(rect, tip)
    assert _tip(d) == pytest.approx(where)
    pts = _points(d)
    assert pts[0] == pytest.approx(ends[0]) and pts[-1] == pytest.approx(ends[1])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    assert min(xs) >= rect.x - 1e-6 and max(xs) <= rect.right + 1e-6
    assert min(ys) >= rect.y - 1e-6 and max(ys) <= rect.bottom + 1e-6


def test_brace_point_can_sit_off_centre_and_keeps_its_corners_inside():
    d = brace_path(R, "up", at=0.25)
    assert _tip(d) == pytest.approx((60, 20))
    pts = _points(d)
    assert all(10 - 1e-6 <= x <= 210 + 1e-6 for x, _ in pts)
    assert [x for x, _ in pts] == sorted(x for x, _ in pts)      # the outline never doubles back
    assert _tip(brace_path(V, "left", at=1.0)) == pytest.approx((10, 220))


def test_brace_without_direction_keeps_its_point_up_and_takes_its_stroke():
    (shape,) = outline("brace", R, Paint(stroke="#7030A0", stroke_width=1.5), direction="sideways")
    assert _tip(shape.d) == pytest.approx((110, 20))
    assert shape.paint.stroke == "#7030A0" and shape.paint.fill is None


def test_cycle_is_four_closed_arrows_inside_the_box_turning_clockwise():
    r = Rect(0, 0, 160, 160)
    shapes = cycle_arrows(r, Paint(fill="#FFFFFF", stroke="#7F7F7F"))
    assert len(shapes) == 4 and all(isinstance(s, Shape) and s.d.endswith("Z") for s in shapes)
    angles = []
    for s in shapes:
        pts = []
        for cmd in re.findall(r"[MLA][^MLAZ]*", s.d):   # end points of each command (arcs: the last pair)
            vals = [float(v) for v in NUM.findall(cmd)]
            pts.append((vals[-2], vals[-1]))
        for x, y in pts:
            assert math.hypot(x - 80, y - 80) <= 80 + 0.01   # inside the circle of the box
            assert math.hypot(x - 80, y - 80) >= 80 * 0.5     # the middle stays free for a label
        tip = pts[3]                                           # the arrow's point
        angles.append(math.degrees(math.atan2(tip[1] - 80, tip[0] - 80)) % 360)
    # successive tips a quarter turn apart, clockwise on screen (angle grows with y down)
    steps = [(b - a) % 360 for a, b in zip(angles, angles[1:])]
    assert steps == pytest.approx([90, 90, 90])
    # the first arrow is centred on top and points to the right: its tip lies right of the top
    assert 270 < angles[0] < 360


def test_outline_draws_the_cycle_with_the_nodes_paint():
    shapes = outline("cycle", Rect(0, 0, 100, 100), Paint(fill="#FFFFFF", stroke="#000000"))
    assert len(shapes) == 4 and {s.paint.fill for s in shapes} == {"#FFFFFF"}


SPEC = """\
id: t-lang
chapter: ch
title: {en: Test, zh: 测试}
layout: free
nodes:
  a: {text: {en: Alpha, zh: 甲}, size: [80, 40], at: [100, 100], lang: {zh: {at: [300, 50], fill: pink}}}
  b: {text: B, size: [80, 40], at: [100, 300], lang: {en: {size: [120, 40]}}}
edges:
  - {from: a, to: b}
"""


def test_lang_overrides_move_and_restyle_a_node_in_one_language_only(make_specs, theme):
    from diagrams.pipeline import load_figure, render

    root = make_specs({"ch/t-lang": SPEC})
    fig = load_figure(root / "ch" / "t-lang.yaml")
    en, zh = render(fig, "en", theme).ctx, render(fig, "zh", theme).ctx
    assert (en.placed["a"].cx, en.placed["a"].cy) == (100, 100)
    assert (zh.placed["a"].cx, zh.placed["a"].cy) == (300, 50)
    assert en.placed["b"].w == 120 and zh.placed["b"].w == 80
    fills = {lang: [s.paint.fill for s in ctx.scene.items if isinstance(s, Shape) and s.rect == ctx.placed["a"]]
             for lang, ctx in (("en", en), ("zh", zh))}
    assert theme.color("pink") in fills["zh"] and theme.color("pink") not in fills["en"]
    # the figure itself is unchanged: overrides are applied per rendering
    assert fig.node("a").props["at"] == [100, 100] and "lang" in fig.node("a").props


def test_lang_overrides_are_validated_like_node_keys(make_specs):
    from diagrams.errors import DiagramError
    from diagrams.pipeline import load_figure

    root = make_specs({"ch/t-lang": SPEC.replace("fill: pink", "colour: pink")})
    with pytest.raises(DiagramError) as exc:
        load_figure(root / "ch" / "t-lang.yaml")
    assert "colour" in str(exc.value)


def test_a_wrong_value_in_an_override_is_named_from_the_top_of_the_spec(make_specs):
    from diagrams.errors import DiagramError
    from diagrams.pipeline import load_figure

    root = make_specs({"ch/t-lang": SPEC.replace("fill: pink", "fill: 3")})
    with pytest.raises(DiagramError) as exc:
        load_figure(root / "ch" / "t-lang.yaml")
    assert "nodes.a.lang.zh.fill must be a colour name" in str(exc.value)
    assert ":6:" in str(exc.value)           # the line of node a


TABLE = """\
id: t-table
chapter: ch
title: {en: Test, zh: 测试}
layout: free
nodes:
  t:
    component: table
    at: [100, 50]
    data:
      values:
        - {at: [0, 0], values: {en: [ocolate, b], zh: [用, 乙]}}
      styles:
        - {cells: [[0, 0]], font_size: {en: 11, zh: 19}}
"""


def test_table_data_may_differ_per_language(make_specs, theme):
    from diagrams.pipeline import load_figure, render
    from diagrams.scene import TextItem

    root = make_specs({"ch/t-table": TABLE})
    fig = load_figure(root / "ch" / "t-table.yaml")
    for lang, first, size in (("en", "ocolate", 11), ("zh", "用", 19)):
        texts = [t for t in render(fig, lang, theme).ctx.scene.texts if isinstance(t, TextItem)]
        assert [t.text for t in texts] == [first, {"en": "b", "zh": "乙"}[lang]]
        assert texts[0].size == size
