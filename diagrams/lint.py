"""Checks on the positioned scene: text that overflows its shape, text that collides with text,
characters the render font lacks, lines drawn through text and (given the theme) colours outside the
theme's palette (diagrams/checks.py), and typography slips (diagrams/typography.py).
Geometry comes straight from layout, so checks are exact."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diagrams.scene import MathItem, Scene, TextItem

TOLERANCE = 1.0      # px: anti-aliasing and rounding
COLLIDE_MIN = 2.0    # px of overlap in both directions before two texts collide
MAX_WARNINGS = 50    # per figure and language: 2000 crossing edges printed 91 038 warnings


def _label(it) -> str:
    if isinstance(it, TextItem):
        return _quoted(it.text)
    return f"math at ({it.box.x:.0f}, {it.box.y:.0f})" if it.box is not None else "math"


def lint_figure(ctx, layout: str, theme=None, contract: bool | None = None, fig=None) -> list[str]:
    """Every check of one rendered figure: the scene checks, the typography checks (diagrams/typography.py; the
    sibling-size check needs ``fig``), and the layout contract (diagrams/contract.py) for figures the engine lays
    out (``contract`` forces it on or off)."""
    from diagrams.typography import typography_problems

    problems = lint_scene(ctx.scene, theme=theme)
    problems += typography_problems(ctx, fig)
    if contract if contract is not None else layout != "free":
        from diagrams.contract import contract_problems

        problems += contract_problems(ctx, theme)
    return problems


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
    upright = [t for t in texts if not getattr(t, "rotate", 0)]
    for i, j in _colliding_pairs([t.box for t in upright]):
        problems.append(f"text {_label(upright[i])} collides with {_label(upright[j])}")
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


def _colliding_pairs(boxes: list) -> list:
    """The pairs (i, j), i < j, in that order, of ``boxes`` that overlap by more than COLLIDE_MIN both ways (all
    pairs at once: a figure has hundreds of texts)."""
    import numpy as np

    if len(boxes) < 2:
        return []
    x, y = np.array([b.x for b in boxes]), np.array([b.y for b in boxes])
    right, bottom = np.array([b.right for b in boxes]), np.array([b.bottom for b in boxes])
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(x[:, None], x[None, :])
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(y[:, None], y[None, :])
    i, j = np.nonzero(np.triu((ox > COLLIDE_MIN) & (oy > COLLIDE_MIN), 1))
    return list(zip(i.tolist(), j.tolist()))


def _quoted(text: str) -> str:
    t = text.strip()
    return f"'{t[:30]}{'…' if len(t) > 30 else ''}'"


def _overflow(owner, box) -> float:
    return max(owner.x - box.x, box.right - owner.right, owner.y - box.y, box.bottom - owner.bottom, 0)


@dataclass(frozen=True)
class LintTask:
    spec: Path
    specs_dir: Path
    themes: tuple


def lint_spec(task: LintTask) -> list[str]:
    """Every problem of one spec in every language and the given themes, as printable lines (run in a worker)."""
    from diagrams import LANGS
    from diagrams.contrib import spec_problems
    from diagrams.errors import DiagramError
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    spec = task.spec
    lines: list[str] = []
    try:
        theme_objs = [load_theme(t) for t in task.themes]
        fig = load_figure(spec)
        lines += [f"{spec}: {p}" for p in spec_problems(spec, fig, task.specs_dir)]
        for lang in LANGS:
            seen = set()
            for theme in theme_objs:
                for w in lint_figure(render(fig, lang, theme).ctx, fig.layout, theme=theme, fig=fig):
                    if w in seen:       # most problems are the same in every theme: report each once
                        continue
                    seen.add(w)
                    tag = f"[{lang}]" if theme is theme_objs[0] else f"[{lang}, theme {theme.name}]"
                    lines.append(f"{spec}: {tag} {w}")
    except DiagramError as exc:
        lines += [f"error: {line}" for line in str(exc.located(file=str(spec))).splitlines()]
    except MemoryError:
        from diagrams.workers import WORKER_MEMORY_BYTES

        lines.append(f"error: {spec}: the figure needs more than the memory limit of {WORKER_MEMORY_BYTES >> 30} GiB "
                     "(WORKER_MEMORY_BYTES); make it smaller")
    except Exception as exc:  # a bug of ours: one line, and the other specs are still checked
        lines.append(f"error: {spec}: internal error {type(exc).__name__}: {exc} (please report it with this spec)")
    return lines


def lint_crashed(task: LintTask, message: str) -> list[str]:
    return [f"error: {task.spec}: {message}"]
