"""A code block: monospaced lines on a tinted panel, optional line numbers and highlighted lines.

data:
  code: "def f(x):\\n    return x"      # or {en: ..., zh: ...} when comments differ by language
  font_size: 13                         # default: theme size − 2
  fill: grey-1                          # panel colour
  line_numbers: true
  highlight: [2]                        # 1-based lines on a yellow band (counted as written: a line
                                        # {en: "", zh: ...} is left out of English but still counts)
  highlight_fill: yellow
  color: ink
  # code may also be a list of lines, each a string or a list of coloured runs (syntax colouring):
  # code: [[{text: "<|im_start|>"}, {text: user, bold: true}], [{text: "Hi", color: orange}, "<|im_end|>"]]
"""
from __future__ import annotations

from diagrams.components import localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_data
from diagrams.errors import SpecError
from diagrams.scene import Paint, Rect, Shape, TextItem
from diagrams.text import fonts

PAD = (12, 8)
MAX_LINES = 300
RUN_KEYS = {"text", "color", "bold"}
KEYS = {"code": "any", "font_size": "positive", "line_numbers": "bool", "fill": "text", "highlight_fill": "text",
        "color": "text", "number_color": "text", "highlight": "numbers"}   # key → kind (components/_canvas.py KINDS)


def make(node, ctx):
    check_data(node, KEYS, "code")
    data = node.get("data") or {}
    if "code" not in data:
        raise SpecError("a code block needs `data: {code: ...}`", hint="put the source text under data.code")
    code = data["code"]
    kept = [n for n, line in enumerate(code, start=1) if not _unsaid(line, ctx.lang)] if isinstance(code, list) else None
    if kept is not None:
        code = [code[n - 1] for n in kept]
    lines, runs = _lines(localized(code, ctx.lang))
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
    marked = {int(n) for n in data.get("highlight", []) or []}     # lines as written, in every language
    if kept is not None:
        marked = {i for i, n in enumerate(kept, start=1) if n in marked}
    w = width + gutter + 2 * PAD[0]
    h = len(lines) * pitch + 2 * PAD[1]

    def paint(ctx, x, y):
        box = Rect(x, y, w, h)
        if fill != "none":
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
            left = x + PAD[0] + gutter
            for text, run_color, bold in runs[i - 1]:
                lw = fonts.mono_width(text, size)
                if text.strip():
                    ctx.scene.add(TextItem(left, base, text, size, ctx.color(run_color) if run_color else color,
                                           bold=bold, family="mono", owner=box,
                                           box=Rect(left, base - size * 0.86, lw, size)))
                left += lw

    return DrawnBlock(node, w, h, paint)


def _unsaid(line, lang: str) -> bool:
    """A line written for the other language only (``{en: "", zh: "# 注释"}``): left out in this one, so one
    language may say in one line what the other says in two. A plain "" is a blank line in both."""
    items = line if isinstance(line, list) else [line]
    texts = [run.get("text") if isinstance(run, dict) else run for run in items]
    translated = [t for t in texts if isinstance(t, dict) and set(t) == {"en", "zh"}]
    return bool(translated) and all(not str(localized(t, lang)) for t in texts)


def _lines(code):
    """(line texts, per line a list of (text, colour or None, bold)) from a string or a list of lines."""
    if isinstance(code, str):
        lines = code.expandtabs(4).split("\n")
        return lines, [[(line, None, False)] for line in lines]
    if not isinstance(code, list):
        raise SpecError("data.code must be text or a list of lines", hint="a line is a string or a list of runs")
    texts, runs = [], []
    for n, line in enumerate(code, start=1):
        items = line if isinstance(line, list) else [line]
        row = []
        for run in items:
            if isinstance(run, str):
                row.append((run.expandtabs(4), None, False))
            elif isinstance(run, dict) and "text" in run and set(run) <= RUN_KEYS:
                row.append((str(run["text"]).expandtabs(4), run.get("color"), bool(run.get("bold", False))))
            else:
                raise SpecError(f"code line {n}: a run must be a string or {{text, color, bold}}",
                                hint="e.g. {text: assistant, bold: true}")
        runs.append(row)
        texts.append("".join(t for t, _, _ in row))
    return texts, runs
