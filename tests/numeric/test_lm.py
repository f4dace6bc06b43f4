import itertools
import math

import numpy as np
import pytest

from diagrams.numeric import lm


# ------------------------------------------------------------------ softmax / CE
def test_softmax_by_hand_and_stability():
    assert lm.softmax([0.0, math.log(2)]).tolist() == pytest.approx([1 / 3, 2 / 3])
    assert lm.softmax([1000.0, 1000.0 + math.log(3)]).tolist() == pytest.approx([0.25, 0.75])
    m = lm.softmax([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    assert m.sum(axis=1).tolist() == pytest.approx([1, 1]) and m[1].tolist() == pytest.approx([1 / 3] * 3)


def test_softmax_temperature():
    z = [0.0, math.log(4)]
    assert lm.softmax_temperature(z, 2.0).tolist() == pytest.approx([1 / 3, 2 / 3])
    assert lm.softmax_temperature(z, 1.0).tolist() == pytest.approx([0.2, 0.8])
    assert lm.softmax_temperature([1.0, 2.0, 3.0], 0.01)[2] == pytest.approx(1.0)
    assert lm.softmax_temperature([1.0, 2.0, 3.0], 1e4).tolist() == pytest.approx([1 / 3] * 3, abs=1e-3)
    with pytest.raises(ValueError):
        lm.softmax_temperature(z, 0.0)


def test_log_softmax_matches_log_of_softmax():
    z = np.random.default_rng(1).normal(size=(3, 5))
    np.testing.assert_allclose(lm.log_softmax(z), np.log(lm.softmax(z)), atol=1e-12)


def test_cross_entropy_uniform_and_mask():
    assert lm.cross_entropy(np.zeros((3, 4)), [0, 1, 2]) == pytest.approx(math.log(4))
    logits = np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 5.0]])
    nll = [-math.log(math.exp(2) / (math.exp(2) + 1)), math.log(2), -math.log(math.exp(5) / (math.exp(5) + 1))]
    assert lm.cross_entropy(logits, [0, 1, 1]) == pytest.approx(sum(nll) / 3)
    assert lm.cross_entropy(logits, [0, 1, 1], mask=[1, 0, 1]) == pytest.approx((nll[0] + nll[2]) / 2)


# ------------------------------------------------------------------ decoding
def test_greedy_on_example():
    out = lm.greedy_decode(lm.BEAM_EXAMPLE, "How", 3)
    assert out["text"] == "How was the ?"
    assert out["total"] == pytest.approx(0.4 * 0.25 * 0.3)


def test_beam_search_expected_table():
    out = lm.beam_search(lm.BEAM_EXAMPLE, "How", beam=2, steps=3)
    s1, s2, s3 = out["steps"]
    c1 = s1["beams"][0]["candidates"]
    assert [(c["token"], c["kept"]) for c in c1] == [("are", True), ("有", False), ("was", True)]
    assert [b["context"] for b in s2["beams"]] == ["How are", "How was"]
    tot2 = [c["total"] for b in s2["beams"] for c in b["candidates"]]
    assert tot2 == pytest.approx([0.03, 0.015, 0.12, 0.1, 0.08, 0.04])
    assert [c["text"] for b in s2["beams"] for c in b["candidates"] if c["kept"]] == ["How are you", "How was the"]
    tot3 = [c["total"] for b in s3["beams"] for c in b["candidates"]]
    assert tot3 == pytest.approx([0.036, 0.012, 0.048, 0.03, 0.01, 0.02])
    kept3 = {c["token"]: c["total"] for b in s3["beams"] for c in b["candidates"] if c["kept"]}
    assert kept3 == pytest.approx({"?": 0.048, ",": 0.036})
    assert [c["prob"] for c in s3["beams"][0]["candidates"]] == [0.3, 0.1, 0.4]
    assert out["best"] == "How are you ?" and out["best_total"] == pytest.approx(0.048)


def _all_paths(table, start, steps):
    paths = [(start, 1.0)]
    for _ in range(steps):
        nxt = []
        for text, p in paths:
            cands = table.get(text, [])
            nxt += [(f"{text} {t}", p * q) for t, q in cands] if cands else [(text, p)]
        paths = nxt
    return paths


def test_wide_beam_is_exhaustive_search():
    out = lm.beam_search(lm.BEAM_EXAMPLE, "How", beam=100, steps=3)
    best = max(_all_paths(lm.BEAM_EXAMPLE, "How", 3), key=lambda x: x[1])
    assert out["best"] == best[0] and out["best_total"] == pytest.approx(best[1])


def test_beam_search_accepts_dict_candidates_and_end_token():
    table = {"a": [{"token": "<END>", "prob": 0.6}, {"token": "b", "prob": 0.4}], "a b": [["c", 0.5]]}
    out = lm.beam_search(table, "a", beam=1, steps=3)
    assert out["best"] == "a <END>" and out["best_total"] == pytest.approx(0.6)
    assert out["steps"][-1]["beams"][0]["finished"]


def test_sampling_seeded_and_frequencies():
    p = [0.1, 0.6, 0.3]
    a = lm.sample_tokens(p, 20000, seed=7)
    assert np.array_equal(a, lm.sample_tokens(p, 20000, seed=7))
    assert (np.bincount(a, minlength=3) / a.size).tolist() == pytest.approx(p, abs=0.015)


def test_top_k_by_hand():
    ids, q = lm.top_k_filter([0.1, 0.4, 0.3, 0.2], 2)
    assert ids.tolist() == [1, 2] and q.tolist() == pytest.approx([4 / 7, 3 / 7])


def test_top_p_by_hand():
    p = [0.1, 0.4, 0.3, 0.2]
    ids, q = lm.top_p_filter(p, 0.7)
    assert ids.tolist() == [1, 2] and q.tolist() == pytest.approx([4 / 7, 3 / 7])
    ids, q = lm.top_p_filter(p, 0.75)
    assert ids.tolist() == [1, 2, 3] and q.tolist() == pytest.approx([4 / 9, 3 / 9, 2 / 9])
    assert lm.top_p_filter(p, 0.3)[0].tolist() == [1]
    assert lm.top_p_filter(p, 1.0)[0].tolist() == [1, 2, 3, 0]


def test_top_p_is_smallest_prefix_brute_force():
    p = np.random.default_rng(2).dirichlet(np.ones(7))
    for top_p in np.linspace(0.05, 0.95, 19):
        ids, _ = lm.top_p_filter(p, top_p)
        sizes = [k for k in range(1, 8) for c in itertools.combinations(range(7), k) if p[list(c)].sum() >= top_p]
        assert len(ids) == min(sizes)


# ------------------------------------------------------------------ packing
def test_packed_mask_and_positions():
    m = lm.packed_causal_mask([2, 3]).astype(int)
    assert m.tolist() == [[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 1, 1, 0], [0, 0, 1, 1, 1]]
    assert lm.packed_position_ids([2, 3, 1]).tolist() == [0, 1, 0, 1, 2, 0]
    big = lm.packed_causal_mask([3, 1, 4])
    blocks = np.zeros((8, 8), bool)
    for a, n in [(0, 3), (3, 1), (4, 4)]:
        blocks[a:a + n, a:a + n] = np.tril(np.ones((n, n), bool))
    assert np.array_equal(big, blocks)


# ------------------------------------------------------------------ ALiBi
def test_alibi_slopes():
    assert lm.alibi_slopes(8).tolist() == pytest.approx([1 / 2 ** k for k in range(1, 9)])
    assert lm.alibi_slopes(4).tolist() == pytest.approx([1 / 4, 1 / 16, 1 / 64, 1 / 256])
    # 6 heads: 4-head slopes + every other 8-head slope (2^-1, 2^-3)
    assert lm.alibi_slopes(6).tolist() == pytest.approx([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8, 2 ** -1, 2 ** -3])
    assert lm.alibi_slopes(12)[:8].tolist() == pytest.approx([1 / 2 ** k for k in range(1, 9)])
    assert lm.alibi_slopes(12)[8:].tolist() == pytest.approx([2 ** -0.5, 2 ** -1.5, 2 ** -2.5, 2 ** -3.5])


def test_alibi_bias():
    b = lm.alibi_bias(8, 3)
    ninf = -math.inf
    assert b[0].tolist() == [[0.0, ninf, ninf], [-0.5, 0.0, ninf], [-1.0, -0.5, 0.0]]
    assert b[7, 2, 0] == pytest.approx(-2 / 256)
    assert math.copysign(1.0, b[3, 1, 1]) == 1.0  # zero on the diagonal, not -0.0
    assert lm.alibi_bias(8, 3, causal=False)[0, 0, 2] == pytest.approx(1.0)


# ------------------------------------------------------------------ RoPE
def test_rope_figure_values():
    t = lm.rope_table(128, 10000, positions=[1, 4095], dims=[0, 1, 2, 16, 90])
    assert t["i"] == [0, 0, 1, 8, 45]
    assert t["theta"].tolist() == pytest.approx([1.0, 1.0, 0.8660, 0.31623, 0.0015399], rel=1e-4)
    assert t["alpha"][1, 2] == pytest.approx(3546.12, abs=0.01)  # 4095 * 10000^(-2/128)
    assert t["alpha"][1, 2] == pytest.approx(3546.2, abs=0.1)    # figure value
    assert t["cycles"][0] == pytest.approx(651.7, abs=0.05)
    assert t["alpha"].shape == (2, 5)
    assert t["theta"][2] == pytest.approx(10000 ** (-2 / 128))


def test_rope_rotation_matrix_properties():
    d = 8
    r3, r5, r8 = (lm.rope_rotation_matrix(p, d) for p in (3, 5, 8))
    np.testing.assert_allclose(r3 @ r3.T, np.eye(d), atol=1e-12)
    np.testing.assert_allclose(r3 @ r5, r8, atol=1e-12)
    # relative position: <R_m q, R_n k> depends only on n - m
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=d), rng.normal(size=d)
    a = (lm.rope_rotation_matrix(3, d) @ q) @ (lm.rope_rotation_matrix(7, d) @ k)
    b = (lm.rope_rotation_matrix(10, d) @ q) @ (lm.rope_rotation_matrix(14, d) @ k)
    assert a == pytest.approx(b)


def test_rope_rotation_equals_complex_multiplication():
    d, pos = 8, 11
    x = np.arange(1.0, d + 1)
    z = (x[0::2] + 1j * x[1::2]) * np.exp(1j * pos * 10000.0 ** (-np.arange(0, d, 2) / d))
    rotated = lm.rope_rotation_matrix(pos, d) @ x
    np.testing.assert_allclose(rotated[0::2], z.real, atol=1e-12)
    np.testing.assert_allclose(rotated[1::2], z.imag, atol=1e-12)


@pytest.mark.parametrize("args", [{"steps": 0}, {"beam": 0}, {"steps": -2}])
def test_beam_search_refuses_no_steps_or_no_beams(args):
    # found by the fuzz test: zero steps left the component with nothing to draw
    with pytest.raises(ValueError, match="at least 1"):
        lm.beam_search(**args)
