"""Themes: every figure builds in the house, colour-blind and dark themes with no lint problems (colours outside
the theme included); the themes are complete and keep their promises (contrast, colour-blind separation);
`--theme` picks one and writes to build/themes/<name>/."""
import functools
import re

import numpy as np
import pytest

from conftest import ALL_SPECS, MINIMAL, rendered
from diagrams.lint import lint_scene
from diagrams.palettes import contrast, hex_to_rgb
from diagrams.recolor import _mapping, theme_colour
from diagrams.theme import load_theme

THEMES = ["house", "colorblind", "dark"]
IDS = [p.stem for p in ALL_SPECS]


@functools.lru_cache(maxsize=None)
def _render(spec, lang, theme):
    from diagrams.pipeline import load_figure, render

    if theme == "house":
        return rendered(spec, lang)      # shared with test_all_specs: rendered once per session
    return render(load_figure(spec), lang, load_theme(theme))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("spec", ALL_SPECS, ids=IDS)
def test_every_figure_builds_in_every_theme_without_lint_problems(spec, theme):
    t = load_theme(theme)
    problems = []
    for lang in ("en", "zh"):
        r = _render(spec, lang, theme)
        assert r.svg.startswith("<svg")
        problems += [f"[{lang}] {p}" for p in lint_scene(r.ctx.scene, theme=t)]
    assert problems == []


def _svg_colours(svg: str) -> set:
    return {c.upper() for c in re.findall(r'(?:fill|stroke|stop-color)="(#[0-9A-Fa-f]{6})"', svg)}


@pytest.mark.parametrize("theme", ["colorblind", "dark"])
def test_theme_svg_uses_only_theme_colours(theme):
    spec = next(p for p in ALL_SPECS if p.stem == "ppo-four-models")
    t = load_theme(theme)
    svg = _render(spec, "en", theme).svg
    assert _svg_colours(svg) <= set(t.palette.values())
    if theme == "dark":
        # the page is dark, and the house black (strokes) and white (fills, icon dots) were swapped
        assert re.search(r'<rect x="0" y="0" [^>]*fill="' + t.background + '"', svg)
        assert t.background != "#FFFFFF"
        assert "#000000" not in svg and "#FFFFFF" not in svg


def test_every_theme_names_every_house_colour_and_style():
    house = load_theme("house")
    for name in THEMES[1:]:
        t = load_theme(name)
        assert set(house.palette) <= set(t.palette), name
        assert t.styles == house.styles and t.fonts == house.fonts
        for v in t.palette.values():
            assert re.fullmatch(r"#[0-9A-F]{6}", v), (name, v)


@pytest.mark.parametrize("name", THEMES[1:])
def test_recolouring_is_idempotent(name):
    """A theme colour that happens to be a house colour must not be swapped a second time."""
    t = load_theme(name)
    mapping = _mapping(str(t.path))
    assert mapping, "a non-house theme maps the house palette"
    for key, value in t.palette.items():
        assert theme_colour(value, mapping) == value, key


def test_house_colours_given_as_hex_follow_the_theme(make_specs):
    """Engine code and specs may write a house colour as hex: another theme still restyles it."""
    from diagrams.pipeline import load_figure, render

    specs = make_specs({"ch/hexed": MINIMAL.format(id="hexed", chapter="ch").replace(
        "at: [0, 0]}", "at: [0, 0], fill: \"#71CCF5\", stroke: \"#000000\"}")})
    fig = load_figure(specs / "ch" / "hexed.yaml")
    dark = load_theme("dark")
    svg = render(fig, "en", dark).svg
    assert dark.palette["sky"] in svg and "#71CCF5" not in svg
    assert lint_scene(render(fig, "en", dark).ctx.scene, theme=dark) == []


def test_dark_theme_contrast():
    t = load_theme("dark")
    ink, bg, line = t.palette["ink"], t.palette["white"], t.palette["black"]
    assert t.background == bg and t.text_color == ink
    assert contrast(ink, bg) >= 7          # body text (WCAG AAA)
    assert contrast(line, bg) >= 4.5       # arrows and outlines
    for name, c in t.palette.items():
        # every colour is usable either as a fill under the light text or as an accent on the dark page
        assert max(contrast(ink, c), contrast(c, bg)) >= 3, name


# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
_CVD = {"protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
        "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]}


def _lab(lin):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _delta_e(a: str, b: str, kind: str) -> float:
    def lin(c):
        c = np.array(hex_to_rgb(c))
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return np.clip(np.array(_CVD[kind]) @ c, 0, 1)
    return float(np.linalg.norm(_lab(lin(a)) - _lab(lin(b))))


# Pairs the house palette uses to tell things apart by red versus green.
RED_GREEN = [("red", "green"), ("red", "leaf"), ("bright-red", "leaf"), ("orange", "green"), ("red", "dark-leaf"),
             ("coral", "green"), ("salmon", "green-light"), ("pink", "sage"), ("pink", "green")]


@pytest.mark.parametrize("kind", ["protan", "deutan"])
def test_colorblind_theme_keeps_red_green_pairs_apart(kind):
    house, cb = load_theme("house"), load_theme("colorblind")
    before = [_delta_e(house.palette[a], house.palette[b], kind) for a, b in RED_GREEN]
    after = [_delta_e(cb.palette[a], cb.palette[b], kind) for a, b in RED_GREEN]
    assert min(after) >= 11, list(zip(RED_GREEN, after))
    assert sum(after) > 1.3 * sum(before)
    # the strong red and green of the book, nearly the same for a deuteranope in the house theme, are far apart
    assert _delta_e(cb.palette["red"], cb.palette["leaf"], kind) > 40


def test_cli_theme_outputs_go_to_their_own_folder(make_specs, tmp_path, monkeypatch):
    import diagrams.cli as cli

    monkeypatch.setattr(cli, "ROOT", tmp_path)
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch")})
    assert cli.main(["--specs", str(specs), "build", "--theme", "dark", "--format", "svg", "-j", "1"]) == 0
    out = tmp_path / "build" / "themes" / "dark"
    assert (out / "en" / "one.svg").exists() and (out / "zh" / "one.svg").exists()
    assert (out / "index.html").exists() and (out / "manifest.json").exists()
    assert not (tmp_path / "build" / "en").exists(), "the house build is untouched"
    svg = (out / "en" / "one.svg").read_text(encoding="utf-8")
    assert load_theme("dark").background in svg
    assert 'class="dark"' in (out / "index.html").read_text(encoding="utf-8")
    assert cli.theme_out("house", None) == tmp_path / "build"
    assert cli.theme_out("colorblind", None) == tmp_path / "build" / "themes" / "colorblind"


def test_unknown_theme_is_one_clear_error(make_specs, tmp_path, capsys):
    from diagrams.cli import main

    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch")})
    assert main(["--specs", str(specs), "build", "--theme", "neon", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "unknown theme 'neon'" in err and "colorblind" in err and "dark" in err


def test_derived_colours_keep_their_role():
    """A colour added to the house palette later gets a theme colour by rule: pale fills stay fills."""
    from diagrams.palettes import dark, luminance, okabe_ito

    assert luminance(dark("#FCEDEF")) < 0.05          # a pale tint becomes a dark tone
    assert luminance(dark("#0070C0")) > 0.3           # a strong blue (text colour) becomes light
    assert luminance(dark("#F2F2F2")) < 0.05 and luminance(dark("#262626")) > 0.4   # greys invert
    cb = okabe_ito("#70AD47")                         # a green → the Okabe–Ito bluish green family
    r, g, b = hex_to_rgb(cb)
    assert g > r and b > r
    assert okabe_ito("#D9D9D9") == "#D9D9D9"          # greys stay
