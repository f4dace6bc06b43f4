"""search_space.exhaustive_search: how many sequences an exhaustive search enumerates (exhaustive-search)."""
import itertools

import pytest

from diagrams.numeric import compute
from diagrams.numeric.search_space import exhaustive_search


def test_counts_match_brute_force_enumeration():
    # enumerate every sequence of a 3-token vocabulary for 1, 2 and 4 positions
    vocab = ["a", "b", "c"]
    for t in (1, 2, 4):
        n = sum(1 for _ in itertools.product(vocab, repeat=t))
        assert exhaustive_search(3, [t])["counts"] == [n]
    assert exhaustive_search(3, [0, 1, 2, 4])["counts"] == [1, 3, 9, 81]


def test_figure_default_is_ten_to_the_five_per_position():
    out = compute("search_space.exhaustive")
    assert out == {"vocab": 100000, "log10_vocab": 5, "depths": [1, 2], "counts": [100000, 10000000000],
                   "exponents": [5, 10]}


def test_non_power_of_ten_vocab_gives_fractional_exponents():
    out = exhaustive_search(50000, [2])
    assert out["counts"] == [2500000000]
    assert out["exponents"][0] == pytest.approx(9.39794, abs=1e-5)


@pytest.mark.parametrize("vocab, depths, msg", [(0, [1], "positive"), (10, [-1], "negative")])
def test_bad_inputs(vocab, depths, msg):
    with pytest.raises(ValueError, match=msg):
        exhaustive_search(vocab, depths)
