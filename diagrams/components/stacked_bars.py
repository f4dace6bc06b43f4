"""Horizontal (stacked) bars whose lengths are numbers: one row per bar, segments end to end.

Every segment is ``scale`` px per unit long, so bars drawn by several nodes with the same scale compare
directly (a true value plus its over-estimate, a reward, a TD target …). Lengths come from the node's
computation (``from: PATH`` into the result, or ``args.…``) or are literal ``value``s; the number is
written inside the segment as real text.

data keys (strings may be ``{en, zh}``):
  rows         list of ``{label, segments: [...], label_color}``; a segment is ``{value | from, fill, stroke,
               color (text), text (template, ``{}`` = the formatted value; "" for none), format, bold}``
  scale        px per unit (default 40);  height: bar thickness px (default 40);  row_gap: px (default 24)
  label_gap    px between a row's label and its bar (default 14); every bar starts at the same x
  label_width  at least this much room for the labels (px): bars start at the same x in both languages
  font_size    numbers in the bars (default theme size + 5);  label_size: row labels (default theme size + 3)
  format       number format of the segment texts (as in tables: ``.1f``, ``d``; default: whole numbers as
               integers, others with 4 significant digits)
  stroke, stroke_width   segment outlines (default black, 1.2)
  braces       list of ``{row, segments: j | [first, last], text, color, font_size, side: top|bottom, depth}``: a
               curly brace along those segments of a row with a label beyond it (outside the bars)
Parts for edges: ``node.r{i}`` (row i's whole bar) and ``node.r{i}s{j}`` (its segment j).
"""
from __future__ import annotations

from diagrams.components import computed, localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_data
from diagrams.components.table import format_number
from diagrams.errors import SpecError
from diagrams.layout.shapes import brace_path
from diagrams.layout.templates import resolve
from diagrams.layout.text import place_text
from diagrams.scene import Paint, Rect, Shape
from diagrams.text.rich import layout as layout_text

KEYS = {  # key → kind (components/_canvas.py KINDS)
    "rows": "list", "scale": "number", "height": "positive", "row_gap": "number", "label_gap": "number",
    "label_width": "number", "font_size": "positive", "label_size": "positive", "format": "text", "stroke": "text",
    "stroke_width": "number", "braces": "list"}
ROW_KEYS = {"label", "segments", "label_color"}
SEGMENT_KEYS = {"value", "from", "fill", "stroke", "color", "text", "format", "bold"}
BRACE_KEYS = {"row", "segments", "text", "color", "font_size", "side", "depth"}
MAX_PX = 5000.0


def _keys(d, allowed, what):
    if not isinstance(d, dict):
        raise SpecError(f"{what} must be a mapping", hint=f"keys: {', '.join(sorted(allowed))}")
    extra = set(d) - allowed
    if extra:
        from diagrams.theme import suggest

        k = sorted(extra)[0]
        raise SpecError(f"unknown key '{k}' in {what}", hint=suggest(k, sorted(allowed), "one of the documented keys"))


def _number(seg, result, args, where):
    if ("value" in seg) == ("from" in seg):
        raise SpecError(f"{where} needs either `value` or `from`", hint="value: 4, or from: estimates.0 / args.reward")
    v = seg["value"] if "value" in seg else resolve(seg["from"], result, args)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise SpecError(f"{where} is not a number ({v!r})", hint="point `from` at one number, e.g. with an index")
    if v < 0:
        raise SpecError(f"{where} is negative ({v})", hint="stacked bars show lengths, which are ≥ 0")
    return float(v)


def make(node, ctx):
    check_data(node, KEYS, "stacked_bars")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    result = computed(node, ctx)
    args = localized(dict(node.get("args") or {}), ctx.lang)
    theme_size = float(ctx.theme.fonts["size"])
    scale = float(data.get("scale", 40))
    height = float(data.get("height", 40))
    gap = float(data.get("row_gap", 24))
    label_gap = float(data.get("label_gap", 14))
    size = float(data.get("font_size", theme_size + 5))
    label_size = float(data.get("label_size", theme_size + 3))
    stroke = data.get("stroke", "black")
    sw = float(data.get("stroke_width", 1.2))
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise SpecError("the stacked_bars component needs `data.rows`, a list of bars",
                        hint="rows: [{label: ..., segments: [{from: estimates.0, fill: sky}]}]")
    parsed = []
    for i, row in enumerate(rows):
        _keys(row, ROW_KEYS, f"row {i} of the bars")
        segs = row.get("segments")
        if not isinstance(segs, list) or not segs:
            raise SpecError(f"row {i} of the bars has no segments", hint="segments: [{value: 4, fill: sky}]")
        out = []
        for j, seg in enumerate(segs):
            _keys(seg, SEGMENT_KEYS, f"segment {j} of row {i}")
            v = _number(seg, result, args, f"segment {j} of row {i}")
            fmt = seg.get("format", data.get("format"))
            text = format_number(v, fmt)
            if "text" in seg:
                text = str(seg["text"]).replace("{}", text)
            out.append({"v": v, "len": v * scale, "text": text, "seg": seg})
        if sum(s["len"] for s in out) > MAX_PX:
            raise SpecError(f"row {i} of the bars is {sum(s['len'] for s in out):.0f} px long",
                            hint="lower `scale` (px per unit)")
        label = layout_text(str(row["label"]), label_size) if row.get("label") not in (None, "") else None
        parsed.append({"label": label, "segments": out, "label_color": row.get("label_color")})

    lead = max([r["label"].width for r in parsed if r["label"]] + [float(data.get("label_width", 0))])
    x0 = lead + label_gap if lead else 0.0
    # geometry in local coordinates (top-left 0, 0), braces added around
    rects = []
    y = 0.0
    for r in parsed:
        x = x0
        segs = []
        for s in r["segments"]:
            segs.append(Rect(x, y, s["len"], height))
            x += s["len"]
        rects.append(segs)
        y += height + gap
    body_h = y - gap
    body_w = max(segs[-1].right for segs in rects)

    braces = []
    top_extra = bottom_extra = 0.0
    for k, b in enumerate(data.get("braces") or []):
        _keys(b, BRACE_KEYS, f"brace {k}")
        i = b.get("row", 0)
        if not isinstance(i, int) or not 0 <= i < len(rects):
            raise SpecError(f"brace {k} names row {i}, which the bars lack", hint=f"rows count from 0 to {len(rects) - 1}")
        sel = b.get("segments", [0, len(rects[i]) - 1])
        first, last = (sel, sel) if isinstance(sel, int) else (sel[0], sel[-1])
        if not (0 <= first <= last < len(rects[i])):
            raise SpecError(f"brace {k} spans segments {first}–{last} of row {i}, which has {len(rects[i])}")
        side = b.get("side", "top")
        if side not in ("top", "bottom"):
            raise SpecError(f"brace {k} side '{side}' is neither top nor bottom")
        depth = float(b.get("depth", 12))
        fs = float(b.get("font_size", label_size))
        lab = layout_text(str(b.get("text", "")), fs) if b.get("text") else None
        x_a, x_b = rects[i][first].x, rects[i][last].right
        if side == "top":
            br = Rect(x_a, rects[i][0].y - 6 - depth, x_b - x_a, depth)
            lab_y = br.y - 4 - (lab.height if lab else 0)
        else:
            br = Rect(x_a, rects[i][0].bottom + 6, x_b - x_a, depth)
            lab_y = br.bottom + 4
        braces.append((br, side, lab, lab_y, b.get("color", "ink")))
        extent_top = min(br.y, lab_y) if lab else br.y
        extent_bottom = max(br.bottom, lab_y + (lab.height if lab else 0))
        top_extra = max(top_extra, -extent_top)
        bottom_extra = max(bottom_extra, extent_bottom - body_h)
        if lab:
            body_w = max(body_w, (x_a + x_b) / 2 + lab.width / 2)
    left_extra = max([0.0] + [lab.width / 2 - (br.x + br.w / 2) for br, _, lab, _, _ in braces if lab])
    w = body_w + left_extra + sw
    h = body_h + top_extra + bottom_extra + sw

    def paint(ctx, ox, oy):
        ox += left_extra + sw / 2
        oy += top_extra + sw / 2
        for i, (r, segs) in enumerate(zip(parsed, rects)):
            if r["label"]:
                area = Rect(ox, oy + segs[0].y, lead, height)
                place_text(ctx, r["label"], area, align="right", color=ctx.color(r["label_color"], "ink"))
            for j, (s, rr) in enumerate(zip(r["segments"], segs)):
                box = Rect(ox + rr.x, oy + rr.y, rr.w, rr.h)
                seg = s["seg"]
                ctx.scene.add(Shape("rect", Paint(fill=ctx.color(seg.get("fill"), "sky"),
                                                  stroke=ctx.color(seg.get("stroke", stroke)), stroke_width=sw),
                                    rect=box))
                if s["text"]:
                    block = layout_text(s["text"], size, bold=bool(seg.get("bold")))
                    place_text(ctx, block, box, color=ctx.color(seg.get("color"), "ink"), owner=box)
                ctx.placed[f"{node.id}.r{i}s{j}"] = box
            whole = Rect(ox + segs[0].x, oy + segs[0].y, segs[-1].right - segs[0].x, height)
            ctx.placed[f"{node.id}.r{i}"] = whole
        for br, side, lab, lab_y, color in braces:
            c = ctx.color(color)
            rr = Rect(ox + br.x, oy + br.y, br.w, br.h)
            ctx.scene.add(Shape("path", Paint(stroke=c, stroke_width=1.5), d=brace_path(rr, "up" if side == "top" else "down")))
            if lab:
                place_text(ctx, lab, Rect(rr.cx - lab.width / 2, oy + lab_y, lab.width, lab.height), color=c)

    return DrawnBlock(node, w, h, paint)
