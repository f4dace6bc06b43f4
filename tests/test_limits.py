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
             "did you mean rope.theta")
