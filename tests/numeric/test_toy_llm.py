"""The toy tokenizer and attention masks of the LLM overview figure, against hand-derived values."""
import math

import pytest

from diagrams.numeric import compute
from diagrams.numeric.toy_llm import attention_masks, tokenize

NEG = -1e9


def test_tokenize_pads_to_max_len():
    r = tokenize(["[bos]", "hi"], max_len=3)
    assert r["tokens"] == ["[bos]", "hi", "[pad]"]
    assert r["ids"] == [1, 5, 0]                      # [bos] is row 1, hi row 5, [pad] row 0
    assert r["valid"] == [1, 1, 0] and r["length"] == 2
    assert r["row_ids"] == list(range(10))


def test_tokenize_output_ids_and_unknown():
    assert tokenize([",", "my", "friend", "!"], max_len=None)["ids"] == [4, 6, 7, 8]
    assert tokenize(["hello"], max_len=None)["ids"] == [9]            # → [ukn]
    with pytest.raises(ValueError):
        tokenize(["hi"] * 4, max_len=3)


def test_masks_match_hand_derivation():
    r = attention_masks(3, [1, 1, 0], slope=1.0)
    assert r["alibi_causal"].tolist() == [[0, NEG, NEG], [-1, 0, NEG], [-2, -1, 0]]
    assert r["padding"].tolist() == [[0, 0, NEG]] * 3
    assert r["combined"].tolist() == [[0, NEG, NEG], [-1, 0, NEG], [-2, -1, NEG]]
    assert not any(math.copysign(1, v) < 0 for row in r["combined"].tolist() for v in row if v == 0)


def test_masks_slope_and_registry():
    r = compute("toy_llm.attention_masks", {"seq_len": 2, "valid": [1, 1], "slope": 0.5})
    assert r["alibi_causal"] == [[0.0, NEG], [-0.5, 0.0]]
    assert r["combined"] == r["alibi_causal"]
    with pytest.raises(ValueError):
        attention_masks(3, [1, 1])
