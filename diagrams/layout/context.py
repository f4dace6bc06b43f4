"""What every block needs while measuring and drawing one figure in one language."""
from __future__ import annotations

from dataclasses import dataclass, field

from diagrams.errors import SpecError
from diagrams.model import Text
from diagrams.scene import Rect, Scene
from diagrams.theme import Theme


@dataclass
class Ctx:
    lang: str
    theme: Theme
    file: str
    scene: Scene = field(default_factory=Scene)
    placed: dict[str, Rect] = field(default_factory=dict)   # node id → its shape's rectangle
    attach: dict[str, dict[str, float]] = field(default_factory=dict)  # node id → side → px edges stop short outside
    lines: list = field(default_factory=list)   # segments of the edges drawn so far ((x0, y0), (x1, y1)): line jumps
    edge_paths: list = field(default_factory=list)   # EdgePath of every drawn edge, for lint
    labels: list = field(default_factory=list)       # (Rect, on_line) of every edge label, for lint
    parents: dict[str, str] = field(default_factory=dict)   # node id → the container node holding it
    containers: set = field(default_factory=set)    # ids of nodes that hold other nodes
    strokes: set = field(default_factory=set)   # ids of nodes drawn as a bare stroke (brace, bracket, rule): lines may cross them
    overlaps: set = field(default_factory=set)      # (a, b): boxes an `overlap` relation lets overlap, by design
    graph_routes: dict = field(default_factory=dict)   # edge index → (Graphviz spline, label centre): layout graph
    crossable: set = field(default_factory=set)     # ids of nodes that edges may run across (`crossable: true`)
    type_scale: dict | None = None   # role → px, for the relational layout (traced layouts keep their sizes)

    def ends_of(self, e) -> set:
        """The nodes an edge may touch: its ends, their containers and what is inside them."""
        out = set()
        for nid in (e.source, e.target):
            out.add(nid)
            p = nid
            while p in self.parents:
                p = self.parents[p]
                out.add(p)
            out.update(k for k in self.placed if k.startswith(nid + "."))
            if nid not in self.parents and "." in nid and nid.rsplit(".", 1)[0] in self.placed:
                p = nid.rsplit(".", 1)[0]     # a part of a component (a table's cell): the component may be touched
                out.add(p)
                while p in self.parents:
                    p = self.parents[p]
                    out.add(p)
        out.update(self.crossable)      # annotations (a brace over a row) that lines may cross
        owner = self.shared_component(e.source, e.target)
        if owner:       # a pointer from one cell of a table to another runs inside the table, over its cells
            out.add(owner)
            out.update(k for k in self.placed if k.startswith(owner + "."))
        return out

    def shared_component(self, a: str, b: str) -> str | None:
        """The component (a table, not a container) of which both ``a`` and ``b`` are parts, if any."""
        pa, pb = a.rpartition(".")[0], b.rpartition(".")[0]
        if pa and pa == pb and pa in self.placed and pa not in self.containers and a not in self.parents:
            return pa
        return None

    def role_size(self, role: str | None, fallback: float) -> float:
        if self.type_scale is None:
            return fallback
        return float(self.type_scale.get(role or "body", self.type_scale["body"]))

    def tr(self, value) -> str:
        """A spec value (plain or {en, zh}) → this language's string."""
        if value is None:
            return ""
        if isinstance(value, Text):
            return value.get(self.lang)
        if isinstance(value, dict):
            if "en" in value and "zh" in value:
                return str(value[self.lang])
            raise SpecError("text lacks a translation", hint="give {en: ..., zh: ...}")
        if isinstance(value, float) and value.is_integer():
            return str(int(value)) if abs(value) < 1e15 else str(value)
        return str(value)

    def color(self, value, default=None) -> str:
        if value is None:
            value = default
        if value is None:
            return "none"
        return self.theme.color(value)
