"""Checks on the positioned scene: text that overflows its shape, text that collides with text,
characters the render font lacks, lines drawn through text and (given the theme) colours outside the
theme's palette (diagrams/checks.py). Geometry comes straight from layout, so checks are exact."""
from __future__ import annotations

from diagrams.scene import MathItem, Scene, TextItem

TOLERANCE = 1.0      # px: anti-aliasing and rounding
COLLIDE_MIN = 2.0    # px of overlap in both directions before two texts collide
MAX_WARNINGS = 50    # per figure and language: 2000 crossing edges printed 91 038 warnings


def _label(it) -> str:
    if isinstance(it, TextItem):
        t = it.text.strip()
        return f"'{t[:30]}{'…' if len(t) > 30 else ''}'"
    return f"math at ({it.box.x:.0f}, {it.box.y:.0f})" if it.box is not None else "math"


def lint_scene(scene: Scene, theme=None) -> list[str]:
    """The problems of one rendered figure: each one once, at most MAX_WARNINGS of them (then a line saying how
    many more there are)."""
    problems = list(dict.fromkeys(_problems(scene, theme)))
    if len(problems) > MAX_WARNINGS:
        more = len(problems) - MAX_WARNINGS
        problems = problems[:MAX_WARNINGS] + [f"… and {more} more warnings, not shown (over the limit "
                                              f"MAX_WARNINGS = {MAX_WARNINGS}); fix the ones above first"]
    return problems


def _problems(scene: Scene, theme=None) -> list[str]:
    problems = []
    texts = [t for t in scene.texts if t.box is not None]
    for t in texts:
        if t.owner is not None and not t.owner.contains(t.box, TOLERANCE):
            problems.append(f"text {_label(t)} overflows its shape by "
                            f"{_overflow(t.owner, t.box):.0f} px")
    for i, a in enumerate(texts):
        if getattr(a, "rotate", 0):
            continue
        for b in texts[i + 1:]:
            if getattr(b, "rotate", 0):
                continue
            ox = min(a.box.right, b.box.right) - max(a.box.x, b.box.x)
            oy = min(a.box.bottom, b.box.bottom) - max(a.box.y, b.box.y)
            if ox > COLLIDE_MIN and oy > COLLIDE_MIN:
                problems.append(f"text {_label(a)} collides with {_label(b)}")
    from diagrams.text.fonts import missing_glyphs

    for t in texts:
        if isinstance(t, TextItem):
            missing = missing_glyphs(t.text, t.bold)
            if missing:
                problems.append(f"text {_label(t)} uses characters the font lacks: {missing}")
    from diagrams.checks import colours_outside_theme, lines_through_text

    problems += lines_through_text(scene)
    if theme is not None:
        problems += colours_outside_theme(scene, theme)
    return problems


def _overflow(owner, box) -> float:
    return max(owner.x - box.x, box.right - owner.right, owner.y - box.y, box.bottom - owner.bottom, 0)
