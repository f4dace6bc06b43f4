"""Wrap a figure's scene in the house frame (border, title tab, credit line) and emit the SVG document."""
from __future__ import annotations

import functools

from diagrams.render.svg import SvgWriter, clean_text, num
from diagrams.scene import Rect
from diagrams.text import fonts
from diagrams.theme import TEMPLATES, Theme

TAB_H = 26
FOOT_GAP = 14


@functools.lru_cache(maxsize=4)
def _template(name: str):
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "svg", "html"]),
                      keep_trailing_newline=True)
    return env.get_template(name)


XML_LANG = {"en": "en", "zh": "zh-CN"}


def render_svg(ctx, title: str, theme: Theme, lang: str, description: str = "") -> str:
    fr = theme.frame
    title = clean_text(title)
    margin = float(fr["margin"])
    bounds = ctx.scene.bounds() or Rect(0, 0, 100, 50)
    # the footer grows with the figure (up to scale_max), so that a wide figure scaled onto a slide keeps a
    # readable title, as the originals' footers do
    scale = min(max((bounds.w + 2 * margin) / float(fr.get("scale_from", 1e9)), 1.0), float(fr.get("scale_max", 1.0)))
    title_size = float(fr["title_size"]) * scale
    credit_size = float(fr["credit_size"]) * scale
    tab_h = TAB_H * scale
    credit = fr["credit"][lang]
    title_w = fonts.text_width(title, title_size, bold=True)
    credit_w = fonts.text_width(credit, credit_size)
    tab_w = title_w + 80
    inner_w = max(bounds.w + 2 * margin, tab_w + credit_w + 60)
    pad = 4  # outside the border
    w = inner_w + 2 * pad
    h = bounds.h + 2 * margin + FOOT_GAP + tab_h + 2 * pad
    dx = pad + (inner_w - bounds.w) / 2 - bounds.x
    dy = pad + margin - bounds.y
    writer = SvgWriter(theme.fonts["stack"], theme.fonts.get("mono_stack", "monospace"))
    writer.render(ctx.scene)
    body = "\n".join(writer.body)
    body = f'<g transform="translate({num(dx)} {num(dy)})">\n{body}\n</g>'
    tab_y = h - pad - tab_h - 2
    tab_x = pad + 14
    tab_d = (f"M{num(tab_x + 12)} {num(tab_y)}H{num(tab_x + tab_w)}L{num(tab_x + tab_w - 14)} {num(tab_y + tab_h)}"
             f"H{num(tab_x)}Z")
    return _template("frame.svg.j2").render(
        w=num(w), h=num(h), font_stack=theme.fonts["stack"], title=title, defs="".join(writer.defs),
        background=theme.background, border=Rect(pad, pad, num(w - 2 * pad), num(h - 2 * pad)),
        radius=num(float(fr["radius"])), border_color=theme.color(fr["border"]), body=body, tab_d=tab_d,
        tab_fill=theme.color(fr["tab_fill"]), title_x=num(tab_x + tab_w / 2 + 4),
        title_y=num(tab_y + tab_h / 2 + title_size * 0.36), title_size=num(title_size),
        title_color=theme.color(fr["title_color"]), credit_x=num(w - pad - 16),
        credit_y=num(tab_y + tab_h / 2 + credit_size * 0.36), credit_size=num(credit_size),
        credit_color=theme.color(fr["credit_color"]), credit=credit, xml_lang=XML_LANG.get(lang, lang),
        description=" ".join(clean_text(description or "").split()))
