"""Limits on the arguments of the figure-facing computations, checked before every one of them runs.

A figure shows a few dozen numbers. Larger inputs only make arrays no figure can show, and some of them make
the machine work for hours or run out of memory (``search_space.exhaustive`` with a depth of 1e8 computes
V**100000000; ``lm.packing`` with ``pad_to: 16000`` builds 16000² masks). ``check(name, args)`` applies, in
this order, the generic limits to every value of ``args`` (numbers, lists, texts) and the limits ``LIMITS``
declares per computation on its size-like arguments. Every limit is a named constant of this module; an
``ArgLimitError`` names the argument, its value and the limit (``MAX_SEQ_LEN = 128``).
"""
from __future__ import annotations

# ------------------------------------------------------------------ generic: any value of any computation
MAX_ARG_NUMBER = 1e12       # any number (values such as -1e9, written for -inf in masks, stay fine)
MAX_ARG_ITEMS = 2_000       # entries of any list (a curve's x values, a table's rows)
MAX_ARG_TEXT = 2_000        # characters of any string
MAX_RESULT_ITEMS = 100_000  # numbers and texts of a result (checked after the computation, before conversion)

# ------------------------------------------------------------------ size-like arguments (see LIMITS)
MAX_CURVE_POINTS = 2_000    # points of a sampled curve (num, samples, n_atoms, num_steps)
MAX_SEQ_LEN = 128           # positions of a token sequence (packing, masks, padding, prefixes, n-step offsets)
MAX_HEAD_DIM = 1_024        # dimensions of one attention head (RoPE frequencies and angles)
MAX_MATRIX_SIDE = 64        # rows or columns of a matrix written out cell by cell (RoPE rotation matrix)
MAX_HEADS = 64              # attention heads (ALiBi slopes and biases, KV groups)
MAX_STEPS = 100             # steps, layers, batches, levels or beam width of a process drawn step by step
MAX_CHOICES = 32            # alternatives compared side by side (actions, temperatures, distributions)
MAX_DRAWS = 100_000         # random draws of a sampling or Monte-Carlo estimate
MAX_EXPONENT = 100          # sequence positions of an exhaustive search (V**t has t·log10 V digits)
MAX_GRID_CELLS = 4_096      # cells of the finest level of a hierarchical grid


class ArgLimitError(ValueError):
    """An argument over one of the limits; ``arg`` names it (a top-level key of ``args``)."""

    def __init__(self, message: str, arg: str | None = None):
        super().__init__(message)
        self.arg = arg


def _limit(name: str) -> float:
    return globals()[name]


def _numbers(v):
    """Every number in ``v`` (a number or nested lists), bools excluded."""
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, bool):
            continue
        if isinstance(x, (int, float)):
            yield x
        elif isinstance(x, (list, tuple)):
            stack.extend(x)


class Max:
    """A number argument, or every number of a list argument, at most the limit in absolute value."""

    def __init__(self, limit: str):
        self.limit = limit

    def check(self, name: str, arg: str, value, args: dict) -> None:
        cap = _limit(self.limit)
        for x in _numbers(value):
            if abs(x) > cap:
                what = arg if not isinstance(value, (list, tuple)) else f"an entry of {arg}"
                raise ArgLimitError(f"computation '{name}': {what} is {_show(x)}, over the limit "
                                    f"{self.limit} = {cap:g}", arg)


class Len:
    """A list argument with at most the limit of entries."""

    def __init__(self, limit: str):
        self.limit = limit

    def check(self, name: str, arg: str, value, args: dict) -> None:
        cap = _limit(self.limit)
        if isinstance(value, (list, tuple)) and len(value) > cap:
            raise ArgLimitError(f"computation '{name}': {arg} has {len(value)} entries, over the limit "
                                f"{self.limit} = {cap:g}", arg)


class Sum:
    """A list argument whose numbers add up to at most the limit (e.g. sequence lengths packed in one row)."""

    def __init__(self, limit: str):
        self.limit = limit

    def check(self, name: str, arg: str, value, args: dict) -> None:
        cap = _limit(self.limit)
        total = sum(abs(x) for x in _numbers(value))
        if total > cap:
            raise ArgLimitError(f"computation '{name}': {arg} adds up to {_show(total)}, over the limit "
                                f"{self.limit} = {cap:g}", arg)


class Derived:
    """A quantity computed from several arguments (``size(args)``; skipped when they are not numbers: the
    computation itself then rejects them) at most the limit."""

    def __init__(self, what: str, size, limit: str):
        self.what, self.size, self.limit = what, size, limit

    def check(self, name: str, arg: str, value, args: dict) -> None:
        cap = _limit(self.limit)
        try:
            n = self.size(args)
        except (TypeError, ValueError, OverflowError, KeyError):
            return
        if n > cap:
            raise ArgLimitError(f"computation '{name}': {self.what} would be {_show(n)}, over the limit "
                                f"{self.limit} = {cap:g}", arg)


def _feudal_cells(a: dict) -> float:
    levels, branching = a.get("levels", 4), a.get("branching", 2)
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (levels, branching)):
        raise TypeError
    return float(abs(branching)) ** (2 * max(int(levels) - 1, 0))


# computation -> {argument: rule or tuple of rules}; arguments not named here have the generic limits only
LIMITS: dict[str, dict] = {
    "returns.n_step": {"t": Max("MAX_SEQ_LEN"), "n": Max("MAX_SEQ_LEN")},
    "exploration.epsilon_schedule": {"num_steps": Max("MAX_CURVE_POINTS")},
    "exploration.max_overestimation": {"n_samples": Max("MAX_DRAWS"), "true_values": Len("MAX_CHOICES")},
    "policy.importance_curves": {"num": Max("MAX_CURVE_POINTS")},
    "policy.ppo_clip": {"num": Max("MAX_CURVE_POINTS")},
    "preference.dpo_weight_curve": {"num": Max("MAX_CURVE_POINTS"), "levels": Len("MAX_CHOICES")},
    "preference.reward_loss_curve": {"num": Max("MAX_CURVE_POINTS")},
    "lm.softmax_temperature": {"temperatures": Len("MAX_CHOICES")},
    "lm.softmax_temperature_grid": {"num": Max("MAX_CURVE_POINTS"), "temperatures": Len("MAX_CHOICES")},
    "lm.greedy": {"steps": Max("MAX_STEPS")},
    "lm.beam_search": {"steps": Max("MAX_STEPS"), "beam": Max("MAX_STEPS")},
    "lm.sample": {"n": Max("MAX_DRAWS")},
    "lm.packing": {"lengths": (Max("MAX_SEQ_LEN"), Sum("MAX_SEQ_LEN")), "pad_to": Max("MAX_SEQ_LEN")},
    "lm.alibi": {"n_heads": Max("MAX_HEADS"), "seq_len": Max("MAX_SEQ_LEN")},
    "rope.theta": {"head_dim": Max("MAX_HEAD_DIM")},
    "rope.table": {"head_dim": Max("MAX_HEAD_DIM")},
    "rope.rotation_matrix": {"head_dim": Max("MAX_MATRIX_SIDE")},
    "rope.waves": {"head_dim": Max("MAX_HEAD_DIM")},
    "rope.rotation_symbols": {"head_dim": Max("MAX_MATRIX_SIDE")},
    "activations.curve": {"num": Max("MAX_CURVE_POINTS")},
    "reasoning.arithmetic_chain": {"steps": Len("MAX_STEPS")},
    "peft.prefix_tuning": {"prefix_len": Max("MAX_SEQ_LEN"), "prompt_len": Max("MAX_SEQ_LEN"),
                           "output_len": Max("MAX_SEQ_LEN")},
    "training.accumulation": {"n_batches": Max("MAX_STEPS")},
    "training.recompute": {"n_layers": Max("MAX_STEPS")},
    "attention.kv_groups": {"n_heads": Max("MAX_HEADS")},
    "distributional.categorical_return": {"n_atoms": Max("MAX_CURVE_POINTS"), "samples": Max("MAX_CURVE_POINTS"),
                                         "components": Len("MAX_CHOICES")},
    "distributional.expected_returns": {"n_atoms": Max("MAX_CURVE_POINTS"), "actions": Len("MAX_CHOICES")},
    "search_space.exhaustive": {"depths": Max("MAX_EXPONENT")},
    "toy_llm.tokenize": {"max_len": Max("MAX_SEQ_LEN")},
    "toy_llm.attention_masks": {"seq_len": Max("MAX_SEQ_LEN")},
    "hierarchy.feudal_grid": {"levels": Max("MAX_STEPS"), "depth": Max("MAX_STEPS"),
                              "branching": Derived("the finest level's cell count", _feudal_cells,
                                                   "MAX_GRID_CELLS")},
}


def _show(x) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    if isinstance(x, int) and abs(x) >= 10 ** 16:
        return f"{float(x):.3g}"
    return f"{x:g}" if isinstance(x, float) else str(x)


def _generic(name: str, arg: str, value) -> None:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, (int, float)):
            if abs(v) > MAX_ARG_NUMBER:
                raise ArgLimitError(f"computation '{name}': {arg} holds the number {_show(v)}, over the limit "
                                    f"MAX_ARG_NUMBER = {MAX_ARG_NUMBER:g}", arg)
        elif isinstance(v, str):
            if len(v) > MAX_ARG_TEXT:
                raise ArgLimitError(f"computation '{name}': {arg} holds a text of {len(v)} characters, over the "
                                    f"limit MAX_ARG_TEXT = {MAX_ARG_TEXT}", arg)
        elif isinstance(v, (list, tuple)):
            if len(v) > MAX_ARG_ITEMS:
                raise ArgLimitError(f"computation '{name}': {arg} holds a list of {len(v)} entries, over the "
                                    f"limit MAX_ARG_ITEMS = {MAX_ARG_ITEMS}", arg)
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())


def result_size(obj) -> int:
    """How many numbers and texts ``obj`` (a raw result: numpy arrays, lists, dicts, scalars) holds."""
    import numpy as np

    total, stack = 0, [obj]
    while stack:
        v = stack.pop()
        if isinstance(v, np.ndarray):
            total += int(v.size)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        else:
            total += 1
        if total > MAX_RESULT_ITEMS:
            break
    return total


def check_result(name: str, result) -> None:
    n = result_size(result)
    if n > MAX_RESULT_ITEMS:
        raise ArgLimitError(f"computation '{name}' gives more than {MAX_RESULT_ITEMS} numbers, over the limit "
                            f"MAX_RESULT_ITEMS = {MAX_RESULT_ITEMS}")


def check(name: str, args: dict) -> None:
    """Raise ArgLimitError when an argument of computation ``name`` is over a limit."""
    for arg, value in args.items():
        _generic(name, str(arg), value)
    for arg, rules in LIMITS.get(name, {}).items():
        for rule in rules if isinstance(rules, tuple) else (rules,):
            if arg in args or isinstance(rule, Derived):
                rule.check(name, arg, args.get(arg), args)
