"""Computed numbers in chart texts: ``{value…}`` / ``{args…}`` placeholders in any string of a chart's data are
filled from the node's computation, so tick labels, texts and callouts show computed values."""
import re
import xml.etree.ElementTree as ET

import pytest

from diagrams.components.chart import _filled
from diagrams.errors import SpecError
from diagrams.numeric import compute
from diagrams.pipeline import load_figure, render
from diagrams.scene import RawItem
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Chart, zh: 图表}}
layout: free
nodes:
  p:
    component: chart
    at: [0, 0]
{compute}
    data:
      size: [500, 300]
      margins: [60, 20, 40, 50]
      x: {{lim: [-5, 5], ticks: [-3, 3]}}
      y: {{lim: [0, 1], ticks: [grad_weight.0, grad_weight.1], tick_labels: ["{{value.grad_weight.0:.2f}}", "{{value.grad_weight.1:.2f}}"]}}
      series:
        - {{x: [-3, 3], y: grad_weight, kind: points}}
      texts:
        - {{text: {{en: "beta = {{args.beta}}", zh: "β = {{args.beta}}"}}, at: [0, 0.5]}}
      callouts:
        - {{text: "w = {{value.grad_weight.1:.3f}}", at: [3, grad_weight.1], box: [-2, 0.8]}}
"""

DPO = """\
    compute: preference.dpo
    args: {logp_chosen: -50, logp_ref_chosen: -50, logp_rejected: [-130, -70], logp_ref_rejected: -100, beta: 0.1}"""


def _texts(r) -> list[str]:
    (raw,) = [it for it in r.ctx.scene.items if isinstance(it, RawItem)]
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{raw.markup}</svg>')
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def _render(make_specs, compute_block=DPO, lang="en"):
    specs = make_specs({"ch/fig": SPEC.format(compute=compute_block)})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme())


def test_tick_labels_texts_and_callouts_show_computed_numbers(make_specs):
    res = compute("preference.dpo", {"logp_chosen": -50, "logp_ref_chosen": -50, "logp_rejected": [-130, -70],
                                     "logp_ref_rejected": -100, "beta": 0.1})
    lo, hi = res["grad_weight"]
    assert lo == pytest.approx(0.0474, abs=1e-4) and hi == pytest.approx(0.9526, abs=1e-4)
    texts = _texts(_render(make_specs))
    assert f"{lo:.2f}" in texts and f"{hi:.2f}" in texts          # 0.05 and 0.95, computed
    assert "beta = 0.1" in texts
    assert f"w = {hi:.3f}" in texts
    assert not any("{value" in t or "{args" in t for t in texts)
    assert "β = 0.1" in _texts(_render(make_specs, lang="zh"))


def test_filled_walks_nested_data_and_leaves_tex_groups_and_paths_alone():
    data = {"x": {"tick_labels": ["$x_{t+1}$", "{value.a.1:+.1f}"], "ticks": ["a.0"]},
            "texts": [{"text": "{args.n} steps", "at": [0, 1]}]}
    out = _filled(data, {"a": [1.0, -2.25]}, {"n": 3}, "en")
    assert out == {"x": {"tick_labels": ["$x_{t+1}$", "\u22122.2"], "ticks": ["a.0"]},
                   "texts": [{"text": "3 steps", "at": [0, 1]}]}


def test_value_placeholder_without_computation_is_an_error():
    with pytest.raises(SpecError, match="needs a computation"):
        _filled({"texts": [{"text": "{value.x}"}]}, None, {}, "en")
    with pytest.raises(SpecError, match="lacks"):
        _filled({"title": "{value.nope}"}, {"loss": 1.0}, {}, "en")
