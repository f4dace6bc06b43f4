"""Text measurement with the real font, math runs, wrapping, and Chinese glyphs in the PNG."""
import io

import pytest

from diagrams.text import fonts
from diagrams.text.rich import layout, split_runs


def test_cjk_characters_are_one_em_wide():
    assert fonts.text_width("参考模型", 20) == pytest.approx(80, abs=0.5)


def test_latin_is_proportional_and_bold_is_wider():
    w_i, w_m = fonts.text_width("iiii", 20), fonts.text_width("MMMM", 20)
    assert w_i < w_m / 2
    assert fonts.text_width("Reference", 20, bold=True) > fonts.text_width("Reference", 20)


def test_mixed_string_is_sum_of_parts():
    mixed = fonts.text_width("Prompt+回答", 16)
    assert mixed == pytest.approx(fonts.text_width("Prompt+", 16) + fonts.text_width("回答", 16), abs=0.6)


def test_split_runs_keeps_escaped_dollars():
    assert split_runs(r"cost \$5 and $A_t$ now") == [("text", "cost $5 and "), ("math", "A_t"), ("text", " now")]


def test_math_run_is_measured_and_sits_on_the_baseline():
    block = layout("Value ($V_t$)", 16)
    kinds = [r.kind for r in block.lines[0].runs]
    assert kinds == ["text", "math", "text"]
    math = block.lines[0].runs[1]
    assert 8 < math.width < 20 and math.math.depth > 0  # the subscript hangs below the baseline


def test_wrap_breaks_at_spaces_and_between_cjk_characters():
    en = layout("When beta is very small the policy model is close", 15, wrap=120)
    assert len(en.lines) > 1 and all(l.width <= 120 for l in en.lines)
    zh = layout("当β很小时策略模型更接近偏好数据的分布", 15, wrap=90)
    assert len(zh.lines) >= 3 and all(l.width <= 90 for l in zh.lines)


def test_chinese_png_shows_every_glyph(theme):
    """cairosvg renders each Chinese character of the figures like the font itself does.

    Reference: the same characters drawn by FreeType (Pillow) straight from the CJK font file, where the
    glyphs are known to be present. A render that fell back to a font without CJK would show boxes or nothing.
    """
    import numpy as np
    from PIL import Image, ImageDraw

    from conftest import ALL_SPECS, rendered
    from diagrams.render.export import to_png
    from diagrams.scene import TextItem

    chars = sorted({ch for spec in ALL_SPECS for t in rendered(spec, "zh").ctx.scene.texts
                    if isinstance(t, TextItem) for ch in t.text if "\u4e00" <= ch <= "\u9fff"})
    assert chars, "the zh figures contain Chinese text"
    size, cell = 40, 48
    font = fonts._pil_font(False).font_variant(size=size)
    for ch in chars[:300]:
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{cell}" height="{cell}" viewBox="0 0 {cell} {cell}" '
               f'font-family="{theme.fonts["stack"]}"><rect width="{cell}" height="{cell}" fill="#FFFFFF"/>'
               f'<text x="4" y="{size}" font-size="{size}" fill="#000000">{ch}</text></svg>')
        ours = np.asarray(Image.open(io.BytesIO(to_png(svg, theme))).convert("L").resize((cell, cell))) < 128
        ref_img = Image.new("L", (cell, cell), 255)
        ImageDraw.Draw(ref_img).text((4, size), ch, font=font, fill=0, anchor="ls")
        ref = np.asarray(ref_img) < 128
        inter, union = (ours & ref).sum(), (ours | ref).sum()
        assert ref.sum() > 20
        assert inter / union > 0.5, f"glyph {ch!r} (U+{ord(ch):04X}) differs from the font's: IoU {inter / union:.2f}"
