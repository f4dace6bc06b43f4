"""Display formulas with coloured parts: rows typeset whole by mathtext, chosen sub-formulas in their own colours.

mathtext has no ``\\color``. Each row is typeset whole (so spacing, fraction and delimiter sizes are TeX's);
every coloured part is typeset on its own at the same size, and its glyph outlines are found among the row's
outlines (the same shapes, shifted by one common offset). Those outlines are drawn in the part's colour, the
rest in the row's colour — nothing is drawn twice.

data keys (strings may be ``{en, zh}``):
  rows        list; each a TeX string without dollars, or ``{tex, color, parts}`` where ``parts`` is a list of
              ``{tex, color, occurrence}``: ``tex`` is a sub-formula as it would be typeset alone (e.g.
              ``\\eta_t^r``, ``\\dfrac{a}{b}``), ``occurrence`` picks the n-th match (1 = the first, default)
  font_size   px (default: the theme's text size + 5);  color: default formula colour (ink)
  align       left (default), center or right;  align_at: a TeX substring of every row (e.g. ``"="``) at which the
              rows line up, measured by typesetting the row up to it
  row_gap     px between rows (default 0.45 × font_size);  pitch: px from baseline to baseline (overrides row_gap)
  padding     [x, y] px around the rows

Rows are set in display style (TeX's ``$$…$$``): full-size fractions, big operators with their limits above and
below; a part is matched as it is typeset in display style too.
"""
from __future__ import annotations

import re

from diagrams.components import localized
from diagrams.components._base import DrawnBlock
from diagrams.components._canvas import check_data
from diagrams.errors import SpecError
from diagrams.scene import MathItem, Rect
from diagrams.text.mathtext import typeset

KEYS = {"rows": "list", "font_size": "positive", "color": "text", "align": "text", "align_at": "text",
        "row_gap": "number", "pitch": "number", "padding": "pair"}   # key → kind (components/_canvas.py KINDS)
TOLERANCE = 0.03          # px: outlines are written with two decimals
_NUM = re.compile(r"-?\d*\.?\d+(?:e-?\d+)?")


def subpaths(d: str) -> list[tuple[str, list[float], str]]:
    """A path's contours: (command letters, numbers, the contour's own path text) each."""
    out = []
    for p in re.split(r"(?=M)", d or ""):
        if p.strip():
            out.append(("".join(re.findall(r"[A-Za-z]", p)), [float(v) for v in _NUM.findall(p)], p))
    return out


def _same(a: list[float], b: list[float], dx: float, dy: float) -> bool:
    return all(abs(a[k] - b[k] - (dx if k % 2 == 0 else dy)) <= TOLERANCE for k in range(len(a)))


def match(full: list, part: list, taken: set, skip: int = 0) -> set | None:
    """Indices of ``full``'s contours that are ``part``'s contours moved by one common offset (the
    ``skip``-th such placement that uses no contour in ``taken``), or None."""
    if not part:
        return None
    c0, n0, _ = part[0]
    found = 0
    for s, (c, n, _) in enumerate(full):
        if s in taken or c != c0 or len(n) != len(n0) or len(n) < 2:
            continue
        dx, dy = n[0] - n0[0], n[1] - n0[1]
        if not _same(n, n0, dx, dy):
            continue
        used = [s]
        for k, (cp, npart, _) in enumerate(part[1:], start=1):
            order = [s + k] + [t for t in range(len(full)) if t != s + k]
            hit = next((t for t in order if 0 <= t < len(full) and t not in taken and t not in used
                        and full[t][0] == cp and len(full[t][1]) == len(npart) and _same(full[t][1], npart, dx, dy)),
                       None)
            if hit is None:
                break
            used.append(hit)
        else:
            if found == skip:
                return set(used)
            found += 1
    return None


def _top_level_find(tex: str, part: str) -> int:
    start = 0
    while True:
        i = tex.find(part, start)
        if i < 0:
            return -1
        if sum({"{": 1, "}": -1}.get(ch, 0) for ch in tex[:i]) == 0:
            return i
        start = i + 1


def _rows(data) -> list[dict]:
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise SpecError("the formula component needs `data.rows`, a list of formulas",
                        hint="rows: ['a = b', {tex: ..., parts: [{tex: b, color: red}]}]")
    out = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, int, float)):
            row = {"tex": str(row)}
        if not isinstance(row, dict) or "tex" not in row:
            raise SpecError(f"row {i + 1} of the formula is neither a TeX string nor {{tex: ...}}")
        unknown = set(row) - {"tex", "color", "parts"}
        if unknown:
            raise SpecError(f"row {i + 1} of the formula has unknown keys {sorted(unknown)}", hint="a row is {tex, color, parts}")
        out.append({"tex": str(row["tex"]), "color": row.get("color"), "parts": row.get("parts") or []})
    return out


def make(node, ctx):
    check_data(node, KEYS, "formula")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    size = float(data.get("font_size", ctx.theme.fonts["size"] + 5))
    gap = float(data.get("row_gap", size * 0.45))
    align = data.get("align", "left")
    if align not in ("left", "center", "right"):
        raise SpecError(f"formula align '{align}' is not left, center or right")
    pad = data.get("padding", [0, 0])
    px, py = float(pad[0]), float(pad[1])
    base_color = data.get("color", "ink")
    rows = _rows(data)
    boxes = [typeset(r["tex"], size, display=True) for r in rows]

    # per row: [(colour name, path d, is the base)]
    layers = []
    for r, box in zip(rows, boxes):
        full = subpaths(box.path_d)
        taken: set = set()
        coloured = []
        for p in r["parts"]:
            if not isinstance(p, dict) or "tex" not in p:
                raise SpecError("a formula part is {tex: <sub-formula>, color: <colour>}")
            ctx.color(p.get("color", base_color))
            part = subpaths(typeset(str(p["tex"]), size, display=True).path_d)
            hit = match(full, part, taken, int(p.get("occurrence", 1)) - 1)
            if hit is None:
                raise SpecError(f"the part '{p['tex']}' is not found in the formula '{r['tex']}'",
                                hint="write the part as it is typeset inside the row (same sub- and superscripts)")
            taken |= hit
            coloured.append((p.get("color", base_color), "".join(full[k][2] for k in sorted(hit))))
        rest = "".join(c[2] for k, c in enumerate(full) if k not in taken)
        layers.append([(r.get("color") or base_color, rest)] + coloured)

    align_at = data.get("align_at")
    if align_at is not None:
        anchors = []
        for r in rows:
            i = _top_level_find(r["tex"], str(align_at))
            if i < 0:
                raise SpecError(f"align_at '{align_at}' does not occur in the formula '{r['tex']}'",
                                hint="every row needs the alignment mark, or use align: left/center/right")
            anchors.append(typeset(r["tex"][:i], size, display=True).width if r["tex"][:i].strip() else 0.0)
        lead = max(anchors)
        starts = [lead - a for a in anchors]
    else:
        widest = max(b.width for b in boxes)
        starts = [{"left": 0.0, "center": (widest - b.width) / 2, "right": widest - b.width}[align] for b in boxes]
    inner_w = max(s + b.width for s, b in zip(starts, boxes))
    above = max(b.height for b in boxes)
    below = max(b.depth for b in boxes)
    pitch = float(data["pitch"]) if "pitch" in data else above + below + gap
    if pitch <= 0:
        raise SpecError("formula pitch must be positive")
    w = inner_w + 2 * px
    h = above + below + pitch * (len(rows) - 1) + 2 * py

    def paint(ctx, x, y):
        for i, (b, layer) in enumerate(zip(boxes, layers)):
            x0 = x + px + starts[i]
            base = y + py + above + pitch * i
            for k, (color, d) in enumerate(layer):
                if not d:
                    continue
                # one box per row for lint (the coloured parts lie inside it)
                box = Rect(x0, base - b.height, b.width, b.height + b.depth) if k == 0 else None
                ctx.scene.add(MathItem(x0, base, d, ctx.color(color), box=box, tex=b.tex))

    return DrawnBlock(node, w, h, paint)
