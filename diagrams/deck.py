"""A slide deck per language (optionally per chapter): a title slide, then one figure per slide, the credit line of
the original work on every slide. Figures are drawn by the PPTX renderer, so every label stays editable."""
from __future__ import annotations

from pathlib import Path

from diagrams.render.pptx import Placement, PptxWriter, add_slide, figure_writer, new_presentation, package_bytes

SLIDE_W, SLIDE_H = 1280.0, 720.0      # 16:9, 13.333 × 7.5 in: every deck slide has one size
SLIDE_MARGIN = 16.0
DECK_TITLE = {"en": "LLM-RL-Visualized: figures", "zh": "LLM-RL-Visualized：图解"}
FIGURES_WORD = {"en": "{n} figures", "zh": "共 {n} 幅图"}


def deck_name(lang: str, chapter: str | None = None) -> str:
    return f"figures-{lang}{'-' + chapter if chapter else ''}.pptx"


def build_deck(specs_dir: Path, out: Path, lang: str, chapter: str | None = None, theme_name: str = "house",
               log=None) -> Path:
    """Write ``out/figures-<lang>[-<chapter>].pptx`` and return its path; a figure that fails is a SpecError."""
    from diagrams.build import find_specs, write_atomic
    from diagrams.catalog import load_chapters
    from diagrams.errors import SpecError
    from diagrams.pipeline import load_figure, render
    from diagrams.render.frame import frame_geometry
    from diagrams.theme import load_theme, suggest

    theme = load_theme(theme_name)
    chapters = load_chapters(specs_dir)
    if chapter is not None and chapters and chapter not in chapters:
        raise SpecError(f"no chapter '{chapter}'", hint=suggest(chapter, list(chapters), "a chapter id of chapters.yaml"))
    figures = [load_figure(p) for p in find_specs(specs_dir)]
    if chapter is not None:
        figures = [f for f in figures if f.chapter == chapter]
    if not figures:
        raise SpecError(f"no figure in chapter '{chapter}'" if chapter else "no figure to put in a deck")
    order = {cid: c.order for cid, c in chapters.items()}
    figures.sort(key=lambda f: (order.get(f.chapter, 10 ** 6), f.order, f.id))
    prs = new_presentation(SLIDE_W, SLIDE_H)
    credit = theme.frame["credit"][lang]
    title = DECK_TITLE.get(lang, DECK_TITLE["en"])
    subtitle = chapters[chapter].name(lang) if chapter and chapter in chapters else ""
    add_slide(prs, _title_writer(theme, lang, title, subtitle, FIGURES_WORD[lang].format(n=len(figures)), credit),
              title)
    for fig in figures:
        rendered = render(fig, lang, theme)
        scene = rendered.ctx.scene
        g = frame_geometry(scene, scene.title, theme, lang)
        # the framed figure (its credit line included) scaled to fit the slide, centred
        s = min((SLIDE_W - 2 * SLIDE_MARGIN) / g.w, (SLIDE_H - 2 * SLIDE_MARGIN) / g.h)
        ox, oy = (SLIDE_W - g.w * s) / 2, (SLIDE_H - g.h * s) / 2
        writer = figure_writer(scene, g, theme, lang, Placement(s, ox, oy), Placement(s, ox + g.dx * s, oy + g.dy * s))
        add_slide(prs, writer, g.title.text)
        if log:
            log(f"slide {fig.id}")
    path = out / deck_name(lang, chapter)
    write_atomic(path, package_bytes(prs, title + (f" — {subtitle}" if subtitle else ""), lang))
    return path


def _title_writer(theme, lang: str, title: str, subtitle: str, count: str, credit: str) -> PptxWriter:
    from diagrams.scene import Paint, Rect, Shape, TextItem

    fr = theme.frame
    w = PptxWriter(theme.fonts["stack"], theme.fonts.get("mono_stack", "monospace"), lang)
    place = Placement()
    if theme.background not in (None, "none"):
        w.shape(Shape("rect", Paint(fill=theme.background), rect=Rect(0, 0, SLIDE_W, SLIDE_H)), place)
    w.shape(Shape("rect", Paint(fill="none", stroke=theme.color(fr["border"]), stroke_width=1.5),
                  rect=Rect(4, 4, SLIDE_W - 8, SLIDE_H - 8), radius=float(fr["radius"])), place)
    cx = SLIDE_W / 2
    w.text(TextItem(cx, SLIDE_H * 0.42, title, 44, theme.color(fr["title_color"]), bold=True, anchor="middle"), place)
    y = SLIDE_H * 0.42 + 56
    if subtitle:
        w.text(TextItem(cx, y, subtitle, 28, theme.color(fr["title_color"]), anchor="middle"), place)
        y += 44
    w.text(TextItem(cx, y, count, 18, theme.color(fr["credit_color"]), anchor="middle"), place)
    w.text(TextItem(SLIDE_W - 20, SLIDE_H - 20, credit, float(fr["credit_size"]) * 1.2, theme.color(fr["credit_color"]),
                    anchor="end"), place)
    return w

