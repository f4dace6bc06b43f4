"""Activation functions against values derived by hand (closed forms, Lambert W, the normal CDF)."""
import math
import warnings

import numpy as np
import pytest

from diagrams.numeric import activations as A
from diagrams.numeric import compute

E = math.e


def test_silu_closed_forms():
    # x * sigmoid(x) = x / (1 + e^-x)
    assert float(A.silu(1.0)) == pytest.approx(0.7310585786300049, abs=1e-12)
    assert float(A.silu(-1.0)) == pytest.approx(-1.0 / (1.0 + E), abs=1e-12)      # -0.26894142…
    assert float(A.silu(2.0)) == pytest.approx(2.0 / (1.0 + E ** -2), abs=1e-12)   # 1.76159415…
    assert float(A.silu(0.0)) == 0.0
    np.testing.assert_allclose(A.swish([-3.0, 0.5, 4.0], beta=1.0), A.silu([-3.0, 0.5, 4.0]))


def test_swish_beta():
    # beta scales only the gate: Swish_2(1) = 1 / (1 + e^-2)
    assert float(A.swish(1.0, beta=2.0)) == pytest.approx(1.0 / (1.0 + E ** -2), abs=1e-12)
    # beta = 0: x / 2 (linear); large beta: ReLU
    np.testing.assert_allclose(A.swish([-2.0, 3.0], beta=0.0), [-1.0, 1.5])
    np.testing.assert_allclose(A.swish([-1.0, 1.0], beta=50.0), [0.0, 1.0], atol=1e-20)


def test_sigmoid_is_stable_and_symmetric():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = A.sigmoid([-1000.0, 0.0, 1000.0])
    assert out.tolist() == [0.0, 0.5, 1.0]
    x = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(A.sigmoid(x) + A.sigmoid(-x), 1.0)


def test_gelu_is_x_times_normal_cdf():
    # Phi(1) = 0.8413447460685429, Phi(2) = 0.9772498680518208 (standard normal table)
    assert float(A.gelu(1.0)) == pytest.approx(0.8413447460685429, abs=1e-12)
    assert float(A.gelu(-1.0)) == pytest.approx(-(1 - 0.8413447460685429), abs=1e-12)
    assert float(A.gelu(2.0)) == pytest.approx(2 * 0.9772498680518208, abs=1e-12)
    # tanh approximation: 0.5 (1 + tanh(sqrt(2/pi) * 1.044715)) at x = 1
    assert float(A.gelu(1.0, approximate=True)) == pytest.approx(0.8411919906082768, abs=1e-9)
    x = np.linspace(-4, 4, 81)
    assert np.max(np.abs(A.gelu(x) - A.gelu(x, approximate=True))) < 1e-3


def test_relu():
    assert A.relu([-2.0, 0.0, 3.5]).tolist() == [0.0, 0.0, 3.5]


def test_silu_curve_dip_matches_lambert_w():
    # d/dx x sigma(x) = 0  <=>  1 + x (1 - sigma(x)) = 0  <=>  x* = -1 - W(1/e); and SiLU(x*) = -W(1/e),
    # with W(1/e) = 0.27846454276107380 (the omega-like constant solving w e^w = 1/e)
    w = 0.2784645427610738
    assert w * math.exp(w) == pytest.approx(1 / E, abs=1e-15)
    c = A.curve("silu", x_min=-4.0, x_max=1.5, num=5501)
    assert c["argmin"] == pytest.approx(-1.0 - w, abs=1e-3)
    assert c["min"] == pytest.approx(-w, abs=1e-6)
    assert len(c["x"]) == len(c["y"]) == 5501
    assert c["x"][0] == -4.0 and c["x"][-1] == 1.5
    assert c["y"][-1] == pytest.approx(1.5 / (1 + math.exp(-1.5)), abs=1e-12)


def test_curve_errors():
    with pytest.raises(ValueError, match="unknown activation"):
        A.curve("tanhh")
    with pytest.raises(ValueError):
        A.curve("silu", x_min=1.0, x_max=0.0)
    with pytest.raises(ValueError):
        A.curve("silu", num=1)


def test_swiglu_gate():
    out = A.swiglu([2.0, -1.0, 3.0], [1.0, 0.0, -1.0])
    assert out["gate"].tolist() == pytest.approx([0.7310585786300049, 0.0, -0.2689414213699951], abs=1e-12)
    assert out["output"].tolist() == pytest.approx([1.4621171572600098, 0.0, -0.8068242641099853], abs=1e-12)
    with pytest.raises(ValueError, match="shape"):
        A.swiglu([1.0, 2.0], [1.0])


def test_registry_returns_plain_lists():
    c = compute("activations.curve", {"name": "swish", "x_min": -1, "x_max": 1, "num": 3, "beta": 1.0})
    assert c["x"] == [-1.0, 0.0, 1.0]
    assert isinstance(c["y"], list) and c["y"][1] == 0.0
    assert c["y"][2] == pytest.approx(0.7310585786300049)
    g = compute("activations.swiglu", {"x_linear": [2.0], "x_gate": [1.0]})
    assert g["output"] == pytest.approx([1.4621171572600098])


def test_swiglu_defaults_are_the_documented_example():
    out = A.swiglu()
    gate = [2 / (1 + E ** -2), -1 / (1 + E), 0.0, -3 / (1 + E ** 3)]
    assert out["gate"].tolist() == pytest.approx(gate, abs=1e-12)
    assert out["output"].tolist() == pytest.approx([g * a for g, a in zip(gate, [1.0, -2.0, 0.5, 3.0])], abs=1e-12)
