"""Activation functions of feed-forward blocks (SiLU/Swish, GELU) and the SwiGLU gate, sampled for plots.

Pure numpy (and the standard library's ``math.erf``); nothing here imports the rendering engine.
"""
from __future__ import annotations

import math

import numpy as np


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), evaluated without overflow for large |x|."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def swish(x, beta: float = 1.0):
    """Swish_beta(x) = x * sigmoid(beta * x); beta = 1 is SiLU (Sigmoid Linear Unit)."""
    x = np.asarray(x, dtype=float)
    return x * sigmoid(float(beta) * x)


def silu(x):
    """SiLU(x) = x * sigmoid(x) (Swish with beta = 1)."""
    return swish(x, 1.0)


def gelu(x, approximate: bool = False):
    """GELU(x) = x * Phi(x), Phi the standard normal CDF = (1 + erf(x / sqrt 2)) / 2; ``approximate``: the
    tanh form 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    x = np.asarray(x, dtype=float)
    if approximate:
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    erf = np.vectorize(math.erf, otypes=[float])
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def relu(x):
    """max(0, x)."""
    return np.maximum(np.asarray(x, dtype=float), 0.0)


FUNCTIONS = {"swish": swish, "silu": silu, "gelu": gelu, "relu": relu, "sigmoid": sigmoid}


def curve(name: str = "silu", x_min: float = -5.0, x_max: float = 5.0, num: int = 201, **kwargs) -> dict:
    """One activation sampled on ``num`` evenly spaced x in [x_min, x_max] (``kwargs`` go to the function, e.g.
    ``beta`` for swish, ``approximate`` for gelu): {"x", "y", "min", "argmin"} (the smallest sampled value
    and where it lies: the dip of SiLU/GELU)."""
    if name not in FUNCTIONS:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(sorted(FUNCTIONS))}")
    if int(num) < 2 or not x_max > x_min:
        raise ValueError("need num >= 2 and x_max > x_min")
    x = np.linspace(float(x_min), float(x_max), int(num))
    y = FUNCTIONS[name](x, **kwargs)
    k = int(np.argmin(y))
    return {"x": x, "y": y, "min": float(y[k]), "argmin": float(x[k])}


def swiglu(x_linear=(1.0, -2.0, 0.5, 3.0), x_gate=(2.0, -1.0, 0.0, -3.0), beta: float = 1.0) -> dict:
    """SwiGLU's gate on pre-activations of its two linear branches: out = x_linear ⊙ Swish_beta(x_gate)
    (elementwise, the Hadamard product). Returns {"gate": Swish_beta(x_gate), "output": out}.
    Default inputs: four illustrative neurons per branch (a strongly open, a slightly negative, a closed and a
    negative gate)."""
    a = np.asarray(x_linear, dtype=float)
    g = swish(x_gate, beta)
    if a.shape != g.shape:
        raise ValueError(f"the two branches differ in shape: {a.shape} vs {g.shape}")
    return {"gate": g, "output": a * g}
