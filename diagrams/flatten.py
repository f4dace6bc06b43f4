"""Sanitised SVG markup (icons, charts) → absolute-coordinate scene primitives.

The markup of a RawItem is a known subset (see icons.py and components/chart.py): groups with transforms and
presentation attributes, basic shapes, paths and text. Flattened, it is path Shapes and TextItems in figure
coordinates, which a renderer without SVG (PPTX) draws natively. Clip paths are not applied: chart data stays
inside its axes by construction.
"""
from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from diagrams import pathdata as pd
from diagrams.scene import Paint, Rect, Shape, TextItem

_INHERITED = ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
              "fill-opacity", "stroke-opacity", "font-size", "font-family", "font-weight", "font-style",
              "text-anchor")
_SKIP = {"defs", "clipPath", "title", "desc", "style", "metadata", "mask", "pattern", "marker", "symbol"}


def flatten_markup(markup: str) -> list:
    root = ET.fromstring(f"<root>{markup}</root>")
    out: list = []
    _walk(root, pd.IDENTITY, {"fill": "#000000"}, 1.0, out)
    return out


def _num(v, default=0.0) -> float:
    try:
        return float(str(v).replace("px", "").strip())
    except (TypeError, ValueError):
        return default


def _walk(el, matrix, style: dict, opacity: float, out: list) -> None:
    tag = el.tag.split("}")[-1]
    if tag in _SKIP:
        return
    style = dict(style)
    for k in _INHERITED:
        if el.get(k) is not None:
            style[k] = el.get(k)
    if el.get("opacity") is not None:
        opacity *= _num(el.get("opacity"), 1.0)
    if el.get("transform"):
        matrix = pd.multiply(matrix, pd.parse_transform(el.get("transform")))
    if re.search(r"-hatch\d+$", el.get("id") or ""):
        style["texture"] = "1"          # hatch lines texture an area: drawn like lines, meant to lie under text
    if tag in ("root", "g", "a"):
        for ch in el:
            _walk(ch, matrix, style, opacity, out)
        return
    if tag == "text":
        _text(el, matrix, style, opacity, out)
        return
    shape = _shape(tag, el, matrix, style, opacity)
    if shape is not None:
        out.append(shape)


def _paint(style: dict, scale: float, opacity: float) -> Paint | None:
    fill = style.get("fill", "#000000")
    stroke = style.get("stroke")
    has_fill = fill not in (None, "none")
    has_stroke = stroke not in (None, "none")
    if not has_fill and not has_stroke:
        return None
    # Paint has one opacity: the fill's when there is a fill, else the stroke's
    part = _num(style.get("fill-opacity"), 1.0) if has_fill else _num(style.get("stroke-opacity"), 1.0)
    op = opacity * part
    dash = style.get("stroke-dasharray")
    if dash in (None, "none", ""):
        dash = None
    else:
        values = [_num(v) * scale for v in dash.replace(",", " ").split()]
        dash = " ".join(f"{v:.3g}" for v in values) if values and any(values) else None
    return Paint(fill=fill if has_fill else "none", stroke=stroke if has_stroke else None,
                 stroke_width=_num(style.get("stroke-width"), 1.0) * scale, dash=dash,
                 opacity=None if op >= 0.999 else round(op, 3))


def _shape(tag, el, matrix, style, opacity) -> Shape | None:
    g = el.get
    if tag == "path":
        segments = pd.parse_path(g("d") or "")
    elif tag == "rect":
        x, y, w, h = _num(g("x")), _num(g("y")), _num(g("width")), _num(g("height"))
        if w <= 0 or h <= 0:
            return None
        rx = _num(g("rx"), _num(g("ry")))
        segments = _rect_segments(x, y, w, h, min(rx, w / 2, h / 2))
    elif tag in ("circle", "ellipse"):
        cx, cy = _num(g("cx")), _num(g("cy"))
        rx = _num(g("r")) if tag == "circle" else _num(g("rx"))
        ry = _num(g("r")) if tag == "circle" else _num(g("ry"))
        if rx <= 0 or ry <= 0:
            return None
        segments = pd.parse_path(f"M{cx - rx} {cy}A{rx} {ry} 0 1 0 {cx + rx} {cy}A{rx} {ry} 0 1 0 {cx - rx} {cy}Z")
    elif tag == "line":
        segments = [("M", (_num(g("x1")), _num(g("y1")))), ("L", (_num(g("x2")), _num(g("y2"))))]
    elif tag in ("polyline", "polygon"):
        vals = [_num(v) for v in (g("points") or "").replace(",", " ").split()]
        pts = list(zip(vals[0::2], vals[1::2]))
        if len(pts) < 2:
            return None
        segments = [("M", pts[0])] + [("L", p) for p in pts[1:]] + ([("Z",)] if tag == "polygon" else [])
    else:
        return None
    if tag == "line":
        style = {**style, "fill": "none"}          # a line is never filled
    paint = _paint(style, pd.scale_of(matrix), opacity)
    if paint is None or not segments:
        return None
    segments = pd.transform_segments(segments, matrix)
    cap = style.get("stroke-linecap")
    return Shape("path", paint, d=pd.to_d(segments), linecap=cap if cap in ("round", "square") else None,
                 overlay=bool(style.get("texture")))


def _rect_segments(x, y, w, h, r) -> list:
    if r <= 0:
        return [("M", (x, y)), ("L", (x + w, y)), ("L", (x + w, y + h)), ("L", (x, y + h)), ("Z",)]
    return pd.parse_path(f"M{x + r} {y}H{x + w - r}A{r} {r} 0 0 1 {x + w} {y + r}V{y + h - r}"
                         f"A{r} {r} 0 0 1 {x + w - r} {y + h}H{x + r}A{r} {r} 0 0 1 {x} {y + h - r}"
                         f"V{y + r}A{r} {r} 0 0 1 {x + r} {y}Z")


def _text(el, matrix, style, opacity, out) -> None:
    content = "".join(el.itertext())
    if not content.strip():
        return
    x, y = _num(el.get("x")), _num(el.get("y"))
    for ch in el:                                   # a first tspan may carry the position
        if ch.tag.split("}")[-1] == "tspan" and el.get("x") is None:
            x, y = _num(ch.get("x")), _num(ch.get("y"))
            break
    bx, by = pd.apply(matrix, (x, y))
    scale = pd.scale_of(matrix)
    size = _num(style.get("font-size"), 16.0) * scale
    rotate = pd.rotation_of(matrix)
    if abs(rotate) < 1e-6:
        rotate = 0.0
    anchor = style.get("text-anchor", "start")
    if anchor not in ("start", "middle", "end"):
        anchor = "start"
    bold = style.get("font-weight") in ("bold", "700", "800", "900")
    italic = style.get("font-style") in ("italic", "oblique")
    from diagrams.text import fonts

    w = fonts.text_width(content, size, bold=bold)
    left = bx - {"start": 0.0, "middle": w / 2, "end": w}[anchor]
    box = Rect(left, by - size * 0.88, w, size * 1.16)
    if rotate:                                      # the box of the rotated text, about its anchor
        box = _rotated_box(box, rotate, (bx, by))
    color = style.get("fill", "#000000")
    out.append(TextItem(bx, by, " ".join(content.split()), size, color if color != "none" else "#000000",
                        bold=bold, italic=italic, anchor=anchor, box=box, rotate=rotate,
                        pivot=(bx, by) if rotate else None))


def _rotated_box(r: Rect, deg: float, pivot) -> Rect:
    m = pd.rotate(deg, *pivot)
    pts = [pd.apply(m, p) for p in ((r.x, r.y), (r.right, r.y), (r.right, r.bottom), (r.x, r.bottom))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

