"""Majority vote (self-consistency) and the exact decimal comparison of the reasoning figures, checked against
values derived independently (collections.Counter, fractions.Fraction, hand arithmetic)."""
from collections import Counter
from fractions import Fraction

import pytest

from diagrams.numeric import compute
from diagrams.numeric import reasoning as R


def test_majority_vote_of_the_figure_matches_a_counter():
    answers = ["9.12 < 9.9", "9.12 < 9.9", "9.12 > 9.9", "9.12 < 9.9"]
    out = R.majority_vote(answers)
    (top, count), = Counter(answers).most_common(1)
    assert out["answer"] == top == "9.12 < 9.9"
    assert out["votes"] == count == 3
    assert out["n"] == 4 and out["share"] == pytest.approx(0.75)
    assert out["options"] == ["9.12 < 9.9", "9.12 > 9.9"] and out["counts"] == [3, 1]
    assert out["agrees"] == [True, True, False, True]


def test_majority_vote_ties_go_to_the_first_answer_seen_and_numbers_vote_too():
    out = R.majority_vote(["B", "A", "A", "B", "C"])
    assert (out["answer"], out["votes"], out["winner"]) == ("B", 2, 0)
    out = R.majority_vote([18, 17, 18, 18, 20])
    assert (out["answer"], out["votes"], out["counts"]) == (18, 3, [3, 1, 1])
    assert R.majority_vote(["x"])["share"] == 1.0
    with pytest.raises(ValueError):
        R.majority_vote([])


def test_compare_decimals_is_exact():
    out = R.compare_decimals(9.12, 9.9)
    assert out["relation"] == "<" and out["text"] == "9.12 < 9.9" and out["greater"] == 9.9
    # 9.9 - 9.12 in exact rational arithmetic is 78/100 (binary floats give 0.7799999999999994)
    assert Fraction(str(out["difference"])) == Fraction(99, 10) - Fraction(912, 100) == Fraction(78, 100)
    assert out["percent"] == [912, 990] and all(isinstance(p, int) for p in out["percent"])
    assert out["integer"] == [9, 9]
    assert out["fraction"] == [0.12, 0.9]
    assert R.compare_decimals(3, 2.5)["relation"] == ">" and R.compare_decimals(3, 2.5)["difference"] == -0.5
    assert R.compare_decimals(1.50, 1.5)["relation"] == "="


def test_registered_for_specs():
    res = compute("reasoning.majority_vote", {"answers": ["a", "b", "b"]})
    assert res["answer"] == "b" and res["votes"] == 2
    assert compute("reasoning.compare_decimals", {"a": 9.12, "b": 9.9})["difference"] == 0.78
