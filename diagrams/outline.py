"""Text → outlines: replace every <text> of a figure's SVG by a <path> of its glyphs, drawn from the same CJK
font that layout measures with (diagrams/text/fonts.py), so the figure looks the same on a machine that lacks
the fonts (slides sent around, print shops). The default output keeps real text (selectable, searchable,
translatable); this is the `--outline-text` option of `build`.

Glyphs are placed by their advance widths (no kerning), the way cairo and most SVG renderers lay out our
single-run text; bold uses the bold face; italic is the renderers' synthetic slant (12°).
"""
from __future__ import annotations

import functools
import html
import math
import re

from diagrams.render.svg import num

_TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
SLANT = math.tan(math.radians(12))


@functools.lru_cache(maxsize=2)
def _font(bold: bool):
    """The Simplified Chinese face of the render font (the same file and face as fonts.py measures)."""
    from fontTools.ttLib import TTCollection, TTFont

    from diagrams.text.fonts import font_path

    path = font_path(bold)
    if path.lower().endswith(".ttc"):
        fonts = TTCollection(path, lazy=True).fonts
        for f in fonts:
            if (f["name"].getDebugName(1) or "").endswith("SC"):
                return f
        return fonts[0]
    return TTFont(path, lazy=True)


@functools.lru_cache(maxsize=2)
def _tables(bold: bool):
    f = _font(bold)
    return f.getBestCmap(), f.getGlyphSet(), f["hmtx"].metrics, f["head"].unitsPerEm


@functools.lru_cache(maxsize=20000)
def _glyph(bold: bool, name: str):
    """A glyph's outline as recorded pen calls, in font units."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    _, glyphs, _, _ = _tables(bold)
    pen = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(pen)
    return tuple(pen.value)


def advance(text: str, size: float, bold: bool = False) -> float:
    cmap, _, hmtx, upem = _tables(bold)
    return sum(hmtx[cmap.get(ord(ch), ".notdef")][0] for ch in text) * size / upem


def text_path(text: str, x: float, y: float, size: float, *, bold=False, italic=False, anchor="start") -> str:
    """Path data of ``text`` with its baseline start (or middle/end, per ``anchor``) at (x, y)."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    cmap, glyphs, hmtx, upem = _tables(bold)
    s = size / upem
    width = advance(text, size, bold)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    pen = SVGPathPen(glyphs, ntos=num)
    pen_x = 0.0
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        if not ch.isspace():
            tp = TransformPen(pen, (s, 0, s * SLANT if italic else 0, -s, x + pen_x * s, y))
            for op, args in _glyph(bold, name):
                getattr(tp, op)(*args)
        pen_x += hmtx[name][0]
    return pen.getCommands()


def _collapse(text: str) -> str:
    """SVG's default white-space handling (no xml:space="preserve")."""
    text = text.replace("\n", "").replace("\t", " ")
    return re.sub(" +", " ", text).strip()


def math_text_path(text: str, x: float, y: float, size: float, anchor: str = "start") -> str:
    """Path data of a number set in the math face (a text whose font-family is MATH_FONT_STACK), drawn with the
    outlines mathtext gives the same number in a formula."""
    from diagrams.render.svg import num
    from diagrams.text.mathtext import typeset

    box = typeset(text.replace("\u2212", "-"), size)
    x -= {"middle": box.width / 2, "end": box.width}.get(anchor, 0.0)
    return f'<path transform="translate({num(x)} {num(y)})" d="{box.path_d}"'


def math_texts(svg: str) -> str:
    """The SVG with every text in the math face replaced by its outlines (cairo has no STIX face)."""
    return _TEXT.sub(lambda m: _one(m) if _is_math(m) else m.group(0), svg)


def _is_math(m: re.Match) -> bool:
    from diagrams.text.mathtext import MATH_FONT_STACK

    return f'font-family="{MATH_FONT_STACK}"' in m.group(1)


def _one(m: re.Match) -> str:
    attrs = dict(_ATTR.findall(m.group(1)))
    raw = html.unescape(m.group(2))
    text = raw if attrs.get("xml:space") == "preserve" else _collapse(raw)
    if not text.strip():
        return ""
    size = float(attrs.get("font-size", "16"))
    if _is_math(m):
        out = math_text_path(text.strip(), float(attrs.get("x", "0")), float(attrs.get("y", "0")), size,
                             attrs.get("text-anchor", "start"))
        out += f' fill="{attrs.get("fill", "#000000")}"'
        return out + f' aria-label="{html.escape(text.strip(), quote=True)}"/>'
    d = text_path(text, float(attrs.get("x", "0")), float(attrs.get("y", "0")), size,
                  bold=attrs.get("font-weight") in ("bold", "700", "800", "900"),
                  italic=attrs.get("font-style") in ("italic", "oblique"), anchor=attrs.get("text-anchor", "start"))
    out = f'<path d="{d}" fill="{attrs.get("fill", "#000000")}"'
    if "transform" in attrs:
        out += f' transform="{attrs["transform"]}"'
    if "opacity" in attrs:
        out += f' opacity="{attrs["opacity"]}"'
    label = html.escape(text.strip(), quote=True)
    return out + f' aria-label="{label}"/>'


def outline_text(svg: str) -> str:
    """The SVG with every <text> element replaced by the outlines of its glyphs."""
    return _TEXT.sub(_one, svg)
