import pytest
from hypothesis import given, settings, strategies as st

from diagrams.numeric import returns as R

floats = st.floats(-10, 10, allow_nan=False)


def test_undiscounted_by_hand():
    assert R.undiscounted_return([1, -2, 3.5]) == pytest.approx(2.5)


@settings(max_examples=40, deadline=None)
@given(r=floats, gamma=st.floats(0.0, 0.99), T=st.integers(1, 30))
def test_discounted_constant_closed_form(r, gamma, T):
    expected = r * (1 - gamma ** T) / (1 - gamma)
    assert R.discounted_return([r] * T, gamma) == pytest.approx(expected, abs=1e-9)


def test_returns_to_go_by_hand():
    assert R.returns_to_go([1, 2, 3], 0.5).tolist() == pytest.approx([2.75, 3.5, 3.0])


@settings(max_examples=30, deadline=None)
@given(rs=st.lists(floats, min_size=1, max_size=12), gamma=st.floats(0, 1))
def test_returns_to_go_matches_forward_sums(rs, gamma):
    g = R.returns_to_go(rs, gamma)
    for t in range(len(rs)):
        brute = sum(gamma ** k * rs[t + k] for k in range(len(rs) - t))
        assert g[t] == pytest.approx(brute, abs=1e-9)
    assert g[0] == pytest.approx(R.discounted_return(rs, gamma), abs=1e-9)


def test_returns_to_go_bootstrap():
    g = R.returns_to_go([1.0, 1.0], 0.9, bootstrap_value=10.0)
    assert g[1] == pytest.approx(1 + 9.0)
    assert g[0] == pytest.approx(1 + 0.9 * 10.0)


def test_mc_estimate_is_mean():
    assert R.mc_value_estimate([1, 2, 6]) == pytest.approx(3.0)


def test_td_target_and_error_by_hand():
    assert R.td_target(1.0, 2.0, 0.9) == pytest.approx(2.8)
    assert R.td_target(1.0, 2.0, 0.9, done=True) == pytest.approx(1.0)
    assert R.td_error(1.0, 0.5, 2.0, 0.9) == pytest.approx(2.3)


def test_n_step_by_hand_and_limits():
    rewards, values, gamma = [1.0, 2.0, 3.0], [0.5, 4.0, 8.0], 0.5
    # 2-step from t=0: r0 + g r1 + g^2 V(s2)
    assert R.n_step_return(rewards, values, 0, 2, gamma) == pytest.approx(1 + 1 + 0.25 * 8)
    # 1-step equals the TD target
    assert R.n_step_return(rewards, values, 1, 1, gamma) == pytest.approx(float(R.td_target(2.0, 8.0, gamma)))
    # n beyond the episode = Monte-Carlo return (+ bootstrap)
    assert R.n_step_return(rewards, values, 0, 10, gamma) == pytest.approx(R.discounted_return(rewards, gamma))
    assert R.n_step_return(rewards, values, 2, 5, gamma, bootstrap_value=4.0) == pytest.approx(3 + 0.5 * 4)
