"""The theme: palette, named styles, fonts and frame settings, read from one YAML file in templates/."""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from diagrams.errors import SpecError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$|^#[0-9A-Fa-f]{3}$")


@dataclass(frozen=True)
class Theme:
    name: str
    palette: dict
    styles: dict
    fonts: dict
    frame: dict
    edge: dict
    text_color: str
    stroke_color: str
    background: str
    path: Path
    type_scale: dict = None         # role → px (relational layout)
    spacing: dict = None            # gap name → px
    min_text_size: float = 0.0

    def color(self, value, *, what: str = "colour") -> str:
        """A palette name or ``#hex`` → ``#hex``; ``none`` stays ``none``."""
        if value is None or value == "none":
            return "none"
        value = str(value)
        if _HEX.match(value):
            return value.upper()
        if value in self.palette:
            return self.palette[value]
        shown = value if len(value) <= 60 else value[:60] + "…"
        raise SpecError(f"unknown {what} '{shown}'", hint=colour_hint(shown, self.palette))

    def style(self, name: str) -> dict:
        if name not in self.styles:
            raise SpecError(f"unknown style '{name}'", hint=suggest(name, self.styles, "a style of the theme"))
        return self.styles[name]


def suggest(word: str, choices, fallback: str) -> str:
    close = difflib.get_close_matches(str(word), sorted({str(c) for c in choices}), n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return f"use {fallback} (known: {', '.join(sorted(map(str, choices))[:12])}{', …' if len(choices) > 12 else ''})"


def colour_hint(word: str, palette: dict) -> str:
    """Palette names for an unknown colour, by spelling and by meaning: names inside the word ('skyblue' → 'sky'),
    names spelled alike ('reed' → 'red'), and for a CSS colour name or hex value the palette colour nearest to it."""
    word = str(word).strip().lower()
    names = sorted(palette)
    inside = sorted((n for n in names if len(n) >= 3 and n in word.replace("-", "").replace("_", "")
                     or n.replace("-", "") == word.replace(" ", "").replace("-", "").replace("_", "")),
                    key=lambda n: (word.replace("-", "").find(n), -len(n)))
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.6)
    picks = list(dict.fromkeys(inside[:2] + close))[:3]
    nearest = _nearest(word, palette)
    if nearest and nearest not in picks:
        picks.append(nearest)
    if not picks:
        return f"use a palette name of the theme or #RRGGBB (known: {', '.join(names[:12])}, …; docs/spec-format.md)"
    text = "did you mean " + " or ".join(f"'{p}'" for p in picks) + "?"
    if nearest:
        text += f" ('{nearest}' {palette[nearest]} is the palette colour nearest to {word})"
    return text


def _nearest(word: str, palette: dict) -> str | None:
    """The palette colour nearest (in RGB) to a CSS colour name or a hex value; None for other words."""
    from matplotlib.colors import CSS4_COLORS

    hexa = CSS4_COLORS.get(word.replace(" ", ""), word if _HEX.match(word) else None)
    if not hexa:
        return None
    rgb = _rgb(hexa)
    return min(sorted(palette), key=lambda n: sum((a - b) ** 2 for a, b in zip(_rgb(palette[n]), rgb)))


def _rgb(hexa: str) -> tuple[int, int, int]:
    h = hexa.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _read_yaml(path: Path):
    """A theme file of the project (trusted, no positions needed): libyaml's safe loader when PyYAML has it, ten
    times faster than the pure-Python one (every build and every worker reads the theme)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.lru_cache(maxsize=8)
def load_theme(name_or_path: str = "house") -> Theme:
    path = Path(name_or_path)
    if not path.suffix:
        path = TEMPLATES / ("theme.yaml" if name_or_path == "house" else f"theme-{name_or_path}.yaml")
    if not path.exists():
        known = ["house"] + [p.stem[6:] for p in sorted(TEMPLATES.glob("theme-*.yaml"))]
        raise SpecError(f"unknown theme '{name_or_path}'", hint=f"use one of: {', '.join(known)}")
    data = _read_yaml(path)
    if data.get("extends"):  # a theme may start from another (house) and override palette, styles, frame …
        data = _merged(load_theme.__wrapped__(data["extends"]).path, data)
    palette = {k: str(v).upper() for k, v in data["palette"].items()}
    return Theme(name=data.get("name", path.stem), palette=palette, styles=data.get("styles", {}),
                 fonts=data["fonts"], frame=data["frame"], edge=data.get("edge", {}),
                 text_color=palette.get(data.get("text_color", "ink"), "#262626"),
                 stroke_color=palette.get(data.get("stroke_color", "black"), "#000000"),
                 background=palette.get(data.get("background", "white"), "#FFFFFF"), path=path,
                 type_scale=dict(data.get("type") or {"body": data["fonts"]["size"]}),
                 spacing=dict(data.get("spacing") or {"tight": 12, "normal": 28, "wide": 56}),
                 min_text_size=float(data.get("min_text_size", 0)))


def _merged(base_path: Path, data: dict) -> dict:
    """``data`` over the base theme's file, one level deep for mappings (palette, styles, fonts, frame, edge)."""
    base = _read_yaml(base_path)
    out = dict(base)
    for key, value in data.items():
        if key == "extends":
            continue
        out[key] = {**base[key], **value} if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    out["name"] = data.get("name", base.get("name"))
    if data.get("derive"):  # house colours the theme does not name get a colour by rule (diagrams/palettes.py)
        from diagrams.palettes import derive

        own = data.get("palette") or {}
        out["palette"] = {k: (own[k] if k in own else derive(data["derive"], str(v))) for k, v in base["palette"].items()}
        out["palette"].update(own)
    return out
