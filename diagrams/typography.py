"""Typography checks on a rendered figure: the slips a typesetter would catch (lint runs them with the others).

- English text with Chinese punctuation (、，（） …);
- a hyphen-minus standing for a minus sign in a number ("-1" instead of "−1");
- a Latin letter glued to inline math ("at$s_t$" drawn as "atsₜ");
- sibling boxes of one row or column set at different font sizes;
- chart text drawn over a plotted line.
(Text under the theme's smallest size is a check of the layout contract, diagrams/contract.py.)
"""
from __future__ import annotations

import math
import re

from diagrams.scene import RawItem, Rect, Shape, TextItem, path_bounds

# full-width punctuation that has an ASCII counterpart in English; curly quotes are English too, so not listed
CJK_PUNCTUATION = "、，。：；！？（）【】《》「」『』〔〕"
_CJK_PUNCT_RE = re.compile(f"[{CJK_PUNCTUATION}]")
# "-1", "(-5", "= -0.5": a hyphen before a digit that no word or number precedes ("GPT-4", "1-3" are words/ranges)
_HYPHEN_NUMBER_RE = re.compile(r"(?:^|(?<=[\s(\[{=,:;/<>]))-(?=\d)")
_LATIN = re.compile(r"[A-Za-z]")
_OPERATOR_RE = re.compile(r"^(?:\\(?:cdot|times|pm|mp|div|circ|bullet|odot|oplus|otimes|leq|geq|neq|approx|sim|to|"
                          r"rightarrow|leftarrow|cdots|ldots|quad|,|;|!)|[-+=<>/*|:,.])+$")
SIZE_TOLERANCE = 0.5      # px: siblings whose sizes differ by less are the same size
CHART_LINE_CLEARANCE = 0.5  # px: a plotted line this far inside a chart text's box runs over it


def typography_problems(ctx, fig=None) -> list[str]:
    scene = ctx.scene
    problems: list[str] = []
    if ctx.lang == "en":
        problems += cjk_punctuation_in_english(scene)
    problems += hyphen_minus_numbers(scene)
    if fig is not None:
        problems += letters_glued_to_math(fig, ctx.lang)
        problems += sibling_size_mismatches(ctx, fig)
    problems += chart_text_over_lines(scene)
    return problems


def _quoted(text: str) -> str:
    t = " ".join(text.split())
    return f"'{t[:30]}{'…' if len(t) > 30 else ''}'"


def cjk_punctuation_in_english(scene) -> list[str]:
    out = []
    strings = [t.text for t in scene.texts if isinstance(t, TextItem)] + ([scene.title] if scene.title else [])
    for s in strings:
        found = sorted(set(_CJK_PUNCT_RE.findall(s)))
        if found:
            out.append(f"English text {_quoted(s)} has Chinese punctuation {' '.join(found)}: use ASCII "
                       "punctuation (, : ( ) …) in the en text")
    return out


def hyphen_minus_numbers(scene) -> list[str]:
    return [f"text {_quoted(t.text)} writes a negative number with a hyphen: use the minus sign − (U+2212)"
            for t in scene.texts if isinstance(t, TextItem) and _HYPHEN_NUMBER_RE.search(t.text)]


_INLINE_MATH_RE = re.compile(r"(?<!\\)\$([^$]+?)(?<!\\)\$")


def letters_glued_to_math(fig, lang: str) -> list[str]:
    """A Latin letter written against inline math in the spec's text ("at$s_t$", "$\\theta$best"): the engine keeps
    the source's spacing, so the figure shows them run together."""
    out = []
    for text in _strings(fig, lang):
        for m in _INLINE_MATH_RE.finditer(text):
            tex = m.group(1).strip()
            if _OPERATOR_RE.match(tex):
                continue                # "q$\\cdot$k": an operator sits between its operands
            before, after = text[:m.start()][-1:], text[m.end():][:1]
            if _LATIN.match(before) and not tex.startswith(("_", "^", "'", "\\prime")):
                out.append(f"text {_quoted(text)} glues a word to the math after it ($…{tex[:20]}…$): put a space "
                           "between a word and $…$")
            elif _LATIN.match(after):
                out.append(f"text {_quoted(text)} glues the math ($…{tex[:20]}…$) to the word after it: put a space "
                           "between $…$ and a word")
    return list(dict.fromkeys(out))


def _strings(fig, lang: str):
    """Every text of the spec in one language: node texts, captions, component data and edge labels."""
    def walk(value):
        if isinstance(value, str):
            if "$" in value:
                yield value
        elif isinstance(value, dict):
            if set(value) <= {"en", "zh"} and lang in value:
                yield from walk(value[lang])
            else:
                for v in value.values():
                    yield from walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                yield from walk(v)

    def nodes(ns):
        for n in ns:
            yield from walk(n.props)
            yield from nodes(n.children)

    yield from nodes(fig.nodes)
    for e in fig.edges:
        yield from walk(e.props)
        for label in e.labels:
            yield from walk(label.text.get(lang))


def sibling_size_mismatches(ctx, fig) -> list[str]:
    """Boxes side by side in one row or column, of one style, whose labels come out at different sizes."""
    out = []

    def walk(nodes):
        for node in nodes:
            if node.stack in ("rows", "cols") and node.children:
                groups: dict = {}
                for child in node.children:
                    if child.text is None or child.children or "type" in child.props or "font_size" in child.props:
                        continue          # containers, components, and words set large on purpose
                    rect = ctx.placed.get(child.id)
                    size = _label_size(ctx.scene, rect) if rect is not None else None
                    if size is None:
                        continue
                    key = (child.props.get("style"), child.props.get("role"), bool(child.props.get("bold")))
                    groups.setdefault(key, []).append((child.id, size))
                for members in groups.values():
                    sizes = sorted({round(s, 1) for _, s in members})
                    if len(members) > 1 and sizes[-1] - sizes[0] > SIZE_TOLERANCE:
                        ids = ", ".join(f"{i} {s:g} px" for i, s in members)
                        out.append(f"siblings of '{node.id}' are set at different font sizes ({ids}): let them "
                                   "share the theme's size (shorter labels or a wider box), or set one on purpose "
                                   "with font_size")
            walk(node.children)

    walk(fig.nodes)
    return out


def _label_size(scene, rect: Rect) -> float | None:
    sizes = [t.size for t in scene.texts if isinstance(t, TextItem) and t.box is not None and t.owner is not None
             and rect.contains(t.owner, 1.0)]
    return max(sizes) if sizes else None


def chart_text_over_lines(scene) -> list[str]:
    """Text of a chart (tick labels excepted, they sit beside the axes) with a plotted line running through it."""
    from diagrams.checks import polylines
    from diagrams.flatten import flatten_markup

    out = []
    # a chart's own texts are drawn inside its markup and listed in scene.texts only; texts drawn as scene items
    # (a node laid over the chart) are the layout's to keep clear
    drawn_apart = {id(it) for it in scene.items}
    for raw in scene.items:
        if not isinstance(raw, RawItem) or 'id="chart' not in raw.markup[:200]:
            continue
        drawn = flatten_markup(raw.markup)
        lines = [(k, s) for k, s in enumerate(drawn) if isinstance(s, Shape) and s.kind == "path" and s.d
                 and not s.overlay and s.paint.stroke not in (None, "none") and s.paint.fill in (None, "none")]
        covers = [(k, path_bounds(s.d)) for k, s in enumerate(drawn) if isinstance(s, Shape) and s.d
                  and s.paint.fill not in (None, "none") and (s.paint.opacity is None or s.paint.opacity >= 0.9)]
        texts = [t for t in scene.texts if isinstance(t, TextItem) and t.box is not None and not t.rotate
                 and id(t) not in drawn_apart and raw.box.contains(t.box, 1.0)]
        for t in texts:
            box = t.box.inset(CHART_LINE_CLEARANCE)
            if box.w <= 0 or box.h <= 0:
                continue
            # a line hidden under an opaque box drawn after it (a callout over the grid) does not count
            hidden = [k for k, r in covers if r is not None and r.contains(t.box, 1.0)]
            if any(_crosses(poly, box) for k, s in lines if not any(h > k for h in hidden)
                   for poly in polylines(s.d)):
                out.append(f"chart text {_quoted(t.text)} has a plotted line running through it: move it clear "
                           "of the data (offset, or another anchor)")
    return out


def _crosses(poly, box: Rect) -> bool:
    from diagrams.checks import clip_segment

    for p, q in zip(poly, poly[1:]):
        seg = clip_segment(p, q, box)
        if seg is not None and math.dist(*seg) >= 0.5:
            return True
    return False
