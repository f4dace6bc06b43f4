"""Code blocks given as lines of coloured runs (syntax colouring): each run is its own monospaced <text>,
placed one after another at monospace advances, in its colour and weight; fill: none draws no panel."""
from conftest import MINIMAL
from diagrams.pipeline import load_figure, render
from diagrams.scene import Shape, TextItem
from diagrams.text import fonts

SPEC = MINIMAL.format(id="fig", chapter="ch").replace(
    "  b: {text: Beta, at: [1, 0]}",
    "  b: {component: code, at: [1, 0], data: {fill: none, font_size: 20, code: "
    "[[\"<|im_start|>\", {text: user, bold: true}], [{text: {en: Hi, zh: 你好}, color: orange}, \"<|im_end|>\"]]}}")


def _texts(lang, make_specs, theme):
    specs = make_specs({"ch/fig": SPEC})
    r = render(load_figure(specs / "ch" / "fig.yaml"), lang, theme)
    return r, [t for t in r.ctx.scene.items if isinstance(t, TextItem) and t.family == "mono"]


def test_runs_are_placed_one_after_another(make_specs, theme):
    r, mono = _texts("en", make_specs, theme)
    assert [t.text for t in mono] == ["<|im_start|>", "user", "Hi", "<|im_end|>"]
    start, user, hi, end = mono
    assert user.bold and not start.bold
    assert abs(user.x - start.x - 120) < 1e-6 and fonts.mono_width("<|im_start|>", 20) == 120
    assert hi.color == theme.color("orange") and end.color == theme.color("ink")
    assert abs(end.x - hi.x - 20) < 1e-6 and hi.x == start.x and hi.y > start.y
    # no panel behind the lines
    grey = theme.color("grey-1")
    assert not [s for s in r.ctx.scene.items if isinstance(s, Shape) and s.paint.fill == grey]


def test_runs_take_each_languages_text(make_specs, theme):
    _, mono = _texts("zh", make_specs, theme)
    hi, end = mono[2:]
    assert hi.text == "你好" and abs(end.x - hi.x - 40) < 1e-6
