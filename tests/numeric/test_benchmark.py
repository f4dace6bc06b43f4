"""benchmark.multiple_choice: one graded multiple-choice item (the llm-benchmark figure)."""
import pytest

from diagrams.numeric import benchmark
from diagrams.numeric.registry import compute


def test_seconds_in_a_day():
    # 1 day = 24 h, 1 h = 3600 s
    assert benchmark.seconds_in(1) == 86400
    assert benchmark.seconds_in(2) == 172800
    assert benchmark.seconds_in(0.5) == 43200


def test_default_item_is_the_figure():
    r = compute("benchmark.multiple_choice")
    assert r["options"] == [86400, 60, 360, 12]
    assert r["letters"] == ["A", "B", "C", "D"]
    assert r["key"] == "A" and r["llm_answer"] == "B"
    assert r["correct"] is False


def test_key_follows_position_and_grading():
    r = benchmark.multiple_choice(key_position=2, llm_answer="C")
    assert r["options"] == [60, 360, 86400, 12]
    assert r["key"] == "C" and r["correct"] is True


def test_errors():
    with pytest.raises(ValueError):
        benchmark.multiple_choice(distractors=(86400, 60, 12))
    with pytest.raises(ValueError):
        benchmark.multiple_choice(llm_answer="E")
    with pytest.raises(ValueError):
        benchmark.multiple_choice(key_position=7)
