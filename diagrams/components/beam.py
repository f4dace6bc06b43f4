"""Beam-search steps drawn from ``lm.beam_search`` (or greedy steps from ``lm.greedy``, a beam of one):
one column per step, one grey panel per beam.

Each panel shows the beam's context and a fan of arrows to its candidate rows (token, current
probability, total probability). Rows the search keeps are highlighted (total in bold); the others
carry scissors. Dotted arrows lead from each kept row to the panel that continues it. Under the steps:
a chip with the beam size and the final (top-1) text, reached by a dotted arrow from the last step.
Everything shown (tokens, probabilities, kept rows, the final text) comes from the computation.

data keys (strings may be ``{en, zh}``; ``{step}`` and ``{beam}`` are filled in):
  step_label      heading of each step (default "Step {step}: Top {beam}")
  chevrons        right (grey block arrows between the headings) | down (under each heading) | none
  headers         column titles over the first panel: [context, candidate, current, total]
  header_mode     rotate (reading upwards) | stack (one character per line)
  join            how a context's tokens are shown (default " "; "\\n" puts one token per line)
  result_join     how the final text's tokens are joined (no separator before punctuation)
  start_caption   text under the first step;  more (default true) adds an elided "..." row to every panel
  beam_label      chip text (e.g. "Beam Size={beam}");  result_caption: text by the final arrow
  number_format   format of probabilities (default ".3g")
  totals          false hides the total-probability column (default: shown for lm.beam_search, hidden for
                  lm.greedy, whose rows show the current probability only)
  highlight       fill of kept rows (default sky);  result_fill: fill of the final text (default pink)
  stagger         true: each panel sits level with the kept row it continues (a staircase of panels;
                  steps without headings)
  tail            panel (default: the "…" after the last step is level with the best panel) | row (level with
                  the best kept row, reached by a dotted arrow from it)
  caption_side    below (default) | above: where result_caption sits on the final arrow

An empty ``step_label`` ("") draws no step headings.
"""
from __future__ import annotations

from diagrams.components import computed, localized
from diagrams.components._canvas import Canvas, check_data, data_where
from diagrams.components.table import check_number_format
from diagrams.errors import SpecError
from diagrams.scene import Paint, Rect
from diagrams.text import fonts
from diagrams.text.rich import layout as layout_text

ROW_H = 54.0
COLS = (54.0, 50.0, 50.0)       # token, current probability, total probability
FAN = 62.0                      # from the context to the rows
COL_GAP = 140.0                 # between the panels of neighbouring steps
PANEL_GAP = 135.0               # between the panels of one step
SIZE = 17.0
PUNCT = set(",.;:!?，。；：！？、")
DOTTED = "1.5 3"
KEYS = {  # key → kind (components/_canvas.py KINDS)
    "step_label": "text", "chevrons": "text", "headers": "list", "header_mode": "text", "join": "text",
    "result_join": "text", "start_caption": "text", "more": "bool", "beam_label": "text", "result_caption": "text",
    "number_format": "text", "totals": "bool", "highlight": "text", "result_fill": "text", "stagger": "bool",
    "tail": "text", "caption_side": "text"}


def detokenize(text: str, join: str = " ") -> str:
    """``"How are you ?"`` → ``"How are you?"``: tokens joined by ``join``, none before punctuation."""
    toks = text.split(" ")
    out = toks[0]
    for t in toks[1:]:
        out += ("" if t in PUNCT else join) + t
    return out


def _fit(text: str, size: float, width: float, bold: bool = False) -> float:
    """The font size (≤ size) at which ``text`` fits ``width``."""
    w = fonts.text_width(text, size, bold)
    return size if w <= width else size * width / w


def _fmt(template: str, **kw) -> str:
    for k, v in kw.items():
        template = template.replace("{" + k + "}", str(v))
    return template


def greedy_as_beam(result: dict) -> dict:
    """``lm.greedy``'s steps in the shape of ``lm.beam_search``'s: one beam per step, the argmax kept."""
    steps, prev = [], 1.0
    for i, st in enumerate(result["steps"]):
        context = st["context"]
        cands = [{"token": c["token"], "prob": c["prob"], "total": prev * c["prob"],
                  "text": f"{context} {c['token']}", "kept": bool(c["chosen"])} for c in st["candidates"]]
        steps.append({"step": i + 1, "beams": [{"context": context, "total": prev, "finished": False,
                                                "candidates": cands}]})
        prev = st["total"]
    return {"steps": steps, "best": result["text"], "best_total": result["total"]}


def kept_rows(result: dict) -> list[list[tuple[str, str]]]:
    """Per step, the (context, token) of every kept candidate, in drawing order."""
    return [[(b["context"], c["token"]) for b in s["beams"] for c in b["candidates"] if c["kept"]]
            for s in result["steps"]]


def make(node, ctx):
    check_data(node, KEYS, "beam")
    data = localized(dict(node.get("data") or {}), ctx.lang)
    args = localized(dict(node.get("args") or {}), ctx.lang)
    res = computed(node, ctx)
    if not isinstance(res, dict) or not isinstance(res.get("steps"), list):
        raise SpecError("the beam component draws the result of `compute: lm.beam_search` or `lm.greedy`",
                        hint="add `compute: lm.beam_search` (and `args:`) to the node")
    greedy = node.get("compute") == "lm.greedy"
    if greedy:
        if any("candidates" not in st for st in res["steps"]):
            raise SpecError("lm.greedy gave steps without candidates", hint="update diagrams.numeric.lm")
        res = greedy_as_beam(res)
    beam = 1 if greedy else int(args.get("beam", 2))
    totals = bool(data.get("totals", not greedy))
    cols = COLS if totals else COLS[:2]
    stagger = bool(data.get("stagger", False))
    if data.get("tail", "panel") not in ("panel", "row"):
        raise SpecError(f"data.tail is '{data['tail']}'", hint="use panel or row")
    if data.get("chevrons", "right") not in ("right", "down", "none"):
        raise SpecError(f"data.chevrons is '{data['chevrons']}'", hint="use right, down or none")
    if data.get("header_mode", "rotate") not in ("rotate", "stack"):
        raise SpecError(f"data.header_mode is '{data['header_mode']}'", hint="use rotate or stack")
    fmt = data.get("number_format", ".3g")
    try:
        check_number_format(fmt, "number_format", sample=0.5)
    except SpecError as exc:
        line, col = data_where(node, "number_format")
        raise exc.located(line=line, col=col)
    join = str(data.get("join", " "))
    more = bool(data.get("more", True))
    ink, grey, prob_color = ctx.color("ink"), ctx.color("grey-3"), ctx.color("grey-4")
    black = ctx.color("black")
    cv = Canvas()
    row_w = sum(cols)

    # measure: one column per step, one panel per beam
    columns = []
    for s in res["steps"]:
        panels = []
        for b in s["beams"]:
            label = join.join(b["context"].split(" "))
            block = layout_text(label, SIZE, bold=True)
            n_rows = len(b["candidates"]) + (1 if more and b["candidates"] else 0)
            panels.append({"beam": b, "block": block, "rows": max(n_rows, 1)})
        ctx_w = max(p["block"].width for p in panels)
        width = 6 + ctx_w + FAN + row_w
        height = sum(p["rows"] * ROW_H for p in panels) + PANEL_GAP * (len(panels) - 1)
        columns.append({"panels": panels, "ctx_w": ctx_w, "w": width, "h": height})
    tallest = max(c["h"] for c in columns)

    # panels
    x = 0.0
    anchors = {}   # candidate text → right-middle of its kept row
    for si, col in enumerate(columns):
        col["x"] = x
        y = (tallest - col["h"]) / 2
        prev_bottom = None
        for pi, p in enumerate(col["panels"]):
            b = p["beam"]
            h = p["rows"] * ROW_H
            if stagger and si > 0 and b["context"] in anchors:
                y = anchors[b["context"]][1] - h / 2
                if prev_bottom is not None:
                    y = max(y, prev_bottom + PANEL_GAP)
            elif stagger:
                y = 0.0 if prev_bottom is None else prev_bottom + PANEL_GAP
            prev_bottom = y + h
            panel = Rect(x, y, col["w"], h)
            p["rect"] = panel
            cv.rect(panel, Paint(fill=ctx.color("grey-1")))
            cv.part(f"step{si + 1}_{pi + 1}", panel)
            ctx_area = Rect(x + 6, y, col["ctx_w"], h)
            box = cv.text(p["block"], ctx_area, align="left", color=ink)
            p["ctx_box"] = box
            src = anchors.get(b["context"])
            if src is not None:
                cv.arrow(src[0] + 2, src[1], box.x - 3, box.y + box.h / 2, black, width=1.5, dash=DOTTED, head=10)
            fan_x = x + 6 + col["ctx_w"] + 6
            rows_x = x + col["w"] - row_w
            rows = [(c, False) for c in b["candidates"]] + ([(None, True)] if more and b["candidates"] else [])
            for ri, (c, elided) in enumerate(rows):
                ry = y + ri * ROW_H
                cy = ry + ROW_H / 2
                cv.arrow(fan_x, y + h / 2, rows_x + 4, cy, black, width=1.2, head=11)
                kept = bool(c and c["kept"])
                if kept:
                    hl = Rect(rows_x + 8, ry + 1, row_w - 8, ROW_H - 2)
                    cv.rect(hl, Paint(fill=ctx.color(data.get("highlight", "sky"))))
                    anchors[c["text"]] = (hl.right, cy)
                    cv.part(f"step{si + 1}_{c['text'].replace(' ', '_')}", hl)
                cx = rows_x + 8
                cells = ["...", "...", "..."] if elided else [
                    c["token"], format(c["prob"], fmt), format(c["total"], fmt)]
                for ci, (txt, w) in enumerate(zip(cells, cols)):
                    wd = w - (8 if ci == 0 else 4)
                    bold = (ci == 0 and elided) or (ci == 2 and kept)
                    size = _fit(txt, SIZE, wd, bold)
                    color = ink if ci == 0 else prob_color
                    cv.text(txt, size=size, bold=bold, color=color, at=(cx + (w - (8 if ci == 0 else 0)) / 2, cy))
                    cx += w - (8 if ci == 0 else 0)
                if not kept:
                    cv.icon("scissors", Rect(panel.right + 5, cy - 8, 22, 22), grey)
            y += h + PANEL_GAP
        x += col["w"] + COL_GAP

    # column headers over the first panel
    first = columns[0]["panels"][0]
    headers = data.get("headers") or []
    content_top = min(p["rect"].y for c in columns for p in c["panels"])
    if headers:
        pr = first["rect"]
        rows_x = pr.right - row_w
        centers = [first["ctx_box"].x + first["ctx_box"].w / 2, rows_x + 8 + (COLS[0] - 8) / 2,
                   rows_x + COLS[0] + COLS[1] / 2, rows_x + COLS[0] + COLS[1] + COLS[2] / 2][:len(cols) + 1]
        bottom = pr.y - 8
        for cx, txt in zip(centers, headers):
            txt = str(txt)
            if data.get("header_mode", "rotate") == "stack":
                block = layout_text("\n".join(txt), SIZE, line_height=1.12)
                r = cv.text(block, Rect(cx - block.width / 2, bottom - block.height, block.width, block.height),
                            color=prob_color)
            else:
                r = cv.rotated_text(txt, cx, bottom, SIZE, ink)
            content_top = min(content_top, r.y)

    if data.get("start_caption"):
        pr = columns[0]["panels"][-1]["rect"]
        cv.text(str(data["start_caption"]), size=20, color=prob_color, at=(pr.cx, pr.bottom + 34))

    # headings and chevrons
    mode = str(data.get("chevrons", "right"))
    label = str(data.get("step_label", "Step {step}: Top {beam}"))
    centers = [c["x"] + c["w"] / 2 for c in columns]
    if mode == "down":
        chev_y = content_top - 12 - 28
        head_y = chev_y - 6 - 14
    else:
        head_y = content_top - 75
    for si, cx in enumerate(centers if label else []):
        cv.text(_fmt(label, step=si + 1, beam=beam), size=20, color=ink, at=(cx, head_y))
        if mode == "down":
            cv.path(_chevron(Rect(cx - 48, chev_y, 96, 28), "down"), Paint(fill=ctx.color("grey-2")))
    if mode == "right" and label:
        for a, b in zip(centers, centers[1:]):
            m = (a + b) / 2
            cv.path(_chevron(Rect(m - 60, head_y - 25, 120, 50), "right"), Paint(fill=ctx.color("grey-2")))

    # footer: beam size, final text, and the dotted arrow from the last step
    low = max(p["rect"].bottom for c in columns for p in c["panels"])
    if data.get("start_caption"):
        low = max(low, columns[0]["panels"][-1]["rect"].bottom + 50)
    foot_y = low + 48
    if data.get("beam_label"):
        txt = _fmt(str(data["beam_label"]), beam=beam)
        blk = layout_text(txt, 20)
        chip = Rect(columns[0]["panels"][0]["rect"].cx - blk.width / 2 - 10, foot_y, blk.width + 20, 44)
        cv.rect(chip, Paint(fill=ctx.color("sky")))
        cv.text(blk, chip, color=ink, owner=chip)
        cv.part("beam_size", chip)
    final = detokenize(res["best"], str(data.get("result_join", " ")))
    col = columns[1] if len(columns) > 1 else columns[0]
    result = Rect(col["x"], foot_y, col["w"], 44)
    cv.rect(result, Paint(fill=ctx.color(data.get("result_fill", "pink"))))
    cv.text(final, result, size=20, color=ink, owner=result)
    cv.part("result", result)
    best_panel = next((p["rect"] for p in columns[-1]["panels"]
                       for c in p["beam"]["candidates"] if c["kept"] and c["text"] == res["best"]),
                      columns[-1]["panels"][0]["rect"])
    tail_y = best_panel.cy
    if data.get("tail", "panel") == "row" and res["best"] in anchors:
        ax, tail_y = anchors[res["best"]]
        dots_x = best_panel.right + 70
        cv.arrow(ax + 2, tail_y, dots_x - 22, tail_y, black, width=1.5, dash=DOTTED, head=11)
        dots = cv.text("...", size=22, bold=True, color=ink, at=(dots_x, tail_y - 6))
    else:
        dots = cv.text("...", size=22, bold=True, color=ink, at=(best_panel.right + 52, best_panel.cy - 6))
    turn = dots.right + 16
    cy = result.cy
    cv.line(dots.right + 4, tail_y, turn, tail_y, black, width=1.5, dash=DOTTED)
    cv.line(turn, tail_y, turn, cy, black, width=1.5, dash=DOTTED)
    cv.arrow(turn, cy, result.right + 2, cy, black, width=1.5, dash=DOTTED, head=11)
    if data.get("result_caption"):
        cap = layout_text(str(data["result_caption"]), 20)
        cap_y = cy - 6 - cap.height if data.get("caption_side", "below") == "above" else cy + 6
        cv.text(cap, Rect(result.right + 10, cap_y, turn - result.right - 20, cap.height), color=ink)
    return cv.block(node)


def _chevron(r: Rect, direction: str):
    """A grey block arrow filling ``r`` (wide shaft, short head) as canvas path commands."""
    if direction == "down":
        s0, s1, head = r.x + r.w * 0.2, r.right - r.w * 0.2, r.h * 0.45
        return [("M", s0, r.y), ("L", s1, r.y), ("L", s1, r.bottom - head), ("L", r.right, r.bottom - head),
                ("L", r.cx, r.bottom), ("L", r.x, r.bottom - head), ("L", s0, r.bottom - head), ("Z",)]
    s0, s1, head = r.y + r.h * 0.22, r.bottom - r.h * 0.22, r.h * 0.5
    return [("M", r.x, s0), ("L", r.right - head, s0), ("L", r.right - head, r.y), ("L", r.right, r.cy),
            ("L", r.right - head, r.bottom), ("L", r.right - head, s1), ("L", r.x, s1), ("Z",)]
