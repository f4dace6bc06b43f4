"""Size of the space an exhaustive search over token sequences enumerates.

With a vocabulary of V tokens, every sequence position multiplies the number of candidate sequences by V:
after t positions an exhaustive (brute-force) search has V**t sequences to score, i.e. 10**(t * log10 V).
"""
from __future__ import annotations

import math


def exhaustive_search(vocab: int = 100000, depths=(1, 2)) -> dict:
    """Candidate sequences of an exhaustive search over a vocabulary of ``vocab`` tokens.

    Returns ``vocab``; ``log10_vocab`` (log10 V, e.g. 5 for V = 10**5: the ``5`` of 10**(5N) after N
    positions); per entry t of ``depths``: ``counts`` = V**t (exact integers) and ``exponents`` =
    log10(V**t) = t * log10 V (integers when V is a power of ten).
    """
    v = int(vocab)
    if v < 1:
        raise ValueError(f"vocab must be a positive number of tokens, got {vocab!r}")
    ts = [int(t) for t in depths]
    if any(t < 0 for t in ts):
        raise ValueError(f"depths count sequence positions and cannot be negative, got {list(depths)!r}")
    lg = math.log10(v)
    exact = 10 ** round(lg) == v
    per = int(round(lg)) if exact else lg
    return {"vocab": v, "log10_vocab": per, "depths": ts, "counts": [v ** t for t in ts],
            "exponents": [per * t for t in ts]}
