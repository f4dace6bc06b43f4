"""Chart labels are typeset by matplotlib's mathtext once per process, not once per renderer and draw."""
from pathlib import Path

from diagrams.pipeline import load_figure, render

ROOT = Path(__file__).resolve().parent.parent


def test_rendering_a_chart_figure_again_parses_no_formula_again(theme, monkeypatch):
    from matplotlib import _mathtext

    fig = load_figure(ROOT / "specs" / "policy-optimization" / "ppo-clip.yaml")
    first = render(fig, "en", theme).svg
    parses = []
    original = _mathtext.Parser.parse
    monkeypatch.setattr(_mathtext.Parser, "parse", lambda self, s, *a, **k: parses.append(s) or original(self, s, *a, **k))
    again = render(fig, "en", theme).svg
    assert again == first
    assert parses == []


def test_the_first_render_parses_each_chart_formula_once(theme, monkeypatch):
    from matplotlib import _mathtext

    fig = load_figure(ROOT / "specs" / "policy-optimization" / "ppo-clip.yaml")
    parses = []
    original = _mathtext.Parser.parse
    monkeypatch.setattr(_mathtext.Parser, "parse", lambda self, s, *a, **k: parses.append(s) or original(self, s, *a, **k))
    render(fig, "zh", theme)
    repeated = {s for s in parses if parses.count(s) > 3}
    assert not repeated, f"parsed again and again: {sorted(repeated)[:3]}"
