"""Chat templates: the token sequence of a conversation in ChatML (the format of Qwen/ChatGPT-style SFT data).

ChatML wraps every message as ``<|im_start|>ROLE\\nCONTENT<|im_end|>`` and separates messages by a newline. Given
each message's content already tokenized (tokens and their vocabulary ids: illustrative inputs from a tokenizer),
``chatml_tokens`` inserts the template's special tokens and numbers the positions.
"""
from __future__ import annotations

# the ChatML-formatted example of the token-id figure: vocabulary ids of its tokens (Qwen2-style; the system
# message's ids and single ASCII punctuation follow that vocabulary, the other word ids are illustrative)
EXAMPLE = [
    {"role": "system", "tokens": ["You", "are", "a", "helpful", "assistant", "."],
     "ids": [2610, 525, 264, 10950, 17847, 13]},
    {"role": "user", "tokens": ["Can", "dogs", "eat", "ch", "ocolate", "or", "not", "?"],
     "ids": [6713, 12590, 8180, 521, 13816, 476, 537, 30]},
    {"role": "assistant", "tokens": ["No", ",", "it's", "toxic", "."],
     "ids": [2753, 11, 432, 20836, 13]},
]
ROLE_IDS = {"system": 8948, "user": 872, "assistant": 77091}


def chatml_tokens(messages=None, role_ids=None, im_start=151644, im_end=151645, newline=198,
                  newline_token="\\n", start=1, rows=17) -> dict:
    """The ChatML token sequence of ``messages`` (a list of ``{role, tokens, ids}``; default: the figure's
    three-message example): per message ``<|im_start|>``, the role token (id from ``role_ids``), a newline,
    the content tokens and ``<|im_end|>``, with a newline between messages (none after the last).

    Returns per position ``index`` (counted from ``start``), ``ids``, ``tokens``, ``kind`` ("special",
    "role", "newline" or "content") and ``message`` (the index of the message it belongs to), ``count``,
    the ``text`` of the formatted conversation (tokens joined by spaces inside a content, newlines as line
    breaks), and ``columns``: the sequence cut into consecutive chunks of ``rows`` positions, each a dict of
    the same lists (a long table printed in side-by-side halves)."""
    messages = EXAMPLE if messages is None else messages
    roles = dict(ROLE_IDS if role_ids is None else role_ids)
    if int(rows) <= 0:
        raise ValueError("rows must be positive")
    ids, tokens, kind, owner = [], [], [], []

    def put(i, t, k, m):
        ids.append(int(i))
        tokens.append(str(t))
        kind.append(k)
        owner.append(m)

    lines = []
    for m, msg in enumerate(messages):
        role, content, cids = msg["role"], list(msg["tokens"]), list(msg["ids"])
        if len(content) != len(cids):
            raise ValueError(f"message {m}: {len(content)} tokens but {len(cids)} ids")
        if role not in roles:
            raise ValueError(f"no token id for the role {role!r}; give role_ids")
        if m > 0:
            put(newline, newline_token, "newline", m - 1)
        put(im_start, "<|im_start|>", "special", m)
        put(roles[role], role, "role", m)
        put(newline, newline_token, "newline", m)
        for t, i in zip(content, cids):
            put(i, t, "content", m)
        put(im_end, "<|im_end|>", "special", m)
        lines += [f"<|im_start|>{role}", " ".join(content) + "<|im_end|>"]
    _check_one_to_one(tokens, ids, kind)
    index = list(range(int(start), int(start) + len(ids)))
    n = int(rows)
    columns = [{"index": index[a:a + n], "ids": ids[a:a + n], "tokens": tokens[a:a + n], "kind": kind[a:a + n],
                "message": owner[a:a + n]} for a in range(0, len(ids), n)]
    return {"index": index, "ids": ids, "tokens": tokens, "kind": kind, "message": owner, "count": len(ids),
            "text": "\n".join(lines), "columns": columns}


def _check_one_to_one(tokens: list, ids: list, kind: list) -> None:
    """A vocabulary maps tokens to ids one to one: an id never stands for two different tokens, and a word of the
    messages always has the same id. (A role name and the same word inside a message may differ: in a byte-level
    vocabulary the word after a space is its own token.) Raise ``ValueError`` naming the first clash."""
    id_of, token_of = {}, {}
    for t, i, k in zip(tokens, ids, kind):
        if token_of.setdefault(i, t) != t:
            raise ValueError(f"id {i} is given to two tokens, {token_of[i]!r} and {t!r}")
        if k == "content" and id_of.setdefault(t, i) != i:
            raise ValueError(f"token {t!r} has two ids, {id_of[t]} and {i}")
