"""Icons: the Lucide set (a maintained package) plus the few domain glyphs the originals use everywhere.

Icon SVG is parsed with defusedxml (no entities, no external references) and re-emitted from a whitelist
of shape elements and geometry attributes, so nothing but outlines reaches a figure.
"""
from __future__ import annotations

import functools
import os
import zipfile

from diagrams.errors import SpecError
from diagrams.render.svg import num
from diagrams.scene import Rect, RawItem
from diagrams.theme import suggest

_SHAPES = {"path": ("d",), "circle": ("cx", "cy", "r"), "ellipse": ("cx", "cy", "rx", "ry"),
           "rect": ("x", "y", "width", "height", "rx", "ry"), "line": ("x1", "y1", "x2", "y2"),
           "polyline": ("points",), "polygon": ("points",)}
_SAFE_VALUE = set("0123456789.-+, eEMmLlHhVvCcSsQqTtAaZz")


@functools.lru_cache(maxsize=1)
def _zip_names() -> frozenset:
    return frozenset(n[:-4] for n in _zip().namelist() if n.endswith(".svg"))


@functools.lru_cache(maxsize=1)
def _zip() -> zipfile.ZipFile:
    import lucide

    return zipfile.ZipFile(os.path.join(os.path.dirname(lucide.__file__), "lucide.zip"))


@functools.lru_cache(maxsize=512)
def lucide_elements(name: str) -> str:
    """The icon's shapes as sanitised SVG markup in its 24×24 box."""
    from defusedxml import ElementTree as SafeET

    root = SafeET.fromstring(_zip().read(f"{name}.svg"))
    out = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag not in _SHAPES:
            continue
        attrs = []
        for a in _SHAPES[tag]:
            v = el.get(a)
            if v is not None and set(v) <= _SAFE_VALUE:
                attrs.append(f'{a}="{v}"')
        out.append(f"<{tag} {' '.join(attrs)}/>")
    return "".join(out)


# Domain glyphs, 24×24 like Lucide. The small neural network of the originals: 3-2-1 nodes as a clean triangular
# lattice in the originals' proportions (measured on dpo-training-overview's glyph, in units of the row step s
# between nodes of one layer): layers NET_LAYER_STEP = 1.1 s apart, node circles NET_NODE_D = 0.75 s across
# outside their outline, outline and links NET_STROKE = 0.19 s wide. Every node keeps a clear gap to its
# neighbours (a quarter of s between the nodes of one layer).
NET_ROW_STEP = 8.0
NET_LAYER_STEP = 1.1 * NET_ROW_STEP
NET_NODE_D = 0.75 * NET_ROW_STEP
NET_STROKE = 1.5
NET_NODE_R = (NET_NODE_D - NET_STROKE) / 2          # the circle's radius (its outline drawn on it)


def _net_nodes() -> list[tuple[float, float]]:
    """Centres of the 3-2-1 lattice, centred in the 24-box: layer k has 3 - k nodes, half a row step offset."""
    out = []
    for k, count in enumerate((3, 2, 1)):
        x = 12 + (k - 1) * NET_LAYER_STEP
        for i in range(count):
            out.append((round(x, 3), round(12 + (i - (count - 1) / 2) * NET_ROW_STEP, 3)))
    return out


_NET_NODES = _net_nodes()
# links join nearest neighbours only, as in the originals (a triangular lattice, no crossing long links)
_NET_EDGES = [(0, 3), (1, 3), (1, 4), (2, 4), (3, 5), (4, 5), (0, 1), (1, 2), (3, 4)]


def _network(color: str, up: bool = False) -> str:
    """The 3-2-1 net left to right; ``up``: turned a quarter anticlockwise, a pyramid (3 nodes at the bottom)."""
    nodes = [(y, 24 - x) for x, y in _NET_NODES] if up else _NET_NODES
    lines = "".join(f'<line x1="{num(nodes[a][0])}" y1="{num(nodes[a][1])}" x2="{num(nodes[b][0])}" '
                    f'y2="{num(nodes[b][1])}"/>' for a, b in _NET_EDGES)
    dots = "".join(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(NET_NODE_R)}" fill="#FFFFFF"/>' for x, y in nodes)
    return f'<g stroke="{color}" stroke-width="{num(NET_STROKE)}" fill="none">{lines}{dots}</g>'


def _padlock(color: str, open_: bool) -> str:
    shackle = "M16 11V6.5a4 4 0 0 1 8 0V8" if open_ else "M8 11V7.5a4 4 0 0 1 8 0V11"
    return (f'<path d="{shackle}" fill="none" stroke="{color}" stroke-width="2.2" stroke-linecap="round"/>'
            f'<rect x="5" y="11" width="14" height="11" rx="2" fill="{color}"/>'
            f'<circle cx="12" cy="16.5" r="1.6" fill="#FFFFFF"/>')


def _face(cx: float, cy: float, r: float, color: str) -> str:
    """A grinning face: white disc, arched eyes, an open smile."""
    e = r * 0.32
    eyes = "".join(f'<path d="M{num(cx + dx - e * 0.45)} {num(cy - r * 0.12)}v-{num(e * 0.35)}'
                   f'a{num(e * 0.45)} {num(e * 0.45)} 0 0 1 {num(e * 0.9)} 0v{num(e * 0.35)}"/>'
                   for dx in (-r * 0.36, r * 0.36))
    w = r * 0.62
    mouth = (f'<path d="M{num(cx - w)} {num(cy + r * 0.14)}H{num(cx + w)}a{num(w)} {num(w * 0.85)} 0 0 1 '
             f'-{num(2 * w)} 0Z"/>')
    return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="#FFFFFF"/>{eyes}{mouth}'


def _faces(color: str) -> str:
    """Two overlapping smiling faces (people, annotators, preference data)."""
    return (f'<g stroke="{color}" stroke-width="1.05" fill="none" stroke-linejoin="round">'
            f'{_face(8.6, 8.6, 6.9, color)}{_face(15.4, 15.4, 6.9, color)}</g>')


def _bust(cx: float, top: float, scale: float, color: str, outline: str = "") -> str:
    """A filled head-and-shoulders silhouette, its head's top at ``top``."""
    r = 4.4 * scale
    hy = top + r
    w, y0, y1 = 8.6 * scale, hy + r + 1.2 * scale, hy + r + 1.2 * scale + 8.2 * scale
    ol = f' stroke="{outline}" stroke-width="0.9"' if outline else ""
    return (f'<circle cx="{num(cx)}" cy="{num(hy)}" r="{num(r)}" fill="{color}"{ol}/>'
            f'<path d="M{num(cx - w)} {num(y1)}C{num(cx - w)} {num(y0 + 1.5 * scale)} {num(cx - w * 0.5)} {num(y0)} '
            f'{num(cx)} {num(y0)}C{num(cx + w * 0.5)} {num(y0)} {num(cx + w)} {num(y0 + 1.5 * scale)} {num(cx + w)} '
            f'{num(y1)}Z" fill="{color}"{ol}/>')


def _person(color: str) -> str:
    """A filled bust with a white collar and tie (a human annotator)."""
    return (_bust(12, 0.8, 1.22, color) +
            '<path d="M9.2 13.2L12 16.6L14.8 13.2" fill="none" stroke="#FFFFFF" stroke-width="1"/>'
            '<path d="M12 16.6L10.9 21.6L12 23L13.1 21.6Z" fill="#FFFFFF"/>')


def _people(color: str) -> str:
    """Three filled busts, the middle one in front (a group of annotators)."""
    return (_bust(5.6, 5.2, 0.72, color) + _bust(18.4, 5.2, 0.72, color)
            + _bust(12, 3.6, 0.9, color, outline="#FFFFFF"))


GLYPHS = {
    "person": _person,
    "people": _people,
    "faces": _faces,
    "network": _network,
    "network-up": lambda c: _network(c, up=True),
    "lock": lambda c: _padlock(c, False),
    "unlock": lambda c: _padlock(c, True),
}


def known(name: str) -> bool:
    return name in GLYPHS or name in _zip_names()


def check(name: str) -> None:
    if not known(name):
        raise SpecError(f"unknown icon '{name}'",
                        hint=suggest(name, list(GLYPHS) + sorted(_zip_names()),
                                     "a Lucide icon name (lucide.dev/icons) or network, lock, unlock"))


def icon_item(name: str, box: Rect, color: str) -> RawItem:
    """An icon scaled into ``box`` (square), as a sanitised group."""
    check(name)
    s = min(box.w, box.h) / 24
    x = box.x + (box.w - 24 * s) / 2
    y = box.y + (box.h - 24 * s) / 2
    if name in GLYPHS:
        inner = GLYPHS[name](color)
        g = f'<g transform="translate({num(x)} {num(y)}) scale({num(s)})">{inner}</g>'
    else:
        g = (f'<g transform="translate({num(x)} {num(y)}) scale({num(s)})" fill="none" stroke="{color}" '
             f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{lucide_elements(name)}</g>')
    return RawItem(markup=g, box=Rect(x, y, 24 * s, 24 * s))
