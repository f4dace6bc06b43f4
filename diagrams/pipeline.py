"""The pipeline for one figure: spec file → model → scene (per language) → SVG."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diagrams.errors import DiagramError
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


def render(fig: Figure, lang: str, theme: Theme) -> Rendered:
    from diagrams.layout.figure import layout_figure
    from diagrams.render.frame import render_svg

    ctx = layout_figure(fig, lang, theme)
    from diagrams.recolor import recolor_scene

    recolor_scene(ctx.scene, theme)     # a theme other than the house one: its colours for house hex values
    ctx.scene.title = fig.title.get(lang)
    try:
        svg = render_svg(ctx, ctx.scene.title, theme, lang)
    except DiagramError as exc:
        raise exc.located(file=fig.file)
    from diagrams.render.safe import unsafe_markup

    unsafe = unsafe_markup(svg)
    if unsafe:   # never written, whatever produced it
        raise DiagramError(f"refused to write an unsafe SVG [{lang}]: {'; '.join(unsafe[:3])}", file=fig.file,
                           hint="a spec value reached the markup; remove markup characters from the values")
    return Rendered(svg=svg, ctx=ctx)
