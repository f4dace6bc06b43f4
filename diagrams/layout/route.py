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
import time
from dataclasses import dataclass, field

from diagrams.errors import SpecError
from diagrams.scene import Rect

MARGIN = 10.0           # px kept between a route and a box it passes
STUB = 14.0             # px a route runs straight out of its port before it may turn
BEND_COST = 40.0        # a bend costs as much as this many px of length
SPREAD = 10.0           # px between nudged parallel segments
ROUTE_TIME_LIMIT_S = 5.0
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


def side_point(r: Rect, side: str, at: float) -> Point:
    if side == "top":
        return (r.x + r.w * at, r.y)
    if side == "bottom":
        return (r.x + r.w * at, r.bottom)
    if side == "left":
        return (r.x, r.y + r.h * at)
    return (r.right, r.y + r.h * at)


def assign_ports(reqs: list[Request], vertical_flow: bool = True) -> None:
    """Choose the sides and the points on them for every request (in place).

    Edges sharing a side are spread along it, except a fork: several edges that all leave (or all enter) one
    side towards boxes that all lie beyond it share one port in its middle, and later one trunk."""
    ends: dict[tuple[str, str], list] = {}
    for q in reqs:
        s0, s1 = facing(q.a, q.b, vertical_flow)
        q.exit = q.exit or s0
        q.enter = q.enter or s1
        ends.setdefault((q.source, q.exit), []).append((q, 0))
        ends.setdefault((q.target, q.enter), []).append((q, 1))
    ports: dict[tuple[int, int], Point] = {}
    lone: set[tuple[int, int]] = set()
    for (node, side), group in ends.items():
        horizontal_side = side in ("top", "bottom")
        rect = group[0][0].a if group[0][1] == 0 else group[0][0].b

        def other_pos(item):
            q, end = item
            o = q.b if end == 0 else q.a
            return (round(o.cx if horizontal_side else o.cy, 1), q.index, end)   # level ends: in spec order

        group.sort(key=other_pos)
        n = len(group)
        fork = n >= 2 and len({end for _, end in group}) == 1 and all(
            _beyond(rect, side, (q.b if end == 0 else q.a)) for q, end in group) and not any(
            (q.exit_at if end == 0 else q.enter_at) is not None for q, end in group)
        level = None if n == 1 else _level_ports(rect, group, horizontal_side)
        if fork and level is not None and not _all_within(rect, group, horizontal_side):
            level = None                    # a fan-out to boxes reaching past the side keeps its trunk
        fork = fork and level is None       # every other end level with the side and within it: parallel lines
        for k, (q, end) in enumerate(group):
            fixed = q.exit_at if end == 0 else q.enter_at
            if n == 1 and fixed is None:
                lone.add((q.index, end))
            if fixed is not None:
                at = float(fixed)
            elif n == 1 or fork:
                at = _aligned(rect, q.b if end == 0 else q.a, horizontal_side) if n == 1 else 0.5
            elif level is not None:
                at = level[k]
            else:
                at = (k + 1) / (n + 1)
            ports[(q.index, end)] = side_point(rect, side, at)
            if fork:
                q.fork = (end, _bus(rect, side, [(g.b if e == 0 else g.a) for g, e in group]))
    _line_up(reqs, ports, lone)
    for q in reqs:
        q.ports = (ports[(q.index, 0)], ports[(q.index, 1)])


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


def _aligned(r: Rect, other: Rect, horizontal_side: bool) -> float:
    """Where on a side an edge alone there sits: level with the other box when their spans overlap, else the middle."""
    lo, hi = (max(r.x, other.x), min(r.right, other.right)) if horizontal_side else (max(r.y, other.y), min(r.bottom, other.bottom))
    start, length = (r.x, r.w) if horizontal_side else (r.y, r.h)
    if hi - lo > 8 and length > 0:
        return min(0.85, max(0.15, ((lo + hi) / 2 - start) / length))
    return 0.5


# ---------------------------------------------------------------------------- paths
class _Obstacles:
    def __init__(self, rects: list[Rect]):
        self.rects = [Rect(r.x - MARGIN, r.y - MARGIN, r.w + 2 * MARGIN, r.h + 2 * MARGIN) for r in rects]

    def point_free(self, p: Point) -> bool:
        x, y = p
        return not any(r.x + 0.01 < x < r.right - 0.01 and r.y + 0.01 < y < r.bottom - 0.01 for r in self.rects)

    def segment_free(self, p: Point, q: Point) -> bool:
        x0, x1 = sorted((p[0], q[0]))
        y0, y1 = sorted((p[1], q[1]))
        for r in self.rects:
            if x0 < r.right - 0.01 and x1 > r.x + 0.01 and y0 < r.bottom - 0.01 and y1 > r.y + 0.01:
                return False
        return True


def orthogonal_path(p0: Point, s0: str, p1: Point, s1: str, obstacles: list[Rect], deadline: float) -> list[Point]:
    """The cheapest orthogonal path from port p0 (leaving along side s0's normal) to p1 (arriving against s1's)."""
    n0, n1 = NORMALS[s0], NORMALS[s1]
    q0 = (p0[0] + n0[0] * STUB, p0[1] + n0[1] * STUB)
    q1 = (p1[0] + n1[0] * STUB, p1[1] + n1[1] * STUB)
    obs = _Obstacles(obstacles)
    xs = {q0[0], q1[0], (q0[0] + q1[0]) / 2}
    ys = {q0[1], q1[1], (q0[1] + q1[1]) / 2}
    for r in obs.rects:
        xs.update((r.x, r.right))
        ys.update((r.y, r.bottom))
    xs, ys = sorted(xs), sorted(ys)
    if len(xs) * len(ys) > MAX_GRID_POINTS:
        raise SpecError(f"the figure is too large to route: {len(xs) * len(ys)} grid points for one edge "
                        f"(MAX_GRID_POINTS = {MAX_GRID_POINTS})", hint="split the figure or give edges `route: straight`")
    xi = {x: i for i, x in enumerate(xs)}
    yi = {y: i for i, y in enumerate(ys)}
    start, goal = (xi[q0[0]], yi[q0[1]]), (xi[q1[0]], yi[q1[1]])
    # Dijkstra over (grid point, heading); heading 0 = horizontal, 1 = vertical
    h0 = 0 if s0 in ("left", "right") else 1
    h1 = 0 if s1 in ("left", "right") else 1
    best: dict = {}
    heap = [(0.0, 0, start, h0, None)]
    came: dict = {}
    tick = 0
    free_cache: dict = {}

    def free(i, j):
        key = (i, j)
        if key not in free_cache:
            free_cache[key] = obs.point_free((xs[i], ys[j]))
        return free_cache[key]

    end_state = None
    while heap:
        cost, _, node, heading, prev = heapq.heappop(heap)
        state = (node, heading)
        if state in best:
            continue
        best[state] = cost
        came[state] = prev
        if node == goal:
            end_state = state
            break
        tick += 1
        if tick % 2048 == 0 and time.monotonic() > deadline:
            raise SpecError(f"routing the edges took longer than {ROUTE_TIME_LIMIT_S:g} s (ROUTE_TIME_LIMIT_S)",
                            hint="split the figure or give edges `route: straight`")
        i, j = node
        for di, dj, h in ((1, 0, 0), (-1, 0, 0), (0, 1, 1), (0, -1, 1)):
            ni, nj = i + di, j + dj
            if not (0 <= ni < len(xs) and 0 <= nj < len(ys)):
                continue
            a, b = (xs[i], ys[j]), (xs[ni], ys[nj])
            if not free(ni, nj) and (ni, nj) != goal:
                continue
            if not obs.segment_free(a, b):
                continue
            step = abs(b[0] - a[0]) + abs(b[1] - a[1])
            c = cost + step + (BEND_COST if h != heading else 0.0)
            if (ni, nj) == goal and h != h1:
                c += BEND_COST          # it must still turn to enter along the side's normal
            if ((ni, nj), h) not in best:
                tick += 1
                heapq.heappush(heap, (c, tick, (ni, nj), h, state))
    if end_state is None:
        return _fallback(p0, s0, p1, s1)
    pts = []
    state = end_state
    while state is not None:
        (i, j), _ = state
        pts.append((xs[i], ys[j]))
        state = came[state]
    pts.reverse()
    return simplify([p0] + pts + [p1])


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
    deadline = time.monotonic() + ROUTE_TIME_LIMIT_S
    assign_ports(reqs, vertical_flow)
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
        out[q.index] = orthogonal_path(p0, q.exit, p1, q.enter, obstacles, deadline)
    nudge(out, reqs, boxes)
    return out


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
            clear = _Obstacles([r for nid, r in obstacles if nid not in ignore])
            clear.rects = [Rect(r.x + MARGIN - 2, r.y + MARGIN - 2, r.w - 2 * MARGIN + 4, r.h - 2 * MARGIN + 4)
                           for r in clear.rects]
            if all(clear.segment_free(a, b) for a, b in zip(pts, pts[1:])):
                paths[e] = pts


def _shared_port(edges, paths) -> bool:
    """Edges that all start at one point, or all end at one point: a fork or a merge, drawn as one trunk."""
    starts = {tuple(round(v, 1) for v in paths[e][0]) for e in edges}
    ends = {tuple(round(v, 1) for v in paths[e][-1]) for e in edges}
    return len(starts) == 1 or len(ends) == 1


def path_length(pts: list[Point]) -> float:
    return sum(math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in zip(pts, pts[1:]))
