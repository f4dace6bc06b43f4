"""The positioned scene: primitives with absolute coordinates, what layout produces and renderers draw.

Every text item keeps its bounding box and the box of the shape it belongs to, so lint checks
(overflow, collisions) read geometry directly instead of re-measuring SVG.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self): return self.x + self.w / 2
    @property
    def cy(self): return self.y + self.h / 2
    @property
    def right(self): return self.x + self.w
    @property
    def bottom(self): return self.y + self.h

    def inset(self, d: float) -> "Rect":
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def union(self, other: "Rect") -> "Rect":
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def intersects(self, other: "Rect", tol: float = 0.0) -> bool:
        return (self.x + tol < other.right and other.x + tol < self.right
                and self.y + tol < other.bottom and other.y + tol < self.bottom)

    def contains(self, other: "Rect", tol: float = 0.0) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol
                and other.right <= self.right + tol and other.bottom <= self.bottom + tol)


@dataclass
class Paint:
    fill: str | None = None          # colour, "none", or a Gradient
    stroke: str | None = None
    stroke_width: float = 1.0
    dash: str | None = None          # SVG dasharray
    opacity: float | None = None

    def __post_init__(self):
        if self.dash is not None:    # a spec value: refused here, where the drawing node is still known
            from diagrams.render.safe import dash

            dash(self.dash)


@dataclass(frozen=True)
class Gradient:
    stops: tuple[tuple[float, str], ...]
    vertical: bool = False


@dataclass(frozen=True)
class LineEnds:
    """The arrowheads of a line, for renderers with native line ends (PPTX). The scene also holds each head as a
    filled shape marked ``head=True``: a renderer that draws ``ends`` natively skips those, the others draw them."""
    d: str                           # the whole line, tip to tip (the stroked path stops short of the heads)
    start: bool
    end: bool
    size: float                      # head length along the line, px


@dataclass
class Shape:
    """A closed or open outline: rect, ellipse or an arbitrary path."""
    kind: str                        # "rect" | "ellipse" | "path"
    paint: Paint
    rect: Rect | None = None
    radius: float = 0.0
    d: str | None = None             # for paths
    linecap: str | None = None
    overlay: bool = False            # drawn over text on purpose (annotation marks): lint lets it cross text
    ends: LineEnds | None = None     # an arrow's heads, described on its line
    head: bool = False               # this filled path is an arrowhead described by the line's ``ends``


@dataclass
class TextItem:
    x: float                         # anchor point on the baseline
    y: float
    text: str
    size: float
    color: str
    bold: bool = False
    italic: bool = False
    anchor: str = "start"            # start | middle | end
    box: Rect | None = None          # measured extent, for lint
    owner: Rect | None = None        # the shape the text must stay inside (None: free text)
    rotate: float = 0.0
    family: str | None = None        # None: the figure's font stack; "mono": the theme's monospace stack;
                                     # "math": the formulas' face (a number among formulas), outlined for raster
    pivot: tuple[float, float] | None = None  # centre of `rotate` (None: the anchor point x, y)


@dataclass
class MathItem:
    x: float                         # baseline start
    y: float
    d: str
    color: str
    box: Rect | None = None
    owner: Rect | None = None
    rotate: float = 0.0              # degrees, clockwise, about `pivot` (None: the baseline start x, y)
    pivot: tuple[float, float] | None = None
    tex: str = ""                     # the TeX source: the formula's text alternative (aria-label)


@dataclass
class RawItem:
    """Pre-rendered, already sanitised SVG markup (embedded plots) placed by a translation."""
    markup: str
    box: Rect

    @functools.cached_property
    def parts(self) -> list:
        """The markup as absolute-coordinate scene primitives (path Shapes and TextItems), in drawing order:
        what a renderer without SVG draws. Computed once, on first use."""
        from diagrams.flatten import flatten_markup

        return flatten_markup(self.markup)


@dataclass
class Scene:
    items: list = field(default_factory=list)
    texts: list = field(default_factory=list)   # TextItem/MathItem, in drawing order, for lint
    title: str | None = None                     # the frame's title (drawn around the scene), for lint

    def add(self, item):
        self.items.append(item)
        if isinstance(item, (TextItem, MathItem)):
            self.texts.append(item)
        return item

    def bounds(self) -> Rect | None:
        out = None
        for it in self.items:
            r = item_bounds(it)
            if r is not None:
                out = r if out is None else out.union(r)
        return out


def item_bounds(it) -> Rect | None:
    if isinstance(it, Shape):
        if it.rect is not None:
            sw = (it.paint.stroke_width or 0) / 2 if it.paint.stroke not in (None, "none") else 0
            r = Rect(it.rect.x - sw, it.rect.y - sw, it.rect.w + 2 * sw, it.rect.h + 2 * sw)
            drawn = path_bounds(it.d) if it.kind == "path" and it.d else None
            return r.union(drawn) if drawn is not None else r     # a path may reach past its node's box
        return path_bounds(it.d or "")
    if isinstance(it, (TextItem, MathItem, RawItem)):
        return it.box
    return None


def path_bounds(d: str) -> Rect | None:
    """Bounds of an absolute-coordinate path's points (Bézier control points included: an over-estimate)."""
    import re

    xs, ys = [], []
    x = y = 0.0
    for cmd, args in re.findall(r"([MLHVCQAZmlhvcqaz])([^MLHVCQAZmlhvcqaz]*)", d):
        nums = [float(v) for v in re.findall(r"-?\d*\.?\d+(?:e-?\d+)?", args)]
        if cmd == "H":
            for v in nums:
                x = v
                xs.append(x), ys.append(y)
        elif cmd == "V":
            for v in nums:
                y = v
                xs.append(x), ys.append(y)
        elif cmd == "A":  # rx ry rot large sweep x y: keep the end points and pad by the radii
            for i in range(0, len(nums) - 6, 7):
                rx, ry, x, y = nums[i], nums[i + 1], nums[i + 5], nums[i + 6]
                xs += [x - rx, x + rx]
                ys += [y - ry, y + ry]
        elif cmd in "MLCQ":
            for i in range(0, len(nums) - 1, 2):
                x, y = nums[i], nums[i + 1]
                xs.append(x), ys.append(y)
    if not xs:
        return None
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
