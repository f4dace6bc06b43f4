"""`layout: auto`: the engine places every node, routes every edge and places every label.

measure (blocks at the theme's type sizes) → structure and relations (solve.py) → draw nodes →
route all edges (route.py) → place all labels (labels.py) → draw edges and labels.

The spec says what is in the figure (nodes, nested `rows`/`cols` containers) and how the parts relate
(`place:`, a list of relations); it holds no coordinates."""
from __future__ import annotations

import math

import kiwisolver

from diagrams.errors import SpecError
from diagrams.layout.blocks import ShapeBlock, StackBlock, make_block
from diagrams.layout.edges import draw_path, point_at
from diagrams.layout.labels import BADGE_AIR, LabelRequest, place_labels
from diagrams.layout.route import NORMALS, Request, route_all
from diagrams.layout.solve import ALIGN, MEDIUM, REQUIRED, SPACING, STRONG, Box, Container, Layout
from diagrams.layout.text import place_text
from diagrams.scene import Paint, Rect
from diagrams.text.rich import layout as layout_text

EDGE_ROOM = 40.0          # px at least between two boxes an edge joins: room for the line and its arrowhead
LABEL_ROOM = 8.0          # px around a label that has to fit between two boxes
MAX_LABEL_ROOM = 420.0    # a longer label should wrap (`wrap:`) rather than push the boxes apart
SIDES = ("top", "bottom", "left", "right")
KEEP_SIZE = kiwisolver.strength.create(0, 10, 0)   # over a container's centring (medium), under relations (strong)

RELATIONS = ("below", "above", "right_of", "left_of", "row", "column", "align", "same_width", "same_height",
             "same_size", "between", "inside", "span", "overlap")


def gap_px(value, ctx, default: str = "normal") -> float:
    """A gap: px, or a name of the theme's spacing scale (tight, normal, wide)."""
    scale = ctx.theme.spacing
    if value is None:
        value = default
    if isinstance(value, str):
        if value not in scale:
            from diagrams.theme import suggest

            raise SpecError(f"unknown gap '{value}'", hint=suggest(value, scale, "a spacing name of the theme or px"))
        return float(scale[value])
    return float(value)


def container_gaps(value, ctx, default: str) -> tuple[float, float]:
    """A container's gap: one value for both axes, or `[across, down]` (a grid's column and row gaps: a tree of
    small boxes is wider apart down than across), each px or a spacing name."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise SpecError(f"a container's gap is one value or two ([across, down]), not {len(value)}",
                            hint="e.g. gap: [tight, wide]")
        return gap_px(value[0], ctx, default), gap_px(value[1], ctx, default)
    g = gap_px(value, ctx, default)
    return g, g


class AutoLayout:
    def __init__(self, fig, ctx):
        self.fig = fig
        self.ctx = ctx
        self.blocks: dict = {}
        self.nodes: dict = {}
        self.layout = Layout(ctx.file)
        self.edge_room = self._edge_room()

    # ------------------------------------------------------------------ names
    def resolve(self, name, where) -> str:
        """A node named in a relation: its full dotted id, or a unique last part of one."""
        name = str(name)
        if name in self.nodes:
            return name
        matches = [nid for nid in self.nodes if nid.endswith("." + name)]
        if len(matches) == 1:
            return matches[0]
        part = self._part(name, where) if not matches else None
        if part:
            return part
        from diagrams.theme import suggest

        if matches:
            raise SpecError(f"{where} names '{name}', which is ambiguous: {', '.join(sorted(matches))}",
                            hint="write the full dotted name")
        raise SpecError(f"{where} names '{name}', which is not a node of this figure",
                        hint=suggest(name, list(self.nodes), "a node name"))

    def _part(self, name: str, where) -> str | None:
        """A part a component offers (``heads.v1``, ``table.r2c3``) named in a relation: a box of the part's size
        that moves with its node, so a label lines up with one bar or one row of a drawing."""
        owner, _, part = name.rpartition(".")
        if not owner or not part:
            return None
        try:
            nid = self.resolve(owner, where)
        except SpecError:
            return None
        block = self.blocks.get(nid)
        rect = block.part_rect(part) if hasattr(block, "part_rect") else None
        if rect is None:
            return None
        pid = f"{nid}.{part}"
        B = self.layout.boxes
        if pid not in B:
            N = B[nid]
            P = Box(pid, kiwisolver.Variable(f"{pid}.x"), kiwisolver.Variable(f"{pid}.y"), kiwisolver.Variable(f"{pid}.w"),
                    kiwisolver.Variable(f"{pid}.h"), (rect.w, rect.h), stretch=False)
            B[pid] = P
            # the drawing is centred in its node's box (DrawnBlock.draw)
            self.layout.add(P.x == N.x + (N.w - block.w) / 2 + rect.x)
            self.layout.add(P.y == N.y + (N.h - block.h) / 2 + rect.y)
            self.layout.add(P.w == rect.w)
            self.layout.add(P.h == rect.h)
        return pid

    # ------------------------------------------------------------------ measure and structure
    def _edge_room(self) -> dict:
        """px needed between two nodes that an edge joins: the arrow plus any label that must sit between them.
        Keyed (source, target) → (any, across, down): the room whatever the direction, and the room when the two
        nodes sit side by side (a label over the line needs its width) or one above the other (its height)."""
        room = {}
        for e in self.fig.edges:
            need = across = down = EDGE_ROOM
            for lab in e.labels:
                st = dict(self.ctx.theme.style(lab.props.get("style", "plain")))
                st.update(lab.props)
                size = float(st.get("font_size") or self.ctx.role_size(st.get("role", "label"), 14))
                block = layout_text(self.ctx.tr(lab.text), size, bold=bool(st.get("bold")), wrap=st.get("wrap"))
                pad = st.get("padding", [2, 2])
                # beside a vertical edge the label needs its height, on a horizontal one its width
                tall = block.height + 2 * float(pad[1]) + 2 * LABEL_ROOM + 16
                wide = min(block.width + 2 * float(pad[0]) + 2 * LABEL_ROOM + 16, MAX_LABEL_ROOM)
                need, across, down = max(need, tall, wide), max(across, wide), max(down, tall)
            key = (e.source, e.target)
            old = room.get(key, (0.0, 0.0, 0.0))
            room[key] = (max(old[0], need), max(old[1], across), max(old[2], down))
        return room

    def room_between(self, a: str, b: str, axis: str | None = None) -> float:
        """Room an edge needs between the subtrees of a and b (either direction); ``axis`` "x": the two sit side
        by side, "y": one above the other (a label beside a vertical line needs only its height)."""
        need = 0.0
        k = {"x": 1, "y": 2}.get(axis, 0)
        for (s, t), v in self.edge_room.items():
            for x, y in ((s, t), (t, s)):
                if (x == a or x.startswith(a + ".")) and (y == b or y.startswith(b + ".")):
                    need = max(need, v[k])
        return need

    def add(self, node, block, parent: str | None) -> None:
        self.nodes[node.id] = node
        self.blocks[node.id] = block
        if node.get("crossable"):
            self.ctx.crossable.add(node.id)
        if parent:
            self.ctx.parents[node.id] = parent
        if isinstance(block, StackBlock):
            self.ctx.containers.add(node.id)
            self.layout.box(node.id, (0.0, 0.0), stretch=True, parent=parent).align_self = _align_self(node)
            for child, cb in zip(node.children, block.children):
                self.add(child, cb, node.id)
            st = block.st
            gx, gy = container_gaps(st.get("gap"), self.ctx, "normal" if st.get("fill") not in (None, "none") else "tight")
            edge_gaps = {}
            kids = [c.id for c in node.children]
            vertical = None if int(node.get("columns", 0) or 0) else node.stack == "rows"
            for x, y in zip(kids, kids[1:]):
                edge_gaps[(x, y)] = self.room_between(x, y, "y" if node.stack == "rows" and not node.get("columns")
                                                      else "x" if node.stack == "cols" else None)
            kind = node.stack
            columns = int(node.get("columns", 0) or 0)
            if columns:
                kind = "grid"
            room = _stack_room(node)       # a pile of cards: the copies behind take room at the top left
            inset = (block.pad[0] + block.br_left + room, block.pad[1] + block.cap_top + room,
                     block.pad[0] + block.br_right, block.pad[1] + block.cap_bottom)
            spec = Container(kind, (gx, gy), inset, items=node.get("items", "center"),
                             justify=node.get("justify", "start"), columns=columns,
                             min_size=tuple(float(v) for v in (node.get("min_size") or (0, 0))))
            box = self.layout.boxes[node.id]
            if block.kind == "circle" and block.caption is None:
                self.layout.add(box.w == box.h)          # a round container stays round
            if block.caption is not None:
                self.layout.add(box.w >= block.caption.width)
            self.layout.container(box, spec, edge_gaps)
        else:
            stretch = isinstance(block, ShapeBlock) and block.kind not in ("circle", "cycle", "circular-arrow")
            room = _stack_room(node)
            box = self.layout.box(node.id, (block.w + room, block.h + room), stretch=stretch, parent=parent, leaf=True)
            box.align_self = _align_self(node)

    # ------------------------------------------------------------------ relations
    def relations(self) -> list[str]:
        """Add the spec's `place:` relations; return the top-level nodes they place."""
        placed: set[str] = set()
        for i, rel in enumerate(self.fig.props.get("place") or []):
            verb = next((k for k in rel if k in RELATIONS), None)
            where = f"relation {i + 1} ({verb or '?'})"
            line, col = rel.where() if hasattr(rel, "where") else (None, None)
            try:
                if verb is None:
                    raise SpecError(f"relation {i + 1} has none of {', '.join(RELATIONS)}",
                                    hint="write e.g. {below: a, of: b}")
                names = self._relation(verb, rel, where)
            except SpecError as exc:
                raise exc.located(file=self.ctx.file, line=line, col=col)
            placed.update(n for n in names)
        return sorted(placed)

    def _relation(self, verb, rel, where) -> list[str]:
        L, B = self.layout, self.layout.boxes
        gap_default = "normal"
        if verb in ("below", "above", "right_of", "left_of"):
            a, b = self._pair(verb, rel, where)
            A, Bb = B[a], B[b]
            g = max(gap_px(rel.get("gap"), self.ctx, gap_default),
                    self.room_between(a, b, "y" if verb in ("below", "above") else "x"))
            align = rel.get("align", "center")
            where = (where, (a, b))
            if verb == "below":
                L.add(A.y >= Bb.bottom + g, *where)
                L.add((A.y == Bb.bottom + g) | SPACING)
            elif verb == "above":
                L.add(A.bottom <= Bb.y - g, *where)
                L.add((A.bottom == Bb.y - g) | SPACING)
            elif verb == "right_of":
                L.add(A.x >= Bb.right + g, *where)
                L.add((A.x == Bb.right + g) | SPACING)
            else:
                L.add(A.right <= Bb.x - g, *where)
                L.add((A.right == Bb.x - g) | SPACING)
            vertical = verb in ("below", "above")
            self._align(A, Bb, align, vertical, STRONG)
            L.release(a, "y" if vertical else "x")
            if align != "none":
                L.release(a, "x" if vertical else "y")
            for box in (A, Bb):             # placed, not resized: the gap is kept by moving
                self._keep_size(box, not vertical)
            return [a, b]
        if verb in ("row", "column"):
            names = [self.resolve(n, where) for n in rel[verb]]
            if len(set(names)) != len(names):
                raise SpecError(f"{where} names a node twice", hint="each node once per row or column")
            align = rel.get("align", "center")
            for x, y in zip(names, names[1:]):
                X, Y = B[x], B[y]
                g = max(gap_px(rel.get("gap"), self.ctx, gap_default),
                        self.room_between(x, y, "x" if verb == "row" else "y"))
                if verb == "row":
                    L.add(Y.x >= X.right + g, where, (x, y))
                    L.add((Y.x == X.right + g) | SPACING)
                else:
                    L.add(Y.y >= X.bottom + g, where, (x, y))
                    L.add((Y.y == X.bottom + g) | SPACING)
                self._align(Y, X, align, verb == "column", STRONG)
                L.release(y, "x" if verb == "row" else "y")
                for box in (X, Y):
                    self._keep_size(box, verb == "row")
            if align != "none":
                for n in names:
                    L.release(n, "y" if verb == "row" else "x")
            return names
        if verb == "align":
            names = [self.resolve(n, where) for n in rel[verb]]
            on = rel.get("on", "center")
            for x, y in zip(names, names[1:]):
                self._align(B[y], B[x], on, on in ("left", "right", "center"), STRONG, explicit=True)
                L.release(y, "x" if on in ("left", "right", "center") else "y")
            return names
        if verb in ("same_width", "same_height", "same_size"):
            names = [self.resolve(n, where) for n in rel[verb]]
            for x, y in zip(names, names[1:]):
                if verb in ("same_width", "same_size"):
                    L.add(B[x].w == B[y].w, where, (x, y))
                if verb in ("same_height", "same_size"):
                    L.add(B[x].h == B[y].h, where, (x, y))
            return []
        if verb == "between":
            a = self.resolve(rel[verb], where)
            ends = rel.get("of") or []
            if len(ends) != 2:
                raise SpecError(f"{where} needs two nodes in `of:`", hint="write {between: x, of: [a, b]}")
            b, c = (self.resolve(n, where) for n in ends)
            self._no_self(a, b, where)
            self._no_self(a, c, where)
            axis = rel.get("axis", "both")
            if axis in ("both", "x"):
                L.add((B[a].cx * 2 == B[b].cx + B[c].cx) | STRONG)
                L.release(a, "x")
            if axis in ("both", "y"):
                L.add((B[a].cy * 2 == B[b].cy + B[c].cy) | STRONG)
                L.release(a, "y")
            for n in (a, b, c):             # centred by moving, not by growing
                if axis in ("both", "x"):
                    self._keep_size(B[n], True)
                if axis in ("both", "y"):
                    self._keep_size(B[n], False)
            return [a, b, c]
        if verb == "span":
            # `a` covers exactly the extent of `b` across one axis (x: same left and right edges), e.g. a bracket
            # or a brace under one stage of a row, wherever the two sit in their containers
            # `of: [first, last]`: from the first node's near edge to the last one's far edge (a brace over a run
            # of cells of a row)
            if isinstance(rel.get("of"), list):
                a, first, last = self._span_ends(rel, where)
            else:
                a, first = self._pair(verb, rel, where)
                last = first
            A, F, E = B[a], B[first], B[last]
            if rel.get("axis", "x") == "x":
                L.add((A.x == F.x) | STRONG)
                L.add((A.right == E.right) | STRONG)
            else:
                L.add((A.y == F.y) | STRONG)
                L.add((A.bottom == E.bottom) | STRONG)
            return [a, first, last]
        if verb == "overlap":
            # `a` straddles one side of `b`, reaching `by` px into it: overlapping sets drawn as shapes (a field a
            # method borrows from, an Euler diagram); the two (and what holds them) may overlap, by design
            a, b = self._pair(verb, rel, where)
            A, Bb = B[a], B[b]
            side = rel.get("side", "bottom")
            by = gap_px(rel.get("by"), self.ctx, "wide")
            reach = {"bottom": A.y == Bb.bottom - by, "top": A.bottom == Bb.y + by,
                     "right": A.x == Bb.right - by, "left": A.right == Bb.x + by}
            if side not in reach:
                raise SpecError(f"{where} has side '{side}'", hint="top, bottom, left or right")
            L.add(reach[side] | STRONG)
            vertical = side in ("top", "bottom")
            align = rel.get("align", "center")
            self._align(A, Bb, align, vertical, STRONG)
            L.release(a, "y" if vertical else "x")
            if align != "none":
                L.release(a, "x" if vertical else "y")
            self._keep_size(A, not vertical)
            chain_a, chain_b = [a], [b]
            for chain in (chain_a, chain_b):
                while chain[-1] in self.ctx.parents:
                    chain.append(self.ctx.parents[chain[-1]])
            for x in chain_a:
                for y in chain_b:
                    if x != y and x not in chain_b and y not in chain_a:
                        L.overlap_pairs.add((x, y))
                        self.ctx.overlaps.add((x, y))
            return [a, b]
        if verb == "inside":
            # one node centred in a frame drawn behind it, or a list of nodes that relations place inside one
            many = isinstance(rel[verb], list)
            inner = [self.resolve(n, where) for n in (rel[verb] if many else [rel[verb]])]
            b = self.resolve(rel.get("of"), where)
            padding = rel.get("padding")
            if isinstance(padding, list) and len(padding) == 2:      # [x, y]: across and down
                pad, pad_y = (gap_px(v, self.ctx, "tight") for v in padding)
            else:
                pad = pad_y = gap_px(padding, self.ctx, "tight")
            corner = _inside_corner(rel.get("corner"), where)
            Bb = B[b]
            for a in inner:
                self._no_self(a, b, where)
                A = B[a]
                L.add(A.x >= Bb.x + pad, where, (a, b))
                L.add(A.y >= Bb.y + pad_y, where, (a, b))
                L.add(A.right <= Bb.right - pad, where, (a, b))
                L.add(A.bottom <= Bb.bottom - pad_y, where, (a, b))
                if corner is not None:
                    # pinned to a side or corner of the frame, `padding` in from it (a legend in a chart's corner)
                    horizontal, vertical = corner
                    if horizontal is not None:
                        L.add(((A.x == Bb.x + pad) if horizontal == "left" else (A.right == Bb.right - pad)) | STRONG)
                    elif not many:
                        L.add((A.cx == Bb.cx) | STRONG)
                    if vertical is not None:
                        L.add(((A.y == Bb.y + pad_y) if vertical == "top" else (A.bottom == Bb.bottom - pad_y)) | STRONG)
                    elif not many:
                        L.add((A.cy == Bb.cy) | STRONG)
                elif not many:
                    L.add((A.cx == Bb.cx) | STRONG)
                    L.add((A.cy == Bb.cy) | STRONG)
                if a in self.ctx.parents:        # a frame around nested nodes (a row across columns) overlays
                    top = a                      # the containers that hold them rather than holding them
                    while top in self.ctx.parents:
                        top = self.ctx.parents[top]
                    for t, f in list(L.overlay_pairs):   # two frames over one container may cross
                        if t == top and f != b:
                            L.overlay_pairs.add((f, b))
                    L.overlay_pairs.add((top, b))
                    continue
                L.inside_pairs.add((a, b))
                up = a
                while up in self.ctx.parents:    # what holds the node may overlap the frame (a stack across two bands)
                    up = self.ctx.parents[up]
                    L.inside_pairs.add((up, b))
                anc = b
                while anc in self.ctx.parents:   # an overlay on a nested node overlaps what holds it, by design
                    anc = self.ctx.parents[anc]
                    L.inside_pairs.add((a, anc))
            return inner + [b]
        raise SpecError(f"unknown relation '{verb}'")

    def _span_ends(self, rel, where) -> tuple[str, str, str]:
        """`{span: a, of: [first, last]}`: the spanning node and the two ends of the run it covers."""
        ends = rel["of"]
        if len(ends) != 2:
            raise SpecError(f"{where} needs one node or two (the first and the last) in `of:`",
                            hint="write {span: brace, of: [first, last]}")
        a = self.resolve(rel["span"], where)
        first, last = (self.resolve(n, where) for n in ends)
        self._no_self(a, first, where)
        self._no_self(a, last, where)
        return a, first, last

    def _pair(self, verb, rel, where) -> tuple[str, str]:
        """The two nodes of `{verb: a, of: b}`, resolved and distinct."""
        a = self.resolve(rel[verb], where)
        if rel.get("of") is None:
            raise SpecError(f"{where} lacks `of:`", hint=f"write {{{verb}: {rel[verb]}, of: other}}")
        b = self.resolve(rel["of"], where)
        self._no_self(a, b, where)
        return a, b

    def _no_self(self, a, b, where):
        if a == b:
            raise SpecError(f"{where} places '{a}' relative to itself", hint="name two different nodes")
        if b.startswith(a + ".") or a.startswith(b + "."):
            raise SpecError(f"{where} places '{a}' relative to '{b}', which contains it or is inside it",
                            hint="relate nodes that are not nested in each other")

    def _align(self, A, B, how, vertical_stack, strength, explicit=False):
        """Align A with B: across a vertical stack by x (left/center/right), across a row by y."""
        L = self.layout
        if how in ("center", "middle"):
            L.add(((A.cx == B.cx) if vertical_stack else (A.cy == B.cy)) | strength)
        elif how == "left":
            L.add((A.x == B.x) | strength)
        elif how == "right":
            L.add((A.right == B.right) | strength)
        elif how == "top":
            L.add((A.y == B.y) | strength)
        elif how == "bottom":
            L.add((A.bottom == B.bottom) | strength)
        elif how != "none":
            raise SpecError(f"unknown alignment '{how}'", hint="left, center, right, top, middle, bottom or none")
        if how != "none":
            across = how in ("left", "right") or (how == "center" and vertical_stack)
            self._keep_size(A, across)
            self._keep_size(B, across)

    def _keep_size(self, box, across: bool) -> None:
        """A leaf that a relation places keeps its measured size on that axis: it moves rather than grows to meet
        its container's preferences (a title aligned right stays a title at the right, not a wide box with its
        text in the middle; a box centred between two others keeps its height)."""
        if box.children:
            return
        rows = self.nodes[box.parent].stack == "rows" if box.parent in self.nodes else None
        items = box.align_self or (self.nodes[box.parent].get("items") if box.parent in self.nodes else None)
        if items == "stretch" and rows is not None and across == rows:
            return                           # its container stretches it on that axis, as the spec asks
        if across:
            self.layout.add((box.w == box.natural[0]) | KEEP_SIZE)
        else:
            self.layout.add((box.h == box.natural[1]) | KEEP_SIZE)

    # ------------------------------------------------------------------ the root
    def root_flow(self, placed: list[str]) -> None:
        """Top-level nodes that no relation places follow each other down the figure (or across, direction LR)."""
        across = self.fig.props.get("direction", "TB") in ("LR", "RL")
        flow = [n.id for n in self.fig.nodes if n.id not in placed]
        B = self.layout.boxes
        for x, y in zip(flow, flow[1:]):
            g = max(gap_px(None, self.ctx), self.room_between(x, y, "x" if across else "y"))
            if across:       # a row of panels lines up at the top, as the book draws them
                self.layout.add(B[y].x >= B[x].right + g)
                self.layout.add((B[y].x == B[x].right + g) | STRONG)
                self.layout.add((B[y].y == B[x].y) | ALIGN)
            else:
                self.layout.add(B[y].y >= B[x].bottom + g)
                self.layout.add((B[y].y == B[x].bottom + g) | STRONG)
                self.layout.add((B[y].cx == B[x].cx) | ALIGN)
        first = self.fig.nodes[0].id if self.fig.nodes else None
        if first:
            self.layout.add((B[first].x == 0) | STRONG)
            self.layout.add((B[first].y == 0) | STRONG)
        from diagrams.layout.solve import COMPACT

        for n in self.fig.nodes:                      # pull the loose ones together
            self.layout.add((B[n.id].x == 0) | COMPACT)
            self.layout.add((B[n.id].y == 0) | COMPACT)

    def _holds(self, outer: str, node: str) -> bool:
        """Whether `node` lies (at any depth) in `outer`, by the parents known so far."""
        seen = set()
        while node in self.ctx.parents and node not in seen:
            seen.add(node)
            node = self.ctx.parents[node]
            if node == outer:
                return True
        return False

    # ------------------------------------------------------------------ draw
    def run(self) -> None:
        ctx = self.ctx
        for node in self.fig.nodes:
            self.add(node, make_block(node, ctx), None)
        placed = self.relations()
        # a frame holds what is inside it, like a container: edges inside it are not routed around it. The innermost
        # frame becomes the parent; a frame never becomes the parent of one of its own ancestors; a stack with
        # children in two frames that do not nest (a buffer across two bands) is in neither
        frames_of: dict[str, list[str]] = {}
        for inner, frame in sorted(self.layout.inside_pairs, key=lambda p: (p[0], -_depth(ctx.parents, p[1]), p[1])):
            ctx.containers.add(frame)
            top = inner
            while top in ctx.parents:
                top = ctx.parents[top]
            if top != frame and top not in _ancestors(ctx.parents, frame) and frame not in frames_of.get(top, []):
                frames_of.setdefault(top, []).append(frame)
        for top, frames in frames_of.items():
            innermost = [f for f in frames if not any(self._holds(f, g) for g in frames if g != f)]
            if len(innermost) == 1 and top not in _ancestors(ctx.parents, innermost[0]):
                ctx.parents.setdefault(top, innermost[0])
        for over, frame in self.layout.overlay_pairs:
            ctx.overlays.setdefault(frame, set()).add(over)
        self.root_flow(placed)
        top = [n.id for n in self.fig.nodes]
        rects = self.layout.solve(top)
        outer = {}
        front = []                     # `front: true`: drawn last, over the edges and over what it lies on
        for nid in self.nodes:         # parents before children: the model lists them so
            block, r = self.blocks[nid], rects[nid]
            if _stack_room(self.nodes[nid]) or self.nodes[nid].get("shadow"):
                r = _draw_stack(ctx, self.nodes[nid], block, r)
            outer[nid] = r
            if self.nodes[nid].get("front") and not isinstance(block, StackBlock):
                ctx.placed[nid] = block.core_rect(r) if hasattr(block, "core_rect") else r
                front.append((nid, block, r))
                continue
            try:
                if isinstance(block, StackBlock):
                    block.stretch_w = block.stretch_h = True     # the solver sized it
                    core = block.draw_frame(ctx, r)
                    block.draw_decorations(ctx, r, core)
                else:
                    if isinstance(block, ShapeBlock):
                        block.stretch_w = r.w > block.w + 0.5
                        block.stretch_h = r.h > block.h + 0.5
                    block.draw(ctx, r)
            except SpecError as exc:
                node = self.nodes[nid]
                raise exc.located(file=ctx.file, line=node.line, col=node.col)
        route_and_label(self.fig, ctx, outer)
        for nid, block, r in front:
            try:
                if isinstance(block, ShapeBlock):
                    block.stretch_w = r.w > block.w + 0.5
                    block.stretch_h = r.h > block.h + 0.5
                block.draw(ctx, r)
            except SpecError as exc:
                node = self.nodes[nid]
                raise exc.located(file=ctx.file, line=node.line, col=node.col)


def _ancestors(parents: dict, nid: str) -> list[str]:
    """What holds ``nid``, innermost first."""
    out = []
    while nid in parents and len(out) <= len(parents):
        nid = parents[nid]
        out.append(nid)
    return out


def _depth(parents: dict, nid: str) -> int:
    return len(_ancestors(parents, nid))


INSIDE_CORNERS = ("top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom", "bottom-right")


def _inside_corner(value, where) -> tuple[str | None, str | None] | None:
    """`corner:` of an inside relation: (left/right or None, top/bottom or None); None when not given."""
    if value is None:
        return None
    value = str(value)
    if value not in INSIDE_CORNERS:
        from diagrams.theme import suggest
        raise SpecError(f"{where} has corner '{value}'", hint=suggest(value, list(INSIDE_CORNERS), "a corner"))
    parts = value.split("-")
    horizontal = next((p for p in parts if p in ("left", "right")), None)
    vertical = next((p for p in parts if p in ("top", "bottom")), None)
    return horizontal, vertical


SHADOW_OFFSET = 5.0    # px a node's drop shadow (`shadow: true`) lies down and right of it


def _stack_room(node) -> float:
    """`stack: n`: n copies of the node's shape drawn behind it, each `stack_offset` px (default 10) further up
    and left (a pile of question cards); the room they take."""
    n = node.get("stack")
    if not n:
        return 0.0
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 10:
        raise SpecError(f"stack: {n!r} must be a whole number from 1 to 10", file=None,
                        line=node.where("stack")[0], col=node.where("stack")[1],
                        hint="stack: 2 draws two cards behind the node")
    return n * float(node.get("stack_offset", 10))


def _draw_stack(ctx, node, block, r: Rect) -> Rect:
    """Draw the copies behind a stacked node in ``r``; return the rectangle left for the node itself (front)."""
    from diagrams.layout.shapes import node_dash, outline

    room = _stack_room(node)
    n = int(node.get("stack") or 0)
    off = room / n if n else 0.0
    st = block.st
    shadow = node.get("shadow")     # `shadow: true` (or a colour): a soft copy down and right behind each card
    shade = Paint(fill=ctx.color(shadow if isinstance(shadow, str) else None, "grey-2"), stroke="none")
    if isinstance(block, ShapeBlock):
        paint = block.paint(ctx)
    else:
        paint = Paint(fill=ctx.color(st.get("fill"), "none"), stroke=ctx.color(st.get("stroke"), "none"),
                      stroke_width=float(st.get("stroke_width", 1)), dash=node_dash(st.get("dash")))
    w, h = r.w - room, r.h - room
    kind, radius = getattr(block, "kind", "round"), float(st.get("radius", 6))
    for k in range(n + 1):
        card = Rect(r.x + k * off, r.y + k * off, w, h)
        if shadow:
            for shp in outline(kind, Rect(card.x + SHADOW_OFFSET, card.y + SHADOW_OFFSET, w, h), shade, radius):
                ctx.scene.add(shp)
        if k < n:                       # the front card is the node itself, drawn by its block
            for shp in outline(kind, card, paint, radius):
                ctx.scene.add(shp)
    return Rect(r.x + room, r.y + room, w, h)


def _align_self(node) -> str | None:
    """How a child sits across its container, overriding the container's `items`: `align_self: start | center |
    end | stretch` (a title at the right of its panel), or `stretch: true`."""
    return node.get("align_self") or ("stretch" if node.get("stretch") else None)


class EdgeRouting:
    """Route every edge of a placed figure, then place every label, then draw: each stage sees the whole figure."""

    def __init__(self, fig, ctx):
        self.fig = fig
        self.ctx = ctx
        self.forks: dict[int, list[int]] = {}

    def edges(self, outer: dict) -> None:
        ctx = self.ctx
        leaves = {nid: r for nid, r in outer.items() if nid not in ctx.containers}
        reqs = []
        for i, e in enumerate(self.fig.edges):
            a, b = ctx.placed.get(e.source), ctx.placed.get(e.target)
            if a is None or b is None:
                missing = e.source if a is None else e.target
                raise SpecError(f"edge {i + 1} joins '{missing}', which the figure does not draw", file=ctx.file,
                                line=e.line, col=e.col, hint="name a node, or a part its component offers")
            kind = e.get("route", "auto")
            reqs.append(Request(i, e.source, e.target, a, b, exit=e.get("exit"), enter=e.get("enter"),
                                exit_at=e.get("exit_at"), enter_at=e.get("enter_at"),
                                kind={"elbow": "auto", "zigzag": "straight"}.get(kind, kind),
                                ignore=frozenset(ctx.ends_of(e)),
                                label_h=max((self._label_look(lab)[1] for lab in e.labels), default=0.0),
                                look=(e.get("color"), e.get("line"), e.get("width")),
                                bend=e.get("bend") if kind not in ("curve", "zigzag") else None,
                                share=e.get("share", True)))
        given = ctx.graph_routes
        angled = angled_curves(self.fig, ctx)
        try:
            # every box is in the way except the edge's own ends, what holds them and what they hold: an edge
            # does not cut across a panel it neither leaves nor enters
            routed = [q for q in reqs if q.index not in given and q.index not in angled]
            paths = route_all(routed, with_tails(self.fig, ctx, outer),
                              self.fig.props.get("direction", "TB") in ("TB", "BT"))
        except SpecError as exc:
            raise exc.located(file=ctx.file)
        round_ends(self.fig, ctx, routed, paths)
        self.forks = _fork_mates(reqs)
        drawn = {}
        for q in reqs:
            e = self.fig.edges[q.index]
            if q.index in given:
                full, color = draw_path(ctx, e, given[q.index][0], "cubic")
                drawn[q.index] = (full, "cubic", color)
                continue
            if q.index in angled:           # a curve leaving / arriving at given angles: drawn as asked
                pts, kind = angled[q.index]
                full, color = draw_path(ctx, e, pts, kind)
                drawn[q.index] = (full, kind, color)
                continue
            pts = paths[q.index]
            kind = "line"
            if e.get("route") == "zigzag":
                pts = zigzag(pts[0], pts[-1], e.get("bend"))
            if q.kind == "curve":
                pts, kind = _curve(pts[0], q.exit, pts[-1], q.enter, e.get("bend")), "cubic"
            full, color = draw_path(ctx, e, pts, kind)
            drawn[q.index] = (full, kind, color)
        self.labels(drawn, leaves, {q.index: q.fork[0] for q in reqs if q.fork is not None and self.forks.get(q.index)})

    def _label_look(self, lab):
        """A label's style, text block, padding, and its box's width and height."""
        ctx = self.ctx
        st = dict(ctx.theme.style(lab.props.get("style", "plain")))
        st.update(lab.props)
        size = float(lab.props.get("font_size") or ctx.role_size(st.get("role", "label"), 14))
        block = layout_text(ctx.tr(lab.text), size, bold=bool(st.get("bold")), wrap=st.get("wrap"))
        pad = st.get("padding", [2, 2])
        return (block.width + 2 * float(pad[0]), block.height + 2 * float(pad[1])), block.height + 2 * float(pad[1]), st, block, pad

    def labels(self, drawn: dict, leaves: dict, forks: dict | None = None) -> None:
        ctx = self.ctx
        requests, looks = [], []
        for i, e in enumerate(self.fig.edges):
            full, kind, edge_color = drawn[i]
            poly = full if kind == "line" else [point_at(full, kind, k / 24)[0] for k in range(25)]
            if forks and i in forks and kind == "line" and len(poly) >= 3:
                # an edge of a fork (merge) is labelled on its own branch, not on the trunk it shares
                poly = poly[-2:] if forks[i] == 0 else poly[:2]
            for lab in e.labels:
                (w, h), _, st, block, pad = self._label_look(lab)
                shape = st.get("shape", "none")
                if shape == "circle":           # a circled number stays round whatever its text
                    w = h = max(w, h)
                # a chip may sit on its own line; an outline without a fill (a circled step number) may not
                filled = ctx.color(st.get("fill"), "none") != "none"
                shared = [drawn[k][0] for k in self.forks.get(i, []) if drawn[k][1] == "line"]
                # an outlined badge (a circled step number) stands clear of the lines, not against its own
                clear = 0.0
                if shape != "none" and not filled:
                    stroke = float(e.get("width", ctx.theme.edge.get("width", 1.2)))
                    clear = stroke / 2 + float(st.get("stroke_width", 1.0)) / 2 + BADGE_AIR
                requests.append(LabelRequest(i, (w, h), poly, at=st.get("at"), side=st.get("side"),
                                             on_line=shape != "none" and filled, shared=shared, clear=clear))
                looks.append((st, block, pad, shape))
        obstacles = [r for r in leaves.values()] + [t.box for t in ctx.scene.texts if t.box is not None]
        lines = {i: (d[0] if d[1] == "line" else [point_at(d[0], d[1], k / 24)[0] for k in range(25)])
                 for i, d in drawn.items()}
        spots = place_labels(requests, obstacles, lines)
        for k, req in enumerate(requests):      # Graphviz made room for these labels: keep its places
            centre = ctx.graph_routes.get(req.edge, (None, None))[1]
            if centre is not None:
                w, h = req.size
                spots[k] = Rect(centre[0] - w / 2, centre[1] - h / 2, w, h)
        for req, r, (st, block, pad, shape) in zip(requests, spots, looks):
            if shape != "none":
                from diagrams.layout.shapes import outline

                paint = Paint(fill=ctx.color(st.get("fill"), "none"), stroke=ctx.color(st.get("stroke"), "none"),
                              stroke_width=float(st.get("stroke_width", 1.0)))
                for s in outline(shape, r, paint, float(st.get("radius", 4))):
                    ctx.scene.add(s)
            ctx.labels.append((r, req.on_line, req.edge))
            place_text(ctx, block, Rect(r.cx - block.width / 2, r.cy - block.height / 2, block.width, block.height),
                       color=ctx.color(st.get("color"), "ink"), align=st.get("align", "center"),
                       owner=r if shape != "none" else None)


def _fork_mates(reqs) -> dict[int, list[int]]:
    """Edge index → the other edges of its fork or merge (one shared port and trunk)."""
    def key(o, end):
        return (o.source, o.exit) if end == 0 else (o.target, o.enter)

    def port(o, end):
        p = o.ports[end]
        return None if p is None else (round(p[0], 1), round(p[1], 1))

    # nested loops (parallel U-turns between the same boxes) leave one side at ports of their own: not a fork
    return {q.index: [o.index for o in reqs if o is not q and o.fork is not None and o.fork[0] == q.fork[0]
                      and key(o, q.fork[0]) == key(q, q.fork[0]) and port(o, q.fork[0]) == port(q, q.fork[0])]
            for q in reqs if q.fork is not None}


ROUND_SHAPES = ("circle", "ellipse")


def node_shapes_one(node, ctx):
    """A node's shape (its style's, or its own `shape:`); None for a component."""
    from diagrams.layout.blocks import style_of

    if node.get("component"):
        return None
    return style_of(node, ctx, "box" if node.text is not None or node.stack is None else "plain").get("shape")


def node_shapes(fig, ctx) -> dict:
    """Every node's shape; components are left out."""
    return {n.id: node_shapes_one(n, ctx) for n in fig.all_nodes() if not n.get("component")}


def with_tails(fig, ctx, leaves: dict) -> dict:
    """Obstacles for the router: a chat bubble's tail hangs below its box (shapes.bubble_path), so routes keep
    clear of the tail too."""
    out = dict(leaves)
    for node in fig.all_nodes():
        if node.id in out and node_shapes_one(node, ctx) == "bubble":
            r = out[node.id]
            t = min(r.h * 0.36, r.w * 0.25)
            up = str(node.get("direction", "")).startswith("up")
            out[node.id] = Rect(r.x, r.y - t, r.w, r.h + t) if up else Rect(r.x, r.y, r.w, r.h + t)
    return out


def round_ends(fig, ctx, reqs, paths) -> None:
    """A straight edge (or zigzag) meets a circle or ellipse node on its outline, on the line towards the other
    end's centre, not at the middle of a side: tree lines between round nodes run centre to centre (in place).
    An end whose side or place the spec names (`exit`/`enter`, `exit_at`/`enter_at`) keeps its port."""
    from diagrams.layout.edges import ellipse_point

    round_ids = {nid for nid, shape in node_shapes(fig, ctx).items() if shape in ROUND_SHAPES}
    for q in reqs:
        if q.kind != "straight" or not ({q.source, q.target} & round_ids):
            continue
        e = fig.edges[q.index]
        pts = paths[q.index]
        a, b = ctx.placed[q.source], ctx.placed[q.target]
        toward_b = (b.cx, b.cy) if q.target in round_ids else pts[-1]
        toward_a = (a.cx, a.cy) if q.source in round_ids else pts[0]
        p0, p1 = pts[0], pts[-1]
        if q.source in round_ids and not {"exit", "exit_at"} & set(e.props):
            p0 = ellipse_point(a, math.degrees(math.atan2(toward_b[1] - a.cy, toward_b[0] - a.cx)))
        if q.target in round_ids and not {"enter", "enter_at"} & set(e.props):
            p1 = ellipse_point(b, math.degrees(math.atan2(toward_a[1] - b.cy, toward_a[0] - b.cx)))
        paths[q.index] = [p0, p1]


ZIGZAG_STEP = 30.0     # px along the edge between two corners of a zigzag
ZIGZAG_AMPLITUDE = 26.0


def zigzag(p0, p1, amplitude=None) -> list:
    """`route: zigzag`: from p0 to p1 with corners alternately either side of the straight line (a rollout, a
    random walk); `bend` is how far the corners stand out (px)."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return [p0, p1]
    amp = float(amplitude) if amplitude is not None else ZIGZAG_AMPLITUDE
    n = max(2, int(length // ZIGZAG_STEP))
    ux, uy = dx / length, dy / length
    px, py = -uy, ux                      # the first corner stands out to the right of the way forward
    pts = [p0]
    for k in range(1, n + 1):
        t = k / (n + 1)
        sign = 1 if k % 2 else -1
        pts.append((p0[0] + dx * t + px * amp * sign, p0[1] + dy * t + py * amp * sign))
    pts.append(p1)
    return pts


def angled_curves(fig, ctx) -> dict:
    """Curves with ``exit_angle``/``enter_angle`` (arcs and self-loops between state circles): their ends sit where
    those directions meet the nodes' ellipses and they leave / arrive along them, ``bend`` px out, as in a traced
    figure, but between boxes the engine placed; the router leaves them alone. Edge index → (points, kind)."""
    from diagrams.layout.edges import route as angled_route

    out = {}
    for i, e in enumerate(fig.edges):
        if e.get("route") == "curve" and (e.get("exit_angle") is not None or e.get("enter_angle") is not None):
            a, b = ctx.placed.get(e.source), ctx.placed.get(e.target)
            if a is not None and b is not None:
                out[i] = angled_route(e, a, b)
    return out


def _curve(p0, s0, p1, s1, bend):
    n0, n1 = NORMALS[s0], NORMALS[s1]
    k = float(bend) if bend is not None else math.hypot(p1[0] - p0[0], p1[1] - p0[1]) * 0.4
    return [p0, (p0[0] + n0[0] * k, p0[1] + n0[1] * k), (p1[0] + n1[0] * k, p1[1] + n1[1] * k), p1]


def label_sizes(e, ctx) -> tuple[float, float]:
    """Width and height of an edge's label box (0, 0 without one; several labels are stacked)."""
    w = h = 0.0
    for lab in e.labels:
        st = dict(ctx.theme.style(lab.props.get("style", "plain")))
        st.update(lab.props)
        size = float(lab.props.get("font_size") or ctx.role_size(st.get("role", "label"), 14))
        block = layout_text(ctx.tr(lab.text), size, bold=bool(st.get("bold")), wrap=st.get("wrap"))
        pad = st.get("padding", [2, 2])
        w, h = max(w, block.width + 2 * float(pad[0]) + 6), h + block.height + 2 * float(pad[1]) + 4
    return w, h


def label_extent(fig, ctx) -> tuple[float, float]:
    """The widest and the tallest edge label of the figure (text plus padding), in px."""
    w = h = 0.0
    for e in fig.edges:
        for lab in e.labels:
            st = dict(ctx.theme.style(lab.props.get("style", "plain")))
            st.update(lab.props)
            size = float(lab.props.get("font_size") or ctx.role_size(st.get("role", "label"), 14))
            block = layout_text(ctx.tr(lab.text), size, bold=bool(st.get("bold")), wrap=st.get("wrap"))
            pad = st.get("padding", [2, 2])
            w, h = max(w, block.width + 2 * float(pad[0])), max(h, block.height + 2 * float(pad[1]))
    return w, h


def layout_auto(fig, ctx) -> None:
    AutoLayout(fig, ctx).run()


def route_and_label(fig, ctx, outer: dict) -> None:
    """Edges and labels of a figure whose nodes are placed (``outer``: node id → its block's rectangle)."""
    EdgeRouting(fig, ctx).edges(outer)
