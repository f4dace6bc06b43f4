"""Monte-Carlo Tree Search: UCT / PUCT scores, selection and back-up."""
from __future__ import annotations

import numpy as np


def uct_scores(w, n, n_parent: float, c: float = 1.41421356) -> np.ndarray:
    """UCT_i = W_i / N_i + c sqrt(ln N_parent / N_i); unvisited children (N_i = 0) score +inf."""
    w = np.asarray(w, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = w / n + c * np.sqrt(np.log(n_parent) / n)
    return np.where(n > 0, s, np.inf)


def puct_scores(q, prior, n, n_parent: float, c: float = 1.0) -> np.ndarray:
    """PUCT_i = Q_i + c P_i sqrt(N_parent) / (1 + N_i)  (AlphaZero)."""
    q, p, n = (np.asarray(a, dtype=float) for a in (q, prior, n))
    return q + c * p * np.sqrt(n_parent) / (1.0 + n)


def select_child(scores) -> int:
    """argmax_i score_i (first index on ties)."""
    return int(np.argmax(np.asarray(scores, dtype=float)))


def backup(path, value: float, two_player: bool = False) -> list[dict]:
    """Back up a rollout value along path (root ... leaf, dicts with N and W):
    N <- N + 1, W <- W + v_k, Q = W / N, where v_k = value for every node, or with
    two_player=True v_k = value * (-1)^(depth from leaf) (leaf +value, its parent -value, ...).
    Returns new dicts; the input is not modified."""
    out = []
    depth_from_leaf = len(path) - 1
    for k, node in enumerate(path):
        sign = (-1.0) ** (depth_from_leaf - k) if two_player else 1.0
        n, w = node["N"] + 1, node["W"] + sign * value
        out.append({**node, "N": n, "W": w, "Q": w / n})
    return out


def uct(w, n, n_parent: float, c: float = 1.41421356) -> dict:
    """UCT scores, exploitation W/N, exploration c sqrt(ln N_p / N) and the selected child."""
    s = uct_scores(w, n, n_parent, c)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        exploit = np.where(n_arr > 0, np.asarray(w, float) / n_arr, np.nan)
        explore = np.where(n_arr > 0, c * np.sqrt(np.log(n_parent) / n_arr), np.inf)
    return {"scores": s, "exploitation": exploit, "exploration": explore, "selected": select_child(s)}


def puct(q, prior, n, n_parent: float, c: float = 1.0) -> dict:
    """PUCT scores, the exploration term and the selected child."""
    s = puct_scores(q, prior, n, n_parent, c)
    return {"scores": s, "exploration": s - np.asarray(q, dtype=float), "selected": select_child(s)}
