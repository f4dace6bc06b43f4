"""The relational layout engine: plain specs with no coordinates come out clean, relations hold geometrically,
edges are routed around boxes, labels avoid lines, and bad relations get one located error."""
from __future__ import annotations

from pathlib import Path

import pytest

from diagrams.errors import SpecError
from diagrams.lint import lint_figure
from diagrams.pipeline import load_figure, render
from diagrams.theme import load_theme

ROOT = Path(__file__).resolve().parent
CORPUS = sorted((ROOT / "corpus").glob("*.yaml"))
THEME = load_theme("house")


def test_the_corpus_is_plain():
    """At least 12 specs, none with coordinates, offsets or font sizes."""
    assert len(CORPUS) >= 12
    for spec in CORPUS:
        text = spec.read_text(encoding="utf-8")
        for banned in ("offset:", "font_size:", "via:", "size:"):
            assert banned not in text, (spec.name, banned)
        if "layout: grid" not in text:
            assert " at:" not in text and "{at:" not in text, spec.name


@pytest.mark.parametrize("spec", CORPUS, ids=[p.stem for p in CORPUS])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_corpus_renders_lint_clean(spec, lang):
    fig = load_figure(spec)
    ctx = render(fig, lang, THEME).ctx
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []


def _spec(tmp_path, body: str, name="t") -> Path:
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    p = d / f"{name}.yaml"
    p.write_text(f"id: {name}\nchapter: corpus\ntitle: {{en: T, zh: T}}\nlayout: auto\n" + body, encoding="utf-8")
    return p


def _ctx(tmp_path, body, lang="en"):
    return render(load_figure(_spec(tmp_path, body)), lang, THEME).ctx


def test_below_and_right_of_hold(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Alpha}
  b: {text: Beta with a longer label}
  c: {text: Gamma}
place:
  - {below: b, of: a, gap: 40}
  - {right_of: c, of: b, gap: wide}
""")
    a, b, c = (ctx.placed[k] for k in "abc")
    assert b.y == pytest.approx(a.bottom + 40, abs=0.5)
    assert b.cx == pytest.approx(a.cx, abs=0.5)
    assert c.x == pytest.approx(b.right + THEME.spacing["wide"], abs=0.5)
    assert c.cy == pytest.approx(b.cy, abs=0.5)


def test_boxes_take_their_size_from_their_text_in_each_language(tmp_path):
    body = "nodes:\n  a: {text: {en: A rather long English label, zh: 短}}\n"
    en, zh = _ctx(tmp_path, body, "en").placed["a"], _ctx(tmp_path, body, "zh").placed["a"]
    assert en.w > zh.w + 100
    text = [t for t in _ctx(tmp_path, body, "zh").scene.texts][0]
    assert text.size == THEME.type_scale["body"]


def test_row_align_same_width_between(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A}
  b: {text: A much wider box}
  c: {text: C}
  m: {text: M}
place:
  - {row: [a, b, c], align: top}
  - {same_width: [a, b]}
  - {below: m, of: b}
  - {between: m, of: [a, c], axis: x}
""")
    a, b, c, m = (ctx.placed[k] for k in "abcm")
    assert a.y == pytest.approx(b.y, abs=0.5) and b.y == pytest.approx(c.y, abs=0.5)
    assert a.right < b.x and b.right < c.x
    assert a.w == pytest.approx(b.w, abs=0.5)
    assert m.cx == pytest.approx((a.cx + c.cx) / 2, abs=0.5)


def test_inside_with_padding(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  frame: {shape: round, fill: grey-1, stroke: none}
  word: {text: Inside, style: plain}
place:
  - {inside: word, of: frame, padding: 20}
""")
    frame, word = ctx.placed["frame"], ctx.placed["word"]
    assert frame.x + 19 <= word.x and word.right <= frame.right - 19


def test_containers_stack_and_shrink_wrap(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  panel:
    style: panel
    gap: 20
    rows:
      one: {text: One}
      two: {text: Two words}
""")
    p, one, two = ctx.placed["panel"], ctx.placed["panel.one"], ctx.placed["panel.two"]
    assert two.y == pytest.approx(one.bottom + 20, abs=0.5)
    assert p.contains(one) and p.contains(two)
    assert p.w == pytest.approx(max(one.w, two.w) + 2 * 18, abs=1)


def test_a_longer_label_grows_its_box_and_moves_its_neighbours(tmp_path):
    short = _ctx(tmp_path, "nodes:\n  a: {text: Go}\n  b: {text: Stop}\nplace:\n  - {row: [a, b]}\n")
    long = _ctx(tmp_path, "nodes:\n  a: {text: Go a much longer way}\n  b: {text: Stop}\nplace:\n  - {row: [a, b]}\n")
    assert long.placed["a"].w > short.placed["a"].w + 50
    assert long.placed["b"].x - long.placed["a"].right == pytest.approx(
        short.placed["b"].x - short.placed["a"].right, abs=0.5)


def _segments(ep):
    return list(zip(ep.points, ep.points[1:]))


def test_opposite_edges_are_drawn_apart(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Actor}
  b: {text: Critic}
place:
  - {row: [a, b]}
edges:
  - {from: a, to: b}
  - {from: b, to: a}
""")
    one, two = ctx.edge_paths
    ys1 = {round(p[1], 1) for p in one.points}
    ys2 = {round(p[1], 1) for p in two.points}
    assert not ys1 & ys2


def test_edges_go_around_a_box_in_the_way(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Start}
  block: {text: In the way}
  b: {text: End}
edges:
  - {from: a, to: b}
""")
    from diagrams.contract import _segment_in

    (ep,) = ctx.edge_paths
    assert len(ep.points) > 2
    assert not any(_segment_in(ctx.placed["block"], p, q, 0) for p, q in _segments(ep))


def test_fan_out_shares_one_trunk(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  src: {text: Source}
  row:
    cols:
      a: {text: A}
      b: {text: B}
      c: {text: C}
edges:
  - {from: src, to: a}
  - {from: src, to: b}
  - {from: src, to: c}
""")
    starts = {tuple(round(v, 1) for v in ep.points[0]) for ep in ctx.edge_paths}
    assert len(starts) == 1
    assert lint_figure(ctx, "auto", THEME) == []


def test_labels_avoid_lines_and_boxes(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Policy}
  b: {text: Reward}
  c: {text: Value}
place:
  - {row: [a, b, c]}
edges:
  - {from: a, to: b, label: reward signal}
  - {from: b, to: c, label: value estimate}
  - {from: a, to: c, label: a third label}
""")
    from diagrams.contract import contract_problems

    assert contract_problems(ctx, THEME) == []
    assert len(ctx.labels) == 3


# ------------------------------------------------------------------ bad relations: one located error each
@pytest.mark.parametrize("body, message", [
    ("nodes:\n  a: {text: A}\n  b: {text: B}\nplace:\n  - {below: a, of: b}\n  - {below: b, of: a}\n",
     r"t.yaml:\d+:\d+: the layout cannot satisfy relation 2 \(below\); it conflicts with relation 1 \(below\)"),
    ("nodes:\n  a: {text: A}\nplace:\n  - {below: a, of: a}\n", r"t.yaml:\d+:\d+: relation 1 \(below\) places 'a' relative to itself"),
    ("nodes:\n  a: {text: A}\nplace:\n  - {below: a, of: b2}\n", r"relation 1 \(below\) names 'b2', which is not a node"),
    ("nodes:\n  p:\n    rows:\n      a: {text: A}\nplace:\n  - {below: a, of: p}\n", r"contains it or is inside it"),
    ("nodes:\n  a: {text: A}\n  b: {text: B}\nplace:\n  - {below: a}\n", r"lacks `of:`|schema|of"),
    ("nodes:\n  a: {text: A}\n  b: {text: B}\nplace:\n  - {below: a, of: b, gap: roomy}\n", r"gap|roomy"),
])
def test_bad_relations_get_one_located_error(tmp_path, body, message):
    with pytest.raises(SpecError, match=message) as err:
        render(load_figure(_spec(tmp_path, body)), "en", THEME)
    assert "\n" not in str(err.value)


def test_a_conflict_with_a_container_is_named(tmp_path):
    body = ("nodes:\n  p:\n    cols:\n      a: {text: A}\n      b: {text: B}\nplace:\n  - {left_of: b, of: a}\n")
    with pytest.raises(SpecError, match=r"relation 1 \(left_of\); it conflicts with the containers"):
        render(load_figure(_spec(tmp_path, body)), "en", THEME)


def test_short_names_of_nested_nodes(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  p:
    rows:
      inner: {text: Inner}
  q: {text: Q}
place:
  - {right_of: q, of: inner}
edges:
  - {from: inner, to: q}
""")
    assert ctx.placed["q"].x > ctx.placed["p.inner"].right
    assert ctx.edge_paths[0].source == "p.inner"


def test_a_figure_too_large_to_route_says_so(tmp_path, monkeypatch):
    from diagrams.layout import route

    monkeypatch.setattr(route, "MAX_GRID_POINTS", 4)
    body = "nodes:\n  a: {text: A}\n  x: {text: X}\n  b: {text: B}\nedges:\n  - {from: a, to: b}\n"
    with pytest.raises(SpecError, match="too large to route.*MAX_GRID_POINTS"):
        render(load_figure(_spec(tmp_path, body)), "en", THEME)


# ------------------------------------------------------------------ the lint contract reports today's broken cases
def _free(tmp_path, nodes: str, edges: str = "") -> object:
    d = tmp_path / "free"
    d.mkdir(exist_ok=True)
    p = d / "f.yaml"
    p.write_text("id: f\nchapter: free\ntitle: {en: T, zh: T}\nlayout: free\nnodes:\n" + nodes
                 + ("edges:\n" + edges if edges else ""), encoding="utf-8")
    fig = load_figure(p)
    return lint_figure(render(fig, "en", THEME).ctx, fig.layout, THEME, contract=True)


def test_lint_reports_partially_overlapping_boxes(tmp_path):
    problems = _free(tmp_path, "  a: {text: Alpha, at: [100, 100]}\n  b: {text: Beta, at: [130, 110]}\n")
    assert any("boxes 'a' and 'b' overlap" in p for p in problems)


def test_lint_reports_a_child_outside_its_container():
    from diagrams.contract import contract_problems
    from diagrams.layout.context import Ctx
    from diagrams.scene import Rect

    ctx = Ctx(lang="en", theme=THEME, file="x.yaml")
    ctx.placed.update({"p": Rect(0, 0, 100, 60), "p.c": Rect(80, 10, 60, 30)})
    ctx.parents["p.c"] = "p"
    ctx.containers.add("p")
    assert "'p.c' sticks out of its container 'p'" in contract_problems(ctx, THEME)


def test_lint_reports_an_edge_through_a_box(tmp_path):
    problems = _free(tmp_path, "  a: {text: A, at: [0, 0]}\n  m: {text: Middle, at: [150, 0]}\n  b: {text: B, at: [300, 0]}\n",
                     "  - {from: a, to: b}\n")
    assert any("runs through 'm'" in p for p in problems)


def test_lint_reports_edges_on_top_of_each_other(tmp_path):
    problems = _free(tmp_path, "  a: {text: A, at: [0, 0]}\n  b: {text: B, at: [300, 0]}\n"
                               "  c: {text: C, at: [0, 0.5]}\n  d: {text: D, at: [300, 0.5]}\n",
                     "  - {from: a, to: b}\n  - {from: b, to: a}\n")
    assert any("run on top of each other" in p for p in problems)


def test_lint_reports_a_label_on_a_line(tmp_path):
    problems = _free(tmp_path, "  a: {text: A, at: [0, 0]}\n  b: {text: B, at: [300, 0]}\n"
                               "  c: {text: C, at: [150, -120]}\n  d: {text: D, at: [150, 120]}\n",
                     "  - {from: a, to: b}\n  - {from: c, to: d, label: {text: crossing label, side: 'on'}}\n")
    assert any("sits on edge 1" in p for p in problems)


def test_lint_reports_tiny_text(tmp_path):
    problems = _free(tmp_path, "  a: {text: tiny, font_size: 5, at: [0, 0]}\n")
    assert any("below the theme's smallest size" in p for p in problems)


def test_a_child_can_stretch_across_its_container(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  col:
    rows:
      wide: {text: A wide box with a long label}
      brace: {shape: brace, direction: down, stroke: black, stretch: true}
      narrow: {text: N}
""")
    wide, brace, narrow = (ctx.placed[f"col.{k}"] for k in ("wide", "brace", "narrow"))
    assert brace.w == pytest.approx(wide.w, abs=0.5)
    assert narrow.w < wide.w - 50


# ------------------------------------------------------------------ migration features (forward-backward …)
def test_align_on_is_a_word_not_a_yaml_boolean(tmp_path):
    """YAML 1.1 reads the key `on:` as true; the documented {align: [a, b], on: left} must still work."""
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A short one}
  b: {text: B}
place:
  - {below: b, of: a, align: none}
  - {align: [a, b], on: left}
""")
    assert ctx.placed["b"].x == pytest.approx(ctx.placed["a"].x, abs=0.5)


def test_edge_labels_take_numbers_from_the_edges_computation(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A}
  b: {text: B}
  c: {text: C}
edges:
  - {from: a, to: b, label: {style: step, text: "{value.forward.1}"}, compute: training.recompute,
     args: &s {n_layers: 4, stored: [1, 2, 3, 4]}}
  - {from: b, to: c, label: {style: step, text: "{value.loss}"}, compute: training.recompute, args: *s}
""")
    texts = sorted(t.text for t in ctx.scene.texts)
    assert "2" in texts and "5" in texts
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_an_edge_label_placeholder_without_a_computation_is_an_error(tmp_path):
    body = "nodes:\n  a: {text: A}\n  b: {text: B}\nedges:\n  - {from: a, to: b, label: \"{value.x}\"}\n"
    with pytest.raises(SpecError, match=r"t.yaml:\d+:\d+: a label of edge 1 \(a → b\) has a placeholder"):
        render(load_figure(_spec(tmp_path, body)), "en", THEME)


def test_a_circled_step_number_is_round_and_stays_off_its_line(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A}
  b: {text: B}
place:
  - {row: [a, b]}
edges:
  - {from: a, to: b, label: {style: step, text: "7"}}
""")
    from diagrams.contract import _segment_in

    (r, on_line, _), (ep,) = ctx.labels[0], ctx.edge_paths
    assert r.w == pytest.approx(r.h) and not on_line
    assert not any(_segment_in(r, p, q, 0) for p, q in _segments(ep))


def test_a_label_on_a_curve_sits_beside_its_slanted_middle(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Activation}
  b: {text: Loss}
place:
  - {below: b, of: a, gap: 120, align: none}
  - {right_of: b, of: a, gap: 80, align: none}
edges:
  - {from: a, to: b, route: curve, exit: right, enter: top, label: {style: step, text: "5"}}
""")
    from diagrams.contract import contract_problems

    r = ctx.labels[0][0]
    a, b = ctx.placed["a"], ctx.placed["b"]
    assert a.right < r.cx < b.right + 40 and a.cy < r.cy < b.y      # near the middle, not at an end
    assert contract_problems(ctx, THEME) == []


def test_points_along_a_symmetric_polyline():
    """A curve's first and last segments are as long as each other: the middle is still in the middle."""
    from diagrams.layout.labels import _point_at

    (x, y), _, _ = _point_at([(0, 0), (10, 0), (10, 100), (20, 100)], 0.5)
    assert (x, y) == pytest.approx((10, 50))


@pytest.mark.parametrize("direction", ["right", "left", "up", "both"])
def test_a_block_arrow_holds_its_text_in_its_shaft(tmp_path, direction):
    ctx = _ctx(tmp_path, f"""nodes:
  arrow: {{text: Forward pass, shape: block-arrow, direction: {direction}, head: 0.5, fill: white, stroke: orange}}
""")
    r = ctx.placed["arrow"]
    (t,) = [t for t in ctx.scene.texts if t.text == "Forward pass"]
    across, along = (r.h, r.w) if direction != "up" else (r.w, r.h)
    tw = t.box.w if direction != "up" else t.box.h
    th = t.box.h if direction != "up" else t.box.w
    assert across * 0.5 >= th            # the shaft is half the thickness
    assert along >= tw + 2 * across * 0.5     # clear of a head (head: 0.5 of the thickness) at either end


def test_a_venn_without_coordinates_fits_its_items_in_their_parts(tmp_path):
    from diagrams.components import venn
    from diagrams.scene import TextItem

    ctx = _ctx(tmp_path, """nodes:
  v:
    component: venn
    data:
      sets:
        - {text: Value-Based, fill: cream, items: [Q-Learning, DQN]}
        - {text: Policy-Based, fill: sky, items: [REINFORCE, NPG, A much longer algorithm name]}
      overlap: {text: Actor-Critic, fill: teal-light, items: [PPO, A2C]}
""")
    ells = [s for s in ctx.scene.items if getattr(s, "kind", None) == "path"][:2]
    texts = {t.text: t.box for t in ctx.scene.items if isinstance(t, TextItem)}
    v = ctx.placed["v"]
    # the two ellipses: the first's left half and the second's right half bound the figure
    assert {"Q-Learning", "DQN", "PPO", "A2C", "NPG", "A much longer algorithm name"} <= set(texts)
    assert texts["Q-Learning"].bottom < texts["Value-Based"].y < texts["Value-Based"].bottom < texts["DQN"].y
    assert texts["Value-Based"].right < texts["Actor-Critic"].x < texts["Actor-Critic"].right < texts["Policy-Based"].x
    # every item lies inside the ellipses' union and its own part: lens items inside both, the others in one only
    w = v.w
    rx, ry = w / 3, v.h / 2
    e0, e1 = (v.x + rx, v.cy, rx, ry), (v.x + 2 * rx, v.cy, rx, ry)
    for name, where in (("PPO", (1, 1)), ("A2C", (1, 1)), ("DQN", (1, 0)), ("NPG", (0, 1)),
                        ("A much longer algorithm name", (0, 1))):
        b = texts[name]
        for x, y in ((b.x, b.y), (b.right, b.y), (b.x, b.bottom), (b.right, b.bottom)):
            assert (venn._inside(e0, x, y) < 1) == bool(where[0]), name
            assert (venn._inside(e1, x, y) < 1) == bool(where[1]), name
    assert ells


def test_a_u_turn_fork_shares_one_port_and_a_bus_outside_the_row(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  actor: {text: Actor}
  critic: {text: Critic}
  env: {text: Environment}
place:
  - {row: [actor, critic, env], gap: 120}
edges:
  - {from: actor, to: env, exit: top, enter: top, bend: 60, label: Action}
  - {from: actor, to: critic, exit: top, enter: top, bend: 60, line: dotted}
""")
    a, b = ctx.edge_paths
    top = min(ctx.placed[k].y for k in ("actor", "critic", "env"))
    assert a.points[0] == pytest.approx(b.points[0])                 # one port
    assert a.points[1][1] == pytest.approx(top - 60) == b.points[1][1]   # one bus, bend px above the row
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_label_of_a_fork_branch_avoids_the_shared_trunk(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  actor: {text: Actor}
  critic: {text: Critic}
  env: {text: Environment}
place:
  - {row: [actor, critic, env], gap: 160}
edges:
  - {from: env, to: actor, exit: bottom, enter: bottom, bend: 90, label: State}
  - {from: env, to: critic, exit: bottom, enter: bottom, bend: 90, label: Reward}
""")
    state, reward = (r for r, *_ in ctx.labels)
    critic = ctx.placed["critic"]
    assert state.right <= critic.cx + 1          # beside its own part of the bus, left of the branch point
    assert reward.x >= critic.cx - 1 and reward.right <= ctx.placed["env"].x   # beside the critic's own branch
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_u_turn_clears_a_taller_box_between_its_ends(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  policy: {text: Policy}
  tall: {text: "A\\ntall\\nbox\\nin\\nthe\\nway"}
  adv: {text: A}
place:
  - {row: [policy, tall, adv]}
edges:
  - {from: adv, to: policy, exit: top, enter: top, line: dotted}
""")
    from diagrams.layout.route import U_TURN_GAP

    (ep,) = ctx.edge_paths
    assert len(ep.points) == 4
    assert ep.points[1][1] == pytest.approx(ctx.placed["tall"].y - U_TURN_GAP)
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_route_never_runs_back_through_its_own_box(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Value model}
  b: {text: Advantage}
place:
  - {row: [a, b]}
edges:
  - {from: b, to: a, exit: top, enter: bottom}
""")
    from diagrams.contract import _segment_in

    (ep,) = ctx.edge_paths
    for nid in ("a", "b"):
        assert not any(_segment_in(ctx.placed[nid], p, q, 1.0) for p, q in _segments(ep)), nid


def test_a_caption_can_be_plain(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  v: {text: "$v$", style: chip, caption: Value, caption_bold: false}
  w: {text: "$w$", style: chip, caption: Weight}
place:
  - {row: [v, w]}
""")
    texts = {t.text: t for t in ctx.scene.texts if hasattr(t, "text")}
    assert not texts["Value"].bold and texts["Weight"].bold


def test_a_container_gap_may_be_a_spacing_name(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  col:
    gap: wide
    rows:
      a: {text: A}
      b: {text: B}
""")
    a, b = ctx.placed["col.a"], ctx.placed["col.b"]
    assert b.y - a.bottom == pytest.approx(THEME.spacing["wide"], abs=0.5)


def test_a_relation_moves_a_child_across_its_container_without_widening_it(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  panel:
    style: panel
    rows:
      strip:
        cols:
          left: {text: A wide box on the left}
          right: {text: Right}
      note: {text: Note}
place:
  - {align: [right, note], on: center}
""")
    p, note, left, right = (ctx.placed[k] for k in ("panel", "panel.note", "panel.strip.left", "panel.strip.right"))
    assert note.cx == pytest.approx(right.cx, abs=0.5)
    assert p.w < right.right - left.x + 2 * 18 + 10        # the panel still wraps its widest row


def test_a_child_pulled_along_its_stack_keeps_its_length(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  top:
    cols:
      a: {text: A long first box}
      b: {text: B}
  bottom:
    cols:
      c: {text: C}
      d: {text: D}
place:
  - {align: [a, c], on: left}
  - {align: [b, d], on: center}
""")
    c = ctx.placed["bottom.c"]
    alone = _ctx(tmp_path, "nodes:\n  c: {text: C}\n").placed["c"]
    assert c.w == pytest.approx(alone.w, abs=0.5)        # the gap grew, not the box


def test_a_fork_bus_moves_off_a_box_in_its_way(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  top:
    gap: 40
    cols:
      formula: {text: "A wide formula that reaches almost to the policy model"}
      policy: {text: Policy}
  chain:
    cols:
      sft: {text: SFT}
  ref: {text: Reference}
place:
  - {right_of: policy, of: sft, gap: 60, align: none}
  - {align: [ref, policy], on: center}
  - {between: sft, of: [policy, ref], axis: y}
edges:
  - {from: sft, to: policy, exit: right, enter: left}
  - {from: sft, to: ref, exit: right, enter: left}
""")
    one, two = ctx.edge_paths
    assert one.points[1] == pytest.approx(two.points[1])             # still one trunk
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_an_l_shaped_route_leaves_from_the_middle_of_its_side(tmp_path):
    """top → left: level-with-the-other-end would start under the target and double back; the middle does not."""
    ctx = _ctx(tmp_path, """nodes:
  w: {text: "A wide frozen weight box"}
  plus: {text: "+", shape: circle}
place:
  - {above: plus, of: w, gap: 60, align: right}
edges:
  - {from: w, to: plus, exit: top, enter: left}
""")
    (ep,) = ctx.edge_paths
    w = ctx.placed["w"]
    assert ep.points[0][0] == pytest.approx(w.cx, abs=0.5)
    assert len(ep.points) == 3                      # up, then right into the circle: one bend


def test_solved_positions_are_snapped_so_renders_repeat():
    from diagrams.layout.solve import Layout

    L = Layout()
    b = L.box("a", (10.0000000000001, 5.0))
    L.solve(["a"])
    assert b.rect().w == 10.0
