"""Chart callouts with bold runs: ``**…**`` in a callout's text sets those runs in bold, one text per run,
lines centred in one box that owns them (lint keeps them inside it); unpaired markers are an error."""
import re
import xml.etree.ElementTree as ET

import pytest

from diagrams.errors import SpecError
from conftest import render_nodes
from diagrams.scene import RawItem

SVG = "{http://www.w3.org/2000/svg}"
NODES = """\
p:
  component: chart
  at: [0, 0]
  anchor: top-left
  data:
    size: [600, 400]
    margins: [50, 20, 20, 40]
    x: {{lim: [0, 10]}}
    y: {{lim: [0, 1]}}
    series:
      - {{x: [0, 10], y: [0, 1]}}
    callouts:
      - text: {text}
        at: [8, 0.8]
        box: [3, 0.6]
        fill: sky
        stroke: none
        font_size: 18
"""


def _render(make_specs, text, lang="en"):
    return render_nodes(make_specs, NODES.format(text=text), lang)


def _svg_texts(r):
    (raw,) = [it for it in r.ctx.scene.items if isinstance(it, RawItem)]
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{raw.markup}</svg>')
    return [("".join(el.itertext()), el.get("font-weight")) for el in root.iter(f"{SVG}text")]


def test_bold_runs_are_separate_bold_texts(make_specs):
    r = _render(make_specs, '{en: "**Correct case:**\\nThe weight is **small**, so\\nupdates are small", zh: "**正确情况：**\\n参数更新幅度**较小**"}')
    texts = dict(_svg_texts(r))
    assert texts["Correct case:"] == "bold"
    assert texts["small"] == "bold"
    assert texts["The weight is "] is None and texts["updates are small"] is None
    assert not any("**" in t for t in texts)
    zh = dict(_svg_texts(_render(make_specs, '{en: "x", zh: "**正确情况：**\\n参数更新幅度**较小**"}', "zh")))
    assert zh["正确情况："] == "bold" and zh["较小"] == "bold" and zh["参数更新幅度"] is None


def test_runs_sit_inside_one_box_with_lines_centred(make_specs):
    r = _render(make_specs, '"**Title:**\\nA much longer second line of text\\nshort"')
    items = {t.text: t for t in r.ctx.scene.texts if t.text in ("Title:", "A much longer second line of text", "short")}
    assert len(items) == 3
    owners = {(round(t.owner.x, 3), round(t.owner.y, 3), round(t.owner.w, 3), round(t.owner.h, 3))
              for t in items.values()}
    assert len(owners) == 1                                  # one box owns every run
    owner = next(iter(items.values())).owner
    for t in items.values():
        b = t.box
        assert owner.x < b.x and b.right < owner.right and owner.y < b.y and b.bottom < owner.bottom
        assert b.cx == pytest.approx(owner.cx, abs=2.0)      # centred lines
    title, long, short = (items[k].box for k in ("Title:", "A much longer second line of text", "short"))
    assert title.bottom <= long.y + 1 and long.bottom <= short.y + 1   # stacked top to bottom
    assert long.w > 2 * short.w


def test_plain_callouts_stay_one_text(make_specs):
    r = _render(make_specs, '"one\\ntwo"')
    assert [t.text for t in r.ctx.scene.texts if "one" in t.text or "two" in t.text] == ["one two"]
    assert all(w is None for t, w in _svg_texts(r) if t in ("one", "two"))


def test_unpaired_marker_is_an_error(make_specs):
    with pytest.raises(SpecError, match=r"unpaired \*\*"):
        _render(make_specs, '"**Title:\\nbody"')
