"""LoRA and Prefix-Tuning parameter counts and prefix positions, checked against values derived independently
(hand arithmetic, numpy's own matrix rank, an explicit merge of the weights)."""
import numpy as np
import pytest

from diagrams.numeric import compute
from diagrams.numeric import peft as P


def test_lora_counts_of_the_figure_example():
    out = P.lora_params()  # the figures' 1024 x 1024 weight, rank 2
    assert out["full"] == 1_048_576 == 2 ** 20
    assert out["a"] == out["b"] == 2048
    assert out["lora"] == 4096 == 2 ** 12
    assert out["ratio"] == 256.0 and out["share"] == pytest.approx(1 / 256)
    assert out["shape_a"] == [1024, 2] and out["shape_b"] == [2, 1024]


def test_lora_counts_of_a_rectangular_weight_and_the_rank_bound():
    out = compute("peft.lora_params", {"d": 4096, "k": 11008, "r": 8})
    assert out["full"] == 45_088_768
    assert out["lora"] == 4096 * 8 + 8 * 11008 == 120_832
    assert out["ratio"] == pytest.approx(45_088_768 / 120_832)
    # A B of random factors reaches the bound min(d, r, k)
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(6, 2)), rng.normal(size=(2, 5))
    assert np.linalg.matrix_rank(a @ b) == P.lora_params(6, 5, 2)["max_rank"] == 2
    with pytest.raises(ValueError):
        P.lora_params(d=0)


def test_lora_forward_equals_the_merged_weight():
    rng = np.random.default_rng(1)
    w, a, x = rng.normal(size=(4, 3)), rng.normal(size=(4, 2)), rng.normal(size=3)
    b = np.zeros((2, 3))  # B starts at zero: the LoRA path adds nothing at first
    out = P.lora_forward(w, a, b, x)
    np.testing.assert_allclose(out["q2"], 0.0)
    np.testing.assert_allclose(out["q"], w @ x)
    b = rng.normal(size=(2, 3))
    out = P.lora_forward(w, a, b, x)
    by_hand = [sum((w[i, j] + sum(a[i, t] * b[t, j] for t in range(2))) * x[j] for j in range(3)) for i in range(4)]
    np.testing.assert_allclose(out["q"], by_hand)
    np.testing.assert_allclose(out["q_merged"], out["q1"] + out["q2"])
    with pytest.raises(ValueError):
        P.lora_forward(w, a, rng.normal(size=(2, 4)), x)


def test_prefix_tuning_counts_and_positions_of_the_figure():
    out = compute("peft.prefix_tuning")
    assert out["params"] == 32 * 2 * 4 == 256 and out["factors"] == [32, 2, 4]
    assert out["length"] == 16 and out["positions"] == list(range(1, 17))
    assert out["prefix_idx"] == [1, 2]
    assert out["prompt_idx"] == [3, 4, 5, 6, 7, 8]
    assert out["output_idx"] == [9, 10, 11, 12, 13, 14, 15, 16]
    assert out["prefix_idx_text"] == "[1,2]"
    assert out["prompt_idx_text"] == "[3,4,5,6,7,8]"
    assert out["output_idx_text"] == "[9,10,11,12,13,14,15,16]"


def test_prefix_tuning_other_sizes_and_zero_based_positions():
    out = P.prefix_tuning(layers=24, prefix_len=10, hidden_size=1024, prompt_len=3, output_len=0, start=0)
    assert out["params"] == 245_760
    assert out["prefix_idx_text"] == "[0,1,2,3,4,5,6,7,8,9]"
    assert list(out["prompt_idx"]) == [10, 11, 12] and list(out["output_idx"]) == []
    assert out["output_idx_text"] == "[]"
    with pytest.raises(ValueError):
        P.prefix_tuning(layers=0)
