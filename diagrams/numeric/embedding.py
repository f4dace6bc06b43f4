"""The LLM input step: text pieces -> token ids (vocabulary lookup) -> embedding vectors (embedding lookup)."""
from __future__ import annotations

# The llm-input figure's example (Qwen2-0.5B sizes: vocabulary 151936, hidden size 896). The ids other than
# "!" = 0 and the embedding values are illustrative; each vector lists only the entries a figure shows
# (its first and last element).
EXAMPLE_VOCAB = ((0, "!"), (11319, "?"), (56568, "How"), (105518, "are you"))
EXAMPLE_EMBEDDINGS = ((11319, (0.4, 0.6)), (56568, (2.6, 0.8)), (105518, (-1.0, -1.3)))


def embedding_lookup(pieces=("How", "are you", "?"), vocab=EXAMPLE_VOCAB, embeddings=EXAMPLE_EMBEDDINGS,
                     vocab_size: int = 151936, dim: int = 896, elide: str = "...") -> dict:
    """Look the split text up: id_t = vocab^-1(piece_t), e_t = E[id_t]; the result is an (n, dim) matrix.

    ``vocab``: [id, token] pairs of the vocabulary rows shown; ``embeddings``: [id, vector] pairs (rows of the
    embedding table E). Returns ``ids`` and ``vectors`` in the order of ``pieces``, the ``shape`` [n, dim] of the
    looked-up matrix, ``last_id`` = vocab_size - 1, and the rows of a vocabulary / embedding table drawn in id
    order with an ``elide`` row between shown ids and before the last id: ``row_ids``, ``row_tokens`` (the
    token of each row, "" if not shown) and ``row_vectors`` (the embedding of each row, a row of "" if none).
    """
    token_to_id, id_to_token = {}, {}
    for i, tok in vocab:
        i = int(i)
        if not 0 <= i < int(vocab_size):
            raise ValueError(f"token id {i} is outside the vocabulary of size {vocab_size}")
        token_to_id[str(tok)] = i
        id_to_token[i] = str(tok)
    table = {int(i): [float(x) for x in vec] for i, vec in embeddings}
    missing = [p for p in pieces if str(p) not in token_to_id]
    if missing:
        raise ValueError(f"pieces not in the vocabulary: {missing}")
    ids = [token_to_id[str(p)] for p in pieces]
    absent = [i for i in ids if i not in table]
    if absent:
        raise ValueError(f"no embedding row for ids {absent}")
    vectors = [table[i] for i in ids]
    width = max(len(v) for v in table.values())
    last = int(vocab_size) - 1
    shown = sorted(set(id_to_token) | set(table) | {last})
    row_ids, row_tokens, row_vectors = [], [], []
    for k, i in enumerate(shown):
        if k and i != shown[k - 1] + 1:                       # a gap in the ids: one elided row
            row_ids.append(elide)
            row_tokens.append(elide)
            row_vectors.append([""] * width)
        row_ids.append(i)
        row_tokens.append(id_to_token.get(i, ""))
        row_vectors.append(table.get(i, [""] * width))
    return {"ids": ids, "vectors": vectors, "shape": [len(ids), int(dim)], "vocab_size": int(vocab_size),
            "dim": int(dim), "last_id": last, "row_ids": row_ids, "row_tokens": row_tokens,
            "row_vectors": row_vectors}
