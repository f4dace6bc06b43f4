"""The relational layout engine: plain specs with no coordinates come out clean, relations hold geometrically,
edges are routed around boxes, labels avoid lines, and bad relations get one located error."""
from __future__ import annotations

from pathlib import Path

import pytest

from diagrams.errors import SpecError
from diagrams.lint import lint_figure
from diagrams.pipeline import load_figure, render
from diagrams.theme import load_theme
from diagrams.scene import Rect

ROOT = Path(__file__).resolve().parent
CORPUS = sorted((ROOT / "corpus").glob("*.yaml"))
THEME = load_theme("house")


TREE = """nodes:
  t:
    rows:
      root: {shape: circle, fill: sky, size: [40, 40]}
      kids:
        cols:
          a: {shape: circle, size: [40, 40]}
          b: {shape: circle, size: [40, 40]}
          c: {shape: circle, size: [40, 40]}
        gap: normal
edges:
  - {from: root, to: [a, b, c], route: straight, arrow: none}
"""


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


def test_new_scaffolds_a_relational_spec(tmp_path):
    from diagrams.contrib import scaffold

    path, text = scaffold("my-figure", tmp_path, chapter="rlhf", title_en="Mine", title_zh="我的")
    assert "layout: auto" in text and "\nat:" not in text and "gap: [" not in text
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    for lang in ("en", "zh"):
        render(load_figure(path), lang, THEME)


def test_lint_reports_content_closer_to_the_frame_than_the_margin(tmp_path):
    problems = _free(tmp_path, "  a: {text: A, at: [0, 0]}\n  b: {text: B, at: [0, 300]}\n",
                     "  - {from: a, to: b, width: 20, exit: left, enter: left, route: elbow, bend: 60}\n")
    assert any("of the frame (the theme's margin is" in p for p in problems)


def test_a_path_that_reaches_past_its_box_counts_in_the_bounds():
    from diagrams.scene import Paint, Rect, Shape, item_bounds

    s = Shape("path", Paint(fill="#000000"), rect=Rect(0, 0, 10, 10), d="M0 0L30 40")
    assert item_bounds(s).bottom == 40 and item_bounds(s).right == 30

def test_align_on_is_a_word_not_yaml_true(tmp_path):
    """YAML 1.1 reads a plain `on:` key as true; the loader keeps it as the word the docs use."""
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A}
  b: {text: A wider box}
place:
  - {below: b, of: a, align: none}
  - {align: [a, b], on: left}
""")
    assert ctx.placed["a"].x == pytest.approx(ctx.placed["b"].x, abs=0.5)


def _text_box(ctx, word):
    return next(t.box for t in ctx.scene.texts if t.text.strip() == word)


def test_block_arrow_holds_its_text_in_its_shaft(tmp_path):
    """A block arrow is measured around its text: the shaft (half its thickness) holds the text, the head lies
    beyond it; the text is centred in the shaft, not over the head."""
    ctx = _ctx(tmp_path, """nodes:
  down: {text: Fine-tune, shape: block-arrow, direction: down, head: 0.5, fill: white, stroke: black}
  right: {text: Fine-tune, shape: block-arrow, direction: right, fill: white, stroke: black}
place:
  - {right_of: right, of: down}
""")
    for name, across in (("down", "x"), ("right", "y")):
        r, t = ctx.placed[name], _text_box(ctx, "Fine-tune")
        t = [x.box for x in ctx.scene.texts if x.text.strip() == "Fine-tune"][0 if name == "down" else 1]
        if across == "x":      # the shaft is the middle half of the width, from the top to the head
            assert r.x + r.w * 0.25 <= t.x and t.right <= r.x + r.w * 0.75
            assert t.bottom <= r.bottom - r.w * 0.5 + 0.5
        else:
            assert r.y + r.h * 0.25 <= t.y and t.bottom <= r.y + r.h * 0.75
            assert t.right <= r.right - min(r.h * 0.9, r.w / 2.2) + 0.5


def test_cycle_rings_its_text(tmp_path):
    """A cycle of arrows is at least six letters across and its hole holds its text."""
    ctx = _ctx(tmp_path, """nodes:
  rl: {text: "Reinforcement\\nlearning", shape: cycle, fill: white, stroke: black}
  x: {text: RL, shape: cycle}
""")
    r, t = ctx.placed["rl"], _text_box(ctx, "Reinforcement")
    assert r.w == pytest.approx(r.h, abs=0.5)
    hole = r.w / 2 * 0.52
    assert ((t.x - r.cx) ** 2 + (t.y - r.cy) ** 2) ** 0.5 <= hole
    assert ctx.placed["x"].w >= 6 * THEME.type_scale["body"] - 0.5


def test_an_alignment_across_containers_moves_boxes_not_stretches_them(tmp_path):
    """Aligning nodes in two different containers widens a gap; it neither stretches a box nor pulls a child
    out of line with its siblings, and the containers move rather than grow around empty room."""
    ctx = _ctx(tmp_path, """direction: LR
nodes:
  left:
    style: panel
    rows:
      head1: {text: Title}
      row:
        cols:
          chip: {text: Prompt, style: tag}
          tall:
            gap: tight
            rows:
              icon: {shape: none, icons: [thumbs-up]}
              answer: {text: Answer, style: tag}
        items: end
  right:
    style: panel
    rows:
      head2: {text: Title}
      chip2: {text: Prompt, style: tag}
      pair:
        cols:
          a: {text: A, style: model}
          b: {text: B, style: model}
place:
  - {align: [chip, chip2], on: middle}
""")
    P = ctx.placed
    chip, chip2, answer = P["left.row.chip"], P["right.chip2"], P["left.row.tall.answer"]
    assert chip.cy == pytest.approx(chip2.cy, abs=0.5)
    assert chip.bottom == pytest.approx(answer.bottom, abs=0.5)        # still in line with its siblings
    assert chip.h == pytest.approx(answer.h, abs=0.5) and chip2.h == pytest.approx(chip.h, abs=0.5)
    pair, right = P["right.pair"], P["right"]
    assert pair.h == pytest.approx(P["right.pair.a"].h, abs=0.5)        # no empty room around the row
    assert right.bottom - pair.bottom == pytest.approx(18, abs=0.5)
    assert P["right"].y == pytest.approx(P["left"].y, abs=0.5)            # panels in a row stay level
    assert P["right.head2"].y == pytest.approx(P["left.head1"].y, abs=0.5)  # and packed at their tops


def test_named_gaps_and_undrawn_containers(tmp_path):
    """`gap: tight` works on any container, and a container drawn without a panel adds no margin, so boxes
    nested at different depths line up."""
    ctx = _ctx(tmp_path, """nodes:
  outer:
    gap: tight
    cols:
      a: {text: A}
      inner:
        rows:
          b: {text: B}
""")
    P = ctx.placed
    assert P["outer.inner.b"].x - P["outer.a"].right == pytest.approx(THEME.spacing["tight"], abs=0.5)
    assert P["outer.inner.b"].y == pytest.approx(P["outer.a"].y, abs=0.5)


def test_edges_drawn_differently_do_not_share_a_trunk_and_run_straight(tmp_path):
    """Two edges leaving one side in different colours are two streams, not a fork: each leaves level with its
    target and runs straight; both ends keep the same distance from their corners, so they agree."""
    ctx = _ctx(tmp_path, """nodes:
  model: {text: A wide reward model box with room above both outputs, style: model}
  outs:
    cols:
      good: {text: Chosen}
      bad: {text: Rejected}
place:
  - {align: [model, good], on: left}
edges:
  - {from: model, to: good, color: deep-blue}
  - {from: model, to: bad, color: red}
""")
    paths = {ep.target: ep.points for ep in ctx.edge_paths}
    good, bad = paths["outs.good"], paths["outs.bad"]
    assert good[0] != bad[0]
    assert len(good) == 2 and len(bad) == 2
    assert good[0][0] == pytest.approx(good[-1][0], abs=0.5) and bad[0][0] == pytest.approx(bad[-1][0], abs=0.5)


def test_a_label_beside_a_vertical_edge_needs_only_its_height(tmp_path):
    """Boxes one above the other leave room for an edge label's height (it sits beside the line), boxes side by
    side for its width."""
    body = """nodes:
  a: {text: Loss}
  b: {text: Gradient}
place:
  - {%s: b, of: a}
edges:
  - {from: a, to: b, label: {en: Backpropagation of the error, zh: 误差的反向传播}}
"""
    down = _ctx(tmp_path, body % "below")
    across = _ctx(tmp_path, body % "right_of")
    assert down.placed["b"].y - down.placed["a"].bottom < 100
    assert across.placed["b"].x - across.placed["a"].right > 200
    for ctx in (down, across):
        assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_node_reuses_a_look_and_overrides_its_keys(tmp_path):
    """`<<: *look` merges an anchored mapping; the node's own keys override it (YAML merge keys), while a key
    written twice by hand is still an error."""
    ctx = _ctx(tmp_path, """nodes:
  a: &model {text: Reward model, style: model, fill: lavender}
  b: {<<: *model, text: Policy model}
""")
    texts = sorted(t.text.strip() for t in ctx.scene.texts)
    assert "Policy model" in texts and "Reward model" in texts
    assert ctx.placed["b"].w > 0
    with pytest.raises(SpecError, match="duplicate key 'text'"):
        _ctx(tmp_path, "nodes:\n  a: {text: A, text: B}\n")


def test_parallel_edges_run_side_by_side_and_a_side_entry_bends_once(tmp_path):
    """Two edges joining the same two nodes are two parallel lines, never one trunk; an edge that enters a side
    across its start leaves just beyond that side and bends once."""
    ctx = _ctx(tmp_path, """nodes:
  src: {text: A long source box across the whole top of the figure}
  ref: {text: Reference}
  dst: {text: Policy}
place:
  - {below: ref, of: src, align: left}
  - {below: dst, of: ref, align: none}
  - {right_of: dst, of: ref, align: none}
edges:
  - {from: src, to: ref, enter: right}
  - {from: src, to: dst}
  - {from: src, to: dst}
""")
    paths = [ep.points for ep in ctx.edge_paths]
    to_ref, one, two = paths
    assert len(one) == 2 and len(two) == 2
    assert abs(one[0][0] - two[0][0]) == pytest.approx(20, abs=0.5)
    assert len(to_ref) == 3 and to_ref[0][0] > ctx.placed["ref"].right
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


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
    assert ep.points[1][1] == pytest.approx(ctx.placed["tall"].y - U_TURN_GAP, abs=0.05)
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


def test_a_list_of_targets_is_one_edge_per_target(tmp_path):
    fig = load_figure(_spec(tmp_path, TREE))
    assert [(e.source, e.target) for e in fig.edges] == [("t.root", "t.kids.a"), ("t.root", "t.kids.b"),
                                                         ("t.root", "t.kids.c")]
    assert all(e.get("route") == "straight" for e in fig.edges)


def test_straight_edges_between_circles_run_centre_to_centre(tmp_path):
    ctx = _ctx(tmp_path, TREE)
    root = ctx.placed["t.root"]
    assert lint_figure(ctx, "auto", THEME, contract=True) == []
    for ep in ctx.edge_paths:
        (x0, y0), (x1, y1) = ep.points[0], ep.points[-1]
        kid = ctx.placed[ep.target]
        # both ends on the outlines, on the line joining the centres
        assert ((x0 - root.cx) ** 2 + (y0 - root.cy) ** 2) ** 0.5 == pytest.approx(20, abs=0.5)
        assert ((x1 - kid.cx) ** 2 + (y1 - kid.cy) ** 2) ** 0.5 == pytest.approx(20, abs=0.5)
        cross = (kid.cx - root.cx) * (y0 - root.cy) - (kid.cy - root.cy) * (x0 - root.cx)
        assert abs(cross) < 1.0
    assert len({tuple(round(v) for v in ep.points[0]) for ep in ctx.edge_paths}) == 3   # not one shared port


def test_zigzag_route_alternates_around_the_straight_line(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A}
  b: {text: B}
place:
  - {below: b, of: a, gap: 120}
edges:
  - {from: a, to: b, route: zigzag, bend: 20}
""")
    pts = ctx.edge_paths[0].points
    assert len(pts) >= 4
    x = ctx.placed["a"].cx
    offsets = [p[0] - x for p in pts[1:-1]]
    assert all(abs(abs(o) - 20) < 0.5 for o in offsets)
    assert all(o1 * o2 < 0 for o1, o2 in zip(offsets, offsets[1:]))
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_named_gaps_and_round_containers(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  row:
    cols:
      a: {text: A}
      b: {text: B}
    gap: wide
  ring:
    shape: circle
    stroke: cyan
    padding: [13, 13]
    rows:
      core: {shape: rect, fill: cyan, padding: [0, 0], size: [12, 30]}
""")
    a, b, ring = ctx.placed["row.a"], ctx.placed["row.b"], ctx.placed["ring"]
    assert b.x - a.right == pytest.approx(THEME.spacing["wide"], abs=0.5)
    assert ring.w == pytest.approx(ring.h, abs=0.5)


def test_align_self_end_and_none(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  p:
    style: panel
    rows:
      title: {text: Title, align_self: end}
      top:
        cols:
          a: {text: A}
          b: {text: A much wider box B}
      under: {text: U, align_self: none}
      wide: {text: a very wide box that makes the panel wide}
place:
  - {align: [under, b], on: center}
""")
    p, title, under, b = (ctx.placed[k] for k in ("p", "p.title", "p.under", "p.top.b"))
    inner_right = ctx.placed["p.wide"].right
    assert title.right == pytest.approx(inner_right, abs=0.5)
    assert title.w < 100                                # keeps its size: the words sit at the right
    assert under.cx == pytest.approx(b.cx, abs=0.5)
    assert under.w < 60                                 # not stretched to meet the panel's centring
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_label_finds_the_middle_of_an_edge_whose_first_and_last_segments_are_equal():
    from diagrams.layout.labels import _point_at

    pts = [(0, 100), (0, 0), (600, 0), (600, 100)]
    (x, y), _, _ = _point_at(pts, 0.5)
    assert (x, y) == (300, 0)


def test_a_lone_port_lines_up_with_a_spread_one():
    from diagrams.layout.route import Request, route_all
    from diagrams.scene import Rect

    top = Rect(0, 0, 200, 40)
    left, under = Rect(-300, 200, 80, 40), Rect(100, 200, 60, 40)
    reqs = [Request(0, "top", "left", top, left), Request(1, "under", "top", under, top)]
    paths = route_all(reqs, {"top": top, "left": left, "under": under})
    assert len(paths[1]) == 2 and paths[1][0][0] == paths[1][1][0]      # one straight vertical segment


def test_a_vertical_gap_leaves_room_for_a_labels_height_not_its_width(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: A}
  b: {text: B}
place:
  - {below: b, of: a}
edges:
  - {from: a, to: b, label: a rather long label beside a vertical edge}
""")
    a, b = ctx.placed["a"], ctx.placed["b"]
    assert b.y - a.bottom < 100
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_routes_keep_clear_of_a_bubbles_tail(tmp_path):
    from diagrams.layout.auto import with_tails

    fig = load_figure(_spec(tmp_path, """nodes:
  q: {text: "A question\\nfor the model", shape: bubble, fill: yellow}
  m: {text: Model}
"""))
    ctx = render(fig, "en", THEME).ctx
    q, m = ctx.placed["q"], ctx.placed["m"]
    obstacles = with_tails(fig, ctx, {"q": q, "m": m})
    assert obstacles["q"].bottom == pytest.approx(q.bottom + min(q.h * 0.36, q.w * 0.25))
    assert obstacles["m"] == m


def test_a_box_centred_between_two_others_moves_rather_than_grows(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  t:
    cols:
      mid:
        gap: wide
        rows:
          a0: {text: A0}
          a1: {text: A1}
      ends:
        rows:
          s0: {text: S0}
          s1: {text: S1}
          s2: {text: S2}
          s3: {text: S3}
place:
  - {between: a0, of: [s0, s1], axis: y}
  - {between: a1, of: [s2, s3], axis: y}
""")
    a0, a1, s0, s1 = (ctx.placed[f"t.{k}"] for k in ("mid.a0", "mid.a1", "ends.s0", "ends.s1"))
    assert a0.h == pytest.approx(s0.h, abs=0.5) and a1.h == pytest.approx(s0.h, abs=0.5)
    assert a0.cy == pytest.approx((s0.cy + s1.cy) / 2, abs=0.5)


def test_span_gives_one_box_the_extent_of_another(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  row:
    cols:
      a: {text: A stage}
      b: {text: Another and much wider stage}
  ruler:
    gap: 4
    cols:
      r1: {shape: square-bracket, direction: up, stroke: black}
      r2: {shape: square-bracket, direction: up, stroke: black}
      r3: {shape: square-bracket, direction: up, stroke: black}
place:
  - {span: r1, of: a}
  - {span: r3, of: b}
""")
    a, b, r1, r2, r3 = (ctx.placed[k] for k in ("row.a", "row.b", "ruler.r1", "ruler.r2", "ruler.r3"))
    assert (r1.x, r1.right) == (pytest.approx(a.x, abs=0.5), pytest.approx(a.right, abs=0.5))
    assert (r3.x, r3.right) == (pytest.approx(b.x, abs=0.5), pytest.approx(b.right, abs=0.5))
    assert r2.x == pytest.approx(r1.right + 4, abs=0.5) and r2.right == pytest.approx(r3.x - 4, abs=0.5)


def test_labels_beside_a_slanted_edge_keep_off_it(tmp_path):
    ctx = _ctx(tmp_path, """direction: LR
nodes:
  t:
    cols:
      s: {text: S}
      ks:
        gap: wide
        rows:
          a: {text: A}
          b: {text: B}
place:
  - {between: s, of: [a, b], axis: y}
edges:
  - {from: s, to: a, route: straight, labels: [{text: "$P(a\\\\mid s)$", side: above}, {text: r, side: below}]}
  - {from: s, to: b, route: straight, labels: [{text: "$P(b\\\\mid s)$", side: below}, {text: r, side: above}]}
""")
    assert len(ctx.labels) == 4
    assert lint_figure(ctx, "auto", THEME, contract=True) == []
    (p0, p1) = ctx.edge_paths[0].points[0], ctx.edge_paths[0].points[-1]
    above = ctx.labels[0][0]
    # the label's lower-right corner stays above the line s → a (which rises to the right)
    t = (above.right - p0[0]) / (p1[0] - p0[0])
    assert above.bottom < p0[1] + t * (p1[1] - p0[1])


def test_a_bubble_with_its_tail_up_keeps_routes_clear_above(tmp_path):
    from diagrams.layout.auto import with_tails

    fig = load_figure(_spec(tmp_path, """nodes:
  q: {text: Max return, shape: bubble, direction: up-left, fill: white}
"""))
    ctx = render(fig, "en", THEME).ctx
    q = ctx.placed["q"]
    r = with_tails(fig, ctx, {"q": q})["q"]
    assert r.y < q.y and r.bottom == pytest.approx(q.bottom)


def test_relational_figures_are_byte_identical_across_processes():
    """kiwisolver orders its variables by memory address; solutions are snapped so that runs agree."""
    import hashlib
    import subprocess
    import sys

    specs = [ROOT.parent / "specs" / "no-training" / "rag.yaml", ROOT.parent / "specs" / "rlhf" / "shared-base-rlhf.yaml"]
    code = ("import sys, hashlib; from pathlib import Path; from diagrams.pipeline import load_figure, render; "
            "from diagrams.theme import load_theme; "
            "print(' '.join(hashlib.sha256(render(load_figure(Path(p)), 'zh', load_theme()).svg.encode()).hexdigest() "
            "for p in sys.argv[1:]))")
    runs = {subprocess.run([sys.executable, "-c", code, *map(str, specs)], capture_output=True, text=True,
                           cwd=ROOT.parent, check=True).stdout.strip() for _ in range(2)}
    here = " ".join(hashlib.sha256(render(load_figure(p), "zh", THEME).svg.encode()).hexdigest() for p in specs)
    assert runs == {here}


def test_a_frame_holds_a_list_of_nodes_that_relations_place(tmp_path):
    """`{inside: [a, b, c], of: frame}`: the frame grows around nodes that other relations place, and edges between
    them are routed inside it, not around it."""
    ctx = _ctx(tmp_path, """nodes:
  frame: {style: panel, fill: grey-1}
  a: {text: Prompt}
  b: {text: Policy model, style: model}
  c: {text: Reward}
place:
  - {inside: [a, b, c], of: frame, padding: normal}
  - {above: a, of: b}
  - {right_of: c, of: b}
edges:
  - {from: a, to: b}
  - {from: b, to: c}
""")
    frame = ctx.placed["frame"]
    for k in "abc":
        assert frame.contains(ctx.placed[k])
    for ep in ctx.edge_paths:
        assert len(ep.points) == 2          # straight: the frame is not in the way
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_an_edge_goes_around_a_panel_it_does_not_enter(tmp_path):
    """A container is in the way of edges that neither leave nor enter it (it is only open to its own)."""
    ctx = _ctx(tmp_path, """nodes:
  top: {text: Value}
  panel:
    style: panel
    rows:
      inner: {text: Buffer}
  bottom: {text: GAE}
edges:
  - {from: top, to: bottom}
""")
    panel = ctx.placed["panel"]
    (ep,) = ctx.edge_paths
    for p, q in zip(ep.points, ep.points[1:]):
        x0, x1 = sorted((p[0], q[0]))
        y0, y1 = sorted((p[1], q[1]))
        assert x1 <= panel.x or x0 >= panel.right or y1 <= panel.y or y0 >= panel.bottom


def test_a_relation_gap_widens_for_an_alignment_and_boxes_keep_their_size(tmp_path):
    """`column` wants its gap; an alignment elsewhere widens it rather than stretching a box or both giving way."""
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Critic}
  b: {text: Value}
  c: {text: A tall box\\nwith\\nseveral\\nlines}
  d: {text: Reward}
place:
  - {column: [a, b]}
  - {row: [a, c], align: top}
  - {below: d, of: c}
  - {align: [b, d], on: top}
""")
    P = ctx.placed
    assert P["b"].y == pytest.approx(P["d"].y, abs=0.5)
    assert P["b"].h == pytest.approx(P["a"].h, abs=0.5)
    assert P["b"].cx == pytest.approx(P["a"].cx, abs=0.5)


def test_labels_of_a_fork_sit_on_their_own_branches(tmp_path):
    """Edges sharing a trunk are labelled next to their own branch, not on the shared trunk."""
    ctx = _ctx(tmp_path, """direction: LR
nodes:
  buffer: {text: Buffer, style: model}
  targets:
    gap: wide
    rows:
      one: {text: Policy model}
      two: {text: Value model}
place:
  - {right_of: targets, of: buffer, gap: 160}
edges:
  - {from: buffer, to: one, exit: right, enter: left, label: {text: logP_old}}
  - {from: buffer, to: two, exit: right, enter: left, label: {text: Advantage}}
""")
    bus = ctx.edge_paths[0].points[1][0]
    for (r, _chip, edge) in ctx.labels:
        assert r.cx > bus + 10
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


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


def test_a_fork_bus_moves_off_a_box_in_its_way():
    """A fork's shared line runs half-way out unless a branch would cut a box there; then further in or out."""
    from diagrams.layout.route import Request, assign_ports, fork_path
    from diagrams.scene import Rect

    src, up, down = Rect(0, 100, 60, 40), Rect(300, 0, 80, 40), Rect(300, 200, 80, 40)
    block = Rect(120, 30, 80, 40)       # across the half-way line (x = 180), under the upper branch's level
    reqs = [Request(0, "src", "up", src, up, exit="right", enter="left"),
            Request(1, "src", "down", src, down, exit="right", enter="left")]
    boxes = {"src": src, "up": up, "down": down, "block": block}
    for q in reqs:
        q.ignore = frozenset({q.source, q.target})
    assign_ports(reqs, True, boxes)
    buses = {q.fork[1] for q in reqs}
    assert len(buses) == 1
    bus = buses.pop()
    assert not (block.x - 10 < bus < block.right + 10)          # clear of the box
    for q in reqs:                                              # one trunk from one port
        assert q.ports[0] == reqs[0].ports[0]
        pts = fork_path(q.ports[0], q.exit, q.ports[1], bus)
        assert pts[1][0] == bus


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
    w, plus = ctx.placed["w"], ctx.placed["plus"]
    assert w.x < ep.points[0][0] < plus.x           # not under the circle: no doubling back
    assert len(ep.points) == 3                      # up, then right into the circle: one bend


def test_solved_positions_are_snapped_so_renders_repeat():
    from diagrams.layout.solve import Layout

    L = Layout()
    b = L.box("a", (10.0000000000001, 5.0))
    L.solve(["a"])
    assert b.rect().w == 10.0


def test_grid_cells_can_sit_at_the_start_of_their_column(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  g:
    columns: 2
    rows:
      v1: {text: A wide value box}
      n1: {text: Name, align_self: start}
      v2: {text: V}
      n2: {text: A longer name}
""")
    n1, n2, v1, v2 = (ctx.placed[f"g.{k}"] for k in ("n1", "n2", "v1", "v2"))
    assert n1.x == pytest.approx(n2.x, abs=0.5)           # names start at one x
    assert v1.cx == pytest.approx(v2.cx, abs=0.5)          # values stay centred


def test_parallel_leaders_from_one_side_stay_level_instead_of_forking(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  stage: {text: "Input\\nlayer\\nwith room", padding: [20, 30]}
  rows:
    rows:
      a: {text: ids}
      b: {text: tokens}
place:
  - {right_of: rows, of: stage, gap: wide}
  - {align: [stage, a], on: top}
  - {align: [stage, b], on: bottom}
edges:
  - {from: stage, to: [a, b], arrow: none, line: dash-dot}
""")
    for ep in ctx.edge_paths:
        assert len(ep.points) == 2 and ep.points[0][1] == pytest.approx(ep.points[1][1], abs=0.5)


def test_a_table_cell_can_hold_words_around_computed_numbers(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  t:
    component: table
    compute: lm.embedding_lookup
    args: {pieces: [How, are you, "?"], vocab: [[0, "!"], [11319, "?"], [56568, How], [105518, are you]],
           embeddings: [[11319, [0.4, 0.6]], [56568, [2.6, 0.8]], [105518, [-1, -1.3]]], vocab_size: 151936, dim: 896}
    data: {size: [1, 1], values: [{at: [0, 0], value: {en: "Shape {value.shape.0}×{value.shape.1}", zh: "形状{value.shape.0}×{value.shape.1}"}}]}
""")
    assert any("Shape 3×896" in t.text for t in ctx.scene.texts)


def test_a_relation_can_name_a_part_of_a_component(tmp_path):
    """`{align: [heads.k1, k_label], on: middle}`: a label lines up with one bar of a drawing (a kv_heads part)
    or one row of a table (`table.r2c0`), wherever the drawing sits in its container."""
    ctx = _ctx(tmp_path, """nodes:
  k_label: {text: K, style: plain}
  row_label: {text: third row, style: plain}
  panel:
    style: panel
    rows:
      title: {text: GQA, style: plain}
      heads: {component: kv_heads, compute: attention.kv_groups, args: {n_heads: 4, n_kv_heads: 2}}
  t: {component: table, data: {size: [4, 2], row_heights: [30, 30, 50, 30]}}
place:
  - {left_of: k_label, of: panel, align: none}
  - {align: [panel.heads.k1, k_label], on: middle}
  - {right_of: t, of: panel}
  - {right_of: row_label, of: t, align: none}
  - {align: [t.r2c0, row_label], on: middle}
""")
    k, label = ctx.placed["panel.heads.k1"], ctx.placed["k_label"]
    assert abs(k.cy - label.cy) < 0.5
    assert label.right <= ctx.placed["panel"].x
    cell, row = ctx.placed["t.r2c0"], ctx.placed["row_label"]
    assert abs(cell.cy - row.cy) < 0.5 and row.x >= ctx.placed["t"].right
    with pytest.raises(SpecError, match="not a node"):
        _ctx(tmp_path, """nodes:
  a: {text: A}
  t: {component: table, data: {size: [2, 2]}}
place:
  - {align: [t.r5c0, a], on: middle}
""")


def test_a_frame_can_highlight_nested_nodes_across_containers(tmp_path):
    """`{inside: [a2, b2], of: hl}`: a frame around the second row of two columns overlays the columns (it neither
    holds them nor is pushed off them), two such frames may cross, and lint accepts both."""
    body = """nodes:
  grid:
    gap: wide
    cols:
      col_a: {style: panel, rows: {a1: {text: A1}, a2: {text: A2}}}
      col_b: {style: panel, rows: {b1: {text: B1}, b2: {text: B2}}}
  row_hl: {shape: rect, fill: none, stroke: cyan}
  col_hl: {shape: rect, fill: none, stroke: green}
place:
  - {inside: [a2, b2], of: row_hl, padding: 6}
  - {inside: [col_b], of: col_hl, padding: 4}
"""
    fig = load_figure(_spec(tmp_path, body))
    ctx = render(fig, "en", THEME).ctx
    hl, a2, b2 = ctx.placed["row_hl"], ctx.placed["grid.col_a.a2"], ctx.placed["grid.col_b.b2"]
    assert hl.x <= a2.x - 5.9 and hl.right >= b2.right + 5.9 and hl.y <= min(a2.y, b2.y)
    assert hl.bottom < ctx.placed["grid"].bottom + 10        # over the grid, not pushed below it
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []


def test_text_turned_a_quarter_is_measured_upright(tmp_path):
    """`rotate: -90`: the box is as wide as a line is tall, so a turned label beside a brace takes little room."""
    ctx = _ctx(tmp_path, """nodes:
  turned: {text: Embedding dimension of four, style: plain, rotate: -90}
  flat: {text: Embedding dimension of four, style: plain}
""")
    t, f = ctx.placed["turned"], ctx.placed["flat"]
    assert t.h > t.w and abs(t.h - f.w) < 1 and abs(t.w - f.h) < 1


def test_an_edge_to_a_part_may_reach_into_its_component(tmp_path):
    """An edge to `t.r1c1` (a cell, an axis label of a chart) ends inside the component's box: that box is not an
    obstacle the edge has to route around, so the route ends at the part and lint finds nothing."""
    body = """nodes:
  a: {text: Source}
  t: {component: table, data: {size: [3, 3], values: [{at: [0, 0], values: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}]}}
place:
  - {below: t, of: a}
edges:
  - {from: a, to: t.r1c2, exit: right, enter: right}
"""
    fig = load_figure(_spec(tmp_path, body))
    ctx = render(fig, "en", THEME).ctx
    assert "t" in ctx.ends_of(fig.edges[0])
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []


def test_stack_draws_copies_behind_a_node(tmp_path):
    """`stack: 2` on a panel or a box: two copies of its shape behind it, up and left by `stack_offset`; the node
    itself (what edges meet) is the front card, and its box made room for the pile."""
    fig = load_figure(_spec(tmp_path, """nodes:
  src: {text: Dataset}
  card: {style: panel, fill: white, stroke: orange, stack: 2, stack_offset: 12, rows: {q: {text: Question}, a: {text: Options}}}
  note: {text: Answer, stack: 1}
place:
  - {below: card, of: src}
  - {right_of: note, of: card}
edges:
  - {from: src, to: card}
"""))
    ctx = render(fig, "en", THEME).ctx
    card = ctx.placed["card"]
    orange = [s for s in ctx.scene.items if getattr(s, "paint", None) is not None and getattr(s, "rect", None)
              is not None and s.paint.stroke == ctx.color("orange")]
    assert len(orange) >= 3                                   # two copies and the card itself
    q = ctx.placed["card.q"]
    assert card.x < q.x and card.y < q.y                      # the children sit on the front card
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []
    with pytest.raises(SpecError, match="stack"):
        _ctx(tmp_path, """nodes:
  a: {text: A, stack: 0.5}
""")


def test_a_u_turn_inside_a_panel_stays_inside_it(tmp_path):
    """A residual line (`exit: left, enter: left`) between two nodes of a panel runs `bend` px left of the boxes it
    passes, inside the panel that holds both ends, not outside the panel's edge."""
    fig = load_figure(_spec(tmp_path, """nodes:
  panel:
    style: panel
    rows:
      add: {text: Add, shape: circle}
      layer: {text: "Layer (Attention / FFN)"}
      dot: {shape: circle, min_size: [10, 10]}
      caption: {text: A long caption under the residual block that makes the panel wide}
edges:
  - {from: dot, to: layer}
  - {from: layer, to: add}
  - {from: dot, to: add, exit: left, enter: left, bend: 30}
"""))
    ctx = render(fig, "en", THEME).ctx
    panel, layer = ctx.placed["panel"], ctx.placed["panel.layer"]
    xs = [p[0] for p in ctx.edge_paths[2].points]
    assert panel.x < min(xs) < layer.x
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []


def test_a_container_drawn_as_a_bubble_takes_its_tail_direction(tmp_path):
    """A callout holding several coloured words (a `cols` container with `shape: bubble`) points its tail where
    `direction` says, as a bubble box does: `up-right` rises above its top edge."""
    import re as _re
    ctx = _ctx(tmp_path, """nodes:
  note: {shape: bubble, direction: up-right, fill: grey-1, gap: 0, cols: {a: {text: 'No mean ("', style: plain}, b: {text: μ, style: plain, color: rust}, c: {text: '")', style: plain}}}
""")
    r = ctx.placed["note"]
    bubble = [s for s in ctx.scene.items if getattr(s, "d", None) and getattr(s, "rect", None) == r]
    ys = [float(v) for v in _re.findall(r"[ML][-\d.]+ ([-\d.]+)", bubble[0].d)]
    assert min(ys) < r.y - 1                     # the tail rises above the top edge


def test_dims_annotate_the_sides_of_a_matrix(tmp_path):
    """`dims:` draws a dimension (text and a thin arrow) beside each named side; the node is measured with them, so
    a neighbour keeps clear of them, and edges meet the node beyond them."""
    body = """nodes:
  m:
    component: table
    data: {size: [3, 4], col_widths: [24, 24, 24, 24], row_heights: [24, 24, 24], styles: [{fill: white}]}
    dims: {bottom: hid_size, left: seq_len}
  n: {text: Next}
place:
  - {right_of: n, of: m, gap: 20}
edges:
  - {from: m, to: n}
"""
    ctx = _ctx(tmp_path, body)
    texts = {t.text: t for t in ctx.scene.texts}
    low, side = texts["hid_size"].box, texts["seq_len"].box
    cell = ctx.placed["m.r2c0"]
    m = Rect(cell.x, ctx.placed["m.r0c0"].y, ctx.placed["m.r2c3"].right - cell.x, cell.bottom - ctx.placed["m.r0c0"].y)
    assert low.y >= m.bottom and low.cx == pytest.approx(m.cx, abs=1)       # under the matrix, centred
    assert side.right <= m.x and m.y <= side.cy <= m.bottom                  # beside it, on the left
    assert texts["hid_size"].size == THEME.type_scale["small"]
    assert ctx.placed["n"].x >= ctx.placed["m"].right + 20 - 0.5
    assert ctx.placed["m"].contains(low) and ctx.placed["m"].contains(side)    # edges meet it beyond its dimensions
    assert lint_figure(ctx, "auto", THEME, contract=True) == []
    with pytest.raises(SpecError, match="dims"):
        _ctx(tmp_path, "nodes:\n  a: {text: A, dims: {middle: x}}\n")


def test_a_large_figure_routes_each_edge_among_the_boxes_near_it(tmp_path, monkeypatch):
    """More boxes than one routing grid holds: an edge is routed among the boxes near its ends (a growing window)
    and the route is kept when it crosses none of the others; the result is lint-clean."""
    from diagrams.layout import route

    far = "".join(f"  f{i}: {{text: F{i}}}\n" for i in range(12))
    body = ("nodes:\n  a: {text: A}\n  x: {text: X}\n  b: {text: B}\n" + far
            + "place:\n  - {column: [a, x, b], gap: 40}\n  - {row: [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11], gap: 40}\n"
            + "  - {right_of: f0, of: x, gap: 1200}\n"
            + "edges:\n  - {from: a, to: b}\n")
    full = (2 * 17 + 3) ** 2
    monkeypatch.setattr(route, "MAX_GRID_POINTS", full - 1)
    fig = load_figure(_spec(tmp_path, body))
    ctx = render(fig, "en", THEME).ctx
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []
    a, b, x = ctx.placed["a"], ctx.placed["b"], ctx.placed["x"]
    xs = [p[0] for p in ctx.edge_paths[0].points]
    assert min(xs) < x.x or max(xs) > x.right          # around X, the box in its way


def test_shadow_draws_a_soft_copy_behind_a_node(tmp_path):
    """`shadow: true`: a grey copy of the node's shape 5 px down and right, drawn before the node; with `stack` each
    card of the pile has one. The node keeps its box and lint stays clean."""
    fig = load_figure(_spec(tmp_path, """nodes:
  chip: {text: Cache, shape: rect, fill: white, stroke: none, shadow: true}
  card: {style: panel, fill: white, stroke: orange, stack: 1, shadow: true, rows: {q: {text: Question}}}
place:
  - {right_of: card, of: chip}
"""))
    ctx = render(fig, "en", THEME).ctx
    chip = ctx.placed["chip"]
    grey = ctx.color("grey-2")
    shades = [s for s in ctx.scene.items if getattr(s, "paint", None) is not None and s.paint.fill == grey]
    assert any(s.rect is not None and abs(s.rect.x - chip.x - 5) < 0.01 and abs(s.rect.y - chip.y - 5) < 0.01
               for s in shades)
    assert len(shades) >= 3                                        # the chip, and both cards of the pile
    items = ctx.scene.items
    first_shade = min(i for i, s in enumerate(items) if s in shades)
    assert first_shade < max(i for i, s in enumerate(items) if getattr(s, "rect", None) == chip)
    assert lint_figure(ctx, fig.layout, THEME, contract=True) == []
