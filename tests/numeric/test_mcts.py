import math

import numpy as np
import pytest

from diagrams.numeric import mcts as M


def test_uct_by_hand():
    s = M.uct_scores([3.0, 1.0, 0.0], [4, 1, 0], n_parent=5, c=2.0)
    assert s[0] == pytest.approx(0.75 + 2 * math.sqrt(math.log(5) / 4))
    assert s[1] == pytest.approx(1.0 + 2 * math.sqrt(math.log(5)))
    assert s[2] == math.inf
    assert M.select_child(s) == 2
    out = M.uct([3.0, 1.0], [4, 1], n_parent=5, c=0.0)
    assert out["selected"] == 1 and out["scores"].tolist() == pytest.approx([0.75, 1.0])


def test_puct_by_hand():
    s = M.puct_scores([0.5, 0.2], [0.1, 0.9], [3, 0], n_parent=16, c=1.5)
    assert s.tolist() == pytest.approx([0.5 + 1.5 * 0.1 * 4 / 4, 0.2 + 1.5 * 0.9 * 4 / 1])
    assert M.puct([0.5, 0.2], [0.1, 0.9], [3, 0], 16, 1.5)["selected"] == 1


def test_backup_single_and_two_player():
    path = [{"name": "root", "N": 10, "W": 4.0}, {"name": "a", "N": 3, "W": 1.0}, {"name": "leaf", "N": 0, "W": 0.0}]
    one = M.backup(path, 1.0)
    assert [n["N"] for n in one] == [11, 4, 1]
    assert [n["W"] for n in one] == [5.0, 2.0, 1.0]
    assert one[0]["Q"] == pytest.approx(5 / 11) and one[0]["name"] == "root"
    two = M.backup(path, 1.0, two_player=True)
    assert [n["W"] for n in two] == [5.0, 0.0, 1.0]  # leaf +1, parent -1, root +1
    assert path[2]["N"] == 0  # input untouched
