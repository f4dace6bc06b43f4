"""lm.embedding_lookup: pieces -> token ids -> embedding rows (the llm-input figure's example)."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric.embedding import embedding_lookup


def test_default_example_matches_the_figure():
    r = compute("lm.embedding_lookup")
    assert r["ids"] == [56568, 105518, 11319]
    assert r["vectors"] == [[2.6, 0.8], [-1.0, -1.3], [0.4, 0.6]]
    assert r["shape"] == [3, 896]
    assert r["last_id"] == 151935
    assert r["row_ids"] == [0, "...", 11319, "...", 56568, "...", 105518, "...", 151935]
    assert r["row_tokens"] == ["!", "...", "?", "...", "How", "...", "are you", "...", ""]
    assert r["row_vectors"][2] == [0.4, 0.6] and r["row_vectors"][0] == ["", ""]


def test_lookup_follows_the_order_of_the_pieces_and_adjacent_ids_need_no_gap_row():
    r = embedding_lookup(pieces=["b", "a", "b"], vocab=[[1, "a"], [2, "b"]], embeddings=[[1, [1.0]], [2, [2.0]]],
                         vocab_size=4, dim=1)
    assert r["ids"] == [2, 1, 2]
    assert r["vectors"] == [[2.0], [1.0], [2.0]]
    assert r["row_ids"] == [1, 2, 3]          # 1, 2, 3 = vocab_size - 1 are consecutive: no "..." rows
    assert r["row_tokens"] == ["a", "b", ""]


@pytest.mark.parametrize("kwargs, message", [
    ({"pieces": ["zz"]}, "not in the vocabulary"),
    ({"vocab": [[200000, "How"]], "pieces": ["How"]}, "outside the vocabulary"),
    ({"embeddings": [[11319, [0.4, 0.6]]]}, "no embedding row"),
])
def test_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        embedding_lookup(**kwargs)
