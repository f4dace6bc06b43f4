"""Checks on the positioned scene: text that overflows its shape, text that collides with text,
characters the render font lacks, lines drawn through text and (given the theme) colours outside the
theme's palette (diagrams/checks.py). Geometry comes straight from layout, so checks are exact."""
from __future__ import annotations

from diagrams.scene import MathItem, Scene, TextItem

TOLERANCE = 1.0      # px: anti-aliasing and rounding
COLLIDE_MIN = 2.0    # px of overlap in both directions before two texts collide


def _label(it) -> str:
    if isinstance(it, TextItem):
        return _quoted(it.text)
    return f"math at ({it.box.x:.0f}, {it.box.y:.0f})" if it.box is not None else "math"


def lint_scene(scene: Scene, theme=None) -> list[str]:
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
    from diagrams.text.clean import clean_text
    from diagrams.text.fonts import missing_glyphs

    for t in texts:
        if isinstance(t, TextItem):
            missing = missing_glyphs(clean_text(t.text), t.bold)
            if missing:
                problems.append(f"text {_label(t)} uses characters the font lacks: {missing}")
    if scene.title:     # the frame draws the title in bold: its PNG and PDF show boxes as well
        missing = missing_glyphs(clean_text(scene.title), True)
        if missing:
            problems.append(f"title {_quoted(scene.title)} uses characters the font lacks: {missing}")
    from diagrams.checks import colours_outside_theme, lines_through_text

    problems += lines_through_text(scene)
    if theme is not None:
        problems += colours_outside_theme(scene, theme)
    return problems


def _quoted(text: str) -> str:
    t = text.strip()
    return f"'{t[:30]}{'…' if len(t) > 30 else ''}'"


def _overflow(owner, box) -> float:
    return max(owner.x - box.x, box.right - owner.right, owner.y - box.y, box.bottom - owner.bottom, 0)
