"""Find the installed CJK font and measure strings with its real metrics (FreeType via Pillow)."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from diagrams.errors import ToolMissing

FONT_INSTALL_HINT = "install a CJK font: sudo apt-get install fonts-noto-cjk (or run `make setup`)"
# Where Debian/Ubuntu/Fedora/macOS put Noto Sans CJK; fc-match is asked when none of these exist.
_CANDIDATES = {
    False: ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"],
    True: ["/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
           "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
           "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"],
}
_MEASURE_SIZE = 200  # measure at a large size, then scale: keeps rounding error negligible


@functools.lru_cache(maxsize=None)
def font_path(bold: bool = False) -> str:
    env = os.environ.get("DIAGRAMS_FONT_BOLD" if bold else "DIAGRAMS_FONT")
    if env and os.path.exists(env):
        return env
    for path in _CANDIDATES[bold]:
        if os.path.exists(path):
            return path
    if shutil.which("fc-match"):
        pattern = "Noto Sans CJK SC:" + ("bold" if bold else "regular")
        out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True).stdout
        if out and os.path.exists(out) and "CJK" in out:
            return out
    raise ToolMissing("no CJK font found (Noto Sans CJK SC)", hint=FONT_INSTALL_HINT)


@functools.lru_cache(maxsize=None)
def _pil_font(bold: bool):
    from PIL import ImageFont

    path = font_path(bold)
    if path.endswith(".ttc"):
        # The collection holds JP, KR, SC, …: pick the Simplified Chinese face by name.
        for index in range(10):
            try:
                font = ImageFont.truetype(path, _MEASURE_SIZE, index=index)
            except OSError:
                break
            if font.getname()[0].endswith("SC"):
                return font
    return ImageFont.truetype(path, _MEASURE_SIZE)


@functools.lru_cache(maxsize=None)
def _pil_mono():
    """The monospaced face of the same collection (Latin half an em, CJK one em), for code blocks."""
    from PIL import ImageFont

    path = font_path(False)
    for index in range(12):
        try:
            font = ImageFont.truetype(path, _MEASURE_SIZE, index=index)
        except OSError:
            break
        if font.getname()[0].endswith("Mono CJK SC"):
            return font
    return _pil_font(False)


@functools.lru_cache(maxsize=8192)
def mono_width(text: str, size: float) -> float:
    return _pil_mono().getlength(text) * size / _MEASURE_SIZE if text else 0.0


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of ``text`` in px at font ``size``."""
    if not text:
        return 0.0
    return _pil_font(bold).getlength(text) * size / _MEASURE_SIZE


@functools.lru_cache(maxsize=None)
def missing_glyphs(text: str, bold: bool = False) -> str:
    """Characters of ``text`` the render font has no glyph for (they would print as boxes)."""
    cmap = _cmap(bold)
    return "".join(sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap}))


@functools.lru_cache(maxsize=None)
def _cmap(bold: bool) -> frozenset:
    """Code points of the render font (the SC face of a collection), read by FreeType: fontTools decodes the
    CJK cmap in Python, ten times slower, and this runs once in every build worker. A build keeps it in its
    store (diagrams/text/store.py): a worker that finds it there needs no matplotlib for it."""
    import numpy as np

    from diagrams.text import store

    path = font_path(bold)
    st = os.stat(path)
    name = store.key(path, str(st.st_size), str(st.st_mtime_ns), Path(__file__).read_bytes())
    data = store.read("fonts", name)
    if data is not None and len(data) % 4 == 0:
        return frozenset(np.frombuffer(data, dtype="<u4").tolist())
    points = _read_cmap(path)
    store.write("fonts", name, np.array(sorted(points), dtype="<u4").tobytes())
    return points


def _read_cmap(path: str) -> frozenset:
    from matplotlib.ft2font import FT2Font

    first = None
    for index in range(16):
        try:
            face = FT2Font(path, face_index=index)
        except (RuntimeError, OSError, ValueError):
            break
        first = first or face
        if face.family_name.endswith("SC"):
            return frozenset(face.get_charmap())
    if first is None:
        raise ToolMissing(f"cannot read the font {path}", hint=FONT_INSTALL_HINT)
    return frozenset(first.get_charmap())


ASCENT = 0.88   # Noto Sans CJK: ascender/descender as a share of the em (hhea 1160/-288 of 1000 ≈ 0.88/0.12 visible)
DESCENT = 0.12
