"""Query heads sharing key/value heads: the bar diagrams of MHA, GQA, MQA (and MLA).

Three rows of thin rounded bars, V on top, K in the middle and Q at the bottom: one Q bar per query head, one
K and one V bar per KV head, each KV head centred over the query heads it serves. Dashed links join every
query head to its K bar (converging with small arrowheads where a KV head serves several query heads) and each
K bar to its V bar. Which query head uses which KV head comes from the computation ``attention.kv_groups``
(``args: {n_heads, n_kv_heads}``), so the grouping is never drawn by hand.

data keys (strings may be ``{en, zh}``):
  bar         ``[w, h]`` px of a bar (default ``[34, 134]``); ``radius`` its corner radius (default 4)
  pitch       px between neighbouring query heads' centres (default 81.5)
  row_pitch   px between the V, K and Q rows' centres (default 273)
  colors      ``{v, k, q}`` bar fills (default office-gold, leaf-green, deep-blue)
  link        ``{color, width, dash}``: the dashed links (default slate, 2.2, dashed; ``dash`` a line style
              name or ``[on, off]`` px)
  arrows      ``auto`` (default: heads at K where links converge), ``true`` (always), ``false``
  head_size   px of those arrowheads (default 11)
  outline     ``{color, width, dash}``: an outline around every K and V bar (MLA: K/V rebuilt from a latent)
  outline_gap px between a bar and its outline (default 2)
  caption     text under every Q bar, ``{n}`` the 1-based head number (``"head\\n{n}"``); ``caption_size``
              (default theme size + 9), ``caption_gap`` (default 30), ``caption_color`` (default black)

Parts for edges: ``node.v1`` …, ``node.k1`` … (KV heads), ``node.q1`` … (query heads), 1-based.
The node's box starts at the V bars' top edge: ``anchor: top`` with ``at`` = (centre, top of the V row).
"""
from __future__ import annotations

from diagrams.components import computed, localized
from diagrams.components._canvas import Canvas, check_data, check_kind, data_where
from diagrams.errors import SpecError
from diagrams.layout.shapes import DASHES
from diagrams.scene import Paint, Rect
from diagrams.text.rich import layout as layout_text

KEYS = {  # key → kind (components/_canvas.py KINDS)
    "bar": "pair", "radius": "number", "pitch": "number", "row_pitch": "number", "colors": "mapping",
    "link": "mapping", "arrows": "bool|text", "head_size": "positive", "outline": "mapping|bool", "outline_gap": "number",
    "caption": "text", "caption_size": "positive", "caption_gap": "number", "caption_color": "text"}


def _dash(value, default="dashed"):
    value = default if value is None else value
    if isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1000 for v in value):
        return f"{float(value[0]):g} {float(value[1]):g}"
    if isinstance(value, str) and value in DASHES:
        return DASHES[value]
    raise SpecError(f"unknown dash {value!r}", hint="a line style (solid, dashed, dotted, dash-dot) or [on, off] px")


def bar_centres(result: dict, pitch: float) -> tuple[list[float], list[float]]:
    """x centres of the query heads (symmetric about 0) and of the KV heads (the mean of the query heads
    each serves)."""
    n = int(result["n_heads"])
    qx = [(h - (n - 1) / 2) * pitch for h in range(n)]
    kvx = [sum(qx[h] for h in group) / len(group) for group in result["groups"]]
    return qx, kvx


def make(node, ctx):
    check_data(node, KEYS, "kv_heads")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    result = computed(node, ctx)
    if not isinstance(result, dict) or "groups" not in result or "kv_head" not in result:
        raise SpecError("kv_heads draws the result of a KV-grouping computation",
                        hint="compute: attention.kv_groups, args: {n_heads: 4, n_kv_heads: 2}")
    bw, bh = (float(v) for v in data.get("bar", [34, 134]))
    radius = float(data.get("radius", 4))
    pitch = float(data.get("pitch", 81.5))
    rp = float(data.get("row_pitch", 273))
    colors = {"v": "office-gold", "k": "leaf-green", "q": "deep-blue", **(data.get("colors") or {})}
    link = data.get("link") or {}
    for key, kind in (("color", "text"), ("width", "number")):
        if key in link:
            check_kind(link[key], kind, f"data.link.{key} of component kv_heads", *data_where(node, "link", key))
    lcolor = ctx.color(link.get("color", "slate"))
    lwidth = float(link.get("width", 2.2))
    ldash = _dash(link.get("dash"))
    arrows = data.get("arrows", "auto")
    head = float(data.get("head_size", 11))

    qx, kvx = bar_centres(result, pitch)
    ys = {"v": bh / 2, "k": bh / 2 + rp, "q": bh / 2 + 2 * rp}   # row centres; the V row's top is y = 0
    cv = Canvas()

    def bar(kind: str, x: float, i: int) -> Rect:
        r = Rect(x - bw / 2, ys[kind] - bh / 2, bw, bh)
        cv.rect(r, Paint(fill=ctx.color(colors[kind])), radius=radius)
        cv.part(f"{kind}{i + 1}", r)
        return r

    # links first, under the bars: K → V straight up, Q → its K (converging)
    for k, x in enumerate(kvx):
        cv.line(x, ys["v"] + bh / 2, x, ys["k"] - bh / 2, lcolor, lwidth, ldash)
    for h, x in enumerate(qx):
        k = int(result["kv_head"][h])
        tip = (kvx[k], ys["k"] + bh / 2)
        start = (x, ys["q"] - bh / 2)
        shared = len(result["groups"][k]) > 1
        if arrows is True or (arrows == "auto" and shared):
            cv.arrow(*start, *tip, lcolor, lwidth, ldash, head=head)
        else:
            cv.line(*start, *tip, lcolor, lwidth, ldash)
    outline = data.get("outline")
    for key, kind in (("color", "text"), ("width", "number")):
        if isinstance(outline, dict) and key in outline:
            check_kind(outline[key], kind, f"data.outline.{key} of component kv_heads",
                       *data_where(node, "outline", key))
    gap = float(data.get("outline_gap", 2))
    for kind, xs in (("v", kvx), ("k", kvx), ("q", qx)):
        for i, x in enumerate(xs):
            r = bar(kind, x, i)
            if outline and kind in ("v", "k"):
                o = r.inset(-gap)
                cv.rect(o, Paint(fill="none", stroke=ctx.color(outline.get("color", "black")),
                                 stroke_width=float(outline.get("width", 1.5)), dash=_dash(outline.get("dash"))),
                        radius=radius + gap)
    caption = data.get("caption")
    if caption:
        size = float(data.get("caption_size", ctx.theme.fonts["size"] + 9))
        cgap = float(data.get("caption_gap", 30))
        color = ctx.color(data.get("caption_color", "black"))
        for h, x in enumerate(qx):
            text = str(caption).replace("{n}", str(h + 1))
            block = layout_text(text, size)
            cv.text(block, at=(x, ys["q"] + bh / 2 + cgap + block.height / 2), color=color)
    return cv.block(node)
