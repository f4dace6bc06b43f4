"""Bar chart of a next-token distribution in the house style (multinomial / top-k / top-p sampling).

Heights come from ``data.values`` or the computation's ``args.probs``. Each bar has a state:
``kept`` (cream candidate), ``sampled`` (blue, the sampling result) or ``dropped`` (grey diagonal hatch,
drawn as line segments computed inside the bar — no SVG patterns). States come from the computation:
``kept`` (a boolean per bar, e.g. ``lm.top_k``/``lm.top_p``) and ``sampled`` (an id, when the computation
draws one with a ``seed``); without them every bar is kept and ``data.sampled`` may name the sampled bar.

data keys (all optional; strings may be ``{en, zh}``; ``{k}`` in texts is the number of kept bars):
  tokens          labels under the bars (a list, or {en: [...], zh: [...]})
  values          bar heights when nothing is computed
  sampled         index of the sampled bar when the computation does not draw one
  x_label, y_label  axis titles;  more: true draws "…" after the last bar and its label
  y_label_side    left (default: the y title ends left of the axis, over its tip) or right (it starts right of the
                  axis, level with its tip: a title inside the plot's upper left corner)
  brace, brace_note  text over a brace spanning the kept bars (the note is bold and follows the text)
  cut_label       text beside a dotted vertical line after the last kept bar
  callout         text of a speech bubble pointing at the sampled bar (callout_wrap: px)
  legend          {kept: text, sampled: text, dropped: text};  legend_title
  show_values     print bar values over the bars: true (all), a number n (the first n) or a list of bar indices;
                  value_format (default ".2f"), value_size, value_color; value_more: text over the other bars ("…")
  gaps            bar slots left empty for an elided run: a list of indices i (a "…" slot before bar i;
                  gap_text, gap_color)
  fills           {state: colour}: bar fills (e.g. every bar sky for a plain distribution)
  mark            a check badge beside one bar: true / "max" (the highest bar), a bar index, or
                  {bar, icon (default circle-check), color}
  sampled_from    a dotted path to the sampled bar's index in the computation (``ids.0`` for ``lm.sample``)
  values_from     a dotted path to the bar heights in the computation (``probs`` for ``lm.next_token``)
  bar_gap         px of white between neighbouring bars (default 0: touching bars)
  callout_tip     [dx, dy] px moving the callout's tip from the sampled bar's corner
  brace_size, brace_note_size   font sizes of the brace texts
  bar_width, height, label_colors {state: colour}

Texts (brace, brace_note, cut_label, callout) may hold ``{value.PATH:FORMAT}`` / ``{args.PATH}`` placeholders
filled from the computation (e.g. ``{value.mass:.2f}``, the kept probability mass of ``lm.top_p``).
"""
from __future__ import annotations

import math

from diagrams.components import computed, localized
from diagrams.components._canvas import Canvas, check_data, data_error, data_where
from diagrams.components.table import check_number_format, typographic
from diagrams.errors import SpecError
from diagrams.scene import Paint, Rect
from diagrams.text import fonts

STATES = ("kept", "sampled", "dropped")
FILL = {"kept": "cream", "sampled": "sky", "dropped": "white"}
LABEL_COLOR = {"kept": "dark-gold", "sampled": "link-blue", "dropped": "ink"}
OUTLINE = "grey-3"
HATCH_SPACING = 10.0
HATCH_WIDTH = 3.6
ACCENT = "dark-gold"
KEYS = {  # key → kind (components/_canvas.py KINDS)
    "tokens": "list", "values": "numbers", "sampled": "whole", "x_label": "text", "y_label": "text", "more": "bool",
    "brace": "text", "brace_note": "text", "cut_label": "text", "callout": "text", "callout_wrap": "positive",
    "callout_fill": "text", "callout_dx": "number", "callout_dy": "number", "legend": "mapping",
    "legend_title": "text", "legend_dx": "number", "legend_dy": "number", "show_values": "bool|whole|list",
    "value_format": "text", "bar_width": "positive", "height": "positive", "lead": "number", "axis_tail": "number",
    "axis_head": "number", "axis_font_size": "positive", "label_size": "positive", "label_gap": "number",
    "label_colors": "mapping", "value_more": "text", "value_size": "positive", "value_color": "text",
    "gaps": "list", "gap_text": "text", "gap_color": "text", "fills": "mapping", "mark": "bool|whole|text|mapping",
    "sampled_from": "text", "callout_tip": "pair", "brace_size": "positive", "brace_note_size": "positive",
    "values_from": "text", "bar_gap": "number", "y_label_side": "text"}


def hatch_segments(r: Rect, spacing: float = HATCH_SPACING, inset: float = 0.0):
    """Segments of the '/' lines x + y = n·spacing inside ``r`` shrunk by ``inset``.

    Lines sit on a global lattice, so neighbouring shapes' hatching lines up. Each segment is
    (x_bottom_left, y_bottom_left, x_top_right, y_top_right)."""
    x0, y0, x1, y1 = r.x + inset, r.y + inset, r.right - inset, r.bottom - inset
    if x1 <= x0 or y1 <= y0:
        return []
    out = []
    n = math.floor((x0 + y0) / spacing) + 1
    while n * spacing < x1 + y1:
        c = n * spacing
        xa, xb = max(x0, c - y1), min(x1, c - y0)
        if xb - xa > 1e-6:
            out.append((xa, c - xa, xb, c - xb))
        n += 1
    return out


def bar_states(n: int, kept=None, sampled=None) -> list[str]:
    """The state of each of ``n`` bars from a kept mask (None: all kept) and a sampled index."""
    if kept is not None and len(kept) != n:
        raise SpecError(f"the computation keeps {len(kept)} bars but there are {n} values",
                        hint="give one probability per bar")
    states = ["kept" if kept is None or kept[i] else "dropped" for i in range(n)]
    if sampled is not None:
        s = int(sampled)
        if not 0 <= s < n:
            raise SpecError(f"sampled bar {s} is outside 0..{n - 1}", hint="count bars from 0")
        if states[s] == "dropped":
            raise SpecError(f"sampled bar {s} is not among the kept bars", hint="sample a kept bar")
        states[s] = "sampled"
    return states


def _fmt(template: str, **kw) -> str:
    for k, v in kw.items():
        template = template.replace("{" + k + "}", str(v))
    return template


def shown_values(spec, n: int) -> set[int]:
    """Bar indices whose value is printed: ``true`` (all), a count n (the first n) or a list of indices."""
    if spec is None or spec is False:
        return set()
    if spec is True:
        return set(range(n))
    if isinstance(spec, (int, float)):
        return set(range(min(int(spec), n)))
    if isinstance(spec, list):
        out = set()
        for i in spec:
            if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < n:
                raise SpecError(f"show_values names bar {i!r}, not one of 0..{n - 1}", hint="count bars from 0")
            out.add(i)
        return out
    raise SpecError(f"show_values is {spec!r}", hint="true, a number of leading bars, or a list of bar indices")


def slot_positions(n: int, gaps) -> tuple[list[int], list[int]]:
    """Slot of each of ``n`` bars when a "…" slot precedes every bar index in ``gaps``; and the gap slots."""
    gaps = sorted(set(int(g) for g in (gaps or [])))
    for g in gaps:
        if not 0 <= g <= n:
            raise SpecError(f"gap before bar {g} is outside 0..{n}", hint="a gap index is the bar it precedes")
    slots, gap_slots, shift = [], [], 0
    for i in range(n + 1):
        if i in gaps:
            gap_slots.append(i + shift)
            shift += 1
        if i < n:
            slots.append(i + shift)
    return slots, gap_slots


def _path_value(result, path: str, key: str = "sampled_from"):
    cur = result
    for part in str(path).split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and part.lstrip("-").isdigit() and -len(cur) <= int(part) < len(cur):
            cur = cur[int(part)]
        else:
            raise SpecError(f"{key}: '{path}' does not lead to a value of the computation",
                            hint="a dotted path into the result, such as ids.0 or probs")
    return cur


def draw_bar(cv: Canvas, ctx, r: Rect, state: str, outline: str, fills: dict | None = None):
    """One bar (or legend swatch) in its state's look."""
    stroke = ctx.color(outline)
    cv.rect(r, Paint(fill=ctx.color((fills or {}).get(state, FILL[state]))))
    if state == "dropped":
        grey = ctx.color("grey-3")
        for xa, ya, xb, yb in hatch_segments(r, inset=HATCH_WIDTH * 0.36):
            cv.path([("M", xa, ya), ("L", xb, yb)], Paint(stroke=grey, stroke_width=HATCH_WIDTH))
    cv.rect(r, Paint(fill="none", stroke=stroke, stroke_width=1.5))


def make(node, ctx):
    check_data(node, KEYS, "bars")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    args = localized(dict(node.get("args") or {}), ctx.lang)
    raw = computed(node, ctx)
    res = raw if isinstance(raw, dict) else {}
    values = data.get("values", args.get("probs"))
    if data.get("values_from"):
        values = _path_value(raw, data["values_from"], "values_from")
    if values is None and isinstance(raw, list):  # e.g. lm.softmax: the computed distribution itself
        values = raw
    if not values:
        raise SpecError("a bar chart needs values", hint="give `data.values` or compute over `args.probs`")
    if not isinstance(values, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                               for v in values):
        raise SpecError(f"the bar heights must be a list of numbers, not {values!r}"[:200],
                        hint="give `data.values`, `args.probs` or `values_from:` a path to a list of numbers")
    values = [float(v) for v in values]
    n = len(values)
    sampled = res.get("sampled", data.get("sampled"))
    if data.get("sampled_from"):
        sampled = _path_value(res, data["sampled_from"])
    states = bar_states(n, res.get("kept"), sampled)
    fills = dict(data.get("fills") or {})
    for st in fills:
        if st not in STATES:
            raise SpecError(f"fills names the state '{st}'", hint="kept, sampled or dropped")
    tokens = [str(t) for t in (data.get("tokens") or [])]
    if tokens and len(tokens) != n:
        raise SpecError(f"{len(tokens)} token labels for {n} bars", hint="give one token per bar")
    k = sum(s != "dropped" for s in states)

    bw = float(data.get("bar_width", 36))
    height = float(data.get("height", 440))
    lead = float(data.get("lead", 60))
    scale = height / max(max(values), 1e-12)
    ink = ctx.color("ink")
    accent = ctx.color(ACCENT)
    label_colors = {s: ctx.color((data.get("label_colors") or {}).get(s, LABEL_COLOR[s])) for s in STATES}
    cv = Canvas()

    from diagrams.layout.templates import fill as fill_template

    def filled(text) -> str:
        return fill_template(_fmt(str(text), k=k), raw, args, ctx.lang)

    slots, gap_slots = slot_positions(n, data.get("gaps"))
    n_slots = n + len(gap_slots)
    shown = shown_values(data.get("show_values"), n)
    value_format = data.get("value_format", ".2f")
    try:
        check_number_format(value_format, "value_format", sample=0.5)
    except SpecError as exc:
        line, col = data_where(node, "value_format")
        raise exc.located(line=line, col=col)
    value_size = float(data.get("value_size", 13))
    value_color = ctx.color(data.get("value_color", "grey-4"))
    bars = []
    for i, (v, st) in enumerate(zip(values, states)):
        h = v * scale
        gap = float(data.get("bar_gap", 0))
        r = Rect(lead + slots[i] * bw + gap / 2, -h, bw - gap, h)
        bars.append(r)
        draw_bar(cv, ctx, r, st, OUTLINE, fills)
        cv.part(f"bar{i}", r)
        if i in shown:
            cv.text(typographic(format(v, value_format)), size=value_size, color=value_color,
                    at=(r.cx, r.y - value_size * 0.8))
        elif shown and data.get("value_more"):
            cv.text(str(data["value_more"]), size=value_size, color=value_color, at=(r.cx, r.y - value_size * 0.8))
    gap_color = ctx.color(data.get("gap_color", "grey-3"))
    for g in gap_slots:
        cv.text(str(data.get("gap_text", "...")), size=15, bold=True, color=gap_color,
                at=(lead + g * bw + bw / 2, -12))
    mark = data.get("mark")
    if mark is not None and mark is not False:
        spec = mark if isinstance(mark, dict) else {"bar": mark}
        which = spec.get("bar", "max")
        path = ("mark", "bar") if isinstance(mark, dict) else ("mark",)
        if which is True or which == "max":
            bi = max(range(n), key=lambda j: values[j])
        elif isinstance(which, int) and not isinstance(which, bool):
            bi = which
        else:
            raise data_error(node, f"mark names the bar {which!r}, which is neither a bar index nor max", *path,
                             hint=f"a bar index 0..{n - 1}, max (the highest bar) or true")
        if not 0 <= bi < n:
            raise data_error(node, f"mark names bar {bi}, not one of 0..{n - 1}", *path,
                             hint="count bars from 0, or use max")
        r = bars[bi]
        size = 24.0
        cv.icon(str(spec.get("icon", "circle-check")), Rect(r.right + 5, r.y - size * 0.45, size, size),
                ctx.color(spec.get("color", "cyan")))
    end = lead + n_slots * bw
    more = bool(data.get("more"))
    grey = ctx.color("grey-3")
    if more:
        cv.text("...", size=15, color=grey, at=(end + 22, -12))

    # axes
    axis_end = end + float(data.get("axis_tail", 85))
    top = -(height + float(data.get("axis_head", 60)))
    cv.arrow(0, 0, axis_end, 0, ctx.color("black"), width=1.5, head=14)
    cv.arrow(0, 0, 0, top, ctx.color("black"), width=1.5, head=14)
    axis_size = float(data.get("axis_font_size", 19))
    if data.get("x_label"):
        cv.text(str(data["x_label"]), size=axis_size, color=ink, at=(axis_end + 12, 0), anchor="start")
    if data.get("y_label"):
        from diagrams.text.rich import layout as layout_text

        yl = layout_text(str(data["y_label"]), axis_size)
        side = data.get("y_label_side", "left")
        if side == "right":
            cv.text(yl, Rect(14, top - 4, yl.width, yl.height))
        elif side == "left":
            cv.text(yl, Rect(22 - yl.width, top - 8 - yl.height, yl.width, yl.height))
        else:
            raise data_error(node, f"y_label_side is {side!r}", "y_label_side", hint="left or right")

    # token labels, shrunk to the bar width
    label_size = float(data.get("label_size", 18))
    label_y = float(data.get("label_gap", 28))
    for r, tok, st in zip(bars, tokens, states):
        if not tok:
            continue
        size = min(label_size, label_size * (bw - 3) / max(fonts.text_width(tok, label_size), 1e-6))
        cv.text(tok, size=size, color=label_colors[st], at=(r.cx, label_y))
    if more and tokens:
        cv.text("...", size=label_size, color=ink, at=(end + 22, label_y))

    kept_ix = [i for i, s in enumerate(states) if s != "dropped"]
    brace_top = None
    if data.get("brace") and kept_ix:
        a, b = bars[kept_ix[0]], bars[kept_ix[-1]]
        tallest = min(bars[i].y for i in kept_ix)
        bh = 14.0
        brace_top = tallest - 18 - bh
        x0, x1, m, y = a.x, b.right, (a.x + b.right) / 2, brace_top
        cv.path([("M", x0, y + bh), ("Q", x0, y + bh / 2, x0 + bh / 2, y + bh / 2), ("L", m - bh / 2, y + bh / 2),
                 ("Q", m, y + bh / 2, m, y), ("Q", m, y + bh / 2, m + bh / 2, y + bh / 2),
                 ("L", x1 - bh / 2, y + bh / 2), ("Q", x1, y + bh / 2, x1, y + bh)],
                Paint(stroke=accent, stroke_width=1.8))
        label = filled(data["brace"])
        note = filled(data.get("brace_note", ""))
        bsize = float(data.get("brace_size", 18))
        base_y = brace_top - 4 - bsize
        lab = cv.text(label, size=bsize, color=accent, at=(m, base_y))
        if note:
            cv.text(note, size=float(data.get("brace_note_size", 23)), bold=True, color=accent,
                    at=(lab.right + 6, lab.y + lab.h / 2), anchor="start")
        brace_top = lab.y

    if data.get("cut_label") and kept_ix and len(kept_ix) < n:
        last = bars[kept_ix[-1]]
        y0 = (brace_top + 45) if brace_top is not None else last.y - 140
        y0 = min(y0, last.y - 40)
        cv.line(last.right, y0, last.right, last.y, ink, width=1.4, dash="1.5 3")
        cv.text(filled(data["cut_label"]), size=20, color=grey, at=(last.right + 8, last.y - 32), anchor="start")

    sampled_ix = [i for i, s in enumerate(states) if s == "sampled"]
    if data.get("callout"):
        from diagrams.text.rich import layout as layout_text

        block = layout_text(filled(data["callout"]), 17, wrap=data.get("callout_wrap"))
        pad_x, pad_y = 22.0, 9.0
        anchor_bar = bars[sampled_ix[0]] if sampled_ix else bars[0]
        right_of = bars[kept_ix[-1]].right if kept_ix else anchor_bar.right
        bx = right_of + float(data.get("callout_dx", 155))
        by = (brace_top if brace_top is not None else anchor_bar.y - 120) + float(data.get("callout_dy", 8))
        box = Rect(bx, by, block.width + 2 * pad_x, block.height + 2 * pad_y)
        tip_dx, tip_dy = (float(v) for v in (data.get("callout_tip") or (0, 0)))
        tip = (anchor_bar.right - 2 + tip_dx, anchor_bar.y - 19 + tip_dy)
        rad = 10.0
        x, y, R, B = box.x, box.y, box.right, box.bottom
        cv.path([("M", x + rad, y), ("L", R - rad, y), ("Q", R, y, R, y + rad), ("L", R, B - rad),
                 ("Q", R, B, R - rad, B), ("L", x + 26, B), ("L", tip[0], tip[1]), ("L", x, B - 16),
                 ("L", x, y + rad), ("Q", x, y, x + rad, y), ("Z",)],
                Paint(fill=ctx.color(data.get("callout_fill", "cream")), stroke=ink, stroke_width=1.1))
        cv.text(block, Rect(box.x + pad_x, box.y + pad_y, block.width, block.height), color=ink, owner=box)

    legend = data.get("legend") or {}
    items = [(s, str(legend[s])) for s in STATES if legend.get(s)]
    if items:
        from diagrams.text.rich import layout as layout_text

        sw, gap, pad = 36.0, 14.0, 14.0
        blocks = [layout_text(f":  {t}", 17) for _, t in items]
        title = layout_text(str(data["legend_title"]), 18, bold=True) if data.get("legend_title") else None
        inner_w = max([sw + 12 + b.width for b in blocks] + [title.width if title else 0])
        inner_h = len(items) * sw + (len(items) - 1) * gap + (title.height + 8 if title else 0)
        lw, lh = inner_w + 2 * pad, inner_h + 2 * pad
        lx = end + float(data.get("legend_dx", 45))
        ly = -float(data.get("legend_dy", 62)) - lh
        frame = Rect(lx, ly, lw, lh)
        cv.rect(frame, Paint(fill=ctx.color("grey-1"), stroke=ctx.color("grey-4"), stroke_width=1.2), radius=10)
        cv.part("legend", frame)
        y = ly + pad
        if title:
            cv.text(title, Rect(lx, y, lw, title.height), color=ink, owner=frame)
            y += title.height + 8
        for (st, _), b in zip(items, blocks):
            sq = Rect(lx + pad, y, sw, sw)
            draw_bar(cv, ctx, sq, st, "grey-4", fills)
            cv.text(b, Rect(sq.right + 12, y, b.width, sw), align="left", color=ink, owner=frame)
            y += sw + gap
    return cv.block(node)
