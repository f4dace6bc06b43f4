"""Normalisation layers on small examples: BatchNorm, LayerNorm, RMSNorm."""
from __future__ import annotations

import numpy as np


def _affine(xhat, gamma, beta):
    g = 1.0 if gamma is None else np.asarray(gamma, dtype=float)
    b = 0.0 if beta is None else np.asarray(beta, dtype=float)
    return g * xhat + b


def batch_norm(x, eps: float = 1e-5, gamma=None, beta=None) -> dict:
    """Per feature j over the batch: mu_j = mean_b x_bj, var_j = mean_b (x_bj - mu_j)^2,
    y = gamma (x - mu) / sqrt(var + eps) + beta. Also the worked-example parts: std = sqrt(var + eps),
    centered = x - mu, sq_dev = (x - mu)^2."""
    x = np.asarray(x, dtype=float)
    mu, var = x.mean(axis=0), x.var(axis=0)
    std = np.sqrt(var + eps)
    return {"mean": mu, "var": var, "std": std, "centered": x - mu, "sq_dev": (x - mu) ** 2,
            "output": _affine((x - mu) / std, gamma, beta)}


def layer_norm(x, eps: float = 1e-5, gamma=None, beta=None) -> dict:
    """Per sample over features: mu = mean_j x_j, var = mean_j (x_j - mu)^2,
    y = gamma (x - mu) / sqrt(var + eps) + beta."""
    x = np.asarray(x, dtype=float)
    mu, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    std = np.sqrt(var + eps)
    out = _affine((x - mu) / std, gamma, beta)
    return {"mean": mu[..., 0], "var": var[..., 0], "std": std[..., 0], "centered": x - mu, "sq_dev": (x - mu) ** 2,
            "output": out}


def rms_norm(x, eps: float = 1e-6, gamma=None) -> dict:
    """Per sample over features: rms = sqrt(mean_j x_j^2 + eps), y = gamma x / rms (no centring)."""
    x = np.asarray(x, dtype=float)
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return {"rms": rms[..., 0], "output": _affine(x / rms, gamma, None)}
