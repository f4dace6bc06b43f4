"""The DPO gradient-weight curve sigma(r_l - r_w) over implicit-reward differences, and its level crossings."""
import math

import numpy as np
import pytest

from diagrams.numeric import compute
from diagrams.numeric import preference as Pf


def test_logit_hand_values():
    # logit(p) = ln(p / (1 - p)): logit(0.5) = 0, logit(0.95) = ln 19, logit(0.05) = -ln 19
    assert float(Pf.logit(0.5)) == 0.0
    assert float(Pf.logit(0.95)) == pytest.approx(math.log(19.0), rel=1e-12)
    assert float(Pf.logit(0.95)) == pytest.approx(2.944438979, abs=1e-9)
    assert float(Pf.logit(0.05)) == pytest.approx(-math.log(19.0), rel=1e-12)
    with pytest.raises(ValueError):
        Pf.logit(1.0)
    with pytest.raises(ValueError):
        Pf.logit([0.2, 0.0])


def test_curve_is_the_sigmoid_of_the_difference():
    out = Pf.dpo_grad_weight_curve(-10, 10, 401, levels=(0.05, 0.95))
    d, w = out["d"], out["weight"]
    assert len(d) == len(w) == 401 and d[0] == -10 and d[-1] == 10
    assert w[200] == pytest.approx(0.5)                       # d = 0: sigma(0) = 1/2
    naive = np.array([1.0 / (1.0 + math.exp(-v)) for v in d])  # independent formula
    assert np.allclose(w, naive, rtol=1e-12, atol=1e-15)
    assert np.all(np.diff(w) > 0)                              # increasing in r_l - r_w
    assert np.allclose(w + w[::-1], 1.0)                       # sigma(-d) = 1 - sigma(d)
    assert float(w[0]) == pytest.approx(1.0 / (1.0 + math.exp(10)))


def test_level_crossings_lie_on_the_curve():
    out = Pf.dpo_grad_weight_curve(levels=(0.05, 0.95))
    lo, hi = (float(v) for v in out["at"])
    assert lo == pytest.approx(-math.log(19.0)) and hi == pytest.approx(math.log(19.0))
    assert float(Pf.sigmoid(hi)) == pytest.approx(0.95) and float(Pf.sigmoid(lo)) == pytest.approx(0.05)
    # the interpolated grid curve passes through the same points
    assert float(np.interp(hi, out["d"], out["weight"])) == pytest.approx(0.95, abs=2e-4)


def test_matches_dpo_grad_weight_from_log_probs():
    # sigma(beta[(log pi_l - log pi_ref_l) - (log pi_w - log pi_ref_w)]) at beta = 0.5: difference = 0.5 * (2 - (-1))
    w = Pf.dpo_grad_weight(-3.0, -2.0, -1.0, -3.0, beta=0.5)
    out = Pf.dpo_grad_weight_curve(1.5, 2.5, 3)
    assert float(out["weight"][0]) == pytest.approx(float(w))


def test_registry_and_errors():
    out = compute("preference.dpo_weight_curve", {"d_min": -10, "d_max": 10, "num": 5, "levels": [0.05, 0.95]})
    assert out["d"] == [-10.0, -5.0, 0.0, 5.0, 10.0] and out["levels"] == [0.05, 0.95]
    assert out["at"][1] == pytest.approx(math.log(19.0))
    with pytest.raises(ValueError):
        Pf.dpo_grad_weight_curve(1, 1)
    with pytest.raises(ValueError):
        Pf.dpo_grad_weight_curve(num=1)
