"""Distributional RL: a categorical (C51-style) return distribution and the expected return it implies.

A distributional value model outputs, per action, probabilities p_i over a fixed support of returns
z_i (``n_atoms`` evenly spaced atoms from ``v_min`` to ``v_max``, as in C51); a traditional value model
outputs only the expectation Q = sum_i p_i z_i. Pure numpy, imports nothing from rendering.
"""
from __future__ import annotations

import numpy as np

# The example of the distributional-rl figure: action a0 has a broad low-return bump and a sharp peak near +4,
# action a1 a peak near +1.3 and a small bump near +3.8. Each component is (weight, mean, std).
A0_COMPONENTS = ((0.22, -1.3, 1.5), (0.78, 4.1, 0.24))
A1_COMPONENTS = ((0.8, 1.3, 0.36), (0.2, 3.8, 0.4))


def categorical_return(components=A0_COMPONENTS, v_min: float = -5.0, v_max: float = 5.0, n_atoms: int = 51,
                       samples: int = 401) -> dict:
    """A categorical return distribution from a mixture of Gaussians, projected onto the atoms.

    p_i ∝ sum_k w_k N(z_i; mu_k, sigma_k), normalised so sum_i p_i = 1 over the support.
    Returns ``atoms`` (z_i), ``probs`` (p_i), ``mean`` (sum_i p_i z_i, the expected return a scalar Q
    model would output), ``std``, and for drawing ``x`` (a fine grid of ``samples`` returns over the support)
    with ``curve``: the same normalised mixture there, a smooth line that passes exactly through every (z_i, p_i).
    """
    if n_atoms < 2 or not v_max > v_min:
        raise ValueError("need n_atoms >= 2 and v_max > v_min")
    for w, mu, sigma in components:
        if w < 0 or sigma <= 0:
            raise ValueError("component weights must be >= 0 and std > 0")

    def mixture(x):
        return sum(w * np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi)) for w, mu, sigma in components)

    z = np.linspace(float(v_min), float(v_max), int(n_atoms))
    p = mixture(z)
    total = p.sum()
    if total <= 0:
        raise ValueError("the mixture puts no mass on the support")
    p = p / total
    mean = float(np.dot(p, z))
    std = float(np.sqrt(np.dot(p, (z - mean) ** 2)))
    x = np.linspace(float(v_min), float(v_max), int(samples))
    return {"atoms": z, "probs": p, "mean": mean, "std": std, "x": x, "curve": mixture(x) / total}


def expected_returns(actions=(A0_COMPONENTS, A1_COMPONENTS), v_min: float = -5.0, v_max: float = 5.0,
                     n_atoms: int = 51) -> list:
    """Q(a) = E[Z(a)] for each action's categorical distribution (what a traditional value model outputs)."""
    return [categorical_return(c, v_min, v_max, n_atoms)["mean"] for c in actions]
