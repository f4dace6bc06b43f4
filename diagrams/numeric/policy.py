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


def pchip(xk, yk, x) -> np.ndarray:
    """Shape-preserving piecewise cubic Hermite interpolation (Fritsch–Carlson, as scipy's PchipInterpolator):
    smooth through the points (xk, yk), monotone wherever the data are, no overshoot."""
    xk, yk, x = (np.asarray(a, dtype=float) for a in (xk, yk, x))
    if xk.size < 2 or xk.size != yk.size or np.any(np.diff(xk) <= 0):
        raise ValueError("pchip needs at least two points with strictly increasing x")
    h = np.diff(xk)
    delta = np.diff(yk) / h
    d = np.zeros_like(yk)
    if xk.size == 2:
        d[:] = delta[0]
    else:
        for k in range(1, xk.size - 1):
            if delta[k - 1] * delta[k] > 0:
                w1, w2 = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
                d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])

        def end(h0, h1, d0, d1):
            s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
            if np.sign(s) != np.sign(d0):
                return 0.0
            if np.sign(d0) != np.sign(d1) and abs(s) > abs(3 * d0):
                return 3 * d0
            return s

        d[0] = end(h[0], h[1], delta[0], delta[1])
        d[-1] = end(h[-1], h[-2], delta[-1], delta[-2])
    i = np.clip(np.searchsorted(xk, x, side="right") - 1, 0, xk.size - 2)
    t = (x - xk[i]) / h[i]
    h00, h10, h01, h11 = 2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t, -2 * t**3 + 3 * t**2, t**3 - t**2
    return h00 * yk[i] + h10 * h[i] * d[i] + h01 * yk[i + 1] + h11 * h[i] * d[i + 1]


def importance_curves(support=(1, 2, 3, 4, 5), p=(0.4, 0.3, 0.15, 0.1, 0.05), p_prime=(0.05, 0.1, 0.15, 0.3, 0.4),
                      num: int = 161) -> dict:
    """Smooth densities p(x), p'(x) through their values on ``support`` (pchip), sampled at ``num`` points,
    with the importance weight w(x) = p(x) / p'(x) and the overlap min(p, p') (where both areas are shaded)."""
    xs = np.linspace(float(np.min(support)), float(np.max(support)), int(num))
    pv, qv = pchip(support, p, xs), pchip(support, p_prime, xs)
    if np.any(qv <= 0):
        raise ValueError("p'(x) must stay positive over the support")
    return {"x": xs, "p": pv, "p_prime": qv, "weights": pv / qv, "overlap": np.minimum(pv, qv),
            "support_weights": importance_weights(p, p_prime)}
