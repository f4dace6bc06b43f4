"""Numeric companions: the computations behind the LM figures (softmax output, SFT loss, greedy/multinomial/top-p
decoding, packing, ALiBi, RoPE, BatchNorm/LayerNorm) and the component features that show them (bars, beam,
table match/scale/hatch, underbrace placeholders, paren shape, front nodes)."""
import math
import re

import numpy as np
import pytest

from conftest import SPECS, rendered
from diagrams.components import bars, beam, localized, table
from diagrams.errors import SpecError
from diagrams.layout.shapes import outline, paren_path
from diagrams.lint import lint_scene
from diagrams.numeric import compute, lm
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem, Paint, Rect, Shape, TextItem
from diagrams.spec.loader import load_yaml
from diagrams.theme import load_theme

THEME = load_theme()
SPEC = {name: path for path in SPECS.glob("*/*.yaml") for name in [path.stem]}
FIGURES = ["llm-output", "sft-loss", "greedy-search", "multinomial-sampling", "top-p-sampling", "packing", "alibi",
           "rope", "batchnorm-layernorm"]


def _texts(ctx):
    return [t.text for t in ctx.scene.texts if isinstance(t, TextItem)]


def _find(nodes, name):
    """A node's data by its own name at any depth (a relational spec nests nodes in rows/cols)."""
    for key, node in (nodes or {}).items():
        if key == name:
            return node
        if isinstance(node, dict):
            for kind in ("rows", "cols"):
                found = _find(node.get(kind), name)
                if found is not None:
                    return found
    return None


def _args(fig: str, node: str, lang: str) -> dict:
    return localized(dict(_find(load_yaml(SPEC[fig])["nodes"], node)["args"]), lang)


def _placed(ctx, key: str):
    """A placed box by its full id, or by its own name (and part) when that is unique."""
    if key in ctx.placed:
        return ctx.placed[key]
    found = [k for k in ctx.placed if k.endswith("." + key)]
    assert len(found) == 1, (key, found[:4])
    return ctx.placed[found[0]]


def _render(make_specs, nodes: str, edges: str = "", lang: str = "en"):
    text = ("id: fig\nchapter: ch\ntitle: {en: Test, zh: 测试}\nlayout: free\nnodes:\n" + nodes
            + (("edges:\n" + edges) if edges else ""))
    specs = make_specs({"ch/fig": text})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, THEME).ctx


# ---------------------------------------------------------------- computations
def test_packing_pads_restarts_positions_and_labels_segments():
    out = compute("lm.packing", {"lengths": [3, 2, 4], "pad_to": 10, "start": 1})
    assert out["position_ids"] == [1, 2, 3, 1, 2, 1, 2, 3, 4]
    assert out["segments"] == [0, 0, 0, 1, 1, 2, 2, 2, 2, -1]
    mask = np.array(out["mask"])
    assert mask.shape == (10, 10) and not mask[9].any() and not mask[:, 9].any()
    seg = np.array(out["segment_mask"])
    # k + 1 exactly where the mask lets sequence k attend (block-diagonal, lower triangular)
    assert ((seg > 0) == (mask == 1)).all()
    assert seg[4, 3] == 2 and seg[8, 5] == 3 and seg[3, 2] == 0 and seg[2, 3] == 0
    assert compute("lm.packing", {"lengths": [2, 3]})["mask"] == lm.packed_causal_mask([2, 3]).astype(int).tolist()
    with pytest.raises(ValueError, match="shorter"):
        compute("lm.packing", {"lengths": [3, 3], "pad_to": 5})


def test_alibi_linear_bias_is_minus_distance_with_masked_future():
    out = compute("lm.alibi", {"n_heads": 8, "seq_len": 6})
    lin = np.array(out["linear"])
    i, j = np.indices((6, 6))
    assert (lin[j <= i] == -(i - j)[j <= i]).all() and np.isneginf(lin[j > i]).all()
    assert lin[5, 0] == -5 and out["slopes"][0] == 0.5 and out["slopes"][7] == pytest.approx(2 ** -8)
    # the per-head bias is the linear bias times the head's slope
    bias = np.array(out["bias"])
    assert np.allclose(bias[2][j <= i], out["slopes"][2] * lin[j <= i])
    assert not np.isinf(compute("lm.alibi", {"n_heads": 2, "seq_len": 3, "causal": False})["linear"]).any()


def test_rope_symbols_follow_the_rotation_matrix_pattern():
    out = compute("rope.rotation_symbols", {"head_dim": 8})
    cells = out["cells"]
    r = lm.rope_rotation_matrix(1.0, 8)
    for a in range(8):
        for b in range(8):
            assert (cells[a][b] == "0") == (r[a, b] == 0)
    assert cells[0][:2] == ["cos m·θ0", "-sin m·θ0"] and cells[1][:2] == ["sin m·θ0", "cos m·θ0"]
    assert cells[7][6:] == ["sin m·θ3", "cos m·θ3"] and out["block"][6][7] == 3 and out["block"][0][7] == -1
    assert out["theta"] == pytest.approx([10000 ** (-2 * k / 8) for k in range(4)])
    assert compute("rope.rotation_symbols", {"head_dim": 2, "sep": "$\\cdot$"})["cells"][0][1] == "-sin m$\\cdot$θ0"
    with pytest.raises(ValueError, match="even"):
        compute("rope.rotation_symbols", {"head_dim": 3})


def test_cross_entropy_from_target_probabilities():
    p = [0.0009, 0.99, 0.03, 0.0003, 0.014, 0.327]
    out = compute("lm.cross_entropy", {"probs": p})
    assert out["loss"] == pytest.approx(-sum(math.log(x) for x in p) / 6) and out["n"] == 6
    assert round(out["loss"], 2) == 4.0   # the original prints ≈ 3.99
    masked = compute("lm.cross_entropy", {"probs": p, "mask": [1, 1, 0, 0, 0, 0]})
    assert masked["loss"] == pytest.approx(-(math.log(0.0009) + math.log(0.99)) / 2) and masked["n"] == 2
    # whole distributions + targets give the same as the target probabilities
    dist = [[0.5, 0.25, 0.25], [0.1, 0.8, 0.1]]
    assert compute("lm.cross_entropy", {"probs": dist, "targets": [1, 1]})["loss"] == pytest.approx(
        -(math.log(0.25) + math.log(0.8)) / 2)
    # and the logits route still agrees with lm.cross_entropy
    z = [[1.0, 2.0], [2.0, 1.0]]
    assert compute("lm.cross_entropy", {"logits": z, "targets": [0, 0]})["loss"] == pytest.approx(
        lm.cross_entropy(z, [0, 0]))
    with pytest.raises(ValueError):
        compute("lm.cross_entropy", {"probs": [0.0, 0.5]})


def test_next_token_is_softmax_and_argmax():
    z = [2.0, 3.1, -1.7, 8.6, 5.3]
    out = compute("lm.next_token", {"logits": z, "tokens": list("abcde")})
    assert out["probs"] == pytest.approx(lm.softmax(z).tolist()) and sum(out["probs"]) == pytest.approx(1)
    assert out["id"] == 3 and out["token"] == "d" and out["prob"] == max(out["probs"])
    hot = compute("lm.next_token", {"logits": z, "temperature": 10.0})["probs"]
    assert max(hot) < out["prob"]


def test_top_p_mass_and_greedy_candidates():
    probs = [0.2, 0.17, 0.14, 0.12, 0.1, 0.06, 0.04, 0.035, 0.03, 0.027, 0.022, 0.018, 0.014, 0.011, 0.008, 0.005]
    out = compute("lm.top_p", {"probs": probs, "p": 0.7})
    assert out["kept"] == [True] * 5 + [False] * 11 and out["mass"] == pytest.approx(0.73)
    assert compute("lm.top_k", {"probs": probs, "k": 2})["mass"] == pytest.approx(0.37)
    g = compute("lm.greedy", {})
    for st in g["steps"]:
        chosen = [c for c in st["candidates"] if c["chosen"]]
        assert len(chosen) == 1 and chosen[0]["token"] == st["token"]
        assert chosen[0]["prob"] == max(c["prob"] for c in st["candidates"])
    assert [st["context"] for st in g["steps"]] == ["How", "How was", "How was the"]


def test_norms_expose_the_worked_example_parts():
    bn = compute("norm.batch_norm", {"x": [[0.2], [0.1], [0.6]], "eps": 0})
    assert bn["mean"][0] == pytest.approx(0.3) and bn["var"][0] == pytest.approx(0.14 / 3)
    assert [r[0] for r in bn["sq_dev"]] == pytest.approx([0.01, 0.04, 0.09])
    assert bn["std"][0] == pytest.approx(math.sqrt(0.14 / 3))
    assert [round(r[0], 3) for r in bn["output"]] == [-0.463, -0.926, 1.389]
    ln = compute("norm.layer_norm", {"x": [[0.6, 0.1, 0.2, 0.1]], "eps": 0})
    assert ln["mean"][0] == pytest.approx(0.25) and ln["var"][0] == pytest.approx(0.0425)
    assert ln["centered"][0] == pytest.approx([0.35, -0.15, -0.05, -0.15])
    # the original prints 1.699 (0.35 / 0.206 with σ rounded first); the exact value rounds to 1.698
    assert [round(v, 3) for v in ln["output"][0]] == [1.698, -0.728, -0.243, -0.728]


# ---------------------------------------------------------------- bars helpers
def test_bars_value_selection_and_gap_slots():
    assert bars.shown_values(None, 4) == set() and bars.shown_values(True, 3) == {0, 1, 2}
    assert bars.shown_values(2, 5) == {0, 1} and bars.shown_values([0, 3], 5) == {0, 3}
    with pytest.raises(SpecError, match="bar 7"):
        bars.shown_values([7], 5)
    assert bars.slot_positions(4, None) == ([0, 1, 2, 3], [])
    assert bars.slot_positions(4, [3]) == ([0, 1, 2, 4], [3])
    assert bars.slot_positions(3, [0, 3]) == ([1, 2, 3], [0, 4])
    with pytest.raises(SpecError, match="outside"):
        bars.slot_positions(3, [5])


def test_bars_gaps_fills_mark_and_values_from(make_specs):
    ctx = _render(make_specs, """\
  n:
    component: bars
    compute: lm.next_token
    args: {logits: [1.0, 3.0, 2.0, 0.5]}
    at: [300, 300]
    data: {values_from: probs, fills: {kept: sky}, gaps: [3], gap_text: "…", bar_width: 40, bar_gap: 8,
           show_values: [1], value_format: .3f, mark: max}
""")
    p = lm.softmax([1.0, 3.0, 2.0, 0.5])
    rects = [ctx.placed[f"n.bar{i}"] for i in range(4)]
    assert [r.h / rects[1].h for r in rects] == pytest.approx(list(p / p[1]))
    assert all(r.w == pytest.approx(32) for r in rects)
    # bar 3 sits one slot further right: the "…" slot precedes it
    assert rects[3].x - rects[2].x == pytest.approx(80) and rects[2].x - rects[1].x == pytest.approx(40)
    texts = _texts(ctx)
    assert format(p[1], ".3f") in texts and format(p[0], ".3f") not in texts and "…" in texts
    sky = THEME.color("sky")
    assert sum(isinstance(s, Shape) and s.kind == "rect" and s.paint.fill == sky for s in ctx.scene.items) == 4
    # the check badge sits by the highest bar
    icons = [it for it in ctx.scene.items if not isinstance(it, (Shape, TextItem, MathItem))]
    assert len(icons) == 1


def test_multinomial_figure_samples_the_seeded_draw():
    args = _args("multinomial-sampling", "chart", "en")
    drawn = compute("lm.sample", args)["ids"][0]
    for lang in ("en", "zh"):
        ctx = rendered(SPEC["multinomial-sampling"], lang).ctx
        sky = THEME.color("sky")
        fills = [next(s.paint.fill for s in ctx.scene.items if isinstance(s, Shape) and s.kind == "rect"
                      and s.rect == ctx.placed[f"chart.bar{i}"] and s.paint.fill != "none") for i in range(16)]
        assert [i for i, f in enumerate(fills) if f == sky] == [drawn]
        texts = _texts(ctx)
        assert [t for t in texts if re.fullmatch(r"0\.\d+", t)] == [format(v, "g") for v in args["probs"][:7]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_top_p_figure_brace_carries_the_computed_mass(lang):
    ctx = rendered(SPEC["top-p-sampling"], lang).ctx
    args = _args("top-p-sampling", "chart", lang)
    res = compute("lm.top_p", args)
    assert {"en": "(Top-P=0.7)", "zh": "（Top-P=0.7）"}[lang] in _texts(ctx)
    kept = [i for i, k in enumerate(res["kept"]) if k]
    assert kept == [0, 1, 2, 3, 4] and res["sampled"] in kept
    # the brace formula is typeset math (not text); its placeholder text was filled before typesetting
    node = load_yaml(SPEC["top-p-sampling"])["nodes"]["chart"]
    from diagrams.layout.templates import fill
    assert fill(node["data"]["brace"], res, args, lang) == "$\\sum P = 0.73 > 0.7$"


# ---------------------------------------------------------------- beam: greedy search
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_greedy_figure_keeps_the_argmax_of_every_step(lang):
    ctx = rendered(SPEC["greedy-search"], lang).ctx
    res = compute("lm.greedy", _args("greedy-search", "search", lang))
    kept = sorted(k.split(".", 1)[1] for k in ctx.placed if k.startswith("search.step")
                  and not re.fullmatch(r"search\.step\d+_\d+", k))
    steps = beam.greedy_as_beam(res)["steps"]
    assert kept == sorted(f"step{s['step']}_{c['text'].replace(' ', '_')}" for s in steps
                          for c in s["beams"][0]["candidates"] if c["kept"])
    assert len(kept) == 3
    yellow = THEME.color("yellow")
    assert sum(isinstance(s, Shape) and s.kind == "rect" and s.paint.fill == yellow for s in ctx.scene.items) == 3
    texts = _texts(ctx)
    assert beam.detokenize(res["text"], " " if lang == "en" else "") in texts
    # no total-probability column: the only numbers are the candidates' probabilities
    nums = sorted(t for t in texts if re.fullmatch(r"\d\.\d+", t))
    assert nums == sorted(format(c["prob"], ".3g") for st in res["steps"] for c in st["candidates"])
    # stagger: each continued panel is level with the kept row it continues
    for s in (1, 2):
        row = next(v for k, v in ctx.placed.items() if re.fullmatch(rf"search\.step{s}_[^0-9].*", k))
        panel = ctx.placed[f"search.step{s + 1}_1"]
        assert panel.cy == pytest.approx(row.cy, abs=0.01)
    assert lint_scene(ctx.scene) == []


# ---------------------------------------------------------------- table: match, scale, hatch, args
def test_value_matches_and_scale_fills():
    assert table.value_matches(1, 1) and table.value_matches(1.0000000001, 1) and not table.value_matches(2, 1)
    assert table.value_matches(-math.inf, "-inf") and not table.value_matches(math.inf, "-inf")
    assert table.value_matches(float("nan"), "nan") and table.value_matches("a", "a")
    assert not table.value_matches(None, 0) and not table.value_matches(True, 1) and not table.value_matches(1, "1")
    fills = table.scale_fills({"colors": ["c0", "c1", "c2"]}, {(0, 0): 0, (0, 1): 5, (0, 2): 10, (0, 3): "x",
                                                                (0, 4): -math.inf})
    assert fills == {(0, 0): "c0", (0, 1): "c1", (0, 2): "c2"}
    assert table.scale_fills({"colors": ["a", "b"], "min": 0, "max": 1}, {(1, 1): 7}) == {(1, 1): "b"}
    with pytest.raises(SpecError, match="colors"):
        table.scale_fills({"colors": ["only"]}, {(0, 0): 1})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_alibi_figure_colours_the_computed_bias(lang):
    ctx = rendered(SPEC["alibi"], lang).ctx
    lin = compute("lm.alibi", {"n_heads": 8, "seq_len": 6})["linear"]
    ramp = ["scale-green-5", "scale-green-4", "scale-green-3", "scale-green-2", "scale-green-1", "white"]
    for i in range(6):
        for j in range(6):
            r = _placed(ctx, f"bias.r{i}c{j}")
            fills = [s.paint.fill for s in ctx.scene.items if isinstance(s, Shape) and s.kind == "rect"
                     and s.rect == r and s.paint.fill not in (None, "none")]
            if j <= i:
                assert fills == [THEME.color(ramp[int(lin[i][j]) + 5])]
            else:
                assert fills == []
    texts = _texts(ctx)
    # negative numbers with a true minus sign (table style minus: true)
    assert texts.count("\u22125") == 1 and texts.count("0") == 6 and texts.count("*") == 21 and "-1" not in texts
    assert lint_scene(ctx.scene) == []


def test_packing_figure_mask_cells_follow_the_segments():
    ctx = rendered(SPEC["packing"], "en").ctx
    seg = compute("lm.packing", {"lengths": [3, 2, 4], "pad_to": 10, "start": 1})["segment_mask"]
    colour = {0: THEME.color("grey-1"), 1: THEME.color("green-light"), 2: THEME.color("pink"), 3: THEME.color("sky")}
    for i in range(10):
        for j in range(10):
            r = _placed(ctx, f"mask.r{i}c{j}")
            fill = next(s.paint.fill for s in ctx.scene.items if isinstance(s, Shape) and s.kind == "rect"
                        and s.rect == r and s.paint.fill != "none")
            assert fill == colour[seg[i][j]]
    texts = _texts(ctx)
    assert [t for t in texts if t.isdigit()] == ["1", "2", "3", "1", "2", "1", "2", "3", "4"]


def test_table_hatch_and_localized_args(make_specs):
    ctx = _render(make_specs, """\
  t:
    component: table
    args: {words: {en: [one, two], zh: [一, 二]}}
    at: [200, 100]
    data:
      col_widths: [60, 60]
      row_heights: [50]
      values: [{at: [0, 0], from: args.words}]
      styles: [{cols: 1, hatch: true}]
""", lang="zh")
    assert {"一", "二"} <= set(_texts(ctx))
    cell = ctx.placed["t.r0c1"]
    strokes = [s for s in ctx.scene.items if isinstance(s, Shape) and s.kind == "path"
               and s.paint.stroke_width == bars.HATCH_WIDTH]
    assert strokes
    for s in strokes:
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", s.d)]
        assert all(cell.x - 0.01 <= x <= cell.right + 0.01 for x in nums[0::2])
        assert all(cell.y - 0.01 <= y <= cell.bottom + 0.01 for y in nums[1::2])


# ---------------------------------------------------------------- underbraces placeholders, paren, front
def test_sft_loss_formula_is_computed():
    for lang in ("en", "zh"):
        ctx = rendered(SPEC["sft-loss"], lang).ctx
        assert lint_scene(ctx.scene) == []
    p = _args("sft-loss", "dist", "en")["probs"]
    from diagrams.components.underbraces import _filled

    class Ctx:  # the bits of a layout context _filled uses
        lang = "en"
    n = next(x for x in load_figure(SPEC["sft-loss"]).all_nodes() if x.id.split(".")[-1] == "loss_terms")
    data = localized(dict(n.get("data")), "en")
    out = _filled(n, Ctx(), data)
    assert all(f"\\log({v})" in out["tex"] for v in p) and "{" + "args" not in out["tex"]
    assert [b["part"] for b in out["braces"]] == [str(v) for v in p]
    assert "\\frac{1}{ 6 }" in out["tex"]


def test_paren_path_bends_at_both_ends():
    r = Rect(10, 20, 12, 100)
    d = paren_path(r, "right")
    assert d.startswith("M22 20Q10 20 10 32V108Q10 120 22 120")
    assert paren_path(r, "left").startswith("M10 20Q22 20 22 32")
    arch = paren_path(Rect(0, 0, 80, 10), "down")
    assert arch.startswith("M0 10Q0 0 10 0H70")
    shapes = outline("paren", r, Paint(stroke="#4472C4", stroke_width=3), direction="right")
    assert len(shapes) == 1 and shapes[0].paint.fill in (None, "none") and shapes[0].paint.stroke == "#4472C4"


def test_front_node_is_drawn_over_the_edges(make_specs):
    nodes = """\
  a: {text: A, at: [100, 100]}
  b: {text: B, at: [500, 100]}
  note: {text: over the line, shape: rect, fill: white, stroke: none, front: true, at: [300, 100]}
"""
    ctx = _render(make_specs, nodes, "  - {from: a, to: b}\n  - {from: note, to: b, exit: bottom, enter: bottom}\n")
    items = ctx.scene.items
    note_text = next(k for k, t in enumerate(items) if isinstance(t, TextItem) and t.text == "over the line")
    lines = [k for k, s in enumerate(items) if isinstance(s, Shape) and s.kind == "path" and s.paint.stroke]
    assert lines and max(lines) < note_text
    assert lint_scene(ctx.scene) == []
    # without front the same figure has a line through the note
    ctx2 = _render(make_specs, nodes.replace(", front: true", ""), "  - {from: a, to: b}\n")
    assert any("runs through text" in p for p in lint_scene(ctx2.scene))


# ---------------------------------------------------------------- the figures: computed numbers, no lint
@pytest.mark.parametrize("fig", FIGURES)
def test_figures_lint_clean(fig):
    for lang in ("en", "zh"):
        assert lint_scene(rendered(SPEC[fig], lang).ctx.scene, THEME) == [], (fig, lang)


def test_llm_output_numbers_are_the_softmax_of_the_logits():
    for lang in ("en", "zh"):
        args = _args("llm-output", "chart", lang)
        res = compute("lm.next_token", args)
        ctx = rendered(SPEC["llm-output"], lang).ctx
        texts = _texts(ctx)
        for i in (0, 1, 2, 6, 9, 11, 14):
            assert format(res["probs"][i], ".3f") in texts
        assert res["token"] in texts and res["id"] == 6
        heights = [_placed(ctx, f"chart.bar{i}").h for i in range(15)]
        assert [h / max(heights) for h in heights] == pytest.approx([q / max(res["probs"]) for q in res["probs"]])


def test_batchnorm_layernorm_formulas_hold_computed_values():
    fig = load_figure(SPEC["batchnorm-layernorm"])
    from diagrams.layout.templates import fill

    def text(node_id):
        n = next(x for x in fig.all_nodes() if x.id.split(".")[-1] == node_id)
        args = dict(n.get("args"))
        return fill(n.text.en, compute(n.get("compute"), args), args, "en")

    assert text("bn_mu").endswith("= 0.3$") and text("bn_var2").endswith("= 0.0467$")
    assert text("bn_x2").endswith("= \\frac{ \u22120.2 }{ 0.216 } = \u22120.926$")   # computed: a true minus sign
    assert text("ln_var2").endswith("= \\frac{ 0.1225+0.0225+0.0025+0.0225 }{4} = 0.0425$")
    assert text("ln_x1").endswith("= \\frac{ 0.35 }{ 0.206 } = 1.698$")
