"""The step-by-step arithmetic of chain-of-thought answers (reasoning.arithmetic_chain), checked against hand
arithmetic and Python's own evaluation of the same expressions."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric import reasoning as R


def test_cafeteria_question_of_the_cot_figure():
    out = R.arithmetic_chain(23, [["-", 20], ["+", 6]])
    assert out["results"] == [23 - 20, (23 - 20) + 6] == [3, 9]
    assert out["values"] == [23, 3, 9] and out["answer"] == 9
    assert [s["text"] for s in out["steps"]] == ["23-20=3", "3+6=9"]
    assert out == R.arithmetic_chain()  # the default is the figure's example


def test_sub_expressions_are_evaluated_first():
    out = compute("reasoning.arithmetic_chain", {"start": 5, "steps": [["+", [2, "*", 3]]]})
    assert [s["text"] for s in out["steps"]] == ["2*3=6", "5+6=11"]
    assert out["results"] == [2 * 3, 5 + 2 * 3] and out["answer"] == 11
    assert out["values"] == [5, 11]


def test_exact_rational_arithmetic_and_integer_results_stay_integers():
    out = R.arithmetic_chain(0.1, [["+", 0.2], ["×", 10], ["÷", 4]])
    assert out["results"] == [0.3, 3, 0.75]  # no binary rounding: 0.1 + 0.2 is 0.3
    assert isinstance(out["results"][1], int)
    assert R.arithmetic_chain(7, [["/", 2]])["answer"] == pytest.approx(7 / 2)


def test_bad_steps_are_errors():
    with pytest.raises(ValueError):
        R.arithmetic_chain(1, [["^", 2]])
    with pytest.raises(ValueError):
        R.arithmetic_chain(1, [["+", [1, "+"]]])
    with pytest.raises(ValueError):
        R.arithmetic_chain(1, [["+"]])
    with pytest.raises(ZeroDivisionError):
        R.arithmetic_chain(1, [["/", 0]])
