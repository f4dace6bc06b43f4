"""Place top-level blocks: a grid of cells, free coordinates, or Graphviz (dot)."""
from __future__ import annotations

from diagrams.errors import SpecError
from diagrams.scene import Rect

DEFAULT_GAP = (50.0, 40.0)


def _gap(fig):
    g = fig.props.get("gap")
    return (float(g[0]), float(g[1])) if g else DEFAULT_GAP


def _cell_place(block, cell: Rect, place: str, offset) -> Rect:
    w, h = (cell.w, cell.h) if place == "fill" else (block.w, block.h)
    x = cell.x + (cell.w - w) / 2
    y = cell.y + (cell.h - h) / 2
    if "left" in place:
        x = cell.x
    if "right" in place:
        x = cell.right - w
    if "top" in place:
        y = cell.y
    if "bottom" in place:
        y = cell.bottom - h
    if offset:
        x, y = x + float(offset[0]), y + float(offset[1])
    return Rect(x, y, w, h)


def grid(fig, blocks: dict, ctx) -> dict:
    """Column widths and row heights from the blocks in them (spans share their excess)."""
    gx, gy = _gap(fig)
    cells = {}
    for node in fig.nodes:
        at = node.get("at")
        if at is None:
            raise SpecError(f"node '{node.id}' has no position", file=ctx.file, line=node.line, col=node.col,
                            hint="give `at: [column, row]` (grid layout) or use `layout: graph`")
        c, r = int(at[0]), int(at[1])
        cs, rs = (int(at[2]), int(at[3])) if len(at) == 4 else (1, 1)
        if c < 0 or r < 0 or cs < 1 or rs < 1 or c + cs > 200 or r + rs > 200:
            raise SpecError(f"node '{node.id}' is at an impossible cell {list(at)}", file=ctx.file, line=node.line,
                            col=node.col, hint="columns and rows count from 0; spans are at least 1; at most 200")
        cells[node.id] = (c, r, cs, rs)
    ncols = max((c + cs for c, r, cs, rs in cells.values()), default=1)
    nrows = max((r + rs for c, r, cs, rs in cells.values()), default=1)
    colw = [0.0] * ncols
    rowh = [0.0] * nrows
    for i, v in enumerate(fig.props.get("col_widths", []) or []):
        if i < ncols:
            colw[i] = float(v)
    for i, v in enumerate(fig.props.get("row_heights", []) or []):
        if i < nrows:
            rowh[i] = float(v)
    # singles first, then spans widen their tracks evenly if needed
    for span_pass in (False, True):
        for node in fig.nodes:
            c, r, cs, rs = cells[node.id]
            b = blocks[node.id]
            if (cs > 1) == span_pass:
                have = sum(colw[c:c + cs]) + gx * (cs - 1)
                if b.w > have:
                    for i in range(c, c + cs):
                        colw[i] += (b.w - have) / cs
            if (rs > 1) == span_pass:
                have = sum(rowh[r:r + rs]) + gy * (rs - 1)
                if b.h > have:
                    for i in range(r, r + rs):
                        rowh[i] += (b.h - have) / rs
    xs = [0.0]
    for w in colw:
        xs.append(xs[-1] + w + gx)
    ys = [0.0]
    for h in rowh:
        ys.append(ys[-1] + h + gy)
    out = {}
    for node in fig.nodes:
        c, r, cs, rs = cells[node.id]
        cell = Rect(xs[c], ys[r], xs[c + cs] - xs[c] - gx, ys[r + rs] - ys[r] - gy)
        out[node.id] = _cell_place(blocks[node.id], cell, node.get("place", "center"), node.get("offset"))
    return out


def free(fig, blocks: dict, ctx) -> dict:
    out = {}
    for node in fig.nodes:
        at = node.get("at")
        if at is None or len(at) != 2:
            raise SpecError(f"node '{node.id}' needs `at: [x, y]` (its centre in px) in a free layout",
                            file=ctx.file, line=node.line, col=node.col)
        b = blocks[node.id]
        w, h = b.w, b.h
        # `anchor` names the point of the node that `at` gives (default its centre): left-aligned columns of text
        anchor = node.get("anchor", "center")
        x = float(at[0]) - (0 if "left" in anchor else w if "right" in anchor else w / 2)
        y = float(at[1]) - (0 if "top" in anchor else h if "bottom" in anchor else h / 2)
        off = node.get("offset") or (0, 0)   # as in the grid and graph layouts: a nudge after placing
        out[node.id] = Rect(x + float(off[0]), y + float(off[1]), w, h)
    return out


def graph(fig, blocks: dict, ctx) -> dict:
    from diagrams.layout.graphviz import dot_positions

    gx, gy = _gap(fig)
    if not fig.props.get("gap") and ctx.type_scale is None:   # room for labels between the ranks
        from diagrams.layout.auto import label_extent

        lw, lh = label_extent(fig, ctx)
        if fig.props.get("direction", "TB") in ("TB", "BT"):
            gx, gy = max(gx, lw * 0.6), max(gy, lh + 40)
        else:
            gx, gy = max(gx, lw + 40), max(gy, lh + 16)
    sizes = {n.id: (blocks[n.id].w, blocks[n.id].h) for n in fig.nodes}
    if ctx.type_scale is not None:       # the engine's graph layout: Graphviz routes the edges and places labels
        from diagrams.layout.auto import label_sizes
        from diagrams.layout.graphviz import dot_graph

        edges = [(e.source.split(".")[0], e.target.split(".")[0]) + label_sizes(e, ctx) for e in fig.edges]
        centres, routes = dot_graph(sizes, edges, fig.props.get("direction", "TB"), _gap(fig)[0], _gap(fig)[1],
                                    ctx.file)
        ctx.graph_routes = {i: r for i, (e, r) in enumerate(zip(fig.edges, routes))
                            if "." not in e.source and "." not in e.target and len(e.labels) <= 1 and r[0]}
    else:
        edges = [(e.source.split(".")[0], e.target.split(".")[0]) for e in fig.edges]
        centres = dot_positions(sizes, edges, fig.props.get("direction", "TB"), gx, gy, ctx.file)
    out = {}
    for node in fig.nodes:
        cx, cy = centres[node.id]
        b = blocks[node.id]
        off = node.get("offset") or (0, 0)
        out[node.id] = Rect(cx - b.w / 2 + float(off[0]), cy - b.h / 2 + float(off[1]), b.w, b.h)
    return out


ARRANGERS = {"grid": grid, "free": free, "graph": graph}
