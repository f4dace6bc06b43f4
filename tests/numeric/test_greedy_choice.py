"""exploration.greedy_choice: the Top-1 action a DQN's Q values select (dqn-usage)."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric.exploration import greedy_choice


def test_default_example_picks_the_largest_q():
    # 0.4 > 0.35 > 0.25: the third action (index 2) by inspection
    out = compute("exploration.greedy_choice")
    assert out == {"index": 2, "max": pytest.approx(0.4), "action": "To New York"}


def test_names_follow_the_index_and_ties_take_the_first():
    assert greedy_choice([1.0, 3.0, 3.0], ["a", "b", "c"])["action"] == "b"
    assert greedy_choice([-2.0, -1.0], None) == {"index": 1, "max": -1.0, "action": None}
    assert compute("exploration.greedy_choice", {"q": [5, 1], "actions": ["往成都", "往洛阳"]})["action"] == "往成都"


def test_name_count_must_match():
    with pytest.raises(ValueError, match="2 action names for 3"):
        greedy_choice([1, 2, 3], ["x", "y"])
