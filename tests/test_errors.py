"""Bad input: one clear, located message; non-zero exit; the other figures still build; old outputs kept."""
import pytest

from conftest import MINIMAL
from diagrams.cli import main
from diagrams.errors import SpecError
from diagrams.pipeline import load_figure, render


def _error(make_specs, text, rel="ch/fig", lang="en"):
    specs = make_specs({rel: text})
    path = specs / f"{rel}.yaml"
    with pytest.raises(SpecError) as info:
        fig = load_figure(path)
        from diagrams.theme import load_theme

        render(fig, lang, load_theme())
    return info.value, str(path)


BASE = MINIMAL.format(id="fig", chapter="ch")

CASES = {
    "malformed yaml": (BASE.replace("  b: {text: Beta, at: [1, 0]}", "  b: {text: Beta, at: [1, 0]"),
                       "YAML syntax error", 7, None),
    "unknown key": (BASE.replace("at: [1, 0]}", "at: [1, 0], colour: red}"),
                    "unknown key 'colour' in nodes.b", 6, "did you mean 'color'"),
    "wrong type": (BASE.replace("at: [1, 0]}", "at: [1, 0], bold: very}"), "nodes.b.bold must be a boolean", 6, None),
    "missing translation": (BASE.replace("{en: Alpha, zh: 甲}", "{en: Alpha}"),
                            "nodes.a.text lacks its 'zh' translation", 5, "{en: ..., zh: ...}"),
    "unknown colour": (BASE.replace("at: [1, 0]}", "at: [1, 0], fill: skyy}"), "unknown colour 'skyy'", 6,
                       "did you mean 'sky'?"),
    "unknown style": (BASE.replace("at: [1, 0]}", "at: [1, 0], style: tga}"), "unknown style 'tga'", 6,
                      "did you mean 'tag'?"),
    "unknown icon": (BASE.replace("at: [1, 0]}", "at: [1, 0], icons: [netwrk]}"), "unknown icon 'netwrk'", 6,
                     "did you mean 'network'"),
    "edge to unknown node": (BASE.replace("{from: a, to: b}", "{from: a, to: c}"), "edge 1 goes to unknown node 'c'", 8,
                             "known: a, b"),
    "bad math": (BASE.replace("text: Beta", "text: '$\\frac{a$'"), "cannot be typeset", 6, "LaTeX"),
    "id differs from file": (BASE.replace("id: fig", "id: other"), "differs from the file name", 1, "rename"),
    "list document": ("- a\n- b\n", "must be a mapping", 1, None),
    "two documents": (BASE + "---\nid: x\n", "more than one YAML document", 10, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_one_located_message(make_specs, name):
    text, needle, line, hint = CASES[name]
    err, path = _error(make_specs, text)
    msg = str(err)
    assert needle in msg
    assert msg.startswith(path + f":{line}")
    if hint:
        assert hint in msg
    assert "\n" not in msg and "Traceback" not in msg


def test_duplicate_key_is_located(make_specs):
    err, path = _error(make_specs, BASE.replace("  b: {text: Beta, at: [1, 0]}", "  b: {text: Beta, at: [1, 0]}\n  a: {text: X, at: [2, 0]}"))
    assert "duplicate key 'a'" in str(err) and str(err).startswith(path + ":7:3")


def test_duplicate_figure_id_across_chapters(make_specs, tmp_path, capsys):
    specs = make_specs({"one/fig": BASE.replace("chapter: ch", "chapter: one"),
                        "two/fig": BASE.replace("chapter: ch", "chapter: two")})
    code = main(["--specs", str(specs), "build", "--out", str(tmp_path / "out"), "--format", "svg", "-j", "1"])
    assert code != 0
    assert "figure id 'fig' is used twice" in capsys.readouterr().err


def test_broken_spec_keeps_old_outputs_and_others_build(make_specs, tmp_path, capsys):
    good = MINIMAL.format(id="good", chapter="ch")
    other = MINIMAL.format(id="other", chapter="ch")
    specs = make_specs({"ch/good": good, "ch/other": other})
    out = tmp_path / "out"
    assert main(["--specs", str(specs), "build", "--out", str(out), "--format", "svg", "-j", "1"]) == 0
    before = (out / "en" / "good.svg").read_bytes()
    (specs / "ch" / "good.yaml").write_text(good.replace("at: [1, 0]}", "at: [1, 0], fill: nosuch}"), encoding="utf-8")
    (specs / "ch" / "other.yaml").write_text(other.replace("Beta", "Gamma"), encoding="utf-8")
    code = main(["--specs", str(specs), "build", "--out", str(out), "--format", "svg", "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{specs / 'ch' / 'good.yaml'}:6" in err and "unknown colour 'nosuch'" in err
    assert (out / "en" / "good.svg").read_bytes() == before
    assert "Gamma" in (out / "en" / "other.svg").read_text(encoding="utf-8")
    assert not list(out.rglob("*.tmp"))


def test_missing_graphviz_names_the_install_command(make_specs, monkeypatch):
    import shutil

    from diagrams.errors import ToolMissing

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "dot" else real(name, *a, **k))
    specs = make_specs({"ch/fig": BASE.replace("nodes:", "layout: graph\nnodes:")})
    from diagrams.theme import load_theme

    with pytest.raises(ToolMissing) as info:
        render(load_figure(specs / "ch" / "fig.yaml"), "en", load_theme())
    assert "apt-get install graphviz" in str(info.value)


def test_missing_cjk_font_names_the_install_command(monkeypatch, tmp_path):
    from diagrams.errors import ToolMissing
    from diagrams.text import fonts

    monkeypatch.setattr(fonts, "_CANDIDATES", {False: [str(tmp_path / "none.ttc")], True: [str(tmp_path / "none.ttc")]})
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    monkeypatch.delenv("DIAGRAMS_FONT", raising=False)
    fonts.font_path.cache_clear()
    try:
        with pytest.raises(ToolMissing) as info:
            fonts.font_path(False)
        assert "apt-get install fonts-noto-cjk" in str(info.value)
    finally:
        fonts.font_path.cache_clear()


# ---- every mistake of a spec in one run ------------------------------------------------------------------------

FIVE = """\
id: five
chapter: ch
title: {en: Five mistakes, zh: 五处错误}
layout: auto
nodes:
  a: {text: {en: Alpha, zh: 甲}, fill: skyblue}
  b: {text: Beta, style: boxx}
  c: {text: {en: Gamma}, colour: red}
edges:
  - {from: a, to: bb}
  - {from: a, to: c, color: reed}
  - {from: q, to: c}
"""


def test_every_mistake_of_a_spec_is_reported_in_one_run(make_specs, capsys):
    from diagrams.cli import main

    specs = make_specs({"ch/five": FIVE})
    assert main(["--specs", str(specs), "lint", "five", "--theme", "house"]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("error:")]
    found = {ln.split("five.yaml:")[1].split(":")[0]: ln for ln in lines}
    assert set(found) == {"6", "7", "8", "10", "11", "12"} and len(lines) == 7, out
    assert "unknown colour 'skyblue'" in found["6"] and "did you mean 'sky'" in found["6"]
    assert "unknown style 'boxx'" in found["7"] and "'box'" in found["7"]
    assert "edge 1 goes to unknown node 'bb'" in found["10"]
    assert "unknown colour 'reed' in edge 2 color" in found["11"] and "'red'" in found["11"]
    assert "edge 3 goes from unknown node 'q'" in found["12"]
    assert "7 problem(s)" in out


def test_edges_are_numbered_from_one_in_every_message(make_specs):
    from diagrams.errors import SpecError
    from diagrams.pipeline import load_figure

    text = FIVE.replace("fill: skyblue", "fill: sky").replace("style: boxx", "style: box") \
        .replace("{en: Gamma}, colour: red", "Gamma").replace("to: bb", "to: b").replace("from: q", "from: a")
    with pytest.raises(SpecError) as err:          # a schema error (edges[1] in jsonschema's counting)
        load_figure(make_specs({"ch/five": text}) / "ch" / "five.yaml")
    assert "edge 2 color" in str(err.value) and "edges.1" not in str(err.value)


@pytest.mark.parametrize("word,want", [("skyblue", "sky"), ("reed", "red"), ("tomato", "red"),
                                       ("crimson", "map-red"), ("grey", "grey-3")])
def test_colour_suggestions_by_spelling_and_by_meaning(word, want):
    from diagrams.theme import colour_hint, load_theme

    assert f"'{want}'" in colour_hint(word, load_theme().palette)


def test_the_number_of_reported_errors_is_limited(make_specs):
    from diagrams.errors import SpecErrors
    from diagrams.pipeline import load_figure
    from diagrams.spec.validate import MAX_REPORTED_ERRORS

    nodes = "".join(f"  n{i}: {{text: x, fill: nosuch{i}}}\n" for i in range(MAX_REPORTED_ERRORS + 5))
    text = "id: many\nchapter: ch\ntitle: {en: Many, zh: 多}\nnodes:\n" + nodes
    with pytest.raises(SpecErrors) as err:
        load_figure(make_specs({"ch/many": text}) / "ch" / "many.yaml")
    lines = str(err.value).splitlines()
    assert len(lines) == MAX_REPORTED_ERRORS + 1 and "5 more" in lines[-1] and "MAX_REPORTED_ERRORS" in lines[-1]
