"""Graphviz `dot` computes positions only; drawing stays ours."""
from __future__ import annotations

import json
import shutil
import subprocess

from diagrams.errors import SpecError, ToolMissing

DOT_TIMEOUT_S = 20
DOT_INSTALL_HINT = "install Graphviz: sudo apt-get install graphviz (or run `make setup`)"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_positions(sizes: dict, edges: list, direction: str, gap_x: float, gap_y: float, file: str) -> dict:
    """Centres (px, y down) of nodes of the given sizes, laid out by dot."""
    exe = shutil.which("dot")
    if exe is None:
        raise ToolMissing("Graphviz `dot` is not installed", file=file, hint=DOT_INSTALL_HINT)
    rank_gap = gap_y if direction in ("TB", "BT") else gap_x
    node_gap = gap_x if direction in ("TB", "BT") else gap_y
    lines = [f"digraph G {{ rankdir={direction}; ranksep={rank_gap / 72:.3f}; nodesep={node_gap / 72:.3f};",
             "node [shape=box, fixedsize=true, label=\"\"];"]
    for nid, (w, h) in sizes.items():
        lines.append(f"{_q(nid)} [width={w / 72:.4f}, height={h / 72:.4f}];")
    for a, b in edges:
        lines.append(f"{_q(a)} -> {_q(b)};")
    lines.append("}")
    data, height = _run_dot(exe, lines, file)
    return _centres(data, height)


def _run_dot(exe: str, lines: list, file: str) -> tuple[dict, float]:
    """Graphviz's JSON for a graph, and the height of its bounding box (to turn y upwards into y down)."""
    try:
        res = subprocess.run([exe, "-Tjson"], input="\n".join(lines), capture_output=True, text=True,
                             timeout=DOT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise SpecError(f"Graphviz took longer than {DOT_TIMEOUT_S} s", file=file,
                        hint="simplify the graph or use `layout: auto`") from None
    if res.returncode != 0:
        msg = (res.stderr or "").strip().splitlines()[:1]
        raise SpecError(f"Graphviz failed: {msg[0] if msg else 'exit ' + str(res.returncode)}", file=file)
    data = json.loads(res.stdout)
    return data, float(data["bb"].split(",")[3])


def _centres(data: dict, height: float) -> dict:
    out = {}
    for obj in data.get("objects", []):
        x, y = (float(v) for v in obj["pos"].split(","))
        out[obj["name"]] = (x, height - y)
    return out


def _label_html(w: float, h: float) -> str:
    """An empty, fixed-size HTML label: dot makes room for a label of that size and reports where it put it."""
    return (f'<<table border="0" cellspacing="0" cellpadding="0" fixedsize="true" width="{max(1, round(w))}" '
            f'height="{max(1, round(h))}"><tr><td></td></tr></table>>')


def dot_graph(sizes: dict, edges: list, direction: str, gap_x: float, gap_y: float, file: str):
    """Graphviz's whole layout: node centres, and for each edge (a, b, label_w, label_h) its spline (cubic Bézier
    points, 3n + 1, from the tail to the arrow tip, y down) and its label's centre (None without a label)."""
    exe = shutil.which("dot")
    if exe is None:
        raise ToolMissing("Graphviz `dot` is not installed", file=file, hint=DOT_INSTALL_HINT)
    rank_gap = gap_y if direction in ("TB", "BT") else gap_x
    node_gap = gap_x if direction in ("TB", "BT") else gap_y
    lines = [f"digraph G {{ rankdir={direction}; ranksep={rank_gap / 72:.3f}; nodesep={node_gap / 72:.3f};",
             "splines=spline; node [shape=box, fixedsize=true, label=\"\"]; edge [arrowsize=0.8];"]
    for nid, (w, h) in sizes.items():
        lines.append(f"{_q(nid)} [width={w / 72:.4f}, height={h / 72:.4f}];")
    for i, (a, b, lw, lh) in enumerate(edges):
        label = f", label={_label_html(lw, lh)}" if lw and lh else ""
        lines.append(f"{_q(a)} -> {_q(b)} [id=e{i}{label}];")
    lines.append("}")
    data, height = _run_dot(exe, lines, file)
    centres = _centres(data, height)
    routes = [([], None)] * len(edges)
    for e in data.get("edges", []):
        pts, tip = [], None
        for part in e.get("pos", "").split():
            if part.startswith("e,"):
                x, y = part[2:].split(",")
                tip = (float(x), height - float(y))
            elif not part.startswith("s,"):
                x, y = part.split(",")
                pts.append((float(x), height - float(y)))
        if tip is not None and pts:
            pts[-1] = tip      # the spline stops short of the head; ours runs to the tip (the arrowhead is drawn over it)
        lp = e.get("lp")
        label = None
        if lp:
            x, y = (float(v) for v in lp.split(","))
            label = (x, height - y)
        routes[int(e["id"][1:])] = (pts, label)     # dot lists edges in its own order
    return centres, routes
