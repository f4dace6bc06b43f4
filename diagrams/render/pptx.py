"""Scene → editable PowerPoint: native shapes, text frames and line ends, drawn from the positioned scene.

A third renderer beside the SVG one, not a conversion of it: boxes become preset shapes (rect, roundRect,
ellipse), other outlines custom geometry, every label a text frame in the theme's fonts, arrows lines with
native ends, formulas and icons groups of freeforms (a formula's group is named by its TeX). python-pptx makes
the package; the DrawingML it has no API for (custom geometry, line ends, dashes) is written here. The output is
deterministic: fixed document properties and fixed zip entry dates.
"""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from diagrams import pathdata as pd
from diagrams.scene import Gradient, MathItem, RawItem, Rect, Scene, Shape, TextItem
from diagrams.text.clean import clean_text

EMU_PER_PX = 9525                  # 96 px to the inch, 914 400 EMU to the inch
PT_PER_PX = 0.75
# Noto Sans CJK (the theme's measuring font): ascent and descent of a line, in em (hhea / OS/2 win metrics);
# a text frame's first baseline sits one ascent below its top in PowerPoint and LibreOffice
ASCENT, DESCENT = 1.16, 0.288
MAX_SLIDE_PX = 5376                # PowerPoint's largest slide side, 56 in
FIXED_DATE = datetime.datetime(2024, 1, 1)  # document dates: the same spec gives the same bytes
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
LANG_TAG = {"en": "en-US", "zh": "zh-CN"}

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def emu(px: float) -> int:
    return int(round(px * EMU_PER_PX))


def _attr(v) -> str:
    return escape(str(v), {'"': "&quot;"})


def rgb(color) -> tuple[str, float] | None:
    """A scene colour → ("RRGGBB", alpha); None for no paint."""
    if color is None or color == "none" or isinstance(color, Gradient):
        return None
    c = str(color).strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{3,4}", c):
        c = "#" + "".join(ch * 2 for ch in c[1:])
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", c):
        return c[1:].upper(), 1.0
    if re.fullmatch(r"#[0-9A-Fa-f]{8}", c):
        return c[1:7].upper(), int(c[7:9], 16) / 255
    try:
        from PIL import ImageColor

        r, g, b = ImageColor.getrgb(c)[:3]
        return f"{r:02X}{g:02X}{b:02X}", 1.0
    except ValueError:
        return "000000", 1.0


def _solid(color, opacity: float | None = None) -> str:
    c = rgb(color)
    if c is None:
        return "<a:noFill/>"
    hexa, alpha = c
    alpha *= 1.0 if opacity is None else opacity
    inner = f'<a:alpha val="{int(round(alpha * 100000))}"/>' if alpha < 0.999 else ""
    return f'<a:solidFill><a:srgbClr val="{hexa}">{inner}</a:srgbClr></a:solidFill>'


def _fill(fill, opacity: float | None = None) -> str:
    if isinstance(fill, Gradient):
        stops = []
        for offset, color in fill.stops:
            hexa, alpha = rgb(color) or ("FFFFFF", 0.0)
            alpha *= 1.0 if opacity is None else opacity
            inner = f'<a:alpha val="{int(round(alpha * 100000))}"/>' if alpha < 0.999 else ""
            stops.append(f'<a:gs pos="{int(round(max(0.0, min(1.0, offset)) * 100000))}">'
                         f'<a:srgbClr val="{hexa}">{inner}</a:srgbClr></a:gs>')
        angle = 5400000 if fill.vertical else 0       # top to bottom, or left to right (SVG's x1=0 → x2=1)
        return f'<a:gradFill rotWithShape="1"><a:gsLst>{"".join(stops)}</a:gsLst><a:lin ang="{angle}" scaled="0"/></a:gradFill>'
    return _solid(fill, opacity)


def _dash(dash: str | None, width: float) -> str:
    if not dash:
        return ""
    values = [float(v) for v in re.split(r"[\s,]+", dash.strip()) if v]
    if len(values) % 2:
        values *= 2                                   # SVG repeats an odd list
    w = max(width, 0.01)
    # custom dashes are in thousandths of a percent of the line width
    pairs = "".join(f'<a:ds d="{max(1, int(round(d / w * 100000)))}" sp="{max(1, int(round(s / w * 100000)))}"/>'
                    for d, s in zip(values[0::2], values[1::2]))
    return f"<a:custDash>{pairs}</a:custDash>"


def _arrow_size(head: float, width: float) -> str:
    """A native line end's size class for a head ``head`` px long on a line ``width`` px wide. sm/med/lg are
    2/3/5 line widths; LibreOffice measures from at least 0.7 mm (2.65 px), so thin lines are taken at that."""
    base = max(width, 2.65)
    ratio = head / base
    return min((("sm", 2.0), ("med", 3.0), ("lg", 5.0)), key=lambda c: abs(c[1] - ratio))[0]


@dataclass
class Placement:
    """Scene px → slide px: scaled by ``scale`` then shifted by (ox, oy)."""
    scale: float = 1.0
    ox: float = 0.0
    oy: float = 0.0

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale + self.ox, y * self.scale + self.oy

    def matrix(self) -> pd.Matrix:
        return (self.scale, 0.0, 0.0, self.scale, self.ox, self.oy)


class PptxWriter:
    """Draws scene items into one slide's shape tree as DrawingML."""

    def __init__(self, font_stack: str, mono_stack: str = "monospace", lang: str = "en"):
        self.latin, self.ea = _typefaces(font_stack)
        self.mono_latin, self.mono_ea = _typefaces(mono_stack)
        self.lang = LANG_TAG.get(lang, "en-US")
        self.xml: list[str] = []
        self._next_id = 2                             # id 1 is the shape tree itself

    def _id(self) -> int:
        i = self._next_id
        self._next_id += 1
        return i

    # ---------------------------------------------------------------------------------------- shapes
    def _line(self, paint, place: Placement, linecap=None, ends=None) -> str:
        if paint.stroke in (None, "none"):
            return "<a:ln><a:noFill/></a:ln>"
        width = paint.stroke_width * place.scale
        cap = {"round": ' cap="rnd"', "square": ' cap="sq"'}.get(linecap or "", "")
        out = f'<a:ln w="{emu(width)}"{cap}>{_solid(paint.stroke, paint.opacity)}'
        dash = _dash(paint.dash, paint.stroke_width)
        out += dash if dash else '<a:prstDash val="solid"/>'
        out += "<a:round/>"
        if ends is not None:
            size = _arrow_size(ends.size * 0.9, paint.stroke_width)
            length = _arrow_size(ends.size, paint.stroke_width)
            if ends.start:
                out += f'<a:headEnd type="triangle" w="{size}" len="{length}"/>'
            if ends.end:
                out += f'<a:tailEnd type="triangle" w="{size}" len="{length}"/>'
        return out + "</a:ln>"

    def _sp(self, name: str, x: float, y: float, w: float, h: float, geometry: str, fill: str, line: str,
            rot: float = 0.0, descr: str = "") -> str:
        rot_attr = f' rot="{int(round(rot * 60000)) % 21600000}"' if rot else ""
        d = f' descr="{_attr(descr)}"' if descr else ""
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{self._id()}" name="{_attr(name)}"{d}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
                f'<p:spPr><a:xfrm{rot_attr}><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{max(1, emu(w))}" '
                f'cy="{max(1, emu(h))}"/></a:xfrm>{geometry}{fill}{line}</p:spPr></p:sp>')

    def shape(self, s: Shape, place: Placement, out: list | None = None, connectors: bool = True):
        """``connectors``: a straight two-point line becomes a native line shape (else a freeform, as in icons)."""
        out = self.xml if out is None else out
        if s.head:
            return                                    # drawn as the native end of its line (``Shape.ends``)
        p = s.paint
        fill = _fill(p.fill or "none", p.opacity)
        if s.kind in ("rect", "ellipse") and s.rect is not None:
            r = s.rect
            x, y = place.pt(r.x, r.y)
            w, h = r.w * place.scale, r.h * place.scale
            if s.kind == "ellipse":
                geom = '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>'
                name = "Ellipse"
            elif s.radius:
                adj = int(round(min(0.5, s.radius / max(min(r.w, r.h), 1e-6)) * 100000))
                geom = f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {adj}"/></a:avLst></a:prstGeom>'
                name = "Rounded Rectangle"
            else:
                geom = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                name = "Rectangle"
            out.append(self._sp(f"{name} {self._next_id}", x, y, w, h, geom, fill, self._line(p, place, s.linecap)))
            return
        d = s.ends.d if s.ends is not None else s.d
        segments = pd.transform_segments(pd.parse_path(d or ""), place.matrix())
        if not segments:
            return
        line = self._line(p, place, s.linecap, s.ends)
        straight = [seg for seg in segments if seg[0] != "Z"]
        if (connectors and len(straight) == 2 and straight[0][0] == "M" and straight[1][0] == "L" and len(segments) == 2
                and (p.fill in (None, "none"))):
            out.append(self._connector(straight[0][1], straight[1][1], line))
            return
        out.append(self._freeform(segments, fill, line, open_fill=p.fill in (None, "none")))

    def _connector(self, a, b, line: str) -> str:
        """A straight line as a native line shape (flipped to run from a to b)."""
        x, y = min(a[0], b[0]), min(a[1], b[1])
        flip = (' flipH="1"' if b[0] < a[0] else "") + (' flipV="1"' if b[1] < a[1] else "")
        i = self._id()
        return (f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{i}" name="Line {i}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
                f'<p:spPr><a:xfrm{flip}><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(abs(b[0] - a[0]))}" '
                f'cy="{emu(abs(b[1] - a[1]))}"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
                f'{line}</p:spPr></p:cxnSp>')

    def _freeform(self, segments, fill: str, line: str, open_fill: bool = False, name: str = "Freeform",
                  descr: str = "") -> str:
        """Custom geometry: the path in EMU relative to the shape's top-left (python-pptx has no API for curves)."""
        x0, y0, x1, y1 = pd.segments_bounds(segments)
        w, h = max(emu(x1) - emu(x0), 1), max(emu(y1) - emu(y0), 1)
        ox, oy = emu(x0), emu(y0)

        def pt(p):
            return f'<a:pt x="{emu(p[0]) - ox}" y="{emu(p[1]) - oy}"/>'

        cmds = []
        for s in segments:
            if s[0] == "M":
                cmds.append(f"<a:moveTo>{pt(s[1])}</a:moveTo>")
            elif s[0] == "L":
                cmds.append(f"<a:lnTo>{pt(s[1])}</a:lnTo>")
            elif s[0] == "C":
                cmds.append(f"<a:cubicBezTo>{pt(s[1])}{pt(s[2])}{pt(s[3])}</a:cubicBezTo>")
            else:
                cmds.append("<a:close/>")
        nofill = ' fill="none"' if open_fill else ""
        geom = (f'<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
                f'<a:pathLst><a:path w="{w}" h="{h}"{nofill}>{"".join(cmds)}</a:path></a:pathLst></a:custGeom>')
        i = self._next_id
        return self._sp(f"{name} {i}", x0, y0, w / EMU_PER_PX, h / EMU_PER_PX, geom, fill, line, descr=descr)

    # ------------------------------------------------------------------------------------------ text
    def text(self, t: TextItem, place: Placement, out: list | None = None):
        """One label → one text frame: no wrap, no autofit, zero insets, its first baseline on the scene's."""
        out = self.xml if out is None else out
        content = " ".join(clean_text(t.text).split("\n"))
        if not content.strip():
            return
        from diagrams.text import fonts

        mono = getattr(t, "family", None) == "mono"
        size = t.size * place.scale
        try:
            width = (fonts.mono_width(content, t.size) if mono else fonts.text_width(content, t.size, bold=t.bold))
        except Exception:                             # no font to measure with: the scene's box
            width = t.box.w if t.box is not None else len(content) * t.size * 0.6
        width = width * place.scale + 2 * size * 0.05  # a little room: a renderer's rounding never wraps a word
        height = (ASCENT + DESCENT) * size
        bx, by = place.pt(t.x, t.y)
        left = {"start": bx, "middle": bx - width / 2, "end": bx - width}.get(t.anchor, bx)
        top = by - ASCENT * size
        rot = t.rotate or 0.0
        if rot:
            # DrawingML turns a shape about its centre; SVG turned the text about the pivot
            px, py = place.pt(*(t.pivot or (t.x, t.y)))
            cx, cy = pd.apply(pd.rotate(rot, px, py), (left + width / 2, top + height / 2))
            left, top = cx - width / 2, cy - height / 2
        algn = {"start": "l", "middle": "ctr", "end": "r"}.get(t.anchor, "l")
        latin, ea = (self.mono_latin, self.mono_ea) if mono else (self.latin, self.ea)
        b = ' b="1"' if t.bold else ""
        i = ' i="1"' if t.italic else ""
        run = (f'<a:r><a:rPr lang="{self.lang}" altLang="en-US" sz="{max(100, int(round(size * PT_PER_PX * 100)))}"'
               f'{b}{i} dirty="0">{_solid(t.color)}<a:latin typeface="{_attr(latin)}"/><a:ea typeface="{_attr(ea)}"/>'
               f'<a:cs typeface="{_attr(latin)}"/></a:rPr><a:t>{escape(content)}</a:t></a:r>')
        body = (f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" rtlCol="0">'
                f'<a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="{algn}"/>{run}</a:p></p:txBody>')
        rot_attr = f' rot="{int(round(rot * 60000)) % 21600000}"' if rot else ""
        ident = self._id()
        out.append(f'<p:sp><p:nvSpPr><p:cNvPr id="{ident}" name="Label {ident}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
                   f'</p:nvSpPr><p:spPr><a:xfrm{rot_attr}><a:off x="{emu(left)}" y="{emu(top)}"/>'
                   f'<a:ext cx="{max(1, emu(width))}" cy="{max(1, emu(height))}"/></a:xfrm>'
                   f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>{body}</p:sp>')

    # -------------------------------------------------------------------------------- groups: math, raw
    def _group(self, children: list[str], name: str, descr: str = "") -> str:
        d = f' descr="{_attr(descr)}"' if descr else ""
        i = self._id()
        # the group only gathers its parts: child coordinates are the slide's (chOff/chExt equal off/ext)
        offs = [(int(a), int(b), int(c), int(e)) for a, b, c, e in
                re.findall(r'<a:off x="(-?\d+)" y="(-?\d+)"/><a:ext cx="(\d+)" cy="(\d+)"/>', "".join(children))]
        x0, y0 = min(o[0] for o in offs), min(o[1] for o in offs)
        x1, y1 = max(o[0] + o[2] for o in offs), max(o[1] + o[3] for o in offs)
        box = f'<a:off x="{x0}" y="{y0}"/><a:ext cx="{max(1, x1 - x0)}" cy="{max(1, y1 - y0)}"/>'
        child = f'<a:chOff x="{x0}" y="{y0}"/><a:chExt cx="{max(1, x1 - x0)}" cy="{max(1, y1 - y0)}"/>'
        return (f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{i}" name="{_attr(name)}"{d}/><p:cNvGrpSpPr/><p:nvPr/>'
                f'</p:nvGrpSpPr><p:grpSpPr><a:xfrm>{box}{child}</a:xfrm></p:grpSpPr>{"".join(children)}</p:grpSp>')

    def math_part(self, m: MathItem, place: Placement) -> str:
        matrix = pd.translate(m.x, m.y)
        if m.rotate:
            px, py = m.pivot or (m.x, m.y)
            matrix = pd.multiply(pd.rotate(m.rotate, px, py), matrix)
        segments = pd.transform_segments(pd.parse_path(m.d), pd.multiply(place.matrix(), matrix))
        if not segments:
            return ""
        return self._freeform(segments, _solid(m.color), "<a:ln><a:noFill/></a:ln>", name="Formula part")

    def raw(self, r: RawItem, place: Placement):
        """Icons become a group of freeforms; charts a group of lines, freeforms and editable text frames."""
        children: list[str] = []
        chart = any(isinstance(p, TextItem) for p in r.parts)
        for part in r.parts:
            if isinstance(part, TextItem):
                self.text(part, place, children)
            else:
                self.shape(part, place, children, connectors=chart)
        if children:
            self.xml.append(self._group(children, "Chart" if chart else "Icon"))

    def render(self, scene: Scene, place: Placement):
        formula, parts = None, []

        def close():
            if formula is not None and parts:
                label = " ".join(clean_text(formula[0]).split())
                self.xml.append(self._group(parts, label[:250] or "Formula", descr=label))

        for it in scene.items:
            key = (it.tex, it.x, it.y) if isinstance(it, MathItem) else None
            if key != formula or key is None:
                close()
                formula, parts = key, []
            if isinstance(it, MathItem):
                part = self.math_part(it, place)
                if part:
                    parts.append(part)
            elif isinstance(it, Shape):
                self.shape(it, place)
            elif isinstance(it, TextItem):
                self.text(it, place)
            elif isinstance(it, RawItem):
                self.raw(it, place)
        close()
        return self


def _typefaces(stack: str) -> tuple[str, str]:
    """The first family of a CSS-like stack for Latin text, and its first CJK family for East Asian text."""
    families = [f.strip().strip("'\"") for f in (stack or "").split(",") if f.strip()]
    generic = {"sans-serif": "Arial", "serif": "Times New Roman", "monospace": "Courier New"}
    latin = generic.get(families[0], families[0]) if families else "Arial"
    cjk = next((f for f in families if re.search(r"CJK|YaHei|PingFang|Han|SC\b|Hei|Song", f)), latin)
    return latin, cjk


# ---------------------------------------------------------------------------------------------- package
def new_presentation(width_px: float, height_px: float):
    from pptx import Presentation

    prs = Presentation()
    prs.slide_width = emu(width_px)
    prs.slide_height = emu(height_px)
    return prs


def add_slide(prs, writer: PptxWriter, name: str = ""):
    """A blank slide holding the writer's shapes."""
    from pptx.oxml import parse_xml

    slide = prs.slides.add_slide(prs.slide_layouts[6])      # the default template's Blank layout
    tree = slide.shapes._spTree
    # shape ids must be unique on the slide: the writer numbered from 2 upward
    for xml in writer.xml:
        el = parse_xml(f'<p:grpSp {_NS}>{xml}</p:grpSp>')
        for child in list(el):
            tree.append(child)
    if name:
        slide._element.cSld.set("name", name[:250])
    return slide


def package_bytes(prs, title: str = "", lang: str = "en") -> bytes:
    """The presentation as bytes, the same for the same content: fixed core properties and zip entry dates."""
    props = prs.core_properties
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    props.author = props.last_modified_by = "llm-rl-diagrams"
    props.title = clean_text(title)[:250]
    props.language = LANG_TAG.get(lang, lang)
    raw = io.BytesIO()
    prs.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def figure_placement(g, max_px: float = MAX_SLIDE_PX) -> tuple[Placement, Placement, float, float]:
    """Slide size and placements for a figure on its own slide: 1 px to 1 px, scaled down only past PowerPoint's
    largest slide. Returns (frame placement, scene placement, slide width, slide height) in px."""
    s = min(1.0, max_px / g.w, max_px / g.h)
    return Placement(s), Placement(s, g.dx * s, g.dy * s), g.w * s, g.h * s


def render_pptx(scene: Scene, title: str, theme, lang: str) -> bytes:
    """One slide sized to the framed figure."""
    from diagrams.render.frame import frame_geometry

    g = frame_geometry(scene, title, theme, lang)
    frame_place, scene_place, w, h = figure_placement(g)
    writer = figure_writer(scene, g, theme, lang, frame_place, scene_place)
    prs = new_presentation(w, h)
    add_slide(prs, writer, g.title.text)
    return package_bytes(prs, g.title.text, lang)


def figure_writer(scene: Scene, g, theme, lang: str, frame_place: Placement, scene_place: Placement) -> PptxWriter:
    writer = PptxWriter(theme.fonts["stack"], theme.fonts.get("mono_stack", "monospace"), lang)
    # drawing order as in the SVG: background and border, the figure, then the tab with title and credit
    from diagrams.scene import Paint

    if g.background not in (None, "none"):
        writer.shape(Shape("rect", Paint(fill=g.background), rect=Rect(0, 0, g.w, g.h)), frame_place)
    writer.shape(Shape("rect", Paint(fill="none", stroke=g.border_color, stroke_width=g.border_width),
                       rect=g.border, radius=g.radius), frame_place)
    writer.render(scene, scene_place)
    writer.shape(Shape("path", Paint(fill=g.tab_fill), d=g.tab_d), frame_place)
    writer.text(g.title, frame_place)
    writer.text(g.credit, frame_place)
    return writer

