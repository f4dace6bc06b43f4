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


def dpo(logp_chosen, logp_ref_chosen, logp_rejected, logp_ref_rejected, beta: float = 0.1) -> dict:
    """All DPO quantities: implicit rewards, margin r_w - r_l, loss and gradient weight."""
    rw = dpo_implicit_reward(logp_chosen, logp_ref_chosen, beta)
    rl = dpo_implicit_reward(logp_rejected, logp_ref_rejected, beta)
    args = (logp_chosen, logp_ref_chosen, logp_rejected, logp_ref_rejected, beta)
    return {"reward_chosen": rw, "reward_rejected": rl, "margin": rw - rl,
            "loss": dpo_loss(*args), "grad_weight": dpo_grad_weight(*args)}
