"""The circle-times shape (⊗, an elementwise / Hadamard product): a circle with a diagonal cross ending on it."""
import math
import re

import pytest

from diagrams.layout.shapes import outline
from diagrams.scene import Paint, Rect


def test_circle_times_is_a_circle_with_a_diagonal_cross():
    r = Rect(10, 20, 40, 40)
    shapes = outline("circle-times", r, Paint(fill="#FFFFFF", stroke="#112233", stroke_width=2.0))
    assert [s.kind for s in shapes] == ["ellipse", "path"]
    assert shapes[0].rect == r and shapes[0].paint.fill == "#FFFFFF"
    pen = shapes[1].paint
    assert pen.stroke == "#112233" and pen.stroke_width == 2.0
    pts = [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", shapes[1].d)]
    assert len(pts) == 4
    for x, y in pts:  # every end lies on the circle (radius 20 around 30, 40), on a diagonal
        assert math.hypot(x - 30, y - 40) == pytest.approx(20, abs=0.02)
        assert abs(abs(x - 30) - abs(y - 40)) < 0.02
    (a, b), (c, d) = pts[:2], pts[2:]
    assert (b[0] - a[0]) * (b[1] - a[1]) > 0 and (d[0] - c[0]) * (d[1] - c[1]) < 0   # "\" then "/"


def test_circle_times_without_stroke_draws_a_black_cross():
    shapes = outline("circle-times", Rect(0, 0, 10, 10), Paint(fill="#FFFFFF", stroke="none"))
    assert shapes[1].paint.stroke == "#000000"
