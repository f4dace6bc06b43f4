import math

import numpy as np
import pytest

from diagrams.numeric import norm as N


def test_batch_norm_by_hand():
    out = N.batch_norm([[1.0, 2.0], [3.0, 6.0]], eps=0.0)
    assert out["mean"].tolist() == [2.0, 4.0]
    assert out["var"].tolist() == [1.0, 4.0]
    assert out["output"].tolist() == [[-1.0, -1.0], [1.0, 1.0]]


def test_batch_norm_eps_gamma_beta():
    out = N.batch_norm([[1.0], [3.0]], eps=1.0, gamma=[2.0], beta=[0.5])
    assert out["output"][:, 0].tolist() == pytest.approx([2 * -1 / math.sqrt(2) + 0.5, 2 / math.sqrt(2) + 0.5])


def test_layer_norm_by_hand_and_transpose_of_batch_norm():
    x = np.array([[1.0, 2.0, 3.0, 6.0], [0.0, 0.0, 4.0, 4.0]])
    out = N.layer_norm(x, eps=0.0)
    assert out["mean"].tolist() == [3.0, 2.0]
    assert out["var"].tolist() == pytest.approx([3.5, 4.0])
    assert out["output"][1].tolist() == pytest.approx([-1, -1, 1, 1])
    np.testing.assert_allclose(out["output"], N.batch_norm(x.T, eps=0.0)["output"].T)


def test_rms_norm_by_hand():
    out = N.rms_norm([[3.0, 4.0]], eps=0.0)
    r = math.sqrt(12.5)
    assert out["rms"][0] == pytest.approx(r)
    assert out["output"][0].tolist() == pytest.approx([3 / r, 4 / r])
    # RMSNorm does not centre: a constant vector maps to all ones (LayerNorm would give 0)
    assert N.rms_norm([[2.0, 2.0]], eps=0.0)["output"][0].tolist() == pytest.approx([1.0, 1.0])
    assert N.rms_norm([[0.0, 0.0]], eps=1e-6)["output"][0].tolist() == [0.0, 0.0]
    assert N.rms_norm([[3.0, 4.0]], eps=1.0, gamma=[2.0, 1.0])["output"][0].tolist() == pytest.approx(
        [6 / math.sqrt(13.5), 4 / math.sqrt(13.5)])
