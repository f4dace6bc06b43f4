"""Themes are mappings of the house palette: a theme file gives each palette name its own colour.

Specs and components name palette colours (`fill: sky`), so most colours come out of the theme already. A few are
written as hex (an escape hatch in a spec, a default in engine code such as black strokes and white icon dots);
for a theme other than the house one, every colour of the house palette that appears in the scene is replaced by
the theme's colour of the same name, so a dark theme turns those black strokes light too. Colours that are in no
palette stay as they are, and lint reports them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace

from diagrams.scene import Gradient, MathItem, RawItem, Shape, TextItem

_MARKUP_COLOUR = re.compile(r'((?:fill|stroke|stop-color|color)=")(#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?)(")')


def _full(c: str) -> str:
    c = c.upper()
    return "#" + "".join(ch * 2 for ch in c[1:]) if len(c) == 4 else c


@functools.lru_cache(maxsize=8)
def _mapping(theme_path: str) -> dict:
    from diagrams.theme import load_theme

    house = load_theme("house")
    theme = load_theme(theme_path)
    if house.path.resolve() == theme.path.resolve():
        return {}
    out = {}
    for name, value in house.palette.items():
        if name in theme.palette:
            out.setdefault(value.upper(), theme.palette[name].upper())
    return out


def theme_colour(colour, mapping: dict):
    if isinstance(colour, Gradient):
        return Gradient(tuple((o, theme_colour(c, mapping)) for o, c in colour.stops), colour.vertical)
    if isinstance(colour, str) and colour.startswith("#"):
        return mapping.get(_full(colour), colour)
    return colour


def recolor_scene(scene, theme) -> None:
    """Swap house palette colours for ``theme``'s, in place (nothing to do for the house theme)."""
    mapping = _mapping(str(theme.path))
    if not mapping:
        return
    paints = {}
    for it in scene.items:
        if isinstance(it, Shape):
            key = id(it.paint)
            if key not in paints:
                paints[key] = replace(it.paint, fill=theme_colour(it.paint.fill, mapping),
                                      stroke=theme_colour(it.paint.stroke, mapping))
            it.paint = paints[key]
        elif isinstance(it, (TextItem, MathItem)):
            it.color = theme_colour(it.color, mapping)
        elif isinstance(it, RawItem):
            it.markup = _MARKUP_COLOUR.sub(lambda m: m.group(1) + theme_colour(m.group(2), mapping) + m.group(3),
                                           it.markup)
            it.__dict__.pop("parts", None)    # flattened primitives, if read already, follow the new colours
