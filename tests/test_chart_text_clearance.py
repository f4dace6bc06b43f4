"""Chart texts (a spec's `texts`, series tags) never sit on a plotted line: clear_of_lines moves each one that
would the least distance that keeps TEXT_CLEARANCE px from every line (rotated texts by their own rectangle,
grid lines included), and leaves texts that are already clear where the spec put them."""
import math

import pytest

from diagrams.components.chart import TEXT_CLEARANCE, _hits, _plotted_segments, _text_frame, clear_of_lines


def _axes(grid=False):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(400 / 72, 300 / 72), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    if grid:
        ax.grid(True, axis="y")
    return fig, ax


def _gap(ax, ann, renderer):
    """Least distance (px) between the text's rectangle and the plotted segments, by bisection on the pad."""
    segs = _plotted_segments(ax, renderer)
    frame = _text_frame(ann, renderer)
    lo, hi = 0.0, 100.0
    if _hits(frame, segs, 0.0):
        return 0.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if _hits(frame, segs, mid) else (mid, hi)
    return lo


@pytest.mark.parametrize("rotate", [0, 35, -60])
def test_a_text_on_a_curve_is_moved_clear(rotate):
    fig, ax = _axes()
    ax.plot([0, 0.5, 1], [0, 0.7, 1], lw=1.4)
    ann = ax.annotate("P-R Curve", xy=(0.5, 0.7), xytext=(0, 0), textcoords="offset points", ha="center",
                      va="center", rotation=rotate, fontsize=15)
    r = fig.canvas.get_renderer()
    assert _gap(ax, ann, r) == 0.0                      # written on the line
    moves = clear_of_lines(ax, [ann], r, 400, 300)
    assert len(moves) == 1
    assert _gap(ax, ann, r) >= TEXT_CLEARANCE - 0.01
    _, dx, dy = moves[0]
    assert math.hypot(dx, dy) <= 48                     # a nudge, not a jump across the chart


def test_a_clear_text_stays_and_grid_lines_count():
    fig, ax = _axes(grid=True)
    ax.plot([0, 1], [0.1, 0.1])
    far = ax.annotate("far", xy=(0.5, 0.7), ha="center", va="center", fontsize=14)
    on_grid = ax.annotate("high frequency", xy=(0.3, 0.8), ha="left", va="center", fontsize=14)   # a y grid line
    r = fig.canvas.get_renderer()
    before = far.get_window_extent(r)
    moves = clear_of_lines(ax, [far, on_grid], r, 400, 300)
    assert [m[0] for m in moves] == [on_grid]
    assert far.get_window_extent(r).bounds == before.bounds
    assert _gap(ax, on_grid, r) >= TEXT_CLEARANCE - 0.01


def test_moved_texts_keep_off_each_other():
    fig, ax = _axes()
    ax.plot([0, 1], [0.5, 0.5])
    a = ax.annotate("first", xy=(0.5, 0.5), ha="center", va="center", fontsize=14)
    b = ax.annotate("second", xy=(0.52, 0.5), ha="center", va="center", fontsize=14)
    r = fig.canvas.get_renderer()
    clear_of_lines(ax, [a, b], r, 400, 300)
    ea, eb = a.get_window_extent(r), b.get_window_extent(r)
    assert not (ea.x0 < eb.x1 and eb.x0 < ea.x1 and ea.y0 < eb.y1 and eb.y0 < ea.y1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_classification_metrics_texts_clear_of_curves(lang):
    """The ROC and P-R charts: every text and tag keeps TEXT_CLEARANCE from the curves and guides."""
    import glob

    import diagrams.components.chart as C
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    seen = []
    orig = C.clear_of_lines

    def spy(ax, texts, renderer, w, h, pad=C.TEXT_CLEARANCE):
        out = orig(ax, texts, renderer, w, h, pad)
        seen.append([_gap(ax, t, renderer) for t in texts])
        return out

    C.clear_of_lines = spy
    try:
        render(load_figure(glob.glob("specs/*/classification-metrics.yaml")[0]), lang, load_theme())
    finally:
        C.clear_of_lines = orig
    assert len(seen) == 2 and all(g >= TEXT_CLEARANCE - 0.01 for gaps in seen for g in gaps), seen
