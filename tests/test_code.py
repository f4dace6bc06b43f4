"""Code blocks: monospaced text kept as real <text>, the monospaced face in the PNG, highlighted lines."""
import xml.etree.ElementTree as ET

from conftest import MINIMAL
from diagrams.pipeline import load_figure, render
from diagrams.render.export import for_raster
from diagrams.text import fonts

SPEC = MINIMAL.format(id="fig", chapter="ch").replace(
    "  b: {text: Beta, at: [1, 0]}",
    '  b: {component: code, at: [1, 0], data: {code: "def f(x):\\n    return x  # 返回", line_numbers: true, highlight: [2]}}')


def test_code_block_is_monospaced_real_text(make_specs, theme):
    specs = make_specs({"ch/fig": SPEC})
    svg = render(load_figure(specs / "ch" / "fig.yaml"), "en", theme).svg
    root = ET.fromstring(svg)
    mono = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if "monospace" in (t.get("font-family") or "")]
    assert [t.text for t in mono] == ["1", "def f(x):", "2", "    return x  # 返回"]
    # the PNG uses the monospaced face, other text the regular one
    raster = for_raster(svg, theme)
    assert 'font-family="Noto Sans Mono CJK SC"' in raster and 'font-family="Noto Sans CJK SC"' in raster


def test_monospace_widths_latin_half_cjk_full():
    assert fonts.mono_width("abcd", 20) == 40
    assert fonts.mono_width("返回", 20) == 40


def test_highlighted_line_gets_a_band(make_specs, theme):
    specs = make_specs({"ch/fig": SPEC})
    r = render(load_figure(specs / "ch" / "fig.yaml"), "en", theme)
    yellow = theme.color("yellow")
    bands = [s for s in r.ctx.scene.items if getattr(s, "paint", None) and s.paint.fill == yellow]
    assert len(bands) == 1
    from diagrams.lint import lint_scene

    assert lint_scene(r.ctx.scene) == []


def test_a_line_written_for_one_language_only_is_left_out_of_the_other(make_specs, theme):
    code = ('[["def f(x):"], [{text: {en: "  # one comment in English", zh: "  # first half"}}], '
            '[{text: {en: "", zh: "  # 后半句"}}], "", "  return x"]')
    spec = MINIMAL.format(id="fig", chapter="ch").replace(
        "  b: {text: Beta, at: [1, 0]}", f"  b: {{component: code, at: [1, 0], data: {{code: {code}, highlight: [5]}}}}")
    specs = make_specs({"ch/fig": spec})
    fig = load_figure(specs / "ch" / "fig.yaml")
    yellow = theme.color("yellow")
    for lang, expected in (("en", ["def f(x):", "  # one comment in English", "  return x"]),
                           ("zh", ["def f(x):", "  # first half", "  # 后半句", "  return x"])):
        r = render(fig, lang, theme)
        mono = sorted((t for t in r.ctx.scene.texts if getattr(t, "family", None) == "mono"), key=lambda t: t.y)
        assert [t.text for t in mono] == expected          # the plain "" line stays a blank line in both
        (band,) = [s for s in r.ctx.scene.items if getattr(s, "paint", None) and s.paint.fill == yellow]
        assert band.rect.y < mono[-1].y < band.rect.bottom  # highlight: [5] is `return x` as written
        pitch = mono[-1].y - mono[-2].y
        assert pitch > 1.9 * (mono[1].y - mono[0].y)       # with the blank line before it
