"""Test-time reasoning: self-consistency (majority vote) over sampled answers, and the worked decimal
comparison ("which is greater, 9.12 or 9.9?") whose numbers the sampled reasoning chains quote."""
from __future__ import annotations

from decimal import Decimal


EXAMPLE_ANSWERS = ("9.12 < 9.9", "9.12 < 9.9", "9.12 > 9.9", "9.12 < 9.9")  # the majority-vote figure


def majority_vote(answers=EXAMPLE_ANSWERS) -> dict:
    """Self-consistency: the final answer is the one the most samples reached.

    ``answers``: the final answers of N sampled reasoning chains (strings or numbers; equal answers vote together;
    default: the four answers of the majority-vote figure).
    Returns ``answer`` (the most voted; on a tie the one seen first), ``votes`` (its count), ``n`` (samples),
    ``share`` (votes / n), ``options`` (distinct answers in order of first appearance) with their ``counts``,
    ``winner`` (index of the answer in ``options``) and ``agrees`` (per sample: did it vote for the answer)."""
    answers = list(answers)
    if not answers:
        raise ValueError("majority_vote needs at least one answer")
    options: list = []
    counts: list[int] = []
    for a in answers:
        if a in options:
            counts[options.index(a)] += 1
        else:
            options.append(a)
            counts.append(1)
    winner = max(range(len(options)), key=lambda i: (counts[i], -i))
    answer = options[winner]
    return {"answer": answer, "votes": counts[winner], "n": len(answers), "share": counts[winner] / len(answers),
            "options": options, "counts": counts, "winner": winner, "agrees": [a == answer for a in answers]}


MAX_DIGITS = 60      # digits before or after the point of a number written for exact arithmetic


def _dec(x) -> Decimal:
    # str() first, so that a YAML float such as 9.12 is read as the decimal the reader sees, not its binary value
    d = Decimal(str(x))
    # "1e999999999" is a short text for a billion digits: exact arithmetic (int(), Fraction) would take hours
    if not d.is_finite():
        raise ValueError(f"the number {str(x)[:40]} is not finite")
    if (d and not -MAX_DIGITS <= d.adjusted() <= MAX_DIGITS) or -d.as_tuple().exponent > MAX_DIGITS:
        raise ValueError(f"the number {str(x)[:40]} needs more than MAX_DIGITS = {MAX_DIGITS} digits")
    return d


def _num(d: Decimal):
    return int(d) if d == d.to_integral_value() else float(d)


def compare_decimals(a=9.12, b=9.9) -> dict:
    """Compare two decimal numbers exactly (decimal arithmetic, no binary rounding: 9.9 - 9.12 = 0.78).

    Returns ``relation`` (``"<"``, ``">"`` or ``"="``: a relation b), ``text`` (``"9.12 < 9.9"``), ``greater``
    (the larger number, a on a tie), ``difference`` (b - a), ``percent`` ([100 a, 100 b]), ``integer`` (integer
    parts, truncated towards zero) and ``fraction`` (fractional parts, a - integer part)."""
    da, db = _dec(a), _dec(b)
    rel = "<" if da < db else ">" if da > db else "="
    ints = [Decimal(int(da)), Decimal(int(db))]
    return {"relation": rel, "text": f"{a} {rel} {b}", "greater": _num(db if db > da else da),
            "difference": _num(db - da), "percent": [_num(da * 100), _num(db * 100)],
            "integer": [_num(i) for i in ints], "fraction": [_num(da - ints[0]), _num(db - ints[1])]}


_OPS = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "×": lambda x, y: x * y,
        "/": lambda x, y: x / y, "÷": lambda x, y: x / y}


def _plain(f) -> int | float:
    return _num(Decimal(f.numerator) / Decimal(f.denominator))


def arithmetic_chain(start=23, steps=(("-", 20), ("+", 6))) -> dict:
    """The worked arithmetic of a chain-of-thought answer, step by step, in exact rational arithmetic.

    ``start``: the first number; ``steps``: ``[op, operand]`` pairs applied in order (``op`` one of
    ``+ - * / × ÷``); an operand may itself be a sub-expression ``[x, op, y]`` (a number computed first, e.g.
    ``["+", [2, "*", 3]]`` for "5 + 2×3"). Default: the cafeteria question of the CoT figure (23 − 20 + 6).
    Returns ``steps`` (every evaluation in order, sub-expressions first: ``{a, op, b, result, text}`` with
    ``text`` like ``"23-20=3"``), ``results`` (their results), ``values`` (start, then the running value after
    each top-level step) and ``answer`` (the final value)."""
    from fractions import Fraction

    done: list[dict] = []

    def apply(a, op, b):
        if op not in _OPS:
            raise ValueError(f"unknown operation {op!r} (use one of {' '.join(_OPS)})")
        r = _OPS[op](a, b)
        out = {"a": _plain(a), "op": op, "b": _plain(b), "result": _plain(r)}
        out["text"] = f"{out['a']}{op}{out['b']}={out['result']}"
        done.append(out)
        return r

    def operand(x):
        if isinstance(x, (list, tuple)):
            if len(x) != 3:
                raise ValueError(f"a sub-expression is [x, op, y], got {x!r}")
            return apply(operand(x[0]), x[1], operand(x[2]))
        return Fraction(_dec(x))

    value = operand(start)
    values = [value]
    for step in steps:
        if len(step) != 2:
            raise ValueError(f"a step is [op, operand], got {step!r}")
        op, b = step
        value = apply(value, op, operand(b))
        values.append(value)
    conv = [_plain(v) for v in values]
    return {"steps": done, "results": [s["result"] for s in done], "values": conv, "answer": conv[-1]}
