import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from diagrams.numeric import gae as G
from diagrams.numeric.returns import returns_to_go

episodes = st.integers(1, 10).flatmap(lambda n: st.tuples(
    st.lists(st.floats(-5, 5), min_size=n, max_size=n),
    st.lists(st.floats(-5, 5), min_size=n, max_size=n)))


def test_worked_example_by_hand():
    ex = G.worked_example([0, 0, 1, 0, 1], [0.5, 0.6, 0.8, 0.4, 0.9], gamma=0.9, lam=0.8)
    assert ex["delta"] == pytest.approx([0.04, 0.12, 0.56, 0.41, 0.1])
    assert ex["advantage"][4] == pytest.approx(0.1)
    assert ex["advantage"][3] == pytest.approx(0.41 + 0.72 * 0.1)
    assert ex["advantage"][2] == pytest.approx(0.56 + 0.72 * 0.482)
    assert ex["returns"] == pytest.approx(np.add(ex["advantage"], ex["values"]).tolist())
    assert set(ex) >= {"rewards", "values", "delta", "advantage", "returns"}
    assert all(type(v) is float for v in ex["delta"])


@settings(max_examples=30, deadline=None)
@given(ep=episodes, gamma=st.floats(0, 1))
def test_lambda_zero_is_delta(ep, gamma):
    r, v = ep
    np.testing.assert_allclose(G.gae_advantages(r, v, gamma, 0.0), G.td_residuals(r, v, gamma), atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(ep=episodes, gamma=st.floats(0, 1), boot=st.floats(-5, 5))
def test_lambda_one_is_return_minus_value(ep, gamma, boot):
    r, v = ep
    adv = G.gae_advantages(r, v, gamma, 1.0, bootstrap_value=boot)
    np.testing.assert_allclose(adv, returns_to_go(r, gamma, boot) - np.array(v), atol=1e-8)
    np.testing.assert_allclose(G.gae_returns(r, v, gamma, 1.0, bootstrap_value=boot),
                               returns_to_go(r, gamma, boot), atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(ep=episodes, gamma=st.floats(0, 1), lam=st.floats(0, 1))
def test_recursion_equals_explicit_sum(ep, gamma, lam):
    r, v = ep
    delta = G.td_residuals(r, v, gamma)
    adv = G.gae_advantages(r, v, gamma, lam)
    for t in range(len(r)):
        brute = sum((gamma * lam) ** k * delta[t + k] for k in range(len(r) - t))
        assert adv[t] == pytest.approx(brute, abs=1e-8)


def test_done_cuts_bootstrap_and_propagation():
    r, v = [1.0, 2.0, 3.0], [0.5, 1.0, 1.5]
    out = G.gae(r, v, gamma=0.9, lam=0.9, dones=[0, 1, 0])
    assert out["delta"][1] == pytest.approx(2.0 - 1.0)  # no gamma V(s_2) after a terminal step
    assert out["advantage"][1] == pytest.approx(out["delta"][1])
    assert out["delta"][0] == pytest.approx(1 + 0.9 * 1.0 - 0.5)


def test_bootstrap_value_enters_last_delta():
    d = G.td_residuals([1.0], [0.5], 0.9, bootstrap_value=2.0)
    assert d[0] == pytest.approx(1 + 0.9 * 2.0 - 0.5)
