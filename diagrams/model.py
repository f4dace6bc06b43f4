"""The typed figure model: what a spec means, independent of YAML and of SVG."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from diagrams.errors import SpecError
from diagrams.spec.loader import Mapping


@dataclass(frozen=True)
class Text:
    """A visible string in both languages."""
    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @staticmethod
    def of(value) -> "Text | None":
        if value is None:
            return None
        if isinstance(value, dict):
            return Text(_str(value["en"]), _str(value["zh"]))
        return Text(_str(value), _str(value))


def _str(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(v)
    return str(v)


@dataclass
class Node:
    id: str                       # dotted path for nested children: "critics.reward"
    props: dict                   # the spec's keys, as written (text values still bilingual)
    text: Text | None = None
    caption: Text | None = None
    children: list["Node"] = field(default_factory=list)
    stack: str | None = None      # "rows" | "cols" for containers
    line: int | None = None
    col: int | None = None
    keys_at: dict = field(default_factory=dict)

    def get(self, key, default=None):
        return self.props.get(key, default)

    def where(self, key=None) -> tuple:
        """Line and column of one of the node's keys (or of the node)."""
        return self.keys_at.get(key, (self.line, self.col))


@dataclass
class Label:
    text: Text
    props: dict


@dataclass
class Edge:
    source: str
    target: str
    props: dict
    labels: list[Label]
    line: int | None = None
    col: int | None = None

    def get(self, key, default=None):
        return self.props.get(key, default)


@dataclass
class Figure:
    id: str
    chapter: str
    title: Text
    order: int
    description: Text | None
    layout: str
    props: dict
    nodes: list[Node]
    edges: list[Edge]
    file: str
    keys_at: dict = field(default_factory=dict)   # line and column of each top-level key of the spec

    def all_nodes(self):
        stack = list(reversed(self.nodes))
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.children))

    def node(self, path: str) -> Node | None:
        for n in self.all_nodes():
            if n.id == path:
                return n
        return None

    def localized(self, lang: str) -> "Figure":
        """The figure with every node's ``lang: {en: {...}, zh: {...}}`` overrides applied for ``lang``.

        Where the two originals place or size a node differently, the node says so in its own keys:
        ``at: [1013, 480], lang: {zh: {at: [1022, 441]}}``. Children come from the node's own rows/cols."""
        def local(n: Node) -> Node:
            over = (n.props.get("lang") or {}).get(lang) or {}
            props = {k: v for k, v in n.props.items() if k != "lang"}
            props.update({k: v for k, v in over.items() if k not in ("rows", "cols")})
            keys_at = dict(n.keys_at)
            if hasattr(over, "keys_at"):
                keys_at.update(over.keys_at)
            return replace(n, props=props, keys_at=keys_at,
                           text=Text.of(props.get("text")) if "text" in over else n.text,
                           caption=Text.of(props.get("caption")) if "caption" in over else n.caption,
                           children=[local(c) for c in n.children])

        if not any("lang" in n.props for n in self.all_nodes()):
            return self
        return replace(self, nodes=[local(n) for n in self.nodes])


def _node(name: str, data: Mapping, parent: str | None) -> Node:
    nid = f"{parent}.{name}" if parent else name
    line, col = data.where() if isinstance(data, Mapping) else (None, None)
    node = Node(id=nid, props=dict(data), text=Text.of(data.get("text")), caption=Text.of(data.get("caption")),
                line=line, col=col, keys_at=dict(getattr(data, "keys_at", {})))
    for kind in ("rows", "cols"):
        if kind in data:
            if node.stack:
                raise SpecError(f"node '{nid}' has both rows and cols", line=line, col=col,
                                hint="nest one container inside the other")
            node.stack = kind
            node.children = [_node(k, v, nid) for k, v in data[kind].items()]
    return node


def _label(value) -> Label:
    if isinstance(value, dict) and "text" in value:
        props = {k: v for k, v in value.items() if k != "text"}
        return Label(Text.of(value["text"]), props)
    if isinstance(value, dict) and ("en" in value or "zh" in value):
        if not ("en" in value and "zh" in value):
            raise SpecError("a label lacks a translation", hint="give {en: ..., zh: ...}")
        rest = {k: v for k, v in value.items() if k not in ("en", "zh")}
        return Label(Text.of({"en": value["en"], "zh": value["zh"]}), rest)
    if isinstance(value, dict):
        raise SpecError("a label needs its text", hint="write {text: ..., style: ...} or {en: ..., zh: ...}")
    return Label(Text.of(value), {})


def _edge_items(data: Mapping):
    """(index, edge, line, col) of every edge; `from` or `to` given as a list is one edge per node in it (a
    fan-out from one node to several, or a fan-in), all with the same keys."""
    edges = data.get("edges", []) or []
    for i, e in enumerate(edges):
        line, col = (edges.where(i) if hasattr(edges, "where") else (None, None))
        sources = e["from"] if isinstance(e["from"], list) else [e["from"]]
        targets = e["to"] if isinstance(e["to"], list) else [e["to"]]
        for s in sources:
            for t in targets:
                one = dict(e)
                one["from"], one["to"] = s, t
                yield i, one, line, col


def resolve_end(name: str, known: set, components: set) -> str | None:
    """The full name of an edge's end: a node's full name (a.b), a nested node by its own name when unique, or a
    part ("node.part", a table cell) of a component, also of a nested one by the component's own name; None for
    a name the figure does not have (parts themselves are checked when the component is drawn)."""
    if name in known:
        return name
    short = [k for k in known if k.endswith("." + name)]
    if len(short) == 1:
        return short[0]
    if "." in name:
        owner, part = name.rsplit(".", 1)
        if owner in components:
            return name
        mine = [k for k in components if k.endswith("." + owner)]
        if len(mine) == 1:
            return f"{mine[0]}.{part}"
    return None


def build_model(data: Mapping, file: str) -> Figure:
    """Turn validated spec data into the model; check what the schema cannot (names, references)."""
    path = Path(file)
    fid = data["id"]
    if path.stem != fid:
        line, col = data.where("id")
        raise SpecError(f"id '{fid}' differs from the file name '{path.stem}'", file=file, line=line, col=col,
                        hint=f"rename the file to {fid}.yaml or change the id")
    if path.parent.name != data["chapter"] and path.parent.name != "specs":
        line, col = data.where("chapter")
        raise SpecError(f"chapter '{data['chapter']}' differs from the folder '{path.parent.name}'", file=file,
                        line=line, col=col, hint=f"move the file to specs/{data['chapter']}/ or fix the chapter")
    nodes_data = data.get("nodes", {}) or {}
    nodes = [_node(k, v, None) for k, v in nodes_data.items()]
    fig = Figure(id=fid, chapter=data["chapter"], title=Text.of(data["title"]), order=int(data.get("order", 10000)),
                 description=Text.of(data.get("description")), layout=data.get("layout", "grid"),
                 props={k: v for k, v in data.items() if k not in ("nodes", "edges")}, nodes=nodes, edges=[],
                 file=file, keys_at=dict(getattr(data, "keys_at", {})))
    known = {n.id for n in fig.all_nodes()}
    # Components may name their parts (table cells, bars) as "node.part"; those are checked when drawn.
    components = {n.id for n in fig.all_nodes() if n.get("component")}
    for i, e, line, col in _edge_items(data):
        for end in ("from", "to"):
            full = resolve_end(str(e[end]), known, components)
            if full is not None:
                e[end] = full
            else:
                from diagrams.theme import suggest

                raise SpecError(f"edge {i + 1} goes {end} unknown node '{e[end]}'", file=file, line=line, col=col,
                                hint=suggest(e[end], known, "a node name of this spec"))
        labels = []
        try:
            if "label" in e:
                labels.append(_label(e["label"]))
            labels += [_label(v) for v in e.get("labels", [])]
        except SpecError as exc:
            raise exc.located(file=file, line=line, col=col)
        fig.edges.append(Edge(e["from"], e["to"], dict(e), labels, line, col))
    return fig
