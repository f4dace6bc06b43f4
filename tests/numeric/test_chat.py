"""ChatML token sequences, checked against a sequence written out by hand from the template
<|im_start|>ROLE\\nCONTENT<|im_end|> joined by newlines."""
import pytest

from diagrams.numeric import compute
from diagrams.numeric import chat


def test_example_sequence_matches_the_hand_written_template():
    out = chat.chatml_tokens()
    # 3 messages x (im_start, role, \n, im_end) + 2 separating newlines + 6 + 8 + 5 content tokens
    assert out["count"] == 3 * 4 + 2 + 6 + 8 + 5 == 33
    assert out["index"] == list(range(1, 34))
    assert out["ids"][:11] == [151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198]
    assert out["ids"][11:14] == [151644, 872, 198]
    assert out["ids"][22:27] == [151645, 198, 151644, 77091, 198]
    assert out["ids"][-1] == 151645 and out["tokens"][-1] == "<|im_end|>"
    assert out["tokens"][13] == "\\n" and out["kind"][13] == "newline"
    assert out["kind"][:4] == ["special", "role", "newline", "content"]
    # positions 15-22 (1-based) are the user's words, 28-32 the assistant's
    assert [i for i, m, k in zip(out["index"], out["message"], out["kind"]) if k == "content" and m == 1] == list(range(15, 23))
    assert [i for i, m, k in zip(out["index"], out["message"], out["kind"]) if k == "content" and m == 2] == list(range(28, 33))
    assert out["text"].splitlines()[0] == "<|im_start|>system"


def test_columns_cut_the_sequence_into_halves():
    out = compute("chat.chatml_tokens", {"rows": 17})
    cols = out["columns"]
    assert [len(c["index"]) for c in cols] == [17, 16]
    assert cols[1]["index"][0] == 18 and cols[1]["tokens"][0] == "ch" and cols[1]["ids"][0] == 521
    assert cols[0]["ids"] + cols[1]["ids"] == out["ids"]


def test_one_message_and_errors():
    out = chat.chatml_tokens([{"role": "user", "tokens": ["hi"], "ids": [5]}], start=0, rows=10)
    assert out["ids"] == [151644, 872, 198, 5, 151645] and out["index"] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        chat.chatml_tokens([{"role": "user", "tokens": ["a", "b"], "ids": [1]}])
    with pytest.raises(ValueError):
        chat.chatml_tokens([{"role": "tool", "tokens": ["a"], "ids": [1]}])


def test_ids_map_one_to_one_to_tokens():
    """Each distinct token has one id and each id one token (the English example once reused the Chinese ids, so
    99467 was both 'eat' and 'No')."""
    out = chat.chatml_tokens()
    pairs = set(zip(out["tokens"], out["ids"]))
    assert len(pairs) == len({i for _, i in pairs})      # no id stands for two tokens
    words = {(t, i) for t, i, k in zip(out["tokens"], out["ids"], out["kind"]) if k == "content"}
    assert len(words) == len({t for t, _ in words})      # no word has two ids
    with pytest.raises(ValueError, match="two tokens"):
        chat.chatml_tokens([{"role": "user", "tokens": ["eat", "No"], "ids": [99467, 99467]}])
    with pytest.raises(ValueError, match="two ids"):
        chat.chatml_tokens([{"role": "user", "tokens": [".", "."], "ids": [13, 1773]}])
    with pytest.raises(ValueError, match="two tokens"):   # a content id may not reuse a template token's id
        chat.chatml_tokens([{"role": "user", "tokens": ["hi"], "ids": [198]}])
