"""A recording canvas for components: draw in local coordinates, measure the extent, replay anywhere.

Components that place many primitives (bar charts, step diagrams) record them once in ``make`` with
coordinates of their own choosing; ``Canvas.block(node)`` returns a Block whose size is the recorded
extent and whose drawing replays everything translated to where the layout puts it. Text goes through
``place_text`` (so lint sees every text box); numbers and words stay real ``<text>``.
"""
from __future__ import annotations

from diagrams import icons as icon_lib
from diagrams.components._base import DrawnBlock
from diagrams.errors import SpecError
from diagrams.layout.shapes import arrowhead
from diagrams.layout.text import place_text
from diagrams.render.svg import num
from diagrams.scene import Paint, Rect, Shape, TextItem
from diagrams.text import fonts
from diagrams.text.rich import TextBlock
from diagrams.text.rich import layout as layout_text


MAX_DATA_NUMBER = 10_000    # a number of a component's own data keys: px, font sizes, gaps, counts
MAX_DATA_TEXT = 2_000       # characters of a text among them (as a label of an ordinary node)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# What a data key holds, as declared by each component (``KEYS = {"height": "positive", …}``); alternatives
# are joined by "|" ("bool|whole|list"). Numbers are finite and at most MAX_DATA_NUMBER in size.
KINDS = {
    "number": ("a number", _is_number),
    "positive": ("a positive number", lambda v: _is_number(v) and v > 0),
    "whole": ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)
              or isinstance(v, float) and v.is_integer()),
    "text": ("a text", lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool)),
    "bool": ("true or false", lambda v: isinstance(v, bool)),
    "list": ("a list", lambda v: isinstance(v, list)),
    "mapping": ("a mapping", lambda v: isinstance(v, dict)),
    "pair": ("a pair of numbers [a, b]", lambda v: isinstance(v, list) and len(v) == 2 and all(map(_is_number, v))),
    "numbers": ("a list of numbers", lambda v: isinstance(v, list) and all(map(_is_number, v))),
    "any": ("anything", lambda v: True),
}


def _numbers_in(v):
    if _is_number(v):
        yield v
    elif isinstance(v, list):
        for x in v:
            if _is_number(x):
                yield x


def check_kind(value, kind: str, what: str, line=None, col=None) -> None:
    """Refuse ``value`` unless it is one of the ``kind`` alternatives (and its numbers are within limits)."""
    kinds = kind.split("|")
    if "any" in kinds:
        return
    values = [value["en"], value["zh"]] if isinstance(value, dict) and set(value) == {"en", "zh"} \
        and "mapping" not in kinds else [value]
    for v in values:
        if not any(KINDS[k][1](v) for k in kinds):
            want = " or ".join(KINDS[k][0] for k in kinds)
            shown = repr(v) if not isinstance(v, str) or len(v) <= 40 else repr(v[:40] + "…")
            raise SpecError(f"{what} must be {want}, not {shown}", line=line, col=col,
                            hint="see the component's keys in docs/spec-format.md")
        if isinstance(v, str) and len(v) > MAX_DATA_TEXT:
            raise SpecError(f"{what} is a text of {len(v)} characters, over the limit MAX_DATA_TEXT = {MAX_DATA_TEXT}",
                            line=line, col=col, hint="a label is a few words")
        if "list" in kinds or "mapping" in kinds or "any" in kinds:
            continue
        for x in _numbers_in(v):
            if not abs(x) <= MAX_DATA_NUMBER:
                raise SpecError(f"{what} is {x:g}, over the limit MAX_DATA_NUMBER = {MAX_DATA_NUMBER}", line=line,
                                col=col, hint="px, font sizes and counts of a figure are far smaller")


def check_kinds(node, kinds: dict, component: str, data=None) -> None:
    """Refuse a data value of the wrong kind (``kinds``: key → kind), located at its key."""
    data = node.get("data") if data is None else data
    for key, kind in kinds.items():
        if isinstance(data, dict) and key in data:
            line, col = data.where(key) if hasattr(data, "where") else (None, None)
            check_kind(data[key], kind, f"data.{key} of component {component}", line, col)


def mappings(node, data: dict, key: str, component: str) -> list:
    """``data[key]`` (absent: []) as a list of mappings, else a SpecError located at the list or the entry."""
    items = data.get(key)
    if items is None or items is False:
        return []
    if not isinstance(items, list):
        raise data_error(node, f"data.{key} of component {component} must be a list, not {items!r}"[:200], key)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise data_error(node, f"entry {i + 1} of data.{key} of component {component} must be a mapping, "
                                   f"not {item!r}"[:200], key, i, hint="see the component's keys in docs/spec-format.md")
    return items


def entries(node, data: dict, key: str, component: str, kinds: dict) -> list:
    """``data[key]`` as a list of mappings whose values have the ``kinds`` (key → kind), else a SpecError located
    at the entry or its key."""
    items = mappings(node, data, key, component)
    for i, item in enumerate(items):
        for k, kind in kinds.items():
            if k in item:
                line, col = data_where(node, key, i, k)
                check_kind(item[k], kind, f"{k} of entry {i + 1} of data.{key} of component {component}", line, col)
    return items


def check_fields(node, mapping, kinds: dict, what: str, *path) -> None:
    """Refuse a value of the wrong kind in a mapping nested in the node's data (at ``path``), at its key."""
    if not isinstance(mapping, dict):
        return
    for k, kind in kinds.items():
        if k in mapping:
            check_kind(mapping[k], kind, f"{what}.{k}", *data_where(node, *path, k))


def check_data(node, known, component: str) -> None:
    """Refuse data keys a component does not know, located at the key, with a suggestion; with ``known`` a
    mapping of key → kind (see KINDS) also values of the wrong kind."""
    from diagrams.theme import suggest

    data = node.get("data") or {}
    if not isinstance(data, dict):
        raise SpecError(f"data of a {component} component must be a mapping", hint="give `data: {key: value, …}`")
    for key in data:
        if key not in known:
            line, col = data.where(key) if hasattr(data, "where") else (None, None)
            raise SpecError(f"unknown key '{key}' in data of component {component}", line=line, col=col,
                            hint=suggest(key, sorted(known), "one of the documented keys"))
    if isinstance(known, dict):
        check_kinds(node, known, component, data)


def data_where(node, *path) -> tuple:
    """Line and column of ``data.<path>`` of the node as written (of the deepest key of it that exists)."""
    from diagrams.spec.loader import where

    data = node.get("data")
    return where(data, list(path)) if hasattr(data, "where") else (None, None)


def data_error(node, message: str, *path, hint: str | None = None) -> SpecError:
    """A SpecError located at ``data.<path>`` of the node as written."""
    line, col = data_where(node, *path)
    return SpecError(message, line=line, col=col, hint=hint)


def _move(r: Rect | None, dx: float, dy: float) -> Rect | None:
    return None if r is None else Rect(r.x + dx, r.y + dy, r.w, r.h)


def path_d(cmds, dx: float = 0.0, dy: float = 0.0) -> str:
    """``[("M", x, y), ("L", x, y), ("Q", x1, y1, x, y), ("C", …), ("Z",)]`` → an SVG path, shifted."""
    out = []
    for op, *xy in cmds:
        pts = [num(v + (dx if i % 2 == 0 else dy)) for i, v in enumerate(xy)]
        out.append(op + " ".join(pts))
    return "".join(out)


class Canvas:
    def __init__(self):
        self.ops: list = []
        self.extent: Rect | None = None
        self.parts: dict[str, Rect] = {}

    # ------------------------------------------------------------ recording
    def grow(self, r: Rect):
        self.extent = r if self.extent is None else self.extent.union(r)

    def rect(self, r: Rect, paint: Paint, radius: float = 0.0):
        self.ops.append(("rect", r, paint, radius))
        sw = paint.stroke_width / 2 if paint.stroke not in (None, "none") else 0
        self.grow(r.inset(-sw))

    def path(self, cmds, paint: Paint, linecap: str | None = None):
        self.ops.append(("path", list(cmds), paint, linecap))
        xs = [v for c in cmds for v in c[1::2]]
        ys = [v for c in cmds for v in c[2::2]]
        if xs:
            sw = paint.stroke_width / 2 if paint.stroke not in (None, "none") else 0
            self.grow(Rect(min(xs) - sw, min(ys) - sw, max(xs) - min(xs) + 2 * sw, max(ys) - min(ys) + 2 * sw))

    def line(self, x0, y0, x1, y1, color: str, width: float = 1.2, dash: str | None = None):
        self.path([("M", x0, y0), ("L", x1, y1)], Paint(stroke=color, stroke_width=width, dash=dash))

    def arrow(self, x0, y0, x1, y1, color: str, width: float = 1.2, dash: str | None = None, head: float = 9.0):
        """A straight line from (x0, y0) with a filled arrowhead whose point is (x1, y1)."""
        import math

        L = math.hypot(x1 - x0, y1 - y0) or 1.0
        bx, by = x1 - (x1 - x0) / L * head * 0.8, y1 - (y1 - y0) / L * head * 0.8
        self.line(x0, y0, bx, by, color, width, dash)
        self.ops.append(("head", (x1, y1), (x1 - x0, y1 - y0), head, color))
        self.grow(Rect(x1 - head, y1 - head, 2 * head, 2 * head))

    def text(self, text: str | TextBlock, area: Rect | None = None, *, size: float = 15, bold: bool = False,
             color: str = "#262626", align: str = "center", valign: str = "middle", wrap: float | None = None,
             italic: bool = False, owner: Rect | None = None, at: tuple[float, float] | None = None,
             anchor: str = "middle") -> Rect:
        """Record text in ``area`` (or centred/anchored at the point ``at``); returns the text's rectangle."""
        block = text if isinstance(text, TextBlock) else layout_text(text, size, bold=bold, wrap=wrap)
        if area is None:
            x, y = at
            left = {"start": x, "end": x - block.width}.get(anchor, x - block.width / 2)
            area = Rect(left, y - block.height / 2, block.width, block.height)
            align = {"start": "left", "end": "right"}.get(anchor, "center")
        if valign == "top":
            top = area.y
        elif valign == "bottom":
            top = area.bottom - block.height
        else:
            top = area.y + (area.h - block.height) / 2
        left = {"left": area.x, "right": area.right - block.width}.get(align, area.x + (area.w - block.width) / 2)
        box = Rect(left, top, block.width, block.height)
        self.ops.append(("text", block, area, align, valign, color, italic, owner))
        self.grow(box)
        return box

    def rotated_text(self, text: str, x: float, y: float, size: float, color: str, bold: bool = False):
        """Text rotated -90° reading upwards, its start at (x, y), centred on the vertical line x."""
        w = fonts.text_width(text, size, bold)
        base_x = x + size * 0.35
        box = Rect(base_x - size * 0.86, y - w, size * 1.0, w)
        self.ops.append(("rtext", TextItem(base_x, y, text, size, color, bold=bold, box=box, rotate=-90)))
        self.grow(box)
        return box

    def icon(self, name: str, box: Rect, color: str):
        icon_lib.check(name)
        self.ops.append(("icon", name, box, color))
        self.grow(box)

    def part(self, name: str, r: Rect):
        """Offer ``r`` as ``node.name`` to edges of the spec."""
        self.parts[name] = r

    # ------------------------------------------------------------ replay
    def block(self, node) -> DrawnBlock:
        ext = self.extent or Rect(0, 0, 1, 1)

        def paint(ctx, x, y):
            self.replay(ctx, x - ext.x, y - ext.y)
            for name, r in self.parts.items():
                ctx.placed[f"{node.id}.{name}"] = _move(r, x - ext.x, y - ext.y)

        return DrawnBlock(node, ext.w, ext.h, paint,
                          parts={name: _move(r, -ext.x, -ext.y) for name, r in self.parts.items()})

    def replay(self, ctx, dx: float, dy: float):
        scene = ctx.scene
        for op in self.ops:
            kind = op[0]
            if kind == "rect":
                _, r, paint, radius = op
                scene.add(Shape("rect", paint, rect=_move(r, dx, dy), radius=radius))
            elif kind == "path":
                _, cmds, paint, linecap = op
                scene.add(Shape("path", paint, d=path_d(cmds, dx, dy), linecap=linecap))
            elif kind == "head":
                _, (x, y), towards, size, color = op
                scene.add(Shape("path", Paint(fill=color), d=arrowhead((x + dx, y + dy), towards, size)))
            elif kind == "text":
                _, block, area, align, valign, color, italic, owner = op
                place_text(ctx, block, _move(area, dx, dy), align=align, valign=valign, color=color, italic=italic,
                           owner=_move(owner, dx, dy))
            elif kind == "rtext":
                t: TextItem = op[1]
                scene.add(TextItem(t.x + dx, t.y + dy, t.text, t.size, t.color, bold=t.bold, box=_move(t.box, dx, dy),
                                   rotate=t.rotate))
            elif kind == "icon":
                _, name, box, color = op
                scene.add(icon_lib.icon_item(name, _move(box, dx, dy), color))
