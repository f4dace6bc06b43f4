"""Reference numerics added for the numeric companion figures: Monte-Carlo values of sampled episodes, the
over-estimated TD target of DQN, shape-preserving interpolation and importance-sampling curves."""
import numpy as np
import pytest

from diagrams.numeric import exploration, policy, returns
from diagrams.numeric.registry import compute


def test_mc_value_of_sampled_returns():
    out = returns.mc_value(returns=[3.8, 2.1, 4.2, 1.6, 4.9, 1.1, 1.9, 3.4, 2.6], indices=[1, 4, 6])
    assert out["n"] == 3
    np.testing.assert_allclose(out["sampled"], [2.1, 4.9, 1.9])
    assert out["estimate"] == pytest.approx(8.9 / 3)
    assert f"{out['estimate']:.2f}" == "2.97"


def test_mc_value_of_reward_paths_is_the_mean_return():
    out = returns.mc_value(paths=[[1.5, 0.1], [2, 0.5, 0.1], [1, 1.1], [0.8, 1.2]])
    np.testing.assert_allclose(out["returns"], [1.6, 2.6, 2.1, 2.0])
    assert out["estimate"] == pytest.approx(2.075)
    discounted = returns.mc_value(paths=[[1, 1], [0, 2]], gamma=0.5)
    np.testing.assert_allclose(discounted["returns"], [1.5, 1.0])


@pytest.mark.parametrize("kwargs", [{"returns": [1], "paths": [[1]]}, {"returns": [1, 2], "indices": [2]},
                                    {"returns": [1, 2], "indices": []}])
def test_mc_value_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        returns.mc_value(**kwargs)


def test_max_target_picks_the_most_overestimated_action():
    out = exploration.max_target([4, 6, 5], [2, 1, 3], reward=1, gamma=1)
    assert out["selected"] == 2 and out["true_best"] == 1
    assert out["max_estimate"] == 8 and out["true_part"] == 5 and out["noise_part"] == 3
    assert out["target"] == 9 and out["overestimation"] == 2
    assert exploration.max_target([1, 2], [0, 0], reward=0.5, gamma=0.9)["target"] == pytest.approx(0.5 + 0.9 * 2)


def test_pchip_interpolates_monotone_data_without_overshoot():
    xk, yk = [1, 2, 3, 4, 5], [0.4, 0.3, 0.15, 0.1, 0.05]
    x = np.linspace(1, 5, 401)
    y = policy.pchip(xk, yk, x)
    np.testing.assert_allclose(policy.pchip(xk, yk, xk), yk, atol=1e-12)
    assert np.all(np.diff(y) <= 1e-12)                    # decreasing data stay decreasing
    assert y.max() <= 0.4 + 1e-12 and y.min() >= 0.05 - 1e-12
    np.testing.assert_allclose(policy.pchip([0, 1], [0, 2], [0.25, 0.5]), [0.5, 1.0])   # two points: a line
    with pytest.raises(ValueError):
        policy.pchip([1, 1], [0, 1], [1])


def test_importance_curves():
    out = compute("policy.importance_curves", {"support": [1, 2, 3, 4, 5], "p": [0.4, 0.3, 0.15, 0.1, 0.05],
                                               "p_prime": [0.05, 0.1, 0.15, 0.3, 0.4], "num": 81})
    x, w = np.array(out["x"]), np.array(out["weights"])
    assert len(x) == 81 and x[0] == 1 and x[-1] == 5
    np.testing.assert_allclose(w, np.array(out["p"]) / np.array(out["p_prime"]))
    np.testing.assert_allclose(w[::20], [8, 3, 1, 1 / 3, 0.125])                     # at the support points
    np.testing.assert_allclose(out["overlap"], np.minimum(out["p"], out["p_prime"]))
    np.testing.assert_allclose(out["support_weights"], [8, 3, 1, 1 / 3, 0.125])


def test_defaults_are_the_book_examples():
    assert returns.mc_value()["n"] == 9
    assert exploration.max_target()["selected"] == 2


def test_registry_names():
    assert compute("returns.mc_value", {"returns": [1, 3]})["estimate"] == 2
    assert compute("exploration.max_target", {"true_values": [0, 1], "noise": [2, 0]})["selected"] == 0


def test_mcts_figure_selection_is_the_uct_choice():
    """The statistics of the MCTS figure: UCT picks S2-1 at the root, then S3-2; the back-up adds 20 and 1 visit."""
    assert compute("mcts.uct", {"w": [20, 30], "n": [3, 6], "n_parent": 9})["selected"] == 0
    assert compute("mcts.uct", {"w": [10, 10], "n": [2, 1], "n_parent": 3})["selected"] == 1
    path = [{"N": 9, "W": 50}, {"N": 3, "W": 20}, {"N": 1, "W": 10}, {"N": 0, "W": 0}]
    after = compute("mcts.backup", {"path": path, "value": 20})
    assert [(n["W"], n["N"]) for n in after] == [(70, 10), (40, 4), (30, 2), (20, 1)]
