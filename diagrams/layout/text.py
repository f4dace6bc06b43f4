"""Place a measured TextBlock inside a rectangle as scene text and math items."""
from __future__ import annotations

from diagrams.scene import MathItem, Rect, TextItem
from diagrams.text import fonts
from diagrams.text.rich import TextBlock, baselines


def place_text(ctx, block: TextBlock, area: Rect, *, align="center", valign="middle", color="#000000",
               italic=False, owner: Rect | None = None, rotate: float = 0.0, pivot=None) -> Rect:
    """Draw ``block`` aligned inside ``area``; return the rectangle the text occupies. With ``pivot`` every line
    turns by ``rotate`` about that one point (a quarter turn: a label written up the side of an axis), and the
    boxes the lint checks turn with it."""
    top = text_rect(block, area, align, valign).y
    bases = baselines(block)
    left_all = None
    for line, base in zip(block.lines, bases):
        if align == "left":
            x0 = area.x
        elif align == "right":
            x0 = area.right - line.width
        else:
            x0 = area.x + (area.w - line.width) / 2
        left_all = x0 if left_all is None else min(left_all, x0)
        y = top + base
        line_box = Rect(x0, y - line.ascent, line.width, line.ascent + line.descent)
        only_text = all(r.kind == "text" and r.size is None for r in line.runs)
        ax = {"left": x0, "right": x0 + line.width}.get(align, x0 + line.width / 2)
        if only_text and line.runs:
            txt = "".join(r.text for r in line.runs)
            anchor = {"left": "start", "right": "end"}.get(align, "middle")
            ctx.scene.add(TextItem(ax, y, txt, block.size, color, bold=block.bold, italic=italic, anchor=anchor,
                                   box=_turned(_tight(line_box, block.size, y), rotate, pivot), owner=owner,
                                   rotate=rotate, pivot=pivot))
            continue
        # a line of several runs turns as a whole about the point a text-only line turns about
        line_pivot = pivot or ((ax, y) if rotate else None)
        for k, run in enumerate(line.runs):
            if run.kind == "math":
                m = run.math
                mx = x0 + run.x + run.lead
                ctx.scene.add(MathItem(mx, y, m.path_d, color,
                                       box=_turned(Rect(mx, y - m.height, m.width, m.height + m.depth),
                                                   rotate, pivot), owner=owner,
                                       rotate=rotate, pivot=line_pivot, tex=m.tex))
            elif run.text.strip():
                size, base = run.size or block.size, y + run.shift
                left, width, text = _visible(run, size, block.bold)
                # The text is anchored at the side where it meets a formula, so a renderer whose text is a little
                # wider or narrower than our measure (hinted advances, another font of the stack) changes the
                # gap on the free side, never the space between a word and its formula.
                # (cairo aligns middle/end by the ink, not the advance: a run ending in full-width punctuation,
                # whose ink sits left in its em, keeps the start anchor)
                before = k > 0
                after = k + 1 < len(line.runs) and not _wide_end(text)
                anchor = "middle" if before and after else "end" if after else "start"
                ax_run = x0 + run.x + left + {"start": 0.0, "middle": width / 2, "end": width}[anchor]
                ctx.scene.add(TextItem(ax_run, base, text, size, color, bold=block.bold, italic=italic, anchor=anchor,
                                       box=_turned(_tight(Rect(x0 + run.x + left, 0, width, 0), size, base), rotate, pivot),
                                       owner=owner, rotate=rotate, pivot=line_pivot))
    return Rect(left_all if left_all is not None else area.x, top, block.width, block.height)


def _wide_end(text: str) -> bool:
    """Does ``text`` end in full-width punctuation (，。：）…), whose glyph leaves most of its em empty?"""
    ch = text[-1:]
    return bool(ch) and ("\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "\u201d\u2019")


def _visible(run, size: float, bold: bool) -> tuple[float, float, str]:
    """A text run without the spaces at its ends: (offset of its first character, its width, the text)."""
    text = run.text.strip()
    lead = run.text[:len(run.text) - len(run.text.lstrip())]
    left = fonts.text_width(lead, size, bold) if lead else 0.0
    return left, fonts.text_width(text, size, bold), text


def text_rect(block: TextBlock, area: Rect, align: str = "center", valign: str = "middle") -> Rect:
    """Where ``block`` sits when aligned inside ``area`` (as place_text draws it), e.g. to keep lines off it."""
    x = {"left": area.x, "right": area.right - block.width}.get(align, area.x + (area.w - block.width) / 2)
    y = {"top": area.y, "bottom": area.bottom - block.height}.get(valign, area.y + (area.h - block.height) / 2)
    return Rect(x, y, block.width, block.height)


def _tight(r: Rect, size: float, baseline: float) -> Rect:
    """The ink-ish box of a text line: from cap height to descender, not the full line pitch."""
    return Rect(r.x, baseline - size * 0.86, r.w, size * 1.0)


def _turned(r: Rect, rotate: float, pivot) -> Rect:
    """``r`` turned by a quarter turn (±90°, clockwise on screen) about ``pivot``; unchanged without a pivot."""
    if pivot is None or not rotate or abs(rotate) % 180 != 90:
        return r
    px, py = pivot
    sign = 1.0 if rotate % 360 == 90 else -1.0
    xs, ys = [], []
    for x, y in ((r.x, r.y), (r.right, r.bottom)):
        xs.append(px - sign * (y - py))
        ys.append(py + sign * (x - px))
    return Rect(min(xs), min(ys), abs(xs[1] - xs[0]), abs(ys[1] - ys[0]))
