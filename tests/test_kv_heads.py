"""The kv_heads component: bars and links follow the computed KV grouping (attention.kv_groups)."""
import pytest

from diagrams.components import kv_heads
from diagrams.errors import SpecError
from diagrams.numeric import compute
from diagrams.pipeline import load_figure, render
from diagrams.theme import load_theme

SPEC = """\
id: fig
chapter: ch
title: {{en: Heads, zh: 头}}
layout: free
nodes:
  h:
    component: kv_heads
    compute: attention.kv_groups
    args: {args}
    anchor: top
    at: [500, 100]
    data: {data}
"""


def _ctx(make_specs, args, data="{}"):
    specs = make_specs({"ch/fig": SPEC.format(args=args, data=data)})
    return render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme()).ctx


def test_kv_heads_sit_over_the_query_heads_they_serve():
    qx, kvx = kv_heads.bar_centres(compute("attention.kv_groups", {"n_heads": 4, "n_kv_heads": 2}), 80)
    assert qx == [-120, -40, 40, 120]
    assert kvx == [-80, 80]
    _, kvx = kv_heads.bar_centres(compute("attention.kv_groups", {"n_heads": 4, "n_kv_heads": 1}), 80)
    assert kvx == [0]


def test_parts_follow_the_grouping(make_specs):
    ctx = _ctx(make_specs, "{n_heads: 4, n_kv_heads: 2}", "{pitch: 80, bar: [30, 100], row_pitch: 200}")
    placed = ctx.placed
    assert "h.k2" in placed and "h.k3" not in placed and "h.q4" in placed
    # the top of the V row is the node's anchor point
    assert placed["h.v1"].y == pytest.approx(100)
    assert placed["h.q1"].cy - placed["h.k1"].cy == pytest.approx(200)
    # K head 1 is centred between query heads 1 and 2
    assert placed["h.k1"].cx == pytest.approx((placed["h.q1"].cx + placed["h.q2"].cx) / 2)
    assert placed["h.k2"].cx - placed["h.k1"].cx == pytest.approx(160)


def test_refuses_a_computation_without_groups(make_specs):
    spec = SPEC.replace("attention.kv_groups", "pruning.magnitude").format(args="{}", data="{}")
    specs = make_specs({"ch/fig": spec})
    with pytest.raises(SpecError):
        render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme())
