"""Free layout anchors, and straight edges to zero-size point nodes (branch points of lines)."""
import pytest

from diagrams.layout.edges import route
from diagrams.model import Edge
from diagrams.pipeline import load_figure, render
from diagrams.scene import Rect
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {en: Free, zh: 自由}
layout: free
nodes:
  c: {text: Centre, size: [100, 40], at: [200, 100]}
  l: {text: Left, size: [100, 40], anchor: left, at: [200, 200]}
  tr: {text: Corner, size: [100, 40], anchor: top-right, at: [200, 300]}
  p: {shape: none, padding: [0, 0], at: [400, 100]}
edges:
  - {from: c, to: p, arrow: none}
"""


def test_anchor_names_the_point_that_at_gives(make_specs):
    specs = make_specs({"ch/fig": SPEC})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    assert ctx.placed["c"] == Rect(150, 80, 100, 40)
    assert ctx.placed["l"] == Rect(200, 180, 100, 40)
    assert ctx.placed["tr"] == Rect(100, 300, 100, 40)
    assert ctx.placed["p"].w == 0 and ctx.placed["p"].h == 0


def test_straight_edge_to_a_point_node_stays_level():
    box, point = Rect(0, 0, 100, 40), Rect(300, 25, 0, 0)
    pts, kind = route(Edge("a", "b", {}, []), box, point)
    assert kind == "line"
    assert pts == [(100, 25), (300, 25)]
    # and vertical: a point below the box's span
    pts, _ = route(Edge("a", "b", {}, []), box, Rect(30, 200, 0, 0))
    assert pts == [(30, 40), (30, 200)]


def test_edge_between_two_point_nodes_does_not_divide_by_zero():
    pts, _ = route(Edge("a", "b", {}, []), Rect(0, 10, 0, 0), Rect(50, 10, 0, 0))
    assert pts == [pytest.approx((0, 10)), pytest.approx((50, 10))]


def test_point_at_walks_past_a_first_segment_as_long_as_the_last():
    from diagrams.layout.edges import point_at

    # first and last segments have equal length: a point near the end must lie on the last one
    pts = [(0, 0), (50, 0), (50, 200), (100, 200)]
    (x, y), tangent = point_at(pts, "line", 0.9)
    assert (x, y) == pytest.approx((70, 200))
    assert tangent == (50, 0)
    assert point_at(pts, "line", 1.0)[0] == pytest.approx((100, 200))


def test_error_messages_stay_on_one_line():
    from diagrams.errors import SpecError

    msg = str(SpecError("unknown colour 'a\nb\u2028c'", file="f.yaml", line=3, col=2, hint="use a palette name"))
    assert msg.splitlines() == [msg]
    assert msg == "f.yaml:3:2: unknown colour 'a\\nb\\nc' — use a palette name"


def test_offset_nudges_a_node_in_the_free_layout_too(make_specs):
    from conftest import render_nodes

    def box(offset):
        extra = f", offset: {offset}" if offset else ""
        ctx = render_nodes(make_specs, f"a: {{text: Alpha, size: [100, 40], at: [200, 100]{extra}}}\n").ctx
        (rect,) = [s.rect for s in ctx.scene.items if getattr(s, "rect", None) is not None and s.rect.w == 100]
        return rect

    plain, moved = box(None), box("[-9, 14]")
    assert (moved.x - plain.x, moved.y - plain.y) == (-9, 14)
