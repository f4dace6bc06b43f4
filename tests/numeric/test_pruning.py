"""Magnitude pruning (diagrams.numeric.pruning), checked against hand-derived masks."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric.pruning import magnitude_prune


def test_figure_example_mask():
    # |w| sorted: 0.91 (2,2), 0.82 (0,0), 0.74 (1,2), 0.67 (0,1), 0.58 (1,3) are the five largest
    r = compute("pruning.magnitude")
    assert r["mask"] == [[1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0]]
    assert r["kept"] == 5 and r["removed"] == 7 and r["total"] == 12
    assert r["sparsity"] == pytest.approx(7 / 12)
    assert r["threshold"] == pytest.approx(0.58)
    assert r["edges"] == [[0, 0], [0, 1], [1, 2], [1, 3], [2, 2]]
    assert r["pruned"][0] == pytest.approx([0.82, -0.67, 0.0, 0.0])


def test_sparsity_and_ties():
    w = [[1.0, -1.0], [0.5, 2.0]]
    r = magnitude_prune(w, keep=None, sparsity=0.5)
    # keep 2 of 4: 2.0, then the tie 1.0 / -1.0 resolved in row-major order -> (0, 0)
    assert r["mask"].tolist() == [[1, 0], [0, 1]]
    assert magnitude_prune(w, keep=0)["mask"].sum() == 0
    assert magnitude_prune(w, keep=4)["mask"].sum() == 4


def test_errors():
    with pytest.raises(ValueError):
        magnitude_prune([[1.0]], keep=2)
    with pytest.raises(ValueError):
        magnitude_prune([1.0, 2.0])
    with pytest.raises(ValueError):
        magnitude_prune([[1.0]], keep=None, sparsity=1.5)
