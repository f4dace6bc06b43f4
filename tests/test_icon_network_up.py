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
    assert xs == [3.2, 12.0, 20.8]


def _radius(svg):
    r = float(re.search(r'<circle [^>]*r="([\d.]+)"', svg).group(1))
    stroke = float(re.search(r'stroke-width="([\d.]+)"', svg).group(1))
    return r + stroke / 2          # outside the outline


def test_network_is_a_clean_lattice():
    """No two node circles overlap (outlines included) and a clear gap separates neighbours; the three layers are
    evenly spaced, each layer's nodes evenly spaced, and the proportions are the originals' (layer step 1.1 x the
    row step, node 0.75 x the row step across)."""
    for name in ("network", "network-up"):
        svg = icons.GLYPHS[name]("#000000")
        pts = _circles(svg)
        outer = _radius(svg)
        assert len(pts) == 6
        for i, (x0, y0) in enumerate(pts):
            assert outer <= x0 <= 24 - outer and outer <= y0 <= 24 - outer     # inside the 24 box
            for x1, y1 in pts[i + 1:]:
                gap = ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5 - 2 * outer
                assert gap >= 1.5, (name, (x0, y0), (x1, y1), gap)
    pts = _circles(icons.GLYPHS["network"]("#000000"))
    layers = {}
    for x, y in pts:
        layers.setdefault(x, []).append(y)
    xs = sorted(layers)
    assert [len(layers[x]) for x in xs] == [3, 2, 1]
    layer_step = xs[1] - xs[0]
    assert xs[2] - xs[1] == layer_step
    ys = sorted(layers[xs[0]])
    row_step = ys[1] - ys[0]
    assert ys[2] - ys[1] == row_step
    assert sorted(layers[xs[1]]) == [ys[0] + row_step / 2, ys[1] + row_step / 2]     # offset half a step
    assert layer_step / row_step == 1.1
    assert 2 * _radius(icons.GLYPHS["network"]("#000000")) / row_step == 0.75


def test_network_links_join_neighbours_only():
    svg = icons.GLYPHS["network"]("#000000")
    links = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"', svg)
    lengths = sorted(((float(a) - float(c)) ** 2 + (float(b) - float(d)) ** 2) ** 0.5 for a, b, c, d in links)
    assert len(links) == 9 and lengths[-1] < 1.5 * lengths[0]
