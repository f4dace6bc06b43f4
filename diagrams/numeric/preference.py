"""Preference learning: Bradley-Terry reward-model loss and DPO."""
from __future__ import annotations

import numpy as np


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x) = exp(-logaddexp(0, -x)) (stable)."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))


def log_sigmoid(x):
    """log sigma(x) = -logaddexp(0, -x)."""
    return -np.logaddexp(0.0, -np.asarray(x, dtype=float))


def bradley_terry_prob(r_chosen, r_rejected):
    """P(y_w > y_l) = sigma(r_w - r_l)."""
    return sigmoid(np.asarray(r_chosen, float) - np.asarray(r_rejected, float))


def reward_model_loss(r_chosen, r_rejected):
    """L = -log sigma(r_w - r_l) = logaddexp(0, -(r_w - r_l)), elementwise."""
    return np.logaddexp(0.0, -(np.asarray(r_chosen, float) - np.asarray(r_rejected, float)))


def reward_loss_curve(z_min: float = -6.0, z_max: float = 6.0, num: int = 241) -> dict:
    """The reward-model loss as a function of the reward margin z = r(x, y_w) - r(x, y_l) on an even grid of
    ``num`` points from ``z_min`` to ``z_max``: ``loss`` = -log sigma(z) (= softplus(-z), via
    ``reward_model_loss(z, 0)``) and ``prob`` = sigma(z), the Bradley-Terry probability that y_w wins."""
    num = int(num)
    if num < 2 or not z_max > z_min:
        raise ValueError("need num >= 2 and z_max > z_min")
    z = np.linspace(float(z_min), float(z_max), num)
    return {"z": z, "loss": reward_model_loss(z, 0.0), "prob": sigmoid(z)}


def dpo_implicit_reward(logp, logp_ref, beta: float = 0.1):
    """r_hat = beta (log pi(y|x) - log pi_ref(y|x))."""
    return beta * (np.asarray(logp, float) - np.asarray(logp_ref, float))


def dpo_loss(logp_chosen, logp_ref_chosen, logp_rejected, logp_ref_rejected, beta: float = 0.1):
    """L = -log sigma(beta [(log pi_w - log pi_ref_w) - (log pi_l - log pi_ref_l)])."""
    margin = (dpo_implicit_reward(logp_chosen, logp_ref_chosen, beta)
              - dpo_implicit_reward(logp_rejected, logp_ref_rejected, beta))
    return -log_sigmoid(margin)


def dpo_grad_weight(logp_chosen, logp_ref_chosen, logp_rejected, logp_ref_rejected, beta: float = 0.1):
    """Gradient weight sigma(r_hat_l - r_hat_w): large when the implicit rewards are ordered wrongly."""
    return sigmoid(dpo_implicit_reward(logp_rejected, logp_ref_rejected, beta)
                   - dpo_implicit_reward(logp_chosen, logp_ref_chosen, beta))


def logit(p):
    """The inverse of sigma: logit(p) = ln(p / (1 - p)), for p in (0, 1)."""
    p = np.asarray(p, dtype=float)
    if np.any(p <= 0) or np.any(p >= 1):
        raise ValueError("logit needs probabilities strictly between 0 and 1")
    return np.log(p) - np.log1p(-p)


def dpo_grad_weight_curve(d_min: float = -10.0, d_max: float = 10.0, num: int = 401,
                          levels=(0.05, 0.95)) -> dict:
    """The DPO gradient weight sigma(r_l - r_w) as a function of the implicit-reward difference
    d = r_theta(x, y_l) - r_theta(x, y_w) on an even grid of ``num`` points from ``d_min`` to ``d_max``:
    ``weight`` = sigma(d) (as ``dpo_grad_weight`` with beta = 1, zero reference log-probs and
    log pi(y_w) = 0, log pi(y_l) = d). ``at`` holds, per entry of ``levels``, the difference where the
    weight reaches that level (logit(level)), so guides can be drawn to the computed curve."""
    num = int(num)
    if num < 2 or not d_max > d_min:
        raise ValueError("need num >= 2 and d_max > d_min")
    d = np.linspace(float(d_min), float(d_max), num)
    levels = np.atleast_1d(np.asarray(levels, dtype=float))
    weight = dpo_grad_weight(0.0, 0.0, d, 0.0, beta=1.0)
    return {"d": d, "weight": weight, "levels": levels, "at": logit(levels)}


def dpo(logp_chosen, logp_ref_chosen, logp_rejected, logp_ref_rejected, beta: float = 0.1) -> dict:
    """All DPO quantities: implicit rewards, margin r_w - r_l, loss and gradient weight."""
    rw = dpo_implicit_reward(logp_chosen, logp_ref_chosen, beta)
    rl = dpo_implicit_reward(logp_rejected, logp_ref_rejected, beta)
    args = (logp_chosen, logp_ref_chosen, logp_rejected, logp_ref_rejected, beta)
    return {"reward_chosen": rw, "reward_rejected": rl, "margin": rw - rl,
            "loss": dpo_loss(*args), "grad_weight": dpo_grad_weight(*args)}
