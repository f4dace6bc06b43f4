"""SVG → PNG (2×) and PDF with cairosvg, using the installed CJK font for every text element."""
from __future__ import annotations

import re

from diagrams.theme import Theme

PNG_SCALE = 2.0
_FONT_ATTR = re.compile(r'font-family="[^"]*"')


def for_raster(svg: str, theme: Theme) -> str:
    """cairosvg uses only the first family of a stack, so give it the one font that is installed
    (the monospaced face for stacks that end in ``monospace``)."""
    plain = f'font-family="{theme.fonts["raster"]}"'
    mono = f'font-family="{theme.fonts.get("mono_raster", theme.fonts["raster"])}"'
    return _FONT_ATTR.sub(lambda m: mono if "monospace" in m.group(0) else plain, svg)


def to_png(svg: str, theme: Theme) -> bytes:
    import cairosvg

    return cairosvg.svg2png(bytestring=for_raster(svg, theme).encode("utf-8"), scale=PNG_SCALE, unsafe=False)


def to_pdf(svg: str, theme: Theme) -> bytes:
    import cairosvg

    return cairosvg.svg2pdf(bytestring=for_raster(svg, theme).encode("utf-8"), unsafe=False)
