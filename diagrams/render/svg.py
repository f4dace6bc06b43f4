"""Scene → self-contained SVG: presentation attributes, explicit arrowheads, deterministic output."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from diagrams.render import safe
from diagrams.scene import Gradient, MathItem, RawItem, Rect, Scene, Shape, TextItem
from diagrams.text.mathtext import MATH_FONT_STACK
from diagrams.text.clean import clean_text  # noqa: F401  (controls and bidi overrides never reach the SVG)


def num(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


class SvgWriter:
    def __init__(self, font_stack: str, mono_stack: str = "monospace"):
        self.font_stack = font_stack
        self.mono_stack = mono_stack
        self.defs: list[str] = []
        self._gradients: dict[Gradient, str] = {}
        self.body: list[str] = []

    def paint_attrs(self, paint) -> str:
        fill = paint.fill
        if isinstance(fill, Gradient):
            fill = f"url(#{self._gradient(fill)})"
        out = f' fill="{safe.color(fill or "none")}"'
        if paint.stroke and paint.stroke != "none":
            out += f' stroke="{safe.color(paint.stroke)}" stroke-width="{num(paint.stroke_width)}"'
            if paint.dash:
                out += f' stroke-dasharray="{safe.dash(paint.dash)}"'
        if paint.opacity is not None:
            out += f' opacity="{num(paint.opacity)}"'
        return out

    def _gradient(self, g: Gradient) -> str:
        if g not in self._gradients:
            gid = f"grad{len(self._gradients) + 1}"
            self._gradients[g] = gid
            x2, y2 = ("0", "1") if g.vertical else ("1", "0")
            stops = "".join(f'<stop offset="{num(o)}" stop-color="{safe.color(c)}"/>' for o, c in g.stops)
            self.defs.append(f'<linearGradient id="{gid}" x1="0" y1="0" x2="{x2}" y2="{y2}">{stops}</linearGradient>')
        return self._gradients[g]

    def shape(self, s: Shape):
        attrs = self.paint_attrs(s.paint)
        if s.linecap:
            attrs += f' stroke-linecap="{safe.keyword(s.linecap)}"'
        if s.kind == "rect":
            r = s.rect
            rx = f' rx="{num(s.radius)}"' if s.radius else ""
            self.body.append(f'<rect x="{num(r.x)}" y="{num(r.y)}" width="{num(r.w)}" height="{num(r.h)}"{rx}{attrs}/>')
        elif s.kind == "ellipse":
            r = s.rect
            self.body.append(f'<ellipse cx="{num(r.cx)}" cy="{num(r.cy)}" rx="{num(r.w / 2)}" ry="{num(r.h / 2)}"{attrs}/>')
        else:
            self.body.append(f'<path d="{safe.path_data(s.d)}"{attrs}/>')

    def text(self, t: TextItem):
        weight = ' font-weight="bold"' if t.bold else ""
        style = ' font-style="italic"' if t.italic else ""
        anchor = f' text-anchor="{safe.keyword(t.anchor)}"' if t.anchor != "start" else ""
        px, py = t.pivot or (t.x, t.y)
        rot = f' transform="rotate({num(t.rotate)} {num(px)} {num(py)})"' if t.rotate else ""
        if getattr(t, "family", None) == "mono":
            rot += f' font-family="{safe.attr(self.mono_stack)}"'
        elif getattr(t, "family", None) == "math":
            rot += f' font-family="{safe.attr(MATH_FONT_STACK)}"'
        content = escape(clean_text(t.text))
        space = ' xml:space="preserve"' if content != content.strip() or "  " in content else ""
        self.body.append(f'<text x="{num(t.x)}" y="{num(t.y)}" font-size="{num(t.size)}" fill="{safe.color(t.color)}"'
                         f'{weight}{style}{anchor}{rot}{space}>{content}</text>')

    def math(self, m: MathItem):
        rot = ""
        if m.rotate:
            px, py = m.pivot or (m.x, m.y)
            rot = f"rotate({num(m.rotate)} {num(px)} {num(py)}) "
        self.body.append(f'<path transform="{rot}translate({num(m.x)} {num(m.y)})" d="{safe.path_data(m.d)}" fill="{safe.color(m.color)}"/>')

    def raw(self, r: RawItem):
        self.body.append(r.markup)

    def render(self, scene: Scene):
        formula = None     # the TeX of the open formula group: a formula drawn in coloured parts is one group
        for it in scene.items:
            tex = (it.tex, it.x, it.y) if isinstance(it, MathItem) and it.tex else None
            if formula is not None and tex != formula:
                self.body.append("</g>")
                formula = None
            if tex is not None and formula is None:
                # a text alternative: the formula is drawn as outlines, so it is found and read aloud by its TeX
                self.body.append(f'<g role="img" aria-label="{safe.attr(math_label(tex[0]))}">')
                formula = tex
            if isinstance(it, Shape):
                self.shape(it)
            elif isinstance(it, TextItem):
                self.text(it)
            elif isinstance(it, MathItem):
                self.math(it)
            elif isinstance(it, RawItem):
                self.raw(it)
        if formula is not None:
            self.body.append("</g>")
        return self


def math_label(tex: str) -> str:
    """A formula's text alternative: its TeX source, on one line."""
    return " ".join(clean_text(tex).split())


def attr(value: str) -> str:
    """An attribute value, quoted and escaped (for templates)."""
    return quoteattr(clean_text(value))
