"""One display formula with labelled curly braces under chosen parts of it (TeX's \\underbrace, which
mathtext lacks).

The formula is typeset whole by mathtext. A part's horizontal extent comes from typesetting the formula up
to the part's end (every ``\\left`` still open there closed by ``\\right.``, so the delimiters keep the
size they have in the whole formula, which the part sets when it is the tallest thing inside them) and
subtracting the part's own width.

data keys (strings may be ``{en, zh}``):
  tex          the formula, TeX without dollars
  font_size    px (default: the theme's text size + 5)
  color        formula colour (default ink)
  braces       list of ``{part, label, italic, color, level}``: ``part`` is a TeX substring of ``tex`` (its first
               occurrence outside ``{...}``); ``label`` a string or a list of ``{text, color}`` runs set one
               after another (e.g. an arrow in another colour); ``italic`` sets the label in italics;
               ``color`` the brace's colour (default: the formula's); ``level`` (0, 1, …; default 0) stacks
               braces: a level-1 brace sits under the labels of level 0 (nested braces, as TeX's
               ``\\underbrace{\\underbrace{a}_{x} - b}_{y}``)
  label_size   px (default 0.55 × font_size)
  brace_depth  px of the brace (default 0.4 × font_size); gap: px between the formula and the braces

The formula is set in display style (full-size fractions, big operators with limits above and below).

With ``compute``/``args`` on the node, ``{value.PATH:FORMAT}`` / ``{args.PATH}`` placeholders in ``tex``, the parts
and the labels are filled from the computation first (as in the text of ordinary nodes).
"""
from __future__ import annotations

import re

from diagrams.components import localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_kinds
from diagrams.errors import SpecError
from diagrams.layout.shapes import brace_path
from diagrams.scene import MathItem, Paint, Rect, Shape, TextItem
from diagrams.text import fonts
from diagrams.text.mathtext import typeset

DATA_KEYS = {"tex", "font_size", "color", "braces", "label_size", "brace_depth", "gap"}
BRACE_KEYS = {"part", "label", "italic", "color", "level"}
DATA_KINDS = {"tex": "text", "font_size": "positive", "color": "text", "braces": "list", "label_size": "positive",
              "brace_depth": "number", "gap": "number"}   # key → kind (components/_canvas.py KINDS)
_LEFT = re.compile(r"\\left(?![A-Za-z])")
_RIGHT = re.compile(r"\\right(?![A-Za-z])")


def top_level_find(tex: str, part: str) -> int:
    """Index of the first occurrence of ``part`` in ``tex`` outside ``{...}`` groups, or -1."""
    start = 0
    while True:
        i = tex.find(part, start)
        if i < 0:
            return -1
        depth = 0
        for ch in tex[:i]:
            depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return i
        start = i + 1


def _find(tex: str, part: str) -> int:
    i = top_level_find(tex, part)
    if i < 0 or not part.strip():
        raise SpecError(f"'{part}' does not occur in the formula '{tex}' (outside {{...}})",
                        hint="brace a part written exactly as in `tex`")
    return i


def enclosing(tex: str, parts: list[str]) -> tuple[int, ...]:
    """Indices (0 = the first ``\\left`` of ``tex``) of the delimiters around any of ``parts``: as in TeX, where
    an ``\\underbrace`` inside ``\\left( … \\right)`` makes the parentheses reach over the brace."""
    starts = sorted(_find(tex, p) for p in parts)
    marks = sorted([(m.start(), "left") for m in _LEFT.finditer(tex)] + [(m.start(), "right") for m in _RIGHT.finditer(tex)])
    opened: list[int] = []
    out: set[int] = set()
    count = j = 0
    for pos, kind in marks + [(len(tex) + 1, "end")]:
        while j < len(starts) and starts[j] < pos:
            out.update(opened)
            j += 1
        if kind == "left":
            opened.append(count)
            count += 1
        elif kind == "right" and opened:
            opened.pop()
    return tuple(sorted(out))


def part_span(tex: str, part: str, size: float, reach=None) -> tuple[float, float]:
    """Horizontal extent (from the formula's left edge) of ``part`` inside ``tex``."""
    i = _find(tex, part)
    head = tex[:i + len(part)]
    still_open = len(_LEFT.findall(head)) - len(_RIGHT.findall(head))
    end = typeset(head + r"\right." * max(0, still_open), size, display=True, reach=reach).width
    return max(0.0, end - typeset(part, size, display=True).width), end


def _runs(label) -> list[tuple[str, str | None]]:
    if label is None:
        return []
    if isinstance(label, (str, int, float)):
        return [(str(label), None)]
    if isinstance(label, list):
        out = []
        for run in label:
            if isinstance(run, dict):
                out.append((str(run.get("text", "")), run.get("color")))
            else:
                out.append((str(run), None))
        return out
    raise SpecError("a brace label must be text or a list of {text, color} runs")


def _filled(node, ctx, data: dict) -> dict:
    """``data`` with ``{value…}`` / ``{args…}`` placeholders in the formula, the parts and the labels filled
    from the node's computation (see diagrams/layout/templates.py)."""
    from diagrams.components import computed
    from diagrams.layout.templates import fill

    result = computed(node, ctx)
    args = localized(dict(node.get("args") or {}), ctx.lang)

    def f(v):
        return fill(v, result, args, ctx.lang) if isinstance(v, str) else v

    out = dict(data)
    out["tex"] = f(str(data["tex"]))
    braces = []
    for b in data.get("braces") or []:
        if isinstance(b, dict):
            b = dict(b)
            for key in ("part", "label"):
                if isinstance(b.get(key), str):
                    b[key] = f(b[key])
                elif isinstance(b.get(key), list):
                    b[key] = [dict(r, text=f(r.get("text", ""))) if isinstance(r, dict) else f(r) for r in b[key]]
        braces.append(b)
    if braces:
        out["braces"] = braces
    return out


def make(node, ctx):
    data = localized(dict(node.get("data") or {}), ctx.lang)
    unknown = set(data) - DATA_KEYS
    if unknown:
        raise SpecError(f"unknown data key '{sorted(unknown)[0]}' of component underbraces",
                        hint="use " + ", ".join(sorted(DATA_KEYS)))
    if not data.get("tex"):
        raise SpecError("component underbraces needs `data: {tex: ...}`")
    check_kinds(node, DATA_KINDS, "underbraces")
    if node.get("compute") or node.get("args") is not None:
        data = _filled(node, ctx, data)
    tex = str(data["tex"])
    size = float(data.get("font_size", ctx.theme.fonts["size"] + 5))
    ink = ctx.color(data.get("color"), "ink")
    plain = typeset(tex, size, display=True)
    label_size = float(data.get("label_size", size * 0.55))
    depth = float(data.get("brace_depth", size * 0.4))
    gap = float(data.get("gap", size * 0.12))
    braces = []
    for b in data.get("braces") or []:
        if not isinstance(b, dict) or "part" not in b:
            raise SpecError("each brace needs a `part` (a TeX substring of the formula)")
        extra = set(b) - BRACE_KEYS
        if extra:
            raise SpecError(f"unknown key '{sorted(extra)[0]}' of a brace", hint="use " + ", ".join(sorted(BRACE_KEYS)))
        level = b.get("level", 0)
        if isinstance(level, bool) or not isinstance(level, int) or level < 0:
            raise SpecError(f"a brace's level must be 0, 1, 2, … (got {level!r})",
                            hint="level 1 puts a brace under the labels of the level-0 braces")
        runs = [(t, ctx.color(c, None) if c else None) for t, c in _runs(b.get("label"))]
        widths = [fonts.text_width(t, label_size) for t, _ in runs]
        braces.append({"part": str(b["part"]), "runs": runs, "widths": widths, "italic": bool(b.get("italic")),
                       "color": ctx.color(b.get("color"), None) if b.get("color") else ink, "level": level})
    label_h = label_size * 1.25 if any(b["runs"] for b in braces) else 0.0
    levels = 1 + max((b["level"] for b in braces), default=0)
    step = depth + label_h + gap                     # one level of braces: brace, label, gap to the next
    below = (gap + levels * step - gap) if braces else 0.0
    # \left … \right around a braced part reach over the braces and their labels (TeX's \underbrace inside them)
    around = enclosing(tex, [b["part"] for b in braces]) if braces else ()
    reach = (plain.depth + below, around) if around else None
    formula = typeset(tex, size, display=True, reach=reach)
    for b in braces:
        b["x0"], b["x1"] = part_span(tex, b["part"], size, reach=reach)
    # horizontal extent: the formula, and labels centred under their braces (they may stick out)
    left, right = 0.0, formula.width
    for b in braces:
        total = sum(b["widths"])
        mid = (b["x0"] + b["x1"]) / 2
        left, right = min(left, mid - total / 2), max(right, mid + total / 2)
    w = right - left
    h = formula.height + max(formula.depth, plain.depth + below)

    def paint(ctx, x, y):
        ox = x - left
        base = y + formula.height
        # lint's box: the formula down to its own depth (delimiters that reach over the braces go lower)
        ctx.scene.add(MathItem(ox, base, formula.path_d, ink,
                               box=Rect(ox, y, formula.width, formula.height + plain.depth),
                               tex=formula.tex))
        top = base + plain.depth + gap
        for b in braces:
            r = Rect(ox + b["x0"], top + b["level"] * step, b["x1"] - b["x0"], depth)
            pen = Paint(stroke=b["color"], stroke_width=max(1.0, size / 24))
            ctx.scene.add(Shape("path", pen, d=brace_path(r, "down")))
            total = sum(b["widths"])
            tx = r.cx - total / 2
            ty = r.y + depth + label_size * 1.0
            for (text, colour), tw in zip(b["runs"], b["widths"]):
                if text.strip():
                    ctx.scene.add(TextItem(tx, ty, text, label_size, colour or ink, italic=b["italic"],
                                           box=Rect(tx, ty - label_size * 0.86, tw, label_size)))
                tx += tw

    return DrawnBlock(node, w, h, paint)
