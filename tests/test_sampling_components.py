"""The bars and beam components: states, hatching and beam rows drawn from the computations."""
import re

import pytest

from conftest import SPECS, rendered
from diagrams.components import bars, beam, localized
from diagrams.errors import SpecError
from diagrams.lint import lint_scene
from diagrams.numeric import compute, lm
from diagrams.pipeline import load_figure, render
from diagrams.scene import RawItem, Rect, Shape, TextItem
from diagrams.spec.loader import load_yaml
from diagrams.theme import load_theme

TOPK = SPECS / "no-training" / "top-k-sampling.yaml"
BEAM = SPECS / "no-training" / "beam-search.yaml"
THEME = load_theme()

HEAD = """\
id: fig
chapter: ch
title: {{en: Test, zh: 测试}}
nodes:
  n:
    at: [0, 0]
{body}"""


def _render(make_specs, body, lang="en"):
    specs = make_specs({"ch/fig": HEAD.format(body=body)})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, THEME).ctx


# ---------------------------------------------------------------- helpers of the components
def test_localized_picks_each_language_at_any_depth():
    value = {"start": {"en": "How", "zh": "你"}, "table": {"en": None, "zh": {"你": [["好", 0.3]]}}, "k": 3,
             "tokens": [{"en": "a", "zh": "甲"}, "b"]}
    assert localized(value, "en") == {"start": "How", "table": None, "k": 3, "tokens": ["a", "b"]}
    assert localized(value, "zh") == {"start": "你", "table": {"你": [["好", 0.3]]}, "k": 3, "tokens": ["甲", "b"]}


def test_hatch_segments_stay_inside_on_one_lattice():
    r = Rect(3, 7, 36, 100)
    segs = bars.hatch_segments(r, spacing=10, inset=1.5)
    inner = r.inset(1.5)
    assert len(segs) == 13  # lines x + y = 20·k … 140 crossing the inset box (x+y from 11.5 to 143.5)
    for xa, ya, xb, yb in segs:
        for x, y in ((xa, ya), (xb, yb)):
            assert inner.x - 1e-9 <= x <= inner.right + 1e-9 and inner.y - 1e-9 <= y <= inner.bottom + 1e-9
        c = xa + ya
        assert xb + yb == pytest.approx(c) and c / 10 == pytest.approx(round(c / 10))
        assert xb > xa and yb < ya  # '/' lines: up and to the right
    # the same lattice in a neighbouring bar: the lines continue across the shared edge
    right = bars.hatch_segments(Rect(39, 7, 36, 100), spacing=10)
    assert {round(xa + ya, 6) for xa, ya, _, _ in right} & {round(xa + ya, 6) for xa, ya, _, _ in segs}
    assert bars.hatch_segments(Rect(0, 0, 4, 50), inset=3) == []


def test_bar_states_from_kept_mask_and_sample():
    assert bars.bar_states(3) == ["kept"] * 3
    assert bars.bar_states(5, [True, True, True, False, False], 1) == ["kept", "sampled", "kept", "dropped", "dropped"]
    with pytest.raises(SpecError, match="not among the kept"):
        bars.bar_states(4, [True, False, False, False], 2)
    with pytest.raises(SpecError, match="outside"):
        bars.bar_states(2, None, 5)
    with pytest.raises(SpecError, match="3 bars"):
        bars.bar_states(2, [True, True, False])


def test_top_k_registry_samples_a_kept_token_reproducibly():
    probs = [0.05, 0.4, 0.3, 0.25]
    out = compute("lm.top_k", {"probs": probs, "k": 2, "seed": 3})
    assert out["sampled"] in out["ids"] and out["kept"] == [False, True, True, False]
    assert out == compute("lm.top_k", {"probs": probs, "k": 2, "seed": 3})
    assert "sampled" not in compute("lm.top_k", {"probs": probs, "k": 2})
    assert compute("lm.top_p", {"probs": probs, "p": 0.6, "seed": 0})["sampled"] in (1, 2)


# ---------------------------------------------------------------- bars in the figure
def _bar_fills(ctx, node="chart"):
    """Per bar: its fill colour and the number of hatch strokes drawn inside it."""
    out = []
    i = 0
    while f"{node}.bar{i}" in ctx.placed:
        r = ctx.placed[f"{node}.bar{i}"]
        fill = next(s.paint.fill for s in ctx.scene.items
                    if isinstance(s, Shape) and s.kind == "rect" and s.rect == r and s.paint.fill != "none")
        strokes = 0
        for s in ctx.scene.items:
            if isinstance(s, Shape) and s.kind == "path" and s.paint.stroke == THEME.color("grey-3") \
                    and s.paint.stroke_width == bars.HATCH_WIDTH:
                nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", s.d)]
                xs, ys = nums[0::2], nums[1::2]
                if all(r.x - 0.01 <= x <= r.right + 0.01 for x in xs) and all(r.y - 0.01 <= y <= r.bottom + 0.01
                                                                              for y in ys):
                    strokes += 1
        out.append((fill, strokes))
        i += 1
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_top_k_figure_keeps_exactly_the_computed_bars(lang):
    ctx = rendered(TOPK, lang).ctx
    args = load_yaml(TOPK)["nodes"]["chart"]["args"]
    res = compute("lm.top_k", dict(args))
    fills = _bar_fills(ctx)
    assert len(fills) == len(args["probs"]) == 16
    cream, sky, white = (THEME.color(c) for c in ("cream", "sky", "white"))
    kept = [i for i, k in enumerate(res["kept"]) if k]
    assert kept == [0, 1, 2] and res["sampled"] == 1
    for i, (fill, strokes) in enumerate(fills):
        if i == res["sampled"]:
            assert (fill, strokes) == (sky, 0)
        elif i in kept:
            assert (fill, strokes) == (cream, 0)
        else:
            assert fill == white and strokes >= 2, i
    texts = {t.text for t in ctx.scene.texts if isinstance(t, TextItem)}
    assert "K=3" in texts and {"en": "(Top-K=3)", "zh": "（Top-K=3）"}[lang] in texts
    # bar heights are proportional to the probabilities
    heights = [ctx.placed[f"chart.bar{i}"].h for i in range(16)]
    assert [h / heights[0] for h in heights] == pytest.approx([p / args["probs"][0] for p in args["probs"]])
    assert lint_scene(ctx.scene) == []


def test_another_k_moves_the_brace_and_the_cut(make_specs):
    body = ("    component: bars\n    compute: lm.top_k\n"
            "    args: {probs: [0.3, 0.25, 0.2, 0.15, 0.1, 0.05], k: 4, seed: 1}\n"
            "    data: {brace: 'K={k}', cut_label: cut, tokens: [a, b, c, d, e, f]}\n")
    ctx = _render(make_specs, body)
    fills = _bar_fills(ctx, "n")
    assert [strokes > 0 for _, strokes in fills] == [False] * 4 + [True] * 2
    assert "K=4" in {t.text for t in ctx.scene.texts if isinstance(t, TextItem)}
    cut = next(s for s in ctx.scene.items if isinstance(s, Shape) and s.kind == "path" and s.paint.dash)
    x = float(re.match(r"M(-?[\d.]+)", cut.d).group(1))
    assert x == pytest.approx(ctx.placed["n.bar3"].right, abs=0.01)


def test_bars_without_computation_draw_data_values(make_specs):
    ctx = _render(make_specs, "    component: bars\n    data: {values: [2, 1], sampled: 0}\n")
    assert [f for f, _ in _bar_fills(ctx, "n")] == [THEME.color("sky"), THEME.color("cream")]


@pytest.mark.parametrize("body, message", [
    ("    component: bars\n    data: {valus: [1, 2]}\n", "unknown key 'valus'"),
    ("    component: bars\n    data: {tokens: [a]}\n", "needs values"),
    ("    component: bars\n    data: {values: [1, 2], tokens: [a]}\n", "1 token labels for 2 bars"),
])
def test_bars_bad_data_is_one_located_message(make_specs, body, message):
    with pytest.raises(SpecError) as info:
        _render(make_specs, body)
    assert message in info.value.message and info.value.line is not None


def test_no_svg_pattern_or_clip_in_the_bar_chart():
    for lang in ("en", "zh"):
        svg = rendered(TOPK, lang).svg
        assert "<pattern" not in svg and "clip-path" not in svg and "<clipPath" not in svg


# ---------------------------------------------------------------- beam search
def test_detokenize():
    assert beam.detokenize("How are you ?") == "How are you?"
    assert beam.detokenize("你 好 棒 ！", "") == "你好棒！"
    assert beam.detokenize("a , b", " ") == "a, b"


def _kept_parts(ctx, node="search"):
    return sorted(k.split(".", 1)[1] for k in ctx.placed if k.startswith(f"{node}.step") and "_" in k
                  and not re.fullmatch(rf"{node}\.step\d+_\d+", k))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_beam_figure_highlights_exactly_the_kept_rows(lang):
    ctx = rendered(BEAM, lang).ctx
    args = localized(dict(load_yaml(BEAM)["nodes"]["search"]["args"]), lang)
    res = compute("lm.beam_search", args)
    expected = sorted(f"step{s['step']}_{c['text'].replace(' ', '_')}" for s in res["steps"]
                      for b in s["beams"] for c in b["candidates"] if c["kept"])
    assert _kept_parts(ctx) == expected and len(expected) == 6
    sky = THEME.color("sky")
    highlights = [s for s in ctx.scene.items if isinstance(s, Shape) and s.kind == "rect" and s.paint.fill == sky
                  and s.rect.h == beam.ROW_H - 2]
    assert len(highlights) == 6
    # bold numbers are exactly the kept totals; every row's numbers are the computed ones
    bold = sorted(t.text for t in ctx.scene.texts if isinstance(t, TextItem) and t.bold and t.text[0].isdigit())
    assert bold == sorted(format(c["total"], ".3g") for s in res["steps"] for b in s["beams"]
                          for c in b["candidates"] if c["kept"])
    texts = [t.text for t in ctx.scene.texts if isinstance(t, TextItem)]
    for s in res["steps"]:
        for b in s["beams"]:
            for c in b["candidates"]:
                assert format(c["prob"], ".3g") in texts and format(c["total"], ".3g") in texts
    # one pair of scissors per pruned or elided row
    pruned = sum(1 + sum(not c["kept"] for c in b["candidates"]) for s in res["steps"] for b in s["beams"])
    assert sum(isinstance(it, RawItem) for it in ctx.scene.items) == pruned == 14
    final = beam.detokenize(res["best"], " " if lang == "en" else "")
    assert final == {"en": "How are you?", "zh": "你好棒！"}[lang]
    assert final in texts
    assert lint_scene(ctx.scene) == []


def test_beam_of_one_is_greedy_decoding(make_specs):
    ctx = _render(make_specs, "    component: beam\n    compute: lm.beam_search\n    args: {beam: 1, steps: 3}\n")
    assert _kept_parts(ctx, "n") == ["step1_How_was", "step2_How_was_the", "step3_How_was_the_?"]
    greedy = lm.greedy_decode(steps=3)["text"]
    assert beam.detokenize(greedy) in {t.text for t in ctx.scene.texts if isinstance(t, TextItem)}
    # one panel per step, the first with no header texts (none were given)
    assert sorted(k for k in ctx.placed if re.fullmatch(r"n\.step\d+_\d+", k)) == ["n.step1_1", "n.step2_1",
                                                                                    "n.step3_1"]


@pytest.mark.parametrize("body, message", [
    ("    component: beam\n", "lm.beam_search"),
    ("    component: beam\n    compute: lm.beam_search\n    data: {chevron: down}\n", "unknown key 'chevron'"),
    ("    component: beam\n    compute: lm.beam_search\n    data: {chevrons: up}\n", "data.chevrons"),
])
def test_beam_bad_data_is_one_located_message(make_specs, body, message):
    with pytest.raises(SpecError) as info:
        _render(make_specs, body)
    assert message in info.value.message and info.value.line is not None


def test_bars_y_label_side_right_starts_right_of_the_axis(make_specs):
    def boxes(side):
        extra = f", y_label_side: {side}" if side else ""
        ctx = _render(make_specs, f"    component: bars\n    data: {{values: [2, 1], lead: 60, y_label: Prob{extra}}}\n")
        (t,) = [t for t in ctx.scene.texts if isinstance(t, TextItem) and t.text == "Prob"]
        bar = ctx.placed["n.bar0"]                     # the tallest bar: its top is the axis' tip less axis_head
        return t.box, bar.x - 60, bar.y                # the label, the y axis' x, the top of the bars

    (left, axis_l, top_l), (right, axis_r, top_r) = boxes(None), boxes("right")
    assert left.right <= axis_l + 22 + 0.5            # the default ends just right of the axis, over its tip
    assert left.bottom - top_l < right.y - top_r      # …while the right one hangs level with the tip
    assert right.x >= axis_r + 10                     # right: it starts right of the axis
    with pytest.raises(SpecError, match="y_label_side"):
        boxes("top")
