"""The pipeline for one figure: spec file → model → scene (per language) → SVG."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diagrams.errors import DiagramError, SpecError
from diagrams.model import Figure, build_model
from diagrams.spec.loader import load_yaml
from diagrams.spec.validate import validate
from diagrams.theme import Theme


def load_figure(path: Path) -> Figure:
    file = str(path)
    data = load_yaml(path)
    validate(data, file)
    try:
        return build_model(data, file)
    except DiagramError as exc:
        raise exc.located(file=file)


@dataclass
class Rendered:
    svg: str
    ctx: object       # the layout context (scene, placed rects) for lint


MAX_FIGURE_PX = 16_000            # width or height of a figure: the PNG (2×) must stay within cairo's 32 767 px
MAX_SVG_BYTES = 20 * 1024 * 1024  # one figure's SVG (the largest of the book is about 210 kB)


def render(fig: Figure, lang: str, theme: Theme) -> Rendered:
    from diagrams.layout.figure import layout_figure
    from diagrams.render.frame import render_svg

    _check_title(fig, lang, theme)
    ctx = layout_figure(fig, lang, theme)
    from diagrams.recolor import recolor_scene

    recolor_scene(ctx.scene, theme)     # a theme other than the house one: its colours for house hex values
    ctx.scene.title = fig.title.get(lang)
    try:
        svg = render_svg(ctx, ctx.scene.title, theme, lang,
                         fig.description.get(lang) if fig.description else "")
    except DiagramError as exc:
        raise exc.located(file=fig.file)
    _check_output(fig, svg)      # size limits before the XML read-back below
    from diagrams.render.safe import unsafe_markup

    unsafe = unsafe_markup(svg)
    if unsafe:   # never written, whatever produced it
        raise DiagramError(f"refused to write an unsafe SVG [{lang}]: {'; '.join(unsafe[:3])}", file=fig.file,
                           hint="a spec value reached the markup; remove markup characters from the values")
    return Rendered(svg=svg, ctx=ctx)


def _check_title(fig: Figure, lang: str, theme: Theme) -> None:
    """A title too wide for any figure, refused at its key (the frame's tab would stretch the figure)."""
    from diagrams.text import fonts
    from diagrams.text.rich import MAX_TEXT_PX

    title = fig.title.get(lang)
    width = fonts.text_width(title, float(theme.frame["title_size"]), bold=True)
    if width > MAX_TEXT_PX:
        line, col = fig.keys_at.get("title", (None, None))
        raise SpecError(f"the title is {width:.0f} px wide, over the limit MAX_TEXT_PX = {MAX_TEXT_PX}",
                        file=fig.file, line=line, col=col, hint="a title is a few words; move the rest into "
                                                                 "`description:`")


def _check_output(fig: Figure, svg: str) -> None:
    """The finished SVG within MAX_FIGURE_PX a side and MAX_SVG_BYTES (outputs a viewer or slide can take)."""
    import re

    m = re.search(r'<svg\b[^>]*?\swidth="([^"]+)"[^>]*?\sheight="([^"]+)"', svg[:2000])
    if m:
        try:
            w, h = float(m.group(1)), float(m.group(2))
        except ValueError:
            w = h = float("nan")
        if not (w <= MAX_FIGURE_PX and h <= MAX_FIGURE_PX):      # also NaN
            raise SpecError(f"the figure is {w:.0f}×{h:.0f} px, over the limit MAX_FIGURE_PX = {MAX_FIGURE_PX}",
                            file=fig.file, hint="move nodes closer together, or split the figure")
    size = len(svg.encode("utf-8"))
    if size > MAX_SVG_BYTES:
        raise SpecError(f"the figure's SVG is {size} bytes, over the limit MAX_SVG_BYTES = {MAX_SVG_BYTES}",
                        file=fig.file, hint="draw fewer or simpler parts (a figure's SVG is usually under 1 MB)")
