"""lm.greedy's ``sep`` and ``answer``: tokens that carry their own spaces, and text written without spaces."""
import pytest

from diagrams.numeric import compute, lm

TABLE = {"Hi": [["!", 0.3], [" there", 0.6], ["...", 0.1]],
         "Hi there": [["!", 0.2], [".", 0.5], ["...", 0.3]]}


def test_sep_joins_tokens_and_answer_is_the_generated_part():
    out = lm.greedy_decode(TABLE, "Hi", steps=3, sep="")
    assert [s["context"] for s in out["steps"]] == ["Hi", "Hi there"]      # no entry for "Hi there." → stop
    assert out["text"] == "Hi there."
    assert out["answer"] == " there."
    assert out["total"] == pytest.approx(0.6 * 0.5)
    assert [c["chosen"] for c in out["steps"][1]["candidates"]] == [False, True, False]


def test_default_sep_is_a_space_and_unchanged():
    out = compute("lm.greedy", {})
    assert out["text"] == "How was the ?" and out["answer"] == "was the ?"


def test_chinese_context_without_spaces():
    table = {"你是谁？": [["我", 0.55], ["...", 0.2]], "你是谁？我": [["是", 0.47], ["...", 0.3]]}
    out = lm.greedy_decode(table, "你是谁？", steps=2, sep="")
    assert out["steps"][1]["context"] == "你是谁？我" and out["answer"] == "我是"
