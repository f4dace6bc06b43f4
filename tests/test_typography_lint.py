"""The typography lint (diagrams/typography.py): each rule finds its slip and leaves the correct form alone."""
from __future__ import annotations

from diagrams.lint import lint_figure
from diagrams.pipeline import load_figure, render
from diagrams.scene import RawItem, Rect, Scene, TextItem
from diagrams.theme import load_theme
from diagrams.typography import (chart_text_over_lines, cjk_punctuation_in_english, hyphen_minus_numbers,
                                 letters_glued_to_math, sibling_size_mismatches)

THEME = load_theme()


def _scene(*items, title=None) -> Scene:
    scene = Scene(title=title)
    for it in items:
        if isinstance(it, TextItem) and any(isinstance(r, RawItem) for r in items):
            scene.texts.append(it)      # as a chart lists its own texts: drawn in its markup, not as items
        else:
            scene.add(it)
    return scene


def _text(text, x=0.0, w=40.0, y=20.0, size=16.0, owner=None) -> TextItem:
    return TextItem(x, y, text, size, "#000000", box=Rect(x, y - size, w, size * 1.2), owner=owner)


def test_english_text_with_chinese_punctuation_is_reported():
    problems = cjk_punctuation_in_english(_scene(_text("FP8（E4M3）"), _text("a、b"), title="Top-K："))
    assert len(problems) == 3 and "（ ）" in problems[0] and "、" in problems[1] and "：" in problems[2]
    assert cjk_punctuation_in_english(_scene(_text("FP8 (E4M3)"), _text("“Trust region”"))) == []


def test_the_chinese_punctuation_rule_applies_to_english_only(tmp_path):
    spec = tmp_path / "corpus" / "t.yaml"
    spec.parent.mkdir()
    spec.write_text("id: t\nchapter: corpus\ntitle: {en: T, zh: T}\nlayout: auto\n"
                    "nodes:\n  a: {text: {en: 'FP8（E4M3）', zh: 'FP8（E4M3）'}}\n", encoding="utf-8")
    fig = load_figure(spec)
    en = lint_figure(render(fig, "en", THEME).ctx, fig.layout, theme=THEME, fig=fig)
    zh = lint_figure(render(fig, "zh", THEME).ctx, fig.layout, theme=THEME, fig=fig)
    assert any("Chinese punctuation" in p for p in en)
    assert not any("Chinese punctuation" in p for p in zh)


def test_a_hyphen_standing_for_a_minus_sign_is_reported():
    flagged = [_text(s) for s in ("-1", "x = -0.5", "(-15)", "10000^(-2*i)", "Response\n-2")]
    assert len(hyphen_minus_numbers(_scene(*flagged))) == 5
    fine = [_text(s) for s in ("−1", "GPT-4", "1-3", "Top-5", "x-1", "pre-norm", "2023-10")]
    assert hyphen_minus_numbers(_scene(*fine)) == []


def _figure(tmp_path, label: str):
    spec = tmp_path / "corpus" / "g.yaml"
    spec.parent.mkdir(exist_ok=True)
    spec.write_text("id: g\nchapter: corpus\ntitle: {en: T, zh: T}\nlayout: auto\n"
                    f"nodes:\n  a: {{text: {{en: '{label}', zh: '在$s_t$'}}}}\n  b: {{text: B}}\n"
                    f"edges:\n  - {{from: a, to: b, label: '{label}'}}\n", encoding="utf-8")
    return load_figure(spec)


def test_a_letter_glued_to_inline_math_is_reported(tmp_path):
    assert len(letters_glued_to_math(_figure(tmp_path, "at$s_t$"), "en")) == 1       # node and edge label: once
    assert letters_glued_to_math(_figure(tmp_path, "$\\theta$best"), "en")
    zh = letters_glued_to_math(_figure(tmp_path, "at$s_t$"), "zh")   # the node's 在$s_t$: Chinese sets no space …
    assert len(zh) == 1 and "'at$s_t$'" in zh[0]                       # … the edge label has no zh of its own


def test_spaced_math_operators_scripts_and_escaped_dollars_are_not_glued(tmp_path):
    for label in ("at $s_t$ now", "q$\\cdot$k", "A$_t$", "$\\theta$<sub>best</sub>", "costs 5\\$ each"):
        assert letters_glued_to_math(_figure(tmp_path, label), "en") == [], label


def _siblings(tmp_path):
    spec = tmp_path / "corpus" / "s.yaml"
    spec.parent.mkdir(exist_ok=True)
    spec.write_text("id: s\nchapter: corpus\ntitle: {en: T, zh: T}\nlayout: auto\n"
                    "nodes:\n  row:\n    cols:\n      a: {text: Alpha}\n      b: {text: Beta}\n      c: {text: Gamma}\n",
                    encoding="utf-8")
    fig = load_figure(spec)
    return fig, render(fig, "en", THEME).ctx


def test_siblings_at_one_size_pass_and_a_different_size_is_reported(tmp_path):
    fig, ctx = _siblings(tmp_path)
    assert sibling_size_mismatches(ctx, fig) == []
    inside_b = ctx.placed["row.b"] if "row.b" in ctx.placed else ctx.placed["b"]
    for t in ctx.scene.texts:
        if t.owner is not None and inside_b.contains(t.owner, 1.0):
            t.size -= 3                 # as an auto-shrunk label would come out
    problems = sibling_size_mismatches(ctx, fig)
    assert len(problems) == 1 and "different font sizes" in problems[0]


def _chart(markup_body: str) -> RawItem:
    return RawItem(markup=f'<g id="chart-f-c" transform="translate(0 0)">{markup_body}</g>', box=Rect(0, 0, 200, 100))


def test_chart_text_over_a_plotted_line_is_reported():
    line = '<path d="M0 50 L200 50" stroke="#ff0000" fill="none"/>'
    on_line = _text("high frequency", x=20, w=80, y=58, size=14)      # box 44..60.8 holds y = 50
    assert chart_text_over_lines(_scene(_chart(line), on_line))
    clear = _text("high frequency", x=20, w=80, y=40, size=14)       # box 26..42.8
    assert chart_text_over_lines(_scene(_chart(line), clear)) == []


def test_hatching_and_lines_under_an_opaque_callout_are_not_plotted_lines_over_text():
    on_line = _text("AUC", x=20, w=40, y=58, size=14)
    hatch = '<g id="chart-f-c-hatch1"><path d="M0 50 L200 50" stroke="#d9d9d9" fill="none"/></g>'
    assert chart_text_over_lines(_scene(_chart(hatch), on_line)) == []
    covered = ('<path d="M0 50 L200 50" stroke="#d9d9d9" fill="none"/>'
               '<rect x="10" y="30" width="100" height="40" fill="#4472c4"/>')
    assert chart_text_over_lines(_scene(_chart(covered), on_line)) == []


def test_the_whole_book_passes_the_typography_lint():
    # the rules run in `lint` for every spec (tests/test_all_specs.py lints each figure); here, one figure
    # per rule that had a slip before it was fixed
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "specs"
    for fid in ("rl-taxonomy", "best-of-n", "alibi", "classification-metrics"):
        fig = load_figure(next(root.glob(f"*/{fid}.yaml")))
        for lang in ("en", "zh"):
            ctx = render(fig, lang, THEME).ctx
            assert lint_figure(ctx, fig.layout, theme=THEME, fig=fig) == [], (fid, lang)
