"""Blocks: a node measured to a size, then drawn at a rectangle. Shapes, stacks and components."""
from __future__ import annotations

import math

from diagrams import icons as icon_lib
from diagrams.errors import SpecError
from diagrams.layout.shapes import bracket, node_dash, outline
from diagrams.layout.text import place_text
from diagrams.model import Node
from diagrams.scene import Gradient, Paint, Rect, Shape
from diagrams.text.rich import layout as layout_text

BADGES = {"lock", "unlock"}     # small corner icons: frozen / trainable
GLYPH_SHAPES = ("circle-plus", "circle-times", "delay")
CAPTION_GAP = 8
BRACKET_GAP = 7


def node_opacity(st) -> float | None:
    """A node's ``opacity`` (0–1): a shape drawn see-through blends with what it overlaps (overlapping sets)."""
    v = st.get("opacity")
    if v is None:
        return None
    try:
        v = float(v)
    except (TypeError, ValueError):
        raise SpecError(f"opacity {v!r} is not a number", hint="a number from 0 to 1") from None
    if not 0.0 <= v <= 1.0:
        raise SpecError(f"opacity {v:g} is outside 0–1", hint="a number from 0 (invisible) to 1 (opaque)")
    return v


def style_of(node: Node, ctx, default: str = "box") -> dict:
    """The theme style the node names (or the default), overlaid with the node's own keys."""
    name = node.get("style")
    if name is None:
        name = default if node.text is not None or node.stack is None else "plain"
    try:
        merged = dict(ctx.theme.style(name))
    except SpecError as exc:
        line, col = node.where("style")
        raise exc.located(file=ctx.file, line=line, col=col)
    merged.update({k: v for k, v in node.props.items() if k not in ("rows", "cols")})
    check_colors(merged, ctx, node)
    return merged


COLOR_KEYS = ("fill", "stroke", "color", "icon_color", "caption_color", "bracket_color")


def check_colors(props: dict, ctx, node: Node) -> None:
    """Resolve every colour a node names now, so a wrong name is reported at its key, not mid-drawing."""
    for key in COLOR_KEYS + ("gradient",):
        values = props.get(key)
        for v in (values if isinstance(values, list) else [values]):
            if v is None:
                continue
            try:
                ctx.theme.color(v)
            except SpecError as exc:
                line, col = node.where(key)
                raise exc.located(file=ctx.file, line=line, col=col)


def make_block(node: Node, ctx, default_style: str = "box"):
    try:
        if node.get("component"):
            from diagrams.components import make_component

            return with_dims(make_component(node, ctx), node, ctx)
        from diagrams.layout.templates import filled_node

        node = filled_node(node, ctx)   # `compute` + "{value…}" placeholders in text/caption
        if node.stack:
            return with_dims(StackBlock(node, ctx), node, ctx)
        return with_dims(ShapeBlock(node, ctx, default_style), node, ctx)
    except SpecError as exc:
        raise exc.located(file=ctx.file, line=node.line, col=node.col)


def font_size(node: Node, st: dict, ctx) -> float:
    """A node's own font_size (emphasis), else its role's size in the theme's type scale (relational layout),
    else the style's size (traced layouts)."""
    if "font_size" in node.props:
        return float(node.props["font_size"])
    if ctx.type_scale is not None:
        return ctx.role_size(st.get("role"), 0.0)
    return float(st.get("font_size", ctx.theme.fonts["size"]))


class Block:
    """Measured size (``w``, ``h``) including captions and brackets; ``draw`` at a rectangle of that size."""
    w: float = 0.0
    h: float = 0.0
    node: Node
    stretch_w = False     # containers ask every child (components too) whether it stretches
    stretch_h = False

    def draw(self, ctx, r: Rect) -> None:
        raise NotImplementedError


class Decorated(Block):
    """Shared handling of captions (above/below) and brackets (left/right) around a core shape."""

    def decorate_size(self, st, ctx, core_w, core_h):
        self.st = st
        self.caption = None
        self.cap_top = 0.0
        self.cap_bottom = 0.0
        if self.node.caption is not None:
            size = st.get("caption_size") or ctx.role_size("caption", ctx.theme.fonts["size"] + 2)
            self.caption = layout_text(ctx.tr(self.node.caption), size, bold=st.get("caption_bold", True) is not False)
            gap = float(st.get("caption_gap", CAPTION_GAP))
            if st.get("caption_at", "bottom") == "top":
                self.cap_top = self.caption.height + gap
            else:
                self.cap_bottom = self.caption.height + gap
        side = st.get("bracket")
        self.br_left = BRACKET_GAP + 2 if side in ("left", "both") else 0.0
        self.br_right = BRACKET_GAP + 2 if side in ("right", "both") else 0.0
        self.core_w, self.core_h = core_w, core_h
        self.w = max(core_w + self.br_left + self.br_right, self.caption.width if self.caption else 0)
        self.h = core_h + self.cap_top + self.cap_bottom

    def core_rect(self, r: Rect) -> Rect:
        """Where the shape goes inside the block's rectangle (stretch to the available width/height)."""
        inner_w = r.w - self.br_left - self.br_right
        w = inner_w if self.stretch_w else self.core_w
        h = r.h - self.cap_top - self.cap_bottom if self.stretch_h else self.core_h
        x = r.x + self.br_left + (inner_w - w) / 2
        y = r.y + self.cap_top + (r.h - self.cap_top - self.cap_bottom - h) / 2
        return Rect(x, y, w, h)

    stretch_w = False
    stretch_h = False

    def draw_decorations(self, ctx, r: Rect, core: Rect):
        if self.caption is not None:
            color = ctx.color(self.st.get("caption_color"), ctx.theme.text_color and "ink")
            gap = float(self.st.get("caption_gap", CAPTION_GAP))
            if self.st.get("caption_at", "bottom") == "top":
                area = Rect(r.x, core.y - gap - self.caption.height, r.w, self.caption.height)
            else:
                area = Rect(r.x, core.bottom + gap, r.w, self.caption.height)
            place_text(ctx, self.caption, Rect(core.x - 200, area.y, core.w + 400, area.h), color=color)
        side = self.st.get("bracket")
        if side:
            # edges meet the bracket, not the shape, on a bracketed side
            getattr(ctx, "attach", {}).setdefault(self.node.id, {}).update(
                {s: BRACKET_GAP for s in ("left", "right") if side in (s, "both")})
            pen = Paint(stroke=ctx.color(self.st.get("bracket_color"), "black"), stroke_width=1.5)
            for s in ("left", "right"):
                if side in (s, "both"):
                    gap = BRACKET_GAP
                    rr = Rect(core.x - gap, core.y, core.w + 2 * gap, core.h)
                    ctx.scene.add(Shape("path", pen, d=bracket(rr, s)))


class ShapeBlock(Decorated):
    def __init__(self, node: Node, ctx, default_style: str = "box"):
        self.node = node
        st = style_of(node, ctx, default_style)
        self.kind = st.get("shape", "round")
        size = font_size(node, st, ctx)
        self.font_size = size
        text = ctx.tr(node.text) if node.text is not None else ""
        try:
            self.text = layout_text(text, size, bold=bool(st.get("bold", False)), wrap=st.get("wrap"),
                                    line_height=ctx.theme.fonts.get("line_height", 1.3)) if text else None
        except SpecError as exc:
            line, col = node.where("text")
            raise exc.located(file=ctx.file, line=line, col=col)
        names = list(st.get("icons", []) or [])
        for name in names:
            try:
                icon_lib.check(name)
            except SpecError as exc:
                line, col = node.where("icons")
                raise exc.located(file=ctx.file, line=line, col=col)
        self.row_icons = [n for n in names if n not in BADGES]
        self.badges = [n for n in names if n in BADGES]
        self.icon_size = float(st.get("icon_size", size * 2.3))
        pad = st.get("padding", [10, 6])
        self.pad = (float(pad[0]), float(pad[1]))
        tw = self.text.width if self.text else 0.0
        th = self.text.height if self.text else 0.0
        # a quarter turn (rotate: 90 or -90, laid out by the engine): the text is measured standing up
        self.quarter = ctx.type_scale is not None and abs(float(st.get("rotate", 0))) % 180 == 90
        if self.quarter:
            tw, th = th, tw
        icons_w = len(self.row_icons) * self.icon_size * 1.1
        icons_h = self.icon_size + 4 if self.row_icons else 0.0
        cw, ch = max(tw, icons_w), th + icons_h
        if self.badges:
            cw += self.icon_size * 0.9  # keep the corner badge clear of centred text
        w, h = cw + 2 * self.pad[0], ch + 2 * self.pad[1]
        if self.kind in ("circle", "ellipse"):
            # the content rectangle must fit inside the ellipse: scale by √2 for a circle
            w, h = cw * 1.3 + 2 * self.pad[0], ch * 1.3 + 2 * self.pad[1]
            if self.kind == "circle":
                w = h = max(w, h, math.hypot(cw, ch) + 2 * max(self.pad))
        if self.kind == "callout":
            w += 0
        if ctx.type_scale is not None and self.text and self.kind in ("block-arrow", "cycle"):
            w, h = around_text(self.kind, cw, ch, self.pad, st, size)
        mn = st.get("min_size") or [0, 0]
        if ctx.type_scale is not None and not self.text and self.kind in GLYPH_SHAPES:
            mn = [max(float(mn[0]), size * 1.2), max(float(mn[1]), size * 1.2)]   # ⊕ and ⊗ as big as a letter
        sz = st.get("size") or [0, 0]
        w = max(w, float(mn[0]), float(sz[0]))
        h = max(h, float(mn[1]), float(sz[1]))
        if self.kind == "circle":
            w = h = max(w, h)
        if self.kind == "block-arrow" and self.text and ctx.type_scale is not None:
            w, h = arrow_room(st, w, h, cw, ch, self.pad)
        self.stretch_w = st.get("place") == "fill"
        self.stretch_h = st.get("place") == "fill"
        self.decorate_size(st, ctx, w, h)

    def paint(self, ctx) -> Paint:
        st = self.st
        fill = st.get("fill")
        grad = st.get("gradient")
        fill_v = None
        if grad:
            cols = [ctx.color(c) for c in grad]
            n = len(cols) - 1
            fill_v = Gradient(tuple((i / n, c) for i, c in enumerate(cols)), vertical=bool(st.get("gradient_vertical")))
        else:
            fill_v = ctx.color(fill, "none")
        stroke = ctx.color(st.get("stroke"), "none")
        return Paint(fill=fill_v, stroke=stroke, stroke_width=float(st.get("stroke_width", 1)),
                     dash=node_dash(st.get("dash")), opacity=node_opacity(st))

    def draw(self, ctx, r: Rect):
        st = self.st
        core = self.core_rect(r)
        ctx.placed[self.node.id] = core
        if self.kind in STROKE_SHAPES and not self.text:
            ctx.strokes.add(self.node.id)
        for shp in outline(self.kind, core, self.paint(ctx), float(st.get("radius", 6)),
                           st.get("direction", {"brace": "up", "bubble": "left"}.get(self.kind, "right")),
                           head=st.get("head"), split=float(st.get("split", 0)), dash_part=st.get("dash_part"),
                           tip_at=float(st.get("tip_at", 0.5)), points=st.get("points")):
            ctx.scene.add(shp)
        color = ctx.color(st.get("color"), "ink")
        inner = Rect(core.x + self.pad[0], core.y + self.pad[1], core.w - 2 * self.pad[0], core.h - 2 * self.pad[1])
        icons_h = self.icon_size + 4 if self.row_icons else 0.0
        if self.text:
            area = Rect(inner.x, inner.y, inner.w, inner.h - icons_h)
            if ctx.type_scale is not None and self.kind == "block-arrow":   # the text sits in the shaft
                shaft = arrow_shaft(core, st.get("direction", "right"), st.get("head"))
                area = Rect(shaft.x + self.pad[0], shaft.y + self.pad[1], shaft.w - 2 * self.pad[0],
                            shaft.h - 2 * self.pad[1])
            if self.badges:
                area = Rect(inner.x, inner.y, inner.w, inner.h - icons_h)
            owner = None if self.kind == "none" else core
            pivot = None
            if self.quarter:      # laid out across the turned area, then turned about its centre
                pivot = (area.cx, area.cy)
                area = Rect(area.cx - area.h / 2, area.cy - area.w / 2, area.h, area.w)
            place_text(ctx, self.text, area, align=st.get("align", "center"), valign=st.get("valign", "middle"),
                       color=color, italic=bool(st.get("italic")), owner=owner, rotate=float(st.get("rotate", 0)),
                       pivot=pivot)
        icolor = ctx.color(st.get("icon_color"), "grey-4")
        if self.row_icons:
            total = len(self.row_icons) * self.icon_size * 1.1
            x = core.cx - total / 2
            y = inner.bottom - self.icon_size if self.text else core.cy - self.icon_size / 2
            for name in self.row_icons:
                ctx.scene.add(icon_lib.icon_item(name, Rect(x + self.icon_size * 0.05, y, self.icon_size, self.icon_size), icolor))
                x += self.icon_size * 1.1
        for i, name in enumerate(self.badges):
            s = self.icon_size * 0.55
            x = core.x + 6 + i * s if st.get("badge_side") == "left" else core.right - s - 6 - i * s
            ctx.scene.add(icon_lib.icon_item(name, Rect(x, core.bottom - s - 5, s, s), icolor))
        self.draw_decorations(ctx, r, core)


STROKE_SHAPES = {"brace", "square-bracket", "paren", "rule", "double-rule"}   # drawn as a line, not a box


def around_text(kind: str, cw: float, ch: float, pad, st: dict, size: float) -> tuple[float, float]:
    """Relational layout: the size of a shape drawn around its text rather than behind it. A block arrow's
    shaft (half its thickness) holds the text and padding, its head lies beyond; a cycle's four arrows ring
    the text (the hole is about half the radius), at least six letters across."""
    if kind == "cycle":
        d = max(2 * (math.hypot(cw, ch) / 2 + min(pad)) / 0.52, 6 * size)
        return d, d
    direction = st.get("direction", "right")
    head_ratio = 0.9 if st.get("head") is None else float(st.get("head"))
    horizontal = direction in ("left", "right", "both")
    along, across = (cw + 2 * pad[0], ch + 2 * pad[1]) if horizontal else (ch + 2 * pad[1], cw + 2 * pad[0])
    thick = 2 * across
    head = thick * head_ratio
    length = max(along + head * (2 if direction == "both" else 1), 2.2 * head)
    return (length, thick) if horizontal else (thick, length)


def arrow_shaft(r: Rect, direction: str, head) -> Rect:
    """The shaft of a block arrow drawn in ``r`` (see shapes.block_arrow): where its text goes."""
    head_ratio = 0.9 if head is None else float(head)
    horizontal = direction in ("left", "right", "both")
    length, thick = (r.w, r.h) if horizontal else (r.h, r.w)
    h = min(thick * head_ratio, length / 2.2)
    lo, hi = {"left": (h, length), "up": (h, length), "both": (h, length - h)}.get(direction, (0.0, length - h))
    if horizontal:
        return Rect(r.x + lo, r.y + thick * 0.25, hi - lo, thick * 0.5)
    return Rect(r.x + thick * 0.25, r.y + lo, thick * 0.5, hi - lo)


class StackBlock(Decorated):
    """Children stacked in rows (top→bottom) or cols (left→right) inside an optional panel."""

    def __init__(self, node: Node, ctx):
        self.node = node
        st = style_of(node, ctx, "plain")
        self.children = [make_block(c, ctx) for c in node.children]
        gap = st.get("gap", 6 if st.get("fill") in (None, "none") else 14)
        if isinstance(gap, (list, tuple)) and len(gap) == 2:   # [across, down]: the one along the stack
            gap = gap[1] if node.stack == "rows" else gap[0]
        if isinstance(gap, str):       # a name of the theme's spacing scale: tight, normal, wide
            from diagrams.layout.auto import gap_px

            gap = gap_px(gap, ctx)
        self.gap = float(gap)
        pad = st.get("padding", [0, 0]) if st.get("fill") in (None, "none") and "style" not in node.props else st.get("padding", [18, 18])
        if ctx.type_scale is not None and "style" not in node.props and st.get("fill") in (None, "none"):
            pad = node.props.get("padding", [0, 0])   # an undrawn container adds no margin: nested rows line up
        self.pad = (float(pad[0]), float(pad[1]))
        self.kind = st.get("shape", "round")
        if node.stack == "rows":
            cw = max((c.w for c in self.children), default=0)
            ch = sum(c.h for c in self.children) + self.gap * max(0, len(self.children) - 1)
        else:
            cw = sum(c.w for c in self.children) + self.gap * max(0, len(self.children) - 1)
            ch = max((c.h for c in self.children), default=0)
        self.inner = (cw, ch)
        mn = st.get("size") or [0, 0]
        self.decorate_size(st, ctx, max(cw + 2 * self.pad[0], float(mn[0])), max(ch + 2 * self.pad[1], float(mn[1])))

    def draw_frame(self, ctx, r: Rect) -> Rect:
        """The container's own shape at ``r`` (its children are drawn by whoever placed them)."""
        st = self.st
        core = self.core_rect(r)
        ctx.placed[self.node.id] = core
        fill = st.get("fill")
        if fill not in (None, "none") or st.get("stroke") not in (None, "none"):
            paint = Paint(fill=ctx.color(fill, "none"), stroke=ctx.color(st.get("stroke"), "none"),
                          stroke_width=float(st.get("stroke_width", 1)), dash=node_dash(st.get("dash")),
                          opacity=node_opacity(st))
            # a container's outline keeps its shape's own keys: a polygon's corners, the side it points to
            for shp in outline(self.kind, core, paint, float(st.get("radius", 6)), st.get("direction", "right"),
                               points=st.get("points")):
                ctx.scene.add(shp)
        return core

    def draw(self, ctx, r: Rect):
        core = self.draw_frame(ctx, r)
        x, y = core.x + self.pad[0], core.y + self.pad[1]
        iw, ih = core.w - 2 * self.pad[0], core.h - 2 * self.pad[1]
        if self.node.stack == "rows":
            extra = (ih - self.inner[1]) / max(1, len(self.children))
            y += 0
            for c in self.children:
                h = c.h + max(0.0, extra) if False else c.h
                c.stretch_w = True if c.__class__ is ShapeBlock and not c.st.get("size") else c.stretch_w
                c.draw(ctx, Rect(x, y + (max(0, ih - self.inner[1]) / 2), iw, h))
                y += h + self.gap
        else:
            for c in self.children:
                c.stretch_h = True if c.__class__ is ShapeBlock and not c.st.get("size") else c.stretch_h
                c.draw(ctx, Rect(x + (max(0, iw - self.inner[0]) / 2), y, c.w, ih))
                x += c.w + self.gap
        self.draw_decorations(ctx, r, core)


def arrow_room(st, w: float, h: float, cw: float, ch: float, pad) -> tuple[float, float]:
    """The size of a block arrow holding text, for the engine's layouts: the text fits in the shaft (half the
    arrow's thickness) and clear of the head (a multiple ``head`` of the thickness long), whatever it says."""
    direction = st.get("direction", "right")
    ratio = float(st.get("head", 0.9) if st.get("head") is not None else 0.9)
    across, along, text_across, text_along, pad_across, pad_along = (
        (h, w, ch, cw, pad[1], pad[0]) if direction in ("left", "right", "both") else (w, h, cw, ch, pad[0], pad[1]))
    across = max(across, 2 * (text_across + pad_across))
    # the text is centred on the whole arrow: a head at one end needs as much room at the other
    along = max(along, text_along + 2 * pad_along + 2 * across * ratio)
    return (along, across) if direction in ("left", "right", "both") else (across, along)


DIM_GAP = 4.0          # px between a dimension's arrow and the box, and between the arrow and its text
DIM_HEAD = 6.0         # px: a dimension arrow's head
DIM_SIDES = ("top", "left", "bottom", "right")
# the arrow of each side points the way the dimension grows, counterclockwise round the box (the book's matrices)
DIM_TOWARD = {"top": (-1.0, 0.0), "left": (0.0, 1.0), "bottom": (1.0, 0.0), "right": (0.0, -1.0)}


class DimsBlock(Block):
    """A leaf with dimension annotations (`dims: {top: …, left: …, bottom: …, right: …}`): beside each named side a
    thin arrow as long as that side, with its text (a matrix's `seq_len`, `hid_size`). The block is measured with
    them, so nothing is placed over them; an edge meets the node beyond them (its cells, e.g. a table's
    `node.r0c1`, stay where they are drawn)."""

    def __init__(self, inner: Block, node: Node, ctx):
        self.inner = inner
        self.node = node
        dims = node.get("dims") or {}
        if not isinstance(dims, dict) or not dims or set(dims) - set(DIM_SIDES):
            line, col = node.where("dims")
            raise SpecError("`dims` names the sides of the box and their text", file=ctx.file, line=line, col=col,
                            hint="write e.g. dims: {bottom: hid_size, left: seq_len}")
        size = ctx.role_size("small", ctx.theme.fonts["size"]) if ctx.type_scale is not None else \
            float(node.get("dims_size") or ctx.theme.fonts["size"])
        self.texts = {s: layout_text(ctx.tr(v), size) for s, v in dims.items() if v is not None}
        self.margin = {s: 0.0 for s in DIM_SIDES}
        for s, t in self.texts.items():
            self.margin[s] = t.height + DIM_GAP + DIM_HEAD / 2 if s in ("top", "bottom") else t.width + 2 * DIM_GAP + DIM_HEAD
        self.band = dict(self.margin)      # what each side's dimension takes; the box stays centred in its block
        for a, b in (("left", "right"), ("top", "bottom")):
            self.margin[a] = self.margin[b] = max(self.margin[a], self.margin[b])
        wide = max([t.width + 2 * DIM_HEAD + 8 for s, t in self.texts.items() if s in ("top", "bottom")], default=0.0)
        tall = max([t.height + 2 * DIM_HEAD + 8 for s, t in self.texts.items() if s in ("left", "right")], default=0.0)
        self.w = max(inner.w, wide) + self.margin["left"] + self.margin["right"]
        self.h = max(inner.h, tall) + self.margin["top"] + self.margin["bottom"]

    def draw(self, ctx, r: Rect):
        m = self.margin
        iw, ih = r.w - m["left"] - m["right"], r.h - m["top"] - m["bottom"]
        self.inner.draw(ctx, Rect(r.x + m["left"] + (iw - self.inner.w) / 2, r.y + m["top"] + (ih - self.inner.h) / 2,
                                  self.inner.w, self.inner.h))
        core = ctx.placed.get(self.node.id, r)
        color = ctx.color(self.node.get("dims_color"), "grey-4")
        pen = Paint(stroke=color, stroke_width=1.0)
        from diagrams.layout.shapes import arrowhead
        from diagrams.render.svg import num

        for side, t in self.texts.items():
            dx, dy = DIM_TOWARD[side]
            if side in ("top", "bottom"):
                y = core.y - DIM_GAP - DIM_HEAD / 2 - t.height / 2 if side == "top" else \
                    core.bottom + DIM_GAP + DIM_HEAD / 2 + t.height / 2
                a, b = core.x + 2, core.right - 2
                box = place_text(ctx, t, Rect(core.cx - t.width / 2, y - t.height / 2, t.width, t.height), color=color)
                lo, hi = box.x - 3, box.right + 3
                segs = [((a, y), (lo, y)), ((hi, y), (b, y))] if lo > a + 4 and hi < b - 4 else []
                tip = (b, y) if dx > 0 else (a, y)
            else:
                x = core.x - DIM_GAP - DIM_HEAD / 2 if side == "left" else core.right + DIM_GAP + DIM_HEAD / 2
                a, b = core.y + 2, core.bottom - 2
                tx = x - DIM_GAP - DIM_HEAD / 2 - t.width if side == "left" else x + DIM_GAP + DIM_HEAD / 2
                place_text(ctx, t, Rect(tx, core.cy - t.height / 2, t.width, t.height), color=color,
                           align="right" if side == "left" else "left")
                segs = [((x, a), (x, b))]
                tip = (x, b) if dy > 0 else (x, a)
            for p, q in segs:
                ctx.scene.add(Shape("path", pen, d=f"M{num(p[0])} {num(p[1])}L{num(q[0])} {num(q[1])}"))
            if segs:
                ctx.scene.add(Shape("path", Paint(fill=color), d=arrowhead(tip, (dx, dy), DIM_HEAD)))
        # an edge meets the node beyond its dimensions, so no line crosses their text (its cells stay exact)
        m = self.band      # across: as wide both sides, so an edge from above or below meets the box's middle
        side = max(m["left"], m["right"])
        ctx.placed[self.node.id] = Rect(core.x - side, core.y - m["top"], core.w + 2 * side, core.h + m["top"] + m["bottom"])


def with_dims(block: Block, node: Node, ctx) -> Block:
    """The block, with its dimension annotations if the node asks for them (leaves only)."""
    if node.get("dims") is None:
        return block
    if isinstance(block, StackBlock):
        line, col = node.where("dims")
        raise SpecError("`dims` annotates a leaf (a matrix, a box), not a container", file=ctx.file, line=line,
                        col=col, hint="put the dims on the node inside the container")
    return DimsBlock(block, node, ctx)
