"""Lines of mixed text and inline math: split, measure, wrap, and place runs on baselines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from diagrams.errors import SpecError
from diagrams.text import fonts
from diagrams.text.mathtext import MathBox, typeset

_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")
_BREAKABLE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
_NO_LINE_START = set("，。、；：！？）》」』】,.;:!?)%")
# <sub>…</sub> / <sup>…</sup> in plain text: a smaller run below / above the baseline, still real text
# (indices such as the 2 of s<sub>2</sub> after a math letter), never a line break before it
_SCRIPT = re.compile(r"<(sub|sup)>(.*?)</\1>")
MAX_TEXT_PX = 8_000          # width or height of one text block: far wider than any slide, and beyond what the
                             # PNG export can rasterise (cairo's surfaces end at 32 767 px, at 2× scale)
SCRIPT_SCALE = 0.7
# Inline math is typeset this much larger than the text around it: STIX (the math) has a smaller x-height and cap
# height than Noto Sans CJK (the text): x 0.45 vs 0.545 em, H 0.66 vs 0.735 em. 1.15 is their geometric mean,
# so lowercase math is a little smaller than the text's and capitals a little larger, and a formula no longer
# looks a size smaller than the words it stands among.
MATH_SCALE = 1.15
# A space written between a word and a formula is at least this wide (em of the text): the font's own space
# (0.22 em) beside an upright word and a slanted italic letter reads as no space at all ("aftert = 4"); TeX's
# interword space is a third of an em.
MATH_SPACE = 0.3
SCRIPT_SHIFT = {"sub": 0.22, "sup": -0.42}   # baseline offset in em of the surrounding text, + is down


@dataclass
class Run:
    kind: str            # "text" or "math"
    text: str
    width: float
    x: float = 0.0       # from the line's left edge
    math: MathBox | None = None
    size: float | None = None  # a <sub>/<sup> run's own font size (None: the block's)
    shift: float = 0.0         # its baseline offset from the line's, + is down
    lead: float = 0.0          # a math run: room before the formula's origin (for ink left of it)


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)
    width: float = 0.0
    ascent: float = 0.0   # baseline to top
    descent: float = 0.0  # baseline to bottom


@dataclass
class TextBlock:
    lines: list[Line]
    size: float
    bold: bool
    line_gap: float
    width: float = 0.0
    height: float = 0.0

    @property
    def plain(self) -> str:
        return "\n".join("".join(r.text for r in line.runs if r.kind == "text") for line in self.lines)


def split_runs(text: str) -> list[tuple[str, str]]:
    """``"a $x$ b"`` → ``[("text","a "), ("math","x"), ("text"," b")]``; ``\\$`` stays a dollar."""
    out = []
    pos = 0
    for m in _MATH.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        out.append(("math", m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return [(k, t.replace("\\$", "$") if k == "text" else t) for k, t in out]


def display_line(parts: list[tuple[str, str]]) -> bool:
    """A line that is one formula and nothing else is set in display style (TeX's ``$$…$$``): full-size
    fractions, big operators with their limits above and below. A formula among words stays in text style."""
    maths = [t for k, t in parts if k == "math"]
    return len(maths) == 1 and all(k == "math" or not t.strip() for k, t in parts)


def _tokens(text: str, size: float, bold: bool) -> list[Run]:
    runs = []
    parts = split_runs(text)
    display = display_line(parts)
    for kind, part in parts:
        if kind == "math":
            box = typeset(part, size * MATH_SCALE, display=display)
            # a glyph reaching left of its origin (the hook of an italic J) would eat the space before it
            lead = -box.left if runs and runs[-1].kind == "text" and runs[-1].text[-1:].isspace() else 0.0
            runs.append(Run("math", part, box.width + lead, math=box, lead=lead))
        else:
            pos = 0
            for m in _SCRIPT.finditer(part):
                runs += _text_tokens(part[pos:m.start()], size, bold)
                s = size * SCRIPT_SCALE
                runs.append(Run("text", m.group(2), fonts.text_width(m.group(2), s, bold), size=s,
                                shift=size * SCRIPT_SHIFT[m.group(1)]))
                pos = m.end()
            runs += _text_tokens(part[pos:], size, bold)
    _widen_spaces(runs, size, bold)
    return runs


def _widen_spaces(runs: list[Run], size: float, bold: bool) -> None:
    """Make a space between a word and a formula at least MATH_SPACE em (the formula moves, the text keeps its
    own spacing)."""
    for i, r in enumerate(runs):
        if r.kind != "math":
            continue
        for j, side in ((i - 1, "before"), (i + 1, "after")):
            if not 0 <= j < len(runs) or runs[j].kind != "text" or not runs[j].text:
                continue
            t = runs[j].text
            ws = t[len(t.rstrip()):] if side == "before" else t[:len(t) - len(t.lstrip())]
            if not ws:
                continue
            extra = max(0.0, MATH_SPACE * size - fonts.text_width(ws, size, bold))
            r.width += extra
            if side == "before":
                r.lead += extra


def _text_tokens(part: str, size: float, bold: bool) -> list[Run]:
    return [Run("text", tok, fonts.text_width(tok, size, bold)) for tok in _BREAKABLE.findall(part)]


def _merge(runs: list[Run], size: float, bold: bool) -> list[Run]:
    """Join neighbouring text tokens into one run (one <text> element), re-measured as a whole."""
    out: list[Run] = []
    for r in runs:
        if (out and r.kind == "text" and out[-1].kind == "text"
                and (r.size, r.shift) == (out[-1].size, out[-1].shift)):
            out[-1].text += r.text
        else:
            out.append(Run(r.kind, r.text, r.width, math=r.math, size=r.size, shift=r.shift, lead=r.lead))
    for r in out:
        if r.kind == "text":
            r.width = fonts.text_width(r.text, r.size or size, bold)
    return out


def layout(text: str, size: float, bold: bool = False, wrap: float | None = None,
           line_height: float = 1.3) -> TextBlock:
    """Measure ``text`` (``\\n`` breaks lines; ``wrap`` px breaks at spaces and between CJK characters)."""
    lines: list[Line] = []
    for para in text.split("\n"):
        tokens = _tokens(para, size, bold)
        current: list[Run] = []
        width = 0.0
        for tok in tokens:
            fits = wrap is None or width + tok.width <= wrap or not current
            if tok.kind == "text" and (tok.text in _NO_LINE_START or tok.size is not None):
                fits = True  # keep closing punctuation and indices on the line they end
            if not fits:
                while current and current[-1].kind == "text" and current[-1].text.isspace():
                    current.pop()
                lines.append(_finish(current, size, bold, line_height))
                current, width = [], 0.0
                if tok.kind == "text" and tok.text.isspace():
                    continue
            current.append(tok)
            width += tok.width
        lines.append(_finish(current, size, bold, line_height))
    block = TextBlock(lines=lines, size=size, bold=bold, line_gap=size * line_height)
    block.width = max((ln.width for ln in lines), default=0.0)
    block.height = sum(_line_advance(ln, block) for ln in lines)
    if block.width > MAX_TEXT_PX or block.height > MAX_TEXT_PX:
        side, px = ("wide", block.width) if block.width > MAX_TEXT_PX else ("high", block.height)
        start = text[:30].replace("\n", " ") + ("…" if len(text) > 30 else "")
        raise SpecError(f"the text '{start}' is {px:.0f} px {side}, over the limit MAX_TEXT_PX = {MAX_TEXT_PX}",
                        hint="break it into lines (\\n), give `wrap:` or a smaller font_size")
    return block


def _finish(runs: list[Run], size: float, bold: bool, line_height: float) -> Line:
    runs = _merge(runs, size, bold)
    x = 0.0
    half_leading = size * (line_height - 1) / 2
    ascent, descent = size * fonts.ASCENT + half_leading, size * fonts.DESCENT + half_leading
    for r in runs:
        r.x = x
        x += r.width
        if r.math:
            ascent = max(ascent, r.math.height + 1)
            descent = max(descent, r.math.depth + 1)
        if r.size is not None:
            ascent = max(ascent, r.size * fonts.ASCENT - r.shift)
            descent = max(descent, r.size * fonts.DESCENT + r.shift)
    return Line(runs=runs, width=x, ascent=ascent, descent=descent)


def _line_advance(line: Line, block: TextBlock) -> float:
    return line.ascent + line.descent


def baselines(block: TextBlock) -> list[float]:
    """Baseline offsets of each line from the block's top."""
    out, y = [], 0.0
    for ln in block.lines:
        out.append(y + ln.ascent)
        y += ln.ascent + ln.descent
    return out
