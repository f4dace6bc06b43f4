"""Block-arrow head length and split, the circular arrow, elbow_at forks, edges meeting brackets,
label alignment, and the faces glyph."""
import math
import re

import pytest

from diagrams import icons
from diagrams.layout.edges import route
from diagrams.layout.shapes import block_arrow, circular_arrow, outline
from diagrams.model import Edge
from diagrams.pipeline import load_figure, render
from diagrams.scene import Paint, Rect, TextItem
from diagrams.theme import load_theme

NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _subpaths(d):
    out = []
    for sub in re.findall(r"M[^M]*", d):
        vals = [float(v) for v in NUM.findall(sub)]
        out.append(list(zip(vals[0::2], vals[1::2])))
    return out


# ---------------------------------------------------------------- block arrow
def test_head_ratio_sets_the_head_length():
    r = Rect(0, 0, 400, 40)
    (pts,) = _subpaths(block_arrow(r, "right", head_ratio=0.5))
    # the head's base sits 0.5 × thickness from the tip
    assert (380.0, 0.0) in pts and (400.0, 20.0) in pts
    (pts,) = _subpaths(block_arrow(r, "right"))
    assert (364.0, 0.0) in pts      # default 0.9 × 40


def test_split_cuts_a_gap_across_the_middle_of_a_double_arrow():
    r = Rect(0, 0, 400, 40)
    left, right = _subpaths(block_arrow(r, "both", head_ratio=0.5, split=6))
    assert max(x for x, _ in left) == pytest.approx(197)
    assert min(x for x, _ in right) == pytest.approx(203)
    # each half keeps its head; the tips are the arrow's ends
    assert (0.0, 20.0) in left and (400.0, 20.0) in right
    # the cut runs across the full shaft (y from 10 to 30)
    assert {y for x, y in left if x == pytest.approx(197)} == {10.0, 30.0}


def test_split_of_a_one_headed_vertical_arrow():
    halves = _subpaths(block_arrow(Rect(0, 0, 40, 300), "down", split=10))
    assert len(halves) == 2
    top, bottom = halves
    assert max(y for _, y in top) < min(y for _, y in bottom)
    assert max(y for _, y in bottom) == pytest.approx(300)


# ------------------------------------------------------------ circular arrow
def _arc_ends(d):
    m = re.match(r"M(-?[\d.]+) (-?[\d.]+)A[\d.]+ [\d.]+ 0 (\d) (\d) (-?[\d.]+) (-?[\d.]+)", d)
    x0, y0, large, sweep, x1, y1 = m.groups()
    return (float(x0), float(y0)), (float(x1), float(y1)), int(large), int(sweep)


@pytest.mark.parametrize("direction, sweep", [("left", 0), ("right", 1)])
def test_circular_arrow_is_a_mirrored_open_arc_with_a_chevron(direction, sweep):
    r = Rect(0, 0, 100, 100)
    shapes = circular_arrow(r, Paint(stroke="#C0BFDE", stroke_width=4), direction)
    arc, head = shapes
    p0, p1, large, sw = _arc_ends(arc.d)
    assert large == 1 and sw == sweep
    # both ends on the circle
    for x, y in (p0, p1):
        assert math.hypot(x - 50, y - 50) == pytest.approx(44, abs=0.02)
    # the head is upper-left (left) or upper-right (right) and the tail lower on the same side
    assert p1[1] < 50 and p0[1] > 50
    assert (p1[0] < 50) == (direction == "left")
    # the chevron's point is the arc's end, its wings lie on the far side of the direction of travel
    pts = _subpaths(head.d)[0]
    assert pts[1] == pytest.approx(p1, abs=0.02)
    assert head.paint.fill in (None, "none") and head.linecap == "round"


def test_circular_arrow_dash_part_splits_the_arc():
    r = Rect(0, 0, 100, 100)
    shapes = outline("circular-arrow", r, Paint(stroke="#000000", stroke_width=3, dash="5 4"),
                     direction="left", dash_part=0.5)
    dashed, solid, head = shapes
    assert dashed.paint.dash and not solid.paint.dash and not head.paint.dash
    # the dashed half ends where the solid half starts
    assert _arc_ends(dashed.d)[1] == _arc_ends(solid.d)[0]
    # dashes scale with the stroke
    assert dashed.paint.dash == "6 9"
    all_dashed = outline("circular-arrow", r, Paint(stroke="#000000", stroke_width=3, dash="5 4"), direction="left")
    assert len(all_dashed) == 2 and all_dashed[0].paint.dash


# ------------------------------------------------------------ elbow_at / fork
def test_elbow_at_places_the_middle_segment():
    a, b = Rect(500, 0, 100, 100), Rect(0, 300, 100, 100)
    e = Edge("a", "b", {"route": "elbow", "exit": "left", "enter": "right", "elbow_at": 1, "bend": 30}, [])
    pts, kind = route(e, a, b)
    assert kind == "line"
    assert pts == [(500, 50), (130, 50), (130, 350), (100, 350)]
    # default: half way
    e = Edge("a", "b", {"route": "elbow", "exit": "left", "enter": "right"}, [])
    assert route(e, a, b)[0][1] == (300, 50)
    # vertical elbows too
    e = Edge("a", "b", {"route": "elbow", "exit": "bottom", "enter": "top", "elbow_at": 0.25}, [])
    assert route(e, a, b)[0][1] == (550, 150)


def test_attach_moves_the_end_to_the_bracket_only_on_that_side():
    a, b = Rect(500, 0, 100, 100), Rect(0, 300, 100, 100)
    e = Edge("a", "b", {"route": "elbow", "exit": "left", "enter": "right"}, [])
    pts, _ = route(e, a, b, {"left": 7}, {"right": 7, "left": 7})
    assert pts[0] == (493, 50) and pts[-1] == (107, 350)
    # a top exit is untouched by a left bracket
    e = Edge("a", "b", {"exit": "bottom", "enter": "right", "route": "elbow"}, [])
    assert route(e, a, b, {"left": 7})[0][0] == (550, 100)


FORK = """\
id: fig
chapter: ch
title: {en: Fork, zh: 分叉}
gap: [60, 120]
nodes:
  src: {text: Source, size: [160, 100], bracket: left, at: [1, 0]}
  l: {text: L, size: [120, 80], bracket: right, at: [0, 1]}
  r: {text: R, size: [120, 80], bracket: left, at: [1, 1]}
edges:
  - {from: src, to: l, route: elbow, exit: left, enter: right, elbow_at: 1, bend: 20,
     label: {text: "Copy\\nall", align: left, at: 0.2}}
  - {from: src, to: r, route: elbow, exit: left, enter: left, bend: 20}
"""


def test_a_fork_from_a_bracket(make_specs):
    specs = make_specs({"ch/fig": FORK})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    src, l, r = ctx.placed["src"], ctx.placed["l"], ctx.placed["r"]
    assert ctx.attach["src"] == {"left": 7} and ctx.attach["l"] == {"right": 7}
    paths = [it for it in ctx.scene.items if getattr(it, "kind", None) == "path" and it.paint.stroke == "#000000"
             and "H" not in (it.d or "")]
    starts = {_subpaths(p.d)[0][0] for p in paths if _subpaths(p.d)[0][0][0] == pytest.approx(src.x - 7)}
    # both branches leave the same point on the bracket
    assert starts == {(src.x - 7, src.cy)}
    # the label lines are left-aligned
    lines = [t for t in ctx.scene.texts if isinstance(t, TextItem) and t.text in ("Copy", "all")]
    assert len(lines) == 2 and lines[0].anchor == lines[1].anchor == "start" and lines[0].x == lines[1].x


# ------------------------------------------------------------------- glyph
def test_faces_glyph_is_known_and_draws_two_white_faces():
    assert icons.known("faces")
    item = icons.icon_item("faces", Rect(0, 0, 48, 48), "#000000")
    assert item.markup.count('fill="#FFFFFF"') == 2
    assert "<script" not in item.markup and "href" not in item.markup
    assert item.box == Rect(0, 0, 48, 48)


CAPTION = """\
id: fig
chapter: ch
title: {en: Caption, zh: 标题}
nodes:
  a: {text: A, size: [100, 60], caption: Wide, caption_size: 20, caption_gap: 30, at: [0, 0]}
  b: {text: B, size: [100, 60], caption: Near, caption_size: 20, at: [1, 0]}
  c: {text: C, size: [100, 60], caption: Over, caption_size: 20, caption_gap: 0, caption_at: top, at: [2, 0]}
"""


def test_caption_gap_sets_the_distance_to_the_caption(make_specs):
    specs = make_specs({"ch/fig": CAPTION})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    cap = {t.text: t for t in ctx.scene.texts if isinstance(t, TextItem) and t.text in ("Wide", "Near", "Over")}
    a, b, c = ctx.placed["a"], ctx.placed["b"], ctx.placed["c"]
    assert cap["Wide"].size == 20
    # 30 px instead of the default 8 between the shape and the caption
    assert (cap["Wide"].y - a.bottom) - (cap["Near"].y - b.bottom) == pytest.approx(22)
    # a caption over the shape with no gap: its line box ends where the shape starts
    ascent = cap["Near"].y - b.bottom - 8          # baseline below the top of the caption's line box
    line_height = 20 * 1.3
    assert c.y - cap["Over"].y == pytest.approx(line_height - ascent, abs=0.01)
