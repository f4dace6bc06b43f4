"""The house frame: the title tab and credit line grow with wide figures, within a bound."""
import re
import textwrap

from diagrams.pipeline import render


def _title_size(svg: str) -> float:
    m = re.search(r'<text [^>]*font-size="([0-9.]+)" font-weight="bold"[^>]*text-anchor="middle">', svg)
    return float(m.group(1))


def _figure(tmp_path, width: int):
    from diagrams.pipeline import load_figure

    p = tmp_path / "ch" / "wide.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(f"""\
        id: wide
        chapter: ch
        title: {{en: A figure, zh: 一幅图}}
        layout: free
        nodes:
          a: {{text: A, size: [{width}, 60], at: [0, 0]}}
        """), encoding="utf-8")
    return load_figure(p)


def test_a_narrow_figure_keeps_the_themes_title_size(tmp_path, theme):
    assert _title_size(render(_figure(tmp_path, 500), "en", theme).svg) == float(theme.frame["title_size"])


def test_a_wide_figure_gets_a_larger_title_up_to_the_bound(tmp_path, theme):
    base = float(theme.frame["title_size"])
    wider = _title_size(render(_figure(tmp_path, 1600), "en", theme).svg)
    widest = _title_size(render(_figure(tmp_path, 4000), "en", theme).svg)
    assert base < wider < widest
    assert widest == base * float(theme.frame["scale_max"])
