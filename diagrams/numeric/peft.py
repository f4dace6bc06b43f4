"""Parameter-efficient fine-tuning (PEFT): how many parameters LoRA and Prefix-Tuning train, and the
position indices of a prefix-tuned sequence (virtual prefix, then prompt, then output)."""
from __future__ import annotations

import numpy as np


def lora_params(d=1024, k=1024, r=2) -> dict:
    """LoRA freezes a weight W of shape d x k and trains its update as a product of two thin matrices,
    dW = A B with A of shape d x r and B of shape r x k (r << min(d, k); default: the 1024 x 1024 example
    with rank 2 of the LoRA figures).

    Returns ``full`` = d k (entries of W, what full fine-tuning trains), ``a`` = d r, ``b`` = r k,
    ``lora`` = d r + r k (what LoRA trains), ``ratio`` = full / lora (how many times fewer),
    ``share`` = lora / full, ``shape_a`` = [d, r], ``shape_b`` = [r, k], and ``max_rank`` = min(d, r, k),
    the largest rank dW = A B can have."""
    d, k, r = int(d), int(k), int(r)
    if min(d, k, r) <= 0:
        raise ValueError("d, k and r must be positive")
    full, a, b = d * k, d * r, r * k
    lora = a + b
    return {"d": d, "k": k, "r": r, "full": full, "a": a, "b": b, "lora": lora, "ratio": full / lora,
            "share": lora / full, "shape_a": [d, r], "shape_b": [r, k], "max_rank": min(d, r, k)}


def lora_forward(w, a, b, x) -> dict:
    """The LoRA forward pass and its merged form: Q1 = W x (frozen path), Q2 = A B x (LoRA path),
    Q = Q1 + Q2, and W_merged = W + A B, with which one product W_merged x gives the same Q.

    ``w``: d x k, ``a``: d x r, ``b``: r x k, ``x``: a vector of k numbers or a k x n matrix."""
    w, a, b, x = (np.asarray(v, dtype=float) for v in (w, a, b, x))
    delta = a @ b
    if delta.shape != w.shape:
        raise ValueError(f"A B has shape {delta.shape}, W has shape {w.shape}")
    q1, q2 = w @ x, a @ (b @ x)
    merged = w + delta
    return {"q1": q1, "q2": q2, "q": q1 + q2, "delta": delta, "merged": merged, "q_merged": merged @ x}


def _index_text(idx) -> str:
    return "[" + ",".join(str(int(i)) for i in idx) + "]"


def prefix_tuning(layers=32, prefix_len=2, hidden_size=4, prompt_len=6, output_len=8, start=1) -> dict:
    """Prefix-Tuning trains, in every one of ``layers`` layers, ``prefix_len`` virtual prefix vectors of
    ``hidden_size`` numbers each, placed before the prompt and the output (default: the toy example of the
    Prefix-Tuning figure: 32 layers, prefix length 2, dimension 4, a prompt of 6 and an output of 8 tokens).

    Returns ``params`` = layers x prefix_len x hidden_size, ``factors`` (those three), ``length`` (all
    positions), ``positions`` (start, start + 1, ...), the positions ``prefix_idx``, ``prompt_idx`` and
    ``output_idx`` of the three segments (counted from ``start``) and the same as text
    (``prefix_idx_text`` = "[1,2]", ...)."""
    counts = [int(prefix_len), int(prompt_len), int(output_len)]
    if min(counts) < 0 or int(layers) <= 0 or int(hidden_size) <= 0:
        raise ValueError("layers and hidden_size must be positive, segment lengths non-negative")
    positions = np.arange(sum(counts)) + int(start)
    bounds = np.cumsum([0] + counts)
    prefix_idx, prompt_idx, output_idx = (positions[bounds[i]:bounds[i + 1]] for i in range(3))
    factors = [int(layers), int(prefix_len), int(hidden_size)]
    return {"params": int(np.prod(factors)), "factors": factors, "length": int(sum(counts)),
            "positions": positions, "prefix_idx": prefix_idx, "prompt_idx": prompt_idx, "output_idx": output_idx,
            "prefix_idx_text": _index_text(prefix_idx), "prompt_idx_text": _index_text(prompt_idx),
            "output_idx_text": _index_text(output_idx)}
