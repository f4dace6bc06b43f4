import math

import pytest

from diagrams.numeric import distributional as D
from diagrams.numeric.registry import compute


def _brute(components, v_min=-5.0, v_max=5.0, n=51):
    """Independent pure-Python version: unnormalised mixture weights at each atom, then the expectation."""
    zs = [v_min + (v_max - v_min) * i / (n - 1) for i in range(n)]
    ws = [sum(w / s * math.exp(-((z - m) / s) ** 2 / 2) for w, m, s in components) for z in zs]
    total = sum(ws)
    return zs, [w / total for w in ws], sum(z * w for z, w in zip(zs, ws)) / total


def test_support_is_c51_atoms_and_probs_sum_to_one():
    r = D.categorical_return()
    assert len(r["atoms"]) == 51 and r["atoms"][0] == -5 and r["atoms"][-1] == 5
    assert r["atoms"][1] - r["atoms"][0] == pytest.approx(0.2)
    assert sum(r["probs"]) == pytest.approx(1.0)
    assert min(r["probs"]) > 0


def test_symmetric_gaussian_has_zero_mean():
    r = D.categorical_return([(1.0, 0.0, 1.3)])
    assert r["mean"] == pytest.approx(0.0, abs=1e-12)


def test_two_atoms_closed_form():
    # atoms -1 and +1, N(1, s): p(+1)/p(-1) = exp(2 / s^2), so E = tanh(1 / s^2)
    s = 0.8
    r = D.categorical_return([(1.0, 1.0, s)], v_min=-1, v_max=1, n_atoms=2)
    assert r["mean"] == pytest.approx(math.tanh(1 / s ** 2))
    assert r["std"] == pytest.approx(math.sqrt(1 - math.tanh(1 / s ** 2) ** 2))


def test_figure_example_matches_brute_force_and_rounds_to_3_and_2():
    for comps in (D.A0_COMPONENTS, D.A1_COMPONENTS):
        zs, ps, mean = _brute(comps)
        r = D.categorical_return(comps)
        assert list(r["probs"]) == pytest.approx(ps)
        assert r["mean"] == pytest.approx(mean)
    q = D.expected_returns()
    assert [round(v) for v in q] == [3, 2]
    # a0: the sharp peak near +4 is its most likely return; a1 peaks near +1.3
    a0, a1 = D.categorical_return(D.A0_COMPONENTS), D.categorical_return(D.A1_COMPONENTS)
    assert a0["atoms"][a0["probs"].argmax()] == pytest.approx(4.0)
    assert a1["atoms"][a1["probs"].argmax()] == pytest.approx(1.4)
    assert 0.2 < a0["probs"].max() < 0.3 and 0.15 < a1["probs"].max() < 0.3


def test_registry_and_errors():
    r = compute("distributional.categorical_return", {"components": [[1, 0, 1]], "n_atoms": 11})
    assert isinstance(r["probs"], list) and len(r["probs"]) == 11
    with pytest.raises(ValueError):
        D.categorical_return([(1.0, 0.0, 0.0)])
    with pytest.raises(ValueError):
        D.categorical_return(n_atoms=1)


def test_drawing_curve_passes_through_the_atoms():
    r = D.categorical_return(samples=401)
    # the fine grid holds every atom (0.025 step, atoms every 0.2 = every 8th sample)
    assert r["x"][::8] == pytest.approx(r["atoms"])
    assert r["curve"][::8] == pytest.approx(r["probs"])
