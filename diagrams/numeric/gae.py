"""Generalised Advantage Estimation (GAE)."""
from __future__ import annotations

import numpy as np

DEFAULT_REWARDS = (0.0, 0.0, 1.0, 0.0, 1.0)
DEFAULT_VALUES = (0.5, 0.6, 0.8, 0.4, 0.9)


def _dones(dones, size: int) -> np.ndarray:
    return np.zeros(size) if dones is None else np.asarray(dones, dtype=float)


def td_residuals(rewards, values, gamma: float, dones=None, bootstrap_value: float = 0.0) -> np.ndarray:
    """delta_t = r_t + gamma V(s_{t+1}) (1 - done_t) - V(s_t); V(s_T) = bootstrap_value (0 by default)."""
    r = np.asarray(rewards, dtype=float)
    v = np.asarray(values, dtype=float)
    next_v = np.append(v[1:], bootstrap_value)
    return r + gamma * next_v * (1.0 - _dones(dones, r.size)) - v


def gae_advantages(rewards, values, gamma: float, lam: float, dones=None,
                   bootstrap_value: float = 0.0) -> np.ndarray:
    """A_t = delta_t + gamma lambda (1 - done_t) A_{t+1}, A_T = 0 (backward recursion)."""
    delta = td_residuals(rewards, values, gamma, dones, bootstrap_value)
    d = _dones(dones, delta.size)
    adv = np.empty_like(delta)
    running = 0.0
    for t in range(delta.size - 1, -1, -1):
        running = delta[t] + gamma * lam * (1.0 - d[t]) * running
        adv[t] = running
    return adv


def gae_returns(rewards, values, gamma: float, lam: float, dones=None,
                bootstrap_value: float = 0.0) -> np.ndarray:
    """Value targets R_t = A_t + V(s_t)."""
    adv = gae_advantages(rewards, values, gamma, lam, dones, bootstrap_value)
    return adv + np.asarray(values, dtype=float)


def gae(rewards, values, gamma: float = 0.99, lam: float = 0.95, dones=None,
        bootstrap_value: float = 0.0) -> dict:
    """All GAE columns: delta_t, A_t (GAE recursion) and returns A_t + V(s_t)."""
    delta = td_residuals(rewards, values, gamma, dones, bootstrap_value)
    adv = gae_advantages(rewards, values, gamma, lam, dones, bootstrap_value)
    return {"delta": delta, "advantage": adv, "returns": adv + np.asarray(values, dtype=float)}


def worked_example(rewards=DEFAULT_REWARDS, values=DEFAULT_VALUES, gamma: float = 0.9,
                   lam: float = 0.8) -> dict:
    """Table for a short (T=5) episode: rows t, r_t, V(s_t), delta_t, A_t, A_t + V(s_t)."""
    cols = gae(rewards, values, gamma, lam)
    return {
        "t": list(range(len(rewards))),
        "rewards": [float(x) for x in rewards],
        "values": [float(x) for x in values],
        "delta": cols["delta"].tolist(),
        "advantage": cols["advantage"].tolist(),
        "returns": cols["returns"].tolist(),
        "gamma": float(gamma),
        "lam": float(lam),
    }
