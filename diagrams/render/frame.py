"""Wrap a figure's scene in the house frame (border, title tab, credit line) and emit the SVG document."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from diagrams.render.svg import SvgWriter, clean_text, num
from diagrams.scene import Rect, TextItem
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


@dataclass
class FrameGeometry:
    """The house frame around a figure's scene, in the frame's own coordinates (every renderer draws this)."""
    w: float
    h: float
    dx: float                    # the scene is drawn translated by (dx, dy)
    dy: float
    background: str
    border: Rect
    radius: float
    border_color: str
    border_width: float
    tab_d: str                   # the title tab: a path in frame coordinates
    tab_fill: str
    title: TextItem
    credit: TextItem


def frame_geometry(scene, title: str, theme: Theme, lang: str) -> FrameGeometry:
    """Where the border, title tab, title and credit line go around ``scene``: one computation for all renderers."""
    fr = theme.frame
    title = clean_text(title)
    margin = float(fr["margin"])
    bounds = scene.bounds() or Rect(0, 0, 100, 50)
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
    tab_y = h - pad - tab_h - 2
    tab_x = pad + 14
    tab_d = (f"M{num(tab_x + 12)} {num(tab_y)}H{num(tab_x + tab_w)}L{num(tab_x + tab_w - 14)} {num(tab_y + tab_h)}"
             f"H{num(tab_x)}Z")
    title_x, title_y = tab_x + tab_w / 2 + 4, tab_y + tab_h / 2 + title_size * 0.36
    credit_x, credit_y = w - pad - 16, tab_y + tab_h / 2 + credit_size * 0.36
    title_item = TextItem(title_x, title_y, title, title_size, theme.color(fr["title_color"]), bold=True,
                          anchor="middle", box=Rect(title_x - title_w / 2, title_y - title_size * 0.88, title_w,
                                                    title_size * 1.16))
    credit_item = TextItem(credit_x, credit_y, credit, credit_size, theme.color(fr["credit_color"]), anchor="end",
                           box=Rect(credit_x - credit_w, credit_y - credit_size * 0.88, credit_w, credit_size * 1.16))
    return FrameGeometry(w=w, h=h, dx=dx, dy=dy, background=theme.background,
                         border=Rect(pad, pad, w - 2 * pad, h - 2 * pad), radius=float(fr["radius"]),
                         border_color=theme.color(fr["border"]), border_width=1.5, tab_d=tab_d,
                         tab_fill=theme.color(fr["tab_fill"]), title=title_item, credit=credit_item)


def render_svg(ctx, title: str, theme: Theme, lang: str, description: str = "") -> str:
    g = frame_geometry(ctx.scene, title, theme, lang)
    writer = SvgWriter(theme.fonts["stack"], theme.fonts.get("mono_stack", "monospace"))
    writer.render(ctx.scene)
    body = "\n".join(writer.body)
    body = f'<g transform="translate({num(g.dx)} {num(g.dy)})">\n{body}\n</g>'
    b = g.border
    return _template("frame.svg.j2").render(
        w=num(g.w), h=num(g.h), font_stack=theme.fonts["stack"], title=g.title.text, defs="".join(writer.defs),
        background=g.background, border=Rect(b.x, b.y, num(b.w), num(b.h)),
        radius=num(g.radius), border_color=g.border_color, body=body, tab_d=g.tab_d,
        tab_fill=g.tab_fill, title_x=num(g.title.x), title_y=num(g.title.y), title_size=num(g.title.size),
        title_color=g.title.color, credit_x=num(g.credit.x), credit_y=num(g.credit.y),
        credit_size=num(g.credit.size), credit_color=g.credit.color, credit=g.credit.text,
        xml_lang=XML_LANG.get(lang, lang), description=" ".join(clean_text(description or "").split()))
