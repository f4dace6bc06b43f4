"""Language-model numerics: softmax, cross-entropy, decoding, packing, ALiBi and RoPE."""
from __future__ import annotations

import math

import numpy as np

BEAM_EXAMPLE = {
    "How": [["are", 0.3], ["有", 0.1], ["was", 0.4]],
    "How are": [["吗", 0.1], ["呀", 0.05], ["you", 0.4]],
    "How was": [["the", 0.25], ["吗", 0.2], ["干", 0.1]],
    "How are you": [[",", 0.3], ["<END>", 0.1], ["?", 0.4]],
    "How was the": [["?", 0.3], ["玩", 0.1], ["呢", 0.2]],
}
END_TOKEN = "<END>"


# ---------------------------------------------------------------- softmax / loss
def softmax(logits, axis: int = -1) -> np.ndarray:
    """p_i = exp(z_i - max z) / sum_j exp(z_j - max z)."""
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_temperature(logits, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """p_i = softmax(z / T)_i."""
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    return softmax(np.asarray(logits, dtype=float) / temperature, axis=axis)


def log_softmax(logits, axis: int = -1) -> np.ndarray:
    """log p_i = z_i - logsumexp(z)."""
    z = np.asarray(logits, dtype=float)
    m = z.max(axis=axis, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=axis, keepdims=True))


def gather(values, ids) -> np.ndarray:
    """out[t] = values[t, ids[t]] for a (T, V) array."""
    v = np.asarray(values)
    ids = np.asarray(ids, dtype=int)
    return v[np.arange(ids.size), ids]


def cross_entropy(logits, targets, mask=None) -> float:
    """L = -sum_t m_t log p_t[y_t] / sum_t m_t  (m_t = 0 ignores token t; all ones by default)."""
    nll = -gather(log_softmax(logits), targets)
    m = np.ones_like(nll) if mask is None else np.asarray(mask, dtype=float)
    return float(np.sum(nll * m) / np.sum(m))


# ---------------------------------------------------------------- decoding over a toy table
def _candidates(table: dict, context: str) -> list[tuple[str, float]]:
    """Normalise table[context] entries ([tok, p] or {"token", "prob"}) to (tok, p) pairs."""
    out = []
    for c in table.get(context, []):
        tok, p = (c["token"], c["prob"]) if isinstance(c, dict) else (c[0], c[1])
        out.append((str(tok), float(p)))
    return out


def _extend(context: str, token: str, sep: str = " ") -> str:
    return f"{context}{sep}{token}" if context else token


def greedy_decode(table=None, start: str = "How", steps: int = 3, sep: str = " ") -> dict:
    """y_t = argmax_y P(y | context); context <- context + sep + y_t; stops at <END> or unknown context.
    Each step records its context, every candidate (``chosen`` marks the argmax) and the running product;
    ``answer`` is the generated part alone (the chosen tokens joined by ``sep``). ``sep=""`` joins tokens that
    carry their own spaces (" doing") or languages written without spaces."""
    table = BEAM_EXAMPLE if table is None else table
    context, total, chosen = start, 1.0, []
    for _ in range(steps):
        cands = _candidates(table, context)
        if not cands:
            break
        tok, p = max(cands, key=lambda c: c[1])
        total *= p
        chosen.append({"token": tok, "prob": p, "total": total, "context": context,
                       "candidates": [{"token": t, "prob": q, "chosen": t == tok and q == p} for t, q in cands]})
        context = _extend(context, tok, sep)
        if tok == END_TOKEN:
            break
    return {"text": context, "total": total, "steps": chosen, "answer": sep.join(c["token"] for c in chosen)}


def beam_search(table=None, start: str = "How", beam: int = 2, steps: int = 3) -> dict:
    """Beam search with score P(y_1..y_t) = prod_k P(y_k | y_<k).

    Each step expands every kept beam, computes total = beam total * current prob for
    every candidate, and keeps the `beam` best totals over ALL candidates of the step.
    Finished beams (ending in <END> or with no entry in the table) compete unchanged.
    Returns per step: beams [{context, total, finished, candidates[{token, prob, total,
    text, kept}]}], and the kept list; plus the final best text.
    """
    if steps < 1 or beam < 1:
        raise ValueError("beam and steps must be at least 1 (a beam search keeps one beam for one step or more)")
    table = BEAM_EXAMPLE if table is None else table
    beams = [{"text": start, "total": 1.0}]
    history = []
    for step in range(1, steps + 1):
        rows, pool = [], []
        for b in beams:
            cands = [] if b["text"].endswith(END_TOKEN) else _candidates(table, b["text"])
            row = {"context": b["text"], "total": b["total"], "finished": not cands, "candidates": []}
            if not cands:
                pool.append((b["total"], row, None))
            for tok, p in cands:
                cand = {"token": tok, "prob": p, "total": b["total"] * p,
                        "text": _extend(b["text"], tok), "kept": False}
                row["candidates"].append(cand)
                pool.append((cand["total"], row, cand))
            rows.append(row)
        order = sorted(range(len(pool)), key=lambda i: -pool[i][0])[:beam]
        keep = sorted(order)  # keep enumeration order (stable layout for figures)
        beams = []
        for i in keep:
            total, row, cand = pool[i]
            if cand is None:
                beams.append({"text": row["context"], "total": total})
            else:
                cand["kept"] = True
                beams.append({"text": cand["text"], "total": total})
        history.append({"step": step, "beams": rows, "kept": [dict(b) for b in beams]})
        if all(r["finished"] for r in rows):
            break
    best = max(beams, key=lambda b: b["total"])
    return {"steps": history, "best": best["text"], "best_total": best["total"], "final": beams}


def sample_tokens(probs, n: int = 1, seed: int = 0) -> np.ndarray:
    """n i.i.d. draws y ~ Categorical(p) with numpy Generator(PCG64(seed))."""
    p = np.asarray(probs, dtype=float)
    rng = np.random.Generator(np.random.PCG64(seed))
    return rng.choice(p.size, size=n, p=p / p.sum())


def top_k_filter(probs, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Keep the k most probable ids K; p'_i = p_i / sum_{j in K} p_j. Returns (ids by prob desc, p')."""
    p = np.asarray(probs, dtype=float)
    ids = np.argsort(-p, kind="stable")[:k]
    return ids, p[ids] / p[ids].sum()


def top_p_filter(probs, top_p: float) -> tuple[np.ndarray, np.ndarray]:
    """Nucleus: smallest prefix K of ids sorted by prob with sum_{i in K} p_i >= top_p;
    p'_i = p_i / sum_K p. Returns (ids by prob desc, p')."""
    p = np.asarray(probs, dtype=float)
    order = np.argsort(-p, kind="stable")
    cum = np.cumsum(p[order])
    n_keep = int(np.searchsorted(cum, top_p * cum[-1] - 1e-12) + 1)
    ids = order[:min(n_keep, p.size)]
    return ids, p[ids] / p[ids].sum()


# ---------------------------------------------------------------- packing
def packed_causal_mask(lengths) -> np.ndarray:
    """M[i, j] = 1 iff seq(i) = seq(j) and j <= i (block-diagonal causal mask)."""
    seg = np.repeat(np.arange(len(lengths)), lengths)
    idx = np.arange(seg.size)
    return (seg[:, None] == seg[None, :]) & (idx[None, :] <= idx[:, None])


def packed_position_ids(lengths) -> np.ndarray:
    """Position ids restart at 0 for every packed sequence: concat(range(L_k))."""
    return np.concatenate([np.arange(n) for n in lengths]) if len(lengths) else np.zeros(0, int)


# ---------------------------------------------------------------- ALiBi
def _alibi_pow2(n: int) -> list[float]:
    """m_k = 2^(-8k/n), k = 1..n."""
    return [2.0 ** (-8.0 * k / n) for k in range(1, n + 1)]


def alibi_slopes(n_heads: int) -> np.ndarray:
    """Head slopes m_k = 2^(-8k/n). For n not a power of 2 (Press et al.): with
    m = 2^floor(log2 n), take the m slopes for m heads, then every other slope of the
    2m-head sequence, n - m of them."""
    m = 2 ** int(math.floor(math.log2(n_heads)))
    slopes = _alibi_pow2(m)
    if m < n_heads:
        slopes += _alibi_pow2(2 * m)[0::2][: n_heads - m]
    return np.asarray(slopes)


def alibi_bias(n_heads: int, seq_len: int, causal: bool = True) -> np.ndarray:
    """B[h, i, j] = -m_h (i - j); with causal=True entries j > i are -inf."""
    i = np.arange(seq_len)
    dist = (i[:, None] - i[None, :]).astype(float)
    bias = -alibi_slopes(n_heads)[:, None, None] * dist[None] + 0.0  # + 0.0 turns -0.0 into 0.0
    if causal:
        bias = np.where(dist[None] < 0, -np.inf, bias)
    return bias


# ---------------------------------------------------------------- RoPE
def rope_theta(head_dim: int = 128, base: float = 10000.0) -> np.ndarray:
    """theta_i = base^(-2i/d), i = 0..d/2-1."""
    return base ** (-2.0 * np.arange(head_dim // 2) / head_dim)


def rope_angles(positions, dims, head_dim: int = 128, base: float = 10000.0) -> np.ndarray:
    """alpha[p, dim] = pos_p * theta_{dim // 2} (dims 2i and 2i+1 share theta_i)."""
    theta = rope_theta(head_dim, base)[np.asarray(dims, dtype=int) // 2]
    return np.asarray(positions, dtype=float)[:, None] * theta[None, :]


def rope_rotation_matrix(pos: float, head_dim: int = 8, base: float = 10000.0) -> np.ndarray:
    """R(pos) = blockdiag_i [[cos a_i, -sin a_i], [sin a_i, cos a_i]], a_i = pos theta_i."""
    a = pos * rope_theta(head_dim, base)
    r = np.zeros((head_dim, head_dim))
    for k, (c, s) in enumerate(zip(np.cos(a), np.sin(a))):
        r[2 * k:2 * k + 2, 2 * k:2 * k + 2] = [[c, -s], [s, c]]
    return r


def rope_table(head_dim: int = 128, base: float = 10000.0, positions=(0, 1, 2, 4095),
               dims=(0, 1, 2, 16, 90, 126, 127)) -> dict:
    """RoPE table: i = dim // 2, theta_i = base^(-2i/d), alpha = pos * theta (rows = positions,
    cols = dims) and cycles = alpha / (2 pi) for the last position."""
    dims = [int(d) for d in dims]
    positions = [int(p) for p in positions]
    theta = rope_theta(head_dim, base)[np.asarray(dims) // 2]
    alpha = rope_angles(positions, dims, head_dim, base)
    return {"dims": dims, "i": [d // 2 for d in dims], "positions": positions,
            "theta": theta, "alpha": alpha, "cycles": alpha[-1] / (2 * np.pi)}
