"""Numbers computed into ordinary nodes (compute/args + {value…}/{args…} placeholders), the delay and polygon
shapes, dashed double edges, and the stacked_bars component."""
import re

import pytest

from conftest import SPECS, rendered
from diagrams.errors import SpecError
from diagrams.layout.templates import fill, has_placeholders, resolve
from diagrams.lint import lint_scene
from diagrams.numeric import compute
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem, Shape, TextItem
from diagrams.theme import load_theme

HEAD = """\
id: fig
chapter: ch
title: {{en: Test, zh: 测试}}
layout: free
nodes:
{body}"""


def _render(make_specs, body, lang="en", edges=""):
    specs = make_specs({"ch/fig": HEAD.format(body=body) + edges})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme()).ctx


def _texts(ctx):
    return [it.text for it in ctx.scene.items if isinstance(it, TextItem)]


# ---------------------------------------------------------------------------------------- placeholders
def test_fill_formats_results_and_args():
    res = {"delta": [0.29134, 0.5], "n": 3}
    assert fill("δ = {value.delta.0:.3f}, n = {value.n}", res, {}, "en") == "δ = 0.291, n = 3"
    assert fill("last {value.delta.-1}", res, {}, "en") == "last 0.5"
    assert fill("γ = {args.gamma}", None, {"gamma": 0.99}, "en") == "γ = 0.99"
    assert fill("{value}", 12.208000000000002, {}, "en") == "12.21"            # 4 significant digits by default
    assert fill("{value:g}", 12.208000000000002, {}, "en") == "12.208"
    assert fill("{value}", 14.0, {}, "en") == "14"                             # whole numbers as integers
    assert fill("{args.word}", None, {"word": {"en": "yes", "zh": "是"}}, "zh") == "是"


def test_tex_groups_are_not_placeholders():
    s = "$G_{t+1} = r_{t} + \\gamma^{n}$ {value:.1f}"
    assert fill(s, 2.0, {}, "en") == "$G_{t+1} = r_{t} + \\gamma^{n}$ 2.0"
    assert not has_placeholders("$x^{value_1}$ and {values} and {t}")
    assert has_placeholders("$= {value.0}$")


@pytest.mark.parametrize("template, result, message", [
    ("{value.nope}", {"delta": [1]}, "names 'nope'"),
    ("{value.delta.5}", {"delta": [1, 2]}, "index 5 is out of range"),
    ("{value.delta}", {"delta": [1, 2]}, "is a list, not a number"),
    ("{value:.2f}", None, "needs a computation"),
    ("{args.w:.2f}", None, "formats a text"),
])
def test_fill_errors_say_what_is_wrong(template, result, message):
    with pytest.raises(SpecError, match=message):
        fill(template, result, {"w": "text"}, "en")


def test_resolve_reaches_results_and_args():
    assert resolve("estimates.2", {"estimates": [6, 7, 8]}, {}) == 8
    assert resolve("args.reward", None, {"reward": 1}) == 1
    with pytest.raises(SpecError, match="needs a computation"):
        resolve("estimates.0", None, {})


def test_node_text_is_filled_from_its_computation(make_specs):
    body = """\
  g: {text: "$G_0$ = {args.rewards.0}+{args.rewards.1} = {value.0}", compute: returns.to_go,
      args: {rewards: [4, 3], gamma: 1}, style: plain, at: [100, 50]}
  c: {text: box, caption: "mean {value.estimate:.2f}", compute: returns.mc_value, args: {returns: [2.1, 4.9, 1.9]},
      at: [300, 50]}
"""
    texts = " ".join(_texts(_render(make_specs, body)))
    assert "= 4+3 = 7" in texts
    assert "mean 2.97" in texts


def test_placeholders_inside_math_are_typeset(make_specs):
    body = '  g: {text: "$x = {value:.3f}$", compute: returns.mc_estimate, args: {sampled_returns: [1, 2]}, at: [50, 50]}\n'
    ctx = _render(make_specs, body)
    assert any(isinstance(it, MathItem) for it in ctx.scene.items)
    assert not any("{" in t for t in _texts(ctx))


def test_bilingual_args_give_each_language_its_numbers(make_specs):
    body = '  g: {text: "{args.n}", args: {n: {en: 1, zh: 2}}, style: plain, at: [50, 50]}\n'
    assert "1" in _texts(_render(make_specs, body, "en"))
    assert "2" in _texts(_render(make_specs, body, "zh"))


def test_a_placeholder_without_a_computation_is_an_error(make_specs):
    body = '  g: {text: "G = {value}", style: plain, at: [50, 50]}\n'
    with pytest.raises(SpecError, match="computes nothing"):
        _render(make_specs, body)


def test_a_bad_path_is_located_at_the_node(make_specs):
    body = '  g: {text: "{value.9}", compute: returns.to_go, args: {rewards: [1, 2]}, at: [50, 50]}\n'
    with pytest.raises(SpecError) as exc:
        _render(make_specs, body)
    assert "index 9 is out of range" in str(exc.value) and exc.value.line == 6


def test_nodes_without_placeholders_are_untouched(make_specs):
    body = '  g: {text: "$G_{t}$ {plain}", compute: returns.to_go, args: {rewards: [1]}, style: plain, at: [50, 50]}\n'
    assert "{plain}" in " ".join(_texts(_render(make_specs, body)))


# ---------------------------------------------------------------------------------------- shapes and edges
def _paths(ctx):
    return [it for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "path"]


def test_delay_shape_is_flat_left_and_round_right(make_specs):
    body = "  a: {shape: delay, fill: pink, size: [80, 50], at: [100, 100]}\n"
    ctx = _render(make_specs, body)
    r = ctx.placed["a"]
    d = _paths(ctx)[0].d
    assert d.startswith(f"M{r.x:g} {r.y:g}") and "A25 25 0 0 1" in d
    left = _render(make_specs, "  a: {shape: delay, direction: left, size: [80, 50], at: [100, 100]}\n")
    assert _paths(left)[0].d.startswith(f"M{r.right:g} {r.y:g}")


def test_polygon_corners_are_fractions_of_the_box(make_specs):
    body = "  t: {shape: polygon, points: [[0, 0], [0, 1], [1, 1]], fill: sky, size: [200, 100], at: [100, 50]}\n"
    ctx = _render(make_specs, body)
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", _paths(ctx)[0].d)]
    assert nums == [0, 0, 0, 100, 200, 100]


def test_polygon_points_are_validated(make_specs):
    body = "  t: {shape: polygon, points: [[0, 0], [2, 1], [1, 1]], size: [200, 100], at: [100, 50]}\n"
    with pytest.raises(SpecError):
        _render(make_specs, body)


def test_dashed_double_edges_dash_both_strokes(make_specs):
    body = "  a: {text: A, at: [50, 50]}\n  b: {text: B, at: [300, 50]}\n"
    ctx = _render(make_specs, body, edges="edges:\n  - {from: a, to: b, double: true, line: dashed}\n")
    strokes = [it for it in _paths(ctx) if it.paint.stroke not in (None, "none") and it.paint.fill in (None, "none")]
    assert len(strokes) == 2 and all(s.paint.dash for s in strokes)
    assert strokes[0].paint.stroke_width > strokes[1].paint.stroke_width


# ---------------------------------------------------------------------------------------- stacked bars
BARS = """\
  bars:
    component: stacked_bars
    at: [300, 200]
    compute: exploration.max_target
    args: {{true_values: [4, 6, 5], noise: [2, 1, 3], reward: 1}}
    data:
      scale: 50
      height: 30
      row_gap: 10
{extra}      rows:
        - {{label: "a0", segments: [{{from: args.true_values.0, fill: sky}}, {{from: args.noise.0, fill: lavender}}]}}
        - {{label: "a2 long label", segments: [{{from: true_part, fill: sky}}, {{from: noise_part, fill: lavender, text: "+{{}}"}}]}}
        - {{segments: [{{from: target, fill: yellow}}]}}
"""


def test_stacked_bar_lengths_follow_the_numbers(make_specs):
    ctx = _render(make_specs, BARS.format(extra=""))
    p = ctx.placed
    assert p["bars.r0s0"].w == pytest.approx(200) and p["bars.r0s1"].w == pytest.approx(100)
    assert p["bars.r1s0"].w == pytest.approx(250) and p["bars.r1s1"].w == pytest.approx(150)   # a2 is the argmax
    assert p["bars.r2"].w == pytest.approx(450)                                                 # y = 1 + 8
    assert p["bars.r0s0"].x == p["bars.r1s0"].x == p["bars.r2s0"].x                             # one start x
    assert p["bars.r0s1"].x == pytest.approx(p["bars.r0s0"].right)
    assert p["bars.r1"].y - p["bars.r0"].bottom == pytest.approx(10)
    texts = _texts(ctx)
    assert {"4", "2", "5", "+3", "9", "a0", "a2 long label"} <= set(texts)
    assert lint_scene(ctx.scene, theme=load_theme()) == []


def test_stacked_bars_label_width_and_braces(make_specs):
    extra = ("      label_width: 300\n"
             "      braces: [{row: 0, segments: 0, text: true value, color: cyan}, "
             "{row: 0, segments: [1, 1], text: extra, side: bottom}]\n")
    ctx = _render(make_specs, BARS.format(extra=extra))
    bars = ctx.placed["bars"]
    assert ctx.placed["bars.r0s0"].x - bars.x >= 300
    assert {"true value", "extra"} <= set(_texts(ctx))
    braces = [it for it in _paths(ctx) if it.paint.stroke == load_theme().color("cyan")]
    assert braces and bars.y < ctx.placed["bars.r0"].y - 10       # room above the first bar for its brace


@pytest.mark.parametrize("rows, message", [
    ("[{segments: [{value: -1}]}]", "negative"),
    ("[{segments: [{from: nope}]}]", "names 'nope'"),
    ("[{segments: [{value: 1, from: target}]}]", "either `value` or `from`"),
    ("[{segments: [{value: 1, colour: red}]}]", "unknown key 'colour'"),
    ("[{segments: []}]", "no segments"),
    ("[{segments: [{value: 1000}]}]", "px long"),
])
def test_stacked_bars_reject_bad_rows(make_specs, rows, message):
    body = ("  bars:\n    component: stacked_bars\n    at: [100, 100]\n    compute: exploration.max_target\n"
            "    args: {true_values: [1], noise: [0]}\n    data:\n      scale: 10\n      rows: " + rows + "\n")
    with pytest.raises(SpecError, match=message):
        _render(make_specs, body)


# ---------------------------------------------------------------------------------------- the figures
def test_return_figure_shows_the_computed_returns():
    texts = " ".join(_texts(rendered(SPECS / "rl-basics" / "return.yaml", "en").ctx))
    g = compute("returns.to_go", {"rewards": [4, 3, 5, 2], "gamma": 1})
    assert g == [14.0, 10.0, 7.0, 2.0]
    for s in ("= 4+3+5+2 = 14", "= 3+5+2 = 10", "= 5+2 = 7", "= 2", "= 0"):
        assert s in texts


def test_mcts_backup_values_are_shown():
    texts = _texts(rendered(SPECS / "reasoning" / "mcts.yaml", "zh").ctx)
    for s in ("=70", "=10", "=40", "=4", "=30", "=2", "=20", "=1"):
        assert s in texts


def test_baseline_advantage_uses_the_mean_as_baseline():
    from diagrams.scene import MathItem

    ctx = rendered(SPECS / "policy-optimization" / "baseline-advantage.yaml", "en").ctx
    texts = " ".join(_texts(ctx))
    maths = [it.tex for it in ctx.scene.items if isinstance(it, MathItem)]
    # A = Q − V with V the mean 101: −1 (a true minus sign), 0 and 1
    # (the chart's tag is plain text now: a generated number carries its own minus sign)
    assert "=-1" not in texts and "=\u22121" in texts and "A_{a1} = \u22121" in maths and "=0" in texts and "=1" in texts


# ---------------------------------------------------------------------------------------- chart bars from a base
CHART = """\
  c:
    component: chart
    at: [0, 0]
    data:
      size: [400, 300]
      margins: [0, 0, 0, 0]
      frame: none
      x: {lim: [0, 4], ticks: []}
      y: {lim: [80, 110], ticks: []}
      series:
        - {kind: bar, x: [1, 3], y: [100, 90], base: 92, bar_width: 1, colors: [pink, sky]}
"""


def test_chart_bars_rise_and_hang_from_their_base(make_specs):
    from diagrams.scene import RawItem

    ctx = _render(make_specs, CHART)
    (raw,) = [it for it in ctx.scene.items if isinstance(it, RawItem)]
    theme = load_theme()
    spans = {}
    for colour in ("pink", "sky"):
        m = re.search(r'<path d="([^"]+)"[^>]*fill="' + theme.color(colour) + '"', raw.markup) or \
            re.search(r'fill="' + theme.color(colour) + r'"[^>]*d="([^"]+)"', raw.markup)
        ys = [float(y) for y in re.findall(r"[MLH]? ?-?[\d.]+ (-?[\d.]+)", m.group(1))]
        spans[colour] = (min(ys), max(ys))
    y_of = lambda v: (110 - v) / 30 * 300                     # data → px (10 px per unit)
    assert spans["pink"] == pytest.approx((y_of(100), y_of(92)), abs=0.6)     # 92 → 100, upwards
    assert spans["sky"] == pytest.approx((y_of(92), y_of(90)), abs=0.6)       # 92 → 90, hanging down
