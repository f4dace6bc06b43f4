"""Exploration: epsilon-greedy schedules, greedy action selection, max-operator over-estimation."""
from __future__ import annotations

import math

import numpy as np


def epsilon_linear(steps, eps_start: float = 1.0, eps_end: float = 0.05, decay_steps: int = 1000):
    """eps_t = eps_start + (eps_end - eps_start) * min(t / decay_steps, 1)."""
    frac = np.minimum(np.asarray(steps, dtype=float) / decay_steps, 1.0)
    return eps_start + (eps_end - eps_start) * frac


def epsilon_exponential(steps, eps_start: float = 1.0, eps_end: float = 0.05, decay: float = 200.0):
    """eps_t = eps_end + (eps_start - eps_end) * exp(-t / decay)."""
    return eps_end + (eps_start - eps_end) * np.exp(-np.asarray(steps, dtype=float) / decay)


def epsilon_schedule(kind: str = "linear", steps=None, num_steps: int = 1000, eps_start: float = 1.0,
                     eps_end: float = 0.05, decay_steps: int = 500, decay: float = 200.0) -> dict:
    """Curve {steps, epsilon} for kind "linear" (decay_steps) or "exponential" (decay)."""
    t = np.arange(num_steps + 1) if steps is None else np.asarray(steps)
    if kind == "linear":
        eps = epsilon_linear(t, eps_start, eps_end, decay_steps)
    elif kind == "exponential":
        eps = epsilon_exponential(t, eps_start, eps_end, decay)
    else:
        raise ValueError(f"unknown schedule kind {kind!r} (use 'linear' or 'exponential')")
    return {"kind": kind, "steps": t, "epsilon": eps}


def greedy_action(q) -> int:
    """a* = argmax_a Q(s, a) (first index on ties)."""
    return int(np.argmax(np.asarray(q, dtype=float)))


def max_q(q) -> float:
    """max_a Q(s, a)."""
    return float(np.max(np.asarray(q, dtype=float)))


def greedy_choice(q=(0.35, 0.25, 0.4), actions=("To Phoenix", "To Kansas City", "To New York")) -> dict:
    """Top-1 (greedy) use of a DQN's output: index = argmax_a Q(s, a) (first on ties), its Q value and the
    name of that action (``actions[index]``; None without names). Default: the dqn-usage example."""
    i = greedy_action(q)
    if actions is not None and len(actions) != len(q):
        raise ValueError(f"{len(actions)} action names for {len(q)} Q values")
    return {"index": i, "max": max_q(q), "action": None if actions is None else actions[i]}


def epsilon_greedy_probs(q, epsilon: float) -> np.ndarray:
    """pi(a|s) = eps/|A| + (1 - eps) [a = argmax Q]."""
    q = np.asarray(q, dtype=float)
    probs = np.full(q.size, epsilon / q.size)
    probs[greedy_action(q)] += 1.0 - epsilon
    return probs


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Phi(x) = (1 + erf(x / sqrt 2)) / 2."""
    return 0.5 * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))


def expected_max_normal(means, std: float = 1.0, grid: int = 20001) -> float:
    """E[max_i X_i], X_i ~ N(mu_i, std^2) independent, by numerical integration of
    E[M] = a + int_a^b (1 - F(x)) dx with F(x) = prod_i Phi((x - mu_i)/std), [a, b] = range +- 10 std."""
    mu = np.asarray(means, dtype=float)
    lo, hi = mu.min() - 10 * std, mu.max() + 10 * std
    x = np.linspace(lo, hi, grid)
    cdf = np.prod(_normal_cdf((x[:, None] - mu[None, :]) / std), axis=1)
    return float(lo + np.trapezoid(1.0 - cdf, x))


def max_overestimation(true_values=(0.0, 0.0, 0.0, 0.0), noise_std: float = 1.0,
                       n_samples: int = 100_000, seed: int = 0) -> dict:
    """Max-operator bias: E[max_a (Q(a) + noise)] >= max_a Q(a).

    Returns the true max, the exact expectation (numerical integration, Gaussian noise)
    and a seeded Monte-Carlo estimate with numpy Generator(seed).
    """
    q = np.asarray(true_values, dtype=float)
    rng = np.random.Generator(np.random.PCG64(seed))
    noisy = q + noise_std * rng.standard_normal((n_samples, q.size))
    exact = expected_max_normal(q, noise_std)
    mc = float(noisy.max(axis=1).mean())
    return {"true_max": float(q.max()), "expected_max": exact, "mc_expected_max": mc,
            "bias": exact - float(q.max()), "mc_bias": mc - float(q.max())}


def max_target(true_values=(4.0, 6.0, 5.0), noise=(2.0, 1.0, 3.0), reward: float = 0.0, gamma: float = 1.0) -> dict:
    """The TD target y = r + gamma max_a Q(s', a) when each Q = true value + estimation error (noise).

    The max picks the action whose error is large, not the truly best one: returns ``estimates`` (true + noise),
    ``selected`` (argmax of the estimates), ``true_best`` (argmax of the true values), ``max_estimate``,
    ``true_max``, the selected action's ``true_part`` and ``noise_part``, ``target`` and ``overestimation``
    (max_estimate - true_max)."""
    q = np.asarray(true_values, dtype=float)
    e = q + np.asarray(noise, dtype=float)
    sel = greedy_action(e)
    return {"estimates": e, "selected": sel, "true_best": greedy_action(q), "max_estimate": float(e[sel]),
            "true_max": float(q.max()), "true_part": float(q[sel]), "noise_part": float(e[sel] - q[sel]),
            "target": float(reward + gamma * e[sel]), "overestimation": float(e[sel] - q.max())}
