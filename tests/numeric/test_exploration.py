import math

import numpy as np
import pytest

from diagrams.numeric import exploration as E


def test_linear_schedule_points():
    eps = E.epsilon_linear([0, 50, 100, 500], 1.0, 0.1, 100)
    assert eps.tolist() == pytest.approx([1.0, 0.55, 0.1, 0.1])


def test_exponential_schedule_points():
    eps = E.epsilon_exponential([0, 200, 100000], 1.0, 0.05, 200)
    assert eps[0] == pytest.approx(1.0)
    assert eps[1] == pytest.approx(0.05 + 0.95 / math.e)
    assert eps[2] == pytest.approx(0.05)


def test_schedule_dict_and_monotone():
    out = E.epsilon_schedule("exponential", num_steps=50, decay=10)
    assert len(out["steps"]) == 51 and np.all(np.diff(out["epsilon"]) < 0)
    with pytest.raises(ValueError):
        E.epsilon_schedule("cosine")


def test_greedy_and_epsilon_greedy_probs():
    q = [1.0, 3.0, 2.0, 3.0]
    assert E.greedy_action(q) == 1 and E.max_q(q) == 3.0
    p = E.epsilon_greedy_probs(q, 0.2)
    assert p.tolist() == pytest.approx([0.05, 0.85, 0.05, 0.05])


def test_expected_max_normal_closed_forms():
    # E[max(Z1, Z2)] = 1/sqrt(pi); E[max of 3] = 3 / (2 sqrt(pi))
    assert E.expected_max_normal([0, 0]) == pytest.approx(1 / math.sqrt(math.pi), abs=1e-6)
    assert E.expected_max_normal([0, 0, 0]) == pytest.approx(1.5 / math.sqrt(math.pi), abs=1e-6)
    assert E.expected_max_normal([2.0, 2.0], std=3.0) == pytest.approx(2 + 3 / math.sqrt(math.pi), abs=1e-5)
    assert E.expected_max_normal([1.5]) == pytest.approx(1.5, abs=1e-6)


def test_overestimation_mc_agrees_and_is_positive():
    out = E.max_overestimation([1.0, 0.5, 0.0], noise_std=1.0, n_samples=50_000, seed=3)
    assert out["true_max"] == 1.0
    assert out["bias"] > 0 and out["mc_bias"] > 0
    assert out["mc_expected_max"] == pytest.approx(out["expected_max"], abs=0.02)
    again = E.max_overestimation([1.0, 0.5, 0.0], noise_std=1.0, n_samples=50_000, seed=3)
    assert again["mc_expected_max"] == out["mc_expected_max"]
