"""The layout contract: what reviewers found wrong in traced figures, checked on the positioned figure.

- two boxes partially overlapping (unless an `overlap` relation asks for it);
- a child outside its container;
- an edge through a box other than its own ends;
- two edges running on top of each other;
- a label on a line (a chip on its own line excepted) or on another label;
- text below the theme's smallest size;
- content closer to the frame than the theme's margin (the frame is placed from the items' extents: a thick
  stroke reaches half its width past its path).

Reads the layout context (node rectangles, containers, edge polylines, label rectangles) and the scene."""
from __future__ import annotations

import math

from diagrams.checks import clip_segment
from diagrams.scene import Rect

TOL = 1.5            # px: rounding, strokes
EDGE_IN_BOX = 3.0    # px an edge may run inside a box's edge (antialiasing, ports)
SHARED_LINE = 6.0    # px two edges may share before it counts as running on top of each other
MAX_PROBLEMS = 50


def _partial(a: Rect, b: Rect) -> bool:
    ox = min(a.right, b.right) - max(a.x, b.x)
    oy = min(a.bottom, b.bottom) - max(a.y, b.y)
    if ox <= TOL or oy <= TOL:
        return False
    return not (a.contains(b, TOL) or b.contains(a, TOL))


def _partial_pairs(rects: list) -> list:
    """The pairs (i, j), i < j, in that order, of ``rects`` that `_partial` finds partially overlapping."""
    import numpy as np

    if len(rects) < 2:
        return []
    x = np.array([r.x for r in rects])
    y = np.array([r.y for r in rects])
    right = np.array([r.right for r in rects])
    bottom = np.array([r.bottom for r in rects])
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(x[:, None], x[None, :])
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(y[:, None], y[None, :])
    inside = ((x[None, :] >= x[:, None] - TOL) & (y[None, :] >= y[:, None] - TOL)
              & (right[None, :] <= right[:, None] + TOL) & (bottom[None, :] <= bottom[:, None] + TOL))  # i holds j
    hit = (ox > TOL) & (oy > TOL) & ~inside & ~inside.T
    i, j = np.nonzero(np.triu(hit, 1))
    return list(zip(i.tolist(), j.tolist()))


def _related(a: str, b: str) -> bool:
    return a.startswith(b + ".") or b.startswith(a + ".")


def _overlay(parents: dict, a: str, b: str) -> bool:
    """Is ``a`` (or what holds it) placed `inside` a frame that ``b`` is a part of: a name over a matrix's cells?"""
    parts = a.split(".")
    for k in range(len(parts), 0, -1):
        frame = parents.get(".".join(parts[:k]))
        if frame is not None and b.startswith(frame + ".") and not a.startswith(frame + "."):
            return True
    return False


def _overlaid(ctx, a: str, b: str) -> bool:
    """A frame drawn over nested nodes (`inside` naming nodes in containers) crosses those containers by design."""
    overlays = getattr(ctx, "overlays", None) or {}
    for f, o in ((a, b), (b, a)):
        if any(o == t or o.startswith(t + ".") for t in overlays.get(f, ())):
            return True
    return False


def _segment_in(r: Rect, p, q, inset: float) -> bool:
    """Does segment p–q pass through the inside of ``r`` shrunk by ``inset`` (for more than 1 px)?"""
    if r.w <= 2 * inset or r.h <= 2 * inset:
        return False
    seg = clip_segment(p, q, r.inset(inset))
    return seg is not None and math.dist(*seg) > 1.0


def _collinear_overlap(s, t) -> float:
    (a, b), (c, d) = s, t
    if abs(a[0] - b[0]) < 0.5 and abs(c[0] - d[0]) < 0.5 and abs(a[0] - c[0]) < 1.5:
        lo, hi = max(min(a[1], b[1]), min(c[1], d[1])), min(max(a[1], b[1]), max(c[1], d[1]))
        return hi - lo
    if abs(a[1] - b[1]) < 0.5 and abs(c[1] - d[1]) < 0.5 and abs(a[1] - c[1]) < 1.5:
        lo, hi = max(min(a[0], b[0]), min(c[0], d[0])), min(max(a[0], b[0]), max(c[0], d[0]))
        return hi - lo
    return 0.0


def _overlap_allowed(a: str, b: str, overlaps) -> bool:
    """An `overlap` relation lets its two shapes (and what holds them) overlap, and each shape overlap what is inside
    the other; what is inside one still may not overlap what is inside the other (text on text)."""
    for p, q in overlaps:
        for x, y in ((a, b), (b, a)):
            if (x == p and (y == q or y.startswith(q + "."))) or (y == q and x.startswith(p + ".")):
                return True
    return False


def _name(i, e) -> str:
    return f"edge {i + 1} ({e.source} → {e.target})"


def contract_problems(ctx, theme=None) -> list[str]:
    out: list[str] = []

    def add(msg):
        if len(out) < MAX_PROBLEMS and msg not in out:
            out.append(msg)

    placed = {k: r for k, r in ctx.placed.items() if r.w > 0.5 and r.h > 0.5}
    overlaps = getattr(ctx, "overlaps", set())     # pairs an `overlap` relation lets overlap
    ids = sorted(placed)
    # geometry first, for all pairs at once: few pairs overlap at all, and the name rules are the costly part
    for i, j in _partial_pairs([placed[k] for k in ids]):
        a, b = ids[i], ids[j]
        if (_related(a, b) or _overlay(ctx.parents, a, b) or _overlay(ctx.parents, b, a)
                or _overlap_allowed(a, b, overlaps) or _overlaid(ctx, a, b)):
            continue
        add(f"boxes '{a}' and '{b}' overlap")
    for child, parent in ctx.parents.items():
        if child in placed and parent in placed and not placed[parent].contains(placed[child], TOL):
            add(f"'{child}' sticks out of its container '{parent}'")
    leaves = {k: r for k, r in placed.items() if k not in ctx.containers}
    paths = ctx.edge_paths
    for i, ep in enumerate(paths):
        for p, q in zip(ep.points, ep.points[1:]):
            lo_x, hi_x, lo_y, hi_y = min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])
            for nid, r in leaves.items():
                if r.x > hi_x or r.right < lo_x or r.y > hi_y or r.bottom < lo_y:
                    continue        # the segment's bounding box misses the box
                if nid in ep.ends or nid in ctx.strokes:     # crossing a brace or a bracket is crossing a line
                    continue
                if _segment_in(r, p, q, EDGE_IN_BOX):
                    add(f"{_edge(i, ep)} runs through '{nid}'")
    for i, a in enumerate(paths):
        for j in range(i + 1, len(paths)):
            b = paths[j]
            if a.source == b.source or a.target == b.target:
                continue            # a fork or a merge may share its trunk
            if any(_collinear_overlap(s, t) > SHARED_LINE for s in zip(a.points, a.points[1:])
                   for t in zip(b.points, b.points[1:])):
                add(f"{_edge(i, a)} and {_edge(j, b)} run on top of each other")
    labels = ctx.labels
    for k, (r, chip, *own) in enumerate(labels):
        mine = own[0] if own else None
        inner = r.inset(1.0) if r.w > 2 and r.h > 2 else r
        for i, ep in enumerate(paths):
            if chip and mine == i:
                continue
            if any(_segment_in(inner, p, q, 0.0) for p, q in zip(ep.points, ep.points[1:])):
                add(f"an edge label at ({r.x:.0f}, {r.y:.0f}) sits on {_edge(i, ep)}")
                break
        for nid, box in leaves.items():
            if _partial(inner, box) or box.contains(inner, 0) and not (mine is not None and nid in paths[mine].ends):
                add(f"an edge label at ({r.x:.0f}, {r.y:.0f}) sits on '{nid}'")
                break
        for r2, *_ in labels[k + 1:]:
            if _partial(r, r2) or r.intersects(r2, TOL):
                add(f"two edge labels overlap at ({r.x:.0f}, {r.y:.0f})")
    if theme is not None:
        margin = float(theme.frame.get("margin", 0))
        bounds = ctx.scene.bounds()
        if bounds is not None:
            for what, r in _true_extents(ctx.scene):
                reach = max(bounds.x - r.x, r.right - bounds.right, bounds.y - r.y, r.bottom - bounds.bottom)
                if reach > TOL:
                    add(f"{what} comes within {max(0.0, margin - reach):.0f} px of the frame "
                        f"(the theme's margin is {margin:g} px)")
    if theme is not None and theme.min_text_size:
        for t in ctx.scene.texts:
            size = getattr(t, "size", None)
            if size is not None and size < theme.min_text_size - 1e-6:
                add(f"text '{t.text.strip()[:30]}' is {size:g} px, below the theme's smallest size "
                    f"{theme.min_text_size:g} px")
    return out


def _edge(i, ep) -> str:
    return f"edge {i + 1} ({ep.source} → {ep.target})"


def _true_extents(scene):
    """Where stroked lines really reach: half their line width beyond their path (the frame sees the path)."""
    from diagrams.scene import Shape, path_bounds

    for it in scene.items:
        if isinstance(it, Shape) and it.kind == "path" and it.d and it.paint.stroke not in (None, "none"):
            b = path_bounds(it.d)
            if b is not None:
                sw = (it.paint.stroke_width or 0) / 2
                yield "a line", Rect(b.x - sw, b.y - sw, b.w + 2 * sw, b.h + 2 * sw)
