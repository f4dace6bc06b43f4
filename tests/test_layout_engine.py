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


def test_inside_corner_pins_to_a_side_of_the_frame(tmp_path):
    """`corner:` puts a node in a corner of its frame, `padding: [x, y]` in from it; a wrong corner is named."""
    ctx = _ctx(tmp_path, """nodes:
  frame: {shape: rect, fill: grey-1, stroke: none, min_size: [600, 400]}
  note: {text: Top right, style: plain}
  foot: {text: Bottom, style: plain}
place:
  - {inside: note, of: frame, corner: top-right, padding: [30, 50]}
  - {inside: foot, of: frame, corner: bottom, padding: 10}
""")
    frame, note, foot = ctx.placed["frame"], ctx.placed["note"], ctx.placed["foot"]
    assert note.right == pytest.approx(frame.right - 30, abs=0.5)
    assert note.y == pytest.approx(frame.y + 50, abs=0.5)
    assert foot.bottom == pytest.approx(frame.bottom - 10, abs=0.5)
    assert foot.cx == pytest.approx(frame.cx, abs=0.5)
    with pytest.raises(SpecError, match="corner"):
        _ctx(tmp_path, """nodes:
  frame: {shape: rect, min_size: [100, 100]}
  note: {text: N, style: plain}
place:
  - {inside: note, of: frame, corner: top-rigth}
""")


def test_overlap_straddles_a_side_and_is_lint_clean(tmp_path):
    """`overlap` puts a shape across another's side, `by` px into it, kept there (not pushed apart) and not reported
    by lint; text inside one still may not overlap text inside the other. `opacity` draws a shape see-through."""
    body = """nodes:
  big:
    shape: ellipse
    fill: pale-blue
    padding: [60, 20]
    cols:
      m: {shape: circle, fill: sky, stroke: none, padding: [20, 30], rows: {m_text: {text: Method, style: plain}}}
  field: {shape: ellipse, fill: pink, opacity: 0.6, stroke: none, padding: [30, 12], rows: {f_text: {text: Field, style: plain}}}
place:
  - {overlap: field, of: m, side: bottom, by: 24, align: right}
"""
    ctx = _ctx(tmp_path, body)
    m, field = ctx.placed["big.m"], ctx.placed["field"]
    assert field.y == pytest.approx(m.bottom - 24, abs=0.5)
    assert field.right == pytest.approx(m.right, abs=0.5)
    assert lint_figure(ctx, "auto", THEME, contract=True) == []
    assert any(getattr(getattr(it, "paint", None), "opacity", None) == pytest.approx(0.6) for it in ctx.scene.items)
    deep = _ctx(tmp_path, body.replace("by: 24", "by: 80"))   # reaching the text: the two texts overlap, lint says so
    assert any("overlap" in p for p in lint_figure(deep, "auto", THEME, contract=True))
    with pytest.raises(SpecError, match="side"):
        _ctx(tmp_path, body.replace("side: bottom", "side: under"))


def test_u_turn_stays_inside_the_panel_holding_both_ends(tmp_path):
    """A feedback loop (exit left, enter left) between two boxes of one panel runs inside that panel, outside
    the inner panel it passes (the box it enters sits in one)."""
    ctx = _ctx(tmp_path, """nodes:
  outer:
    style: panel
    padding: [120, 20]
    rows:
      inner: {style: panel, fill: mist, padding: [40, 12], rows: {policy: {text: Policy}, obs: {text: Observation}}}
      value: {text: Value}
edges:
  - {from: value, to: policy, exit: left, enter: left, bend: 30}
""")
    outer, inner = ctx.placed["outer"], ctx.placed["outer.inner"]
    xs = [p[0] for ep in ctx.edge_paths for p in ep.points]
    assert min(xs) > outer.x and min(xs) < inner.x
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_angled_curves_and_self_loops_between_state_circles(tmp_path):
    """`route: curve` with exit_angle/enter_angle in the relational layout: the ends sit on the circles at those
    angles (a self-loop included) and the curve is drawn as asked, not by the orthogonal router."""
    ctx = _ctx(tmp_path, """nodes:
  states: {gap: 200, cols: {s1: {text: S1, shape: circle, fill: yellow}, s2: {text: S2, shape: circle, fill: yellow}}}
edges:
  - {from: s1, to: s1, route: curve, exit_angle: 135, enter_angle: 225, bend: 60, label: {text: loop, side: left}}
  - {from: s1, to: s2, route: curve, exit_angle: 300, enter_angle: 240, bend: 90}
""")
    s1 = ctx.placed["states.s1"]
    loop, arc = ctx.edge_paths[0].points, ctx.edge_paths[1].points
    r = s1.w / 2
    for p in (loop[0], loop[-1]):            # both ends of the loop on s1's circle (an arrow head may stop short)
        assert abs(((p[0] - s1.cx) ** 2 + (p[1] - s1.cy) ** 2) ** 0.5 - r) < 16
    assert min(p[0] for p in loop) < s1.x - 20          # the loop bulges out to the left
    assert min(p[1] for p in arc) < s1.y                # the arc runs over the top
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


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


def test_a_grid_gap_may_differ_across_and_down(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  g:
    columns: 2
    gap: [tight, 70]
    rows:
      a: {shape: round, min_size: [40, 30]}
      b: {shape: round, min_size: [40, 30]}
      c: {shape: round, min_size: [40, 30]}
      d: {shape: round, min_size: [40, 30]}
""")
    a, b, c = (ctx.placed[f"g.{k}"] for k in ("a", "b", "c"))
    assert b.x - a.right == pytest.approx(12, abs=0.5)     # across: the theme's tight gap
    assert c.y - a.bottom == pytest.approx(70, abs=0.5)    # down: 70 px


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


def test_a_stack_whose_children_sit_in_two_frames_lays_out(tmp_path):
    """A stack with some children inside one frame and the others inside another (a replay buffer on the line
    between two bands) overlaps both and belongs to neither; the frames do not become each other's parent (that looped)."""
    ctx = _ctx(tmp_path, """nodes:
  upper: {shape: round, fill: mist, stroke: none}
  lower: {shape: round, fill: grey-1, stroke: none}
  stack:
    gap: 0
    rows:
      a: {text: s_t}
      b: {text: a_t}
      c: {text: r_t}
      d: {text: s_t+1}
place:
  - {inside: [a, b], of: upper, padding: 8}
  - {inside: [c, d], of: lower, padding: 8}
""")
    assert "stack" not in ctx.parents and "upper" not in ctx.parents and "lower" not in ctx.parents
    for k in "ab":
        assert ctx.placed["upper"].contains(ctx.placed["stack." + k])
    for k in "cd":
        assert ctx.placed["lower"].contains(ctx.placed["stack." + k])


def test_a_rule_pointing_down_is_a_vertical_divider(tmp_path):
    """`shape: rule, direction: down`: a vertical line down the middle of the node, as tall as its container makes it
    (`stretch: true` in a `cols` container): the dotted dividers between the segments of a number line."""
    fig = load_figure(_spec(tmp_path, """nodes:
  row:
    gap: 0
    cols:
      left: {text: {en: Current state, zh: 当前状态}, padding: [10, 30]}
      divider: {shape: rule, direction: down, stroke: grey-3, dash: dotted, min_size: [2, 10], stretch: true}
      right: {text: {en: Next state, zh: 下一个状态}}
"""))
    r = render(fig, "en", THEME)
    rule, left = r.ctx.placed["row.divider"], r.ctx.placed["row.left"]
    assert rule.h == pytest.approx(left.h, abs=0.5)
    from diagrams.render.svg import num
    assert f"M{num(rule.cx)} {num(rule.y)}V{num(rule.bottom)}" in r.svg


def test_a_container_drawn_as_a_polygon_keeps_its_corners(tmp_path):
    """A container with `shape: polygon` is outlined by its own `points` (a right triangle behind the past of a
    trajectory), not by the default polygon."""
    r = render(load_figure(_spec(tmp_path, """nodes:
  past:
    shape: polygon
    points: [[0, 0], [0, 1], [1, 1]]
    fill: periwinkle
    stroke: none
    rows:
      s0: {text: s0}
      r: {text: r}
""")), "en", THEME)
    box = r.ctx.placed["past"]
    from diagrams.render.svg import num
    corners = f"{num(box.x)} {num(box.y)}"
    assert any(corners in el for el in r.svg.split("<path")[1:] + r.svg.split("<polygon")[1:])


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


def test_a_route_is_looked_for_among_near_boxes_first(tmp_path, monkeypatch):
    # a large figure (a mind map of hundreds of boxes) routes each edge on a grid of the boxes near it: the grid
    # of the whole figure would be too large here, the edge's detour around the box in its way is found anyway
    from diagrams.contract import _segment_in
    from diagrams.layout import route

    monkeypatch.setattr(route, "MAX_GRID_POINTS", 200)
    far = "".join(f"      f{i}: {{text: F{i}}}\n" for i in range(14))
    ctx = _ctx(tmp_path, "nodes:\n  a: {text: Start}\n  block: {text: In the way}\n  b: {text: End}\n"
                         "  far:\n    rows:\n" + far +
               "place:\n  - {right_of: far, of: block, gap: 1500}\nedges:\n  - {from: a, to: b}\n")
    (ep,) = ctx.edge_paths
    assert len(ep.points) > 2
    assert not any(_segment_in(ctx.placed["block"], p, q, 0) for p, q in _segments(ep))
    with pytest.raises(SpecError, match="too large to route"):      # the whole figure's grid is too large
        route.orthogonal_path(ep.points[0], "bottom", ep.points[-1], "top", list(ctx.placed.values()))


def test_a_badge_sits_in_the_corner_its_side_names(tmp_path):
    # lock/unlock badges: bottom right by default, bottom left with badge_side: left (a frozen layer's lock)
    ctx = _ctx(tmp_path, "nodes:\n  a: {text: Layer 4, icons: [unlock]}\n  b: {text: Layer 3, icons: [lock], badge_side: left}\n")
    badges = [it for it in ctx.scene.items if getattr(it, "markup", "").startswith("<g transform")]
    a, b = ctx.placed["a"], ctx.placed["b"]
    (ia,) = [it for it in badges if a.y <= it.box.cy <= a.bottom]
    (ib,) = [it for it in badges if b.y <= it.box.cy <= b.bottom]
    assert ia.box.cx > a.cx and ib.box.cx < b.cx
    assert lint_figure(ctx, "auto", THEME) == []


def test_an_overlay_on_a_deeply_nested_node(tmp_path):
    # `inside` a node two containers deep (a name over a matrix in a panel in a column): the overlay's parent is
    # the innermost frame, and no container ends up inside what it holds (that was an endless loop)
    ctx = _ctx(tmp_path, """nodes:
  outer:
    rows:
      mid: {style: panel, rows: {cell: {shape: rect, fill: sky, min_size: [120, 60]}}}
  tag: {text: T, style: plain}
place:
  - {inside: tag, of: cell}
""")
    cell, tag = ctx.placed["outer.mid.cell"], ctx.placed["tag"]
    assert cell.x < tag.x and tag.right < cell.right and cell.y < tag.y and tag.bottom < cell.bottom
    assert ctx.parents["tag"] == "outer.mid.cell"
    assert lint_figure(ctx, "auto", THEME) == []


def test_a_name_over_a_matrix_is_not_an_overlap(tmp_path):
    # a name placed `inside` a table sits over its cells by design; the lint reports no overlap with them
    ctx = _ctx(tmp_path, """nodes:
  col:
    rows:
      m: {component: table, data: {size: [4, 4], border: white, border_width: 3, min_col_width: 40, min_row_height: 40,
                                   styles: [{fill: grey-2, text: ""}]}}
  name: {text: "$W$", style: plain}
place:
  - {inside: name, of: m}
""")
    assert lint_figure(ctx, "auto", THEME) == []


def test_an_edge_may_cross_a_brace_or_a_bracket(tmp_path):
    # a brace or a square bracket is a drawn line, not a box: a straight edge crossing it (a dotted leader from a
    # token through the bracket under its row) is two lines crossing, which the lint allows; a box is still a box
    body = """nodes:
  col:
    gap: 4
    items: stretch
    rows:
      toks: {cols: {a: {text: Alpha}, b: {text: Beta}}}
      bracket: {shape: square-bracket, direction: up, min_size: [0, 12]}
  target: {text: Target}
place:
  - {below: target, of: col, gap: 120}
edges:
  - {from: b, to: target, route: straight, exit: bottom, enter: top}
"""
    ctx = _ctx(tmp_path, body)
    assert "col.bracket" in ctx.strokes
    assert lint_figure(ctx, "auto", THEME) == []
    boxed = _ctx(tmp_path, body.replace("shape: square-bracket, direction: up", "shape: rect, fill: sky"))
    assert any("runs through 'col.bracket'" in p for p in lint_figure(boxed, "auto", THEME))


def test_span_over_a_run_of_nodes_covers_first_to_last(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  brace: {shape: brace, direction: up, stroke: black}
  row:
    gap: 3
    cols:
      a: {text: How}
      b: {text: are}
      c: {text: you today}
      d: {text: "?"}
  side: {shape: brace, direction: right, stroke: black}
place:
  - {span: brace, of: [b, c]}
  - {right_of: side, of: row}
  - {span: side, of: [a, d], axis: y}
""")
    br, b, c, side, a = (ctx.placed[k] for k in ("brace", "row.b", "row.c", "side", "row.a"))
    assert br.x == pytest.approx(b.x, abs=0.5) and br.right == pytest.approx(c.right, abs=0.5)
    assert side.y == pytest.approx(a.y, abs=0.5) and side.bottom == pytest.approx(a.bottom, abs=0.5)


def test_a_pointer_between_two_cells_of_one_table_runs_over_its_cells(tmp_path):
    body = """nodes:
  m:
    component: table
    data: {size: [2, 4], border: white, values: [{at: [0, 0], values: ["-2.3", "*", " ", "[up]"]}]}
edges:
  - {from: m.r0c3, to: m.r0c0, exit: left, enter: right, line: dotted}
"""
    fig = load_figure(_spec(tmp_path, body))
    ctx = render(fig, "en", THEME).ctx
    assert ctx.shared_component("m.r0c3", "m.r0c0") == "m"
    assert {"m", "m.r0c1", "m.r0c2"} <= ctx.ends_of(fig.edges[0])
    assert not [p for p in lint_figure(ctx, fig.layout, THEME, contract=True) if "runs through '" in p]


def test_a_cell_of_a_nested_table_is_named_by_the_table_s_own_name(tmp_path):
    fig = load_figure(_spec(tmp_path, """nodes:
  col:
    rows:
      model: {text: Model}
      tokens: {component: table, data: {values: [{at: [0, 0], values: [Hi, "!"]}]}}
edges:
  - {from: [tokens.r0c0, tokens.r0c1], to: model}
"""))
    assert [(e.source, e.target) for e in fig.edges] == [("col.tokens.r0c0", "col.model"), ("col.tokens.r0c1", "col.model")]


def test_edges_run_straight_across_a_crossable_brace(tmp_path):
    body = """nodes:
  model: {text: Model}
  ins:
    gap: 4
    rows:
      brace: {shape: brace, stroke: black, min_size: [0, 16], crossable: true, stretch: true}
      tokens: {gap: 3, cols: {a: {text: Alpha}, b: {text: Beta}}}
edges:
  - {from: a, to: model}
"""
    fig = load_figure(_spec(tmp_path, body))
    ctx = render(fig, "en", THEME).ctx
    pts = ctx.edge_paths[0].points
    assert len({round(x) for x, _ in pts}) == 1          # straight up through the brace, not around it
    assert not [p for p in lint_figure(ctx, fig.layout, THEME, contract=True) if "runs through" in p]


def test_a_plot_band_is_named_over_its_top(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  p:
    component: plot
    data:
      width: 300
      height: 200
      x_range: [0, 10]
      y_range: [0, 10]
      bands: [{x: [4, 6], y: [0, 8], stroke: cyan, label: Trust region}]
""")
    label = next(t for t in ctx.scene.texts if getattr(t, "text", "") == "Trust region")
    band_top = ctx.placed["p"].y + 200 * (1 - 8 / 10)
    assert label.box.bottom <= band_top + 0.5
    assert label.box.x + label.box.w / 2 == pytest.approx(ctx.placed["p"].x + 150, abs=1.0)


@pytest.mark.parametrize("share, merged", [(None, True), ("start", False), (False, False)])
def test_share_keeps_an_edge_off_a_merge_at_its_end(tmp_path, share, merged):
    extra = "" if share is None else f", share: {str(share).lower()}"
    ctx = _ctx(tmp_path, f"""direction: LR
nodes:
  a: {{text: A}}
  c: {{text: C}}
  b: {{text: B}}
place:
  - {{below: c, of: a, gap: 80}}
  - {{right_of: b, of: a, gap: 120, align: none}}
  - {{between: b, of: [a, c], axis: y}}
edges:
  - {{from: a, to: b, exit: right, enter: left}}
  - {{from: c, to: b, exit: right, enter: left{extra}}}
""")
    ends = [ep.points[-1] for ep in ctx.edge_paths]
    assert (ends[0] == pytest.approx(ends[1], abs=0.5)) is merged


def test_ports_spread_on_a_side_stay_within_it_when_all_wish_beyond_its_end():
    from diagrams.layout.route import _spaced
    out = _spaced([340.0, 340.0], 14.0, 78.0, [58.0])
    assert 14.0 <= out[0] < out[1] <= 78.0
    assert out[1] - out[0] >= 58.0 - 1e-6


def test_l_shaped_edges_between_two_boxes_nest_instead_of_crossing(tmp_path):
    """Two L-shaped edges between the same two boxes (out of a bottom, into a left side, and back) nest: the
    first in the spec runs outside at both ends, so they never cross."""
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Agent}
  b: {text: A wide environment box}
place:
  - {below: b, of: a, gap: 120, align: none}
  - {right_of: b, of: a, gap: 160, align: none}
edges:
  - {from: b, to: a, exit: left, enter: bottom}
  - {from: a, to: b, exit: bottom, enter: left}
""")
    back, out = (ep.points for ep in ctx.edge_paths)
    assert back[-1][0] < out[0][0]          # further left on the agent
    assert back[0][1] > out[-1][1]          # lower on the environment
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_quarter_turned_label_is_measured_standing_up(tmp_path):
    """`rotate: -90` on a node the engine lays out: the box is tall and narrow, the text turns about its centre
    and stays inside it (the lint checks the turned text box)."""
    ctx = _ctx(tmp_path, """nodes:
  axis_label: {text: Wider iterations, style: plain, rotate: -90}
  flat: {text: Wider iterations, style: plain}
place:
  - {right_of: flat, of: axis_label}
""")
    turned, flat = ctx.placed["axis_label"], ctx.placed["flat"]
    assert turned.h > 3 * turned.w
    assert turned.h == pytest.approx(flat.w, abs=1) and turned.w == pytest.approx(flat.h, abs=1)
    text = next(t for t in ctx.scene.texts if t.rotate)
    assert turned.contains(text.box, 1)
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_parallel_u_turns_between_two_boxes_nest_with_their_own_ports(tmp_path):
    """Two U-turns from one box's right side to another's (a red and a blue action loop) do not share a port and
    a line: the first in the spec runs outside, and a label sits on its own loop's long run."""
    ctx = _ctx(tmp_path, """nodes:
  agent: {text: Agent}
  env: {text: Environment}
place:
  - {below: env, of: agent, gap: 160}
edges:
  - {from: agent, to: env, exit: right, enter: right, color: red}
  - {from: agent, to: env, exit: right, enter: right, color: deep-blue, label: Action}
""")
    outer, inner = (ep.points for ep in ctx.edge_paths)
    assert max(x for x, _ in outer) > max(x for x, _ in inner) + 10        # the first runs outside
    assert outer[0][1] < inner[0][1] and outer[-1][1] > inner[-1][1]       # higher out, lower in: nested
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_nested_loops_leave_a_bar_level_with_the_edges_reaching_its_other_side(tmp_path):
    """Two edges reach a thin bar from the right and two loops leave its left side for a box above: each loop
    leaves level with an arriving edge (the lines pass straight through the bar), whatever their labels."""
    ctx = _ctx(tmp_path, """nodes:
  agent: {text: Agent}
  env: {text: Environment}
  bar: {shape: rect, fill: none, padding: [0, 0], min_size: [10, 10]}
place:
  - {below: env, of: agent, gap: 160}
  - {left_of: bar, of: env, gap: 100}
  - {span: bar, of: env, axis: y}
edges:
  - {from: env, to: bar, label: "S"}
  - {from: env, to: bar, line: dashed, label: "R"}
  - {from: bar, to: agent, exit: left, enter: left, line: dashed, label: "Reward\\nand more"}
  - {from: bar, to: agent, exit: left, enter: left, label: "State\\nand more"}
""")
    s_in, r_in, r_out, s_out = (ep.points for ep in ctx.edge_paths)
    assert s_out[0][1] == pytest.approx(s_in[-1][1]) and r_out[0][1] == pytest.approx(r_in[-1][1])
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_inside_takes_padding_across_and_down(tmp_path):
    """`{inside: row, of: band, padding: [64, 8]}`: a band drawn behind a row of dates keeps more room at its ends
    (an arrow's notch and tip) than above and below."""
    ctx = _ctx(tmp_path, """nodes:
  band: {shape: polygon, points: [[0, 0], [0.98, 0], [1, 0.5], [0.98, 1], [0, 1], [0.02, 0.5]], min_size: [14, 14]}
  dates: {gap: 40, cols: {a: {text: "1950", style: plain}, b: {text: "2024", style: plain}}}
place:
  - {inside: dates, of: band, padding: [64, 8]}
""")
    band, dates = ctx.placed["band"], ctx.placed["dates"]
    assert dates.x - band.x >= 64 - 0.5 and band.right - dates.right >= 64 - 0.5
    assert 8 - 0.5 <= dates.y - band.y < 20
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_u_turn_between_two_boxes_of_a_panel_runs_inside_the_panel(tmp_path):
    """A loop over the top of two boxes in a drawn panel (state up to the policy inside an interaction loop) runs
    just above them, inside the panel that holds both, not above the panel."""
    ctx = _ctx(tmp_path, """nodes:
  loop:
    shape: round
    fill: white
    padding: [16, 64]
    gap: 56
    cols:
      env: {text: Env}
      pol: {text: Policy}
edges:
  - {from: env, to: pol, exit: top, enter: top}
""")
    (ep,) = ctx.edge_paths
    top = min(y for _, y in ep.points)
    assert ctx.placed["loop"].y < top < ctx.placed["loop.env"].y
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_a_node_inside_a_nested_panel_does_not_loop_its_parents(tmp_path):
    """`{inside: [name], of: panel}` where the panel sits in another container: the frames around the panel hold
    the node too, and the innermost one becomes its parent without making a container its own ancestor (this
    once hung the layout)."""
    ctx = _ctx(tmp_path, """nodes:
  side:
    items: stretch
    rows:
      adapter:
        style: panel
        rows:
          action: {text: Action}
          bar: {shape: square-bracket, direction: down, min_size: [20, 20], stretch: true}
      values: {text: A much wider row of values under the adapter panel}
  name: {text: Adapter, style: plain, bold: true}
place:
  - {inside: [name], of: adapter}
  - {align: [name, action], on: top}
  - {align: [name, values], on: left}
edges:
  - {from: bar, to: action}
""")
    assert ctx.parents.get("name") == "side.adapter"
    assert ctx.placed["side.adapter"].contains(ctx.placed["name"], 0.5)
    assert lint_figure(ctx, "auto", THEME, contract=True) == []


def test_front_draws_a_node_over_what_it_lies_on(tmp_path):
    """`front: true` in a relational layout: a label placed inside a nested box is drawn after it (and after the
    edges), not hidden under it."""
    ctx = _ctx(tmp_path, """nodes:
  note: {text: Over the area, style: plain, front: true}
  panel:
    rows:
      area: {shape: rect, fill: sage, min_size: [200, 80]}
place:
  - {inside: note, of: area}
""")
    items = ctx.scene.items
    note_at = next(i for i, it in enumerate(items) if getattr(it, "text", None) == "Over the area")
    area_at = max(i for i, it in enumerate(items) if getattr(it, "rect", None) is not None
                  and abs(it.rect.w - ctx.placed["panel.area"].w) < 1)
    assert note_at > area_at
    assert lint_figure(ctx, "auto", THEME, contract=True) == []
