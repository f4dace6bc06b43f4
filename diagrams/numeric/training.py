"""Training-loop schedules: gradient accumulation and activation recomputation (gradient checkpointing).

Pure Python/numpy; nothing here imports the rendering engine.

Gradient accumulation runs several micro-batches forward and backward, adds up (averages) their gradients
and updates the parameters once; with equal micro-batches the averaged gradient equals the gradient of the
mean loss over all their samples, so the update matches one large batch of micro_batch_size × steps samples.

Activation recomputation (gradient checkpointing) keeps only some of the activations of the forward pass and
recomputes the others from the nearest kept one when the backward pass needs them: less memory, extra
forward compute. With none kept it is full recomputation (each backward step re-runs the forward chain).
"""
from __future__ import annotations

import math

import numpy as np


def accumulation_schedule(n_batches: int = 3, steps: int = 3, micro_batch_size: int | None = None) -> dict:
    """Which optimiser update each of ``n_batches`` micro-batches feeds when gradients are accumulated over
    ``steps`` micro-batches (``steps = 1``: conventional training, one update per batch).

    Returns ``update`` (1-based update index per micro-batch), ``updates`` (how many updates; a last partial
    group still updates), ``groups`` (the 1-based micro-batches of each update) and ``effective_batch_size``
    (micro_batch_size × steps, None without a micro-batch size)."""
    n, k = int(n_batches), int(steps)
    if n < 1 or k < 1:
        raise ValueError("n_batches and steps must be at least 1")
    update = [b // k + 1 for b in range(n)]
    updates = math.ceil(n / k)
    groups = [[b + 1 for b in range(n) if update[b] == u] for u in range(1, updates + 1)]
    ebs = None if micro_batch_size is None else int(micro_batch_size) * k
    return {"update": update, "updates": updates, "groups": groups, "effective_batch_size": ebs}


def accumulated_gradient(micro_grads) -> np.ndarray:
    """The accumulated gradient of equal-sized micro-batches: the mean of their gradients (each the gradient of
    its mean loss), i.e. the gradient of the mean loss over all their samples."""
    g = np.asarray(micro_grads, dtype=float)
    if g.ndim == 0 or len(g) == 0:
        raise ValueError("give one gradient per micro-batch")
    return g.mean(axis=0)


def recompute_schedule(n_layers: int = 4, stored=(1, 3)) -> dict:
    """Step numbers of a forward/backward pass over the chain Input → A1 → … → An → Loss when only the
    activations A_k with k in ``stored`` (1-based) are kept after the forward pass (all kept: conventional
    training; none: full recomputation).

    Forward: the hop into A_k is step k, the loss step n + 1. Backward: the step computing gradient k (from
    gradient k + 1 or the loss, and A_k) is 2n + 2 − k. An activation that is not kept is recomputed right
    before its backward step by re-running the forward hops from the nearest kept activation below it
    (A_0, the input, is always at hand); recomputed activations are dropped after that step.

    Returns ``forward`` (n step numbers), ``loss``, ``backward`` (per layer k = 1…n), ``stored`` (per layer),
    ``recompute`` (per layer: the hops [i, i + 1] re-run before its backward step), ``hop_steps`` (per hop
    i → i + 1, i = 0…n−1: the steps that re-run it, ascending), ``kept`` (activations kept: the memory) and
    ``recomputed_hops`` (forward hops run again: the extra compute)."""
    n = int(n_layers)
    if n < 1:
        raise ValueError("n_layers must be at least 1")
    keep = sorted({int(k) for k in stored})
    if any(k < 1 or k > n for k in keep):
        raise ValueError(f"stored layers must lie in 1..{n}")
    kept = [k + 1 in keep for k in range(n)]
    backward = [2 * n + 2 - k for k in range(1, n + 1)]
    recompute, hop_steps = [], [[] for _ in range(n)]
    for k in range(1, n + 1):
        if kept[k - 1]:
            recompute.append([])
            continue
        j = max([s for s in keep if s < k], default=0)
        hops = [[i, i + 1] for i in range(j, k)]
        recompute.append(hops)
        for i, _ in hops:
            hop_steps[i].append(backward[k - 1])
    hop_steps = [sorted(s) for s in hop_steps]
    return {"forward": list(range(1, n + 1)), "loss": n + 1, "backward": backward, "stored": kept,
            "recompute": recompute, "hop_steps": hop_steps, "kept": len(keep),
            "recomputed_hops": sum(len(h) for h in recompute)}
