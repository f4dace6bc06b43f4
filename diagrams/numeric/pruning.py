"""Unstructured magnitude pruning of a weight matrix (the "Prune" figure of the LLM-extended chapter).

Pure numpy; imports nothing from rendering."""
from __future__ import annotations

import numpy as np

# The figure's example: the 3 × 4 matrix "Weight-2" between a 4-neuron and a 3-neuron layer (rows = outputs,
# columns = inputs). Illustrative values; keeping the 5 largest magnitudes gives the sparse "Weight-2′".
EXAMPLE_WEIGHTS = [[0.82, -0.67, 0.05, -0.12],
                   [0.09, -0.21, 0.74, -0.58],
                   [-0.03, 0.15, -0.91, 0.27]]


def magnitude_prune(weights=EXAMPLE_WEIGHTS, keep: int | None = 5, sparsity: float | None = None) -> dict:
    """Keep the ``keep`` weights of largest magnitude |w| (or, with ``sparsity``, zero that share of them,
    rounded to the nearest count) and set the others to 0. Ties in |w| are kept in row-major order.

    Returns ``mask`` (1 kept, 0 pruned, the matrix's shape), ``pruned`` (the weights times the mask),
    ``kept`` and ``removed`` (counts), ``total``, ``sparsity`` (removed / total), ``threshold`` (the smallest
    kept magnitude) and ``edges`` (the kept connections as [row, col] pairs, row-major: output ← input)."""
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.size == 0:
        raise ValueError("weights must be a non-empty 2-D matrix")
    total = w.size
    if sparsity is not None:
        if not 0.0 <= float(sparsity) <= 1.0:
            raise ValueError("sparsity must lie in [0, 1]")
        keep = total - int(round(float(sparsity) * total))
    if keep is None:
        raise ValueError("give keep or sparsity")
    keep = int(keep)
    if not 0 <= keep <= total:
        raise ValueError(f"keep must lie in 0..{total}")
    flat = np.abs(w).ravel()
    order = np.argsort(-flat, kind="stable")[:keep]
    mask = np.zeros(total, dtype=int)
    mask[order] = 1
    mask = mask.reshape(w.shape)
    edges = [[int(r), int(c)] for r, c in zip(*np.nonzero(mask))]
    return {"mask": mask, "pruned": w * mask, "kept": keep, "removed": total - keep, "total": total,
            "sparsity": (total - keep) / total, "threshold": float(flat[order].min()) if keep else None,
            "edges": edges}
