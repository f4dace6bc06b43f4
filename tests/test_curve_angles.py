"""Curved edges: ends placed by angle on a circle's outline, directions by angle, smooth curves through via points."""
import math

import pytest

from diagrams.layout.edges import _d, _segments, ellipse_point, point_at, route, smooth_through
from diagrams.model import Edge
from diagrams.scene import Rect

CIRCLE = Rect(0, 0, 100, 100)       # centre (50, 50), radius 50


def test_ellipse_point_lies_on_the_outline():
    assert ellipse_point(CIRCLE, 0) == pytest.approx((100, 50))
    assert ellipse_point(CIRCLE, 90) == pytest.approx((50, 100))           # clockwise: 90 is down
    x, y = ellipse_point(CIRCLE, 225)
    assert (x, y) == pytest.approx((50 - 50 / math.sqrt(2), 50 - 50 / math.sqrt(2)))
    # an ellipse 200 x 100: (x/100)^2 + (y/50)^2 = 1 at 45 degrees
    x, y = ellipse_point(Rect(0, 0, 200, 100), 45)
    assert ((x - 100) / 100) ** 2 + ((y - 50) / 50) ** 2 == pytest.approx(1)
    assert x - 100 == pytest.approx(y - 50)
    assert ellipse_point(Rect(10, 20, 0, 0), 123) == (10, 20)              # a point node


def test_self_loop_by_angles():
    e = Edge("s", "s", {"route": "curve", "exit_angle": 135, "enter_angle": 225, "bend": 60}, [])
    pts, kind = route(e, CIRCLE, CIRCLE)
    assert kind == "cubic" and len(pts) == 4
    p0, c0, c1, p1 = pts
    assert math.hypot(p0[0] - 50, p0[1] - 50) == pytest.approx(50)
    assert math.hypot(p1[0] - 50, p1[1] - 50) == pytest.approx(50)
    assert p0[1] > 50 > p1[1]                                              # leaves low, comes back high
    # control points 60 px out along the angles
    assert (c0[0] - p0[0], c0[1] - p0[1]) == pytest.approx((-60 / math.sqrt(2), 60 / math.sqrt(2)))
    assert (c1[0] - p1[0], c1[1] - p1[1]) == pytest.approx((-60 / math.sqrt(2), -60 / math.sqrt(2)))
    # the loop bulges to the left of the circle
    assert min(point_at(pts, kind, t / 20)[0][0] for t in range(21)) < 0


def test_side_wins_for_the_position_angle_sets_the_direction():
    a, b = Rect(0, 0, 40, 40), Rect(200, 0, 40, 40)
    e = Edge("a", "b", {"route": "curve", "exit": "top", "exit_angle": 300, "enter": "top", "bend": 10}, [])
    pts, _ = route(e, a, b)
    assert pts[0] == (20, 0)                                                # the top side's middle
    assert (pts[1][0] - 20, pts[1][1]) == pytest.approx((10 * 0.5, -10 * math.sqrt(3) / 2))
    assert pts[2] == pytest.approx((220, -10))                              # the enter side's normal


def test_straight_edge_between_circles_by_angle():
    a, b = Rect(0, 0, 100, 100), Rect(300, 0, 100, 100)
    e = Edge("a", "b", {"exit_angle": -45, "enter_angle": 225}, [])
    pts, kind = route(e, a, b)
    assert kind == "line"
    assert pts[0] == pytest.approx((50 + 50 / math.sqrt(2), 50 - 50 / math.sqrt(2)))
    assert pts[1] == pytest.approx((350 - 50 / math.sqrt(2), 50 - 50 / math.sqrt(2)))


def test_curve_through_via_points_passes_them_smoothly():
    a, b = Rect(0, 0, 0, 0), Rect(200, 0, 0, 0)
    e = Edge("a", "b", {"route": "curve", "exit": "bottom", "enter": "bottom", "via": [[100, 100]]}, [])
    pts, kind = route(e, a, b)
    assert kind == "cubic" and len(pts) == 7
    assert pts[0] == (0, 0) and pts[3] == (100, 100) and pts[6] == (200, 0)
    # the tangent at the via point is parallel to the line joining its neighbours (here horizontal)
    assert pts[2][1] == pytest.approx(100) and pts[4][1] == pytest.approx(100)
    assert pts[4][0] - 100 == pytest.approx(100 - pts[2][0])               # symmetric: C1 through the point
    chord = math.hypot(100, 100)
    assert pts[1] == pytest.approx((0, chord / 3))                        # leaves downwards (bottom normal)
    assert pts[5] == pytest.approx((200, chord / 3))                      # arrives from below
    # path data: one M and two C commands; evaluation hits the via point halfway
    d = _d(pts, kind)
    assert d.count("C") == 2 and d.startswith("M0 0")
    assert point_at(pts, kind, 0.5)[0] == pytest.approx((100, 100))
    assert len(_segments(pts, kind)) == 32


def test_smooth_through_bend_sets_the_end_controls():
    pts = smooth_through([(0, 0), (50, 50), (100, 0)], (0, 1), (0, 1), bend=30)
    assert pts[1] == (0, 30) and pts[5] == (100, 30)


def test_schema_accepts_the_angle_keys():
    import json
    from pathlib import Path

    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "diagrams/schema/figure.json").read_text())
    edge = {"$defs": schema["$defs"], **schema["$defs"]["edge"]}
    jsonschema.validate({"from": "a", "to": "a", "route": "curve", "exit_angle": 130, "enter_angle": 230,
                         "via": [[0, 0]]}, edge)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"from": "a", "to": "b", "exit_angle": "left"}, edge)
