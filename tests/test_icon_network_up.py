"""The `network-up` domain glyph: the 3-2-1 net turned into a pyramid (three nodes at the bottom, one on top)."""
import re

from diagrams import icons


def _circles(svg):
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]


def test_network_up_is_known_and_a_pyramid():
    assert icons.known("network-up")
    pts = _circles(icons.GLYPHS["network-up"]("#000000"))
    assert len(pts) == 6
    rows = {}
    for x, y in pts:
        rows.setdefault(y, []).append(x)
    # three rows: 1 node on top, 2 in the middle, 3 at the bottom (y grows downwards)
    counts = [len(rows[y]) for y in sorted(rows)]
    assert counts == [1, 2, 3]
    # the apex sits centred over the base
    base = sorted(rows[max(rows)])
    assert rows[min(rows)][0] == (base[0] + base[-1]) / 2


def test_network_left_to_right_unchanged():
    pts = _circles(icons.GLYPHS["network"]("#000000"))
    xs = sorted({x for x, _ in pts})
    assert xs == [4.0, 11.5, 19.5]
