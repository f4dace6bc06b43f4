"""Exports for slides and papers: a vector PDF per figure by default; `--outline-text` turns the text of SVG and PDF
into glyph outlines that look the same as the real text and need no font; the default keeps real, selectable
text. The LibreOffice import check is opt-in (`make test-office`, marker `slow`)."""
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from conftest import ALL_SPECS, MINIMAL, rendered
from diagrams.build import build
from diagrams.cli import main
from diagrams.outline import advance, outline_text, text_path
from diagrams.render.export import to_png
from diagrams.theme import load_theme

SVG_NS = "{http://www.w3.org/2000/svg}"
PPO = next(p for p in ALL_SPECS if p.stem == "ppo-four-models")
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _tool(name):
    path = shutil.which(name)
    if not path:
        msg = f"{name} is missing (poppler-utils; make setup installs it as root)"
        if CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


def _pdftotext(pdf: Path) -> str:
    return subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [" ".join(el.text.split()) for el in root.iter(SVG_NS + "text") if el.text and el.text.strip()]


def _gray(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)


def test_cli_builds_a_vector_pdf_per_figure_by_default(make_specs, tmp_path):
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch")})
    assert main(["--specs", str(specs), "build", "--out", str(tmp_path), "-j", "1"]) == 0
    for lang, words in (("en", ["Alpha", "Beta", "A test figure"]), ("zh", ["甲", "Beta", "测试图"])):
        pdf = tmp_path / lang / "one.pdf"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data      # vector, not a raster
        text = _pdftotext(pdf)
        for w in words:
            assert w in text, (lang, w, text)                                          # real, searchable text


def test_outline_text_replaces_every_text_by_glyph_outlines():
    svg = rendered(PPO, "zh").svg
    out = outline_text(svg)
    root = ET.fromstring(out)
    assert not list(root.iter(SVG_NS + "text"))
    labels = [el.get("aria-label") for el in root.iter(SVG_NS + "path") if el.get("aria-label")]
    assert labels == _texts(svg)                   # one outline per text, in order, named by its words
    assert "PPO训练中四种模型的合作关系" in labels
    assert root.get("viewBox") == ET.fromstring(svg).get("viewBox")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_outlines_look_like_the_real_text(lang):
    svg = rendered(PPO, lang).svg
    theme = load_theme()
    real, outlined = _gray(to_png(svg, theme)), _gray(to_png(outline_text(svg), theme))
    assert real.shape == outlined.shape
    diff = np.abs(real - outlined)
    assert diff.mean() < 2.0                       # grey levels, averaged over the figure
    assert (diff > 96).mean() < 0.01               # under 1 % of pixels differ clearly (sub-pixel placement)


def test_outlined_figure_needs_no_font():
    svg = outline_text(rendered(PPO, "en").svg)
    theme = load_theme()
    other = re.sub(r'font-family="[^"]*"', 'font-family="No Such Font"', svg)
    assert (_gray(to_png(svg, theme)) == _gray(to_png(other, theme))).all()


def test_outline_geometry_follows_anchor_size_and_advances():
    from diagrams.scene import path_bounds
    from diagrams.text.fonts import text_width

    for word in ("Policy model (Actor)", "策略模型（Actor）"):
        assert advance(word, 15) == pytest.approx(text_width(word, 15), rel=0.01)   # as layout measured
    w = advance("Prompt", 20)
    for anchor, left in (("start", 100), ("middle", 100 - w / 2), ("end", 100 - w)):
        b = path_bounds(text_path("Prompt", 100, 50, 20, anchor=anchor))
        assert b.x == pytest.approx(left, abs=2.5) and b.right == pytest.approx(left + w, abs=2.5)
        assert b.bottom <= 50 + 20 * 0.3 and b.y >= 50 - 20 * 0.95      # around the baseline, within the em
    plain, slanted = path_bounds(text_path("l", 0, 50, 40)), path_bounds(text_path("l", 0, 50, 40, italic=True))
    assert slanted.right > plain.right + 3                               # italic leans right at the top


def test_build_outline_text_option(make_specs, tmp_path):
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch")})
    rep = build(specs, tmp_path, formats=("svg", "pdf"), jobs=1, log=None, outline_text=True)
    assert rep.built == ["one"]
    svg = (tmp_path / "en" / "one.svg").read_text(encoding="utf-8")
    assert "<text" not in svg and 'aria-label="Alpha"' in svg
    assert _pdftotext(tmp_path / "en" / "one.pdf").strip() == ""           # no text objects: pure outlines
    again = build(specs, tmp_path, formats=("svg", "pdf"), jobs=1, log=None)  # the default: real text again
    assert again.built == ["one"] and "<text" in (tmp_path / "en" / "one.svg").read_text(encoding="utf-8")
    assert main(["--specs", str(specs), "build", "--outline-text", "--format", "svg", "--out", str(tmp_path / "o")]) == 0
    assert "<text" not in (tmp_path / "o" / "zh" / "one.svg").read_text(encoding="utf-8")


# ---- LibreOffice (opt-in: make test-office) ----------------------------------------------------------------------

def _libreoffice():
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if not exe:
        msg = "LibreOffice is missing: `make test-office` installs libreoffice-draw-nogui"
        if CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return exe


def _convert(exe, svg_path: Path, out: Path, env=None) -> Path:
    profile = out / "profile"
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
                    "pdf", "--outdir", str(out), str(svg_path)], check=True, capture_output=True, timeout=300, env=env)
    pdf = out / (svg_path.stem + ".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    return pdf


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_svg_imports_into_libreoffice_with_all_text(lang, tmp_path):
    exe = _libreoffice()
    svg = rendered(PPO, lang).svg
    src = tmp_path / f"ppo-four-models.{lang}.svg"
    src.write_text(svg, encoding="utf-8")
    text = " ".join(_pdftotext(_convert(exe, src, tmp_path)).split())
    for t in _texts(svg):
        assert t in text, (t, text)
    # the page has the figure's proportions (LibreOffice keeps the SVG's size)
    info = subprocess.run([_tool("pdfinfo"), str(tmp_path / f"{src.stem}.pdf")], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    root = ET.fromstring(svg)
    assert w / h == pytest.approx(float(root.get("width")) / float(root.get("height")), rel=0.02)


@pytest.mark.slow
def test_outlined_svg_imports_into_libreoffice_as_the_same_picture(tmp_path):
    exe = _libreoffice()
    svg = outline_text(rendered(PPO, "zh").svg)
    src = tmp_path / "outlined.svg"
    src.write_text(svg, encoding="utf-8")
    pdf = _convert(exe, src, tmp_path)
    assert _pdftotext(pdf).strip() == ""
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "192", "-singlefile", str(pdf), str(tmp_path / "lo")], check=True)
    from PIL import Image, ImageFilter

    lo_img = Image.open(tmp_path / "lo.png").convert("L")

    def raster(s):
        return Image.open(io.BytesIO(to_png(s, load_theme()))).convert("L").resize(lo_img.size)

    ours = raster(svg)
    no_text = raster(re.sub(r'<path d="[^"]*" fill="[^"]*"( transform="[^"]*")? aria-label="[^"]*"/>', "", svg))
    text_px = np.abs(np.asarray(ours, float) - np.asarray(no_text, float)) > 60     # where the letters are

    def blur(im):
        return np.asarray(im.filter(ImageFilter.GaussianBlur(3)), dtype=float)

    lo, o, n = blur(lo_img), blur(ours), blur(no_text)
    assert text_px.sum() > 1000 and np.abs(o - n)[text_px].mean() > 40           # the text is a real signal …
    assert np.abs(lo - o)[text_px].mean() < 9                                    # … and LibreOffice draws it as we do
    assert np.abs(lo - o).mean() < 3                                             # so does the rest of the figure


@pytest.mark.slow
def test_libreoffice_uses_the_first_family_of_the_stack(tmp_path):
    """LibreOffice takes the first family of font-family (no per-name fallback). Where that font exists (here:
    'Microsoft YaHei' aliased to Noto Sans CJK SC, as on a machine that has it), every text must use it; a
    quoted family name used to be looked up with its quotes and fell back to DejaVu Sans, which runs wider."""
    exe = _libreoffice()
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    '<alias binding="same"><family>Microsoft YaHei</family><prefer><family>Noto Sans CJK SC</family>'
                    '</prefer></alias></fontconfig>', encoding="utf-8")
    src = tmp_path / "ppo-four-models.en.svg"
    src.write_text(rendered(PPO, "en").svg, encoding="utf-8")
    pdf = _convert(exe, src, tmp_path, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all("NotoSansCJK" in n for n in names), names


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_libreoffice_on_linux_sets_the_measured_font_without_any_alias(lang, tmp_path):
    """A plain Linux machine (no fontconfig alias, no Microsoft fonts): LibreOffice takes the stack's first family,
    Noto Sans CJK, for every text, and sets each label at the width the layout measured, so labels stay inside
    the boxes sized for them."""
    from diagrams.scene import TextItem
    from diagrams.text import fonts as measure

    exe = _libreoffice()
    r = rendered(PPO, lang)
    src = tmp_path / f"ppo-four-models.{lang}.svg"
    src.write_text(r.svg, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    pdf = _convert(exe, src, tmp_path, env=env)
    listing = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    assert names and all("NotoSansCJK" in n for n in names), names      # no DejaVu Sans
    # every one-word label: LibreOffice's width (PDF points → px) against the layout's measured width
    html = subprocess.run([_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words: dict[str, list[float]] = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', html):
        words.setdefault(m.group(3), []).append((float(m.group(2)) - float(m.group(1))) / 0.75)
    checked = 0
    for it in r.ctx.scene.items:
        if isinstance(it, TextItem) and it.text.strip() and " " not in it.text.strip() and not it.rotate:
            seen = words.get(it.text.strip())
            if not seen or len(seen) != 1:
                continue          # not read back as one word, or ambiguous
            want = measure.text_width(it.text.strip(), it.size, bold=it.bold)
            assert seen[0] <= want * 1.03 + 1.0, (it.text, seen[0], want)
            checked += 1
    assert checked >= 5, checked


def test_font_families_are_unquoted_names_that_libreoffice_can_look_up():
    """LibreOffice looks a quoted family up with its quotes and falls back to its default font (see the slow
    test above); the delivered SVGs, chart texts included, name their families unquoted."""
    chart_spec = next(p for p in ALL_SPECS if p.stem == "temperature")
    for svg in (rendered(PPO, "zh").svg, rendered(chart_spec, "en").svg):
        families = re.findall(r'font-family="([^"]*)"', svg)
        assert families and all("'" not in f and "&#39;" not in f and "&quot;" not in f for f in families), families
        # the font the layout measured with comes first (LibreOffice takes only the first family)
        assert all(f.split(",")[0].strip() in ("Noto Sans CJK SC", "Noto Sans Mono CJK SC") for f in families)


# ---- exports for office software: resolution, scale, background, credit line, PDF fonts and title ---------------

def _png_dpi(png: bytes) -> float:
    import struct

    i = png.find(b"pHYs")
    assert i > 0, "the PNG records its resolution"
    x, y, unit = struct.unpack(">IIB", png[i + 4:i + 13])
    assert x == y and unit == 1          # pixels per metre
    return x * 0.0254


def _svg_size(svg: bytes) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width")), float(root.get("height"))


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_png_records_its_resolution_so_it_inserts_at_the_svg_size(make_specs, tmp_path, scale):
    from PIL import Image

    specs = make_specs({"ch/fig": MINIMAL.format(id="fig", chapter="ch")})
    argv = ["--specs", str(specs), "build", "--out", str(tmp_path), "--format", "svg,png"]
    assert main(argv + ([] if scale == 2.0 else ["--scale", "3"])) == 0
    png = (tmp_path / "en" / "fig.png").read_bytes()
    w, h = _svg_size((tmp_path / "en" / "fig.svg").read_bytes())
    img = Image.open(io.BytesIO(png))
    assert abs(img.width - w * scale) <= 1 and abs(img.height - h * scale) <= 1
    dpi = _png_dpi(png)
    assert abs(dpi - 96 * scale) < 0.5
    # the size office software inserts it at, in inches, is the SVG's (96 user units an inch)
    assert abs(img.width / dpi - w / 96) < 0.02


def test_scale_outside_its_range_is_refused(make_specs, tmp_path, capsys):
    specs = make_specs({"ch/fig": MINIMAL.format(id="fig", chapter="ch")})
    with pytest.raises(SystemExit):
        main(["--specs", str(specs), "build", "--out", str(tmp_path), "--scale", "100"])
    assert "MAX_PNG_SCALE" in capsys.readouterr().err


def test_transparent_background(make_specs, tmp_path):
    from PIL import Image

    specs = make_specs({"ch/fig": MINIMAL.format(id="fig", chapter="ch")})
    assert main(["--specs", str(specs), "build", "--out", str(tmp_path / "t"), "--format", "svg,png",
                 "--background", "transparent"]) == 0
    assert main(["--specs", str(specs), "build", "--out", str(tmp_path / "w"), "--format", "svg,png"]) == 0
    corner = Image.open(tmp_path / "t" / "en" / "fig.png").convert("RGBA").getpixel((1, 1))
    assert corner[3] == 0
    assert Image.open(tmp_path / "w" / "en" / "fig.png").convert("RGBA").getpixel((1, 1)) == (255, 255, 255, 255)
    assert 'fill="#FFFFFF"' not in (tmp_path / "t" / "en" / "fig.svg").read_text().split('<g id="figure">')[0]


def test_credit_line_is_set_the_same_in_svg_and_png():
    """The raster font has no italic: an italic credit line came out upright in the PNG only."""
    svg = rendered(PPO, "en").svg
    credit = [el for el in ET.fromstring(svg).iter(SVG_NS + "text") if "Changye" in (el.text or "")]
    assert credit and all(el.get("font-style") is None for el in credit)


def test_pdfs_embed_small_font_subsets_and_carry_the_title(tmp_path):
    from diagrams.pipeline import load_figure, render
    from diagrams.render.export import to_pdf

    theme = load_theme()
    fig = load_figure(PPO)
    sizes = {}
    for lang in ("en", "zh"):
        pdf = to_pdf(render(fig, lang, theme).svg, theme, title=fig.title.get(lang))
        path = tmp_path / f"{lang}.pdf"
        path.write_bytes(pdf)
        sizes[lang] = len(pdf)
        info = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
        assert f"Title:           {fig.title.get(lang)}" in info
        fonts = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes yes " in r for r in rows), fonts        # embedded, subset
        assert fig.title.get(lang).split()[0] in _pdftotext(path).replace("\n", " ")
        assert to_pdf(render(fig, lang, theme).svg, theme, title=fig.title.get(lang)) == pdf
    assert sizes["zh"] < 2 * sizes["en"], sizes
    assert sizes["zh"] < 200_000, sizes
