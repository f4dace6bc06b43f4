"""Limits: a spec from a stranger cannot make a computation, a label or an output exhaust the machine.

Every limit is a named constant; the error names it and the value over it, and is located in the spec."""
import inspect
import time

import pytest

from conftest import render_nodes
from diagrams.errors import SpecError
from diagrams.numeric import COMPUTATIONS, compute


def _refused(make_specs, nodes_yaml, *needles, line=None, seconds=10):
    t0 = time.perf_counter()
    with pytest.raises(SpecError) as info:
        render_nodes(make_specs, nodes_yaml)
    assert time.perf_counter() - t0 < seconds, "refused quickly"
    msg = str(info.value)
    for needle in needles:
        assert needle in msg, msg
    assert "\n" not in msg and msg.split(":")[0].endswith("fig.yaml"), msg
    if line is not None:
        assert info.value.line == line, msg
    return info.value



class _Limits:
    """``diagrams.numeric.limits``, imported when a test uses it (so the other tests run without it)."""

    def __getattr__(self, name):
        from diagrams.numeric import limits as mod

        return getattr(mod, name)


limits = _Limits()


# ------------------------------------------------------------------ 1. computation arguments
CHART_HEAD = """\
c:
  component: chart
  data:
    size: [300, 200]
    series:
"""


@pytest.mark.parametrize("nodes, needles, line", [
    # built for 25 s before (a chart of 10 million frequencies)
    (CHART_HEAD + "      - {compute: rope.theta, args: {base: 10000,\n                                     head_dim: 2e7}, y: result}\n",
     ("rope.theta", "head_dim is 20000000", "MAX_HEAD_DIM = 1024"), 12),
    # ran for hours before (V**100000000)
    ("n:\n  text: '{value.exponents.1}'\n  compute: search_space.exhaustive\n  args: {vocab: 100000, depths: [1, 1e8]}\n",
     ("search_space.exhaustive", "depths is 100000000", "MAX_EXPONENT = 100"), 9),
    # grew past 5.7 GB before (16000² masks)
    ("t:\n  component: table\n  compute: lm.packing\n  args:\n    lengths: [3, 2, 4]\n    pad_to: 16000\n"
     "  data: {size: [1, 10], values: [{at: [0, 0], from: position_ids}]}\n",
     ("lm.packing", "pad_to is 16000", "MAX_SEQ_LEN = 128"), 11),
    ("t:\n  component: table\n  compute: lm.packing\n  args:\n    lengths: [100, 100]\n"
     "  data: {values: [{at: [0, 0], from: position_ids}]}\n",
     ("lengths adds up to 200", "MAX_SEQ_LEN = 128"), 10),
])
def test_probes_fail_fast_at_the_argument_naming_the_limit(make_specs, nodes, needles, line):
    _refused(make_specs, nodes, *needles, line=line)


def test_generic_limits_apply_to_every_computation(make_specs):
    _refused(make_specs, "n: {text: '{value.0}', compute: lm.softmax, args: {logits: [1, 2e13]}}\n",
             "holds the number 20000000000000", "MAX_ARG_NUMBER = 1e+12")
    with pytest.raises(limits.ArgLimitError, match="MAX_ARG_ITEMS = 2000"):
        compute("lm.softmax", {"logits": [0.0] * 2001})
    with pytest.raises(limits.ArgLimitError, match="MAX_ARG_TEXT = 2000"):
        compute("reasoning.majority_vote", {"answers": ["x" * 2001]})


def test_the_result_size_is_bounded_too():
    """Arguments each within their limits can still multiply (positions × dims): the result is counted first."""
    with pytest.raises(limits.ArgLimitError, match="MAX_RESULT_ITEMS = 100000"):
        compute("rope.table", {"head_dim": 1024, "positions": list(range(2000)), "dims": list(range(1000))})


def test_a_chart_range_counts_against_the_argument_limits(make_specs):
    _refused(make_specs, CHART_HEAD + "      - {compute: lm.softmax, args: {logits: {range: [0, 5000, 1]}}, y: result}\n",
             "MAX_ARG_ITEMS = 2000", line=11)


def test_every_declared_limit_names_a_real_argument():
    for name, rules in limits.LIMITS.items():
        assert name in COMPUTATIONS, name
        params = inspect.signature(COMPUTATIONS[name]).parameters
        for arg in rules:
            assert arg in params, f"{name} has no argument {arg}"
        for rule in (r for rs in rules.values() for r in (rs if isinstance(rs, tuple) else (rs,))):
            assert isinstance(getattr(limits, rule.limit), (int, float)), rule.limit


# argument names that size an array, a loop or a number's digits: each needs a limit of its own
SIZE_LIKE = {"num", "samples", "n_samples", "num_steps", "n_atoms", "head_dim", "seq_len", "pad_to", "lengths",
             "max_len", "n_heads", "steps", "beam", "n", "t", "depths", "levels", "depth", "n_layers", "n_batches",
             "prefix_len", "prompt_len", "output_len", "temperatures", "true_values", "components", "actions"}


# arguments of those names that size nothing: values used element by element (the generic limits suffice)
NOT_SIZES = {
    "exploration.epsilon_schedule.steps": "the step numbers to evaluate (a list of x values)",
    "exploration.greedy_choice.actions": "one name per Q value",
    "exploration.max_target.true_values": "one value per action, used element-wise",
    "mcts.uct.n": "visit counts, values in a formula", "mcts.puct.n": "visit counts, values in a formula",
    "training.accumulation.steps": "micro-batches per update: the loops run over n_batches (limited)",
}


def test_every_size_like_argument_has_a_limit():
    missing = [f"{name}.{arg}" for name, fn in COMPUTATIONS.items() for arg in inspect.signature(fn).parameters
               if arg in SIZE_LIKE and arg not in limits.LIMITS.get(name, {}) and f"{name}.{arg}" not in NOT_SIZES]
    assert missing == [], missing


def test_limits_hold_outside_specs_too():
    with pytest.raises(limits.ArgLimitError, match="MAX_SEQ_LEN = 128"):
        compute("toy_llm.attention_masks", {"seq_len": 10_000, "valid": [1]})
    with pytest.raises(limits.ArgLimitError, match="MAX_GRID_CELLS = 4096"):
        compute("hierarchy.feudal_grid", {"levels": 20, "branching": 10, "marked": [], "depth": 1})
    with pytest.raises(limits.ArgLimitError, match="MAX_DRAWS = 100000"):
        compute("lm.sample", {"probs": [0.5, 0.5], "n": 10 ** 9})


def test_exact_arithmetic_refuses_numbers_of_a_billion_digits():
    t0 = time.perf_counter()
    for name, args in (("reasoning.compare_decimals", {"a": "1e999999999", "b": 9.9}),
                       ("reasoning.arithmetic_chain", {"start": "1e999999999", "steps": []})):
        with pytest.raises(ValueError, match="MAX_DIGITS = 60"):
            compute(name, args)
    assert time.perf_counter() - t0 < 1


def test_limits_leave_the_specs_examples_alone():
    """The defaults of every computation are within the limits (the specs themselves: test_all_specs)."""
    for name, fn in COMPUTATIONS.items():
        defaults = {k: p.default for k, p in inspect.signature(fn).parameters.items()
                    if p.default is not inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD}
        limits.check(name, {k: list(v) if isinstance(v, tuple) else v for k, v in defaults.items()})


def test_lm_sample_with_too_few_token_names_is_a_located_spec_error(make_specs):
    # was an IndexError (internal error): the sampled id 1 had no name in a one-name list
    _refused(make_specs, "b:\n  component: bars\n  compute: lm.sample\n"
                         "  args: {probs: [0.5, 0.5], n: 3, seed: 1, tokens: [a]}\n",
             "lm.sample", "tokens must name every probability: 1 tokens for 2 probabilities", line=9)


def test_an_error_inside_a_computation_is_not_an_unknown_computation(make_specs):
    # a KeyError raised inside a computation used to read "unknown computation"
    err = _refused(make_specs, "n: {text: '{value.0}', compute: formats.float_layouts, args: {names: [FP7]}}\n",
                   "computation 'formats.float_layouts' rejected its args")
    assert "unknown computation" not in str(err)
    _refused(make_specs, "n: {text: '{value}', compute: rope.thetaa}\n", "unknown computation 'rope.thetaa'",
             "did you mean 'rope.theta'")


# ------------------------------------------------------------------ 2. labels and outputs
@pytest.mark.parametrize("nodes, what", [
    ("n: {text: 'x = {value.0:>2000000000}', compute: lm.softmax, args: {logits: [1, 2]}}\n", "number format"),
    ("n: {text: 'x = {args.a:.2000000000f}', args: {a: 1}}\n", "number format"),
    ("b: {component: bars, data: {values: [0.2, 0.8], show_values: true, value_format: '>2000000000'}}\n",
     "value_format"),
    ("c: {component: chart, data: {size: [300, 200], x: {tick_format: '{x:>2000000000}'},\n"
     "    series: [{x: [0, 1], y: [0, 1]}]}}\n", "x.tick_format"),
    ("t: {component: table, data: {values: [{at: [0, 0], values: [[1.5]]}], styles: [{format: '0>999'}]}}\n",
     "number format"),
])
def test_number_format_widths_are_bounded(make_specs, nodes, what):
    """``{x:>2000000000}`` made a 4 GB label."""
    _refused(make_specs, nodes, what, "asks for a width or precision of", "over the limit MAX_FORMAT_WIDTH = 100")


def test_number_formats_within_the_limit_still_work(make_specs):
    r = render_nodes(make_specs, "n: {text: '[{value.1:>12.3f}]', compute: lm.softmax, args: {logits: [1, 2]}, "
                                 "at: [0, 0]}\n")
    assert "[       0.731]" in r.svg.replace("&#160;", " ").replace("\u00a0", " ")


def test_squiggle_samples_are_bounded(make_specs):
    """``samples: 200000`` made a 125 MB SVG."""
    nodes = ("w:\n  component: rope_wave\n  compute: rope.table\n  args: {head_dim: 8, positions: [0, 1, 2], dims: [0]}\n"
             "  data: {kind: squiggles, table: t, rows: [0, 1, 2], pairs: [{col: 0, dim: 0}],\n"
             "         samples: 200000}\n")
    _refused(make_specs, nodes, "samples is 200000", "MAX_SAMPLES = 1000", line=11)


def test_icon_counts_are_bounded(make_specs):
    _refused(make_specs, "g: {component: icon_grid, data: {count: 1000000000}}\n",
             "icon_grid count is 1e+09, over the limit MAX_ICONS = 500", line=6)


def test_the_number_of_edges_is_bounded(make_specs):
    from diagrams.spec.validate import MAX_EDGES

    nodes = "a: {text: A, at: [0, 0]}\nb: {text: B, at: [300, 0]}\n"
    edges = "".join("  - {from: a, to: b, route: elbow, jump: true}\n" for _ in range(MAX_EDGES + 1))
    specs = make_specs({"ch/fig": "id: fig\nchapter: ch\ntitle: T\nlayout: free\nnodes:\n"
                                  + "".join("  " + ln + "\n" for ln in nodes.splitlines()) + "edges:\n" + edges})
    from diagrams.pipeline import load_figure

    t0 = time.perf_counter()
    with pytest.raises(SpecError, match=r"has 401 edges, over the limit MAX_EDGES = 400") as info:
        load_figure(specs / "ch" / "fig.yaml")
    assert info.value.line == 8 and time.perf_counter() - t0 < 5


def test_warnings_are_deduplicated_and_capped(make_specs):
    from diagrams.lint import MAX_WARNINGS, lint_scene

    same = "".join(f"s{i}: {{text: Same, style: plain, at: [0, 0]}}\n" for i in range(30))
    r = render_nodes(make_specs, same)
    assert lint_scene(r.ctx.scene) == ["text 'Same' collides with 'Same'"]
    many = "".join(f"m{i}: {{text: T{i}, style: plain, at: [0, 0]}}\n" for i in range(40))   # 780 collisions
    problems = lint_scene(render_nodes(make_specs, many).ctx.scene)
    assert len(problems) == MAX_WARNINGS + 1 == 51
    assert problems[-1].startswith("… and 730 more warnings") and "MAX_WARNINGS = 50" in problems[-1]


def test_a_figure_svg_over_the_size_limit_is_refused(make_specs, monkeypatch):
    from diagrams import pipeline

    nodes = "".join(f"n{i}: {{text: Node number {i}, at: [{i * 150}, 0]}}\n" for i in range(10))
    size = len(render_nodes(make_specs, nodes).svg.encode())
    monkeypatch.setattr(pipeline, "MAX_SVG_BYTES", size - 1)
    _refused(make_specs, nodes, f"the figure's SVG is {size} bytes", f"over the limit MAX_SVG_BYTES = {size - 1}")


def test_a_figure_too_large_to_rasterise_is_refused(make_specs):
    """Sizes and positions are limited to 5000 px each, but five 4500 px boxes in a grid row are 23 000 px wide:
    twice that is past cairo's 32 767 px, so the PNG export failed with a CairoError."""
    specs = make_specs({"ch/fig": "id: fig\nchapter: ch\ntitle: T\nnodes:\n"
                                  + "".join(f"  n{i}: {{text: N, size: [4500, 40], at: [{i}, 0]}}\n" for i in range(5))})
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    with pytest.raises(SpecError, match=r"the figure is 2\d{4}×\d+ px, over the limit MAX_FIGURE_PX = 16000"):
        render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme())


# ------------------------------------------------------------------ 3. internal errors become located SpecErrors
def test_one_very_long_label_is_a_located_error_not_a_cairo_error(make_specs):
    """A valid 1900-character label at 120 px rendered to an SVG that cairo could not rasterise (CairoError)."""
    err = _refused(make_specs, "a:\n  font_size: 120\n  text: " + "W" * 1900 + "\n",
                   "px wide, over the limit MAX_TEXT_PX = 8000", "wrap", line=8)
    assert err.col == 5


def test_a_very_long_title_is_located_at_the_title(make_specs):
    specs = make_specs({"ch/fig": "id: fig\nchapter: ch\ntitle: " + "W" * 1900 + "\nnodes:\n  a: {text: A}\n"})
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    with pytest.raises(SpecError, match="the title is .* px wide, over the limit MAX_TEXT_PX = 8000") as info:
        render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme())
    assert info.value.line == 3


def test_an_integer_of_5000_digits_is_a_located_error(make_specs):
    """Python refuses to read it (ValueError from the YAML loader: an internal error before)."""
    _refused(make_specs, "t: {component: table, data: {values: [{at: [0, 0], values: [[" + "9" * 5000 + "]]}]}}\n",
             "an integer of 5000 digits, over the limit MAX_INT_DIGITS = 100", line=6)


@pytest.mark.parametrize("nodes, needle, pos", [
    ("b:\n  component: bars\n  data:\n    values: [0.2, 0.8]\n    show_values: true\n    value_format: .2q\n",
     "value_format '.2q' does not apply to a number", (11, 7)),
    ("b:\n  component: bars\n  data:\n    values: [0.2, 0.8]\n    mark: {bar: abc}\n",
     "mark names the bar 'abc', which is neither a bar index nor max", (10, 14)),
    ("b:\n  component: bars\n  data:\n    values: [0.2, 0.8]\n    mark: [1]\n",
     "data.mark of component bars must be true or false or a whole number", (10, 7)),
    ("c:\n  component: chart\n  data:\n    size: [300, 200]\n    y: {tick_format: .2q}\n    series: [{x: [0, 1], y: [0, 1]}]\n",
     "y.tick_format '.2q' does not apply to a number", (10, 11)),
    ("c:\n  component: chart\n  data:\n    size: [300, 200]\n    x: {tick_format: 5}\n    series: [{x: [0, 1], y: [0, 1]}]\n",
     "x.tick_format must be a text", (10, 11)),
    ("c:\n  component: chart\n  data:\n    size: [300, 200]\n    y: {label: Y, label_align: diagonal}\n"
     "    series: [{x: [0, 1], y: [0, 1]}]\n", "y.label_align is 'diagonal', not one of left, center, right", (10, 21)),
])
def test_bad_component_values_are_located_spec_errors(make_specs, nodes, needle, pos):
    """Each was a ValueError or TypeError from format(), int() or matplotlib: "internal error, please report"."""
    err = _refused(make_specs, nodes, needle)
    assert (err.line, err.col) == pos, str(err)


@pytest.mark.parametrize("nodes, needle, pos", [
    # found by the component fuzzing (tests/test_fuzz.py): each was a TypeError, ValueError or AttributeError
    ("t:\n  component: table\n  data:\n    values: [{at: [0, 0], values: [[1]]}]\n    font_size: null\n",
     "data.font_size of component table must be a positive number, not None", (10, 7)),
    ("p:\n  component: plot\n  data:\n    y_axis: 3\n", "data.y_axis of component plot must be a mapping, not 3",
     (9, 7)),
    ("p:\n  component: plot\n  data:\n    bands: [{x: [0, 1]}, 3]\n",
     "entry 2 of data.bands of component plot must be a mapping, not 3", (9, 28)),
    ("s:\n  component: iso_stack\n  compute: hierarchy.feudal_grid\n  data:\n    half: [430]\n",
     "data.half of component iso_stack must be a pair of numbers [a, b], not [430]", (10, 7)),
    ("b:\n  component: bars\n  data:\n    values: [0.2, 0.8]\n    height: 1e300\n",
     "data.height of component bars is 1e+300, over the limit MAX_DATA_NUMBER = 10000", (10, 7)),
    ("c:\n  component: chart\n  data:\n    size: [300, 200]\n    series:\n      - {x: [0, 1], y: [0, 1],\n"
     "         width: thick}\n", "series 0 width must be a number, not 'thick'", (12, 12)),
    ("c:\n  component: chart\n  data:\n    size: [300, 200]\n    series: [{x: [0, 1], y: [0, 1]}]\n"
     "    texts: [{text: T, at: [0, 0], font_size: [12]}]\n", "text 1 font_size must be a positive number", (11, 37)),
    ("k:\n  component: kv_heads\n  compute: attention.kv_groups\n  data:\n    outline: {dash: [[1], 2]}\n",
     "unknown dash [[1], 2]", None),
    ("k:\n  component: kv_heads\n  compute: attention.kv_groups\n  data:\n    link: {width: [9]}\n",
     "data.link.width of component kv_heads must be a number, not [9]", (10, 14)),
    ("s:\n  component: iso_stack\n  compute: returns.discounted\n  args: {rewards: [1, 2]}\n",
     "iso_stack needs `compute: hierarchy.feudal_grid`", None),
])
def test_values_of_the_wrong_kind_are_located_at_their_key(make_specs, nodes, needle, pos):
    err = _refused(make_specs, nodes, needle)
    if pos is not None:
        assert (err.line, err.col) == pos, str(err)


def test_a_formula_too_long_to_typeset_quickly_is_refused(make_specs):
    """A formula of 20 000 characters took 20 s to parse (found by the component fuzzing)."""
    tex = "x_{t+1} = x_t + " * 1300
    _refused(make_specs, f"e:\n  component: equations\n  data: {{rows: ['{tex}']}}\n",
             "characters, over the limit MAX_MATH_CHARS = 2000", seconds=5)


def test_a_component_label_of_thousands_of_characters_is_refused(make_specs):
    _refused(make_specs, "b:\n  component: bars\n  data:\n    values: [0.2, 0.8]\n    x_label: " + "x" * 2001 + "\n",
             "data.x_label of component bars is a text of 2001 characters, over the limit MAX_DATA_TEXT = 2000",
             line=10)


def test_a_chart_text_far_outside_the_chart_is_a_located_error():
    """FreeType's rasteriser overflowed on a mathtext label at x = 2e9 (found by the fuzzer, FUZZ_SEED=3775234332)."""
    from pathlib import Path

    from diagrams.errors import SpecError
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    spec = Path(__file__).resolve().parents[1] / "specs" / "dpo" / "dpo-implicit-reward-gradient.yaml"
    fig = load_figure(spec)
    node = next(n for n in fig.all_nodes() if n.get("component") == "chart")
    data = {k: v for k, v in dict(node.get("data")).items()}
    data["texts"] = [{"text": "$x$", "at": [2e9, 0]}]
    node.props["data"] = data
    with pytest.raises(SpecError) as err:
        render(fig, "en", load_theme("house"))
    assert "dpo-implicit-reward-gradient.yaml" in str(err.value) and "\n" not in str(err.value)
