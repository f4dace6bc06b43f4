"""Edit robustness: every node label of every spec made 30 % and then 60 % longer (English: words appended;
Chinese: characters appended) must not add a lint problem, the layout contract included.

Figures that are still traced drawings (pixel positions) are expected to break: they are listed in
tests/edit_robustness_expected.txt, and the migration issues empty that list. The marks are strict, so a figure
that starts to pass must leave the list."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from diagrams.lint import lint_figure
from diagrams.model import Text
from diagrams.pipeline import load_figure, render
from diagrams.theme import load_theme

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted((ROOT / "specs").glob("*/*.yaml")) + sorted((ROOT / "tests" / "corpus").glob("*.yaml"))
EXPECTED = {line.split("#")[0].strip() for line in
            (ROOT / "tests" / "edit_robustness_expected.txt").read_text(encoding="utf-8").splitlines()} - {""}
EN_WORDS = "and some more words to read".split()
ZH_CHARS = "以及更多需要阅读的文字内容"


def lengthen(text: str, lang: str, factor: float) -> str:
    """``text`` with its longest line made ``factor`` times as long (by visible characters, math left alone)."""
    lines = text.split("\n")
    visible = [len(re.sub(r"\$[^$]*\$", "x", ln)) for ln in lines]
    i = max(range(len(lines)), key=lambda k: visible[k])
    need = max(1, round(visible[i] * (factor - 1)))
    if lang == "zh":
        extra = (ZH_CHARS * (need // len(ZH_CHARS) + 1))[:need]
    else:
        words, extra = iter(EN_WORDS * (need // 3 + 2)), ""
        while len(extra) < need:
            extra += " " + next(words)
    lines[i] = lines[i] + extra
    return "\n".join(lines)


def lengthened(fig, lang: str, factor: float):
    def node(n):
        kids = [node(c) for c in n.children]
        if n.text is None or not n.text.get(lang).strip():
            return replace(n, children=kids)
        longer = lengthen(n.text.get(lang), lang, factor)
        text = Text(longer, n.text.zh) if lang == "en" else Text(n.text.en, longer)
        props = dict(n.props)
        props["text"] = {"en": text.en, "zh": text.zh}
        return replace(n, text=text, props=props, children=kids)

    return replace(fig, nodes=[node(n) for n in fig.nodes])


def _kinds(problems) -> Counter:
    """Problems without the words and numbers that lengthening changes: quoted text, positions."""
    return Counter(re.sub(r"'[^']*'|\([^)]*\)|-?\d+(\.\d+)?", "_", p) for p in problems)


def _problems(fig, lang, theme):
    return _kinds(lint_figure(render(fig, lang, theme).ctx, fig.layout, theme, contract=True))


def new_problems(spec: Path) -> list[str]:
    theme = load_theme("house")
    fig = load_figure(spec)
    out = []
    for lang in ("en", "zh"):
        base = _problems(fig, lang, theme)
        for factor in (1.3, 1.6):
            try:
                after = _problems(lengthened(fig, lang, factor), lang, theme)
            except Exception as exc:      # a longer label must not make a figure fail
                out.append(f"[{lang} ×{factor}] {type(exc).__name__}: {exc}")
                continue
            added = after - base
            out += [f"[{lang} ×{factor}] {k} (×{n})" for k, n in added.items()]
    return out


def test_lengthen_adds_the_share_asked_for():
    assert len(lengthen("Policy model", "en", 1.3)) >= len("Policy model") * 1.3
    assert lengthen("策略模型", "zh", 1.6).startswith("策略模型") and len(lengthen("策略模型", "zh", 1.6)) == 6
    assert lengthen("Value $V_t$\nshort", "en", 1.3).endswith("\nshort")


def test_expected_failures_name_real_specs():
    assert EXPECTED <= {p.stem for p in SPECS}


@pytest.mark.parametrize("spec", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="traced, not migrated"))
                                  if p.stem in EXPECTED else p for p in SPECS], ids=[p.stem for p in SPECS])
def test_longer_labels_add_no_lint_problem(spec):
    assert new_problems(spec) == []
