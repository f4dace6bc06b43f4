"""Figure-facing registry: name -> function of JSON-like keyword arguments.

A figure spec says `compute: rope.table` with `args: {...}`; `compute()` looks the name up,
calls it with the args and converts the result to plain Python (lists, dicts, floats, ints,
bools, strings; +-inf and nan stay Python floats).
"""
from __future__ import annotations

import difflib
from typing import Any, Callable

import numpy as np

from diagrams.numeric import (exploration, formats, gae, lm, mcts, metrics, norm, policy,
                              preference, returns)


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


def _cross_entropy(logits, targets, mask=None):
    return {"loss": lm.cross_entropy(logits, targets, mask),
            "token_nll": -lm.gather(lm.log_softmax(logits), targets)}


def _sample(probs, n=10, seed=0, tokens=None):
    ids = lm.sample_tokens(probs, n, seed)
    return {"ids": ids, "tokens": _tokens(tokens, ids), "counts": np.bincount(ids, minlength=len(probs))}


def _filtered(ids, new_probs, probs, tokens, extra=None, seed=None):
    """Kept ids and renormalised probs; with a seed also ``sampled``: one id drawn from the kept p'."""
    kept = np.zeros(len(probs), dtype=bool)
    kept[ids] = True
    out = {"ids": ids, "tokens": _tokens(tokens, ids), "probs": new_probs, "kept": kept, **(extra or {})}
    if seed is not None:
        out["sampled"] = int(ids[int(lm.sample_tokens(new_probs, 1, int(seed))[0])])
    return out


def _top_k(probs, k=2, tokens=None, seed=None):
    ids, p = lm.top_k_filter(probs, k)
    return _filtered(ids, p, probs, tokens, seed=seed)


def _top_p(probs, p=0.9, tokens=None, seed=None):
    ids, q = lm.top_p_filter(probs, p)
    order = np.argsort(-np.asarray(probs, dtype=float), kind="stable")
    return _filtered(ids, q, probs, tokens,
                     {"order": order, "cumulative": np.cumsum(np.asarray(probs, float)[order])}, seed=seed)


def _packing(lengths):
    return {"mask": lm.packed_causal_mask(lengths).astype(int), "position_ids": lm.packed_position_ids(lengths)}


def _alibi(n_heads=8, seq_len=5, causal=True):
    i = np.arange(seq_len)
    return {"slopes": lm.alibi_slopes(n_heads), "distance": i[:, None] - i[None, :],
            "bias": lm.alibi_bias(n_heads, seq_len, causal)}


COMPUTATIONS: dict[str, Callable[..., Any]] = {
    "returns.undiscounted": returns.undiscounted_return,
    "returns.discounted": returns.discounted_return,
    "returns.to_go": returns.returns_to_go,
    "returns.mc_estimate": returns.mc_value_estimate,
    "returns.td": _td,
    "returns.n_step": returns.n_step_return,
    "gae.compute": gae.gae,
    "gae.worked_example": gae.worked_example,
    "exploration.epsilon_schedule": exploration.epsilon_schedule,
    "exploration.epsilon_greedy": _epsilon_greedy,
    "exploration.max_overestimation": exploration.max_overestimation,
    "policy.advantage": _advantage,
    "policy.importance_sampling": policy.importance_sampling,
    "policy.ppo_clip": policy.ppo_clip_curve,
    "policy.ppo_objective": policy.ppo_clip_objective,
    "policy.token_kl": _token_kl,
    "policy.kl_rewards": policy.kl_penalized_rewards,
    "preference.reward_model": _reward_model,
    "preference.dpo": preference.dpo,
    "lm.softmax": lm.softmax,
    "lm.softmax_temperature": _softmax_temperature,
    "lm.softmax_temperature_grid": _softmax_temperature_grid,
    "lm.log_softmax": lm.log_softmax,
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
    "norm.batch_norm": norm.batch_norm,
    "norm.layer_norm": norm.layer_norm,
    "norm.rms_norm": norm.rms_norm,
    "mcts.uct": mcts.uct,
    "mcts.puct": mcts.puct,
    "mcts.backup": mcts.backup,
    "metrics.confusion": metrics.confusion_matrix,
    "metrics.report": metrics.classification_report,
    "metrics.roc": metrics.roc,
    "metrics.pr": metrics.pr,
    "formats.float_layouts": formats.float_layouts,
    "formats.int_layouts": formats.int_layouts,
    "formats.bit_pattern": formats.bit_pattern,
}


def compute(name: str, args: dict | None = None) -> Any:
    """Run COMPUTATIONS[name](**args) and return plain JSON-like Python data."""
    if name not in COMPUTATIONS:
        close = difflib.get_close_matches(name, list(COMPUTATIONS), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown computation {name!r}{hint} (known: {', '.join(sorted(COMPUTATIONS))})")
    return to_plain(COMPUTATIONS[name](**(args or {})))
