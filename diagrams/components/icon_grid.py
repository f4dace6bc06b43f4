"""A count shown as repeated icons (star ratings, tallies): ``count`` copies of one icon in rows.

The count is a number of the spec (``count``) or comes from the node's computation (``count_from``: a dotted
path into the result or ``args.…``, e.g. ``args.rewards.chi`` — the same input a trajectory's rewards are
computed from), so the icons and the numbers computed from them cannot disagree.

data keys:
  icon        icon name (default ``star``); color (default ``orange``)
  count / count_from   how many icons (whole number ≥ 0)
  per_row     icons per row (default 3); later rows start ``indent`` px further right (default half a pitch)
  size        icon box in px (default 18);  pitch: x distance between icons (default size + 3);
  row_pitch   y distance between rows (default size + 2)
"""
from __future__ import annotations

from diagrams.components import computed, localized
from diagrams.components._canvas import Canvas, check_data, data_where
from diagrams.errors import SpecError
from diagrams.layout.templates import resolve
from diagrams.scene import Rect

KEYS = {"icon": "text", "color": "text", "count": "any", "count_from": "text", "per_row": "whole",
        "size": "positive", "pitch": "number", "row_pitch": "number", "indent": "number"}   # key → kind (_canvas.KINDS)
MAX_ICONS = 500           # icons of one grid (a tally of a billion icons never finished)


def count_of(node, ctx, data) -> int:
    if "count_from" in data:
        res = computed(node, ctx)
        v = resolve(str(data["count_from"]), res, localized(dict(node.get("args") or {}), ctx.lang))
    else:
        v = data.get("count")
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= MAX_ICONS or v != int(v):
        line, col = data_where(node, "count_from" if "count_from" in data else "count")
        over = isinstance(v, (int, float)) and not isinstance(v, bool) and v > MAX_ICONS
        raise SpecError(f"icon_grid count is {v:g}, over the limit MAX_ICONS = {MAX_ICONS}" if over
                        else f"icon_grid needs a whole number of icons, got {v!r}", line=line, col=col,
                        hint="show a few icons and write the number" if over
                        else "give `count: 3` or `count_from: PATH` reaching a whole number")
    return int(v)


def make(node, ctx):
    check_data(node, KEYS, "icon_grid")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    n = count_of(node, ctx, data)
    size = float(data.get("size", 18))
    pitch = float(data.get("pitch", size + 3))
    row_pitch = float(data.get("row_pitch", size + 2))
    per_row = max(1, int(data.get("per_row", 3)))
    indent = float(data.get("indent", pitch / 2))
    color = ctx.color(data.get("color", "orange"))
    icon = str(data.get("icon", "star"))
    cv = Canvas()
    cv.grow(Rect(0, 0, size, size))
    for i in range(n):
        r, c = divmod(i, per_row)
        cv.icon(icon, Rect((indent if r else 0) + c * pitch, r * row_pitch, size, size), color)
    return cv.block(node)
