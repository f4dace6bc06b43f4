"""hierarchy: the quad-tree cell mapping of the feudal-rl figure."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric.hierarchy import children, feudal_grid, level_sizes


def test_sizes_double_per_level():
    assert level_sizes(4, 2) == [1, 2, 4, 8]
    assert level_sizes(3, 3) == [1, 3, 9]


def test_children_of_the_figure_cells():
    # level 2 is 2x2: cell 3 = row 1, col 0; at level 3 (4x4) rows 2-3, cols 0-1 -> 9, 10, 13, 14
    assert children(2, 3) == [9, 10, 13, 14]
    # level 3 cell 16 = row 3, col 3 (corner); level 4 (8x8) rows 6-7, cols 6-7 -> 55, 56, 63, 64
    assert children(3, 16) == [55, 56, 63, 64]
    assert children(1, 1, depth=2) == list(range(1, 17))


def test_every_cell_has_exactly_one_parent():
    seen = sorted(c for p in range(1, 17) for c in children(3, p))
    assert seen == list(range(1, 65))


def test_registry_default_is_the_figure():
    out = compute("hierarchy.feudal_grid")
    assert out["sizes"] == [1, 2, 4, 8] and out["cells"] == [1, 4, 16, 64]
    assert out["marks"][0] == {"level": 2, "cell": 3, "covered": [[2, [3]], [3, [9, 10, 13, 14]]]}
    assert out["marks"][1]["covered"][1] == [4, [55, 56, 63, 64]]


def test_bad_cells():
    with pytest.raises(ValueError, match="1..4"):
        children(2, 5)
    with pytest.raises(ValueError, match="marked level"):
        feudal_grid(marked=[[5, 1]])
