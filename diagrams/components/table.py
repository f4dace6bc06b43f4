"""Table component: a spreadsheet-like grid of cells.

Cells hold literal text or values pasted from the node's computation; style rules give fills, text
colours, number formats and gridlines per row, column, range or cell; cells may be merged; "gap" tracks
(the "…" columns/rows of the originals) are skipped when arrays are pasted; a diagonally split corner
header carries several slanted labels. Column widths and row heights come from the measured text.

Every cell is offered as a part ``<node>.r<row>c<col>`` in ``ctx.placed`` (rows and columns count from
0 and include gap tracks; the cells a merge covers map to the merged rectangle), so edges and overlay
components can point at cells. The data format is documented in docs/spec-format.md ("Components").
"""
from __future__ import annotations

import math
import re

from diagrams.components import computed, localized
from diagrams.components._canvas import check_kinds
from diagrams.components._base import DrawnBlock
from diagrams.errors import SpecError
from diagrams.layout.text import place_text, text_rect
from diagrams.scene import Paint, Rect, Shape, TextItem
from diagrams.text import fonts
from diagrams.text.rich import layout as layout_text
from diagrams.theme import suggest

DATA_KEYS = {"size", "font_size", "padding", "border", "border_width", "col_widths", "row_heights",
             "min_col_width", "min_row_height", "uniform_cols", "uniform_rows", "gaps", "values", "merge",
             "styles", "corner"}
STYLE_PROPS = {"fill", "color", "format", "template", "text", "bold", "italic", "font_size", "align", "valign",
               "border", "scale", "hatch", "minus"}
DATA_KINDS = {  # key → kind (components/_canvas.py KINDS)
    "size": "pair", "font_size": "positive", "padding": "pair", "border": "text", "border_width": "number",
    "col_widths": "numbers|mapping", "row_heights": "numbers|mapping", "min_col_width": "number", "min_row_height": "number",
    "uniform_cols": "any", "uniform_rows": "any", "gaps": "mapping", "values": "list", "merge": "list",
    "styles": "list", "corner": "mapping"}
SELECTORS = {"rows", "cols", "cells", "gaps", "match"}
SCALE_KEYS = {"colors", "min", "max"}
VALUE_KEYS = {"at", "from", "value", "values", "down"}
CORNER_KEYS = {"at", "labels", "lines", "line_color", "line_width"}
LABEL_KEYS = {"text", "parts", "color", "font_size", "bold", "at", "angle"}
MAX_TRACKS = 500          # rows or columns of one table
MAX_CELLS = 40_000
MAX_FORMAT_WIDTH = 100    # width or precision of a number format ("{value:>2000000000}" made a 4 GB label)
_FLOOR = "floor:"
_PRECISION = re.compile(r"\.(\d+)")
_DIGITS = re.compile(r"\d+")


# ---------------------------------------------------------------- small parsers
def _check_keys(mapping, allowed, what: str):
    if not isinstance(mapping, dict):
        raise SpecError(f"{what} must be a mapping", hint=f"give keys among: {', '.join(sorted(allowed))}")
    for key in mapping:
        if key not in allowed:
            raise SpecError(f"unknown key '{key}' in {what}", hint=suggest(key, allowed, "a documented key"))


def parse_tracks(sel, n: int, what: str) -> list[int]:
    """Track indices a selector names: None (all), an int, ``"2-5,7,9-"`` or a list of ints/strings."""
    if sel is None:
        return list(range(n))
    items = sel if isinstance(sel, list) else [sel]
    out: list[int] = []
    for item in items:
        if isinstance(item, bool):
            raise SpecError(f"{what} selector {item!r} is not a row/column number")
        if isinstance(item, (int, float)):
            out.append(int(item))
            continue
        for part in str(item).replace(" ", "").split(","):
            m = re.fullmatch(r"(\d+)(?:-(\d*))?", part)
            if not m:
                raise SpecError(f"{what} selector '{part}' is not understood",
                                hint="use a number, a range 'a-b' (inclusive), 'a-' (to the end) or a list of them")
            a = int(m.group(1))
            if m.group(2) is None:
                out.append(a)
            else:
                b = int(m.group(2)) if m.group(2) else n - 1
                out.extend(range(a, b + 1))
    for i in out:
        if not 0 <= i < n:
            raise SpecError(f"{what} {i} is outside the table (0–{n - 1})", hint="rows and columns count from 0")
    return sorted(set(out))


def check_number_format(fmt, what: str = "number format", sample=None) -> str:
    """``fmt`` (a Python format spec such as ``.2f``, or a ``{:.4g}`` template) as a string, refused when it is
    not a text or asks for a width or precision over MAX_FORMAT_WIDTH; with ``sample`` also by formatting that
    number (a format that matplotlib applies later must fail here, not mid-drawing)."""
    if isinstance(fmt, bool) or not isinstance(fmt, str):
        raise SpecError(f"{what} must be a text such as '.2f', not {fmt!r}",
                        hint="quote it: a Python format spec such as '.3f', 'd', '.1%' or '.2e'")
    # every run of digits in a format spec is a width, a precision (or a fill digit); compared as text first,
    # since a run of thousands of digits is too long for int()
    runs = [d.lstrip("0") or "0" for d in _DIGITS.findall(fmt)]
    big = max(runs, key=lambda d: (len(d), d), default="0")
    if len(big) > 6 or int(big) > MAX_FORMAT_WIDTH:
        shown = big if len(big) <= 20 else big[:20] + "…"
        raise SpecError(f"{what} '{fmt[:40]}' asks for a width or precision of {shown}, over the "
                        f"limit MAX_FORMAT_WIDTH = {MAX_FORMAT_WIDTH}", hint="e.g. '.3f', '>8.2f' or '.1%'")
    if sample is not None:
        try:
            format(sample, fmt)
        except (ValueError, TypeError, OverflowError) as exc:
            raise SpecError(f"{what} '{fmt}' does not apply to a number like {sample!r}: {exc}",
                            hint="use a Python format spec such as '.3f', '.2g', '.1%' or '.2e'") from None
    return fmt


MINUS = "\u2212"   # the minus sign: a negative number, or a negative exponent, never shows a hyphen


def typographic(s: str) -> str:
    """A formatted number with its hyphens as minus signs (``-1.5e-05`` → ``−1.5e−05``)."""
    return s.replace("-", MINUS)


def format_number(v, fmt: str | None = None) -> str:
    """A number as text, with a true minus sign (U+2212) for negatives; see ``plain_number``."""
    return typographic(plain_number(v, fmt))


def plain_number(v, fmt: str | None = None) -> str:
    """A number as text. ``fmt`` is a Python format spec (``.3f``, ``,d``, ``.1%``, ``.2e``); the prefix
    ``floor:`` rounds down to the spec's precision first (``floor:.0f``: 651.7 → "651"). Without a format,
    whole numbers print as integers and others with 4 significant digits."""
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    if isinstance(v, float) and math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if not fmt:
        if isinstance(v, int) or float(v).is_integer():
            return str(int(v))
        s = f"{v:.4g}"
    else:
        spec = check_number_format(fmt)
        if spec.startswith(_FLOOR):
            spec = spec[len(_FLOOR):]
            m = _PRECISION.search(spec)
            digits = int(m.group(1)) if m else 0
            if spec.endswith("%"):
                digits += 2
            scale = 10 ** digits
            v = math.floor(float(v) * scale + 1e-9) / scale
        if spec.endswith("d") and isinstance(v, float):
            v = int(round(v))
        try:
            s = format(v, spec)
        except (ValueError, TypeError, OverflowError) as exc:
            raise SpecError(f"number format '{fmt}' does not apply to {v!r}: {exc}",
                            hint="use a Python format spec such as '.3f', 'd', '.1%' or 'floor:.0f'") from None
    if s.startswith("-") and re.fullmatch(r"-[0.,]*(e[+-]?0+)?%?", s):
        s = s[1:]  # no "-0.000"
    return s


def _resolve(path: str, result, args):
    """A dotted path into the computation's result (``alpha``, ``alpha.3``) or its args (``args.base``)."""
    parts = [p for p in str(path).split(".") if p != ""]
    cur = result
    if parts and parts[0] == "args":
        cur, parts = dict(args or {}), parts[1:]
    elif result is None:
        raise SpecError(f"'from: {path}' needs a computation", hint="give the node `compute:` and `args:`")
    for p in parts:
        if isinstance(cur, dict):
            if p not in cur:
                raise SpecError(f"the computation has no '{p}' (in 'from: {path}')",
                                hint=suggest(p, list(cur), "a key of the result"))
            cur = cur[p]
        elif isinstance(cur, list) and re.fullmatch(r"-?\d+", p):
            i = int(p)
            if not -len(cur) <= i < len(cur):
                raise SpecError(f"index {i} is out of range in 'from: {path}' (length {len(cur)})")
            cur = cur[i]
        else:
            raise SpecError(f"cannot take '{p}' of a {type(cur).__name__} in 'from: {path}'")
    return cur


def value_matches(v, wanted) -> bool:
    """Whether a cell's pasted value ``v`` is ``wanted``: numbers equal within 1e-9 (the strings "inf", "-inf",
    "nan" name those floats, which YAML specs cannot hold), texts equal, booleans equal."""
    if v is None:
        return False
    if isinstance(wanted, bool) or isinstance(v, bool):
        return isinstance(wanted, bool) and isinstance(v, bool) and v == wanted
    if isinstance(v, (int, float)):
        if isinstance(wanted, str) and wanted.strip().lower() in ("inf", "+inf", "-inf", "nan"):
            w = float(wanted)
            return math.isnan(v) if math.isnan(w) else v == w
        if isinstance(wanted, (int, float)):
            return math.isfinite(v) and abs(float(v) - float(wanted)) <= 1e-9
        return False
    return isinstance(wanted, str) and str(v) == wanted


def scale_fills(spec, values: dict, rule_no: int = 0) -> dict:
    """A colour scale (spreadsheet conditional formatting) quantised to the listed colours: each finite number
    gets colors[round((v - min) / (max - min) · (n - 1))]; min/max default to the cells' extremes."""
    _check_keys(spec, SCALE_KEYS, f"scale of styles entry {rule_no}")
    colours = spec.get("colors")
    if not isinstance(colours, list) or len(colours) < 2:
        raise SpecError(f"styles entry {rule_no}: scale needs `colors:` (a list of at least two colours)",
                        hint="e.g. scale: {colors: [white, green-light, green]}")
    nums = {cell: float(v) for cell, v in values.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)}
    if not nums:
        return {}
    lo = float(spec.get("min", min(nums.values())))
    hi = float(spec.get("max", max(nums.values())))
    out = {}
    for cell, v in nums.items():
        t = 0.0 if hi == lo else min(max((v - lo) / (hi - lo), 0.0), 1.0)
        out[cell] = colours[int(round(t * (len(colours) - 1)))]
    return out


HATCH_TEXT_MARGIN = 3.0   # px of clear space between a hatched cell's lines and its text


def hatch_around(segments, box: Rect, margin: float = HATCH_TEXT_MARGIN):
    """Hatch segments (x_bl, y_bl, x_tr, y_tr on lines x + y = const) with the parts inside ``box`` grown by
    ``margin`` cut out: each segment is kept whole, shortened or split in two."""
    bx0, by0, bx1, by1 = box.x - margin, box.y - margin, box.right + margin, box.bottom + margin
    out = []
    for xa, ya, xb, yb in segments:
        k = xa + ya                                   # the line x + y = k, x runs from xa to xb
        lo, hi = max(bx0, k - by1), min(bx1, k - by0)  # x range of the line inside the box
        if hi <= lo or hi <= xa or lo >= xb:
            out.append((xa, ya, xb, yb))
            continue
        if lo > xa + 1e-6:
            out.append((xa, ya, lo, k - lo))
        if hi < xb - 1e-6:
            out.append((hi, k - hi, xb, yb))
    return out


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    try:
        r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return 0.0
    return 0.299 * r + 0.587 * g + 0.114 * b


# ---------------------------------------------------------------- the table
class Table:
    """Parsed, filled, styled and measured table; ``draw(ctx, x, y)`` paints it with its top-left at (x, y)."""

    def __init__(self, node, ctx):
        self.node = node
        # any value may differ per language ({en: 13, zh: 18}): resolve them all for this rendering
        data = localized(node.get("data") or {}, ctx.lang)
        _check_keys(data, DATA_KEYS, f"data of table '{node.id}'")
        check_kinds(node, DATA_KINDS, "table")
        self.data = data
        self.result = computed(node, ctx)
        self.args = localized(dict(node.get("args") or {}), ctx.lang)
        self.lang = ctx.lang
        theme_size = float(ctx.theme.fonts["size"])
        self.font_size = float(data.get("font_size", theme_size))
        pad = data.get("padding", [8, 4])
        self.pad = (float(pad[0]), float(pad[1]))
        self.border_width = float(data.get("border_width", 1))
        default_border = data.get("border", "black")
        self._size_from_data()
        self.values: dict[tuple[int, int], object] = {}
        self._gaps()
        self._paste_values()
        self._merges()
        self._corner()
        # per-cell style, defaults first
        self.style = {(r, c): {"border": default_border} for r in range(self.nrows) for c in range(self.ncols)}
        self._apply_styles()
        self._texts(ctx)
        self._measure(ctx)

    # -- size and tracks
    def _size_from_data(self):
        data = self.data
        rows = cols = 0
        if "size" in data:
            size = data["size"]
            if not (isinstance(size, list) and len(size) == 2):
                raise SpecError("table size must be [rows, cols]")
            rows, cols = int(size[0]), int(size[1])
        self.fixed = "size" in data
        # grow to fit what values, merges and the corner address (pasted arrays are counted later)
        for m in data.get("merge", []) or []:
            rows, cols = max(rows, int(m[0]) + int(m[2])), max(cols, int(m[1]) + int(m[3]))
        corner = data.get("corner")
        if isinstance(corner, dict) and isinstance(corner.get("at"), list) and len(corner["at"]) == 4:
            a = corner["at"]
            rows, cols = max(rows, int(a[0]) + int(a[2])), max(cols, int(a[1]) + int(a[3]))
        gaps = data.get("gaps") or {}
        for key, dim in (("rows", 0), ("cols", 1)):
            for i in (gaps.get(key) or []) if isinstance(gaps, dict) else []:
                if isinstance(i, int):
                    if dim == 0:
                        rows = max(rows, i + 1)
                    else:
                        cols = max(cols, i + 1)
        self.nrows, self.ncols = rows, cols
        self._check_size()

    def _check_size(self):
        if self.nrows > MAX_TRACKS or self.ncols > MAX_TRACKS or self.nrows * self.ncols > MAX_CELLS:
            raise SpecError(f"the table would have {self.nrows}×{self.ncols} cells",
                            hint=f"at most {MAX_TRACKS} rows or columns and {MAX_CELLS} cells")

    def _gaps(self):
        gaps = self.data.get("gaps") or {}
        _check_keys(gaps, {"rows", "cols"}, "table gaps")
        for key in ("rows", "cols"):
            for i in gaps.get(key) or []:
                if not isinstance(i, int) or isinstance(i, bool) or i < 0:
                    raise SpecError(f"gap {key} must be non-negative integers, not {i!r}")
        self.gap_rows = set(gaps.get("rows") or [])
        self.gap_cols = set(gaps.get("cols") or [])

    def _next(self, i: int, gaps: set) -> int:
        while i in gaps:
            i += 1
        return i

    def _put(self, r: int, c: int, v):
        if self.fixed and (r >= self.nrows or c >= self.ncols):
            raise SpecError(f"a value lands in cell r{r}c{c}, outside the table's size {self.nrows}×{self.ncols}",
                            hint="enlarge `size:` or move `at:`")
        if r < 0 or c < 0:
            raise SpecError(f"cell r{r}c{c} does not exist", hint="rows and columns count from 0")
        if r >= self.nrows or c >= self.ncols:
            self.nrows, self.ncols = max(self.nrows, r + 1), max(self.ncols, c + 1)
            self._check_size()
        self.values[(r, c)] = v

    def _paste_values(self):
        for k, entry in enumerate(self.data.get("values", []) or []):
            _check_keys(entry, VALUE_KEYS, f"values entry {k + 1}")
            at = entry.get("at")
            if not (isinstance(at, list) and len(at) == 2):
                raise SpecError(f"values entry {k + 1} needs `at: [row, col]`")
            r0, c0 = int(at[0]), int(at[1])
            given = [key for key in ("from", "value", "values") if key in entry]
            if len(given) != 1:
                raise SpecError(f"values entry {k + 1} needs exactly one of from, value, values")
            if "from" in entry:
                v = _resolve(entry["from"], self.result, self.args)
            else:
                v = entry[given[0]]
            if "value" in entry and isinstance(v, str):
                from diagrams.layout.templates import fill, has_placeholders

                if has_placeholders(v):      # "（Shape：{value.shape.0}×{value.shape.1}）": words around results
                    v = fill(v, self.result, self.args, self.lang)
            if "value" in entry or not isinstance(v, list):
                self._put(r0, c0, v)
                continue
            down = bool(entry.get("down", False))
            if v and all(isinstance(row, list) for row in v):  # 2-D: rows × columns
                r = self._next(r0, self.gap_rows)
                for row in v:
                    c = self._next(c0, self.gap_cols)
                    for item in row:
                        self._put(r, c, item)
                        c = self._next(c + 1, self.gap_cols)
                    r = self._next(r + 1, self.gap_rows)
                continue
            if down:
                r = self._next(r0, self.gap_rows)
                for item in v:
                    self._put(r, c0, item)
                    r = self._next(r + 1, self.gap_rows)
            else:
                c = self._next(c0, self.gap_cols)
                for item in v:
                    self._put(r0, c, item)
                    c = self._next(c + 1, self.gap_cols)

    def _merges(self):
        self.span: dict[tuple[int, int], tuple[int, int]] = {}     # anchor → (rows, cols)
        self.cover: dict[tuple[int, int], tuple[int, int]] = {}    # covered cell → anchor
        merges = list(self.data.get("merge", []) or [])
        corner = self.data.get("corner")
        if corner:
            _check_keys(corner, CORNER_KEYS, "table corner")
            at = corner.get("at")
            if not (isinstance(at, list) and len(at) == 4):
                raise SpecError("table corner needs `at: [row, col, rows, cols]`")
            merges.append(at)
        for m in merges:
            if not (isinstance(m, list) and len(m) == 4):
                raise SpecError(f"merge {m!r} must be [row, col, rows, cols]")
            r, c, rs, cs = (int(v) for v in m)
            if rs < 1 or cs < 1 or r < 0 or c < 0:
                raise SpecError(f"merge {list(m)} has an impossible span", hint="spans are at least 1")
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    if (rr, cc) in self.cover:
                        raise SpecError(f"merge {list(m)} overlaps another merge at r{rr}c{cc}")
                    self.cover[(rr, cc)] = (r, c)
            self.span[(r, c)] = (rs, cs)

    def _corner(self):
        corner = self.data.get("corner")
        self.corner = None
        if corner:
            r, c, rs, cs = (int(v) for v in corner["at"])
            labels = corner.get("labels") or []
            if not isinstance(labels, list) or not labels:
                raise SpecError("table corner needs `labels:` (a list, top-right wedge first)")
            for i, lab in enumerate(labels):
                if isinstance(lab, dict) and not ({"en", "zh"} <= set(lab)):
                    _check_keys(lab, LABEL_KEYS, f"corner label {i + 1}")
            self.corner = (r, c, rs, cs)

    # -- styles
    def _apply_styles(self):
        for k, rule in enumerate(self.data.get("styles", []) or []):
            _check_keys(rule, STYLE_PROPS | SELECTORS, f"styles entry {k + 1}")
            include_gaps = bool(rule.get("gaps", False))
            props = {key: rule[key] for key in STYLE_PROPS if key in rule}
            if "cells" in rule:
                cells = []
                for cell in rule["cells"]:
                    if not (isinstance(cell, list) and len(cell) == 2):
                        raise SpecError(f"styles entry {k + 1}: each of `cells` is [row, col]")
                    r, c = int(cell[0]), int(cell[1])
                    if not (0 <= r < self.nrows and 0 <= c < self.ncols):
                        raise SpecError(f"styles entry {k + 1}: cell [{r}, {c}] is outside the table "
                                        f"({self.nrows}×{self.ncols})")
                    cells.append((r, c))
            else:
                rows = parse_tracks(rule.get("rows"), self.nrows, "row")
                cols = parse_tracks(rule.get("cols"), self.ncols, "column")
                cells = [(r, c) for r in rows for c in cols
                         if include_gaps or (r not in self.gap_rows and c not in self.gap_cols)]
            if "match" in rule:
                wanted = rule["match"] if isinstance(rule["match"], list) else [rule["match"]]
                cells = [cell for cell in cells if any(value_matches(self.values.get(cell), w) for w in wanted)]
            if "scale" in rule:
                props.pop("scale")
                for cell, colour in scale_fills(rule["scale"], {cell: self.values.get(cell) for cell in cells},
                                                k + 1).items():
                    self.style[cell]["fill"] = colour
            for cell in cells:
                self.style[cell].update(props)

    # -- text
    def cell_text(self, ctx, r: int, c: int) -> str:
        st = self.style[(r, c)]
        if "text" in st:
            return ctx.tr(st["text"])
        v = self.values.get((r, c))
        if v is None:
            return ""
        if isinstance(v, bool):
            s = "true" if v else "false"
        elif isinstance(v, (int, float)):
            s = format_number(v, st.get("format"))
            # (format_number writes the minus sign; `minus: true` is kept for specs that ask for it)
        elif isinstance(v, (list, tuple)):
            raise SpecError(f"cell r{r}c{c} would hold a list", hint="paste lists with `values`/`from` at a cell")
        else:
            s = ctx.tr(v)
        if "template" in st:
            s = ctx.tr(st["template"]).replace("{}", s)
        return s

    def anchors(self):
        for r in range(self.nrows):
            for c in range(self.ncols):
                if (r, c) not in self.cover or self.cover[(r, c)] == (r, c):
                    yield r, c

    def _texts(self, ctx):
        self.blocks = {}
        for r, c in self.anchors():
            if self.corner and (r, c) == self.corner[:2]:
                continue
            text = self.cell_text(ctx, r, c)
            if text:
                st = self.style[(r, c)]
                size = float(st.get("font_size", self.font_size))
                self.blocks[(r, c)] = layout_text(text, size, bold=bool(st.get("bold", False)))

    # -- measure
    def _mins(self, key: str, n: int) -> list[float]:
        v = self.data.get(key)
        out = [0.0] * n
        if isinstance(v, list):
            for i, w in enumerate(v[:n]):
                out[i] = float(w)
        elif isinstance(v, dict):
            for i, w in v.items():
                if isinstance(i, bool) or not isinstance(i, int) or not isinstance(w, (int, float)):
                    raise SpecError(f"{key} must map track numbers to px, not {i!r}: {w!r}",
                                    hint=f"e.g. {key}: {{0: 120, 3: 80}}")
                if not 0 <= i < n:
                    raise SpecError(f"{key} names track {i}, outside the table (0–{n - 1})")
                out[i] = float(w)
        elif v is not None:
            raise SpecError(f"{key} must be a list or a mapping {{index: px}}")
        return out

    def _measure(self, ctx):
        px, py = self.pad
        base_w = float(self.data.get("min_col_width", self.font_size + 2 * px))
        base_h = float(self.data.get("min_row_height", self.font_size * 1.3 + 2 * py))
        colw = [max(base_w, m) for m in self._mins("col_widths", self.ncols)]
        rowh = [max(base_h, m) for m in self._mins("row_heights", self.nrows)]
        spanned = []
        for (r, c), block in self.blocks.items():
            rs, cs = self.span.get((r, c), (1, 1))
            need_w, need_h = block.width + 2 * px, block.height + 2 * py
            if cs == 1:
                colw[c] = max(colw[c], need_w)
            if rs == 1:
                rowh[r] = max(rowh[r], need_h)
            if rs > 1 or cs > 1:
                spanned.append((r, c, rs, cs, need_w, need_h))
        for r, c, rs, cs, need_w, need_h in spanned:
            have = sum(colw[c:c + cs])
            if cs > 1 and need_w > have:
                for i in range(c, c + cs):
                    colw[i] += (need_w - have) / cs
            have = sum(rowh[r:r + rs])
            if rs > 1 and need_h > have:
                for i in range(r, r + rs):
                    rowh[i] += (need_h - have) / rs
        for key, sizes, n, what in (("uniform_cols", colw, self.ncols, "column"),
                                    ("uniform_rows", rowh, self.nrows, "row")):
            if self.data.get(key) is not None:
                group = parse_tracks(self.data[key], n, what)
                top = max((sizes[i] for i in group), default=0.0)
                for i in group:
                    sizes[i] = top
        self.colw, self.rowh = colw, rowh
        self.xs = [0.0]
        for w in colw:
            self.xs.append(self.xs[-1] + w)
        self.ys = [0.0]
        for h in rowh:
            self.ys.append(self.ys[-1] + h)
        self.w, self.h = self.xs[-1], self.ys[-1]

    def rect(self, r: int, c: int, x0: float = 0.0, y0: float = 0.0) -> Rect:
        """The rectangle of cell (r, c) (of its merge, when merged) for a table drawn at (x0, y0)."""
        ar, ac = self.cover.get((r, c), (r, c))
        rs, cs = self.span.get((ar, ac), (1, 1))
        return Rect(x0 + self.xs[ac], y0 + self.ys[ar], self.xs[ac + cs] - self.xs[ac], self.ys[ar + rs] - self.ys[ar])

    # -- draw
    def draw(self, ctx, x0: float, y0: float):
        nid = self.node.id
        for r in range(self.nrows):
            for c in range(self.ncols):
                ctx.placed[f"{nid}.r{r}c{c}"] = self.rect(r, c, x0, y0)
        anchors = list(self.anchors())
        for r, c in anchors:
            fill = self.style[(r, c)].get("fill")
            if fill not in (None, "none"):
                ctx.scene.add(Shape("rect", Paint(fill=ctx.color(fill)), rect=self.rect(r, c, x0, y0)))
        for r, c in anchors:
            hatch = self.style[(r, c)].get("hatch")
            if hatch not in (None, False, "none"):
                from diagrams.components.bars import HATCH_SPACING, HATCH_WIDTH, hatch_segments

                colour = ctx.color("grey-3" if hatch is True else hatch)
                cell = self.rect(r, c, x0, y0)
                segments = hatch_segments(cell, HATCH_SPACING, inset=HATCH_WIDTH * 0.36)
                if (r, c) in self.blocks:  # keep the lines off the cell's text: a clear margin around it
                    segments = hatch_around(segments, self._text_rect(r, c, x0, y0), margin=HATCH_TEXT_MARGIN)
                for xa, ya, xb, yb in segments:
                    ctx.scene.add(Shape("path", Paint(stroke=colour, stroke_width=HATCH_WIDTH),
                                        d=f"M{xa:.2f} {ya:.2f}L{xb:.2f} {yb:.2f}"))
        borders = []
        for r, c in anchors:
            colour = ctx.color(self.style[(r, c)].get("border"), "none")
            if colour != "none" and self.border_width > 0:
                borders.append((-_luminance(colour), r, c, colour))
        for _, r, c, colour in sorted(borders):  # light lines first (most negative −luminance), dark ones on top
            ctx.scene.add(Shape("rect", Paint(fill="none", stroke=colour, stroke_width=self.border_width),
                                rect=self.rect(r, c, x0, y0)))
        if self.corner:
            self._draw_corner(ctx, x0, y0)
        px, py = self.pad
        for (r, c), block in self.blocks.items():
            st = self.style[(r, c)]
            cell = self.rect(r, c, x0, y0)
            area = Rect(cell.x + px, cell.y + py, cell.w - 2 * px, cell.h - 2 * py)
            place_text(ctx, block, area, align=st.get("align", "center"), valign=st.get("valign", "middle"),
                       color=ctx.color(st.get("color"), "ink"), italic=bool(st.get("italic")), owner=cell)

    def _text_rect(self, r: int, c: int, x0: float, y0: float) -> Rect:
        """The box a cell's text occupies (as place_text aligns it in the padded cell)."""
        block, st, cell = self.blocks[(r, c)], self.style[(r, c)], self.rect(r, c, x0, y0)
        px, py = self.pad
        area = Rect(cell.x + px, cell.y + py, cell.w - 2 * px, cell.h - 2 * py)
        return text_rect(block, area, st.get("align", "center"), st.get("valign", "middle"))

    def _corner_lines(self, box: Rect, n_labels: int) -> list[tuple[float, float]]:
        """End points of the diagonals from the corner's top-left: given, or at the merged tracks' boundaries."""
        corner = self.data["corner"]
        if corner.get("lines"):
            pts = []
            for p in corner["lines"]:
                if not (isinstance(p, list) and len(p) == 2):
                    raise SpecError("corner lines are [fx, fy] fractions of the corner box")
                pts.append((box.x + float(p[0]) * box.w, box.y + float(p[1]) * box.h))
            return pts
        r, c, rs, cs = self.corner
        if n_labels == rs + cs:
            pts = [(box.right, box.y + self.ys[i] - self.ys[r]) for i in range(r + 1, r + rs)]
            pts.append((box.right, box.bottom))
            pts += [(box.x + self.xs[i] - self.xs[c], box.bottom) for i in range(c + cs - 1, c, -1)]
            return pts
        # evenly along the right and bottom edges
        total = box.h + box.w
        pts = []
        for k in range(1, n_labels):
            s = total * k / n_labels
            pts.append((box.right, box.y + s) if s <= box.h else (box.right - (s - box.h), box.bottom))
        return pts

    def _draw_corner(self, ctx, x0, y0):
        corner = self.data["corner"]
        r, c, rs, cs = self.corner
        box = self.rect(r, c, x0, y0)
        labels = corner["labels"]
        ends = self._corner_lines(box, len(labels))
        if len(ends) != len(labels) - 1:
            raise SpecError(f"the corner has {len(labels)} labels but {len(ends)} lines",
                            hint="give one line fewer than labels")
        colour = ctx.color(corner.get("line_color"), ctx.color(self.style[(r, c)].get("border"), "black"))
        width = float(corner.get("line_width", self.border_width))
        d = "".join(f"M{box.x:.2f} {box.y:.2f}L{x:.2f} {y:.2f}" for x, y in ends)
        if ends:
            ctx.scene.add(Shape("path", Paint(stroke=colour, stroke_width=width), d=d))
        # wedge boundary directions: top edge, the lines, the left edge
        dirs = [(1.0, 0.0)] + [(x - box.x, y - box.y) for x, y in ends] + [(0.0, 1.0)]
        n = len(labels)
        for k, lab in enumerate(labels):
            parts, size, bold, frac, angle = self._label_parts(ctx, lab)
            if n == 1:
                self._run(ctx, parts, (box.cx, box.cy), 0.0, size, bold, "middle")
                continue
            if k == 0 and angle is None:         # top-right wedge: horizontal, at the top right
                y = box.y + self.pad[1] + size * 0.88
                self._run(ctx, parts, (box.right - self.pad[0], y), 0.0, size, bold, "end")
                continue
            if k == n - 1 and angle is None:     # bottom-left wedge: horizontal, at the bottom left
                y = box.bottom - self.pad[1] - size * 0.25
                self._run(ctx, parts, (box.x + self.pad[0], y), 0.0, size, bold, "start")
                continue
            a, b = dirs[k], dirs[k + 1]
            la, lb = math.hypot(*a), math.hypot(*b)
            bx, by = a[0] / la + b[0] / lb, a[1] / la + b[1] / lb
            lbis = math.hypot(bx, by) or 1.0
            bx, by = bx / lbis, by / lbis
            reach = min(box.w / bx if bx > 1e-9 else math.inf, box.h / by if by > 1e-9 else math.inf)
            if frac is not None:
                along = reach * float(frac)
            else:  # towards the wedge's open end, where it is widest
                width = sum(fonts.text_width(t, size, bold) for t, _ in parts)
                along = max(reach * 0.5, reach - self.pad[0] - 0.6 * size - width / 2)
            cx, cy = box.x + bx * along, box.y + by * along
            phi = math.degrees(math.atan2(by, bx)) if angle is None else float(angle)
            # the text's vertical middle sits on the bisector: shift the baseline by ~1/3 em along the normal
            rad = math.radians(phi)
            nx, ny = -math.sin(rad), math.cos(rad)
            base = (cx + nx * size * 0.33, cy + ny * size * 0.33)
            self._run(ctx, parts, base, phi, size, bold, "middle")

    def _label_parts(self, ctx, lab):
        if not isinstance(lab, dict) or {"en", "zh"} <= set(lab):
            lab = {"text": lab}
        size = float(lab.get("font_size", self.font_size * 0.8))
        bold = bool(lab.get("bold", False))
        default = lab.get("color")
        if "parts" in lab:
            parts = []
            for p in lab["parts"]:
                if isinstance(p, dict) and not ({"en", "zh"} <= set(p)):
                    _check_keys(p, {"text", "color"}, "a corner label part")
                    parts.append((ctx.tr(p.get("text")), ctx.color(p.get("color", default), "ink")))
                else:
                    parts.append((ctx.tr(p), ctx.color(default, "ink")))
        else:
            parts = [(ctx.tr(lab.get("text")), ctx.color(default, "ink"))]
        return parts, size, bold, lab.get("at"), lab.get("angle")

    def _run(self, ctx, parts, base, angle, size, bold, anchor):
        """Coloured pieces of one line along direction ``angle`` (deg, clockwise), anchored at ``base``."""
        widths = [fonts.text_width(t, size, bold) for t, _ in parts]
        total = sum(widths)
        rad = math.radians(angle)
        ux, uy = math.cos(rad), math.sin(rad)
        shift = {"start": 0.0, "middle": -total / 2, "end": -total}[anchor]
        s = shift
        for (text, colour), w in zip(parts, widths):
            x, y = base[0] + ux * s, base[1] + uy * s
            if text.strip():
                ctx.scene.add(TextItem(x, y, text, size, colour, bold=bold, anchor="start",
                                       box=_rotated_box(x, y, w, size, angle), owner=None, rotate=angle))
            s += w


def _rotated_box(x, y, w, size, angle) -> Rect:
    """Axis-aligned bounds of a text line of width ``w`` on baseline (x, y), rotated by ``angle`` degrees."""
    rad = math.radians(angle)
    ux, uy = math.cos(rad), math.sin(rad)
    nx, ny = -uy, ux
    corners = []
    for along in (0.0, w):
        for up in (-size * 0.86, size * 0.14):
            corners.append((x + ux * along + nx * up, y + uy * along + ny * up))
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


class TableBlock(DrawnBlock):
    def __init__(self, node, table: Table):
        self.table = table
        super().__init__(node, table.w, table.h, table.draw)

    def part_rect(self, name: str) -> Rect | None:
        m = re.fullmatch(r"r(\d+)c(\d+)", name)
        if not m or int(m.group(1)) >= self.table.nrows or int(m.group(2)) >= self.table.ncols:
            return None
        return self.table.rect(int(m.group(1)), int(m.group(2)))


def make(node, ctx) -> TableBlock:
    return TableBlock(node, Table(node, ctx))
