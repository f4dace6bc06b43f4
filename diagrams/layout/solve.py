"""The relational layout: containers and relations become linear constraints, solved together with kiwisolver
(the Cassowary solver behind matplotlib's constrained layout).

Every node, at any depth, has four variables: x, y, w, h (its block's outer rectangle, captions included).
- A leaf wants its measured size (it may grow, never shrink).
- A container (``rows``, ``cols`` or ``grid``) keeps its children in order, with its gap and padding, and
  aligns them across (``items``: stretch, start, center, end); it shrinks to fit them.
- A relation of the spec's ``place:`` list (below, right_of, row, align, same_width, between, inside …) is a
  strong constraint between any two nodes of the figure, whatever container holds them.
- Finally boxes that the relations leave overlapping are pushed apart, one required constraint at a time.

Strengths: what must hold (order, padding, containment) is required; relations are strong; a leaf's size, a
container's alignment and its hugging of its children lie between (NATURAL, ALIGN, SHRINK); a container's
preferred spacing is medium; compactness is weakest. A conflict among required constraints is reported
with the relation that caused it."""
from __future__ import annotations

import math

from dataclasses import dataclass, field

import kiwisolver as kiwi

from diagrams.errors import SpecError
from diagrams.scene import Rect

REQUIRED = kiwi.strength.required
STRONG = kiwi.strength.strong
MEDIUM = kiwi.strength.medium
WEAK = kiwi.strength.weak
COMPACT = kiwi.strength.create(0, 0, 1, 0.01)   # pull loose nodes together, grid tracks tight: the weakest
LENGTH = kiwi.strength.create(0, 2, 0)         # a leaf keeps its length along its stack: gaps give way first
# Preferences between MEDIUM (a container's spacing) and STRONG (the spec's relations), weakest first, so that a
# relation between nodes in different containers widens gaps and moves boxes instead of distorting them:
SPACING = kiwi.strength.create(0, 10, 0)     # a relation's gap (below, row …): at least its gap, preferably exactly;
#                                              an alignment widens it rather than both giving way
SHRINK = kiwi.strength.create(0, 20, 0)      # a container hugs its children: pushed, it moves rather than grows
ALIGN = kiwi.strength.create(0, 100, 0)      # children aligned across their stack, packed at its start; a row
#                                              of top-level panels stays level
NATURAL = kiwi.strength.create(0, 200, 0)    # a leaf keeps its measured size ...
FILL = kiwi.strength.create(0, 500, 0)       # ... unless its container stretches it (items: stretch, stretch: true)

def snap(v: float) -> float:
    """A solved coordinate in 1/64 px steps (exact in binary), so the same spec gives the same figure byte for byte.
    A value half-way between two steps (a box centred in an odd width) is exact in theory but carries the solver's
    rounding noise, which differs with the order of its sums: it goes up always, rather than the way the noise
    falls (orm-prm's last check mark moved by 1/64 px from one process to the next)."""
    return math.floor(v * 64 + 0.5 + SNAP_TOLERANCE) / 64


SNAP_TOLERANCE = 1e-6     # in 1/64 px: far above the solver's noise, far below anything a reader sees
COORDINATE_LIMIT = 1e7          # px: a bound no layout reaches (figures are at most MAX_FIGURE_PX a side)
MAX_OVERLAP_ROUNDS = 400      # separations added before giving up
MAX_LAYOUT_NODES = 1500


@dataclass
class Box:
    """A node's variables, and what the constraints need to know of its block."""
    id: str
    x: kiwi.Variable
    y: kiwi.Variable
    w: kiwi.Variable
    h: kiwi.Variable
    natural: tuple[float, float]
    stretch: bool = True             # may grow across a column/row (shapes do; tables, charts, icons keep size)
    align_self: str | None = None    # overrides the container's `items` for this child (e.g. a brace: stretch)
    parent: str | None = None
    children: list = field(default_factory=list)

    @property
    def right(self):
        return self.x + self.w

    @property
    def bottom(self):
        return self.y + self.h

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2

    def rect(self) -> Rect:
        # kiwisolver orders its variables by address, so the last bits of a solution vary from run to run;
        return Rect(*(snap(v.value()) for v in (self.x, self.y, self.w, self.h)))


@dataclass
class Container:
    """What the solver needs of a container block: how it lays out its children."""
    kind: str                        # rows | cols | grid
    gap: tuple[float, float]         # between children (x, y)
    inset: tuple[float, float, float, float]   # left, top, right, bottom: padding plus captions and brackets
    items: str = "center"            # cross-axis alignment
    justify: str = "start"           # main-axis alignment
    columns: int = 0                 # grid only
    min_size: tuple[float, float] = (0.0, 0.0)


class Layout:
    """Collects boxes and constraints; `solve` returns every node's outer rectangle."""

    def __init__(self, file: str | None = None):
        self.file = file
        self.solver = kiwi.Solver()
        self.boxes: dict[str, Box] = {}
        self.inside_pairs: set[tuple[str, str]] = set()
        self.overlap_pairs: set[tuple[str, str]] = set()   # boxes an `overlap` relation lets overlap
        self.overlay_pairs: set[tuple[str, str]] = set()  # a frame around nested nodes and what holds them: may overlap
        self.cross: dict[str, tuple[str, list]] = {}   # child → (its container's cross axis, the pulls along it)
        self.sources: list[tuple[str, tuple]] = []     # (description, node names) of the spec's relations so far

    # ------------------------------------------------------------------ variables and constraints
    def box(self, nid: str, natural: tuple[float, float], stretch: bool = True, parent: str | None = None,
            leaf: bool = False) -> Box:
        if len(self.boxes) >= MAX_LAYOUT_NODES:
            raise SpecError(f"the figure has more than {MAX_LAYOUT_NODES} nodes to lay out (MAX_LAYOUT_NODES)",
                            file=self.file, hint="split it into several figures")
        b = Box(nid, self.variable(f"{nid}.x"), self.variable(f"{nid}.y"), kiwi.Variable(f"{nid}.w"),
                kiwi.Variable(f"{nid}.h"), natural, stretch, parent)
        self.boxes[nid] = b
        w, h = natural
        self.add(b.w >= w)      # w and h: each one's first constraint names it alone (see `variable`)
        self.add(b.h >= h)
        keep = NATURAL if leaf else WEAK    # a container's stretch or a same_width relation may widen it
        self.add((b.w == w) | keep)
        self.add((b.h == h) | keep)
        if parent is not None:
            self.boxes[parent].children.append(b)
        return b

    def variable(self, name: str) -> kiwi.Variable:
        """A new variable, introduced to the solver at once by a constraint on it alone. kiwisolver numbers a
        variable when a constraint first names it, and a constraint naming several new ones numbers them in the
        order of their memory addresses; the numbers break ties between equally good layouts, so without this a
        figure could come out 0.01 px different from one process to the next."""
        v = kiwi.Variable(name)
        introduce = v >= -COORDINATE_LIMIT
        self.solver.addConstraint(introduce)     # numbers the variable now, in creation order …
        self.solver.removeConstraint(introduce)  # … and leaves no row behind (the solver keeps the number)
        return v

    def add(self, constraint, why: str | None = None, names: tuple = ()) -> None:
        try:
            self.solver.addConstraint(constraint)
        except kiwi.UnsatisfiableConstraint:
            earlier = [w for w, ns in self.sources if set(ns) & set(names)]
            against = ("; it conflicts with " + ", ".join(dict.fromkeys(earlier))) if earlier else \
                      "; it conflicts with the containers that hold these nodes"
            raise SpecError(f"the layout cannot satisfy {why or 'the structure'}{against}", file=self.file,
                            hint="remove one of the conflicting relations (a node cannot be both below and above "
                                 "another) or move the node out of its container") from None
        if why:
            self.sources.append((why, tuple(names)))

    def container(self, parent: Box, spec: Container, edge_gaps: dict | None = None) -> None:
        """Children of ``parent`` in order (rows: top to bottom; cols: left to right; grid: row by row)."""
        kids = parent.children
        if not kids:
            self.add((parent.w == spec.inset[0] + spec.inset[2] + spec.min_size[0]) | MEDIUM)
            self.add((parent.h == spec.inset[1] + spec.inset[3] + spec.min_size[1]) | MEDIUM)
            return
        left = parent.x + spec.inset[0]
        top = parent.y + spec.inset[1]
        right = parent.right - spec.inset[2]
        bottom = parent.bottom - spec.inset[3]
        self.add(parent.w >= spec.inset[0] + spec.inset[2] + spec.min_size[0])
        self.add(parent.h >= spec.inset[1] + spec.inset[3] + spec.min_size[1])
        self.add((parent.w == 0) | SHRINK)
        self.add((parent.h == 0) | SHRINK)
        edge_gaps = edge_gaps or {}
        if spec.kind == "grid":
            self._grid(parent, spec, left, top, right, bottom)
            return
        main_vertical = spec.kind == "rows"
        gap = spec.gap[1] if main_vertical else spec.gap[0]
        for i, k in enumerate(kids):
            # main axis: in order, at least `gap` apart, preferably exactly
            lo, hi = (k.y, k.bottom) if main_vertical else (k.x, k.right)
            start, end = (top, bottom) if main_vertical else (left, right)
            if i == 0:
                self.add(lo >= start)
                if spec.justify == "start":
                    self.add((lo == start) | ALIGN)     # packed at the start: a pushed child widens a gap
            else:
                prev = kids[i - 1]
                g = max(gap, edge_gaps.get((prev.id, k.id), 0.0))
                prev_end = prev.bottom if main_vertical else prev.right
                self.add(lo >= prev_end + g)
                self.add((lo == prev_end + g) | MEDIUM)
            if i == len(kids) - 1:
                self.add(hi <= end)
                if spec.justify == "end":
                    self.add((hi == end) | ALIGN)
            # cross axis
            c_lo, c_hi = (k.x, k.right) if main_vertical else (k.y, k.bottom)
            a_lo, a_hi = (left, right) if main_vertical else (top, bottom)
            self.add(c_lo >= a_lo)
            self.add(c_hi <= a_hi)
            items = k.align_self or spec.items
            if items == "stretch" and not k.stretch:
                items = "center"
            pulls = []
            if items in ("stretch", "start"):
                pulls.append((c_lo == a_lo) | (FILL if items == "stretch" else ALIGN))
            if items in ("stretch", "end"):
                pulls.append((c_hi == a_hi) | (FILL if items == "stretch" else ALIGN))
            if items == "center":
                pulls.append(((c_lo + c_hi) == (a_lo + a_hi)) | ALIGN)
            for c in pulls:
                self.add(c)
            self.cross[k.id] = ("x" if main_vertical else "y", pulls)
            if not k.children:        # a relation pulling a child along the stack widens its gap, not the child
                self.add(((k.h if main_vertical else k.w) == k.natural[1 if main_vertical else 0]) | LENGTH)
        if spec.justify == "center":
            first, last = kids[0], kids[-1]
            if main_vertical:
                self.add(((first.y - top) == (bottom - last.bottom)) | MEDIUM)
            else:
                self.add(((first.x - left) == (right - last.right)) | MEDIUM)

    def release(self, nid: str, axis: str) -> None:
        """A relation places ``nid`` along ``axis``: drop its container's pull across that axis (centre, start,
        end, stretch), which would otherwise widen the container to keep the child centred."""
        entry = self.cross.get(nid)
        if entry is None or entry[0] != axis:
            return
        for c in entry[1]:
            if self.solver.hasConstraint(c):
                self.solver.removeConstraint(c)
        del self.cross[nid]

    def _grid(self, parent: Box, spec: Container, left, top, right, bottom) -> None:
        n = max(1, spec.columns)
        kids = parent.children
        rows = (len(kids) + n - 1) // n
        cx = [self.variable(f"{parent.id}.col{j}") for j in range(n + 1)]
        ry = [self.variable(f"{parent.id}.row{i}") for i in range(rows + 1)]
        self.add(cx[0] == left)
        self.add(ry[0] == top)
        self.add(cx[n] <= right + spec.gap[0])
        self.add(ry[rows] <= bottom + spec.gap[1])
        for j in range(n):
            self.add(cx[j + 1] >= cx[j] + spec.gap[0])
            self.add((cx[j + 1] == cx[j]) | COMPACT)
        for i in range(rows):
            self.add(ry[i + 1] >= ry[i] + spec.gap[1])
            self.add((ry[i + 1] == ry[i]) | COMPACT)
        for idx, k in enumerate(kids):
            i, j = divmod(idx, n)
            self.add(k.x >= cx[j])
            self.add(k.right <= cx[j + 1] - spec.gap[0])
            self.add(k.y >= ry[i])
            self.add(k.bottom <= ry[i + 1] - spec.gap[1])
            items = k.align_self or spec.items
            if items == "start":        # across its column: a cell's left edge (e.g. names beside values)
                self.add((k.x == cx[j]) | ALIGN)
            elif items == "end":
                self.add((k.right == cx[j + 1] - spec.gap[0]) | ALIGN)
            elif items != "none":
                self.add(((k.x + k.right) == (cx[j] + cx[j + 1] - spec.gap[0])) | ALIGN)
            self.add(((k.y + k.bottom) == (ry[i] + ry[i + 1] - spec.gap[1])) | ALIGN)
            if items == "stretch" and k.stretch:
                self.add((k.w == cx[j + 1] - cx[j] - spec.gap[0]) | FILL)
                self.add((k.h == ry[i + 1] - ry[i] - spec.gap[1]) | FILL)

    # ------------------------------------------------------------------ solving
    def solve(self, loose: list[str]) -> dict[str, Rect]:
        """Solve; then push apart any of the ``loose`` boxes (placed by relations, not containers) that overlap."""
        self.solver.updateVariables()
        rounds = 0
        separated: set[tuple[str, str]] = set()
        while True:
            pair = self._worst_overlap(loose, separated)
            if pair is None:
                break
            rounds += 1
            if rounds > MAX_OVERLAP_ROUNDS:      # counted, not timed: a loaded machine lays out as an idle one
                raise SpecError(f"the layout did not settle within {MAX_OVERLAP_ROUNDS} separations "
                                f"(MAX_OVERLAP_ROUNDS): "
                                f"'{pair[0]}' and '{pair[1]}' still overlap", file=self.file,
                                hint="place the loose nodes with relations (below, right_of, row …)")
            separated.add(pair)
            self._separate(*pair)
            self.solver.updateVariables()
        return {nid: b.rect() for nid, b in self.boxes.items()}

    def _worst_overlap(self, loose: list[str], done: set) -> tuple[str, str] | None:
        rects = {nid: self.boxes[nid].rect() for nid in loose}
        worst, area = None, 0.5
        for i, a in enumerate(loose):
            ra = rects[a]
            for b in loose[i + 1:]:
                if (a, b) in done or (a, b) in self.inside_pairs or (b, a) in self.inside_pairs \
                        or (a, b) in self.overlay_pairs or (b, a) in self.overlay_pairs:
                    continue
                if (a, b) in self.overlap_pairs or (b, a) in self.overlap_pairs:
                    continue
                rb = rects[b]
                ox = min(ra.right, rb.right) - max(ra.x, rb.x) + LOOSE_GAP
                oy = min(ra.bottom, rb.bottom) - max(ra.y, rb.y) + LOOSE_GAP
                if ox > 0.5 and oy > 0.5 and ox * oy > area:
                    worst, area = (a, b), ox * oy
        return worst

    def _separate(self, a: str, b: str) -> None:
        """Push two overlapping boxes apart along the axis where that moves them least (the other if it conflicts)."""
        A, B = self.boxes[a], self.boxes[b]
        ra, rb = A.rect(), B.rect()
        ox = min(ra.right, rb.right) - max(ra.x, rb.x)
        oy = min(ra.bottom, rb.bottom) - max(ra.y, rb.y)
        horizontal = (B.x >= A.right + LOOSE_GAP) if ra.cx <= rb.cx else (A.x >= B.right + LOOSE_GAP)
        vertical = (B.y >= A.bottom + LOOSE_GAP) if ra.cy <= rb.cy else (A.y >= B.bottom + LOOSE_GAP)
        order = [horizontal, vertical] if ox < oy else [vertical, horizontal]
        for c in order:
            try:
                self.solver.addConstraint(c)
                return
            except kiwi.UnsatisfiableConstraint:
                continue
        raise SpecError(f"'{a}' and '{b}' overlap and the relations leave no way to move them apart",
                        file=self.file, hint="place one of them with a relation that keeps them apart")


LOOSE_GAP = 24.0     # px between boxes that the overlap removal pushed apart
