"""preference.reward_loss_curve: -log sigma(z) over a grid of reward margins z = r(x, y_w) - r(x, y_l),
checked against independently derived values (softplus(-z) = log(1 + e^-z) written out by hand)."""
import math

import numpy as np
import pytest

from diagrams.numeric import preference
from diagrams.numeric.registry import compute


def test_grid_and_values_match_softplus_closed_form():
    out = preference.reward_loss_curve(-6, 6, 121)
    z = out["z"]
    assert len(z) == 121 and z[0] == -6 and z[-1] == 6
    np.testing.assert_allclose(np.diff(z), 0.1, atol=1e-12)
    expected = [math.log1p(math.exp(-v)) for v in z]
    np.testing.assert_allclose(out["loss"], expected, rtol=1e-12)
    np.testing.assert_allclose(out["prob"], [1 / (1 + math.exp(-v)) for v in z], rtol=1e-12)


@pytest.mark.parametrize("z, loss", [(-6, 6.0024757), (-4, 4.018150), (-2, 2.126928), (0, 0.693147),
                                     (2, 0.126928), (4, 0.018150), (6, 0.0024757)])
def test_values_the_figure_shows(z, loss):
    out = compute("preference.reward_loss_curve", {"z_min": -6, "z_max": 6, "num": 13})
    i = out["z"].index(z)
    assert out["loss"][i] == pytest.approx(loss, abs=5e-7)


def test_shape_of_the_curve():
    out = preference.reward_loss_curve(-6, 6, 241)
    loss = np.asarray(out["loss"])
    assert np.all(np.diff(loss) < 0)                       # strictly decreasing: a larger margin, a smaller loss
    assert np.all(loss > 0)
    # softplus(-z) - softplus(z) = -z: the curve is the line -z plus its mirror image
    np.testing.assert_allclose(loss - loss[::-1], -np.asarray(out["z"]), atol=1e-12)
    # same numbers as the pairwise loss with r_w = z, r_l = 0
    np.testing.assert_allclose(loss, preference.reward_model_loss(out["z"], 0.0))


@pytest.mark.parametrize("kwargs", [{"num": 1}, {"z_min": 1, "z_max": 1}, {"z_min": 2, "z_max": -2}])
def test_rejects_bad_grids(kwargs):
    with pytest.raises(ValueError):
        preference.reward_loss_curve(**kwargs)
