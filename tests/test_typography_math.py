"""Math and number typography: spaces around inline math, its size, display style (fractions, big operators and
their limits), script spacing, primes, growing delimiters, minus signs and the font of tick labels."""
import re

import pytest

from diagrams.components import chart, table
from diagrams.components.formula import subpaths
from diagrams.layout.text import place_text
from diagrams.pipeline import load_figure, render
from diagrams.scene import MathItem, RawItem, Rect, TextItem
from diagrams.text import fonts
from diagrams.text.mathparse import display_fracs
from diagrams.text.mathtext import typeset
from diagrams.text.rich import MATH_SCALE, MATH_SPACE, layout
from diagrams.theme import load_theme

from conftest import SPECS, rendered


def _boxes(d: str) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (x0, y0, x1, y1) of a path's contours (control points included: a little generous)."""
    out = []
    for _, nums, _ in subpaths(d):
        xs, ys = nums[0::2], nums[1::2]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def _ink(d: str) -> tuple[float, float, float, float]:
    b = _boxes(d)
    return min(x[0] for x in b), min(x[1] for x in b), max(x[2] for x in b), max(x[3] for x in b)


class _Scene:
    def __init__(self):
        self.items = []

    def add(self, it):
        self.items.append(it)


class _Only:
    def __init__(self, items):
        self.items = items


class _Ctx:
    def __init__(self):
        self.scene = _Scene()


# ------------------------------------------------------------------------------------------ inline math
@pytest.mark.parametrize("text", ["True objective $J'(\\theta)$ (Unknown)", "the episode ends after $t$ = 4",
                                  "Estimated value at $s_t$ :", "from $t$ = 4 to $t$ = 0"])
def test_a_space_before_and_after_inline_math_is_kept(text):
    size = 19.0
    block = layout(text, size)
    runs = block.lines[0].runs
    space = fonts.text_width(" ", size)
    for i, r in enumerate(runs):
        if r.kind != "math":
            continue
        ink_left = r.x + r.lead + r.math.left
        if i > 0 and runs[i - 1].kind == "text" and runs[i - 1].text.endswith(" "):
            prev = runs[i - 1]
            word_end = prev.x + fonts.text_width(prev.text.rstrip(), size)
            assert ink_left - word_end >= max(space, MATH_SPACE * size) - 0.01
        if i + 1 < len(runs) and runs[i + 1].kind == "text" and runs[i + 1].text.startswith(" "):
            nxt = runs[i + 1]
            word_start = nxt.x + fonts.text_width(nxt.text[:len(nxt.text) - len(nxt.text.lstrip())], size)
            assert word_start - (r.x + r.lead + r.math.width) >= max(space, MATH_SPACE * size) - 0.01


def test_text_is_anchored_at_the_formula_it_meets():
    """A renderer whose text runs a little wider than our measure must not close the space before a formula:
    the words before a formula end at a fixed point (anchor end), the words after it start at one."""
    size = 18.0
    block = layout("ends after $t$ = 4", size)
    ctx = _Ctx()
    place_text(ctx, block, Rect(0, 0, 400, 40), align="left")
    texts = [it for it in ctx.scene.items if isinstance(it, TextItem)]
    (math,) = [it for it in ctx.scene.items if isinstance(it, MathItem)]
    before, after = texts
    assert before.anchor == "end" and before.text == "ends after"
    assert math.x - before.x >= MATH_SPACE * size - 0.01          # the gap, whatever the renderer's advances
    assert after.anchor == "start" and after.text == "= 4"


def test_text_ending_in_full_width_punctuation_keeps_the_start_anchor():
    """cairo aligns middle/end anchors by the ink: a run ending in "，" (ink in the left of its em) would shift."""
    ctx = _Ctx()
    place_text(ctx, layout("$\\gamma$ = 0.99，$\\lambda$ = 0.95", 18.0), Rect(0, 0, 400, 40), align="left")
    (first, second) = [it for it in ctx.scene.items if isinstance(it, TextItem)]
    assert first.text == "= 0.99，" and first.anchor == "start"
    assert second.anchor == "start"


def test_inline_math_is_as_large_as_the_text_around_it():
    size = 20.0
    text_x = -fonts._pil_font(False).getbbox("x", anchor="ls")[1] / 200 * size
    text_h = -fonts._pil_font(False).getbbox("H", anchor="ls")[1] / 200 * size
    run = layout("a $x$ b $H$", size).lines[0].runs
    math_x, math_h = [r.math.height for r in run if r.kind == "math"]
    assert MATH_SCALE > 1
    assert 0.9 <= math_x / text_x <= 1.05          # lowercase a little smaller than the text's …
    assert 1.0 <= math_h / text_h <= 1.1           # … capitals a little larger: no longer a size smaller


# ------------------------------------------------------------------------------------------ display style
def test_display_fractions_are_full_size():
    size = 20.0
    text = typeset(r"-\frac{1}{N}", size)
    disp = typeset(r"-\frac{1}{N}", size, display=True)
    one = typeset("1", size)
    assert disp.height + disp.depth >= 1.4 * size                 # a full-size numerator over a full-size N
    assert disp.height + disp.depth >= 1.3 * (text.height + text.depth)
    num_ink = _ink(disp.path_d)
    assert -num_ink[1] >= one.height * 1.5                        # the numeral stands well above the baseline
    assert typeset(r"\displaystyle -\frac{1}{N}", size).path_d == disp.path_d


def test_only_fractions_display_style_reaches_become_full_size():
    assert display_fracs(r"\frac{a}{b}") == r"\dfrac{a}{b}"
    assert display_fracs(r"x_{\frac{a}{b}}") == r"x_{\frac{a}{b}}"                    # in a script
    assert display_fracs(r"\frac{1-\frac{a}{b}}{2}") == r"\dfrac{1-\frac{a}{b}}{2}"  # inside a fraction
    assert display_fracs(r"\left(\frac{a}{b}\right)^2") == r"\left(\dfrac{a}{b}\right)^2"
    assert display_fracs(r"\frac{\mathbf{a}}{\frac{1}{2}} + \frac12") == r"\dfrac{\mathbf{a}}{\frac{1}{2}} + \dfrac12"
    assert display_fracs(r"x^\frac{1}{2} + e^{x}\frac{a}{b}") == r"x^\frac{1}{2} + e^{x}\dfrac{a}{b}"


def test_display_sums_are_large_with_limits_that_do_not_run_together():
    size = 30.0
    small = typeset(r"\sum", size)
    big = typeset(r"\sum", size, display=True)
    assert big.height + big.depth >= 1.3 * (small.height + small.depth)
    both = typeset(r"\sum_{j=1}^{N}\sum_{i=1}^{C} y", size, display=True)
    # the lower limits: contours below the baseline's depth of the big operator
    low = [b for b in _boxes(both.path_d) if b[1] > big.depth]
    low.sort()
    groups, cur = [], [low[0]]
    for b in low[1:]:
        if b[0] - cur[-1][2] > size * 0.12:
            groups.append(cur)
            cur = [b]
        else:
            cur.append(b)
    groups.append(cur)
    assert len(groups) == 2                                    # "j=1" and "i=1", apart
    gap = min(b[0] for b in groups[1]) - max(b[2] for b in groups[0])
    assert gap >= size * 0.12


def test_one_over_n_keeps_clear_of_the_sum_limit():
    size = 30.0
    whole = typeset(r"\dfrac{1}{N}\sum_{i=1}^{N} f", size, display=True)
    frac = typeset(r"\dfrac{1}{N}", size, display=True)
    boxes = _boxes(whole.path_d)
    n_right = max(b[2] for b in boxes if b[0] < frac.width * 0.9 and b[1] > 0)    # the N
    limit_left = min(b[0] for b in boxes if b[0] > frac.width * 0.9 and b[1] > 0)  # i = 1
    assert limit_left - n_right >= size * 0.1


def test_scripts_have_no_spaces_around_relations_and_operators():
    size = 30.0
    tight = typeset(r"R_{t+1}", size).width
    glyphs = typeset(r"R_{t}", size).width + typeset(r"x_{+1}", size).width - typeset("x", size).width
    assert tight <= glyphs + 0.5


# ------------------------------------------------------------------------------------------ primes
@pytest.mark.parametrize("tex", ["J'", r"J^{\prime}", r"J^\prime", r"J\prime"])
def test_a_prime_attaches_to_its_symbol(tex):
    size = 30.0
    boxes = _boxes(typeset(tex, size).path_d)
    j, prime = boxes[0], boxes[-1]
    assert prime[0] <= j[2] + size * 0.05          # touches or overlaps the J's box
    assert prime[3] <= -size * 0.3                 # and sits high, as a prime does
    assert typeset(tex, size).path_d == typeset("J'", size).path_d


def test_a_subscript_after_a_prime_goes_under_it():
    size = 30.0
    d = typeset("s'_t", size).path_d
    boxes = _boxes(d)
    prime = min(boxes, key=lambda b: b[1])                     # the highest contour
    t = max(boxes, key=lambda b: b[3])                         # the lowest
    assert t[0] < prime[2]                                     # the t starts before the prime ends
    assert typeset(r"s^{\prime}_t", size).path_d == d


# ------------------------------------------------------------------------------------------ delimiters
def test_delimiters_grow_symmetrically_around_tall_content():
    size = 30.0
    box = typeset(r"\left(\dfrac{a}{b}\right)", size)
    frac = typeset(r"\dfrac{a}{b}", size)
    paren = _boxes(box.path_d)[0]
    assert paren[1] <= -frac.height + 0.5 and paren[3] >= frac.depth - 0.5


def test_delimiters_reach_over_braces_drawn_under_the_formula():
    size = 30.0
    tex = r"\left(a+b\right)^2"
    plain = typeset(tex, size, display=True)
    reached = typeset(tex, size, display=True, reach=(40.0, (0,)))
    assert reached.depth >= 40.0 - 0.5 > plain.depth
    assert reached.tex == tex


def test_underbraced_parts_make_their_parentheses_reach_the_labels():
    ctx = rendered(SPECS / "rl-basics" / "dqn-overestimation.yaml", "en").ctx
    labels = [it for it in ctx.scene.items if isinstance(it, TextItem) and it.text in ("Prediction",)]
    (formula,) = [it for it in ctx.scene.items if isinstance(it, MathItem) and r"\left(" in (it.tex or "")
                  and "max" in it.tex]
    bottom = formula.y + _ink(formula.d)[3]
    assert bottom >= labels[0].y                                # the ")" comes down to the label's baseline


# ------------------------------------------------------------------------------------------ numbers
def test_every_generated_negative_number_has_a_minus_sign():
    assert table.format_number(-5) == "\u22125"
    assert table.format_number(-0.25, ".2f") == "\u22120.25"
    assert table.format_number(-1e-5, ".1e") == "\u22121.0e\u221205"
    ctx = rendered(SPECS / "policy-optimization" / "importance-sampling.yaml", "en").ctx
    texts = [it.text for it in ctx.scene.items if isinstance(it, TextItem)]
    assert "\u22125" in texts and "\u221215" in texts
    assert not [t for t in texts if re.fullmatch(r"-\d.*", t)]


CHART = """\
id: fig
chapter: ch
title: {en: Chart, zh: 图表}
layout: free
nodes:
  p:
    component: chart
    at: [0, 0]
    compute: policy.ppo_clip
    args: {advantage: 1.0, epsilon: 0.2, r_min: 0, r_max: 2, num: 21}
    data:
      size: [500, 300]
      x: {lim: [0, 2], ticks: [0.8, 1, 1.2], tick_labels: ["$1-\\\\varepsilon$", "1", "$1+\\\\varepsilon$"]}
      y: {lim: [-2, 2], ticks: [-2, -1, 0, 1, 2], tick_format: ".1f"}
      series:
        - {x: ratio, y: objective, color: purple}
"""


def test_chart_ticks_have_minus_signs_and_one_font(make_specs):
    specs = make_specs({"ch/fig": CHART})
    ctx = render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx
    (raw,) = [it for it in ctx.scene.items if isinstance(it, RawItem)]
    words = re.findall(r">([^<>]+)</text>", raw.markup)
    assert "\u22122.0" in words and "\u22121.0" in words and not [w for w in words if "-" in w]
    maths = [it.tex for it in ctx.scene.items if isinstance(it, MathItem)]
    # "1" among formula ticks is set in the formulas' face: one face for the axis, and still a real word
    ones = [it for it in ctx.scene.items if isinstance(it, TextItem) and it.text == "1"]
    assert r"1-\varepsilon" in maths and "1" not in maths and "1" not in words
    assert [it.family for it in ones] == ["math"]
    # the PNG and PDF (cairo has no STIX face) draw it with the outlines the formula "1" has
    from diagrams.outline import math_texts
    from diagrams.render.svg import SvgWriter

    svg = "".join(SvgWriter("Noto Sans CJK SC").render(_Only(ones)).body)
    assert "<text" in svg and "STIX" in svg
    raster = math_texts(svg)
    assert "<text" not in raster and typeset("1", ones[0].size).path_d in raster


def test_same_font_leaves_plain_axes_alone():
    assert chart._same_font(["0", "1", "2"]) == ["0", "1", "2"]
    assert chart._same_font(["\u22121", "$x$", "Label"]) == ["$-1$", "$x$", "Label"]


def test_typesetting_is_deterministic():
    tex = r"\mathcal{L} = -\frac{1}{N}\sum_{j=1}^{N} y_j' \left(\dfrac{a}{b}\right)"
    a = typeset(tex, 23.0, display=True).path_d
    typeset.cache_clear()
    from diagrams.text import mathtext
    mathtext._unit.cache_clear()
    assert typeset(tex, 23.0, display=True).path_d == a
