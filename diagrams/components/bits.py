"""Bit layouts of number formats: one row of coloured cells per format, drawn from ``diagrams.numeric``.

The node names a computation that returns one layout per format (``formats.float_layouts``,
``formats.int_layouts``): a dict with ``name``, ``bits`` and ``<segment>_bits`` for the segments
sign, exponent, fraction and value (and for ranges ``min``/``max`` or a set of ``values``). Every bit
count, dimension label and range the figure shows comes from there; the spec only picks rows and words::

    floats:
      component: bits
      compute: formats.float_layouts
      data:
        rows: [FP64, FP32, [INT2, TWN]]      # default: every computed layout, in order
        labels: {FP64: "FP64\\n(double)"}      # default: the format name; (…) is drawn regular, the rest bold
        align: fraction                      # rows share the x where this segment starts (dotted guide)
        fold: [24, 12]                       # longer rows: first 24 bits, a wavy "……" break, last 12 bits
        ranges: true                         # [min, max] or {values} right of each row (not folded ones)
        header: {exponent: {title: Exponent, note: Range(min~max)}}   # words over the segments

Parts for edges: ``<node>.<FORMAT>`` (a row's cells, non-alphanumerics as ``_``) and
``<node>.<FORMAT>.<segment>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from diagrams.components import computed
from diagrams.components._base import DrawnBlock
from diagrams.errors import SpecError
from diagrams.layout.shapes import DASHES, arrowhead
from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape, TextItem
from diagrams.text import fonts
from diagrams.components.table import typographic
from diagrams.theme import suggest

SEGMENTS = ("sign", "exponent", "fraction", "value")

# Palette names of templates/theme.yaml: cell fill and outline, header title and span arrow.
SEGMENT_COLORS = {
    "sign": {"fill": "coral", "stroke": "moss", "title": "bright-red", "arrow": "bright-red"},
    "exponent": {"fill": "orange-tint", "stroke": "orange", "title": "rust", "arrow": "orange"},
    "fraction": {"fill": "blue-tint", "stroke": "blue", "title": "steel-blue", "arrow": "blue"},
    "value": {"fill": "leaf-tint", "stroke": "leaf", "title": "dark-leaf", "arrow": "leaf"},
}
SIGN_STROKE_WIDTH = 1.6     # the sign cell is outlined a little bolder, as in the originals
CELL_STROKE_WIDTH = 1.2

DEFAULTS = {
    "cell": [20, 38],        # one bit: width, height (px)
    "row_gap": 16,           # between a row's cells and the next row's dimension labels
    "label_gap": 14,         # between a row's name and its first cell
    "label_width": 0,        # at least this much room left of the leftmost row (aligns several groups)
    "range_gap": 24,         # between a row's last cell and its range
    "range_overhang": 30,    # a range may reach this far past the widest row before it wraps after ", "
    "fold_gap": 2.2,         # width of the break, in cells
    "sizes": {"label": 16, "dim": 12.5, "range": 16, "title": 22, "note": 13},
    "unit": {"one": "{n} bit", "many": "{n} bits"},
    "range_format": "{:.4g}",
    "ink": "ink",
    "muted": "warm-grey",    # dimension arrows, their labels, header notes
    "guide": "silver",       # the dotted alignment line
}
KEYS = {"rows", "labels", "align", "fold", "ranges", "header", "guide", "colors", *DEFAULTS}
ROW_KEYS = {"format", "label", "range"}
HEADER_KEYS = {"title", "note"}
COLOR_KEYS = {"fill", "stroke", "title", "arrow"}
_PAREN = re.compile(r"([(（][^)）]*[)）])")
_PART = re.compile(r"[^A-Za-z0-9_]+")
_UNIT = re.compile(r"^[^{}]*\{n\}[^{}]*$")
_NUMBER_FORMAT = re.compile(r"^[^{}]*\{:[^{}]*\}[^{}]*$")

ASCENT = 0.86                # cap-to-baseline share of the em for text boxes (as layout/text.py)
DIM_ARROW = 6.0              # arrowhead length of dimension arrows
HEAD_ARROW = 7.5


@dataclass
class Seg:
    name: str
    bits: int
    cells: list = field(default_factory=list)   # x of each drawn cell (row-local)
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class Row:
    part: str
    formats: list                 # the layouts shown by this row (the first gives the bits)
    label: str
    range_text: list              # lines
    segs: list
    width: float = 0.0
    fold: tuple | None = None     # (x, w, segment) of the break
    x: float = 0.0                # left of the first cell (block-local, before the final shift)
    y: float = 0.0                # top of the cells
    dim_sizes: list = field(default_factory=list)
    label_w: float = 0.0
    label_widths: list = field(default_factory=list)
    range_x: float = 0.0
    range_lines: list = field(default_factory=list)   # per format shown: its lines


def _err(msg, node, where=None, hint=None):
    line, col = where if where else node.where("data")
    return SpecError(msg, line=line, col=col, hint=hint)


def _where(container, key, node):
    if hasattr(container, "where"):
        return container.where(key)
    return node.where("data")


def _part(name: str) -> str:
    return _PART.sub("_", str(name)).strip("_") or "row"


def segments_of(layout: dict) -> list[tuple[str, int]]:
    """[(segment, bits)] of one layout, left to right, without empty segments."""
    segs = [(s, int(layout[f"{s}_bits"])) for s in SEGMENTS if f"{s}_bits" in layout]
    segs = [(s, n) for s, n in segs if n > 0]
    return segs


def format_range(layout: dict, fmt: str = "{:.4g}") -> str | None:
    """``[min, max]``, or ``{a, b, …}`` when the layout lists its values (positive ones signed)."""
    values = layout.get("values")
    if values:
        return "{" + ", ".join(f"+{v}" if v > 0 else typographic(str(v)) for v in values) + "}"
    if "min" not in layout or "max" not in layout:
        return None

    def one(v):
        return typographic(str(v) if isinstance(v, int) else fmt.format(v))

    return f"[{one(layout['min'])}, {one(layout['max'])}]"


def _runs(line: str):
    """A label line as (text, bold) runs: parenthesised parts regular, the rest bold."""
    out = []
    for i, part in enumerate(_PAREN.split(line)):
        if part:
            out.append((part, i % 2 == 0))
    return out


def _text_w(text: str, size: float, bold: bool = False) -> float:
    return fonts.text_width(text, size, bold)


class _Opts:
    """The node's data merged over the defaults, checked key by key."""

    def __init__(self, node, ctx):
        data = node.get("data") or {}
        if not isinstance(data, dict):
            raise _err("data of a bits component must be a mapping", node)
        for key in data:
            if key not in KEYS:
                raise _err(f"unknown key '{key}' in data of component bits", node, _where(data, key, node),
                           suggest(key, sorted(KEYS), "one of the documented keys"))
        self.data = data
        self.node = node
        self.ctx = ctx
        get = lambda k: data.get(k, DEFAULTS.get(k))  # noqa: E731
        for key in ("row_gap", "label_gap", "label_width", "range_gap", "range_overhang", "fold_gap"):
            if not isinstance(get(key), (int, float)) or isinstance(get(key), bool) or not 0 <= get(key) <= 2000:
                raise _err(f"data.{key} must be a number of px (0–2000)", node, _where(data, key, node))
        cell = get("cell")
        if not (isinstance(cell, list) and len(cell) == 2 and all(isinstance(v, (int, float)) and 2 <= v <= 400
                                                                  for v in cell)):
            raise _err("data.cell must be [width, height] of one bit in px", node, _where(data, "cell", node),
                       "e.g. cell: [20, 38]")
        for key in ("sizes", "unit", "colors", "header", "labels"):
            if key in data and not isinstance(data[key], dict):
                raise _err(f"data.{key} must be a mapping", node, _where(data, key, node))
        for key, v in (data.get("sizes") or {}).items():
            if key not in DEFAULTS["sizes"] or not isinstance(v, (int, float)) or not 4 <= v <= 200:
                raise _err(f"data.sizes.{key} must be a font size in px for one of "
                           + ", ".join(DEFAULTS["sizes"]), node, _where(data["sizes"], key, node))
        self.cw, self.ch = float(cell[0]), float(cell[1])
        self.row_gap = float(get("row_gap"))
        self.label_gap = float(get("label_gap"))
        self.label_width = float(get("label_width"))
        self.range_gap = float(get("range_gap"))
        self.range_overhang = float(get("range_overhang"))
        self.fold_gap = float(get("fold_gap"))
        self.sizes = {**DEFAULTS["sizes"], **(data.get("sizes") or {})}
        unit = {**DEFAULTS["unit"], **(data.get("unit") or {})}
        self.unit = {k: ctx.tr(v) for k, v in unit.items()}
        if set(self.unit) != {"one", "many"} or not all(_UNIT.match(v) for v in self.unit.values()):
            raise _err("data.unit must be {one: ..., many: ...}, each with {n} once", node,
                       _where(data, "unit", node), 'e.g. unit: {one: "{n} bit", many: "{n} bits"}')
        self.range_format = str(get("range_format"))
        try:
            if not _NUMBER_FORMAT.match(self.range_format):
                raise ValueError
            from diagrams.components.table import check_number_format

            check_number_format(self.range_format, "data.range_format")
            self.range_format.format(1.5)
        except SpecError as exc:
            line, col = _where(data, "range_format", node)
            raise exc.located(file=ctx.file, line=line, col=col)
        except (ValueError, IndexError, KeyError):
            raise _err(f"data.range_format '{self.range_format}' is not one number format", node,
                       _where(data, "range_format", node), 'e.g. range_format: "{:.4g}"') from None
        self.ranges = bool(data.get("ranges", False))
        self.align = data.get("align")
        if self.align is not None and self.align not in SEGMENTS:
            raise _err(f"align is '{self.align}', which is not a segment", node, _where(data, "align", node),
                       suggest(self.align, SEGMENTS, "one of " + ", ".join(SEGMENTS)))
        fold = data.get("fold")
        if fold is not None:
            if not (isinstance(fold, list) and len(fold) == 2 and all(isinstance(v, int) and v > 0 for v in fold)):
                raise _err("fold must be [head, tail]: how many leading and trailing bits a long row shows", node,
                           _where(data, "fold", node), "e.g. fold: [24, 12]")
            fold = (int(fold[0]), int(fold[1]))
        self.fold = fold
        self.colors = {}
        user_colors = data.get("colors") or {}
        for seg in SEGMENTS:
            spec = user_colors.get(seg) or {}
            for key in spec:
                if key not in COLOR_KEYS:
                    raise _err(f"unknown key '{key}' in colors.{seg}", node, _where(spec, key, node),
                               suggest(key, sorted(COLOR_KEYS), "fill, stroke, title or arrow"))
            merged = {**SEGMENT_COLORS[seg], **spec}
            self.colors[seg] = {k: self._color(v, ("colors", seg, k)) for k, v in merged.items()}
        for seg in user_colors:
            if seg not in SEGMENTS:
                raise _err(f"unknown segment '{seg}' in colors", node, _where(user_colors, seg, node),
                           suggest(seg, SEGMENTS, "one of " + ", ".join(SEGMENTS)))
        self.ink = self._color(get("ink"), ("ink",))
        self.muted = self._color(get("muted"), ("muted",))
        guide = data.get("guide", True)
        self.guide = None if guide is False or self.align is None else self._color(
            DEFAULTS["guide"] if guide is True else guide, ("guide",))
        header = data.get("header") or {}
        self.header = {}
        for seg, spec in header.items():
            if seg not in SEGMENTS:
                raise _err(f"unknown segment '{seg}' in header", node, _where(header, seg, node),
                           suggest(seg, SEGMENTS, "one of " + ", ".join(SEGMENTS)))
            if not isinstance(spec, dict) or set(spec) - HEADER_KEYS:
                raise _err(f"header.{seg} must be {{title: ..., note: ...}}", node, _where(header, seg, node))
            self.header[seg] = {"title": ctx.tr(spec.get("title")), "note": ctx.tr(spec.get("note"))}

    def _color(self, value, path):
        try:
            return self.ctx.color(value)
        except SpecError as exc:
            raise _err(f"data.{'.'.join(path)}: {exc.message}", self.node, hint=exc.hint) from None


def _select_rows(opts: _Opts, layouts: list) -> list:
    """[(formats, label, range_flag)] from data.rows (default: every layout) and data.labels."""
    node, data, ctx = opts.node, opts.data, opts.ctx
    by_name = {str(lay["name"]): lay for lay in layouts}
    labels = data.get("labels") or {}
    for key in labels:
        if str(key) not in by_name:
            raise _err(f"labels names an unknown format '{key}'", node, _where(labels, key, node),
                       suggest(key, by_name, "a format the computation returns"))
    rows = data.get("rows")
    if rows is None:
        rows = list(by_name)
    if not isinstance(rows, list) or not rows:
        raise _err("rows must be a list of format names", node, _where(data, "rows", node))
    out = []
    for i, item in enumerate(rows):
        where = _where(rows, i, node)
        spec = item if isinstance(item, dict) else {"format": item}
        extra = set(spec) - ROW_KEYS
        if extra:
            key = sorted(extra)[0]
            raise _err(f"unknown key '{key}' in rows[{i}]", node, where,
                       suggest(key, sorted(ROW_KEYS), "format, label or range"))
        names = spec.get("format")
        names = [names] if not isinstance(names, list) else names
        if not names:
            raise _err(f"rows[{i}] names no format", node, where)
        chosen = []
        for name in names:
            if str(name) not in by_name:
                raise _err(f"rows[{i}] names an unknown format '{name}'", node, where,
                           suggest(name, by_name, "a format the computation returns"))
            chosen.append(by_name[str(name)])
        first = str(names[0])
        if "label" in spec:
            label = ctx.tr(spec["label"])
        elif first in labels:
            label = ctx.tr(labels[first])
        else:
            label = "\n/ ".join(str(n) for n in names)
        out.append((chosen, label, spec.get("range")))
    return out


def _plan_row(opts: _Opts, formats: list, label: str, show_range) -> Row:
    lay = formats[0]
    segs = segments_of(lay)
    total = sum(n for _, n in segs)
    if total != int(lay["bits"]):
        raise SpecError(f"layout {lay['name']}: segments add up to {total} bits, not {lay['bits']}",
                        hint="fix the computation in diagrams/numeric")
    cw = opts.cw
    fold = None
    head = tail = None
    if opts.fold and total > opts.fold[0] + opts.fold[1] + opts.fold_gap:
        head, tail = opts.fold
    plan = []
    bit = 0
    x = 0.0
    for name, n in segs:
        seg = Seg(name, n)
        for _ in range(n):
            if head is not None and bit == head:
                fold = (x, opts.fold_gap * cw, name)
                x += opts.fold_gap * cw
            if head is None or bit < head or bit >= total - tail:
                seg.cells.append(x)
                x += cw
            bit += 1
        plan.append(seg)
    for seg in plan:  # a segment's span covers the break when the break falls inside it
        if seg.cells:
            seg.x0, seg.x1 = min(seg.cells), max(seg.cells) + cw
        else:  # every bit of it folded away: it spans the break
            seg.x0, seg.x1 = fold[0], fold[0] + fold[1]
    folded = fold is not None
    show = (not folded) if show_range is None else bool(show_range)
    lines = []
    if opts.ranges and show:
        texts = []
        for f in formats:
            t = format_range(f, opts.range_format)
            if t is None:
                continue
            texts.append(t if len(formats) == 1 else f"{f['name']} : {t}")
        lines = texts
    return Row(part=_part(lay["name"]), formats=formats, label=label, range_text=lines, segs=plan, width=x,
               fold=fold)


def _dim_label(opts: _Opts, n: int) -> str:
    return (opts.unit["one"] if n == 1 else opts.unit["many"]).format(n=n)


def _dim_sizes(opts: _Opts, row: Row) -> list[float]:
    """Font size of each segment's dimension label: shrunk where neighbours would touch (min 8 px)."""
    base = float(opts.sizes["dim"])
    sizes = [base] * len(row.segs)
    for i in range(len(row.segs) - 1):
        a, b = row.segs[i], row.segs[i + 1]
        wa = _text_w(_dim_label(opts, a.bits), base)
        wb = _text_w(_dim_label(opts, b.bits), base)
        room = (b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2 - 3
        need = (wa + wb) / 2
        if need > room:
            s = max(8.0, base * room / need)
            sizes[i] = min(sizes[i], s)
            sizes[i + 1] = min(sizes[i + 1], s)
    return sizes


def _spread(items: list, gap: float) -> None:
    """Items [cx, w] in left-to-right order: push overlapping neighbours apart, half each."""
    for _ in range(len(items)):
        moved = False
        for a, b in zip(items, items[1:]):
            over = (a[0] + a[1] / 2 + gap) - (b[0] - b[1] / 2)
            if over > 0.01:
                a[0] -= over / 2
                b[0] += over / 2
                moved = True
        if not moved:
            break


class BitsBlock(DrawnBlock):
    """Measured up front in block-local coordinates; ``paint`` translates everything."""

    def __init__(self, node, ctx):
        opts = _Opts(node, ctx)
        if not node.get("compute"):
            raise _err("component bits needs `compute:` naming the layouts to draw", node,
                       hint="e.g. compute: formats.float_layouts or formats.int_layouts")
        layouts = computed(node, ctx)
        if not isinstance(layouts, list) or not all(isinstance(v, dict) and "name" in v and "bits" in v
                                                    for v in layouts):
            raise _err(f"computation '{node.get('compute')}' does not return bit layouts", node,
                       node.where("compute"), "use formats.float_layouts or formats.int_layouts")
        self.opts = opts
        self.rows = [_plan_row(opts, f, label, rng) for f, label, rng in _select_rows(opts, layouts)]
        self._layout()
        super().__init__(node, self.w, self.h, self._paint_all)

    # ---- measuring -------------------------------------------------------------------------------
    def _layout(self):
        o = self.opts
        sz = o.sizes
        # horizontal: align rows on a segment boundary, or on their left edges
        pre = []
        for row in self.rows:
            seg = next((s for s in row.segs if s.name == o.align), None)
            pre.append(seg.x0 if seg is not None else None)
        anchor = max((p for p in pre if p is not None), default=0.0)
        for row, p in zip(self.rows, pre):
            row.x = anchor - p if p is not None else 0.0
        self.boundary = anchor if o.align is not None and any(p is not None for p in pre) else None
        # vertical: header, then per row a band of dimension labels above the cells
        y = 0.0
        self.header_items = []
        if o.header:
            y = self._layout_header()
        dim_band = float(sz["dim"]) + 10
        for row in self.rows:
            row.dim_sizes = _dim_sizes(o, row)
            row.y = y + dim_band
            y = row.y + o.ch + o.row_gap
        self.rows_bottom = self.rows[-1].y + o.ch if self.rows else 0.0
        # labels: one centre line, as far right as every row allows
        lsize = float(sz["label"])
        self.label_lines = []
        for row in self.rows:
            lines = row.label.split("\n")
            widths = [sum(_text_w(t, lsize, b) for t, b in _runs(ln)) for ln in lines]
            row.label_w = max(widths, default=0.0)
            row.label_widths = widths
        cx = min((r.x - o.label_gap - r.label_w / 2 for r in self.rows), default=0.0)
        self.label_cx = cx
        # ranges
        rsize = float(sz["range"])
        widest = max((r.x + r.width for r in self.rows), default=0.0)
        limit = widest + o.range_overhang
        for row in self.rows:
            row.range_x = row.x + row.width + o.range_gap
            lines = []
            if len(row.range_text) == 1:
                text = row.range_text[0]
                if row.range_x + _text_w(text, rsize) > limit and ", " in text:
                    head, _, tail = text.partition(", ")
                    lines = [head + ",", tail]
                else:
                    lines = [text]
                row.range_lines = [lines]
            else:
                row.range_lines = [[t] for t in row.range_text]
        # extents
        left = min([cx - r.label_w / 2 for r in self.rows] + [0.0])
        if o.label_width:
            left = min(left, -o.label_width)
        right = widest
        for row in self.rows:
            right = max(right, self._range_right(row))
        for it in self.header_items:
            left = min(left, it["cx"] - it["w"] / 2)
            right = max(right, it["cx"] + it["w"] / 2)
        top = -8.0 if self.guide_visible else 0.0
        bottom = self.rows_bottom + (8.0 if self.guide_visible else 0.0)
        self.dx, self.dy = -left, -top
        self.w, self.h = right - left, bottom - top

    @property
    def guide_visible(self) -> bool:
        return self.opts.guide is not None and self.boundary is not None

    def _range_right(self, row) -> float:
        rsize = float(self.opts.sizes["range"])
        gap = 3 * rsize
        x = row.range_x
        right = x
        for lines in row.range_lines:
            w = max(_text_w(t, rsize) for t in lines)
            right = x + w
            x += w + gap
        return right

    def _layout_header(self) -> float:
        """Titles, notes and span arrows over each named segment, at its widest drawn extent."""
        o = self.opts
        sz = o.sizes
        tsize, nsize = float(sz["title"]), float(sz["note"])
        spans = {}
        for row in self.rows:
            for s in row.segs:
                x0, x1 = row.x + s.x0, row.x + s.x1
                if s.name not in spans or x1 - x0 > spans[s.name][1] - spans[s.name][0]:
                    spans[s.name] = (x0, x1)
        order = [s for s in SEGMENTS if s in o.header and s in spans]
        has_note = any(o.header[s]["note"] for s in order)
        titles = [[(spans[s][0] + spans[s][1]) / 2, _text_w(o.header[s]["title"], tsize, True)] for s in order]
        notes = [[(spans[s][0] + spans[s][1]) / 2, _text_w(o.header[s]["note"], nsize)] for s in order]
        _spread(titles, tsize * 0.5)
        _spread(notes, nsize)
        title_base = tsize * ASCENT + 2
        note_base = title_base + tsize * 0.35 + nsize * 1.4
        arrow_y = (note_base if has_note else title_base + tsize * 0.35) + 26
        self.header_arrows = []
        for s, t, n in zip(order, titles, notes):
            h = o.header[s]
            if h["title"]:
                self.header_items.append({"text": h["title"], "cx": t[0], "w": t[1], "base": title_base,
                                          "size": tsize, "bold": True, "color": o.colors[s]["title"]})
            if h["note"]:
                self.header_items.append({"text": h["note"], "cx": n[0], "w": n[1], "base": note_base,
                                          "size": nsize, "bold": False, "color": o.muted})
            self.header_arrows.append((spans[s][0], spans[s][1], arrow_y, o.colors[s]["arrow"]))
        return arrow_y + 26

    # ---- drawing ---------------------------------------------------------------------------------
    def _paint_all(self, ctx, ox, oy):
        o = self.opts
        X = lambda v: ox + self.dx + v  # noqa: E731
        Y = lambda v: oy + self.dy + v  # noqa: E731
        add = ctx.scene.add
        for it in self.header_items:
            self._text(ctx, it["text"], X(it["cx"]), Y(it["base"]), it["size"], it["color"], it["bold"], "middle")
        for x0, x1, y, color in getattr(self, "header_arrows", []):
            self._arrow(ctx, X(x0), X(x1), Y(y), color, 1.4, HEAD_ARROW)
        for row in self.rows:
            self._paint_row(ctx, row, X, Y)
        if self.guide_visible:
            x = X(self.boundary)
            add(Shape("path", Paint(stroke=o.guide, stroke_width=1.8, dash=DASHES["dotted"]),
                      d=f"M{num(x)} {num(Y(-8))}V{num(Y(self.rows_bottom + 8))}"))

    def _paint_row(self, ctx, row: Row, X, Y):
        o = self.opts
        add = ctx.scene.add
        top = row.y
        x0 = row.x
        for seg in row.segs:
            col = o.colors[seg.name]
            width = SIGN_STROKE_WIDTH if seg.name == "sign" else CELL_STROKE_WIDTH
            paint = Paint(fill=col["fill"], stroke=col["stroke"], stroke_width=width)
            for cx in seg.cells:
                add(Shape("rect", paint, rect=Rect(X(x0 + cx), Y(top), o.cw, o.ch)))
        if row.fold is not None:
            fx, fw, seg_name = row.fold
            col = o.colors[seg_name]
            d = _break_path(X(x0 + fx), Y(top), fw, o.ch)
            add(Shape("path", Paint(fill=col["fill"], stroke=col["stroke"], stroke_width=2.0), d=d))
            self._text(ctx, "… …", X(x0 + fx + fw / 2), Y(top + o.ch / 2 + 4), 11, col["stroke"], False, "middle")
        rect = Rect(X(x0), Y(top), row.width, o.ch)
        name = f"{self.node.id}.{row.part}"
        ctx.placed[name] = rect
        # dimension arrows and labels
        arrow_y = top - 6
        for seg, size in zip(row.segs, row.dim_sizes):
            ctx.placed[f"{name}.{seg.name}"] = Rect(X(x0 + seg.x0), Y(top), seg.x1 - seg.x0, o.ch)
            self._arrow(ctx, X(x0 + seg.x0), X(x0 + seg.x1), Y(arrow_y), o.muted, 1.1, DIM_ARROW)
            self._text(ctx, _dim_label(o, seg.bits), X(x0 + (seg.x0 + seg.x1) / 2), Y(arrow_y - 4), size,
                       o.muted, False, "middle")
        # the name, centred on the common label line, parenthesised parts regular
        lsize = float(o.sizes["label"])
        lines = row.label.split("\n")
        pitch = lsize * 1.3
        first_base = top + o.ch / 2 - pitch * (len(lines) - 1) / 2 + lsize * 0.35
        for i, (line, w) in enumerate(zip(lines, row.label_widths)):
            x = self.label_cx - w / 2
            for text, bold in _runs(line):
                self._text(ctx, text, X(x), Y(first_base + i * pitch), lsize, o.ink, bold, "start")
                x += _text_w(text, lsize, bold)
        # ranges
        rsize = float(o.sizes["range"])
        x = row.range_x
        for lines in row.range_lines:
            w = max(_text_w(t, rsize) for t in lines)
            pitch = rsize * 1.3
            base = top + o.ch / 2 - pitch * (len(lines) - 1) / 2 + rsize * 0.35
            for i, t in enumerate(lines):
                right = x + w
                self._text(ctx, t, X(right), Y(base + i * pitch), rsize, o.ink, False, "end")
            x += w + 3 * rsize

    @staticmethod
    def _text(ctx, text, x, base, size, color, bold, anchor):
        w = _text_w(text, size, bold)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        ctx.scene.add(TextItem(x, base, text, size, color, bold=bold, anchor=anchor,
                               box=Rect(left, base - size * ASCENT, w, size)))

    @staticmethod
    def _arrow(ctx, x0, x1, y, color, width, head):
        """A horizontal dimension arrow with filled heads at both ends."""
        add = ctx.scene.add
        if x1 - x0 > 2 * head:
            add(Shape("path", Paint(stroke=color, stroke_width=width),
                      d=f"M{num(x0 + head * 0.8)} {num(y)}H{num(x1 - head * 0.8)}"))
        h = min(head, (x1 - x0) / 2)
        for tip, towards in (((x0, y), (-1, 0)), ((x1, y), (1, 0))):
            add(Shape("path", Paint(fill=color), d=arrowhead(tip, towards, h)))


def _break_path(x: float, y: float, w: float, h: float) -> str:
    """A cell torn across: straight sides, top and bottom edges one S-shaped wave."""
    a = h * 0.15
    top = (f"M{num(x)} {num(y)}C{num(x + w * 0.4)} {num(y + 2.2 * a)} {num(x + w * 0.6)} {num(y - 2.2 * a)} "
           f"{num(x + w)} {num(y)}")
    bottom = (f"L{num(x + w)} {num(y + h)}C{num(x + w * 0.6)} {num(y + h - 2.2 * a)} {num(x + w * 0.4)} "
              f"{num(y + h + 2.2 * a)} {num(x)} {num(y + h)}Z")
    return top + bottom


def make(node, ctx):
    return BitsBlock(node, ctx)
