"""Data charts drawn by matplotlib in the house style and embedded as sanitised SVG.

Curves, bars, areas and reference lines come from a computation of ``diagrams.numeric`` (the node's
``compute``/``args``, or a series' own), or from empirical data written in the spec (with the figure's
``source:``). matplotlib lays the chart out with the theme's palette and the render font (so its text
metrics are the PNG's), writes SVG with ``svg.fonttype: none`` (words stay real ``<text>``) and a fixed
``svg.hashsalt`` (deterministic ids); the markup is then sanitised for slides: ``style="…"`` becomes
presentation attributes, ``<style>``/``<metadata>`` go, ``<use>`` is inlined, only internal ``#id``
references remain and every id is prefixed per figure and node, and text gets the theme's font stack.
Labels with ``$…$`` are typeset by the engine's mathtext where matplotlib placed them; every text box
is registered for lint (overflow, collisions, missing glyphs).

data keys (strings may be ``{en, zh}``; a value written as a string is a dotted path into the
computation's result, e.g. ``epsilon``, ``probs.0``, ``fpr.3``, or ``result`` for a bare list; a number may also be
``{from: path, scale: k}``):
  size         [w, h] px of the chart (default [520, 340]);  margins: [left, top, right, bottom] px
               around the axes (default: fitted to the labels)
  font_size, color (text), axis_color, axis_width   house defaults for the whole chart
  frame        open (left + bottom spines, default) | arrows (axes as arrows past the plot area) |
               box (four spines) | none;  overhang, head: px of the arrows
  title        text over the axes (title_size, title_color)
  x, y         axes: label, label_at (center | end: past the arrow tip), label_offset [dx, dy] px,
               label_align, label_color, label_size, lim [a, b], ticks (numbers or paths), tick_labels,
               tick_format (".2g"), tick_size, tick_color, tick_rotation, tick_align, tick_marks (bool),
               tick_pad, minor (bool), scale (linear | log), grid (true or {color, dash, width}), line (bool)
  series       list of {kind: line | points | step | area | bar | hline | vline, x, y, y2, compute, args,
               scale, x_scale, color, colors, width, dash, marker, marker_size, label (legend), z, clip,
               nudge [dx, dy] px (drawn shifted, so lines on top of each other stay visible),
               span [a, b], bar_width, base (bars from this value, default 0), hatch {color, spacing, angle, width}, tag {text, at: start | end |
               max | min | x-value, offset, color, font_size, align, valign}}
  texts        list of {text, at [x, y], coords (data | axes), offset [dx, dy] px, color, font_size, bold,
               align, valign, rotate}; texts and series tags are nudged off any plotted line they would sit on
               (the least move that keeps TEXT_CLEARANCE px from every line)
  callouts     list of {text, at [x, y] (the point), box [x, y] (centre of the box), box_coords, fill,
               stroke, color, font_size, pad, radius, pointer (wedge | arrow | none), tail_width, from
               [fx, fy] (where on the box the pointer starts)}; ``**…**`` in the text marks bold runs
  arrows       list of {from, to, coords, color, width, head (end | start | both | none), dash, size}
  guides       list of {at [x, y], to (both | x | y), color, dash, width}: projections onto the axes
  legend       {at: 'lower right' | above | below | [fx, fy], font_size, color, handle_length, row_gap, frame (true | outline colour)}
  parts        {name: [x, y] | {at, coords}}: points offered to edges as ``node.name``
               (``node.axes``, ``node.xlabel``, ``node.ylabel`` are always offered)
In ``args`` (node or series), ``{range: [start, stop, step]}`` stands for the list start, start + step, … ≤ stop.
Any string of ``data`` may hold ``{value.PATH:FORMAT}`` / ``{args.PATH}`` placeholders, filled from the node's
computation as in the text of ordinary nodes (a tick label ``"{value.weight.0:.2f}"``, a callout's number).
"""
from __future__ import annotations

import functools
import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from diagrams.components import computed, localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_data, check_kind
from diagrams.components.table import MINUS, format_number, typographic
from diagrams.errors import SpecError
from diagrams.layout.shapes import DASHES
from diagrams.layout.text import place_text
from diagrams.render.svg import num
from diagrams.scene import MathItem, RawItem, Rect, TextItem
from diagrams.text.rich import MATH_SCALE
from diagrams.text.rich import layout as layout_text
from diagrams.theme import suggest

_NUMERIC = re.compile(r"[-\u2212+]?\d+(?:[.,]\d+)*%?")
KEYS = {  # key → kind (components/_canvas.py KINDS); numbers may also be paths into the computation
    "size": "list", "margins": "list", "font_size": "positive", "color": "text", "axis_color": "text",
    "axis_width": "number", "frame": "text", "overhang": "number", "head": "number", "title": "text",
    "title_size": "positive", "title_color": "text", "x": "mapping", "y": "mapping", "series": "list",
    "texts": "list", "callouts": "list", "arrows": "list", "guides": "list", "legend": "mapping|bool",
    "parts": "mapping"}
AXIS_KEYS = {"label", "label_at", "label_offset", "label_align", "label_color", "label_size", "lim", "ticks",
             "tick_labels", "tick_format", "tick_size", "tick_color", "tick_rotation", "tick_align", "tick_marks",
             "tick_pad", "minor", "scale", "grid", "line"}
SERIES_KEYS = {"kind", "x", "y", "y2", "compute", "args", "scale", "x_scale", "color", "colors", "width", "dash",
               "marker", "marker_size", "label", "z", "clip", "span", "bar_width", "hatch", "tag", "nudge", "base"}
KINDS = ("line", "points", "step", "area", "bar", "hline", "vline")
# what the keys of a series, axis, text, callout, arrow, guide, legend, tag and hatch hold (_canvas.KINDS); keys
# whose numbers may be paths into the computation ("x", "lim", "at", …) are checked where they are read
ENTRY_KINDS = {
    "series": {"width": "number", "z": "number", "marker_size": "number", "bar_width": "number", "scale": "number",
               "x_scale": "number", "label": "text", "color": "text", "marker": "text", "colors": "list",
               "nudge": "pair", "hatch": "mapping", "tag": "mapping", "compute": "text", "args": "mapping"},
    "axis": {"label": "text", "label_at": "text", "label_offset": "pair", "label_color": "text",
             "label_size": "positive", "lim": "list", "ticks": "list", "tick_labels": "list", "tick_size": "positive",
             "tick_color": "text", "tick_rotation": "number", "tick_align": "text", "tick_pad": "number",
             "scale": "text", "grid": "bool|mapping"},
    "texts": {"text": "text", "font_size": "positive", "rotate": "number", "offset": "pair", "color": "text",
              "align": "text", "valign": "text", "coords": "text", "at": "list", "parts": "list"},
    "callouts": {"text": "text", "font_size": "positive", "stroke_width": "number", "pad": "number",
                 "radius": "number", "tail_width": "number", "fill": "text", "stroke": "text", "color": "text",
                 "pointer": "text", "box_coords": "text", "from": "pair", "at": "list", "box": "list"},
    "arrows": {"width": "number", "size": "number", "color": "text", "head": "text", "coords": "text",
               "from": "list", "to": "list"},
    "guides": {"width": "number", "color": "text", "to": "text", "at": "list"},
    "legend": {"font_size": "positive", "handle_length": "number", "row_gap": "number", "color": "text",
               "anchor": "text"},
    "tag": {"text": "text", "font_size": "positive", "offset": "pair", "color": "text", "align": "text",
            "valign": "text"},
    "hatch": {"color": "text", "spacing": "positive", "angle": "number", "width": "number"},
}
ALIGNS = ("left", "center", "right")
FRAMES = ("open", "arrows", "box", "none")
SALT = "llm-rl-diagrams"
DEFAULT_CYCLE = ("deep-blue", "orange", "dark-leaf", "bright-red", "purple", "grey-3")
_MATH = re.compile(r"(?<!\\)\$")
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


# ----------------------------------------------------------------------------------------- spec values
def _lookup(res, path: str, what: str):
    if path == "result" and not (isinstance(res, dict) and "result" in res):
        return res                              # a computation that returns a bare list or number
    cur = res
    for part in str(path).split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and re.fullmatch(r"-?\d+", part) and -len(cur) <= int(part) < len(cur):
            cur = cur[int(part)]
        else:
            keys = sorted(res) if isinstance(res, dict) else []
            raise SpecError(f"{what}: '{path}' is not in the computation's result",
                            hint=suggest(part, keys, "a key of the result (dotted, e.g. probs.0)") if keys
                            else "give numbers, or a `compute` whose result has this key")
    return cur


# `legend: {at: above}` / `below`: the legend outside the plot area, centred over or under it
LEGEND_OUTSIDE = {"above": ("lower center", (0.5, 1.0)), "below": ("upper center", (0.5, 0.0))}


def _number(v, res, what: str) -> float:
    if isinstance(v, dict) and "from" in v:
        return _number(v["from"], res, what) * float(v.get("scale", 1.0))
    if isinstance(v, str):
        v = _lookup(res, v, what)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise SpecError(f"{what} must be a number or a path to one, not {v!r}", hint="e.g. 0.5 or fpr.3")
    return float(v)


def _values(v, res, what: str) -> list[float]:
    """A list of numbers: literal, a path to a list, or ``{from: path, scale: k}``."""
    scale = 1.0
    if isinstance(v, dict):
        scale = float(v.get("scale", 1.0))
        v = v.get("from")
    if isinstance(v, str):
        v = _lookup(res, v, what)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = [v]
    if not isinstance(v, list) or not v:
        raise SpecError(f"{what} must be a list of numbers or a path to one", hint="e.g. [0, 1, 2] or steps")
    return [_number(x, res, what) * scale for x in v]


def _pair(v, what: str, res=None) -> tuple[float, float]:
    if not (isinstance(v, (list, tuple)) and len(v) == 2):
        raise SpecError(f"{what} must be a pair [a, b]", hint=f"e.g. {what}: [0, 1]")
    return _number(v[0], res, what), _number(v[1], res, what)


def _expand(args):
    """``{range: [start, stop, step]}`` anywhere in ``args`` → the list of values."""
    if isinstance(args, dict):
        if set(args) == {"range"}:
            r = args["range"]
            if not (isinstance(r, list) and len(r) == 3 and all(isinstance(v, (int, float)) for v in r) and r[2] > 0):
                raise SpecError("`range` must be [start, stop, step] with a positive step", hint="e.g. {range: [0, 64, 1]}")
            from diagrams.numeric.limits import MAX_ARG_ITEMS

            count = (r[1] - r[0]) / r[2]
            if not count <= MAX_ARG_ITEMS:       # also when inf (a step of 1e-300)
                raise SpecError(f"`range` {r} gives {count + 1:.0f} values, over the limit MAX_ARG_ITEMS = "
                                f"{MAX_ARG_ITEMS}", hint="use a larger step")
            n = int(math.floor(count + 1e-9)) + 1
            return [r[0] + k * r[2] for k in range(max(n, 0))]
        return {k: _expand(v) for k, v in args.items()}
    if isinstance(args, list):
        return [_expand(v) for v in args]
    return args


def _filled(value, res, args: dict, lang: str):
    """``data`` with ``{value…}`` / ``{args…}`` placeholders in its strings filled from the node's computation
    (as in the text of ordinary nodes): computed numbers in texts, tick labels, callouts, axis labels, tags."""
    from diagrams.layout.templates import fill, has_placeholders

    if isinstance(value, dict):
        return {k: _filled(v, res, args, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, res, args, lang) for v in value]
    if isinstance(value, str) and has_placeholders(value):
        return fill(value, res, args, lang)
    return value


def _run(compute, args, ctx, at=None):
    """The computation's result; ``at``: the args as written in the spec (to locate an error at an argument)."""
    if not compute:
        return {}
    if args is not None and not isinstance(args, dict):
        raise SpecError(f"args of computation '{compute}' must be a mapping, not a {type(args).__name__}",
                        hint="give `args: {name: value, …}`")
    return computed({"compute": compute, "args": _expand(dict(args or {}))}, ctx, at=args if at is None else at)


def _written(node, *path):
    """The value at ``path`` inside the node's data as written in the spec (with its positions), or None."""
    cur = node.get("data")
    for step in path:
        if isinstance(cur, dict) and step in cur:
            cur = cur[step]
        elif isinstance(cur, list) and isinstance(step, int) and 0 <= step < len(cur):
            cur = cur[step]
        else:
            return None
    return cur


def _check_entry(node, entry, kinds: str, what: str, *path) -> None:
    """Refuse a value of the wrong kind in one entry of the chart's data (a series, a text, …), located at its key
    (``path``: where the entry is written inside the node's data)."""
    if not isinstance(entry, dict):
        raise _located(SpecError(f"{what} of the chart must be a mapping, not {entry!r}"[:200]),
                       _written(node, *path[:-1]), path[-1])
    for key, kind in ENTRY_KINDS[kinds].items():
        if key in entry:
            try:
                check_kind(entry[key], kind, f"{what} {key}")
            except SpecError as exc:
                raise _located(exc, _written(node, *path), key)


def _located(exc: SpecError, container, key) -> SpecError:
    """``exc`` located at ``key`` of a spec mapping or list (when it is not located yet)."""
    if hasattr(container, "where"):
        line, col = container.where(key)
        return exc.located(line=line, col=col)
    return exc


# ----------------------------------------------------------------------------------------- matplotlib
@functools.cache
def _share_mathtext_cache() -> None:
    """Let every renderer reuse matplotlib's mathtext parses.

    matplotlib caches parses per parser instance and each renderer (Agg for layout, SVG for output) makes a
    new parser, so every label was parsed again on every draw of every chart: most of a chart's time.
    Parsers of one output type hold no other state, so they may compare equal and share one larger cache.
    """
    from matplotlib.mathtext import MathTextParser

    parse = getattr(MathTextParser._parse_cached, "__wrapped__", None)
    if parse is None:      # a matplotlib whose cache works differently: leave it as it is
        return
    MathTextParser.__eq__ = lambda a, b: isinstance(b, MathTextParser) and a._output_type == b._output_type
    MathTextParser.__hash__ = lambda a: hash((MathTextParser, a._output_type))
    MathTextParser._parse_cached = functools.lru_cache(1024)(parse)


@functools.lru_cache(maxsize=None)
def _register_fonts() -> None:
    from matplotlib import font_manager

    from diagrams.errors import ToolMissing
    from diagrams.text import fonts

    font_manager.fontManager.addfont(fonts.font_path(False))
    try:
        font_manager.fontManager.addfont(fonts.font_path(True))
    except ToolMissing:
        pass


def _rc(ctx, size: float, ink: str, axis: str, axis_width: float) -> dict:
    from cycler import cycler

    return {
        "svg.fonttype": "none", "svg.hashsalt": SALT, "path.simplify": False,
        "font.family": [ctx.theme.fonts["raster"]], "font.size": size,
        "mathtext.fontset": "stix", "mathtext.default": "normal",
        "text.color": ink, "axes.labelcolor": ink, "xtick.color": axis, "ytick.color": axis,
        "xtick.labelcolor": ink, "ytick.labelcolor": ink, "axes.edgecolor": axis, "axes.linewidth": axis_width,
        "xtick.labelsize": size, "ytick.labelsize": size, "axes.labelsize": size, "axes.titlesize": size + 2,
        "legend.fontsize": size, "legend.frameon": False, "axes.facecolor": "none", "figure.facecolor": "none",
        "savefig.facecolor": "none", "savefig.edgecolor": "none", "axes.spines.top": False,
        "axes.spines.right": False, "axes.axisbelow": True, "lines.linewidth": 2.0, "lines.scale_dashes": False,
        "lines.solid_capstyle": "round", "lines.dash_capstyle": "butt", "patch.linewidth": 0,
        "axes.prop_cycle": cycler(color=[ctx.color(c) for c in DEFAULT_CYCLE]),
        "xtick.major.size": 5, "ytick.major.size": 5, "xtick.major.width": axis_width,
        "ytick.major.width": axis_width, "xtick.minor.size": 3, "ytick.minor.size": 3,
        "axes.unicode_minus": True, "axes.formatter.use_mathtext": False, "hatch.linewidth": 1.0,
    }


def _dash(value, what="dash"):
    if value in (None, "solid"):
        return "-"
    if value not in DASHES:
        raise SpecError(f"unknown {what} '{value}'", hint=suggest(str(value), list(DASHES), "solid, dashed, dotted or dash-dot"))
    return (0, tuple(float(v) for v in DASHES[value].split()))


def has_math(text: str) -> bool:
    return len(_MATH.findall(text or "")) >= 2


class Chart:
    """A chart rendered once: sanitised markup in figure px (y down), its extent and its texts."""

    def __init__(self, node, ctx):
        check_data(node, KEYS, "chart")
        self.node = node
        self.ctx = ctx
        self.data = localized(dict(node.get("data") or {}), ctx.lang)
        self.res = _run(node.get("compute"), node.get("args"), ctx)
        self.data = _filled(self.data, self.res if node.get("compute") else None,
                            localized(_expand(dict(node.get("args") or {})), ctx.lang), ctx.lang)
        self.prefix = _prefix(ctx, node)
        self._render()

    # ------------------------------------------------------------------ building the matplotlib figure
    def _render(self):
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        _register_fonts()
        _share_mathtext_cache()
        d, ctx = self.data, self.ctx
        W, H = _pair(d.get("size", [520, 340]), "size")
        if not (20 <= W <= 4000 and 20 <= H <= 4000):
            raise SpecError(f"chart size {W:g}×{H:g} px is out of range", hint="between 20 and 4000 px a side")
        self.W, self.H = W, H
        size = float(d.get("font_size", ctx.theme.fonts["size"] + 1))
        ink = ctx.color(d.get("color"), "ink")
        axis = ctx.color(d.get("axis_color"), "black")
        axis_width = float(d.get("axis_width", 1.2))
        self.size, self.ink, self.axis = size, ink, axis
        frame = d.get("frame", "open")
        if frame not in FRAMES:
            raise SpecError(f"unknown chart frame '{frame}'", hint=suggest(str(frame), FRAMES, "open, arrows, box or none"))
        with matplotlib.rc_context(_rc(ctx, size, ink, axis, axis_width)):
            fig = Figure(figsize=(W / 72, H / 72), dpi=72)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            self.fig, self.ax = fig, ax
            self.labels = {}
            self.movable = []
            self._axes(frame, axis_width)
            self._series()
            self._texts()
            self._legend()
            margins = d.get("margins")
            if margins is not None:
                if not (isinstance(margins, list) and len(margins) == 4):
                    raise SpecError("margins must be [left, top, right, bottom] px", hint="e.g. margins: [60, 20, 20, 50]")
                l, t, r, b = (float(v) for v in margins)
                if l + r >= W or t + b >= H:
                    raise SpecError("chart margins leave no room for the axes", hint="make them smaller or the size larger")
                fig.subplots_adjust(left=l / W, right=1 - r / W, top=1 - t / H, bottom=b / H)
            else:
                fig.tight_layout(pad=0.3)
            self._frame_arrows(frame, axis_width)
            clear_of_lines(ax, self.movable, fig.canvas.get_renderer(), W, H)
            for poly, h, z in self.hatches:
                self._hatch(poly, h, z)
            renderer = fig.canvas.get_renderer()
            try:
                if not self.movable:    # clear_of_lines has drawn it (moving texts and hatching change no layout)
                    with renderer._draw_disabled():     # final tick and text places; the pixels are not needed
                        fig.draw(renderer)
                self._collect_texts(renderer)
                tight = fig.get_tightbbox(renderer)
                buf = io.StringIO()
                fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
            except (RuntimeError, OverflowError, ValueError) as exc:
                # matplotlib's rasteriser gives up on a text or line placed far outside the figure (FreeType
                # "raster overflow" at x = 2e9): a spec value, not a bug of ours
                raise SpecError(f"the chart cannot be drawn: {str(exc).splitlines()[0][:120]}",
                                hint="a position, range or size is far outside the chart; check the numbers "
                                     "of its series, texts, ticks and limits") from None
            self.svg_source = buf.getvalue()
            ab = ax.get_window_extent(renderer)
            self.axes_rect = Rect(ab.x0, H - ab.y1, ab.width, ab.height)
            self.points = {}
            for name, (xy, coords) in self._parts().items():
                tr = ax.transAxes if coords == "axes" else ax.transData
                px, py = tr.transform(xy)
                self.points[name] = (float(px), float(H - py))
            self._data_to_px = ax.transData.frozen()
        self.markup = sanitize_svg(self.svg_source, self.prefix, ctx.theme.fonts["stack"], drop=self.math_ids,
                                   keep=set(self.series_ids) | set(self.hatch_ids))
        present = set(re.findall(r'id="([^"]+)"', self.svg_source))
        self.texts = [t for t in self.texts if t["gid"] in present]      # drawn (ticks outside the view are not)
        self.maths = [m for m in self.maths if m["gid"] in present]
        ext = Rect(0, 0, W, H)
        if tight is not None:
            ext = ext.union(Rect(tight.x0 * 72, H - tight.y1 * 72, tight.width * 72, tight.height * 72))
        for b in [t["box"] for t in self.texts] + [m["area"] for m in self.maths]:
            ext = ext.union(b)
        self.extent = ext

    def _axes(self, frame: str, axis_width: float):
        ax, d, ctx = self.ax, self.data, self.ctx
        for which in ("x", "y"):
            a = d.get(which) or {}
            if not isinstance(a, dict):
                raise SpecError(f"chart `{which}` must be a mapping", hint="e.g. x: {label: Steps, lim: [0, 100]}")
            for key in a:
                if key not in AXIS_KEYS:
                    raise SpecError(f"unknown key '{key}' in the chart's {which} axis",
                                    hint=suggest(key, sorted(AXIS_KEYS), "one of the documented keys"))
            self._check_axis(which, a)
            axis = ax.xaxis if which == "x" else ax.yaxis
            if a.get("scale"):
                if a["scale"] not in ("linear", "log"):
                    raise SpecError(f"unknown axis scale '{a['scale']}'", hint="linear or log")
                (ax.set_xscale if which == "x" else ax.set_yscale)(a["scale"])
            if a.get("lim") is not None:
                lo, hi = _pair(a["lim"], f"{which}.lim", self.res)
                (ax.set_xlim if which == "x" else ax.set_ylim)(lo, hi)
            if a.get("ticks") is not None:
                ticks = [_number(v, self.res, f"{which}.ticks") for v in a["ticks"]] if a["ticks"] else []
                labels = a.get("tick_labels")
                if labels is None:
                    fmt = a.get("tick_format")
                    labels = [typographic(format(v, fmt)) if fmt else _short(v) for v in ticks]
                elif len(labels) != len(ticks):
                    raise SpecError(f"{which}.tick_labels has {len(labels)} labels for {len(ticks)} ticks",
                                    hint="give one label per tick")
                axis.set_ticks(ticks, _same_font([format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                                                   else ctx.tr(v) if not isinstance(v, str) else v for v in labels]))
            elif a.get("tick_format"):
                from matplotlib.ticker import FuncFormatter

                fmt = a["tick_format"]
                axis.set_major_formatter(FuncFormatter(lambda v, _p, fmt=fmt: typographic(format(v, fmt))))
            if not a.get("minor", False):
                from matplotlib.ticker import NullLocator

                axis.set_minor_locator(NullLocator())
            params = {"labelsize": float(a.get("tick_size", self.size)), "pad": float(a.get("tick_pad", 4))}
            if a.get("tick_color"):
                params["labelcolor"] = ctx.color(a["tick_color"])
            if a.get("tick_marks", frame not in ("arrows", "none")) is False:
                params["length"] = 0
            if a.get("tick_rotation"):
                params["labelrotation"] = float(a["tick_rotation"])
            ax.tick_params(axis=which, which="both", **params)
            if a.get("tick_align"):
                for lab in axis.get_ticklabels():
                    lab.set_horizontalalignment(a["tick_align"])
                    lab.set_rotation_mode("anchor")
            grid = a.get("grid")
            if grid:
                g = grid if isinstance(grid, dict) else {}
                ax.grid(True, axis=which, color=ctx.color(g.get("color"), "grey-2"), linewidth=float(g.get("width", 1)),
                        linestyle=_dash(g.get("dash", "dashed")))
            if a.get("label") is not None:
                self._axis_label(which, a)
        spines = {"open": ("left", "bottom"), "box": ("left", "bottom", "top", "right"), "arrows": (), "none": ()}[frame]
        for side, sp in ax.spines.items():
            sp.set_visible(side in spines)
        for which, side in (("x", "bottom"), ("y", "left")):
            if (d.get(which) or {}).get("line") is False:
                ax.spines[side].set_visible(False)
        if d.get("title"):
            ax.set_title(str(d["title"]), fontsize=float(d.get("title_size", self.size + 2)),
                         color=ctx.color(d.get("title_color"), self.ink))

    def _check_axis(self, which: str, a: dict) -> None:
        """Values matplotlib would reject only mid-drawing (a tick format runs when the ticks are laid out):
        refused here, located at their key."""
        from diagrams.components.table import check_number_format

        _check_entry(self.node, a, "axis", f"{which} axis", which)
        try:
            if a.get("tick_format") is not None:
                check_number_format(a["tick_format"], f"{which}.tick_format", sample=0.5)
        except SpecError as exc:
            raise _located(exc, _written(self.node, which), "tick_format")
        align = a.get("label_align")
        if align is not None and align not in ALIGNS:
            raise _located(SpecError(f"{which}.label_align is {align!r}, not one of {', '.join(ALIGNS)}",
                                     hint=suggest(str(align), ALIGNS, "left, center or right")),
                           _written(self.node, which), "label_align")

    def _axis_label(self, which: str, a: dict):
        from matplotlib.transforms import offset_copy

        ax, ctx = self.ax, self.ctx
        text = str(a["label"])
        color = ctx.color(a.get("label_color"), self.ink)
        lsize = float(a.get("label_size", self.size))
        dx, dy = (float(v) for v in (a.get("label_offset") or [0, 0]))
        at = a.get("label_at", "center")
        if at == "center":
            kw = {"color": color, "fontsize": lsize}
            lab = ax.set_xlabel(text, **kw) if which == "x" else ax.set_ylabel(text, **kw)
            if dx or dy:
                lab.set_transform(offset_copy(lab.get_transform(), fig=self.fig, x=dx, y=-dy, units="points"))
            if a.get("label_align"):
                lab.set_horizontalalignment(a["label_align"])
            self.labels[which] = lab
            return
        if at != "end":
            raise SpecError(f"unknown label_at '{at}'", hint="center or end (past the axis' end)")
        gap = float((self.data.get("overhang", 18))) + 6
        if which == "x":
            tr = offset_copy(ax.transAxes, fig=self.fig, x=gap + dx, y=-dy, units="points")
            lab = ax.text(1, 0, text, transform=tr, ha=a.get("label_align", "left"), va="center", color=color,
                          fontsize=lsize)
        else:
            tr = offset_copy(ax.transAxes, fig=self.fig, x=dx, y=gap - dy, units="points")
            lab = ax.text(0, 1, text, transform=tr, ha=a.get("label_align", "center"), va="bottom", color=color,
                          fontsize=lsize)
        lab.set_clip_on(False)
        self.labels[which] = lab

    def _frame_arrows(self, frame: str, width: float):
        if frame != "arrows":
            return
        from matplotlib.transforms import offset_copy

        ax, d = self.ax, self.data
        over = float(d.get("overhang", 18))
        head = float(d.get("head", 12))
        style = f"-|>,head_length={0.9},head_width={0.32}"
        ends = {"x": ((1, 0), offset_copy(ax.transAxes, fig=self.fig, x=over, y=0, units="points")),
                "y": ((0, 1), offset_copy(ax.transAxes, fig=self.fig, x=0, y=over, units="points"))}
        for which, (xy, tr) in ends.items():
            if (d.get(which) or {}).get("line") is False:
                continue
            ax.annotate("", xy=xy, xycoords=tr, xytext=(0, 0), textcoords=ax.transAxes, annotation_clip=False,
                        arrowprops={"arrowstyle": style, "color": self.axis, "lw": width, "shrinkA": 0, "shrinkB": 0,
                                    "mutation_scale": head})

    # ------------------------------------------------------------------ series
    def _series(self):
        ax, ctx = self.ax, self.ctx
        self.series_ids = []
        self.hatches = []
        self.hatch_ids = []        # ids of the drawn hatch groups (kept through sanitising)
        series = self.data.get("series") or []
        if not isinstance(series, list):
            raise SpecError("chart `series` must be a list", hint="e.g. series: [{x: steps, y: epsilon}]")
        for i, s in enumerate(series):
            if not isinstance(s, dict):
                raise SpecError(f"series {i} of the chart must be a mapping", hint="e.g. {kind: line, x: steps, y: epsilon}")
            for key in s:
                if key not in SERIES_KEYS:
                    raise SpecError(f"unknown key '{key}' in series {i} of the chart",
                                    hint=suggest(key, sorted(SERIES_KEYS), "one of the documented keys"))
            _check_entry(self.node, s, "series", f"series {i}", "series", i)
            for sub in ("tag", "hatch"):
                if isinstance(s.get(sub), dict):
                    _check_entry(self.node, s[sub], sub, f"series {i} {sub}", "series", i, sub)
            kind = s.get("kind", "line")
            if kind not in KINDS:
                raise SpecError(f"unknown series kind '{kind}'", hint=suggest(str(kind), KINDS, "line, points, step, area, bar, hline or vline"))
            try:
                res = _run(s["compute"], s.get("args"), ctx, at=_written(self.node, "series", i, "args")) \
                    if s.get("compute") else self.res
            except SpecError as exc:
                raise _located(exc, _written(self.node, "series"), i)
            gid = f"s{i}"
            self.series_ids.append(gid)
            color = ctx.color(s["color"]) if s.get("color") else None
            z = float(s.get("z", 2 + i * 0.01))
            label = str(s["label"]) if s.get("label") is not None else None
            width = float(s.get("width", 2.0))
            what = f"series {i}"
            if kind in ("hline", "vline"):
                v = _number(s.get("y" if kind == "hline" else "x"), res, f"{what} {'y' if kind == 'hline' else 'x'}")
                kw = {"color": color or self.ink, "lw": width, "ls": _dash(s.get("dash", "dashed")), "zorder": z,
                      "label": label, "gid": gid}
                if s.get("span"):
                    a, b = _pair(s["span"], f"{what} span", res)
                    art = ax.plot([a, b], [v, v], **kw) if kind == "hline" else ax.plot([v, v], [a, b], **kw)
                else:
                    art = [ax.axhline(v, **kw) if kind == "hline" else ax.axvline(v, **kw)]
                if s.get("span"):
                    end = _pair(s["span"], f"{what} span", res)[1]
                else:
                    end = (ax.get_xlim() if kind == "hline" else ax.get_ylim())[1]
                tx, ty = ([end], [v]) if kind == "hline" else ([v], [end])
                self._tag(s, tx, ty, res, i)
                continue
            y = _values(s.get("y"), res, f"{what} y")
            if s.get("scale") is not None:
                y = [v * float(s["scale"]) for v in y]
            x = _values(s["x"], res, f"{what} x") if s.get("x") is not None else [float(k) for k in range(len(y))]
            if s.get("x_scale") is not None:
                x = [v * float(s["x_scale"]) for v in x]
            if len(x) != len(y):
                raise SpecError(f"{what} has {len(x)} x values and {len(y)} y values", hint="give lists of one length")
            if kind == "bar":
                colors = s.get("colors")
                if colors is not None:
                    if not isinstance(colors, list) or len(colors) != len(y):
                        raise SpecError(f"{what} colors must list one colour per bar ({len(y)})", hint="palette names")
                    fc = [ctx.color(c) for c in colors]
                else:
                    fc = color or ctx.color(DEFAULT_CYCLE[0])
                base = _number(s.get("base", 0.0), res, f"{what} base")   # bars rise (or hang) from this value
                ax.bar(x, [v - base for v in y], bottom=base, width=float(s.get("bar_width", 0.8)), color=fc, zorder=z,
                       label=label, gid=gid,
                       linewidth=0)
            elif kind == "area":
                y2 = _values(s["y2"], res, f"{what} y2") if s.get("y2") is not None else [0.0] * len(y)
                if len(y2) != len(y):
                    raise SpecError(f"{what} y2 has {len(y2)} values for {len(y)} points", hint="one per point")
                fill = ctx.color(s["color"]) if s.get("color") else "none"
                poly = ax.fill_between(x, y, y2, color=fill, linewidth=0, zorder=z, label=label, gid=gid)
                if s.get("hatch"):
                    self.hatches.append((poly, s["hatch"], z))      # drawn once the layout is final
            else:
                kw = {"lw": width, "ls": _dash(s.get("dash")), "zorder": z, "label": label, "gid": gid}
                if color:
                    kw["color"] = color
                if kind == "points":
                    kw.update(ls="none", marker=s.get("marker", "o"))
                elif s.get("marker"):
                    kw["marker"] = s["marker"]
                if "marker" in kw:
                    kw["markersize"] = float(s.get("marker_size", 6))
                    kw["markeredgewidth"] = 0
                if kind == "step":
                    kw["drawstyle"] = "steps-post"
                (line,) = ax.plot(x, y, **kw)
                if s.get("nudge"):          # drawn shifted by [dx, dy] px so overlapping lines stay visible
                    from matplotlib.transforms import offset_copy

                    ndx, ndy = _pair(s["nudge"], f"{what} nudge")
                    line.set_transform(offset_copy(ax.transData, fig=self.fig, x=ndx, y=-ndy, units="points"))
                if s.get("clip") is False:
                    line.set_clip_on(False)
            self._tag(s, x, y, res, i)

    def _tag(self, s, x, y, res, i):
        tag = s.get("tag")
        if not tag:
            return
        tag = tag if isinstance(tag, dict) else {"text": tag}
        at = tag.get("at", "end")
        if isinstance(at, (int, float)) and not isinstance(at, bool):
            k = min(range(len(x)), key=lambda j: abs(x[j] - at))
        elif at in ("start", "end", "max", "min"):
            k = {"start": 0, "end": len(x) - 1}.get(at)
            if k is None:
                k = max(range(len(y)), key=lambda j: y[j]) if at == "max" else min(range(len(y)), key=lambda j: y[j])
        else:
            raise SpecError(f"series {i} tag at '{at}' is unknown", hint="start, end, max, min or an x value")
        s_color = self.ctx.color(s["color"]) if s.get("color") else self.ink
        self._annotate({"text": tag.get("text", ""), "at": [x[k], y[k]], "offset": tag.get("offset", [0, -8]),
                        "color": tag.get("color"), "font_size": tag.get("font_size"), "bold": tag.get("bold"),
                        "align": tag.get("align", "center"), "valign": tag.get("valign", "bottom")}, default_color=s_color)

    def _hatch(self, poly, h, z):
        """Diagonal hatch lines clipped to an area (drawn as lines, not an SVG pattern)."""
        import numpy as np
        from matplotlib.collections import LineCollection

        h = h if isinstance(h, dict) else {}
        ax = self.ax
        spacing = float(h.get("spacing", 10))
        angle = math.radians(float(h.get("angle", 45)))
        bb = poly.get_window_extent()
        inv = ax.transData.inverted()
        diag = math.hypot(bb.width, bb.height)
        cx, cy = bb.x0 + bb.width / 2, bb.y0 + bb.height / 2
        ux, uy = math.cos(angle), math.sin(angle)
        nx, ny = -uy, ux
        path = poly.get_paths()[0]
        outline = poly.get_transform().transform(path.vertices)
        segs = []
        for k in np.arange(-diag / 2, diag / 2 + spacing, spacing):
            p0 = (cx + nx * k - ux * diag / 2, cy + ny * k - uy * diag / 2)
            p1 = (cx + nx * k + ux * diag / 2, cy + ny * k + uy * diag / 2)
            # the parts inside the area, computed here so that every renderer (not only a clipping one) and
            # the lint see the lines where they are drawn
            segs += [inv.transform(part) for part in _inside_parts(p0, p1, outline)]
        lc = LineCollection(segs, colors=self.ctx.color(h.get("color"), "grey-2"), linewidths=float(h.get("width", 1)),
                            zorder=z + 0.001)
        self.hatch_ids.append(f"hatch{len(self.hatch_ids) + 1}")
        lc.set_gid(self.hatch_ids[-1])     # a texture of the area: text may sit on it (flatten.py marks it as an overlay)
        ax.add_collection(lc, autolim=False)
        lc.set_clip_path(path, poly.get_transform())

    # ------------------------------------------------------------------ texts, callouts, arrows, guides
    def _texts(self):
        d = self.data
        self.box_owner = {}                     # text → the box it sits in (rich callouts)
        for key in ("texts", "callouts", "arrows", "guides"):
            for i, entry in enumerate(d.get(key) or []):
                _check_entry(self.node, entry, key, f"{key[:-1]} {i + 1}", key, i)
        for t in d.get("texts") or []:
            if not isinstance(t, dict) or "at" not in t:
                raise SpecError("every chart text needs `at: [x, y]`", hint="data coordinates, or coords: axes")
            if "parts" in t:
                self._annotate_parts(t)
            else:
                self._annotate(t)
        for c in d.get("callouts") or []:
            self._callout(c)
        for a in d.get("arrows") or []:
            self._arrow(a)
        for g in d.get("guides") or []:
            self._guide(g)

    def _annotate_parts(self, t: dict):
        """A text in parts of their own colours, set one after another on one line: the first where the entry
        says, each next one against the right side of the one before (centred on it), so a longer part moves the
        rest along. Only the first is moved off plotted lines; the others follow it."""
        parts = t["parts"]
        if "text" in t or not parts or not all(isinstance(p, dict) and "text" in p for p in parts):
            raise SpecError("a chart text has either `text` or `parts: [{text, color}, …]` (each part a text)",
                            hint='e.g. parts: [{text: "$\\eta_t$", color: purple}, {text: "$= \\min(a, b)$"}]')
        if t.get("rotate"):
            raise SpecError("a chart text in parts cannot be rotated", hint="rotate a plain `text`")
        for p in parts:
            for key in p:
                if key not in ("text", "color"):
                    raise SpecError(f"unknown key '{key}' in a part of a chart text", hint="a part has text and color")
        from diagrams.text.rich import MATH_SPACE

        size = float(t.get("font_size") or self.size)
        first, *rest = parts
        prev = self._annotate({**{k: v for k, v in t.items() if k != "parts"}, "text": first["text"],
                               "color": first.get("color", t.get("color"))})
        for p in rest:
            color = p.get("color", t.get("color"))
            # the space the engine keeps beside inline math (matplotlib's box and our typesetting differ a little)
            prev = self.ax.annotate(str(p["text"]), xy=(1, 0.5), xycoords=prev, xytext=(MATH_SPACE * size, 0),
                                    textcoords="offset points", ha="left", va="center", annotation_clip=False,
                                    color=self.ctx.color(color) if color else self.ink, fontsize=size,
                                    fontweight="bold" if t.get("bold") else "normal")

    def _coords(self, value):
        if value in (None, "data"):
            return "data"
        if value == "axes":
            return "axes fraction"
        raise SpecError(f"unknown coords '{value}'", hint="data or axes (fractions of the plot area)")

    def _annotate(self, t: dict, default_color=None):
        ax, ctx = self.ax, self.ctx
        x, y = _pair(t["at"], "text at", self.res)
        dx, dy = (float(v) for v in (t.get("offset") or [0, 0]))
        align = t.get("align", "center")
        valign = t.get("valign", "center")
        if align not in ("left", "center", "right") or valign not in ("top", "center", "bottom", "baseline"):
            raise SpecError("text align must be left/center/right and valign top/center/bottom/baseline",
                            hint="e.g. align: left, valign: bottom")
        color = ctx.color(t.get("color")) if t.get("color") else (default_color or self.ink)
        ann = ax.annotate(str(t.get("text", "")), xy=(x, y), xycoords=self._coords(t.get("coords")),
                          xytext=(dx, -dy), textcoords="offset points", ha=align, va=valign, color=color,
                          fontsize=float(t.get("font_size") or self.size), annotation_clip=False,
                          fontweight="bold" if t.get("bold") else "normal", rotation=float(t.get("rotate", 0)),
                          multialignment=t.get("align", "center"))
        self.movable.append(ann)            # kept off the plotted lines once the layout is final
        return ann

    def _callout(self, c: dict):
        ax, ctx = self.ax, self.ctx
        if not isinstance(c, dict) or "at" not in c or "box" not in c:
            raise SpecError("every chart callout needs `at` (the point) and `box` (the box's centre)",
                            hint="e.g. {text: …, at: [0, 1], box: [40, 1.1]}")
        xy = _pair(c["at"], "callout at", self.res)
        box = _pair(c["box"], "callout box", self.res)
        fill = ctx.color(c.get("fill"), "cream")
        stroke = ctx.color(c.get("stroke"), "black")
        lw = float(c.get("stroke_width", 1.0)) if stroke != "none" else 0
        pad = float(c.get("pad", 0.5))
        radius = float(c.get("radius", 0.6))
        pointer = c.get("pointer", "wedge")
        props = None
        if pointer == "wedge":
            props = {"arrowstyle": f"wedge,tail_width={float(c.get('tail_width', 0.9))},shrink_factor=0.5", "fc": fill,
                     "ec": stroke, "lw": lw, "shrinkB": 0}
        elif pointer == "arrow":
            props = {"arrowstyle": "-|>", "color": stroke, "lw": max(lw, 1.0), "shrinkB": 0}
        elif pointer != "none":
            raise SpecError(f"unknown callout pointer '{pointer}'", hint="wedge, arrow or none")
        if props is not None and c.get("from"):
            props["relpos"] = _pair(c["from"], "callout from")
        if "**" in str(c.get("text", "")):
            return self._rich_callout(c, xy, box, props, fill, stroke, lw, pad, radius)
        ann = ax.annotate(str(c.get("text", "")), xy=xy, xycoords="data", xytext=box,
                          textcoords=self._coords(c.get("box_coords")), ha="center", va="center",
                          color=ctx.color(c.get("color"), self.ink), fontsize=float(c.get("font_size", self.size)),
                          multialignment="center", annotation_clip=False, arrowprops=props, zorder=6,
                          bbox={"boxstyle": f"round,pad={pad},rounding_size={radius}", "fc": fill, "ec": stroke, "lw": lw})
        return ann

    def _rich_callout(self, c, xy, box, props, fill, stroke, lw, pad, radius):
        """A callout whose text marks bold runs with ``**…**``: one text per run, lines centred in the box."""
        from matplotlib.offsetbox import AnnotationBbox, HPacker, TextArea, VPacker

        size = float(c.get("font_size", self.size))
        color = self.ctx.color(c.get("color"), self.ink)
        lines, runs = [], []
        for line in str(c.get("text", "")).split("\n"):
            parts = line.split("**")
            if len(parts) % 2 == 0:
                raise SpecError(f"callout line '{line}' has an unpaired **", hint="mark bold runs as **bold**")
            areas = [TextArea(p, textprops={"color": color, "fontsize": size, "fontweight": "bold" if k % 2 else "normal"})
                     for k, p in enumerate(parts) if p] or [TextArea(" ", textprops={"fontsize": size})]
            runs += areas
            lines.append(HPacker(children=areas, pad=0, sep=0, align="baseline"))
        packed = VPacker(children=lines, pad=0, sep=0.2 * size, align="center")
        ab = AnnotationBbox(packed, xy, xybox=box, xycoords="data", boxcoords=self._coords(c.get("box_coords")),
                            fontsize=size, annotation_clip=False, arrowprops=props, zorder=6,
                            bboxprops={"boxstyle": f"round,pad={pad},rounding_size={radius}", "fc": fill, "ec": stroke,
                                       "lw": lw})
        self.ax.add_artist(ab)
        for area in runs:
            self.box_owner[id(area.get_children()[0])] = ab.patch
        return ab

    def _arrow(self, a: dict):
        if not isinstance(a, dict) or "from" not in a or "to" not in a:
            raise SpecError("every chart arrow needs `from` and `to`", hint="e.g. {from: [0, 0], to: [1, 1]}")
        head = a.get("head", "end")
        styles = {"end": "-|>", "start": "<|-", "both": "<|-|>", "none": "-"}
        if head not in styles:
            raise SpecError(f"unknown arrow head '{head}'", hint="end, start, both or none")
        coords = self._coords(a.get("coords"))
        self.ax.annotate("", xy=_pair(a["to"], "arrow to", self.res), xycoords=coords,
                         xytext=_pair(a["from"], "arrow from", self.res), textcoords=coords, annotation_clip=False,
                         arrowprops={"arrowstyle": styles[head] + (",head_length=0.9,head_width=0.32" if head != "none" else ""),
                                     "color": self.ctx.color(a.get("color"), "black"), "lw": float(a.get("width", 1.5)),
                                     "shrinkA": 0, "shrinkB": 0, "mutation_scale": float(a.get("size", 12)),
                                     "linestyle": _dash(a.get("dash"))})

    def _guide(self, g: dict):
        if not isinstance(g, dict) or "at" not in g:
            raise SpecError("every chart guide needs `at: [x, y]`", hint="a point in data coordinates")
        x, y = _pair(g["at"], "guide at", self.res)
        to = g.get("to", "both")
        if to not in ("both", "x", "y"):
            raise SpecError(f"unknown guide direction '{to}'", hint="both, x (down to the x axis) or y (across to the y axis)")
        kw = {"color": self.ctx.color(g.get("color"), "grey-3"), "lw": float(g.get("width", 1.2)),
              "ls": _dash(g.get("dash", "dotted")), "zorder": 1.5}
        x0, _ = self.ax.get_xlim()
        y0, _ = self.ax.get_ylim()
        if to in ("both", "x"):
            self.ax.plot([x, x], [y0, y], **kw)
        if to in ("both", "y"):
            self.ax.plot([x0, x], [y, y], **kw)
        self.ax.set_xlim(x0, self.ax.get_xlim()[1])
        self.ax.set_ylim(y0, self.ax.get_ylim()[1])

    def _legend(self):
        leg = self.data.get("legend")
        if not leg:
            return
        leg = leg if isinstance(leg, dict) else {}
        _check_entry(self.node, leg, "legend", "legend", "legend")
        at = leg.get("at", "best")
        kw = {"fontsize": float(leg.get("font_size", self.size)), "handlelength": float(leg.get("handle_length", 2.0)),
              "labelspacing": float(leg.get("row_gap", 0.6)), "labelcolor": self.ctx.color(leg.get("color"), self.ink),
              "borderaxespad": 0.3}
        if isinstance(at, list):
            kw.update(loc=leg.get("anchor", "lower right"), bbox_to_anchor=_pair(at, "legend at"))
        elif at in LEGEND_OUTSIDE:      # over or under the plot area, centred on it, clear of the data
            loc, anchor = LEGEND_OUTSIDE[at]
            kw.update(loc=loc, bbox_to_anchor=anchor)
        else:
            kw["loc"] = at
        frame = leg.get("frame")
        if frame:       # a rounded box around the legend: true (grey-2) or its outline colour, on white
            kw.update(frameon=True, fancybox=True, framealpha=1.0, facecolor=self.ctx.color("white"),
                      edgecolor=self.ctx.color("grey-2" if frame is True else frame))
        try:
            lg = self.ax.legend(**kw)
        except ValueError as exc:
            raise SpecError(f"legend: {exc}", hint="at: 'lower right', 'upper left', … or [fx, fy]") from None
        if frame:
            lg.get_frame().set_linewidth(1.0)

    def _parts(self) -> dict:
        out = {}
        for name, v in (self.data.get("parts") or {}).items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
                raise SpecError(f"chart part name '{name}' must be letters, digits and _", hint="e.g. start")
            coords = "data"
            if isinstance(v, dict):
                coords = "axes" if v.get("coords") == "axes" else "data"
                v = v.get("at")
            out[str(name)] = (_pair(v, f"part {name}", self.res), coords)
        return out

    # ------------------------------------------------------------------ texts → lint boxes / engine math
    def _collect_texts(self, renderer):
        from matplotlib.colors import to_hex
        from matplotlib.text import Text

        H = self.H
        self.texts, self.maths, self.math_ids = [], [], set()
        self.label_rects = {}
        k = 0
        for t in self.fig.findobj(match=lambda a: isinstance(a, Text)):
            s = t.get_text()
            if not t.get_visible() or not s.strip():
                continue
            k += 1
            gid = f"t{k}"
            t.set_gid(gid)
            bb = Text.get_window_extent(t, renderer)
            box = Rect(bb.x0, H - bb.y1, bb.width, bb.height)
            for which, lab in self.labels.items():
                if lab is t:
                    self.label_rects[f"{which}label"] = box
            color = to_hex(t.get_color()).upper()
            size = float(t.get_fontsize())
            rot = float(t.get_rotation()) % 360
            owner = None
            patch = t.get_bbox_patch() or self.box_owner.get(id(t))
            if patch is not None:
                pb = patch.get_window_extent(renderer)
                owner = Rect(pb.x0, H - pb.y1, pb.width, pb.height)
            if has_math(s):
                if rot not in (0.0,):
                    raise SpecError(f"chart text '{s}' is rotated and contains math", hint="rotate plain text only")
                self.math_ids.add(gid)
                bold = t.get_fontweight() in ("bold", 700, "heavy")
                align = {"left": "left", "right": "right"}.get(t.get_horizontalalignment(), "center")
                self.maths.append({"gid": gid, "text": s, "size": size, "bold": bold, "area": box, "align": align,
                                   "color": color, "owner": owner})
                continue
            lines = s.split("\n")
            if rot in (90.0, 270.0):
                w = min(box.w, size * len(lines) * 1.05)
                ink = Rect(box.cx - w / 2, box.y, w, box.h)
                rotate = -90.0 if rot == 90.0 else 90.0
            elif rot == 0.0:
                h = min(box.h, size * (1.0 + 1.2 * (len(lines) - 1)))
                ink = Rect(box.x, box.cy - h / 2, box.w, h)
                rotate = 0.0
            else:
                ink, rotate = box, -rot
            self.texts.append({"gid": gid, "text": " ".join(lines), "size": size, "color": color, "box": ink,
                               "owner": owner, "rotate": rotate})

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """A data point → chart px (y down, origin at the top-left of the chart's figure area)."""
        px, py = self._data_to_px.transform((x, y))
        return float(px), float(self.H - py)

    # ------------------------------------------------------------------ drawing into the scene
    def block(self) -> DrawnBlock:
        ext = self.extent

        def paint(ctx, x, y):
            dx, dy = x - ext.x, y - ext.y
            markup = (f'<g id="{self.prefix}" transform="translate({num(dx)} {num(dy)})" stroke-linejoin="round" '
                      f'stroke-linecap="butt">{self.markup}</g>')
            ctx.scene.add(RawItem(markup=markup, box=Rect(x, y, ext.w, ext.h)))
            for t in self.texts:
                b = _move(t["box"], dx, dy)
                ctx.scene.texts.append(TextItem(b.x, b.bottom, t["text"], t["size"], t["color"], box=b,
                                                owner=_move(t["owner"], dx, dy), rotate=t["rotate"]))
            for m in self.maths:
                block = layout_text(m["text"], m["size"], bold=m["bold"])
                first = len(ctx.scene.items)
                place_text(ctx, block, _move(m["area"], dx, dy), align=m["align"], color=m["color"],
                           owner=_move(m["owner"], dx, dy))
                if _NUMERIC.fullmatch(m["text"].strip("$")):
                    _as_math_face(ctx, first, m["size"] * MATH_SCALE)
            nid = self.node.id
            ctx.placed[f"{nid}.axes"] = _move(self.axes_rect, dx, dy)
            for name, r in self.label_rects.items():
                ctx.placed[f"{nid}.{name}"] = _move(r, dx, dy)
            for name, (px, py) in self.points.items():
                ctx.placed[f"{nid}.{name}"] = Rect(px + dx - 1, py + dy - 1, 2, 2)

        return DrawnBlock(self.node, ext.w, ext.h, paint)


TEXT_CLEARANCE = 5.0      # px kept between a chart text (a series tag, a `texts` entry) and any plotted line
_SEARCH_STEP = 2.0        # px: the nudges tried grow by this much …
_SEARCH_MAX = 48.0        # … up to this far from where the spec put the text
_DIRECTIONS = 16


def _plotted_segments(ax, renderer) -> list:
    """Every drawn data line of the axes (series, guides, reference lines, and the grid when it is on) as
    display-space segments ((x0, y0), (x1, y1)), clipped to the axes when the line is; a line of markers gives a
    small square per marker (as four segments)."""
    import numpy as np

    box = ax.get_window_extent(renderer)
    out = []
    grid = [g for g in list(ax.get_xgridlines()) + list(ax.get_ygridlines()) if g.get_visible()]
    for line in list(ax.lines) + grid:
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) == 0:
            continue
        clip = box if line.get_clip_on() else None
        if line.get_linestyle() not in ("None", "none", "", " "):
            pts = xy
            if str(line.get_drawstyle()).startswith("steps"):
                steps = []
                for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
                    steps += [(x0, y0), (x1, y0)]
                pts = np.asarray(steps + [tuple(xy[-1])])
            for p, q in zip(pts, pts[1:]):
                seg = _clip_segment(tuple(p), tuple(q), clip)
                if seg:
                    out.append(seg)
        if line.get_marker() not in (None, "None", "none", "", " "):
            r = float(line.get_markersize()) / 2          # points = px at the chart's 72 dpi
            for x, y in xy:
                if clip is None or (clip.x0 - r <= x <= clip.x1 + r and clip.y0 - r <= y <= clip.y1 + r):
                    c = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
                    out += [(c[k], c[(k + 1) % 4]) for k in range(4)]
    return out


def _clip_segment(p, q, box):
    """The part of segment p–q inside ``box`` (a matplotlib Bbox; None: no clipping), or None."""
    from diagrams.checks import clip_segment

    return (p, q) if box is None else clip_segment(p, q, Rect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0))


def _text_frame(ann, renderer):
    """A text's rectangle as (centre, half width, half height, angle in radians), rotation included."""
    import math

    angle = float(ann.get_rotation())
    box = ann.get_window_extent(renderer)
    if angle % 360:
        ann.set_rotation(0)
        flat = ann.get_window_extent(renderer)
        ann.set_rotation(angle)
        w, h = flat.width, flat.height
    else:
        w, h = box.width, box.height
    return ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2), w / 2, h / 2, math.radians(angle)


def _hits(frame, segments, pad: float) -> bool:
    """Does any segment come within ``pad`` of the (rotated) text rectangle?"""
    import math

    from diagrams.checks import clip_segment

    (cx, cy), hw, hh, a = frame
    c, s = math.cos(-a), math.sin(-a)
    hw, hh = hw + pad, hh + pad
    own = Rect(-hw, -hh, 2 * hw, 2 * hh)
    reach = math.hypot(hw, hh)          # no part of the rectangle is farther from its centre
    for (x0, y0), (x1, y1) in segments:
        if (min(x0, x1) > cx + reach or max(x0, x1) < cx - reach
                or min(y0, y1) > cy + reach or max(y0, y1) < cy - reach):
            continue                    # the segment's box is clear of the rectangle's circle
        # into the text's own frame: the rectangle becomes axis-parallel around the origin
        p = ((x0 - cx) * c - (y0 - cy) * s, (x0 - cx) * s + (y0 - cy) * c)
        q = ((x1 - cx) * c - (y1 - cy) * s, (x1 - cx) * s + (y1 - cy) * c)
        if clip_segment(p, q, own) is not None:
            return True
    return False


def clear_of_lines(ax, texts, renderer, width: float, height: float, pad: float = TEXT_CLEARANCE) -> list:
    """Move each text that sits on a plotted line the least distance that clears every line by ``pad`` (rotated
    texts by their own rectangle), keeping it inside the chart's ``width`` × ``height`` and off the texts already
    placed; a text that no nudge within _SEARCH_MAX px clears stays where the spec put it. Returns the moves
    [(text, dx, dy)] in px (y up)."""
    import math

    if not texts:
        return []
    with renderer._draw_disabled():          # ticks and grid lines at their final places, no pixels
        ax.figure.draw(renderer)
    segments = _plotted_segments(ax, renderer)
    placed, moves = [], []
    for ann in texts:
        frame = _text_frame(ann, renderer)
        if segments and _hits(frame, segments, pad):
            (cx, cy), hw, hh, a = frame
            box = ann.get_window_extent(renderer)
            best = None
            r = _SEARCH_STEP
            while r <= _SEARCH_MAX and best is None:
                for k in range(_DIRECTIONS):
                    ang = 2 * math.pi * k / _DIRECTIONS
                    dx, dy = round(r * math.cos(ang), 3), round(r * math.sin(ang), 3)
                    if box.x0 + dx < 0 or box.x1 + dx > width or box.y0 + dy < 0 or box.y1 + dy > height:
                        continue
                    moved = ((cx + dx, cy + dy), hw, hh, a)
                    if _hits(moved, segments, pad):
                        continue
                    if any(_hits(moved, p, 0.0) for p in placed):
                        continue
                    best = (dx, dy)
                    break
                r += _SEARCH_STEP
            if best is not None:
                ox, oy = ann.xyann
                ann.xyann = (ox + best[0], oy + best[1])      # offset points = px at 72 dpi, y up
                frame = ((cx + best[0], cy + best[1]), hw, hh, a)
                moves.append((ann, best[0], best[1]))
        placed.append(_rect_segments(frame))
    return moves


def _rect_segments(frame) -> list:
    """The four sides of a (rotated) text rectangle as segments (for keeping later texts off it)."""
    import math

    (cx, cy), hw, hh, a = frame
    c, s = math.cos(a), math.sin(a)
    corners = [(cx + x * c - y * s, cy + x * s + y * c) for x, y in ((-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh))]
    return [(corners[k], corners[(k + 1) % 4]) for k in range(4)]


def _move(r, dx, dy):
    return None if r is None else Rect(r.x + dx, r.y + dy, r.w, r.h)


def _as_math_face(ctx, first: int, size: float) -> None:
    """A number typeset as a formula (a tick among formula ticks) becomes real text in the math face, where the
    formula was (``size``: the formula's px size): it stays a word a reader can select and find, drawn in the
    formulas' face (the PNG, PDF and slides draw it with the formula's own outlines)."""
    items = ctx.scene.items
    for i in range(first, len(items)):
        it = items[i]
        if isinstance(it, MathItem) and it.tex and _NUMERIC.fullmatch(it.tex):
            items[i] = TextItem(it.x, it.y, typographic(it.tex), size, it.color, box=it.box, owner=it.owner,
                                family="math")


def _same_font(labels: list[str]) -> list[str]:
    """One face for the tick labels of an axis: when some are formulas (``$1-\\varepsilon$``), the plain
    numbers among them are set as formulas too, so ``1`` and ``1 − ε`` share the math font."""
    from diagrams.text.rich import split_runs

    if not any(any(k == "math" for k, _ in split_runs(s)) for s in labels):
        return labels
    return [f"${s.replace(MINUS, '-')}$" if _NUMERIC.fullmatch(s) else s for s in labels]


def _short(v: float) -> str:
    s = str(int(v)) if float(v).is_integer() else f"{v:.4g}"
    return s.replace("-", "\u2212")          # a real minus sign, as matplotlib writes it


def _inside_parts(p0, p1, outline) -> list:
    """The pieces of segment p0→p1 inside the closed polygon ``outline`` (even-odd rule)."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    cuts = []
    for (ax_, ay), (bx, by) in zip(outline, list(outline[1:]) + [outline[0]]):
        ex, ey = bx - ax_, by - ay
        den = dx * ey - dy * ex
        if abs(den) < 1e-12:
            continue
        t = ((ax_ - x0) * ey - (ay - y0) * ex) / den
        u = ((ax_ - x0) * dy - (ay - y0) * dx) / den
        if 0 <= t <= 1 and 0 <= u < 1:
            cuts.append(t)
    cuts = sorted(set(round(c, 9) for c in cuts))
    return [[(x0 + a * dx, y0 + a * dy), (x0 + b * dx, y0 + b * dy)]
            for a, b in zip(cuts[::2], cuts[1::2]) if b - a > 1e-9]


def _prefix(ctx, node) -> str:
    fig = Path(str(ctx.file or "figure")).stem
    raw = f"chart-{fig}-{node.id}"
    return re.sub(r"[^A-Za-z0-9_-]", "-", raw)


def make(node, ctx):
    return Chart(node, ctx).block()


# ----------------------------------------------------------------------------------------- sanitising
ALLOWED_TAGS = {"g", "path", "text", "tspan", "clipPath", "defs", "rect", "circle", "ellipse", "line", "polyline",
                "polygon", "use"}
ALLOWED_ATTRS = {"d", "x", "y", "width", "height", "transform", "fill", "stroke", "stroke-width", "stroke-dasharray",
                 "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "fill-opacity",
                 "stroke-opacity", "opacity", "clip-path", "font-size", "font-family", "font-weight", "font-style",
                 "text-anchor", "dominant-baseline", "id", "cx", "cy", "r", "rx", "ry", "points", "x1", "y1", "x2",
                 "y2", "fill-rule", "clip-rule", "letter-spacing"}
NUMERIC_ATTRS = {"x", "y", "width", "height", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2", "stroke-width",
                 "font-size"}
SHAPES = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "line"}
_FLOAT = re.compile(r"-?\d+\.\d+(?:e-?\d+)?|-?\d+(?:e-?\d+)?")


def _round_numbers(s: str) -> str:
    return _FLOAT.sub(lambda m: num(float(m.group(0))), s)


def _style(value: str) -> dict:
    out = {}
    for part in (value or "").split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = v.strip()
    if "font" in out:                       # shorthand: "[style] [weight] size family"
        m = re.match(r"(?:(italic|oblique|normal)\s+)?(?:(bold|normal|\d{3})\s+)?([\d.]+)px\s+(.+)", out.pop("font"))
        if m:
            if m.group(1) and m.group(1) != "normal":
                out["font-style"] = m.group(1)
            if m.group(2) and m.group(2) != "normal":
                out["font-weight"] = m.group(2)
            out["font-size"] = m.group(3)
            out["font-family"] = m.group(4)
    return out


def sanitize_svg(svg: str, prefix: str, font_stack: str, *, drop=(), keep=()) -> str:
    """matplotlib's SVG → slide-safe inner markup (no <svg> wrapper): presentation attributes, inlined <use>,
    prefixed ids, internal references only, the theme's font stack on text. Groups whose id is in ``drop``
    are removed; ids in ``keep`` (and referenced ids) are kept, prefixed, every other id goes."""
    root = ET.fromstring(svg)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    referenced = set()
    for el in root.iter():
        for k, v in el.attrib.items():
            for ref in re.findall(r"url\(#([^)]+)\)", v):
                referenced.add(ref)
    drop, keep = set(drop), set(keep)

    def tag_of(el):
        return el.tag.replace(SVG_NS, "")

    def attrs_of(el) -> dict:
        a = {}
        for k, v in el.attrib.items():
            if k == "style":
                a.update(_style(v))
            elif k.startswith("{"):
                continue
            else:
                a[k] = v
        return a

    def clean(tag: str, a: dict, in_clip: bool) -> dict:
        out = {}
        for k, v in a.items():
            if k not in ALLOWED_ATTRS:
                continue
            v = v.strip()
            if k == "id":
                if v in referenced or v in keep:
                    out[k] = f"{prefix}-{v}"
                continue
            if "url(" in v:
                refs = re.findall(r"url\(#([^)]+)\)", v)
                if not refs or re.search(r"url\((?!#)", v):
                    continue
                v = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", v)
            if k == "transform":
                v = re.sub(r"rotate\(-?0(?:\.0+)?(?: [^)]*)?\)", "", v).strip()
                if not v:
                    continue
                v = _round_numbers(v)
            elif k == "d" or k == "points":
                v = _round_numbers(" ".join(v.split()))
            elif k in NUMERIC_ATTRS:
                v = _round_numbers(v.replace("px", ""))
            elif k == "font-family":
                v = font_stack
            elif k == "stroke-dasharray":
                v = _round_numbers(v.replace(",", " "))
            if k in ("fill", "stroke") and v.startswith("#"):
                v = v.upper()
            out[k] = v
        if tag in ("text", "tspan"):
            out.setdefault("font-family", font_stack)
        if tag == "text":
            out.setdefault("fill", "#000000")
        if tag in SHAPES and not in_clip:
            out.setdefault("fill", "#000000")
        if out.get("font-weight") in ("700", "800", "900"):
            out["font-weight"] = "bold"
        return out

    def emit(el, in_clip=False) -> str:
        tag = tag_of(el)
        if tag not in ALLOWED_TAGS or el.get("id") in drop:
            return ""
        a = attrs_of(el)
        if tag == "use":
            href = el.get(XLINK) or el.get("href") or ""
            target = by_id.get(href[1:]) if href.startswith("#") else None
            if target is None:
                return ""
            merged = attrs_of(target)
            merged.pop("id", None)
            merged.update({k: v for k, v in a.items() if k not in ("x", "y")})
            shift = f"translate({a.get('x', 0) or 0} {a.get('y', 0) or 0})"
            merged["transform"] = (shift + " " + merged.get("transform", "")).strip()
            return emit_with(target, tag_of(target), merged, in_clip)
        return emit_with(el, tag, a, in_clip)

    def emit_with(el, tag, a, in_clip) -> str:
        in_clip = in_clip or tag == "clipPath"
        if tag == "defs":
            inner = "".join(emit(ch, True) for ch in el if tag_of(ch) == "clipPath")
            return f"<defs>{inner}</defs>" if inner else ""
        cleaned = clean(tag, a, in_clip)
        if (tag in SHAPES and not in_clip and cleaned.get("fill") == "none"
                and cleaned.get("stroke") in (None, "none")):
            return ""                       # transparent figure / axes backgrounds
        attr = "".join(f' {k}="{_esc(v)}"' for k, v in cleaned.items())
        is_text = tag in ("text", "tspan")
        body = _esc(el.text) if is_text and el.text else ""
        for ch in el:
            body += emit(ch, in_clip)
            if is_text and ch.tail:
                body += _esc(ch.tail)
        if not body:
            return "" if tag in ("g", "text", "tspan", "clipPath") else f"<{tag}{attr}/>"
        if tag == "g" and not cleaned:
            return body
        return f"<{tag}{attr}>{body}</{tag}>"

    return "".join(emit(child) for child in root)


def _esc(s: str) -> str:
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))
