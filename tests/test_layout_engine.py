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


# ------------------------------------------------------------------ trees: round ends, fan-out lists, zigzags
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


# ------------------------------------------------------------------ panels with titles at the right, boxes under one node
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


def test_align_on_is_a_word_not_yaml_true(tmp_path):
    ctx = _ctx(tmp_path, """nodes:
  a: {text: Alpha}
  b: {text: A much longer Beta}
place:
  - {below: b, of: a, align: none}
  - {align: [a, b], on: right}
""")
    a, b = ctx.placed["a"], ctx.placed["b"]
    assert a.right == pytest.approx(b.right, abs=0.5)
    assert a.w < b.w - 50                               # aligned by an edge, a box keeps its measured width


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


# ------------------------------------------------------------------ trees of boxes with diagonal edges
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


# ------------------------------------------------------------------ a stage column beside a column of data
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
