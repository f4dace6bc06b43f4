"""The editable PPTX export: a renderer of the scene with native shapes, one text frame per label, native line ends,
formula groups named by their TeX, deterministic bytes. LibreOffice checks are in test_pptx_office.py (slow)."""
import io
import math
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from conftest import ALL_SPECS, MINIMAL, rendered
from diagrams import pathdata as pd
from diagrams.cli import main
from diagrams.render.frame import frame_geometry
from diagrams.render.pptx import render_pptx
from diagrams.render.svg import math_label
from diagrams.scene import MathItem, RawItem, Shape, TextItem
from diagrams.text.clean import clean_text
from diagrams.theme import load_theme

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SPEC = {p.stem: p for p in ALL_SPECS}
# flows, tables, charts, math-heavy, trees, icons
VARIED = ["dpo", "ppo-clip", "ppo-policy-update", "temperature", "mcts", "batchnorm-layernorm", "llm-output"]


def scene_labels(scene, title, lang) -> list[str]:
    """Every label the scene draws: its text items, the texts of its raw markup (chart words), the frame's two."""
    out = []
    for it in scene.items:
        if isinstance(it, TextItem):
            out.append(it.text)
        elif isinstance(it, RawItem):
            out += [p.text for p in it.parts if isinstance(p, TextItem)]
    g = frame_geometry(scene, title, load_theme(), lang)
    out += [g.title.text, g.credit.text]
    return sorted(" ".join(clean_text(t).split()) for t in out if t.strip())


def walk(shapes):
    for s in shapes:
        yield s
        if s.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from walk(s.shapes)


def pptx_of(fid: str, lang: str) -> bytes:
    r = rendered(SPEC[fid], lang)
    return render_pptx(r.ctx.scene, r.ctx.scene.title, load_theme(), lang)


def slide_of(data: bytes):
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 1
    return prs, prs.slides[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fid", VARIED)
def test_one_editable_text_frame_per_label(fid, lang):
    r = rendered(SPEC[fid], lang)
    _, slide = slide_of(pptx_of(fid, lang))
    frames = sorted(" ".join(s.text_frame.text.split()) for s in walk(slide.shapes)
                    if s.has_text_frame and s.text_frame.text.strip())
    assert frames == scene_labels(r.ctx.scene, r.ctx.scene.title, lang)


def test_slide_is_sized_to_the_figure():
    r = rendered(SPEC["dpo"], "en")
    g = frame_geometry(r.ctx.scene, r.ctx.scene.title, load_theme(), "en")
    prs, _ = slide_of(pptx_of("dpo", "en"))
    assert prs.slide_width == round(g.w * 9525) and prs.slide_height == round(g.h * 9525)


def test_text_frames_do_not_wrap_or_autofit_and_carry_latin_and_east_asian_fonts():
    _, slide = slide_of(pptx_of("dpo", "zh"))
    label = next(s for s in walk(slide.shapes) if s.has_text_frame and s.text_frame.text.strip())
    body = label.text_frame._txBody.bodyPr
    assert body.get("wrap") == "none" and body.find(A + "noAutofit") is not None
    assert all(body.get(k) == "0" for k in ("lIns", "tIns", "rIns", "bIns"))
    rpr = label.text_frame.paragraphs[0].runs[0]._r.rPr
    assert rpr.find(A + "latin").get("typeface") == "Noto Sans CJK SC"
    assert rpr.find(A + "ea").get("typeface") == "Noto Sans CJK SC"
    assert rpr.get("lang") == "zh-CN"


def test_font_size_is_in_points_and_label_sits_on_its_baseline():
    r = rendered(SPEC["dpo"], "en")
    scene = r.ctx.scene
    g = frame_geometry(scene, scene.title, load_theme(), "en")
    t = next(it for it in scene.items if isinstance(it, TextItem) and it.anchor == "middle" and not it.rotate)
    _, slide = slide_of(pptx_of("dpo", "en"))
    frame = next(s for s in walk(slide.shapes) if s.has_text_frame and s.text_frame.text == t.text)
    size = frame.text_frame.paragraphs[0].runs[0].font.size.pt
    assert size == pytest.approx(t.size * 0.75, abs=0.01)
    # centred on the anchor; the first baseline one ascent (1.16 em) below the frame's top
    assert (frame.left + frame.width / 2) / 9525 == pytest.approx(t.x + g.dx, abs=0.5)
    assert frame.top / 9525 + 1.16 * t.size == pytest.approx(t.y + g.dy, abs=0.5)


def test_boxes_are_native_shapes_and_arrows_have_native_line_ends():
    data = pptx_of("dpo", "en")
    _, slide = slide_of(data)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("ppt/slides/slide1.xml").decode()
    presets = {s.auto_shape_type for s in walk(slide.shapes) if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE}
    from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE as T

    assert {T.RECTANGLE, T.ROUNDED_RECTANGLE} <= presets
    assert "<p:cxnSp>" in xml and '<a:prstGeom prst="line">' in xml
    assert xml.count("<a:tailEnd") + xml.count("<a:headEnd") >= 8
    # the heads are the lines' ends: no filled triangle is drawn for an arrow whose line has ends
    r = rendered(SPEC["dpo"], "en")
    lines = [it for it in r.ctx.scene.items if isinstance(it, Shape) and it.ends is not None]
    heads = [it for it in r.ctx.scene.items if isinstance(it, Shape) and it.head]
    assert len(heads) == sum(e.ends.start + e.ends.end for e in lines)
    assert xml.count("<a:tailEnd") + xml.count("<a:headEnd") == len(heads)


def test_ellipses_are_native_and_gradients_and_dashes_are_drawingml():
    fid = next(f for f in SPEC if any(isinstance(it, Shape) and it.kind == "ellipse"
                                      for it in rendered(SPEC[f], "en").ctx.scene.items))
    xml = zipfile.ZipFile(io.BytesIO(pptx_of(fid, "en"))).read("ppt/slides/slide1.xml").decode()
    assert '<a:prstGeom prst="ellipse">' in xml
    xml = zipfile.ZipFile(io.BytesIO(pptx_of("dpo", "en"))).read("ppt/slides/slide1.xml").decode()
    assert "<a:custDash>" in xml


def test_formulas_are_groups_of_freeforms_named_by_their_tex():
    r = rendered(SPEC["ppo-clip"], "en")
    texs = {math_label(it.tex) for it in r.ctx.scene.items if isinstance(it, MathItem) and it.tex}
    assert texs
    _, slide = slide_of(pptx_of("ppo-clip", "en"))
    groups = [s for s in walk(slide.shapes) if s.shape_type == MSO_SHAPE_TYPE.GROUP
              and s._element.nvGrpSpPr.cNvPr.get("descr")]
    named = {g._element.nvGrpSpPr.cNvPr.get("descr") for g in groups}
    assert texs <= named
    for g in groups:
        assert g.name == g._element.nvGrpSpPr.cNvPr.get("descr")[:250]
        assert all(s.shape_type == MSO_SHAPE_TYPE.FREEFORM for s in g.shapes)


def test_icons_are_vector_groups():
    _, slide = slide_of(pptx_of("dpo", "en"))
    icons = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP and s.name == "Icon"]
    assert icons and all(c.shape_type == MSO_SHAPE_TYPE.FREEFORM for g in icons for c in g.shapes)


def test_same_spec_gives_identical_bytes():
    from diagrams.pipeline import load_figure, render

    theme = load_theme()
    outs = []
    for _ in range(2):
        r = render(load_figure(SPEC["ppo-clip"]), "zh", theme)
        outs.append(render_pptx(r.ctx.scene, r.ctx.scene.title, theme, "zh"))
    assert outs[0] == outs[1]
    info = zipfile.ZipFile(io.BytesIO(outs[0])).infolist()
    assert {i.date_time for i in info} == {(1980, 1, 1, 0, 0, 0)}


def test_build_writes_pptx_beside_the_other_outputs(make_specs, tmp_path):
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch")})
    out = tmp_path / "out"
    assert main(["--specs", str(specs), "build", "--out", str(out), "-j", "1", "--format", "svg,pptx"]) == 0
    for lang, word in (("en", "Alpha"), ("zh", "甲")):
        prs = Presentation(str(out / lang / "one.pptx"))
        texts = [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame]
        assert word in texts and "Beta" in texts


def test_deck_has_a_title_slide_one_figure_per_slide_and_the_credit_everywhere(make_specs, tmp_path):
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch"),
                        "ch/two": MINIMAL.format(id="two", chapter="ch")})
    out = tmp_path / "deck"
    assert main(["--specs", str(specs), "deck", "--lang", "zh", "--out", str(out)]) == 0
    prs = Presentation(str(out / "figures-zh.pptx"))
    credit = load_theme().frame["credit"]["zh"]
    assert len(prs.slides) == 3
    for slide in prs.slides:
        assert credit in [s.text_frame.text for s in walk(slide.shapes) if s.has_text_frame]
    assert len({(prs.slide_width, prs.slide_height)}) == 1 and prs.slide_width * 9 == prs.slide_height * 16


def test_arc_and_quadratic_become_cubics_on_the_curve():
    segs = pd.parse_path("M0 0A10 10 0 0 1 20 0Q30 10 40 0")
    assert segs[0] == ("M", (0.0, 0.0)) and all(s[0] == "C" for s in segs[1:])
    arc, quad = segs[1:-1], segs[-1]

    def bezier(p0, seg, t):
        pts = [p0, seg[1], seg[2], seg[3]]
        k = [(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3]
        return tuple(sum(w * p[i] for w, p in zip(k, pts)) for i in (0, 1))

    start, samples = (0.0, 0.0), []
    for seg in arc:
        samples += [bezier(start, seg, t / 8) for t in range(9)]
        start = seg[3]
    # a half circle about (10, 0), through (10, -10): sweep 1 turns clockwise on screen (y down)
    assert all(abs(math.hypot(x - 10, y) - 10) < 0.01 for x, y in samples)
    assert min(y for _, y in samples) == pytest.approx(-10, abs=0.01)
    assert start == pytest.approx((20, 0))
    # the quadratic's peak (t = 1/2) is halfway to its control point: (30, 5)
    assert bezier((20.0, 0.0), quad, 0.5) == pytest.approx((30, 5))
