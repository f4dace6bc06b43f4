"""The table component (cells, pasted computed values, styles, merges, gaps, corner header) and the
rope_wave component (squiggles over table cells, circle-to-cosine projection)."""
import math
import re
from fractions import Fraction

import numpy as np
import pytest

from conftest import SPECS, rendered
from diagrams.components import rope_wave, table
from diagrams.errors import SpecError
from diagrams.lint import lint_scene
from diagrams.numeric import compute
from diagrams.pipeline import load_figure, render
from diagrams.scene import Rect, Shape, TextItem
from diagrams.theme import load_theme

ROPE_SPEC = SPECS / "llm-extended" / "rope-dims.yaml"

HEAD = """\
id: fig
chapter: ch
title: {{en: Table, zh: 表格}}
nodes:
  t:
    component: table
    at: [0, 0]
{body}"""

ROPE_BODY = """\
    compute: rope.table
    args: {head_dim: 128, base: 10000, positions: [0, 1, 4095], dims: [0, 1, 2, 16]}
    data:
      gaps: {cols: [3]}
      values:
        - {at: [0, 1], from: dims}
        - {at: [1, 1], from: alpha}
        - {at: [1, 0], values: [a, b, end], down: true}
      styles:
        - {rows: "1-3", format: .1f}
        - {cols: 0, align: right}
        - {rows: "0-3", cols: 3, text: "…", gaps: true}
        - {rows: 1, cols: "1-2", fill: "#91AADF"}
"""


def _render(make_specs, body, lang="en", extra=""):
    specs = make_specs({"ch/fig": HEAD.format(body=body) + extra})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme())


def _cell_parts(ctx, node="t"):
    return {k for k in ctx.placed if re.fullmatch(rf"{node}\.r\d+c\d+", k)}


def _texts(ctx):
    return [it.text for it in ctx.scene.items if isinstance(it, TextItem)]


# ---------------------------------------------------------------- helpers
def test_format_number():
    f = table.format_number
    assert f(0.86596, ".3f") == "0.866"
    assert f(3546.117, ".0f") == "3546"
    assert f(651.74, "floor:.0f") == "651"
    assert f(0.0754, ".2f") == "0.08"
    assert f(0.0754, "floor:.2f") == "0.07"
    assert f(0.29, "floor:.2f") == "0.29"          # no float-representation off-by-one
    assert f(-0.0001, ".3f") == "0.000"            # no "-0.000"
    assert f(7.0) == "7" and f(3) == "3" and f(0.123456) == "0.1235"
    assert f(float("inf")) == "∞" and f(float("-inf")) == "\u2212∞" and f(float("nan")) == "NaN"
    assert f(12.0, "d") == "12"
    assert f(-1) == "\u22121" and f(-0.25, ".2f") == "\u22120.25" and f(1.5e-05, ".1e") == "1.5e\u221205"
    assert f(0.256, ".1%") == "25.6%"
    with pytest.raises(SpecError, match="format"):
        f(1.5, ".3q")


def test_parse_tracks():
    p = table.parse_tracks
    assert p(None, 4, "row") == [0, 1, 2, 3]
    assert p(2, 4, "row") == [2]
    assert p("0-1,3", 4, "row") == [0, 1, 3]
    assert p("2-", 5, "row") == [2, 3, 4]
    assert p([0, "2-3"], 5, "column") == [0, 2, 3]
    with pytest.raises(SpecError, match="outside the table"):
        p("3-5", 4, "row")
    with pytest.raises(SpecError, match="not understood"):
        p("a-b", 4, "column")


# ---------------------------------------------------------------- the table
def test_cell_count_and_registered_cells(make_specs):
    r = _render(make_specs, ROPE_BODY)
    ctx = r.ctx
    # 4 rows (dims + 3 positions) × 6 columns (label, dims 0/1/2, gap, dim 16)
    assert len(_cell_parts(ctx)) == 4 * 6
    whole = ctx.placed["t"]
    cell = ctx.placed["t.r2c4"]
    assert isinstance(cell, Rect) and cell.w > 0 and cell.h > 0
    assert whole.contains(cell, 0.01)
    # cells in one row share y and height; columns grow to the right
    assert ctx.placed["t.r2c0"].y == cell.y and ctx.placed["t.r2c0"].h == cell.h
    assert ctx.placed["t.r2c1"].right == pytest.approx(ctx.placed["t.r2c2"].x)
    # a cell rect is drawn (its fill) exactly where the part is registered
    fills = [it for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "rect"
             and it.paint.fill == "#91AADF"]
    assert [f.rect for f in fills] == [ctx.placed["t.r1c1"], ctx.placed["t.r1c2"]]


def test_computed_values_are_formatted_into_the_svg(make_specs):
    r = _render(make_specs, ROPE_BODY)
    res = compute("rope.table", {"head_dim": 128, "base": 10000, "positions": [0, 1, 4095], "dims": [0, 1, 2, 16]})
    want = f"{res['alpha'][2][2]:.1f}"                # 4095 · 10000^(-2/128)
    assert want == "3546.1"
    assert f">{want}</text>" in r.svg
    assert ">0.3</text>" in r.svg                     # 1 · 10000^(-16/128) = 0.316 → .1f
    texts = _texts(r.ctx)
    # the gap column (3) is skipped when pasting: dim 16 lands in column 4, and the gap shows "…"
    assert texts.count("…") == 4
    assert "16" in texts
    assert r.ctx.placed["t.r0c4"].x > r.ctx.placed["t.r0c3"].x
    assert lint_scene(r.ctx.scene) == []


def test_edges_can_point_at_cells(make_specs):
    extra = """\
  note: {text: here, at: [1, 0]}
edges:
  - {from: note, to: t.r2c2}
"""
    r = _render(make_specs, ROPE_BODY, extra=extra)
    target = r.ctx.placed["t.r2c2"]
    paths = [it for it in r.ctx.scene.items if isinstance(it, Shape) and it.kind == "path" and it.paint.fill]
    tip = re.match(r"M([\d.]+) ([\d.]+)", paths[-1].d)            # the arrowhead's tip
    x, y = float(tip.group(1)), float(tip.group(2))
    assert target.x - 1 <= x <= target.right + 1 and target.y - 1 <= y <= target.bottom + 1


def test_minus_style_prints_negative_numbers_with_a_minus_sign(make_specs):
    body = """\
    data:
      values: [{at: [0, 0], values: [[-1, 0, 2.5, -0.25]]}]
      styles: [{minus: true, cols: "0-2"}]
"""
    texts = _texts(_render(make_specs, body).ctx)
    assert "\u22121" in texts and "0" in texts and "2.5" in texts
    assert "\u22120.25" in texts           # every generated negative number has the minus sign, style or not


def test_merge_styles_gaps_and_templates(make_specs):
    body = """\
    compute: rope.table
    args: {head_dim: 8, base: 10000, positions: [0, 100], dims: [0, 1, 2, 3]}
    data:
      gaps: {rows: [1]}
      border: "#D9D9D9"
      values:
        - {at: [0, 0], from: alpha}
        - {at: [3, 0], from: cycles}
        - {at: [4, 0], value: {en: Hello, zh: 你好}}
      merge: [[3, 0, 1, 2], [3, 2, 1, 2]]
      styles:
        - {rows: "0-2", border: black, gaps: true}
        - {rows: "0-2", color: red}
        - {rows: 3, format: "floor:.0f", template: {en: "{} cycles", zh: "{}个周期"}}
        - {rows: 3, cols: "2-3", format: .2f}
"""
    res = compute("rope.table", {"head_dim": 8, "base": 10000, "positions": [0, 100], "dims": [0, 1, 2, 3]})
    for lang, unit in (("en", " cycles"), ("zh", "个周期")):
        r = _render(make_specs, body, lang)
        ctx, texts = r.ctx, _texts(r.ctx)
        assert f"{math.floor(res['cycles'][0])}{unit}" in texts
        assert f"{res['cycles'][2]:.2f}{unit}" in texts
        assert ("Hello" if lang == "en" else "你好") in texts
        # the merged cell covers two columns; its covered cell maps to the same rectangle
        assert ctx.placed["t.r3c1"] == ctx.placed["t.r3c0"]
        assert ctx.placed["t.r3c0"].w == pytest.approx(ctx.placed["t.r2c0"].w + ctx.placed["t.r2c1"].w)
        # row 1 is a gap: the 2nd position (100) lands in row 2; rules skip the gap row's cells for colour
        row2 = [it for it in ctx.scene.items if isinstance(it, TextItem) and ctx.placed["t.r2c0"].contains(it.box)]
        assert row2 and row2[0].text == "100" and row2[0].color == load_theme().color("red")
        # the darker border wins: black rectangles are drawn after the grey ones
        strokes = [it.paint.stroke for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "rect"
                   and it.paint.stroke not in (None, "none")]
        assert strokes.index("#000000") > strokes.index("#D9D9D9")
        assert "#D9D9D9" not in strokes[strokes.index("#000000"):]


def test_corner_header_lines_and_slanted_labels(make_specs):
    body = """\
    data:
      values:
        - {at: [0, 2], values: [1, 2]}
        - {at: [1, 2], values: [3, 4]}
        - {at: [2, 0], values: [a, b, c, d]}
      corner:
        at: [0, 0, 2, 2]
        labels:
          - top
          - {parts: [{text: "x = ", color: red}, {text: y, color: blue}]}
          - {text: {en: mid, zh: 中}}
          - left
"""
    r = _render(make_specs, body)
    ctx = r.ctx
    box = ctx.placed["t.r0c0"]
    assert ctx.placed["t.r1c1"] == box            # the corner is one merged cell
    diagonals = [it for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "path"
                 and it.d.count("M") == 3]
    assert len(diagonals) == 1                    # 4 labels → 3 lines from the top-left corner
    starts = re.findall(r"M([\d.]+) ([\d.]+)", diagonals[0].d)
    assert all(float(x) == pytest.approx(box.x, abs=0.01) and float(y) == pytest.approx(box.y, abs=0.01)
               for x, y in starts)
    ends = [(float(x), float(y)) for x, y in re.findall(r"L([\d.]+) ([\d.]+)", diagonals[0].d)]
    # with rows + cols labels: right edge at the row boundary, bottom-right corner, bottom edge at the column boundary
    assert ends[0] == pytest.approx((box.right, ctx.placed["t.r1c2"].y), abs=0.01)
    assert ends[1] == pytest.approx((box.right, box.bottom), abs=0.01)
    assert ends[2] == pytest.approx((ctx.placed["t.r2c1"].x, box.bottom), abs=0.01)
    items = {it.text: it for it in ctx.scene.items if isinstance(it, TextItem)}
    assert items["top"].rotate == 0 and items["left"].rotate == 0
    assert 0 < items["x = "].rotate < items["mid"].rotate < 90
    assert items["x = "].color == load_theme().color("red") and items["y"].color == load_theme().color("blue")
    assert items["y"].rotate == items["x = "].rotate
    for t in ("x = ", "y", "mid"):
        assert box.contains(items[t].box, 1.0), t


@pytest.mark.parametrize("body, message", [
    ("    data: {colour: red}\n", "unknown key 'colour'"),
    ("    data: {values: [{at: [0, 0], from: alpha}]}\n", "needs a computation"),
    ("    compute: rope.table\n    args: {dims: [0]}\n    data: {values: [{at: [0, 0], from: alpa}]}\n",
     "no 'alpa'"),
    ("    data: {values: [{at: [0, 0], value: 1}], styles: [{cells: [[3, 0]], fill: red}]}\n", "outside the table"),
    ("    data: {values: [{at: [0, 0], value: 1}], styles: [{rows: 0, fil: red}]}\n", "did you mean 'fill'"),
    ("    data: {merge: [[0, 0, 2, 2], [1, 1, 2, 2]]}\n", "overlaps"),
    ("    data: {size: [2, 2], values: [{at: [0, 0], values: [1, 2, 3]}]}\n", "outside the table's size"),
    ("    data: {values: [{at: [100000, 0], value: 1}]}\n", "would have"),
    ("    data: {merge: [[0, 0, 100000, 100000]]}\n", "would have"),
])
def test_bad_table_data_is_a_located_spec_error(make_specs, body, message):
    with pytest.raises(SpecError, match=message) as exc:
        _render(make_specs, body)
    assert exc.value.file and exc.value.line


# ---------------------------------------------------------------- rope_wave
def test_wave_points_are_a_true_cosine_of_the_angles():
    alpha = [0.0, 1.0, 2.0, 3.0]
    xs, ys = rope_wave.wave_points(alpha, [10, 20, 30, 40], x_mid=100, amp=20, samples=10)
    # α is linear in y between row centres, x = x_mid − amp·cos α
    a = np.interp(ys, [10, 20, 30, 40], alpha)
    np.testing.assert_allclose(xs, 100 - 20 * np.cos(a))
    assert ys[0] == 10 and ys[-1] == 40
    assert rope_wave.compressed_cycles(0.075) == pytest.approx(0.075)
    assert rope_wave.compressed_cycles(1.0) == pytest.approx(1.0)
    assert rope_wave.compressed_cycles(651.7) == pytest.approx(1 + math.log10(651.7))
    assert [rope_wave.pi_label(Fraction(k, 2)) for k in range(6)] == ["0", "π/2", "π", "3π/2", "2π", "5π/2"]


def test_rope_dims_figure():
    res = compute("rope.table", {"head_dim": 128, "base": 10000,
                                 "positions": list(range(10)) + [4094, 4095],
                                 "dims": [0, 1, 2, 3, 16, 17, 90, 91, 126, 127]})
    for lang, unit in (("en", "{} cycles"), ("zh", "{}个周期")):
        r = rendered(ROPE_SPEC, lang)
        texts = _texts(r.ctx)
        assert unit.format(math.floor(res["cycles"][0])) in texts           # 651
        assert f"{res['theta'][4]:.4f}" in texts                            # 0.3162
        assert f"{res['alpha'][11][2]:.0f}" in texts                        # 3546
        assert f"{res['alpha'][9][6]:.5f}" in texts                         # 0.01386
        assert f"{res['alpha'][10][6]:.3f}" in texts                        # 6.304
        assert f"{res['cycles'][8]:.2f}" in " ".join(texts)                 # 0.08
        assert len(_cell_parts(r.ctx, "table")) == 19 * 16
        assert lint_scene(r.ctx.scene) == []
    ctx = rendered(ROPE_SPEC, "en").ctx
    # the cosine of the projection plot: every sampled point satisfies y = cy − R cos t
    gold = load_theme().color("dark-gold")
    curves = [it for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "path"
              and it.paint.stroke == gold and not it.paint.dash]
    assert len(curves) == 1
    pts = np.array([[float(v) for v in p] for p in re.findall(r"([\d.]+) ([\d.]+)", curves[0].d)])
    x0, x1 = pts[0, 0], pts[-1, 0]
    t = (pts[:, 0] - x0) / (x1 - x0) * 2.5 * math.pi
    ys = pts[:, 1]
    R = (ys.max() - ys.min()) / 2
    cy = ys.min() + R
    np.testing.assert_allclose(ys, cy - R * np.cos(t), atol=0.02)
    # squiggles: one dashed wave per column pair in the position rows and one in the gap row
    waves = [it for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "path"
             and it.paint.stroke == gold and it.paint.dash]
    assert len(waves) == 10
