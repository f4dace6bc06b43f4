"""trajectory.walk: the rewards of the rl-fundamental-concepts trajectories."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric.trajectory import TOUR_REWARDS, walk


def test_default_is_tau_1():
    # Los Angeles -> Salt Lake City (5 stars) -> New York (4) -> Chicago (4): R1, R2, R3 = 5, 4, 4; G = 13
    out = compute("trajectory.walk")
    assert out["rewards"] == [5, 4, 4] and out["return"] == 13 and out["steps"] == 3
    assert out["states"] == ["la", "slc", "ny", "chi"]


def test_tau_2_and_names():
    out = walk(path=["la", "abq"], names={"la": "Los Angeles", "abq": "Albuquerque"})
    assert out["rewards"] == [4] and out["names"] == ["Los Angeles", "Albuquerque"]


def test_discounting():
    # 5 + 0.5 * 4 + 0.25 * 4 = 8
    assert walk(TOUR_REWARDS, ["la", "slc", "ny", "chi"], gamma=0.5)["return"] == pytest.approx(8.0)


def test_illegal_steps_and_unknown_states():
    with pytest.raises(ValueError, match="no action leads"):
        walk(path=["la", "ny"])
    with pytest.raises(ValueError, match="has no reward"):
        walk(path=["la", "mars"])
    # a custom table without a graph allows any step
    assert walk({"a": 0, "b": 2}, ["a", "b", "a"])["rewards"] == [2, 0]
