"""The square-bracket shape: a spine on one side of the node, both arms pointing at its opening."""
import re

import pytest

from diagrams.layout.shapes import outline, square_bracket
from diagrams.scene import Paint, Rect


def _points(d):
    """Absolute points of an M/V/H path."""
    x = y = 0.0
    pts = []
    for cmd, args in re.findall(r"([MVH])([^MVH]*)", d):
        v = [float(a) for a in args.split()]
        if cmd == "M":
            x, y = v
        elif cmd == "V":
            y = v[0]
        else:
            x = v[0]
        pts.append((x, y))
    return pts


@pytest.mark.parametrize("opening, spine", [
    ("up", [(10, 40), (110, 40)]),       # spine along the bottom, arms up to y=20
    ("down", [(10, 20), (110, 20)]),
    ("left", [(110, 20), (110, 40)]),
    ("right", [(10, 20), (10, 40)]),
])
def test_spine_sits_opposite_the_opening(opening, spine):
    pts = _points(square_bracket(Rect(10, 20, 100, 20), opening))
    assert len(pts) == 4
    assert pts[1:3] == spine
    # the arm ends lie on the open side
    if opening == "up":
        assert pts[0][1] == pts[3][1] == 20
    if opening == "right":
        assert pts[0][0] == pts[3][0] == 110


def test_outline_draws_an_open_stroked_path():
    shapes = outline("square-bracket", Rect(0, 0, 50, 10), Paint(stroke="#000000", stroke_width=2), direction="up")
    assert len(shapes) == 1
    s = shapes[0]
    assert s.kind == "path" and s.paint.fill in (None, "none") and s.paint.stroke == "#000000"
    assert "Z" not in s.d
