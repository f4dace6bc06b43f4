"""Inline math ($...$) typeset by matplotlib's mathtext and emitted as SVG path data."""
from __future__ import annotations

import functools
import struct
from dataclasses import dataclass

from diagrams.errors import SpecError

MATH_FONTSET = "stix"  # Times-like, close to the Cambria Math of the originals
DISPLAY = r"\displaystyle"
# A number set as real text in the math face (a chart tick among formula ticks): viewers with STIX or Cambria Math
# show it as the formulas are drawn; the PNG, PDF and slides draw it with the formulas' own outlines
MATH_FONT_STACK = "STIX Two Math, STIXGeneral, Cambria Math, Times New Roman, serif"
MAX_MATH_CHARS = 2_000  # characters of one formula (the longest of the book has 357; 20 000 took 20 s to parse)


@dataclass(frozen=True)
class MathBox:
    width: float
    height: float    # above the baseline
    depth: float     # below the baseline
    path_d: str      # glyph outlines, origin at the baseline start, y down
    tex: str = ""     # the source, for the SVG's text alternative
    left: float = 0.0  # where the ink starts, from the origin (negative: a glyph reaches left of it)


def is_display(tex: str) -> bool:
    t = tex.lstrip()
    return t.startswith(DISPLAY) and not t[len(DISPLAY):len(DISPLAY) + 1].isalpha()


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["mathtext.fontset"] = MATH_FONTSET
    # "normal" is TeX's convention: letters (and lowercase Greek) italic; digits, punctuation, Greek capitals upright
    matplotlib.rcParams["mathtext.default"] = "normal"


def _fmt(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


@functools.lru_cache(maxsize=None)
def _converter():
    """One TextToPath whose mathtext parser is ours (display style, TeX script spacing, attached primes);
    matplotlib's own parser, which the charts use, is left as it is."""
    from matplotlib.textpath import TextToPath

    from diagrams.text.mathparse import Parser

    conv = TextToPath()
    conv.mathtext_parser._parser = Parser()
    return conv


# matplotlib's path codes (matplotlib.path.Path), fixed by its API: named here so that a formula read from the
# store is drawn without importing matplotlib
STOP, MOVETO, LINETO, CURVE3, CURVE4, CLOSEPOLY = 0, 1, 2, 3, 4, 79
_RECORD = struct.Struct("<4sddddII")
_MAGIC = b"MTH1"


@functools.lru_cache(maxsize=1)
def _store_salt() -> str:
    """What a stored formula depends on besides its source: matplotlib (parser, STIX fonts), the pyparsing under
    its parser, and this code."""
    from importlib.metadata import version
    from pathlib import Path

    from diagrams.text import store

    here = Path(__file__).parent
    return store.key(version("matplotlib"), version("pyparsing"), (here / "mathtext.py").read_bytes(),
                     (here / "mathparse.py").read_bytes())


def _from_store(tex: str):
    from diagrams.text import store

    data = store.read("math", store.key(_store_salt(), tex))
    if data is None or len(data) < _RECORD.size:
        return None
    magic, ref, width, height, descent, n_verts, n_codes = _RECORD.unpack_from(data)
    if magic != _MAGIC or n_verts != n_codes or len(data) != _RECORD.size + n_verts * 16 + n_codes:
        return None
    import numpy as np

    start = _RECORD.size
    verts = np.frombuffer(data, dtype="<f8", count=2 * n_verts, offset=start).reshape(-1, 2).astype(float)
    codes = list(data[start + n_verts * 16:])
    if not (np.isfinite(verts).all() and all(map(np.isfinite, (ref, width, height, descent))) and ref > 0
            and set(codes) <= {STOP, MOVETO, LINETO, CURVE3, CURVE4, CLOSEPOLY}):
        return None         # not a record this code wrote
    return ref, width, height, descent, verts, codes


def _to_store(tex: str, unit) -> None:
    from diagrams.text import store

    ref, width, height, descent, verts, codes = unit
    import numpy as np

    data = (_RECORD.pack(_MAGIC, ref, width, height, descent, len(verts), len(codes))
            + np.ascontiguousarray(verts, dtype="<f8").tobytes() + bytes(int(c) for c in codes))
    store.write("math", store.key(_store_salt(), tex), data)


@functools.lru_cache(maxsize=4096)
def _unit(tex: str):
    """Parse ``tex`` once, at matplotlib's reference size; every display size is a scaling of this
    (the way TextPath itself works). Parsing is the expensive part of mathtext; a build keeps the result in its
    store (diagrams/text/store.py) for the next process."""
    if len(tex) > MAX_MATH_CHARS:
        raise SpecError(f"math ${tex[:30]}…$ has {len(tex)} characters, over the limit MAX_MATH_CHARS = "
                        f"{MAX_MATH_CHARS}", hint="split the formula into several rows or texts")
    stored = _from_store(tex)
    if stored is not None:
        return stored
    unit = _parse_unit(tex)
    _to_store(tex, unit)
    return unit


def _parse_unit(tex: str):
    _setup()
    from matplotlib.font_manager import FontProperties
    conv = _converter()
    prop = FontProperties(size=conv.FONT_SCALE)
    s = f"${tex}$"
    try:
        width, height, descent = conv.get_text_width_height_descent(s, prop, ismath=True)
        verts, codes = conv.get_text_path(prop, s, ismath=True)
    except (ValueError, RuntimeError, KeyError) as exc:
        first = str(exc).strip().splitlines()
        detail = " ".join(line.strip() for line in first if line.strip())[:200]
        raise SpecError(f"math ${tex}$ cannot be typeset: {detail}",
                        hint="check the LaTeX: mathtext supports a subset (\\frac, ^, _, \\mathrm, greek, …)") from None
    import numpy as np

    return (float(conv.FONT_SCALE), float(width), float(height), float(descent), np.asarray(verts, dtype=float),
            [int(c) for c in codes])


@functools.lru_cache(maxsize=4096)
def typeset(tex: str, size: float, color_unused: str = "", display: bool = False,
            reach: tuple[float, tuple[int, ...]] | None = None) -> MathBox:
    """Typeset ``tex`` (without the dollars) at ``size`` px; raise SpecError when mathtext rejects it.
    ``display``: TeX's display style (full-size fractions, big operators with limits above and below), as
    ``\\displaystyle`` at the start of ``tex`` also asks. ``reach``: (px, indices): the ``\\left`` delimiters of
    those indices (0 = the first) reach that far below the baseline (over braces drawn under the formula)."""
    src = f"{DISPLAY} {tex}" if display and not is_display(tex) else tex
    if reach:   # (depth in px, which \\left delimiters): they reach that far below the baseline
        depth, which = reach
        src = f"\\reachdelims{{{depth / size:.4f}}}{{{','.join(str(i) for i in which)}}}{src}"
    ref, width, height, descent, verts, codes = _unit(src)
    k = size / ref  # sizes come in points at 72 dpi, which are our px
    parts = []
    i = 0
    n = len(codes)
    while i < n:
        code = codes[i]
        x, y = verts[i] * k
        if code == MOVETO:
            parts.append(f"M{_fmt(x)} {_fmt(-y)}")
            i += 1
        elif code == LINETO:
            parts.append(f"L{_fmt(x)} {_fmt(-y)}")
            i += 1
        elif code == CURVE3:
            x2, y2 = verts[i + 1] * k
            parts.append(f"Q{_fmt(x)} {_fmt(-y)} {_fmt(x2)} {_fmt(-y2)}")
            i += 2
        elif code == CURVE4:
            (x2, y2), (x3, y3) = verts[i + 1] * k, verts[i + 2] * k
            parts.append(f"C{_fmt(x)} {_fmt(-y)} {_fmt(x2)} {_fmt(-y2)} {_fmt(x3)} {_fmt(-y3)}")
            i += 3
        elif code == CLOSEPOLY:
            parts.append("Z")
            i += 1
        else:  # STOP
            i += 1
    left = float(verts[:, 0].min()) * k if len(verts) else 0.0
    return MathBox(width=width * k, height=(height - descent) * k, depth=descent * k, path_d="".join(parts),
                   tex=tex, left=min(left, 0.0))
