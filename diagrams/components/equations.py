"""A column of display formulas, lined up, with coloured underlines under chosen parts of them.

Every row is typeset whole by mathtext (so spacing is TeX's); an underline's ends come from typesetting
the row up to the part and up to the part's end, so they fall exactly under the part's glyphs.

data keys (strings may be ``{en, zh}``):
  rows           list; each a TeX string without dollars, or ``{tex, color, underline}`` where
                 ``underline`` is a list of ``{part, color}``: ``part`` is a TeX substring of the row (its
                 first occurrence, outside any braces) drawn with a line under it
  font_size      px (default: the theme's text size + 5)
  row_gap        px between rows (default 0.45 × font_size); rows sit at an even pitch
  pitch          px from one row's baseline to the next (overrides row_gap; lines up columns side by side)
  align          left (default), center or right
  align_at       a TeX substring (e.g. ``"="``) at which all rows line up (overrides align)
  color          formula colour (default ink)
  underline_width  px (default font_size / 11);  underline_gap: px below the part (default 0.12 × font_size)
  padding        [x, y] px around the rows; edges attach to this padded box

Rows are set in display style (TeX's ``$$…$$``): full-size fractions, big operators with limits above and below.
"""
from __future__ import annotations

from diagrams.components import localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_data
from diagrams.errors import SpecError
from diagrams.render.svg import num
from diagrams.scene import MathItem, Paint, Rect, Shape
from diagrams.text.mathtext import typeset

ALIGNS = ("left", "center", "right")


def _top_level_find(tex: str, part: str) -> int:
    """Index of the first occurrence of ``part`` in ``tex`` outside braces, or -1."""
    start = 0
    while True:
        i = tex.find(part, start)
        if i < 0:
            return -1
        depth = 0
        for ch in tex[:i]:
            depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return i
        start = i + 1


def _width(tex: str, size: float) -> float:
    return typeset(tex, size, display=True).width if tex.strip() else 0.0


def span_of(tex: str, part: str, size: float) -> tuple[float, float]:
    """Horizontal extent (from the row's left edge) of the first top-level ``part`` of ``tex``."""
    i = _top_level_find(tex, part)
    if i < 0:
        raise SpecError(f"'{part}' does not occur in the formula '{tex}' (outside braces)",
                        hint="underline a part written exactly as in the row's tex")
    x0 = _width(tex[:i], size)
    x1 = _width(tex[:i + len(part)], size)
    return x0, max(x1, x0)


def _rows(data, lang) -> list[dict]:
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise SpecError("the equations component needs `data.rows`, a list of formulas",
                        hint="rows: ['\\delta_0 = r_0 - V(s_0)', {tex: ..., underline: [{part: ..., color: red}]}]")
    out = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, int, float)):
            out.append({"tex": str(row)})
        elif isinstance(row, dict) and "tex" in row:
            unknown = set(row) - {"tex", "color", "underline"}
            if unknown:
                raise SpecError(f"row {i + 1} of the equations has unknown keys {sorted(unknown)}",
                                hint="a row is {tex, color, underline}")
            out.append(dict(row))
        else:
            raise SpecError(f"row {i + 1} of the equations is neither a TeX string nor {{tex: ...}}")
        out[-1]["tex"] = str(out[-1]["tex"])
    return out


KEYS = {"rows": "list", "font_size": "positive", "row_gap": "number", "align": "text", "align_at": "text",
        "padding": "pair", "underline_width": "number", "underline_gap": "number", "color": "text",
        "pitch": "number"}   # key → kind (components/_canvas.py KINDS)


def make(node, ctx):
    check_data(node, KEYS, "equations")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    size = float(data.get("font_size", ctx.theme.fonts["size"] + 5))
    gap = float(data.get("row_gap", size * 0.45))
    align = data.get("align", "left")
    if align not in ALIGNS:
        raise SpecError(f"equations align '{align}' is not one of {', '.join(ALIGNS)}")
    align_at = data.get("align_at")
    pad = data.get("padding", [0, 0])
    px, py = float(pad[0]), float(pad[1])
    ul_w = float(data.get("underline_width", size / 11))
    ul_gap = float(data.get("underline_gap", size * 0.12))
    default_color = data.get("color", "ink")

    rows = _rows(data, ctx.lang)
    boxes = [typeset(r["tex"], size, display=True) for r in rows]
    # underlines: (x0, x1, y below the baseline, colour) per row
    lines = []
    for r in rows:
        segs = []
        for u in r.get("underline") or []:
            if not isinstance(u, dict) or "part" not in u:
                raise SpecError("an underline is {part: <TeX substring>, color: <colour>}")
            x0, x1 = span_of(r["tex"], str(u["part"]), size)
            depth = typeset(str(u["part"]), size, display=True).depth
            segs.append((x0, x1, depth + ul_gap + ul_w / 2, u.get("color", default_color)))
        lines.append(segs)
    # where each row starts, relative to the alignment line
    if align_at is not None:
        anchors = []
        for r in rows:
            i = _top_level_find(r["tex"], str(align_at))
            if i < 0:
                raise SpecError(f"align_at '{align_at}' does not occur in the formula '{r['tex']}'",
                                hint="every row needs the alignment mark, or use align: left/center/right")
            anchors.append(_width(r["tex"][:i], size))
        lead = max(anchors)
        starts = [lead - a for a in anchors]
    else:
        widest = max(b.width for b in boxes)
        starts = [{"left": 0.0, "center": (widest - b.width) / 2, "right": widest - b.width}[align] for b in boxes]
    inner_w = max(s + b.width for s, b in zip(starts, boxes))
    above = max(b.height for b in boxes)
    below = max([b.depth for b in boxes] + [y + ul_w / 2 for segs in lines for _, _, y, _ in segs])
    pitch = float(data["pitch"]) if "pitch" in data else above + below + gap
    if pitch <= 0:
        raise SpecError("equations pitch must be positive")
    w = inner_w + 2 * px
    h = above + below + pitch * (len(rows) - 1) + 2 * py

    def paint(ctx, x, y):
        for i, (r, b, segs) in enumerate(zip(rows, boxes, lines)):
            x0 = x + px + starts[i]
            base = y + py + above + pitch * i
            color = ctx.color(r.get("color", default_color))
            ctx.scene.add(MathItem(x0, base, b.path_d, color, box=Rect(x0, base - b.height, b.width, b.height + b.depth),
                                   tex=b.tex))
            for a, c, dy, col in segs:
                yy = base + dy
                ctx.scene.add(Shape("path", Paint(stroke=ctx.color(col), stroke_width=ul_w),
                                    d=f"M{num(x0 + a)} {num(yy)}H{num(x0 + c)}"))

    return DrawnBlock(node, w, h, paint)
