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
    try:
        res = subprocess.run([exe, "-Tjson"], input="\n".join(lines), capture_output=True, text=True,
                             timeout=DOT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise SpecError(f"Graphviz took longer than {DOT_TIMEOUT_S} s", file=file,
                        hint="simplify the graph or use `layout: grid`") from None
    if res.returncode != 0:
        msg = (res.stderr or "").strip().splitlines()[:1]
        raise SpecError(f"Graphviz failed: {msg[0] if msg else 'exit ' + str(res.returncode)}", file=file)
    data = json.loads(res.stdout)
    height = float(data["bb"].split(",")[3])
    out = {}
    for obj in data.get("objects", []):
        x, y = (float(v) for v in obj["pos"].split(","))
        out[obj["name"]] = (x, height - y)
    return out
