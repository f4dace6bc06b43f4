"""Elbow edges through via points: every segment axis-aligned, ports level with the first/last via point."""
import pytest

from diagrams.layout.edges import orthogonal, route
from diagrams.model import Edge
from diagrams.scene import Rect


def _axis_aligned(pts):
    return all(abs(p[0] - q[0]) < 1e-9 or abs(p[1] - q[1]) < 1e-9 for p, q in zip(pts, pts[1:]))


def test_via_corners_are_kept_and_ports_line_up_with_them():
    a, b = Rect(0, 0, 60, 40), Rect(400, 100, 100, 100)
    e = Edge("a", "b", {"route": "elbow", "exit": "right", "enter": "left", "via": [[200, 10], [200, 150]]}, [])
    pts, kind = route(e, a, b)
    assert kind == "line"
    # leaves a level with the first corner (y=10 lies on a's right side), enters b level with the last (y=150)
    assert pts == [(60, 10), (200, 10), (200, 150), (400, 150)]


def test_corners_are_inserted_between_points_that_are_not_level():
    # exit right, one via point off both axes: go right first, then down to it; arrive at the top side vertically
    pts = orthogonal((0, 0), "right", [(100, 50)], (300, 200), "top")
    assert _axis_aligned(pts)
    assert pts[0] == (0, 0) and pts[-1] == (300, 200)
    assert (100, 50) in pts
    assert pts[1] == (100, 0)                       # the first segment runs along the exit normal
    assert pts[-2][0] == 300                        # the last segment comes straight down into the top side


def test_loop_back_to_the_same_side():
    # out of a right side, up and back into the right side of a box above (a feedback loop)
    pts = orthogonal((100, 300), "right", [(150, 300), (150, 50)], (100, 50), "right")
    assert pts == [(100, 300), (150, 300), (150, 50), (100, 50)]


def test_repeated_and_collinear_points_are_dropped():
    pts = orthogonal((0, 0), "right", [(50, 0), (50, 0), (80, 0), (80, 40)], (120, 40), "left")
    assert pts == [(0, 0), (80, 0), (80, 40), (120, 40)]


def test_explicit_exit_at_wins_over_alignment():
    a, b = Rect(0, 0, 60, 40), Rect(400, 0, 60, 40)
    e = Edge("a", "b", {"route": "elbow", "exit": "right", "enter": "left", "exit_at": 0.25, "via": [[200, 30]]}, [])
    pts, _ = route(e, a, b)
    assert pts[0] == (60, 10)
    assert _axis_aligned(pts)


def test_straight_via_keeps_the_old_polyline():
    a, b = Rect(0, 0, 60, 40), Rect(400, 0, 60, 40)
    e = Edge("a", "b", {"exit": "right", "enter": "left", "via": [[200, 100]]}, [])
    pts, _ = route(e, a, b)
    assert pts == [(60, 20), (200, 100), (400, 20)]
