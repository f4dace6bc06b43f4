"""A toy LLaMA-style decoder's bookkeeping (the LLM overview figure): a dictionary tokenizer with padding to a
maximum sequence length, and the attention masks (ALiBi bias + look-ahead mask, padding mask, their sum).

Pure numpy; a large negative number (default -1e9, as written in such figures and in code) stands for -inf.
"""
from __future__ import annotations

import numpy as np

TOY_VOCAB = ("[pad]", "[bos]", "[eos]", "[sep]", ",", "hi", "my", "friend", "!", "[ukn]")


def tokenize(pieces=("[bos]", "hi"), vocab=TOY_VOCAB, max_len=3, pad="[pad]", unknown="[ukn]") -> dict:
    """Map pieces to ids by their index in ``vocab`` (unknown pieces → ``unknown``) and pad with ``pad`` up to
    ``max_len`` (``None``: no padding; longer inputs are an error). Returns ``tokens`` (the padded pieces),
    ``ids``, ``valid`` (1 for real tokens, 0 for padding), ``length`` and the vocabulary as ``row_ids`` /
    ``row_tokens``."""
    vocab = [str(v) for v in vocab]
    index = {tok: i for i, tok in enumerate(vocab)}
    tokens = [str(p) if str(p) in index else unknown for p in pieces]
    n = len(tokens)
    if max_len is not None:
        if n > int(max_len):
            raise ValueError(f"{n} pieces do not fit max_len={max_len}")
        tokens = tokens + [pad] * (int(max_len) - n)
    ids = [index[t] for t in tokens]
    return {"tokens": tokens, "ids": ids, "valid": [1] * n + [0] * (len(tokens) - n), "length": n,
            "row_ids": list(range(len(vocab))), "row_tokens": vocab}


def attention_masks(seq_len=3, valid=(1, 1, 0), slope=1.0, neg=-1e9) -> dict:
    """Masks added to the attention scores q·kᵀ/√d of one head:
    ``alibi_causal[i][j]`` = -slope·(i - j) for j ≤ i (ALiBi), ``neg`` for j > i (look-ahead);
    ``padding[i][j]`` = 0 if key j is a real token, ``neg`` if it is padding;
    ``combined`` = their sum, with every masked entry kept at ``neg``."""
    n = int(seq_len)
    valid = np.asarray(valid, dtype=bool)
    if valid.shape != (n,):
        raise ValueError(f"valid needs {n} entries, got {valid.shape[0] if valid.ndim else 0}")
    i = np.arange(n)
    dist = (i[:, None] - i[None, :]).astype(float)
    future = dist < 0
    alibi = np.where(future, neg, -float(slope) * dist) + 0.0
    pad_masked = np.broadcast_to(~valid[None, :], (n, n))
    padding = np.where(pad_masked, neg, 0.0)
    combined = np.where(future | pad_masked, neg, alibi)
    return {"alibi_causal": alibi, "padding": padding, "combined": combined + 0.0}
