import functools
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
ALL_SPECS = sorted(SPECS.glob("*/*.yaml"))


@pytest.fixture(scope="session")
def theme():
    from diagrams.theme import load_theme

    return load_theme()


@functools.lru_cache(maxsize=None)
def rendered(spec: Path, lang: str):
    """Render a spec once per test session (several test modules look at the same output)."""
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    return render(load_figure(spec), lang, load_theme())


MINIMAL = """\
id: {id}
chapter: {chapter}
title: {{en: A test figure, zh: 测试图}}
nodes:
  a: {{text: {{en: Alpha, zh: 甲}}, at: [0, 0]}}
  b: {{text: Beta, at: [1, 0]}}
edges:
  - {{from: a, to: b}}
"""


@pytest.fixture
def make_specs(tmp_path):
    """Write specs into a temporary specs/ tree: make_specs({"ch/id": yaml_text, ...}) → specs dir."""
    def make(files: dict) -> Path:
        root = tmp_path / "specs"
        for rel, text in files.items():
            p = root / f"{rel}.yaml"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        return root
    return make


FIGURE_HEAD = "id: fig\nchapter: ch\ntitle: {en: Test figure, zh: 测试图}\nlayout: free\nnodes:\n"


def render_nodes(make_specs, nodes_yaml: str, lang: str = "en"):
    """Render a one-spec free-layout figure whose ``nodes:`` mapping is ``nodes_yaml`` (written from column 0)."""
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    body = textwrap.indent(textwrap.dedent(nodes_yaml), "  ")
    specs = make_specs({"ch/fig": FIGURE_HEAD + body})
    return render(load_figure(specs / "ch" / "fig.yaml"), lang, load_theme())
