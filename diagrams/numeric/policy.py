"""Policy-gradient numerics: baselines/advantages, importance sampling, PPO clip, per-token KL."""
from __future__ import annotations

import numpy as np

from diagrams.numeric.lm import gather, log_softmax


def state_value(q, pi) -> float:
    """Baseline V(s) = sum_a pi(a|s) Q(s, a)."""
    return float(np.dot(np.asarray(pi, dtype=float), np.asarray(q, dtype=float)))


def advantage(q, v):
    """A(s, a) = Q(s, a) - V(s)."""
    return np.asarray(q, dtype=float) - np.asarray(v, dtype=float)


def importance_weights(p, p_prime) -> np.ndarray:
    """w(x) = p(x) / p'(x) (target over behaviour distribution)."""
    return np.asarray(p, dtype=float) / np.asarray(p_prime, dtype=float)


def weighted_values(f, p, p_prime) -> np.ndarray:
    """f(x) w(x) = f(x) p(x) / p'(x), so E_{x~p'}[f w] = E_{x~p}[f]."""
    return np.asarray(f, dtype=float) * importance_weights(p, p_prime)


def importance_sampling(f, p, p_prime) -> dict:
    """Weights w = p/p', products f w, E_p[f] = sum p f and E_p'[f w] = sum p' f w (equal)."""
    f, p, q = (np.asarray(a, dtype=float) for a in (f, p, p_prime))
    fw = weighted_values(f, p, q)
    return {"weights": importance_weights(p, q), "weighted": fw,
            "expectation_p": float(np.dot(p, f)), "expectation_p_prime_weighted": float(np.dot(q, fw))}


def ppo_clip_objective(ratio, adv, epsilon: float = 0.2) -> np.ndarray:
    """L = min(r A, clip(r, 1 - eps, 1 + eps) A), elementwise over r (and A)."""
    r = np.asarray(ratio, dtype=float)
    a = np.asarray(adv, dtype=float)
    return np.minimum(r * a, np.clip(r, 1.0 - epsilon, 1.0 + epsilon) * a)


def ppo_clip_curve(advantage: float = 1.0, epsilon: float = 0.2, r_min: float = 0.0,
                   r_max: float = 2.0, num: int = 201) -> dict:
    """Curves over r: unclipped r A, clipped clip(r) A and the PPO objective min(...)."""
    r = np.linspace(r_min, r_max, num)
    return {"ratio": r, "unclipped": r * advantage,
            "clipped": np.clip(r, 1 - epsilon, 1 + epsilon) * advantage,
            "objective": ppo_clip_objective(r, advantage, epsilon)}


def token_log_probs(logits, token_ids) -> np.ndarray:
    """log pi(y_t | y_<t) = log_softmax(logits_t)[y_t] for (T, V) logits."""
    return gather(log_softmax(logits, axis=-1), token_ids)


def per_token_kl(logits, ref_logits, token_ids) -> np.ndarray:
    """KL_t = log pi(y_t) - log pi_ref(y_t) (sample estimate at the chosen tokens)."""
    return token_log_probs(logits, token_ids) - token_log_probs(ref_logits, token_ids)


def kl_penalized_rewards(kl, score: float, beta: float = 0.1, rewards=None) -> np.ndarray:
    """RLHF token rewards r'_t = r_t - beta KL_t, plus the reward-model score at the last token."""
    kl = np.asarray(kl, dtype=float)
    r = np.zeros_like(kl) if rewards is None else np.asarray(rewards, dtype=float).copy()
    out = r - beta * kl
    out[-1] += score
    return out
