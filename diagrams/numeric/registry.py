"""Figure-facing registry: name -> function of JSON-like keyword arguments.

A figure spec says `compute: rope.table` with `args: {...}`; `compute()` looks the name up,
calls it with the args and converts the result to plain Python (lists, dicts, floats, ints,
bools, strings; +-inf and nan stay Python floats).
"""
from __future__ import annotations

import difflib
from typing import Any, Callable

import numpy as np

from diagrams.numeric import (activations, exploration, formats, gae, lm, mcts, metrics, norm, policy,
                              preference, reasoning, returns)
from diagrams.numeric import peft
from diagrams.numeric import training
from diagrams.numeric import pruning
from diagrams.numeric import chat
from diagrams.numeric import embedding
from diagrams.numeric import attention
from diagrams.numeric import benchmark
from diagrams.numeric import distributional
from diagrams.numeric import search_space
from diagrams.numeric import toy_llm
from diagrams.numeric import hierarchy
from diagrams.numeric import trajectory
from diagrams.numeric import limits


def to_plain(obj: Any) -> Any:
    """Recursively convert numpy arrays/scalars, tuples and dataclass-dicts to plain Python."""
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_plain(obj.tolist())
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    return obj


def _tokens(tokens, ids):
    return None if tokens is None else [tokens[int(i)] for i in ids]


def _check_tokens(tokens, probs) -> None:
    """``tokens`` name the entries of ``probs``: one each (a shorter list left sampled ids without a name)."""
    if tokens is not None and (isinstance(tokens, str) or len(tokens) != len(probs)):
        n = "a text" if isinstance(tokens, str) else f"{len(tokens)} tokens"
        raise ValueError(f"tokens must name every probability: {n} for {len(probs)} probabilities")


def _td(reward, value, next_value, gamma=0.99, done=False):
    return {"target": returns.td_target(reward, next_value, gamma, done),
            "error": returns.td_error(reward, value, next_value, gamma, done)}


def _epsilon_greedy(q, epsilon=0.1):
    return {"greedy": exploration.greedy_action(q), "max": exploration.max_q(q),
            "probs": exploration.epsilon_greedy_probs(q, epsilon)}


def _advantage(q, pi=None, v=None):
    pi = np.full(len(q), 1.0 / len(q)) if pi is None else pi
    v = policy.state_value(q, pi) if v is None else v
    return {"v": v, "advantage": policy.advantage(q, v)}


def _token_kl(logits, ref_logits, token_ids):
    return {"logp": policy.token_log_probs(logits, token_ids),
            "logp_ref": policy.token_log_probs(ref_logits, token_ids),
            "kl": policy.per_token_kl(logits, ref_logits, token_ids)}


def _reward_model(r_chosen, r_rejected):
    return {"prob": preference.bradley_terry_prob(r_chosen, r_rejected),
            "loss": preference.reward_model_loss(r_chosen, r_rejected)}


def _softmax_temperature(logits, temperatures=(0.5, 1.0, 2.0)):
    temps = [temperatures] if np.isscalar(temperatures) else list(temperatures)
    return {"temperatures": temps, "probs": [lm.softmax_temperature(logits, t) for t in temps]}


def _softmax_temperature_grid(temperatures=(0.3, 1.0, 3.0), x_min=-6.0, x_max=6.0, num=241):
    """Softmax with temperature over a fine grid of tokens x whose logits are z(x) = -x^2 / 2 (a bell-shaped
    score profile): p_T = softmax(z / T) per temperature, and p_T / dx, the per-unit-x density (a normal
    density with variance T as the grid gets fine)."""
    x = np.linspace(x_min, x_max, int(num))
    z = -x ** 2 / 2.0
    temps = [temperatures] if np.isscalar(temperatures) else list(temperatures)
    probs = [lm.softmax_temperature(z, t) for t in temps]
    dx = float(x[1] - x[0])
    return {"x": x, "logits": z, "temperatures": temps, "probs": probs, "density": [p / dx for p in probs]}


def _cross_entropy(logits=None, targets=None, mask=None, probs=None):
    """From logits (T, V) and target ids; or from ``probs``: the model's probability of each target token
    (a list of T numbers) or whole distributions (T, V) with ``targets``. L = -sum_t m_t log p_t / sum_t m_t."""
    if probs is not None:
        p = np.asarray(probs, dtype=float)
        p_target = p if p.ndim == 1 else lm.gather(p, targets)
        if np.any(p_target <= 0) or np.any(p_target > 1):
            raise ValueError("probabilities must lie in (0, 1]")
        nll = -np.log(p_target)
        m = np.ones_like(nll) if mask is None else np.asarray(mask, dtype=float)
        return {"loss": float(np.sum(nll * m) / np.sum(m)), "token_nll": nll, "target_probs": p_target,
                "n": int(round(float(np.sum(m))))}
    if logits is None or targets is None:
        raise ValueError("give logits and targets, or probs")
    n = len(targets) if mask is None else int(round(float(np.sum(mask))))
    return {"loss": lm.cross_entropy(logits, targets, mask),
            "token_nll": -lm.gather(lm.log_softmax(logits), targets), "n": n}


def _next_token(logits=(2.0, 3.1, -1.7, 8.6, 5.3), tokens=None, temperature=1.0):
    """The LM output step: p = softmax(z / T) over the vocabulary, and greedy decoding picks argmax p
    (default: a few logits of the llm-output figure)."""
    _check_tokens(tokens, logits)
    p = lm.softmax_temperature(logits, temperature)
    i = int(np.argmax(p))
    return {"logits": np.asarray(logits, dtype=float), "probs": p, "id": i,
            "token": None if tokens is None else tokens[i], "prob": float(p[i])}


def _sample(probs, n=10, seed=0, tokens=None):
    _check_tokens(tokens, probs)
    ids = lm.sample_tokens(probs, n, seed)
    return {"ids": ids, "tokens": _tokens(tokens, ids), "counts": np.bincount(ids, minlength=len(probs))}


def _filtered(ids, new_probs, probs, tokens, extra=None, seed=None):
    """Kept ids and renormalised probs; with a seed also ``sampled``: one id drawn from the kept p'."""
    kept = np.zeros(len(probs), dtype=bool)
    kept[ids] = True
    out = {"ids": ids, "tokens": _tokens(tokens, ids), "probs": new_probs, "kept": kept,
           "mass": float(np.asarray(probs, dtype=float)[ids].sum()), **(extra or {})}
    if seed is not None:
        out["sampled"] = int(ids[int(lm.sample_tokens(new_probs, 1, int(seed))[0])])
    return out


def _top_k(probs, k=2, tokens=None, seed=None):
    _check_tokens(tokens, probs)
    ids, p = lm.top_k_filter(probs, k)
    return _filtered(ids, p, probs, tokens, seed=seed)


def _top_p(probs, p=0.9, tokens=None, seed=None):
    _check_tokens(tokens, probs)
    ids, q = lm.top_p_filter(probs, p)
    order = np.argsort(-np.asarray(probs, dtype=float), kind="stable")
    return _filtered(ids, q, probs, tokens,
                     {"order": order, "cumulative": np.cumsum(np.asarray(probs, float)[order])}, seed=seed)


def _rope_waves(head_dim=128, base=10000.0, positions=tuple(range(65)), dims=(0, 32)):
    """Per dimension (one list per entry of ``dims``): theta_i, the period 2 pi / theta_i (positions per turn),
    alpha = pos * theta_i and cos/sin alpha over
    ``positions`` (which may be fractional, to draw the continuous wave between token positions)."""
    alpha = lm.rope_angles(positions, dims, head_dim, base).T
    theta = lm.rope_theta(head_dim, base)[np.asarray(dims, dtype=int) // 2]
    return {"positions": list(positions), "dims": list(dims), "i": [int(d) // 2 for d in dims], "theta": theta,
            "period": 2 * np.pi / theta, "alpha": alpha, "cos": np.cos(alpha), "sin": np.sin(alpha)}


def _packing(lengths, pad_to=None, start=0):
    """Block-diagonal causal mask and per-sequence position ids of sequences packed into one row.

    ``pad_to``: the row's length; positions after the packed tokens are padding (mask rows/columns 0,
    segment -1). ``start``: the first position id (0 as in Hugging Face; 1 counts from one).
    ``segments``: the sequence index of each position; ``segment_mask``: k + 1 where the mask lets
    sequence k attend, else 0 (for colouring the mask by sequence)."""
    n = int(sum(lengths))
    total = n if pad_to is None else int(pad_to)
    if total < n:
        raise ValueError(f"pad_to={total} is shorter than the {n} packed tokens")
    mask = np.zeros((total, total), dtype=int)
    mask[:n, :n] = lm.packed_causal_mask(lengths)
    seg = np.full(total, -1)
    seg[:n] = np.repeat(np.arange(len(lengths)), lengths)
    return {"mask": mask, "position_ids": lm.packed_position_ids(lengths) + int(start), "segments": seg,
            "segment_mask": mask * (seg[:, None] + 1)}


def _alibi(n_heads=8, seq_len=5, causal=True):
    i = np.arange(seq_len)
    dist = i[:, None] - i[None, :]
    linear = -dist + 0.0
    if causal:
        linear = np.where(dist < 0, -np.inf, linear)
    return {"slopes": lm.alibi_slopes(n_heads), "distance": dist, "linear": linear,
            "bias": lm.alibi_bias(n_heads, seq_len, causal)}


def _rope_symbols(head_dim=8, pos="m", theta="θ", sep="·", first=0):
    """The rotation matrix R(pos) of RoPE written out: cells "cos m·θk", "-sin m·θk", "sin m·θk" on the
    2×2 diagonal blocks (k = first … first + d/2 - 1) and "0" elsewhere; ``block`` holds k per cell (-1 off
    the blocks). Its non-zero pattern is that of ``lm.rope_rotation_matrix``."""
    d = int(head_dim)
    if d <= 0 or d % 2:
        raise ValueError("head_dim must be a positive even number")
    nonzero = lm.rope_rotation_matrix(1.0, d) != 0
    nonzero |= np.kron(np.eye(d // 2, dtype=bool), np.ones((2, 2), dtype=bool))  # cos/sin may vanish numerically
    cells, block = [], []
    for r in range(d):
        row, brow = [], []
        for c in range(d):
            if not nonzero[r, c]:
                row.append("0")
                brow.append(-1)
                continue
            k = r // 2 + int(first)
            fn = {(0, 0): "cos", (0, 1): "-sin", (1, 0): "sin", (1, 1): "cos"}[(r % 2, c % 2)]
            row.append(f"{fn} {pos}{sep}{theta}{k}")
            brow.append(k)
        cells.append(row)
        block.append(brow)
    return {"cells": cells, "block": block, "theta": lm.rope_theta(d)}


COMPUTATIONS: dict[str, Callable[..., Any]] = {
    "returns.undiscounted": returns.undiscounted_return,
    "returns.discounted": returns.discounted_return,
    "returns.to_go": returns.returns_to_go,
    "returns.mc_estimate": returns.mc_value_estimate,
    "returns.mc_value": returns.mc_value,
    "returns.td": _td,
    "returns.n_step": returns.n_step_return,
    "gae.compute": gae.gae,
    "gae.worked_example": gae.worked_example,
    "exploration.epsilon_schedule": exploration.epsilon_schedule,
    "exploration.epsilon_greedy": _epsilon_greedy,
    "exploration.greedy_choice": exploration.greedy_choice,
    "exploration.max_overestimation": exploration.max_overestimation,
    "exploration.max_target": exploration.max_target,
    "policy.advantage": _advantage,
    "policy.importance_sampling": policy.importance_sampling,
    "policy.importance_curves": policy.importance_curves,
    "policy.ppo_clip": policy.ppo_clip_curve,
    "policy.ppo_objective": policy.ppo_clip_objective,
    "policy.token_kl": _token_kl,
    "policy.kl_rewards": policy.kl_penalized_rewards,
    "preference.reward_model": _reward_model,
    "preference.dpo": preference.dpo,
    "preference.dpo_weight_curve": preference.dpo_grad_weight_curve,
    "preference.reward_loss_curve": preference.reward_loss_curve,
    "lm.softmax": lm.softmax,
    "lm.softmax_temperature": _softmax_temperature,
    "lm.softmax_temperature_grid": _softmax_temperature_grid,
    "lm.log_softmax": lm.log_softmax,
    "lm.next_token": _next_token,
    "lm.cross_entropy": _cross_entropy,
    "lm.greedy": lm.greedy_decode,
    "lm.beam_search": lm.beam_search,
    "lm.sample": _sample,
    "lm.top_k": _top_k,
    "lm.top_p": _top_p,
    "lm.packing": _packing,
    "lm.alibi": _alibi,
    "rope.theta": lm.rope_theta,
    "rope.table": lm.rope_table,
    "rope.rotation_matrix": lm.rope_rotation_matrix,
    "rope.waves": _rope_waves,
    "rope.rotation_symbols": _rope_symbols,
    "norm.batch_norm": norm.batch_norm,
    "norm.layer_norm": norm.layer_norm,
    "norm.rms_norm": norm.rms_norm,
    "activations.curve": activations.curve,
    "activations.swiglu": activations.swiglu,
    "mcts.uct": mcts.uct,
    "mcts.puct": mcts.puct,
    "mcts.backup": mcts.backup,
    "reasoning.majority_vote": reasoning.majority_vote,
    "reasoning.compare_decimals": reasoning.compare_decimals,
    "reasoning.arithmetic_chain": reasoning.arithmetic_chain,
    "metrics.confusion": metrics.confusion_matrix,
    "metrics.report": metrics.classification_report,
    "metrics.roc": metrics.roc,
    "metrics.pr": metrics.pr,
    "formats.float_layouts": formats.float_layouts,
    "formats.int_layouts": formats.int_layouts,
    "formats.bit_pattern": formats.bit_pattern,
    "peft.lora_params": peft.lora_params,
    "peft.prefix_tuning": peft.prefix_tuning,
    "training.accumulation": training.accumulation_schedule,
    "training.recompute": training.recompute_schedule,
    "pruning.magnitude": pruning.magnitude_prune,
    "chat.chatml_tokens": chat.chatml_tokens,
    "lm.embedding_lookup": embedding.embedding_lookup,
    "attention.kv_groups": attention.kv_groups,
    "benchmark.multiple_choice": benchmark.multiple_choice,
    "distributional.categorical_return": distributional.categorical_return,
    "distributional.expected_returns": distributional.expected_returns,
    "search_space.exhaustive": search_space.exhaustive_search,
    "toy_llm.tokenize": toy_llm.tokenize,
    "toy_llm.attention_masks": toy_llm.attention_masks,
    "hierarchy.feudal_grid": hierarchy.feudal_grid,
    "trajectory.walk": trajectory.walk,
}


class UnknownComputation(KeyError):
    """``compute`` names no computation (a KeyError raised inside a computation is not one of these)."""


def compute(name: str, args: dict | None = None) -> Any:
    """Run COMPUTATIONS[name](**args) and return plain JSON-like Python data.

    The args are checked against ``limits`` first (``limits.ArgLimitError``, a ValueError, names the limit),
    the result's size before it is converted."""
    if name not in COMPUTATIONS:
        close = difflib.get_close_matches(name, list(COMPUTATIONS), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownComputation(f"unknown computation {name!r}{hint} (known: {', '.join(sorted(COMPUTATIONS))})")
    args = dict(args or {})
    limits.check(name, args)
    result = COMPUTATIONS[name](**args)
    limits.check_result(name, result)
    return to_plain(result)
