"""Returns, Monte-Carlo value estimates and temporal-difference targets."""
from __future__ import annotations

import numpy as np


def undiscounted_return(rewards) -> float:
    """G = sum_t r_t."""
    return float(np.sum(np.asarray(rewards, dtype=float)))


def discounted_return(rewards, gamma: float = 1.0) -> float:
    """G_0 = sum_k gamma^k r_k."""
    r = np.asarray(rewards, dtype=float)
    return float(np.sum(gamma ** np.arange(r.size) * r))


def returns_to_go(rewards, gamma: float = 1.0, bootstrap_value: float = 0.0) -> np.ndarray:
    """All G_t by backward iteration G_t = r_t + gamma G_{t+1}, with G_T = bootstrap_value."""
    r = np.asarray(rewards, dtype=float)
    out = np.empty_like(r)
    g = float(bootstrap_value)
    for t in range(r.size - 1, -1, -1):
        g = r[t] + gamma * g
        out[t] = g
    return out


def mc_value_estimate(sampled_returns) -> float:
    """Monte-Carlo estimate V(s) ~= (1/N) sum_i G^(i)."""
    return float(np.mean(np.asarray(sampled_returns, dtype=float)))


def td_target(reward, next_value, gamma: float, done=False):
    """y = r + gamma V(s') (1 - done)."""
    return np.asarray(reward, float) + gamma * np.asarray(next_value, float) * (1.0 - np.asarray(done, float))


def td_error(reward, value, next_value, gamma: float, done=False):
    """delta = r + gamma V(s') (1 - done) - V(s)."""
    return td_target(reward, next_value, gamma, done) - np.asarray(value, float)


def n_step_return(rewards, values, t: int, n: int, gamma: float, bootstrap_value: float = 0.0) -> float:
    """G_t^(n) = sum_{k<n} gamma^k r_{t+k} + gamma^n V(s_{t+n}).

    values[k] = V(s_k) for k < T and V(s_T) = bootstrap_value; if t + n > T the
    sum stops at the end of the episode (then it is the Monte-Carlo return + bootstrap).
    """
    r = np.asarray(rewards, dtype=float)
    v = np.append(np.asarray(values, dtype=float), bootstrap_value)
    end = min(t + n, r.size)
    k = np.arange(end - t)
    return float(np.sum(gamma ** k * r[t:end]) + gamma ** (end - t) * v[end])


DEFAULT_MC_RETURNS = (3.8, 2.1, 4.2, 1.6, 4.9, 1.1, 1.9, 3.4, 2.6)   # nine episodes from one state (example)


def mc_value(returns=None, paths=None, indices=None, gamma: float = 1.0) -> dict:
    """Monte-Carlo value of a state from complete episodes that start there.

    Each episode is given by its return (``returns``) or by its rewards (``paths``: lists of rewards, each
    discounted with ``gamma``); ``indices`` picks the episodes actually sampled (default all). Returns
    ``returns`` (every G), ``indices``, ``sampled`` (their G), ``n`` and ``estimate`` = mean of the sampled G."""
    if returns is not None and paths is not None:
        raise ValueError("give either returns or paths, not both")
    if returns is None and paths is None:
        returns = DEFAULT_MC_RETURNS
    if paths is not None:
        g = np.array([discounted_return(p, gamma) for p in paths], dtype=float)
    else:
        g = np.asarray(returns, dtype=float)
    idx = np.arange(g.size) if indices is None else np.asarray(indices, dtype=int)
    if idx.size == 0:
        raise ValueError("at least one episode must be sampled")
    if idx.min() < 0 or idx.max() >= g.size:
        raise ValueError(f"indices must lie in 0..{g.size - 1}")
    return {"returns": g, "indices": idx, "sampled": g[idx], "n": int(idx.size),
            "estimate": mc_value_estimate(g[idx])}
