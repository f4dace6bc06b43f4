"""Colour rules for themes that derive from the house palette.

A theme file lists its own colour for the palette names it cares about; with `derive: dark` or
`derive: okabe-ito` every other house colour (say, one added to the house theme later) gets a colour by rule,
so every palette name a spec may use exists in every theme and keeps its role:
- dark: light colours (fills) become dark tones of the same hue, so light text reads on them; darker, strong
  colours (accents, text colours) become light tints that read on the dark page; greys invert.
- okabe-ito: the colour of the Okabe–Ito colour-blind-safe palette for the hue's family (reds → vermillion,
  greens → bluish green, …), tinted or shaded to the same lightness, so a pale fill stays pale and an accent strong.
"""
from __future__ import annotations

import colorsys

OKABE_ITO = {"orange": "#E69F00", "sky-blue": "#56B4E9", "bluish-green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "reddish-purple": "#CC79A7"}


def hex_to_rgb(c: str) -> tuple[float, float, float]:
    c = c.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return tuple(int(c[i:i + 2], 16) / 255 for i in (0, 2, 4))


def rgb_to_hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in rgb)


def luminance(c: str) -> float:
    """WCAG relative luminance."""
    def lin(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in hex_to_rgb(c))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def dark(c: str) -> str:
    h, l, s = colorsys.rgb_to_hls(*hex_to_rgb(c))
    if s < 0.12:                                   # greys: invert the lightness
        return rgb_to_hex(colorsys.hls_to_rgb(h, 0.12 + (1 - l) * 0.8, s))
    if l >= 0.66:                                  # fills: a dark tone of the hue
        return rgb_to_hex(colorsys.hls_to_rgb(h, 0.16 + (1 - l) * 0.5, min(s, 0.75) * 0.6))
    return rgb_to_hex(colorsys.hls_to_rgb(h, min(0.8, 0.62 + 0.25 * l), min(s, 0.85)))  # accents: a light tint


def _hue_distance(a: float, b: float) -> float:
    d = abs(a - b) % 1.0
    return min(d, 1 - d)


# Hue families (degrees) → the Okabe–Ito colour standing in for them.
_FAMILIES = [(20, "vermillion"), (45, "orange"), (72, "yellow"), (180, "bluish-green"), (215, "sky-blue"),
             (265, "blue"), (340, "reddish-purple"), (360, "vermillion")]


def _mix(a, b, t: float):
    return tuple(x * t + y * (1 - t) for x, y in zip(a, b))


def okabe_ito(c: str) -> str:
    """The Okabe–Ito colour of ``c``'s hue family, tinted with white or shaded with black to ``c``'s lightness."""
    h, l, s = colorsys.rgb_to_hls(*hex_to_rgb(c))
    if s < 0.12:
        return c.upper()
    deg = h * 360
    name = next(n for top, n in _FAMILIES if deg < top)
    base = hex_to_rgb(OKABE_ITO[name])
    bl = colorsys.rgb_to_hls(*base)[1]
    toward = (1.0, 1.0, 1.0) if l > bl else (0.0, 0.0, 0.0)
    lo, hi = 0.0, 1.0                      # t: share of the Okabe–Ito colour in the mix
    for _ in range(30):
        t = (lo + hi) / 2
        ml = colorsys.rgb_to_hls(*_mix(base, toward, t))[1]
        if (ml > l) == (l > bl):
            lo = t
        else:
            hi = t
    return rgb_to_hex(_mix(base, toward, (lo + hi) / 2))


RULES = {"dark": dark, "okabe-ito": okabe_ito}


def derive(rule: str, colour: str) -> str:
    if rule not in RULES:
        from diagrams.errors import SpecError

        raise SpecError(f"unknown theme rule derive: '{rule}'", hint=f"use one of: {', '.join(RULES)}")
    return RULES[rule](colour)
