"""Hatched table cells keep their lines off the cell's text (components/table.py: hatch_around)."""
import pytest

from diagrams.components.bars import hatch_segments
from diagrams.components.table import hatch_around
from diagrams.scene import Rect


def _inside(x, y, box, margin):
    return box.x - margin + 1e-6 < x < box.right + margin - 1e-6 and box.y - margin + 1e-6 < y < box.bottom + margin - 1e-6


def test_segments_avoid_the_box_and_keep_the_rest():
    cell = Rect(0, 0, 60, 60)
    box = Rect(20, 15, 20, 30)
    segs = hatch_segments(cell, 8)
    cut = hatch_around(segs, box, margin=3)
    # no kept segment passes through the grown box: sample points along each
    for xa, ya, xb, yb in cut:
        assert xa + ya == pytest.approx(xb + yb)  # still on a '/' line x + y = k
        for t in [i / 20 for i in range(21)]:
            x, y = xa + t * (xb - xa), ya + t * (yb - ya)
            assert not _inside(x, y, box, 3)
    # total length lost equals the length of the lines inside the grown box
    length = lambda ss: sum(xb - xa for xa, _, xb, _ in ss)
    assert length(cut) < length(segs)
    far = Rect(200, 200, 5, 5)
    assert hatch_around(segs, far) == segs


def test_a_segment_through_the_middle_is_split_in_two():
    seg = [(0.0, 40.0, 40.0, 0.0)]  # the line x + y = 40 across a 40 px cell
    out = hatch_around(seg, Rect(15, 15, 10, 10), margin=0)
    assert out == [(0.0, 40.0, 15.0, 25.0), (25.0, 15.0, 40.0, 0.0)]
