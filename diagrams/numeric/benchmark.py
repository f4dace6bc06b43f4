"""Grading one multiple-choice benchmark item (MMLU-style): the key is the option equal to the true value.

Pure Python; imports nothing from rendering.
"""
from __future__ import annotations

SECONDS_PER_MINUTE = 60
MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24


def seconds_in(days: float = 1) -> int | float:
    """Seconds in ``days`` days: days · 24 · 60 · 60."""
    s = days * HOURS_PER_DAY * MINUTES_PER_HOUR * SECONDS_PER_MINUTE
    return int(s) if float(s).is_integer() else s


def multiple_choice(days: float = 1, distractors=(60, 360, 12), key_position: int = 0,
                    letters: str = "ABCDEFGH", llm_answer: str = "B") -> dict:
    """The item "How many seconds are there in a day?" (``days`` days) with its true value inserted among the
    illustrative ``distractors`` at ``key_position``. Returns the options (values, in order), their letters, the
    true value ``answer``, the key letter, the model's letter ``llm_answer`` and whether it is ``correct``
    (what an exact-match accuracy metric counts as 1 or 0)."""
    answer = seconds_in(days)
    options = list(distractors)
    if not 0 <= key_position <= len(options):
        raise ValueError("key_position must index the options")
    options.insert(key_position, answer)
    if len(options) > len(letters):
        raise ValueError("more options than letters")
    if len(set(options)) != len(options):
        raise ValueError("a distractor equals the true value or another distractor")
    labels = list(letters[:len(options)])
    if llm_answer not in labels:
        raise ValueError(f"llm_answer must be one of {labels}")
    key = labels[key_position]
    return {"answer": answer, "options": options, "letters": labels, "key": key, "llm_answer": llm_answer,
            "correct": llm_answer == key}
