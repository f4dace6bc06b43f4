"""The PPTX export as LibreOffice Impress sees it (opt-in: make test-office, marker `slow`).

12 varied figures (flows, tables, charts, math-heavy, trees, icons, bit layouts) × 2 languages: Impress converts
each PPTX to PDF; every label is found as text; the words sit where our own PDF puts them; the page, rasterised
at our PNG's scale, differs little from our PNG. A label edited in the PPTX survives a save through Impress. And
every figure of the book exports."""
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from conftest import ALL_SPECS, rendered
from test_pptx import scene_labels

pytestmark = pytest.mark.slow

SPEC = {p.stem: p for p in ALL_SPECS}
FIGURES = ["dpo", "ppo-clip", "ppo-policy-update", "temperature", "mcts", "beam-search", "q-and-v", "llm-output",
           "alibi", "quantization-formats", "actor-critic", "rope-frequencies"]
LANGS = ["en", "zh"]
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Measured on these 24 pages (LibreOffice 7.4): a label's first word starts at the layout's place within a median
# 0.09 px (95 % within 0.3 px, worst 4.6 px: a long credit line set 1 % narrower); labels that switch between CJK and
# Latin letters run wider in Impress (its Asian typography spacing; median 2.3 px, worst 18.5 px), so each switch
# is allowed 0.3 em more. Mean grey difference from our PNG (both blurred by 2 px): 0.9 to 3.0 of 255.
MAX_MEDIAN_OFFSET_PX = 1.0
MAX_WORD_OFFSET_PX = 5.0
MIXED_SCRIPT_EM = 0.3
MAX_MEAN_DIFF = 4.0


def _tool(name):
    path = shutil.which(name)
    if not path:
        msg = f"{name} is missing: `make test-office` installs it"
        if CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


def _impress():
    exe = _tool("soffice")
    # Impress is what opens a PPTX; Draw alone converts nothing
    if not Path(exe).resolve().parent.joinpath("libsdlo.so").exists():
        pytest.skip("LibreOffice Impress is missing: `make test-office` installs libreoffice-impress-nogui")
    return exe


def _soffice(exe, args, out: Path, timeout=600):
    profile = out / "profile"
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}", *args],
                   check=True, capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Each figure's PPTX, Impress's PDF of it, our PDF and our PNG: {(id, lang): paths}."""
    from diagrams.render.export import to_pdf, to_png
    from diagrams.render.pptx import render_pptx
    from diagrams.theme import load_theme

    exe = _impress()
    theme = load_theme()
    root = tmp_path_factory.mktemp("pptx-office")
    out = {}
    for lang in LANGS:
        d = root / lang
        d.mkdir()
        for fid in FIGURES:
            r = rendered(SPEC[fid], lang)
            (d / f"{fid}.pptx").write_bytes(render_pptx(r.ctx.scene, r.ctx.scene.title, theme, lang))
            (d / f"{fid}.ours.pdf").write_bytes(to_pdf(r.svg, theme, title=r.ctx.scene.title))
            (d / f"{fid}.png").write_bytes(to_png(r.svg, theme, scale=2.0))
        _soffice(exe, ["--convert-to", "pdf", "--outdir", str(d / "lo"), *[str(d / f"{f}.pptx") for f in FIGURES]],
                 root)
        for fid in FIGURES:
            pdf = d / "lo" / f"{fid}.pdf"
            assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), fid
            out[fid, lang] = {"pptx": d / f"{fid}.pptx", "pdf": pdf, "ours": d / f"{fid}.ours.pdf",
                              "png": d / f"{fid}.png"}
    return out


def _text(pdf: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in px (the PDFs' points are 0.75 px)."""
    html = subprocess.run([_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    import html as h

    out = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', html):
        x0, y0, x1, y1 = (float(v) / 0.75 for v in m.groups()[:4])
        out.append((h.unescape(m.group(5)), x0, y0, x1, y1))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fid", FIGURES)
def test_every_label_is_text_in_impress_pdf(converted, fid, lang):
    r = rendered(SPEC[fid], lang)
    text = _squash(_text(converted[fid, lang]["pdf"]))
    missing = [t for t in scene_labels(r.ctx.scene, r.ctx.scene.title, lang) if _squash(t) not in text]
    assert not missing, missing


def label_places(scene, title, lang):
    """(text, left, baseline, size) of every unrotated label, in slide px: where the layout put it."""
    from diagrams.render.frame import frame_geometry
    from diagrams.scene import RawItem, TextItem
    from diagrams.text import fonts
    from diagrams.theme import load_theme

    g = frame_geometry(scene, title, load_theme(), lang)
    items = []
    for it in scene.items:
        if isinstance(it, TextItem):
            items.append((it, g.dx, g.dy))
        elif isinstance(it, RawItem):
            items += [(p, g.dx, g.dy) for p in it.parts if isinstance(p, TextItem)]
    items += [(g.title, 0, 0), (g.credit, 0, 0)]
    out = []
    for t, dx, dy in items:
        if t.rotate or not t.text.strip():
            continue
        def width(s):
            return fonts.mono_width(s, t.size) if t.family == "mono" else fonts.text_width(s, t.size, t.bold)

        lead = t.text[:len(t.text) - len(t.text.lstrip())]     # a run of rich text may begin with a space
        left = t.x + dx - {"start": 0, "middle": width(t.text) / 2, "end": width(t.text)}[t.anchor] + width(lead)
        out.append((_squash(t.text), left, t.y + dy, t.size))
    return out


# pdftotext boxes a word from its font's ascent above the baseline to BOX_DESCENT em below it (measured on our own
# PDF of the same figures, cairo's: 0.19 em for Noto Sans CJK)
BOX_DESCENT = 0.19
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def script_changes(text: str) -> int:
    """How many times a label switches between CJK and other letters: Impress widens each switch (its Asian
    typography spacing, on by default, which DrawingML cannot turn off), so such labels may run wider."""
    kinds = [bool(_CJK.match(c)) for c in text if not c.isspace()]
    return sum(a != b for a, b in zip(kinds, kinds[1:]))


def label_offsets(scene, title, lang, pdf: Path) -> list[tuple[str, float, float]]:
    """For every label whose first word Impress's PDF has: (label, distance in px between that word's start and
    baseline and where the layout put the label, allowed distance). A label that Impress's text joins to the one
    before it (a run of rich text) is only checked for presence (test_every_label_is_text_in_impress_pdf)."""
    words = _words(pdf)
    out = []
    for text, left, base, size in label_places(scene, title, lang):
        line = base + BOX_DESCENT * size
        cands = [w for w in words if w[0] and (text.startswith(_squash(w[0])) or _squash(w[0]).startswith(text))
                 and abs(w[4] - line) < size / 2]
        if not cands:
            assert any(text in _squash(w[0]) for w in words) or text in _squash(" ".join(w[0] for w in words)), text
            continue
        d = min(((w[1] - left) ** 2 + (w[4] - line) ** 2) ** 0.5 for w in cands)
        out.append((text, d, MAX_WORD_OFFSET_PX + MIXED_SCRIPT_EM * size * script_changes(text)))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fid", FIGURES)
def test_labels_sit_where_the_layout_put_them(converted, fid, lang):
    r = rendered(SPEC[fid], lang)
    found = label_offsets(r.ctx.scene, r.ctx.scene.title, lang, converted[fid, lang]["pdf"])
    assert len(found) >= 0.8 * len(label_places(r.ctx.scene, r.ctx.scene.title, lang))
    assert np.median([d for _, d, _ in found]) <= MAX_MEDIAN_OFFSET_PX
    assert not [(t, round(d, 1)) for t, d, allowed in found if d > allowed]


def pixel_difference(pdf: Path, png: Path, tmp: Path) -> float:
    """Mean grey difference (0–255) between Impress's page at our PNG's scale and our PNG, both blurred by 2 px
    (anti-aliasing and hinting differ between renderers; shapes, colours and text placement do not)."""
    from PIL import Image, ImageFilter

    ours = Image.open(png).convert("L")
    stem = tmp / (pdf.stem + "-lo")
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "192", "-singlefile", str(pdf), str(stem)], check=True)
    lo = Image.open(f"{stem}.png").convert("L")
    if lo.size != ours.size:
        lo = lo.resize(ours.size)

    def blur(im):
        return np.asarray(im.filter(ImageFilter.GaussianBlur(2)), dtype=float)

    return float(np.abs(blur(lo) - blur(ours)).mean())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fid", FIGURES)
def test_impress_page_looks_like_our_png(converted, fid, lang, tmp_path):
    paths = converted[fid, lang]
    assert pixel_difference(paths["pdf"], paths["png"], tmp_path) <= MAX_MEAN_DIFF


def test_a_label_edited_in_the_pptx_survives_a_save_through_impress(converted, tmp_path):
    from pptx import Presentation

    src = converted["dpo", "en"]["pptx"]
    prs = Presentation(str(src))
    frame = next(s for s in prs.slides[0].shapes if s.has_text_frame and s.text_frame.text == "Preference data pairs")
    frame.text_frame.paragraphs[0].runs[0].text = "Edited in a test"
    edited = tmp_path / "edited.pptx"
    prs.save(str(edited))
    exe = _impress()
    # Impress opens the edited file and saves it again as PPTX, then as PDF
    _soffice(exe, ["--convert-to", "pptx", "--outdir", str(tmp_path / "saved"), str(edited)], tmp_path)
    saved = tmp_path / "saved" / "edited.pptx"
    back = Presentation(str(saved))

    def texts(p):
        out = []
        stack = list(p.slides[0].shapes)
        while stack:
            s = stack.pop()
            if s.has_text_frame and s.text_frame.text.strip():
                out.append(s.text_frame.text)
            if hasattr(s, "shapes"):
                stack.extend(s.shapes)
        return out

    after = texts(back)
    assert "Edited in a test" in after and "Preference data pairs" not in after
    assert len(after) == len(texts(prs))                   # every other label is still a text frame
    _soffice(exe, ["--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(saved)], tmp_path)
    assert "Edited in a test" in _text(tmp_path / "pdf" / "edited.pdf")


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_exports_with_one_text_frame_per_label(lang):
    """All figures of the book: the PPTX opens with python-pptx, has one slide, and one text frame per label."""
    from pptx import Presentation

    from diagrams.render.pptx import render_pptx
    from diagrams.theme import load_theme
    from test_pptx import walk

    theme, wrong = load_theme(), []
    for spec in ALL_SPECS:
        r = rendered(spec, lang)
        prs = Presentation(io.BytesIO(render_pptx(r.ctx.scene, r.ctx.scene.title, theme, lang)))
        assert len(prs.slides) == 1
        frames = sorted(" ".join(s.text_frame.text.split()) for s in walk(prs.slides[0].shapes)
                        if s.has_text_frame and s.text_frame.text.strip())
        if frames != scene_labels(r.ctx.scene, r.ctx.scene.title, lang):
            wrong.append(spec.stem)
    assert not wrong
