"""How query heads share key/value heads in multi-head attention variants (MHA, GQA, MQA).

Grouped-query attention splits ``n_heads`` query heads into ``n_kv_heads`` equal groups; every query head of a
group attends with the group's one key/value head. ``n_kv_heads = n_heads`` is multi-head attention (MHA), one
KV head is multi-query attention (MQA). Pure python; imports nothing from rendering."""
from __future__ import annotations


def kv_groups(n_heads: int = 4, n_kv_heads: int = 2) -> dict:
    """The KV head each query head uses when ``n_heads`` query heads share ``n_kv_heads`` KV heads.

    Returns ``kv_head`` (per query head, 0-based: h // group_size), ``groups`` (per KV head, the 0-based query
    heads it serves), ``group_size`` (query heads per KV head), ``n_heads``, ``n_kv_heads``, ``kind``
    ("MHA", "GQA" or "MQA") and ``kv_cache_ratio`` (KV cache size relative to MHA: n_kv_heads / n_heads)."""
    n, g = int(n_heads), int(n_kv_heads)
    if n < 1 or g < 1:
        raise ValueError("n_heads and n_kv_heads must be at least 1")
    if n % g:
        raise ValueError(f"n_kv_heads ({g}) must divide n_heads ({n})")
    size = n // g
    kv_head = [h // size for h in range(n)]
    groups = [[h for h in range(n) if kv_head[h] == k] for k in range(g)]
    kind = "MHA" if g == n else ("MQA" if g == 1 else "GQA")
    return {"kv_head": kv_head, "groups": groups, "group_size": size, "n_heads": n, "n_kv_heads": g,
            "kind": kind, "kv_cache_ratio": g / n}
