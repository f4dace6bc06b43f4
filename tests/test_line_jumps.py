"""Line jumps and rounded corners of edges; the bubble and circle-plus shapes."""
import re

from diagrams.layout.edges import crossings, rounded_d
from diagrams.layout.shapes import bubble_path, outline
from diagrams.scene import Paint, Rect, path_bounds


def test_crossings_finds_proper_crossings_only():
    others = [((50, -10), (50, 10)),      # crosses at x=50
              ((0, 5), (100, 5)),         # parallel: never
              ((100, -5), (100, 5)),      # touches the end point: not a crossing
              ((30, 0), (30, 20))]        # starts on the segment: a T, not a crossing
    assert crossings((0, 0), (100, 0), others, margin=6) == [50.0]


def test_crossings_keep_clear_of_the_ends_and_share_close_hops():
    others = [((3, -10), (3, 10)), ((40, -10), (40, 10)), ((44, -10), (44, 10))]
    assert crossings((0, 0), (100, 0), others, margin=6) == [40.0]


def test_rounded_d_hops_over_earlier_lines():
    d = rounded_d([(0, 0), (100, 0)], hop=5, others=[((50, -20), (50, 20))])
    assert d == "M0 0L45 0A5 5 0 0 1 55 0L100 0"       # rightwards: sweep 1 bulges up (y down)
    d = rounded_d([(100, 0), (0, 0)], hop=5, others=[((50, -20), (50, 20))])
    assert "A5 5 0 0 0 45 0" in d                       # leftwards: still bulges up
    d = rounded_d([(0, 0), (0, 100)], hop=4, others=[((-20, 30), (20, 30))])
    assert "L0 26A4 4 0 0 1 0 34" in d                  # downwards: bulges right


def test_rounded_d_rounds_corners_to_fit():
    d = rounded_d([(0, 0), (0, 100), (10, 100)], corner=12)
    # the radius shrinks to half the short segment (5 px)
    assert d == "M0 0L0 95Q0 100 5 100L10 100"
    assert rounded_d([(0, 0), (50, 0)], corner=8) == "M0 0L50 0"


def test_bubble_tail_hangs_below_near_the_chosen_corner():
    r = Rect(0, 0, 100, 40)
    left = path_bounds(bubble_path(r, 6, "left"))
    right = path_bounds(bubble_path(r, 6, "right"))
    assert left.bottom > r.bottom + 10 and right.bottom > r.bottom + 10
    lowest = lambda d: max(((float(x), float(y)) for x, y in re.findall(r"L(-?[\d.]+) (-?[\d.]+)", d)),
                           key=lambda p: p[1])
    assert lowest(bubble_path(r, 6, "left"))[0] < 30
    assert lowest(bubble_path(r, 6, "right"))[0] > 70


def test_circle_plus_is_a_circle_with_a_cross():
    shapes = outline("circle-plus", Rect(0, 0, 20, 20), Paint(fill="#FFFFFF", stroke="#000000"))
    assert [s.kind for s in shapes] == ["ellipse", "path"]
    assert shapes[1].d == "M0 10H20M10 0V20"
