import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from diagrams.numeric import preference as Pf


@settings(max_examples=50, deadline=None)
@given(a=st.floats(-20, 20), b=st.floats(-20, 20))
def test_rm_loss_matches_naive_formula(a, b):
    naive = -math.log(1.0 / (1.0 + math.exp(-(a - b))))
    assert float(Pf.reward_model_loss(a, b)) == pytest.approx(naive, rel=1e-9, abs=1e-12)
    assert float(Pf.bradley_terry_prob(a, b) + Pf.bradley_terry_prob(b, a)) == pytest.approx(1.0)


def test_rm_loss_values_and_stability():
    assert float(Pf.reward_model_loss(1.0, 1.0)) == pytest.approx(math.log(2))
    assert float(Pf.reward_model_loss(0.0, 1000.0)) == pytest.approx(1000.0)
    assert float(Pf.reward_model_loss(1000.0, 0.0)) == pytest.approx(0.0, abs=1e-300)
    assert np.isfinite(Pf.sigmoid(-1000.0)) and float(Pf.sigmoid(0.0)) == 0.5


def test_dpo_by_hand():
    out = Pf.dpo(-10.0, -12.0, -15.0, -14.0, beta=0.5)
    assert float(out["reward_chosen"]) == pytest.approx(1.0)
    assert float(out["reward_rejected"]) == pytest.approx(-0.5)
    assert float(out["margin"]) == pytest.approx(1.5)
    assert float(out["loss"]) == pytest.approx(math.log(1 + math.exp(-1.5)))
    assert float(out["grad_weight"]) == pytest.approx(1 / (1 + math.exp(1.5)))


@settings(max_examples=30, deadline=None)
@given(lw=st.floats(-30, 0), rw=st.floats(-30, 0), ll=st.floats(-30, 0), rl=st.floats(-30, 0),
       beta=st.floats(0.01, 1.0))
def test_dpo_loss_is_bt_loss_of_implicit_rewards_and_grad_weight_is_derivative(lw, rw, ll, rl, beta):
    loss = float(Pf.dpo_loss(lw, rw, ll, rl, beta))
    bt = float(Pf.reward_model_loss(Pf.dpo_implicit_reward(lw, rw, beta), Pf.dpo_implicit_reward(ll, rl, beta)))
    assert loss == pytest.approx(bt, rel=1e-9, abs=1e-12)
    # dL/d(log pi_w) = -beta * sigma(r_l - r_w): check by central differences
    h = 1e-5
    num = (float(Pf.dpo_loss(lw + h, rw, ll, rl, beta)) - float(Pf.dpo_loss(lw - h, rw, ll, rl, beta))) / (2 * h)
    assert num == pytest.approx(-beta * float(Pf.dpo_grad_weight(lw, rw, ll, rl, beta)), abs=1e-6)
