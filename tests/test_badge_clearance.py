"""Circled step numbers (outlined badges, style: step) stand clear of every edge line: the label placer keeps
half the line's stroke, half the badge's outline and BADGE_AIR between a badge and any segment, also between
closely stacked parallel edges (full-recomputation's four a1 → a2 passes)."""
import pytest

from diagrams.layout.labels import BADGE_AIR
from diagrams.pipeline import load_figure, render
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {en: Badges, zh: 步骤}
layout: auto
nodes:
  a: {text: "Activation\\n1", padding: [28, 60]}
  b: {text: "Activation\\n2", padding: [28, 60]}
  c: {text: "Gradient\\n1", padding: [28, 40]}
place:
  - {row: [a, b], gap: 120}
  - {below: c, of: a, gap: 150}
  - {align: [a, c], on: center}
edges:
  - {from: a, to: b, width: 2, label: {style: step, text: "⑧"}}
  - {from: a, to: b, width: 2, label: {style: step, text: "⑦"}}
  - {from: a, to: b, width: 2, label: {style: step, text: "⑥"}}
  - {from: a, to: b, width: 2, label: {style: step, text: "②"}}
  - {from: a, to: c, width: 3, label: {style: step, text: "⑨"}}
"""


def _dist_rect_segment(r, p, q, steps=200):
    """Least distance between a rectangle and a segment (sampled finely along the segment)."""
    best = float("inf")
    for i in range(steps + 1):
        x = p[0] + (q[0] - p[0]) * i / steps
        y = p[1] + (q[1] - p[1]) * i / steps
        dx = max(r.x - x, 0.0, x - r.right)
        dy = max(r.y - y, 0.0, y - r.bottom)
        best = min(best, (dx * dx + dy * dy) ** 0.5)
    return best


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_step_badges_keep_clear_of_every_line(make_specs, lang):
    specs = make_specs({"ch/fig": SPEC})
    theme = load_theme()
    fig = load_figure(specs / "ch" / "fig.yaml")
    ctx = render(fig, lang, theme).ctx
    badge_stroke = float(theme.style("step").get("stroke_width", 1.0))
    widths = [float(e.get("width", 1.2)) for e in fig.edges]
    badges = [r for r, on_line, _ in ctx.labels if not on_line]
    assert len(badges) == 5
    for r in badges:
        for k, path in enumerate(ctx.edge_paths):
            need = widths[k] / 2 + badge_stroke / 2 + BADGE_AIR - 0.05
            for p, q in zip(path.points, path.points[1:]):
                assert _dist_rect_segment(r, p, q) >= need, (r, k)
    # and the badges do not overlap one another
    for i, r in enumerate(badges):
        for s in badges[i + 1:]:
            assert not r.intersects(s)


def test_badges_stand_clear_in_a_free_layout_too(make_specs):
    """Without the auto layout's placer (layout: free), a badge beside its edge still keeps the clearance."""
    spec = """\
id: fig
chapter: ch
title: {en: Badges, zh: 步骤}
layout: free
nodes:
  a: {text: A, size: [60, 40], at: [50, 50]}
  b: {text: B, size: [60, 40], at: [300, 50]}
  c: {text: C, size: [60, 40], at: [50, 250]}
edges:
  - {from: a, to: b, width: 3, label: {style: step, text: "①"}}
  - {from: a, to: c, width: 2, label: {style: step, text: "②"}}
"""
    specs = make_specs({"ch/fig": spec})
    theme = load_theme()
    fig = load_figure(specs / "ch" / "fig.yaml")
    ctx = render(fig, "en", theme).ctx
    badge_stroke = float(theme.style("step").get("stroke_width", 1.0))
    badges = [r for r, on_line, _ in ctx.labels]
    assert len(badges) == 2
    for r in badges:
        for k, path in enumerate(ctx.edge_paths):
            need = float(fig.edges[k].get("width")) / 2 + badge_stroke / 2 + BADGE_AIR - 0.05
            for p, q in zip(path.points, path.points[1:]):
                assert _dist_rect_segment(r, p, q) >= need
