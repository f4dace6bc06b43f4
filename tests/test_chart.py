"""The chart component: matplotlib charts embedded as sanitised SVG with real text, prefixed ids, lint boxes,
and curves that are exactly the computed values."""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from diagrams.components import chart
from diagrams.errors import SpecError
from diagrams.lint import lint_scene
from diagrams.numeric import compute
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem, RawItem, TextItem
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Chart, zh: 图表}}
layout: free
nodes:
  p:
    component: chart
    at: [0, 0]
    compute: policy.ppo_clip
    args: {{advantage: 1.0, epsilon: 0.2, r_min: 0, r_max: 2, num: 201}}
    data:
{data}
"""

PPO = """\
      size: [500, 300]
      margins: [60, 20, 40, 50]
      frame: arrows
      x: {label: {en: Probability ratio, zh: 概率比}, lim: [0, 2], ticks: [clipped.0, 1, clipped.-1]}
      y: {label: {en: Objective, zh: 目标}, lim: [0, 1.5], ticks: [0, 1]}
      series:
        - {x: ratio, y: objective, color: purple, label: {en: PPO objective, zh: PPO目标}}
        - {x: ratio, y: unclipped, color: cyan, dash: dotted}
      texts:
        - {text: "$\\\\eta_t$", at: [1.5, 1.3]}
      legend: {at: upper left}
"""


def _render(make_specs, data=PPO, lang="en", fid="fig", extra=""):
    specs = make_specs({f"ch/{fid}": SPEC.format(data=data).replace("id: fig", f"id: {fid}") + extra})
    return render(load_figure(specs / "ch" / f"{fid}.yaml"), lang, load_theme())


def _raw(ctx) -> RawItem:
    (raw,) = [it for it in ctx.scene.items if isinstance(it, RawItem)]
    return raw


def _points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML] ?(-?[\d.]+) (-?[\d.]+)", d)]


def test_words_are_real_text_and_markup_is_slide_safe(make_specs):
    r = _render(make_specs, lang="zh")
    markup = _raw(r.ctx).markup
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{markup}</svg>')
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"style", "script", "metadata", "foreignObject", "image", "pattern", "use"}
    texts = ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"概率比", "目标", "PPO目标", "1"} <= set(texts)
    stack = load_theme().fonts["stack"]
    for el in root.iter("{http://www.w3.org/2000/svg}text"):
        assert el.get("font-family") == stack
    for el in root.iter():
        assert "style" not in el.attrib
        for name, value in el.attrib.items():
            assert not re.search(r"url\((?!#)", value)
            assert not name.endswith("href")
    # the formula is typeset by the engine (outlines), not left to matplotlib's text
    assert any(isinstance(it, MathItem) for it in r.ctx.scene.items)
    assert "η" not in markup


def test_ids_are_prefixed_per_figure_and_node_and_references_resolve(make_specs):
    a = _raw(_render(make_specs, fid="one").ctx).markup
    b = _raw(_render(make_specs, fid="two").ctx).markup
    ids_a = re.findall(r' id="([^"]+)"', a)
    ids_b = re.findall(r' id="([^"]+)"', b)
    assert ids_a and all(i.startswith("chart-one-p") for i in ids_a)
    assert all(i.startswith("chart-two-p") for i in ids_b)
    assert not set(ids_a) & set(ids_b)
    for ref in re.findall(r"url\(#([^)]+)\)", a):
        assert ref in ids_a


def test_rendering_is_deterministic(make_specs):
    first = _render(make_specs).svg
    second = _render(make_specs).svg
    assert first == second
    assert "Date" not in first and "matplotlib" not in first.lower()


def test_objective_path_passes_through_the_computed_points(make_specs):
    r = _render(make_specs)
    markup = _raw(r.ctx).markup
    m = re.search(r'<g id="chart-fig-p-s0"[^>]*>\s*<path d="([^"]+)"', markup)
    assert m, "the first series keeps its prefixed id"
    pts = _points(m.group(1))
    res = compute("policy.ppo_clip", {"advantage": 1.0, "epsilon": 0.2, "r_min": 0, "r_max": 2, "num": 201})
    assert len(pts) == len(res["ratio"]) == 201          # every computed point, none simplified away
    W, H, (left, top, right, bottom) = 500, 300, (60, 20, 40, 50)
    for (px, py), x, y in zip(pts, res["ratio"], res["objective"]):
        assert px == pytest.approx(left + x / 2 * (W - left - right), abs=0.01)
        assert py == pytest.approx(top + (1 - y / 1.5) * (H - top - bottom), abs=0.01)
    # the kinks of min(rA, clip(r)A) at r = 1 ± ε are vertices of the path
    kinks = {(round(left + x / 2 * (W - left - right), 2)) for x in (0.8, 1.2)}
    assert kinks <= {round(px, 2) for px, _ in pts}


def test_text_boxes_are_registered_for_lint_and_collisions_are_found(make_specs):
    r = _render(make_specs)
    texts = [t for t in r.ctx.scene.texts if isinstance(t, TextItem)]
    assert {"Probability ratio", "Objective", "PPO objective"} <= {t.text for t in texts}
    raw = _raw(r.ctx)
    for t in texts:
        assert raw.box.contains(t.box, 1)
    assert lint_scene(r.ctx.scene, load_theme()) == []
    # (two texts off the curves: texts written on a plotted line are moved apart by clear_of_lines)
    clash = PPO.replace("texts:\n", "texts:\n        - {text: Overlap, at: [1.0, 0.2]}\n        - {text: Overlap, at: [1.02, 0.2]}\n")
    problems = lint_scene(_render(make_specs, clash).ctx.scene)
    assert any("collides" in p and "Overlap" in p for p in problems)


def test_node_parts_are_offered_to_edges(make_specs):
    data = PPO + "      parts: {kink: [1.2, 1.2]}\n"
    r = _render(make_specs, data)
    placed = r.ctx.placed
    assert {"p.axes", "p.xlabel", "p.ylabel", "p.kink"} <= set(placed)
    kink = placed["p.kink"]
    raw = _raw(r.ctx).box
    assert kink.cx - raw.x == pytest.approx(60 + 0.6 * 400, abs=0.01)
    assert kink.cy - raw.y == pytest.approx(20 + (1 - 1.2 / 1.5) * 230, abs=0.01)


def test_series_compute_range_args_and_bars(make_specs):
    data = """\
      size: [400, 260]
      margins: [50, 20, 20, 40]
      x: {lim: [0, 8]}
      y: {lim: [-1.1, 1.1]}
      series:
        - {compute: rope.waves, args: {positions: {range: [0, 8, 0.5]}, dims: [0]}, x: positions, y: cos.0}
        - {kind: bar, x: [1, 2], y: [0.5, 0.8], colors: [sky, pink]}
        - {kind: hline, y: 0, dash: dotted}
"""
    markup = _raw(_render(make_specs, data).ctx).markup
    m = re.search(r'<g id="chart-fig-p-s0"[^>]*>\s*<path d="([^"]+)"', markup)
    pts = _points(m.group(1))
    assert len(pts) == 17                                    # 0, 0.5, …, 8
    expected = np.cos(np.arange(17) * 0.5)
    ys = [20 + (1.1 - y) / 2.2 * 200 for y in expected]
    assert [p[1] for p in pts] == pytest.approx(ys, abs=0.01)
    theme = load_theme()
    assert f'fill="{theme.color("sky")}"' in markup and f'fill="{theme.color("pink")}"' in markup


@pytest.mark.parametrize("data, message", [
    ("      colour: red\n", "unknown key 'colour'"),
    ("      series:\n        - {x: ratio, y: objectiv}\n", "'objectiv' is not in the computation's result"),
    ("      series:\n        - {kind: pie, y: [1, 2]}\n", "unknown series kind 'pie'"),
    ("      frame: boxed\n", "unknown chart frame"),
    ("      series:\n        - {x: [1, 2, 3], y: [1, 2]}\n", "3 x values and 2 y values"),
    ("      x: {ticks: [0, 1], tick_labels: [a]}\n", "1 labels for 2 ticks"),
    ("      texts:\n        - {text: \"$x$\", at: [1, 1], rotate: 90}\n", "rotated and contains math"),
    ("      series:\n        - {y: [1, 2], dash: wavy}\n", "unknown dash 'wavy'"),
    ("      series:\n        - {y: [1, 2], color: mauve}\n", "unknown colour 'mauve'"),
])
def test_mistakes_are_spec_errors(make_specs, data, message):
    with pytest.raises(SpecError, match=re.escape(message)):
        _render(make_specs, data)


def test_range_expansion():
    assert chart._expand({"positions": {"range": [0, 2, 0.5]}, "k": 1}) == {"positions": [0, 0.5, 1.0, 1.5, 2.0], "k": 1}
    assert chart._expand({"range": [0, 3, 1]}) == [0, 1, 2, 3]
    with pytest.raises(SpecError):
        chart._expand({"range": [0, 3, 0]})
    with pytest.raises(SpecError):
        chart._expand({"range": [0, 1e6, 1]})


def test_sanitizer_converts_styles_inlines_uses_and_prefixes_ids():
    svg = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
      <defs><style type="text/css">*{stroke-linejoin: round}</style></defs>
      <metadata>junk</metadata>
      <g id="figure_1">
        <defs><path id="m1" d="M 0 0 L 0 3.5" style="stroke: #000000; stroke-width: 0.8"/></defs>
        <use xlink:href="#m1" x="10.123456" y="20" style="stroke: #7f7f7f"/>
        <use xlink:href="http://evil.example/x.svg#a" x="1" y="1"/>
        <path d="M 1 2 L 3 4" clip-path="url(#p1)" style="fill: none; stroke: #ff0000; stroke-width: 2"/>
        <path d="M 0 0" style="fill: url(http://evil.example/p)"/>
        <text style="font-size: 10px; font-family: 'DejaVu Sans'; text-anchor: middle" x="5" y="6"
              transform="rotate(-0 5 6)">hi &amp; bye</text>
        <g id="t9"><text x="1" y="1">dropped</text></g>
        <image href="x.png"/>
        <script>alert(1)</script>
      </g>
      <defs><clipPath id="p1"><rect x="0" y="0" width="10" height="10"/></clipPath></defs>
    </svg>"""
    out = chart.sanitize_svg(svg, "chart-a-b", "'Stack', sans-serif", drop={"t9"})
    assert "<style" not in out and "<metadata" not in out and "<script" not in out and "<image" not in out
    assert "style=" not in out and "evil" not in out and "dropped" not in out
    assert '<path d="M 0 0 L 0 3.5" stroke="#7F7F7F" stroke-width="0.8" transform="translate(10.12 20)"' in out
    assert 'clip-path="url(#chart-a-b-p1)"' in out and '<clipPath id="chart-a-b-p1">' in out
    assert 'font-family="\'Stack\', sans-serif"' in out and 'font-size="10"' in out and "rotate" not in out
    assert ">hi &amp; bye</text>" in out
    ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{out}</svg>')     # well-formed


def test_registry_additions():
    grid = compute("lm.softmax_temperature_grid", {"temperatures": [0.5, 2.0], "x_min": -8, "x_max": 8, "num": 321})
    dx = grid["x"][1] - grid["x"][0]
    for t, p, dens in zip(grid["temperatures"], grid["probs"], grid["density"]):
        assert sum(p) == pytest.approx(1.0)
        assert max(dens) == pytest.approx(1 / np.sqrt(2 * np.pi * t), rel=1e-3)    # a normal density, variance T
        assert dens == pytest.approx([v / dx for v in p])
    waves = compute("rope.waves", {"head_dim": 8, "base": 100, "positions": [0, 1, 2.5], "dims": [0, 5]})
    assert waves["i"] == [0, 2]
    assert waves["theta"] == pytest.approx([1.0, 100 ** -0.5])
    assert waves["period"] == pytest.approx([2 * np.pi, 2 * np.pi * 10])
    assert waves["cos"][1] == pytest.approx(np.cos(np.array([0, 1, 2.5]) * 0.1).tolist())
    table = compute("rope.table", {"head_dim": 8, "base": 100, "positions": [2], "dims": [5]})
    assert waves["alpha"][1][1] * 2 == pytest.approx(table["alpha"][0][0])


def _parts_chart(first: str) -> str:
    return PPO.replace('        - {text: "$\\\\eta_t$", at: [1.5, 1.3]}',
                       '        - {at: [0.2, 1.3], align: left, parts: [{text: "' + first + '", color: purple},\n'
                       '                                               {text: "$= \\\\min(a, b)$", color: cyan}]}').replace("legend: {at: upper left}", "legend: {at: lower right}")


def _math_boxes(ctx):
    return sorted((m for m in ctx.scene.items if isinstance(m, MathItem)), key=lambda m: m.box.x)


@pytest.mark.parametrize("first", ["$\\\\eta_t$", "$\\\\eta_t^{\\\\mathrm{clip}}$"])
def test_a_text_in_parts_sets_each_part_after_the_one_before(make_specs, first):
    ctx = _render(make_specs, _parts_chart(first)).ctx
    head, tail = [m for m in _math_boxes(ctx) if m.color in (ctx.color("purple"), ctx.color("cyan"))]
    assert head.color == ctx.color("purple") and tail.color == ctx.color("cyan")
    gap = tail.box.x - head.box.right
    assert 0 < gap < 0.6 * 17           # beside it, a space apart: a longer first part moves the second along
    assert abs(head.box.cy - tail.box.cy) < 3      # on one line
    assert not lint_scene(ctx.scene)


def test_a_text_with_both_text_and_parts_is_refused(make_specs):
    data = PPO.replace('        - {text: "$\\\\eta_t$", at: [1.5, 1.3]}',
                       '        - {text: x, at: [1, 1], parts: [{text: y}]}')
    with pytest.raises(SpecError, match="either `text` or `parts"):
        _render(make_specs, data)
