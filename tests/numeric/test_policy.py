import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from diagrams.numeric import policy as P


def test_baseline_and_advantage_by_hand():
    q, pi = [1.0, 2.0, 4.0], [0.5, 0.25, 0.25]
    v = P.state_value(q, pi)
    assert v == pytest.approx(2.0)
    adv = P.advantage(q, v)
    assert adv.tolist() == pytest.approx([-1.0, 0.0, 2.0])
    assert np.dot(pi, adv) == pytest.approx(0.0)  # E_pi[A] = 0


def test_importance_sampling_unbiased():
    f, p, q = [1.0, 5.0, -2.0], [0.2, 0.5, 0.3], [0.5, 0.25, 0.25]
    out = P.importance_sampling(f, p, q)
    assert out["weights"].tolist() == pytest.approx([0.4, 2.0, 1.2])
    assert out["weighted"].tolist() == pytest.approx([0.4, 10.0, -2.4])
    assert out["expectation_p"] == pytest.approx(0.2 + 2.5 - 0.6)
    assert out["expectation_p_prime_weighted"] == pytest.approx(out["expectation_p"])


def test_ppo_clip_by_hand():
    obj = P.ppo_clip_objective([0.5, 1.0, 1.5], 2.0, 0.2)
    assert obj.tolist() == pytest.approx([1.0, 2.0, 2.4])  # A>0: capped at (1+eps)A
    obj = P.ppo_clip_objective([0.5, 1.0, 1.5], -1.0, 0.2)
    assert obj.tolist() == pytest.approx([-0.8, -1.0, -1.5])  # A<0: floor at (1-eps)A, no cap


def _ppo_piecewise(r, a, eps):
    if a >= 0:
        return min(r, 1 + eps) * a
    return max(r, 1 - eps) * a


@settings(max_examples=50, deadline=None)
@given(r=st.floats(0, 3), a=st.floats(-5, 5), eps=st.floats(0.01, 0.5))
def test_ppo_matches_piecewise_form(r, a, eps):
    assert float(P.ppo_clip_objective(r, a, eps)) == pytest.approx(_ppo_piecewise(r, a, eps), abs=1e-12)


def test_ppo_curve_shapes():
    c = P.ppo_clip_curve(advantage=1.0, epsilon=0.2, r_min=0, r_max=2, num=21)
    assert len(c["ratio"]) == 21
    assert max(c["objective"]) == pytest.approx(1.2)
    assert c["clipped"][0] == pytest.approx(0.8)


def test_token_log_probs_manual():
    logits = [[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]]
    lp = P.token_log_probs(logits, [2, 1])
    z0 = math.exp(0) + math.exp(1) + math.exp(2)
    z1 = math.exp(3) + 2
    assert lp.tolist() == pytest.approx([2 - math.log(z0), -math.log(z1)])


def test_per_token_kl():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 6))
    ids = [0, 5, 2, 2]
    assert np.allclose(P.per_token_kl(logits, logits, ids), 0.0)
    # shifting a row of logits by a constant leaves the distribution unchanged
    assert np.allclose(P.per_token_kl(logits, logits + 3.0, ids), 0.0)
    ref = logits.copy()
    ref[1, 5] -= math.log(2)  # ref gives token 5 less mass
    kl = P.per_token_kl(logits, ref, ids)
    p = np.exp(logits[1]) / np.exp(logits[1]).sum()
    pr = np.exp(ref[1]) / np.exp(ref[1]).sum()
    assert kl[1] == pytest.approx(math.log(p[5] / pr[5]))
    assert kl[1] > 0 and kl[0] == pytest.approx(0.0) and kl[2] == pytest.approx(0.0)  # other rows unchanged


def test_kl_penalized_rewards_by_hand():
    out = P.kl_penalized_rewards([0.5, -0.2, 1.0], score=2.0, beta=0.1)
    assert out.tolist() == pytest.approx([-0.05, 0.02, -0.1 + 2.0])
    out = P.kl_penalized_rewards([0.0, 0.0], score=1.0, beta=0.5, rewards=[0.3, 0.0])
    assert out.tolist() == pytest.approx([0.3, 1.0])
