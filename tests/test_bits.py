"""The bits component: bit-layout rows drawn from diagrams.numeric.formats, never from typed numbers."""
import re

import ml_dtypes
import numpy as np
import pytest

from conftest import SPECS, rendered
from diagrams.components import bits
from diagrams.errors import SpecError
from diagrams.lint import lint_scene
from diagrams.numeric import formats
from diagrams.pipeline import load_figure, render
from diagrams.scene import Shape, TextItem, path_bounds
from diagrams.theme import load_theme

SPEC = SPECS / "llm-extended" / "quantization-formats.yaml"
CELL_W, CELL_H = bits.DEFAULTS["cell"]

HEAD = """\
id: fig
chapter: ch
title: {{en: Bits, zh: 比特}}
nodes:
  b:
    component: bits
    at: [0, 0]
{body}"""


def _render(make_specs, body, lang="en"):
    specs = make_specs({"ch/fig": HEAD.format(body=body)})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme()).ctx


def _cells(ctx, part):
    """Cell rectangles drawn inside the row ``part`` (a part name the component registers)."""
    row = ctx.placed[part]
    return [it for it in ctx.scene.items
            if isinstance(it, Shape) and it.kind == "rect" and it.rect.w == CELL_W and it.rect.h == CELL_H
            and row.contains(it.rect, 0.01)]


def _near(box, row):
    """The shape's centre lies on the row (Bézier control points may stick out of it)."""
    return row.x <= box.cx <= row.right and row.y <= box.cy <= row.bottom


def _fills(cells):
    theme = load_theme()
    names = {theme.palette[n]: n for n in ("coral", "orange-tint", "blue-tint", "leaf-tint")}
    out = {}
    for c in cells:
        out[names[c.paint.fill]] = out.get(names[c.paint.fill], 0) + 1
    return out


def _texts_in_band(ctx, part, right_of=True):
    """Texts on the row's line to the right of its cells (its range), left to right, top to bottom."""
    row = ctx.placed[part]
    items = [t for t in ctx.scene.texts if isinstance(t, TextItem) and t.box.x >= row.right - 0.01
             and row.y - 10 <= t.y <= row.bottom + 10]
    return sorted(items, key=lambda t: (round(t.box.x), t.y))


def _layouts(fn):
    return {r["name"]: r for r in fn()}


def test_fp32_draws_32_cells_coloured_by_segment(make_specs):
    ctx = _render(make_specs, "    compute: formats.float_layouts\n    data: {rows: [FP32]}\n")
    cells = _cells(ctx, "b.FP32")
    assert len(cells) == 32
    assert _fills(cells) == {"coral": 1, "orange-tint": 8, "blue-tint": 23}
    # cells sit side by side, one bit wide each
    xs = sorted(c.rect.x for c in cells)
    assert np.allclose(np.diff(xs), CELL_W)


@pytest.mark.parametrize("name", ["FP32", "TF32", "BF16", "FP16", "FP8 E4M3", "FP8 E5M2"])
def test_every_float_row_of_the_figure_matches_its_layout(name):
    ctx = rendered(SPEC, "en").ctx
    lay = _layouts(formats.float_layouts)[name]
    part = "floats." + name.replace(" ", "_")
    fills = _fills(_cells(ctx, part))
    assert fills == {"coral": lay["sign_bits"], "orange-tint": lay["exponent_bits"],
                     "blue-tint": lay["fraction_bits"]}
    assert sum(fills.values()) == lay["bits"]
    # the dimension labels above the row say the same numbers
    row = ctx.placed[part]
    labels = {t.text for t in ctx.scene.texts if isinstance(t, TextItem)
              and row.x - 1 <= t.box.cx <= row.right + 1 and row.y - 25 < t.y < row.y}
    assert labels == {"1 bit", f"{lay['exponent_bits']} bits", f"{lay['fraction_bits']} bits"}


def test_64_bit_rows_fold_with_a_break_but_label_every_bit():
    ctx = rendered(SPEC, "en").ctx
    for part, segs in (("floats.FP64", {"sign": 1, "exponent": 11, "fraction": 52}),
                       ("ints.INT64", {"sign": 1, "value": 63}), ("ints.UINT64", {"value": 64})):
        assert len(_cells(ctx, part)) == 24 + 12
        row = ctx.placed[part]
        breaks = [it for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "path" and it.d.count("C") == 2
                  and it.paint.fill not in (None, "none") and _near(path_bounds(it.d), row)]
        assert len(breaks) == 1, part
        texts = {t.text for t in ctx.scene.texts if isinstance(t, TextItem) and row.y - 25 < t.y < row.y}
        for n in segs.values():
            assert (f"{n} bits" if n > 1 else "1 bit") in texts
        # the folded segment's dimension spans its drawn cells and the break
        last = list(segs)[-1]
        span = ctx.placed[f"{part}.{last}"]
        assert span.right == pytest.approx(row.right)
    # the break sits at the same x in every folded row, as in the original
    xs = {round(ctx.placed[p].x + 24 * CELL_W, 2) for p in ("floats.FP64", "ints.INT64", "ints.UINT64")}
    assert len(xs) == 1


def test_float_rows_align_on_the_exponent_fraction_boundary():
    ctx = rendered(SPEC, "en").ctx
    starts = {round(ctx.placed[f"floats.{n.replace(' ', '_')}.fraction"].x, 3) for n in formats.FLOAT_ORDER}
    assert len(starts) == 1
    x = starts.pop()
    guides = [path_bounds(it.d) for it in ctx.scene.items if isinstance(it, Shape) and it.kind == "path"
              and it.paint.dash and re.fullmatch(r"M[\d.]+ [\d.]+V[\d.]+", it.d or "")]
    guides = [g for g in guides if g.w == 0 and abs(g.x - x) < 0.01]
    assert len(guides) == 1
    # the guide runs from above the header to below the last float row
    assert guides[0].y < ctx.placed["floats.FP64"].y - 60
    assert guides[0].bottom > ctx.placed["floats.FP8_E5M2"].bottom


@pytest.mark.parametrize("name", ["INT32", "UINT32", "INT16", "UINT16", "INT8", "UINT8", "INT4", "UINT4"])
def test_ranges_shown_equal_numpy_iinfo(name):
    ctx = rendered(SPEC, "en").ctx
    shown = " ".join(t.text for t in _texts_in_band(ctx, f"ints.{name}"))
    # negative bounds are written with a true minus sign (U+2212)
    lo, hi = (int(v.replace("\u2212", "-")) for v in re.fullmatch(r"\[(\u2212?\d+), *(\u2212?\d+)\]", shown).groups())
    info = (ml_dtypes.iinfo(getattr(ml_dtypes, name.lower())) if name.endswith("INT4")
            else np.iinfo(getattr(np, name.lower())))
    assert (lo, hi) == (int(info.min), int(info.max))


def test_small_integer_rows_show_their_value_sets():
    ctx = rendered(SPEC, "en").ctx
    assert [t.text for t in _texts_in_band(ctx, "ints.INT2")] == ["INT2 : [\u22122, 1]", "TWN : {\u22121, 0, +1}"]
    assert formats.twos_complement_range(2) == (-2, 1)
    assert [t.text for t in _texts_in_band(ctx, "ints.INT1")] == ["{\u22121, +1}"]
    assert _fills(_cells(ctx, "ints.INT2")) == {"coral": 1, "leaf-tint": 1}
    assert _fills(_cells(ctx, "ints.INT1")) == {"coral": 1}
    # folded rows have no room for a range
    assert _texts_in_band(ctx, "ints.INT64") == [] and _texts_in_band(ctx, "ints.UINT64") == []


def test_a_wide_range_wraps_after_its_comma():
    ctx = rendered(SPEC, "en").ctx
    int32 = _texts_in_band(ctx, "ints.INT32")
    assert [t.text for t in int32] == ["[\u22122147483648,", "2147483647]"]
    assert int32[0].y < int32[1].y
    assert [t.text for t in _texts_in_band(ctx, "ints.UINT32")] == ["[0, 4294967295]"]


def test_neighbouring_dimension_labels_shrink_instead_of_colliding():
    ctx = rendered(SPEC, "en").ctx
    row = ctx.placed["ints.INT2"]
    dims = [t for t in ctx.scene.texts if isinstance(t, TextItem) and row.y - 25 < t.y < row.y]
    assert [t.text for t in dims] == ["1 bit", "1 bit"]
    assert all(8 <= t.size < bits.DEFAULTS["sizes"]["dim"] for t in dims)
    assert dims[0].box.right <= dims[1].box.x


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figure_headings_and_lint(lang):
    ctx = rendered(SPEC, lang).ctx
    assert lint_scene(ctx.scene) == []
    texts = {t.text for t in ctx.scene.texts if isinstance(t, TextItem)}
    want = {"en": {"Sign", "Exponent", "Range (min~max)", "Fraction", "Precision", "Float", "Integer"},
            "zh": {"Sign", "Exponent(指数位)", "决定正负", "决定最小~最大值", "Fraction(小数位)", "决定精度", "浮", "整"}}
    assert want[lang] <= texts
    # parenthesised parts of a name are regular, the name itself bold
    runs = {t.text: t.bold for t in ctx.scene.texts if isinstance(t, TextItem) and t.text in ("FP64", "(double)")}
    assert runs == {"FP64": True, "(double)": False}


def test_rows_come_from_the_computation_args(make_specs):
    ctx = _render(make_specs, "    compute: formats.float_layouts\n    args: {names: [FP16, BF16]}\n")
    assert set(p for p in ctx.placed if p.count(".") == 1) == {"b.FP16", "b.BF16"}
    assert len(_cells(ctx, "b.FP16")) == 16 and len(_cells(ctx, "b.BF16")) == 16


def test_nothing_is_typed_a_new_layout_draws_itself(make_specs, monkeypatch):
    from diagrams.numeric import registry

    fake = [{"name": "FP6", "bits": 6, "sign_bits": 1, "exponent_bits": 3, "fraction_bits": 2},
            {"name": "INT3", "bits": 3, "sign_bits": 1, "value_bits": 2, "min": -4, "max": 3}]
    monkeypatch.setitem(registry.COMPUTATIONS, "formats.float_layouts", lambda: fake)
    ctx = _render(make_specs, "    compute: formats.float_layouts\n    data: {ranges: true, align: fraction}\n")
    assert _fills(_cells(ctx, "b.FP6")) == {"coral": 1, "orange-tint": 3, "blue-tint": 2}
    assert _fills(_cells(ctx, "b.INT3")) == {"coral": 1, "leaf-tint": 2}
    texts = {t.text for t in ctx.scene.texts}
    assert {"3 bits", "2 bits", "[\u22124, 3]"} <= texts


def test_format_range():
    assert bits.format_range({"min": -8, "max": 7}) == "[\u22128, 7]"
    assert bits.format_range({"values": [-1, 0, 1]}) == "{\u22121, 0, +1}"
    assert bits.format_range({"min": -65504.0, "max": 65504.0}) == "[\u22126.55e+04, 6.55e+04]"
    assert bits.format_range({"name": "x"}) is None


ERRORS = {
    "unknown format": ("    compute: formats.float_layouts\n    data: {rows: [FP23]}\n",
                       "unknown format 'FP23'", "did you mean 'FP32'"),
    "unknown data key": ("    compute: formats.int_layouts\n    data: {rangs: true}\n",
                         "unknown key 'rangs'", "did you mean 'ranges'"),
    "no compute": ("    data: {rows: [FP32]}\n", "needs `compute:`", "formats.float_layouts"),
    "bad fold": ("    compute: formats.int_layouts\n    data: {fold: 24}\n", "fold must be [head, tail]", "fold: [24, 12]"),
    "bad align": ("    compute: formats.float_layouts\n    data: {align: mantissa}\n", "not a segment", "fraction"),
    "bad colour": ("    compute: formats.int_layouts\n    data: {colors: {value: {fill: lef}}}\n",
                   "unknown colour 'lef'", "leaf"),
    "bad cell": ("    compute: formats.int_layouts\n    data: {cell: 20}\n", "data.cell must be [width, height]",
                 "cell: [20, 38]"),
    "bad unit": ("    compute: formats.int_layouts\n    data: {unit: {one: \"{x} bit\", many: \"{n} bits\"}}\n",
                 "data.unit must be", "{n} bit"),
    "bad range format": ("    compute: formats.float_layouts\n    data: {ranges: true, range_format: \"{0.__class__}\"}\n",
                         "is not one number format", "{:.4g}"),
    "not layouts": ("    compute: lm.softmax\n    args: {logits: [1, 2]}\n", "does not return bit layouts", None),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_bad_data_is_one_located_message(make_specs, case):
    body, message, hint = ERRORS[case]
    with pytest.raises(SpecError) as info:
        _render(make_specs, body)
    err = info.value
    assert message in err.message
    assert err.line is not None and err.file.endswith("fig.yaml")
    if hint:
        assert hint in (err.hint or "")


def test_rule_shape_draws_a_dotted_separator(make_specs):
    specs = make_specs({"ch/fig": """\
        id: fig
        chapter: ch
        title: {en: Rule, zh: 分隔线}
        nodes:
          a: {text: A, at: [0, 0]}
          sep: {shape: rule, stroke: silver, dash: dotted, size: [0, 6], at: [0, 1], place: fill}
        """})
    r = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme())
    assert 'stroke-dasharray="1.5 3"' in r.svg
    rule = r.ctx.placed["sep"]
    lines = [path_bounds(it.d) for it in r.ctx.scene.items if isinstance(it, Shape) and it.paint.dash == "1.5 3"]
    assert len(lines) == 1
    line = lines[0]
    assert line.h == 0 and line.y == pytest.approx(rule.cy, abs=0.01)
    assert (line.x, line.right) == (pytest.approx(rule.x, abs=0.01), pytest.approx(rule.right, abs=0.01))
