"""Edge routing for the relational layout: ports on facing sides, orthogonal paths around boxes, parallel
segments nudged apart.

1. Ports: an edge leaves and enters on the sides that face each other (unless the spec names them). The edges
   that share a side of a node are spread along it, ordered by where their other ends lie, so they neither
   cross nor share a line; an edge alone on a side lines up with its other end when the two spans overlap.
2. Paths: a shortest orthogonal path with a penalty per bend, on the grid of lines through the ports and the
   obstacles' margins (the orthogonal visibility graph of Wybrow, Marriott and Stuckey, 2009), never through a
   box other than the edge's own ends.
3. Nudging: collinear, overlapping segments of different edges are moved apart, centred on their old line.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from diagrams.errors import SpecError
from diagrams.layout.edges import side_point
from diagrams.scene import Rect

MARGIN = 10.0           # px kept between a route and a box it passes
STUB = 14.0             # px a route runs straight out of its port before it may turn
BEND_COST = 40.0        # a bend costs as much as this many px of length
SPREAD = 10.0           # px between nudged parallel segments
PORT_INSET = 20.0       # px (at most 15 % of the side) a port keeps from a corner
MAX_ROUTE_STEPS = 3_000_000  # search steps for all edges of a figure: a bound on work, the same on any machine
MAX_GRID_POINTS = 40_000
NORMALS = {"top": (0.0, -1.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}
Point = tuple[float, float]


@dataclass
class Request:
    """One edge to route between two placed boxes."""
    index: int
    source: str
    target: str
    a: Rect
    b: Rect
    exit: str | None = None
    enter: str | None = None
    exit_at: float | None = None
    enter_at: float | None = None
    kind: str = "auto"                  # auto (orthogonal) | straight | curve
    ignore: frozenset = frozenset()     # ids whose boxes this edge may cross (its ends and their ancestors)
    ports: tuple = field(default=(None, None))
    fork: tuple | None = None           # (0 = shares its start, 1 = shares its end, bus coordinate)
    label_h: float = 0.0                # height of its tallest label: parallel edges keep room for it
    look: tuple = ()                    # how the edge is drawn (colour, line, width): only alike edges share a trunk
    bend: float | None = None           # a U-turn fork: px from the outermost box to the bus
    share: object = True                # `share:` of the spec: False (own ports), "start" or "end" (shares only there)


def facing(a: Rect, b: Rect, vertical_flow: bool = True) -> tuple[str, str]:
    """The sides of ``a`` and ``b`` that face each other. Boxes apart on one axis only face along it; boxes apart
    on both (diagonal) face along the figure's flow, so a fan-out leaves downwards in a top-to-bottom figure."""
    dx, dy = b.cx - a.cx, b.cy - a.cy
    gap_x = max(b.x - a.right, a.x - b.right)
    gap_y = max(b.y - a.bottom, a.y - b.bottom)
    if gap_x > 0 and gap_y > 0:
        horizontal = not vertical_flow
    else:
        horizontal = gap_x > gap_y
    if horizontal:
        return ("right", "left") if dx > 0 else ("left", "right")
    return ("bottom", "top") if dy > 0 else ("top", "bottom")


PORT_SPACING = 2 * SPREAD  # px between two ports on one side


def assign_ports(reqs: list[Request], vertical_flow: bool = True, boxes: dict[str, Rect] | None = None) -> None:
    """Choose the sides and the points on them for every request (in place).

    Each end wants to sit level with its other end's box where the two spans overlap (the edge then runs
    straight), else towards it; the ends sharing a side are then kept PORT_SPACING apart in the order of their
    other ends, so edges neither cross at the side nor share a line. A fork is the exception: several alike edges
    that all leave (or all enter) one side towards boxes that all lie beyond it share one port in its middle.
    Edges that leave one side and come back to the same side of their other ends (top → top: a U-turn) share a
    port too, and run along a bus outside every box between their ends (``boxes``), ``bend`` px out; a fork's
    bus runs half-way out, or where no branch crosses a box."""
    boxes = boxes or {}
    obstacles = list(boxes.values())
    beyond_forks = []
    ends: dict[tuple[str, str], list] = {}
    lone: set = set()             # (edge, end) alone on its side: may move level with its other end
    for q in reqs:
        s0, s1 = facing(q.a, q.b, vertical_flow)
        q.exit = q.exit or s0
        q.enter = q.enter or s1
        ends.setdefault((q.source, q.exit), []).append((q, 0))
        ends.setdefault((q.target, q.enter), []).append((q, 1))
    ports: dict[tuple[int, int], Point] = {}
    lone: set[tuple[int, int]] = set()
    nested: dict[tuple[str, str], list] = {}     # (node, side) → its nested loop ends
    for (node, side), group in ends.items():
        along_x = side in ("top", "bottom")
        rect = group[0][0].a if group[0][1] == 0 else group[0][0].b
        lo, hi = (rect.x, rect.right) if along_x else (rect.y, rect.bottom)
        n = len(group)
        one_way = len({end for _, end in group}) == 1 and not any(
            (q.exit_at if end == 0 else q.enter_at) is not None for q, end in group)
        beyond = all(_beyond(rect, side, (q.b if end == 0 else q.a)) for q, end in group)
        # a U-turn: every edge comes back to the same side of its other end (top → top), e.g. an action sent
        # over the top of a row of boxes to two of them; one edge alone is a U-turn too
        u_turn = one_way and all((q.enter if end == 0 else q.exit) == side for q, end in group)
        alike = len({q.look for q, _ in group}) == 1 and len({(q.source, q.target) for q, _ in group}) == n
        alike = alike and all(_shares(q, end) for q, end in group)
        # leaders from one side to boxes that all lie level with it and within its extent stay parallel lines
        parallel = n >= 2 and _all_within(rect, group, along_x)
        fork = u_turn or (one_way and n >= 2 and beyond and alike and not parallel)
        if fork:
            others = [(g.b if e == 0 else g.a) for g, e in group]
            for q, end in group:
                ports[(q.index, end)] = side_point(rect, side, 0.5)
                if u_turn and _loop_rank(q, group)[1] >= 2:      # loops between the same two boxes nest
                    ports[(q.index, end)] = _nested_loop_port(q, end, group, rect, side)
                    nested.setdefault((node, side), []).append((q, end))
                if not u_turn:
                    q.fork = (end, _bus(rect, side, others))
                    if q is group[0][0]:
                        beyond_forks.append((group, rect, side, others))
                    continue
                out = max([float(g.bend) for g, _ in group if g.bend is not None], default=U_TURN_GAP)
                rank, m = _loop_rank(q, group)
                out += (m - 1 - rank) * PORT_SPACING          # the first of parallel loops runs outermost
                # what holds the loop's ends (a panel around both) is no obstacle (_outer_bus): the loop runs
                # inside it, and outside an inner panel holding one end only
                bus = _outer_bus(rect, side, others, obstacles, out)
                if q.fork is not None:          # a U-turn at both ends: the outer bus; a shared port names the fork
                    far = min if side in ("top", "left") else max
                    q.fork = (end if n >= 2 else q.fork[0], far(bus, q.fork[1]))
                else:
                    q.fork = (end, bus)
            continue

        inset = min(0.15 * (hi - lo), PORT_INSET)

        def want(item):
            q, end = item
            fixed = q.exit_at if end == 0 else q.enter_at
            if n == 1 and fixed is None:
                lone.add((q.index, end))
            if fixed is not None:
                return lo + (hi - lo) * float(fixed)
            o = q.b if end == 0 else q.a
            other_side = q.enter if end == 0 else q.exit
            if (other_side in ("top", "bottom")) != along_x:
                # the other end is on a side across this one: leave just beyond it, for one clean bend
                return {"left": o.x - 2 * STUB, "right": o.right + 2 * STUB,
                        "top": o.y - 2 * STUB, "bottom": o.bottom + 2 * STUB}[other_side]
            olo, ohi = (o.x, o.right) if along_x else (o.y, o.bottom)
            if min(hi, ohi) - max(lo, olo) > 8:
                # overlapping spans: level with the other box, both ends clear of their corners by the same
                # rule so that they agree and the edge runs straight
                o_inset = min(0.15 * (ohi - olo), PORT_INSET)
                a, b = max(lo + inset, olo + o_inset), min(hi - inset, ohi - o_inset)
                mid = (max(lo, olo) + min(hi, ohi)) / 2
                return min(b, max(a, mid)) if a <= b else mid
            mid = (lo + hi) / 2
            if n == 1:
                return mid
            return mid + (hi - lo) * (0.25 if (olo + ohi) / 2 > mid else -0.25)

        def order(item):
            q, end = item
            o = q.b if end == 0 else q.a
            return (round(o.cx if along_x else o.cy, 1), _nested_rank(q, end, rect, along_x), end)

        group.sort(key=order)
        if n == 1 and (group[0][0].exit_at if group[0][1] == 0 else group[0][0].enter_at) is None:
            lone.add((group[0][0].index, group[0][1]))
        gaps = [max(PORT_SPACING, max(a.label_h, b.label_h) + 10 if (a.label_h or b.label_h) else 0)
                for (a, _), (b, _) in zip(group, group[1:])]
        coords = _spaced([want(item) for item in group], lo + inset, hi - inset, gaps)
        for (q, end), c in zip(group, coords):
            fixed = q.exit_at if end == 0 else q.enter_at
            if fixed is not None:
                c = lo + (hi - lo) * float(fixed)
            ports[(q.index, end)] = (c, rect.y if side == "top" else rect.bottom) if along_x else \
                (rect.x if side == "left" else rect.right, c)
    _pass_through(nested, ends, ports)
    _line_up(reqs, ports, lone)
    for q in reqs:
        q.ports = (ports[(q.index, 0)], ports[(q.index, 1)])
    for group, rect, side, others in beyond_forks:
        bus = _free_bus(group, rect, side, others, boxes)
        for q, end in group:
            q.fork = (end, bus)


def _shares(q: "Request", end: int) -> bool:
    """Whether the edge may share a fork's port and trunk at this end (0: its start, 1: its end)."""
    return q.share is True or q.share == ("start", "end")[end]


BUS_AT = (0.5, 0.7, 0.3, 0.85, 0.15)    # where between a fork's side and its nearest target its bus may run


def _free_bus(group, r: Rect, side: str, others: list[Rect], boxes: dict[str, Rect]) -> float:
    """A fork's bus: half-way out, or the first place further in or out where no branch crosses a box."""
    start = {"bottom": r.bottom, "top": r.y, "right": r.right, "left": r.x}[side]
    near = {"bottom": lambda: min(o.y for o in others), "top": lambda: max(o.bottom for o in others),
            "right": lambda: min(o.x for o in others), "left": lambda: max(o.right for o in others)}[side]()
    for f in BUS_AT:
        bus = start + (near - start) * f
        if all(_fork_free(q, end, bus, boxes) for q, end in group):
            return bus
    return start + (near - start) * 0.5


def _fork_free(q: Request, end: int, bus: float, boxes: dict[str, Rect]) -> bool:
    p0, p1 = q.ports
    pts = fork_path(p0, q.exit, p1, bus) if end == 0 else list(reversed(fork_path(p1, q.enter, p0, bus)))
    free = _Obstacles([r for nid, r in boxes.items() if nid not in q.ignore])
    return all(free.segment_free(a, b) for a, b in zip(pts, pts[1:]))


def _spaced(wanted: list[float], lo: float, hi: float, gaps: list[float]) -> list[float]:
    """Positions in the given order, each as near its wish as keeping ``gaps[i]`` between neighbours i and i+1
    within [lo, hi] allows (evenly spread when the side is too short for the gaps)."""
    n = len(wanted)
    if n == 0:
        return []
    if hi - lo < sum(gaps):
        return [lo + (hi - lo) * (k + 1) / (n + 1) for k in range(n)]
    offset = [0.0]                       # each item's distance from the first when packed tight
    for g in gaps:
        offset.append(offset[-1] + g)
    # blocks of items packed tight: [sum of (wish - offset from the block's first), count, first index]
    blocks: list[list] = []
    for i, w in enumerate(wanted):
        blocks.append([w, 1, i])
        while len(blocks) > 1:
            (s1, c1, i1), (s2, c2, i2) = blocks[-2], blocks[-1]
            start1, start2 = s1 / c1, s2 / c2
            if start1 + (offset[i2] - offset[i1]) <= start2 + 1e-9:
                break
            blocks[-2:] = [[s1 + s2 - c2 * (offset[i2] - offset[i1]), c1 + c2, i1]]
    out = []
    for total, count, first in blocks:
        start = total / count
        out += [start + offset[first + k] - offset[first] for k in range(count)]
    out = [min(hi, max(lo, v)) for v in out]
    for i in range(1, n):              # clamping may have pushed a block into its neighbour
        out[i] = max(out[i], out[i - 1] + gaps[i - 1])
    out[-1] = min(out[-1], hi)         # the forward pass may have pushed the last past the side's end
    for i in range(n - 2, -1, -1):
        out[i] = min(out[i], out[i + 1] - gaps[i])
    return [max(lo, v) for v in out]


U_TURN_GAP = 28.0     # px from the outermost box of a U-turn fork to its bus


def _outer_bus(r: Rect, side: str, others: list[Rect], obstacles: list[Rect], gap: float = U_TURN_GAP) -> float:
    """The line a U-turn runs along: ``gap`` px beyond the node and the boxes it reaches on ``side``, and moved
    further out past any box across the span between them that the line would cut (a taller box in the row)."""
    boxes = [r] + others
    # a panel holding the node and every box it reaches is around the U-turn, not in its way: the bus stays inside it
    obstacles = [o for o in obstacles if not all(o.contains(b, 0.5) for b in boxes)]
    across = side in ("top", "bottom")
    lo = min(o.x if across else o.y for o in boxes)
    hi = max(o.right if across else o.bottom for o in boxes)
    outward = side in ("bottom", "right")

    def near(o):          # the side of a box facing the bus, and its far side
        a, b = (o.y, o.bottom) if across else (o.x, o.right)
        return (b, a) if outward else (a, b)

    bus = (max if outward else min)(near(o)[0] for o in boxes) + (gap if outward else -gap)
    for _ in range(len(obstacles) + 1):
        hit = [o for o in obstacles
               if (o.right if across else o.bottom) > lo - MARGIN and (o.x if across else o.y) < hi + MARGIN
               and min(near(o)) - MARGIN < bus < max(near(o)) + MARGIN]
        if not hit:
            break
        bus = (max if outward else min)(near(o)[0] for o in hit) + (gap if outward else -gap)
    return bus


def _loop_rank(q: Request, group: list) -> tuple[int, int]:
    """Among the U-turns of ``group`` joining the same two boxes as ``q`` (the same way): q's place in spec order
    and how many there are."""
    same = sorted(g.index for g, _ in group if (g.source, g.target) == (q.source, q.target))
    return same.index(q.index), len(same)


def _nested_loop_port(q: Request, end: int, group: list, rect: Rect, side: str) -> Point:
    """Parallel U-turns between two boxes (a model-based and a model-free action loop) get their own ports,
    PORT_SPACING apart around the middle of the side, the first in the spec farthest from the other box, so the
    loops nest instead of running on one line."""
    rank, m = _loop_rank(q, group)
    o = q.b if end == 0 else q.a
    along_x = side in ("top", "bottom")
    away = -1.0 if ((o.cx > rect.cx) if along_x else (o.cy > rect.cy)) else 1.0
    length = rect.w if along_x else rect.h
    # spaced as edges spread along a side are (room for a label between them), so a loop leaving a box lines up
    # with edges arriving on its other side
    tallest = max((g.label_h for g, _ in group if (g.source, g.target) == (q.source, q.target)), default=0.0)
    spacing = max(PORT_SPACING, tallest + 10 if tallest else 0.0)
    t = 0.5 + away * ((m - 1) / 2 - rank) * spacing / max(length, 1.0)
    return side_point(rect, side, min(0.9, max(0.1, t)))


OPPOSITE = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}


def _pass_through(nested: dict, ends: dict, ports: dict) -> None:
    """Nested loops leaving a side of a node that as many edges reach on the opposite side (a time-step bar the
    lines pass through) leave level with those edges, in order: the lines run straight through the node."""
    for (node, side), loops in nested.items():
        across = ends.get((node, OPPOSITE[side]), [])
        if len(across) != len(loops) or any((q.index, end) not in ports for q, end in across):
            continue
        axis = 0 if side in ("top", "bottom") else 1
        levels = sorted(ports[(q.index, end)][axis] for q, end in across)
        order = sorted(loops, key=lambda item: ports[(item[0].index, item[1])][axis])
        for (q, end), c in zip(order, levels):
            p = ports[(q.index, end)]
            ports[(q.index, end)] = (c, p[1]) if axis == 0 else (p[0], c)


def _nested_rank(q: Request, end: int, rect: Rect, along_x: bool) -> int:
    """Where ends level with each other (the same other box) fall along a side: in spec order; but L-shaped edges
    (entering a side across this one) nest, the first in the spec outermost at both ends, so that they never
    cross: outermost is farthest from the other box along this side."""
    other_side = q.enter if end == 0 else q.exit
    if (other_side in ("top", "bottom")) == along_x:
        return q.index
    o = q.b if end == 0 else q.a
    ahead = (o.cx > rect.cx) if along_x else (o.cy > rect.cy)
    return q.index if ahead else -q.index


def _line_up(reqs: list[Request], ports: dict, lone: set) -> None:
    """An end alone on its side moves level with its other end when that end was spread along a facing side
    and lies within this side's span: one straight segment instead of a jog (in place)."""
    for q in reqs:
        for end in (0, 1):
            other = 1 - end
            if (q.index, end) not in lone or (q.index, other) in lone:
                continue
            side, other_side = (q.exit, q.enter) if end == 0 else (q.enter, q.exit)
            if NORMALS[side] != tuple(-v for v in NORMALS[other_side]):
                continue
            rect = q.a if end == 0 else q.b
            p, o = ports[(q.index, end)], ports[(q.index, other)]
            if side in ("top", "bottom"):
                if rect.x + 4 <= o[0] <= rect.right - 4:
                    ports[(q.index, end)] = (o[0], p[1])
            elif rect.y + 4 <= o[1] <= rect.bottom - 4:
                ports[(q.index, end)] = (p[0], o[1])


def _level_ports(r: Rect, group: list, horizontal_side: bool) -> list[float] | None:
    """Several edges on one side, each level with its other end (a stage with leaders to the rows beside it):
    the places along the side, or None when one of them has no level other end or two would come too close."""
    if any((q.exit_at if end == 0 else q.enter_at) is not None for q, end in group):
        return None
    out = []
    for q, end in group:
        other = q.b if end == 0 else q.a
        lo, hi = ((max(r.x, other.x), min(r.right, other.right)) if horizontal_side
                  else (max(r.y, other.y), min(r.bottom, other.bottom)))
        if hi - lo < 8:
            return None
        start, length = (r.x, r.w) if horizontal_side else (r.y, r.h)
        out.append(((lo + hi) / 2 - start) / length)
    if any(b - a < SPREAD / max(1.0, r.w if horizontal_side else r.h) for a, b in zip(out, out[1:])):
        return None
    if out[0] * (r.w if horizontal_side else r.h) < 4 or (1 - out[-1]) * (r.w if horizontal_side else r.h) < 4:
        return None
    return out


def _all_within(r: Rect, group: list, horizontal_side: bool) -> bool:
    """Do the other ends of every edge in ``group`` lie within the side's extent (leaders from a tall stage to
    the rows beside it)?"""
    for q, end in group:
        o = q.b if end == 0 else q.a
        if horizontal_side and (o.x < r.x - 0.5 or o.right > r.right + 0.5):
            return False
        if not horizontal_side and (o.y < r.y - 0.5 or o.bottom > r.bottom + 0.5):
            return False
    return True


def _beyond(r: Rect, side: str, o: Rect) -> bool:
    """Does ``o`` lie wholly beyond ``side`` of ``r``?"""
    return {"bottom": o.y >= r.bottom, "top": o.bottom <= r.y, "right": o.x >= r.right, "left": o.right <= r.x}[side]


def _bus(r: Rect, side: str, others: list[Rect]) -> float:
    """The coordinate of a fork's shared line: half-way from the side to the nearest of the boxes beyond it."""
    if side == "bottom":
        return (r.bottom + min(o.y for o in others)) / 2
    if side == "top":
        return (r.y + max(o.bottom for o in others)) / 2
    if side == "right":
        return (r.right + min(o.x for o in others)) / 2
    return (r.x + max(o.right for o in others)) / 2



# ---------------------------------------------------------------------------- paths
class _Obstacles:
    """Boxes grown by MARGIN, kept as plain (left, top, right, bottom) tuples shrunk by a hair: the router asks
    tens of thousands of times whether a point or a segment is free."""

    def __init__(self, rects: list[Rect], margin: float = MARGIN):
        e = 0.01
        self._grown = [(r.x - margin, r.y - margin, r.w + 2 * margin, r.h + 2 * margin) for r in rects]
        self._edges = [(x + e, y + e, x + w - e, y + h - e) for x, y, w, h in self._grown]

    @property
    def rects(self) -> list[Rect]:
        return [Rect(*g) for g in self._grown]

    def point_free(self, p: Point) -> bool:
        x, y = p
        for left, top, right, bottom in self._edges:
            if left < x < right and top < y < bottom:
                return False
        return True

    def segment_free(self, p: Point, q: Point) -> bool:
        x0, x1 = (p[0], q[0]) if p[0] <= q[0] else (q[0], p[0])
        y0, y1 = (p[1], q[1]) if p[1] <= q[1] else (q[1], p[1])
        for left, top, right, bottom in self._edges:
            if x0 < right and x1 > left and y0 < bottom and y1 > top:
                return False
        return True


class RouteBudget:
    """The search steps left for a figure's edges (MAX_ROUTE_STEPS): counted, not timed, so a loaded machine
    routes exactly as an idle one."""

    def __init__(self, steps: int = MAX_ROUTE_STEPS):
        self.left = steps

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise SpecError(f"routing the edges needs more than MAX_ROUTE_STEPS = {MAX_ROUTE_STEPS} search steps",
                            hint="split the figure or give edges `route: straight`")


def _grid_blocks(obs: _Obstacles, xs: list[float], ys: list[float]):
    """Which grid points, and which steps between neighbouring grid points, lie inside an obstacle: the tests of
    `point_free` and `segment_free` for the whole grid at once (numpy), as lists for the search to index."""
    import numpy as np

    e = np.asarray(obs._edges, dtype=float).reshape(-1, 4)
    left, top, right, bottom = e.T
    x, y = np.asarray(xs)[:, None], np.asarray(ys)[:, None]

    def any_of(across, down):       # (p, k) and (q, k) → (p, q): some obstacle holds both
        return ((across.astype(np.int32) @ down.T.astype(np.int32)) > 0).tolist()

    point = any_of((x > left) & (x < right), (y > top) & (y < bottom))
    horizontal = any_of((x[:-1] < right) & (x[1:] > left), (y < bottom) & (y > top))      # (i, j)–(i+1, j)
    vertical = any_of((x < right) & (x > left), (y[:-1] < bottom) & (y[1:] > top))        # (i, j)–(i, j+1)
    return point, horizontal, vertical


def orthogonal_path(p0: Point, s0: str, p1: Point, s1: str, obstacles: list[Rect],
                    budget: RouteBudget | None = None) -> list[Point]:
    """The cheapest orthogonal path from port p0 (leaving along side s0's normal) to p1 (arriving against s1's)."""
    n0, n1 = NORMALS[s0], NORMALS[s1]
    q0 = (p0[0] + n0[0] * STUB, p0[1] + n0[1] * STUB)
    q1 = (p1[0] + n1[0] * STUB, p1[1] + n1[1] * STUB)
    budget = budget or RouteBudget()
    obs = _Obstacles(obstacles)
    xs = {q0[0], q1[0], (q0[0] + q1[0]) / 2}
    ys = {q0[1], q1[1], (q0[1] + q1[1]) / 2}
    for x, y, w, h in obs._grown:
        xs.update((x, x + w))
        ys.update((y, y + h))
    xs, ys = sorted(xs), sorted(ys)
    if len(xs) * len(ys) > MAX_GRID_POINTS:
        raise SpecError(f"the figure is too large to route: {len(xs) * len(ys)} grid points for one edge "
                        f"(MAX_GRID_POINTS = {MAX_GRID_POINTS})", hint="split the figure or give edges `route: straight`")
    xi = {x: i for i, x in enumerate(xs)}
    yi = {y: i for i, y in enumerate(ys)}
    start, goal = (xi[q0[0]], yi[q0[1]]), (xi[q1[0]], yi[q1[1]])
    # Dijkstra over (grid point, heading); heading 0 = horizontal, 1 = vertical. A state is the number
    # (i * len(ys) + j) * 2 + heading; heap entries are (cost, push counter, i, j, heading, previous state), so
    # equal costs pop in push order.
    h0 = 0 if s0 in ("left", "right") else 1
    h1 = 0 if s1 in ("left", "right") else 1
    nx, ny = len(xs), len(ys)
    gi, gj = goal
    best: dict = {}
    came: dict = {}
    heap = [(0.0, 0, start[0], start[1], h0, None)]
    pushed = 0
    left = budget.left
    point_blocked, h_blocked, v_blocked = _grid_blocks(obs, xs, ys)
    pop, push = heapq.heappop, heapq.heappush

    end_state = None
    while heap:
        cost, _, i, j, heading, prev = pop(heap)
        state = (i * ny + j) * 2 + heading
        if state in best:
            continue
        best[state] = cost
        came[state] = prev
        if i == gi and j == gj:
            end_state = state
            break
        left -= 1
        if left < 0:
            budget.left = 0
            budget.spend()          # raises: the figure's search steps are spent
        x, y = xs[i], ys[j]
        turn_h = 0.0 if heading == 0 else BEND_COST
        turn_v = BEND_COST if heading == 0 else 0.0
        for ni, nj, h in ((i + 1, j, 0), (i - 1, j, 0), (i, j + 1, 1), (i, j - 1, 1)):
            if not (0 <= ni < nx and 0 <= nj < ny):
                continue
            at_goal = ni == gi and nj == gj
            if point_blocked[ni][nj] and not at_goal:
                continue
            if h == 0:
                if h_blocked[min(i, ni)][j]:
                    continue
                c = cost + abs(xs[ni] - x) + turn_h
            else:
                if v_blocked[i][min(j, nj)]:
                    continue
                c = cost + abs(ys[nj] - y) + turn_v
            if at_goal and h != h1:
                c += BEND_COST          # it must still turn to enter along the side's normal
            if (ni * ny + nj) * 2 + h not in best:
                pushed += 1
                push(heap, (c, pushed, ni, nj, h, state))
    budget.left = left
    if end_state is None:
        return _fallback(p0, s0, p1, s1)
    pts = []
    state = end_state
    while state is not None:
        cell = state // 2
        pts.append((xs[cell // ny], ys[cell % ny]))
        state = came[state]
    pts.reverse()
    return simplify([p0] + pts + [p1])


WINDOW_MARGINS = (240.0, 480.0, 960.0, 1920.0)   # px round an edge's ends: the boxes a large figure's route sees


def _grid_points(rects: list[Rect]) -> int:
    return (2 * len(rects) + 3) ** 2


def windowed_path(p0: Point, s0: str, p1: Point, s1: str, obstacles: list[Rect], own: list[Rect],
                  budget: RouteBudget) -> list[Point]:
    """`orthogonal_path` around ``obstacles`` (and the edge's ``own`` boxes). In a figure with more boxes than one
    routing grid holds (MAX_GRID_POINTS), the route first sees only the boxes near its ends (a window growing by
    WINDOW_MARGINS) and is kept when it crosses none of the others; otherwise it sees them all."""
    if _grid_points(obstacles + own) > MAX_GRID_POINTS:
        everything = _Obstacles(obstacles)
        best = None
        for margin in WINDOW_MARGINS:
            win = Rect(min(p0[0], p1[0]) - margin, min(p0[1], p1[1]) - margin,
                       abs(p1[0] - p0[0]) + 2 * margin, abs(p1[1] - p0[1]) + 2 * margin)
            near = [r for r in obstacles if r.intersects(win)]
            if _grid_points(near + own) > MAX_GRID_POINTS:
                break
            best = orthogonal_path(p0, s0, p1, s1, near + own, budget)
            if all(everything.segment_free(a, b) for a, b in zip(best, best[1:])):
                return best
        if best is not None:
            return best      # no way round the boxes near it: the lint reports what it crosses
    return orthogonal_path(p0, s0, p1, s1, obstacles + own, budget)


def _fallback(p0, s0, p1, s1) -> list[Point]:
    """No way around the boxes: an elbow that the lint will report, rather than nothing."""
    if s0 in ("top", "bottom"):
        ym = (p0[1] + p1[1]) / 2
        return simplify([p0, (p0[0], ym), (p1[0], ym), p1])
    xm = (p0[0] + p1[0]) / 2
    return simplify([p0, (xm, p0[1]), (xm, p1[1]), p1])


def simplify(pts: list[Point]) -> list[Point]:
    """Drop repeated points and the middle points of straight runs."""
    out: list[Point] = []
    for p in pts:
        if out and abs(p[0] - out[-1][0]) < 1e-6 and abs(p[1] - out[-1][1]) < 1e-6:
            continue
        if len(out) >= 2:
            o, m = out[-2], out[-1]
            if (abs(o[0] - m[0]) < 1e-6 and abs(m[0] - p[0]) < 1e-6) or (abs(o[1] - m[1]) < 1e-6 and abs(m[1] - p[1]) < 1e-6):
                out[-1] = p
                continue
        out.append(p)
    return out


def straight_ok(p0: Point, s0: str, p1: Point, s1: str) -> bool:
    """Ports level with each other on facing sides: one straight segment."""
    if s0 in ("left", "right") and s1 in ("left", "right"):
        return abs(p0[1] - p1[1]) < 0.5 and (p1[0] - p0[0]) * NORMALS[s0][0] > 0
    if s0 in ("top", "bottom") and s1 in ("top", "bottom"):
        return abs(p0[0] - p1[0]) < 0.5 and (p1[1] - p0[1]) * NORMALS[s0][1] > 0
    return False


def fork_path(p0: Point, s0: str, p1: Point, bus: float) -> list[Point]:
    """Out of the shared port to the bus line, along it, then straight to the other end (or the reverse)."""
    if s0 in ("top", "bottom"):
        return simplify([p0, (p0[0], bus), (p1[0], bus), p1])
    return simplify([p0, (bus, p0[1]), (bus, p1[1]), p1])


def route_all(reqs: list[Request], boxes: dict[str, Rect], vertical_flow: bool = True) -> dict[int, list[Point]]:
    """Polylines for every request, around every box except each edge's own ends (and their containers)."""
    budget = RouteBudget()
    assign_ports(reqs, vertical_flow, boxes)
    out: dict[int, list[Point]] = {}
    for q in reqs:
        p0, p1 = q.ports
        obstacles = [r for nid, r in boxes.items() if nid not in q.ignore]
        free = _Obstacles(obstacles)
        if q.kind in ("straight", "curve") or (straight_ok(p0, q.exit, p1, q.enter) and free.segment_free(p0, p1)):
            out[q.index] = [p0, p1]
            continue
        if q.fork is not None:
            end, bus = q.fork
            pts = fork_path(p0, q.exit, p1, bus) if end == 0 else list(reversed(fork_path(p1, q.enter, p0, bus)))
            if all(free.segment_free(a, b) for a, b in zip(pts, pts[1:])):
                out[q.index] = pts
                continue
        # the edge's own boxes are obstacles too beyond its stubs: a route never doubles back through its ends
        own = [_own_box(r, *((q.exit, p0) if nid == q.source else (q.enter, p1)))
               for nid, r in boxes.items() if nid in (q.source, q.target)]
        out[q.index] = windowed_path(p0, q.exit, p1, q.enter, obstacles, own, budget)
    nudge(out, reqs, boxes)
    return out


def _own_box(r: Rect, side: str, port: Point) -> Rect:
    """An edge's own box as an obstacle beyond its stub, ending at its port on the side the edge uses: what the
    box holds beyond its shape on that side (a bracket) lies behind the port, not in the route's way."""
    x0, y0, x1, y1 = r.x, r.y, r.right, r.bottom
    if side == "right":
        x1 = min(x1, port[0])
    elif side == "left":
        x0 = max(x0, port[0])
    elif side == "bottom":
        y1 = min(y1, port[1])
    elif side == "top":
        y0 = max(y0, port[1])
    return Rect(x0, y0, max(x1 - x0, 0.0), max(y1 - y0, 0.0))


def nudge(paths: dict[int, list[Point]], reqs: list[Request], boxes: dict[str, Rect] | None = None) -> None:
    """Move apart the inner segments of different edges that run on one line and overlap (in place); edges of a
    fork or a merge (one shared port) keep their shared line, and no segment is pushed into a box."""
    by_index = {q.index: q for q in reqs}
    segs = []      # (orientation, coordinate, lo, hi, edge, segment index)
    for k, pts in paths.items():
        for s in range(1, len(pts) - 2):        # the first and last segments stay on their ports
            (x0, y0), (x1, y1) = pts[s], pts[s + 1]
            if abs(x0 - x1) < 1e-6:
                segs.append(("v", x0, min(y0, y1), max(y0, y1), k, s))
            elif abs(y0 - y1) < 1e-6:
                segs.append(("h", y0, min(x0, x1), max(x0, x1), k, s))
    segs.sort(key=lambda t: (t[0], round(t[1], 1), t[2]))
    groups: list[list] = []
    for sg in segs:
        for g in groups:
            if sg[0] == g[0][0] and abs(sg[1] - g[0][1]) < SPREAD / 2 and any(
                    sg[2] < t[3] - 1 and t[2] < sg[3] - 1 for t in g):
                g.append(sg)
                break
        else:
            groups.append([sg])
    obstacles = list((boxes or {}).items())
    for g in groups:
        edges = sorted({t[4] for t in g})
        if len(edges) < 2 or _shared_port(edges, paths):
            continue
        n = len(edges)
        for rank, e in enumerate(edges):
            shift = (rank - (n - 1) / 2) * SPREAD
            pts = list(paths[e])
            for t in g:
                if t[4] != e:
                    continue
                s = t[5]
                if t[0] == "v":
                    pts[s] = (pts[s][0] + shift, pts[s][1])
                    pts[s + 1] = (pts[s + 1][0] + shift, pts[s + 1][1])
                else:
                    pts[s] = (pts[s][0], pts[s][1] + shift)
                    pts[s + 1] = (pts[s + 1][0], pts[s + 1][1] + shift)
            ignore = by_index[e].ignore
            clear = _Obstacles([r for nid, r in obstacles if nid not in ignore], margin=2.0)
            if all(clear.segment_free(a, b) for a, b in zip(pts, pts[1:])):
                paths[e] = pts


def _shared_port(edges, paths) -> bool:
    """Edges that all start at one point, or all end at one point: a fork or a merge, drawn as one trunk."""
    starts = {tuple(round(v, 1) for v in paths[e][0]) for e in edges}
    ends = {tuple(round(v, 1) for v in paths[e][-1]) for e in edges}
    return len(starts) == 1 or len(ends) == 1


def path_length(pts: list[Point]) -> float:
    return sum(math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in zip(pts, pts[1:]))
