"""A code block: monospaced lines on a tinted panel, optional line numbers and highlighted lines.

data:
  code: "def f(x):\\n    return x"      # or {en: ..., zh: ...} when comments differ by language
  font_size: 13                         # default: theme size − 2
  fill: grey-1                          # panel colour
  line_numbers: true
  highlight: [2]                        # 1-based lines on a yellow band
  highlight_fill: yellow
  color: ink
"""
from __future__ import annotations

from diagrams.components._base import DrawnBlock
from diagrams.errors import SpecError
from diagrams.scene import Paint, Rect, Shape, TextItem
from diagrams.text import fonts

PAD = (12, 8)
MAX_LINES = 300


def make(node, ctx):
    data = node.get("data") or {}
    if "code" not in data:
        raise SpecError("a code block needs `data: {code: ...}`", hint="put the source text under data.code")
    text = ctx.tr(data["code"]).expandtabs(4)
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise SpecError(f"code block has {len(lines)} lines, over the limit of {MAX_LINES}")
    size = float(data.get("font_size", ctx.theme.fonts["size"] - 2))
    pitch = size * 1.45
    numbers = bool(data.get("line_numbers", False))
    gutter = fonts.mono_width(str(len(lines)), size) + size if numbers else 0.0
    width = max((fonts.mono_width(l, size) for l in lines), default=0.0)
    fill = ctx.color(data.get("fill"), "grey-1")
    band = ctx.color(data.get("highlight_fill"), "yellow")
    color = ctx.color(data.get("color"), "ink")
    dim = ctx.color(data.get("number_color"), "grey-3")
    marked = {int(n) for n in data.get("highlight", []) or []}
    w = width + gutter + 2 * PAD[0]
    h = len(lines) * pitch + 2 * PAD[1]

    def paint(ctx, x, y):
        box = Rect(x, y, w, h)
        ctx.scene.add(Shape("rect", Paint(fill=fill), rect=box, radius=4))
        for i, line in enumerate(lines, start=1):
            top = y + PAD[1] + (i - 1) * pitch
            if i in marked:
                ctx.scene.add(Shape("rect", Paint(fill=band), rect=Rect(x, top, w, pitch)))
            base = top + pitch / 2 + size * 0.35
            if numbers:
                ctx.scene.add(TextItem(x + PAD[0] + gutter - size * 0.6, base, str(i), size, dim, anchor="end",
                                       family="mono", owner=box,
                                       box=Rect(x + PAD[0], base - size * 0.86, gutter - size * 0.6, size)))
            if line.strip():
                lw = fonts.mono_width(line, size)
                ctx.scene.add(TextItem(x + PAD[0] + gutter, base, line, size, color, family="mono", owner=box,
                                       box=Rect(x + PAD[0] + gutter, base - size * 0.86, lw, size)))

    return DrawnBlock(node, w, h, paint)
