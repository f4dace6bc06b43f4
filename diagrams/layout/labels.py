"""Edge labels placed by the engine: candidate positions along each routed edge, scored by what they would
cover (text, boxes, other labels, lines), the best kept. Labels are placed after every edge is routed, so a
label can avoid a line drawn after it."""
from __future__ import annotations

from dataclasses import dataclass, field

from diagrams.scene import Rect

LABEL_GAP = 4.0          # px between a label and its line
BADGE_AIR = 2.5          # px of air at least between an outlined badge (a circled step number) and any line's stroke
BADGE_ROOM = (3.0, 1.5, 0.0)   # more air a badge would like beside its own line, tried in this order
POSITIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88)
SHARED_COST = 40.0       # a label beside a fork's shared trunk names the trunk, not its own branch: avoid it


@dataclass
class LabelRequest:
    edge: int
    size: tuple[float, float]      # w, h of the label (text plus padding)
    points: list                   # the edge's polyline
    at: float | None = None        # the spec's wish along the edge (0–1)
    side: str | None = None        # above | below | left | right | on
    on_line: bool = False          # a chip (style: tag) may sit on its line by design
    shared: list = field(default_factory=list)   # polylines of the edges its fork shares a trunk with
    clear: float = 0.0             # extra room kept between the label and every line (a circled step badge)


def _point_at(points, t: float):
    lengths = [abs(q[0] - p[0]) + abs(q[1] - p[1]) for p, q in zip(points, points[1:])]
    total = sum(lengths) or 1.0
    goal = t * total
    last = len(lengths) - 1
    for i, ((p, q), L) in enumerate(zip(zip(points, points[1:]), lengths)):
        if goal <= L or i == last:      # the last segment by its index: a curve's first and last are as long
            f = min(goal / L, 1.0) if L else 0.0
            return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f), (q[0] - p[0], q[1] - p[1]), L
        goal -= L
    p, q = points[-2], points[-1]
    return q, (q[0] - p[0], q[1] - p[1]), lengths[-1]


def _overlap(a: Rect, b: Rect) -> float:
    ox = min(a.right, b.right) - max(a.x, b.x)
    oy = min(a.bottom, b.bottom) - max(a.y, b.y)
    return ox * oy if ox > 0 and oy > 0 else 0.0


def _crosses(r: Rect, p, q) -> float:
    """Length of segment p–q inside ``r`` (a slanted segment clipped exactly, Liang–Barsky)."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    if x1 < r.x or x0 > r.right or y1 < r.y or y0 > r.bottom:
        return 0.0
    if abs(x1 - x0) < 1e-6:
        return max(0.0, min(y1, r.bottom) - max(y0, r.y))
    if abs(y1 - y0) < 1e-6:
        return max(0.0, min(x1, r.right) - max(x0, r.x))
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pp, qq in ((-dx, p[0] - r.x), (dx, r.right - p[0]), (-dy, p[1] - r.y), (dy, r.bottom - p[1])):
        t = qq / pp
        if pp < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    return max(0.0, t1 - t0) * (dx * dx + dy * dy) ** 0.5


def _beside(side: str, p, d, w: float, h: float, gap: float = LABEL_GAP):
    """The centre of a w×h label on ``side`` of a line through p along d, LABEL_GAP from it: along the line's
    normal by the label's half-extent in that direction, so beside a slanted line its nearest corner keeps the gap
    (on an axis-parallel line: the plain offsets above, below, left, right)."""
    px, py = p
    length = (d[0] * d[0] + d[1] * d[1]) ** 0.5
    if side != "on" and length > 1e-9:
        ux, uy = d[0] / length, d[1] / length
        n1, n2 = (uy, -ux), (-uy, ux)
        axis, sign = {"above": (1, -1), "below": (1, 1), "left": (0, -1), "right": (0, 1)}[side]
        n = n1 if n1[axis] * sign > 0 else n2
        if n[axis] * sign > 0.2:                 # the line does not run along that direction
            k = gap + abs(n[0]) * w / 2 + abs(n[1]) * h / 2
            return px + n[0] * k, py + n[1] * k
    cx, cy = px, py
    if side == "above":
        cy = py - gap - h / 2
    elif side == "below":
        cy = py + gap + h / 2
    elif side == "left":
        cx = px - gap - w / 2
    elif side == "right":
        cx = px + gap + w / 2
    return cx, cy


def _on(x: float, y: float, poly, tol: float = 1.0) -> bool:
    """Does the point lie on the polyline (axis-aligned segments; others by their bounding box)?"""
    for (x0, y0), (x1, y1) in zip(poly, poly[1:]):
        if min(x0, x1) - tol <= x <= max(x0, x1) + tol and min(y0, y1) - tol <= y <= max(y0, y1) + tol:
            return True
    return False


def _slanted(dx: float, dy: float) -> bool:
    """Is a direction neither near horizontal nor near vertical (the slanted part of a curve)?"""
    length = (dx * dx + dy * dy) ** 0.5
    return length > 0 and min(abs(dx), abs(dy)) / length > 0.3


def _beside_normal(px: float, py: float, dx: float, dy: float, w: float, h: float, sign: float,
                   gap: float = LABEL_GAP) -> tuple[float, float]:
    """The centre of a w × h label beside a slanted line through (px, py) along (dx, dy): along the line's
    normal, far enough that the label's nearest corner keeps ``gap`` from the line."""
    length = (dx * dx + dy * dy) ** 0.5
    nx, ny = sign * dy / length, -sign * dx / length
    d = gap + abs(nx) * w / 2 + abs(ny) * h / 2
    return px + nx * d, py + ny * d


def place_labels(requests: list[LabelRequest], obstacles: list[Rect], lines: dict[int, list]) -> list[Rect]:
    """A rectangle for each request, in order; each placed label becomes an obstacle for the next."""
    import numpy as np

    taken = list(obstacles)
    segments = [(k, p, q) for k, pts in lines.items() for p, q in zip(pts, pts[1:])]
    # bounding boxes as arrays, to find the few obstacles and segments a candidate can touch; only those are added
    # to its score, in the same order as before (adding 0.0 changes no sum, so the scores are the same floats)
    seg_box = np.array([(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
                        for _, p, q in segments], dtype=float).reshape(-1, 4)
    taken_box = np.array([(o.x, o.y, o.right, o.bottom) for o in taken], dtype=float).reshape(-1, 4)
    out = []
    for req in requests:
        w, h = req.size
        best, best_score = None, None
        ts = (req.at,) + tuple(t for t in POSITIONS if abs(t - req.at) > 0.05) if req.at is not None else POSITIONS
        for rank, t in enumerate(ts):
            (px, py), (dx, dy), seg_len = _point_at(req.points, t)
            shared = SHARED_COST if any(_on(px, py, poly) for poly in req.shared) else 0.0
            horizontal = abs(dx) >= abs(dy)
            sides = [req.side] if req.side else (["above", "below"] if horizontal else ["right", "left"])
            if not req.side and _slanted(dx, dy):       # a curve's slanted part: beside it, off both ends
                sides = sides + ["normal+", "normal-"]
            if req.on_line and not req.side:
                sides = ["on"] + sides
            # a badge: its own line at ``clear`` plus some room (the most that keeps every other line clear)
            gaps = [(req.clear + extra, gi * 0.5) for gi, extra in enumerate(BADGE_ROOM)] if req.clear else [(LABEL_GAP, 0.0)]
            for si, (side, (gap, gap_cost)) in enumerate((sd, g) for sd in sides for g in gaps):
                si //= len(gaps)
                if side.startswith("normal"):
                    cx, cy = _beside_normal(px, py, dx, dy, w, h, 1.0 if side == "normal+" else -1.0, gap)
                else:
                    cx, cy = _beside(side, (px, py), (dx, dy), w, h, gap)
                r = Rect(cx - w / 2, cy - h / 2, w, h)
                # a badge keeps ``clear`` from every line: lines are tested against the label grown by it
                c = req.clear - 0.01            # a line exactly at ``clear`` is clear
                keep = Rect(r.x - c, r.y - c, w + 2 * c, h + 2 * c) if req.clear else r
                score = rank * 4.0 + si * 2.0 + shared + gap_cost
                # a label beside a segment shorter than itself hangs off its end
                norm = (dx * dx + dy * dy) ** 0.5 or 1.0
                along = abs(dx) / norm * w + abs(dy) / norm * h
                if side != "on" and seg_len < along:
                    score += (along - seg_len) * 2
                hits = np.flatnonzero((taken_box[:, 0] < r.right) & (taken_box[:, 2] > r.x)
                                      & (taken_box[:, 1] < r.bottom) & (taken_box[:, 3] > r.y))
                for i in hits.tolist():
                    score += _overlap(r, taken[i]) * 5.0
                near = np.flatnonzero((seg_box[:, 2] >= min(r.x, keep.x)) & (seg_box[:, 0] <= max(r.right, keep.right))
                                      & (seg_box[:, 3] >= min(r.y, keep.y))
                                      & (seg_box[:, 1] <= max(r.bottom, keep.bottom)))
                for i in near.tolist():
                    k, p, q = segments[i]
                    if k == req.edge and side == "on":
                        continue
                    score += _crosses(r, p, q) * 40.0
                    if keep is not r:
                        score += _crosses(keep, p, q) * 20.0
                if best_score is None or score < best_score:
                    best, best_score = r, score
            if best_score is not None and best_score < 1e-9:
                break
        out.append(best)
        taken.append(best)
        taken_box = np.vstack([taken_box, [(best.x, best.y, best.right, best.bottom)]])
    return out
