"""KV-head sharing of MHA / GQA / MQA (diagrams.numeric.attention), against hand-derived groupings."""
import pytest

from diagrams.numeric import compute


def test_gqa_default_is_the_figure_example():
    r = compute("attention.kv_groups")  # 4 query heads, 2 KV heads
    assert r["kv_head"] == [0, 0, 1, 1]
    assert r["groups"] == [[0, 1], [2, 3]]
    assert r["group_size"] == 2 and r["kind"] == "GQA"
    assert r["kv_cache_ratio"] == pytest.approx(0.5)


def test_mha_and_mqa_are_the_extremes():
    mha = compute("attention.kv_groups", {"n_heads": 4, "n_kv_heads": 4})
    assert mha["kv_head"] == [0, 1, 2, 3] and mha["group_size"] == 1 and mha["kind"] == "MHA"
    mqa = compute("attention.kv_groups", {"n_heads": 4, "n_kv_heads": 1})
    assert mqa["kv_head"] == [0, 0, 0, 0] and mqa["groups"] == [[0, 1, 2, 3]] and mqa["kind"] == "MQA"
    assert mqa["kv_cache_ratio"] == pytest.approx(0.25)
    # Llama-2-70B style: 64 query heads, 8 KV heads -> groups of 8
    big = compute("attention.kv_groups", {"n_heads": 64, "n_kv_heads": 8})
    assert big["group_size"] == 8 and big["kv_head"][7] == 0 and big["kv_head"][8] == 1 and big["kv_head"][-1] == 7


def test_errors():
    with pytest.raises(ValueError):
        compute("attention.kv_groups", {"n_heads": 4, "n_kv_heads": 3})
    with pytest.raises(ValueError):
        compute("attention.kv_groups", {"n_heads": 0, "n_kv_heads": 1})
