"""Escaping by construction: a marker with markup, injected through every component-data key of every spec
(the keys are read from the specs themselves, not listed here), never reaches an SVG raw. Either the value is
refused with a clear error or it is written escaped."""
from __future__ import annotations

import copy
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from diagrams.errors import DiagramError
from diagrams.layout.figure import layout_figure
from diagrams.pipeline import load_figure, render
from diagrams.render.frame import render_svg
from diagrams.render.safe import unsafe_markup
from diagrams.theme import load_theme

ROOT = Path(__file__).resolve().parents[1]
MARKER = '5 3"/><script>alert(1)</script><path onload="x" d="'


def _leaf_paths(value, path=()):
    """Key paths to the leaves of component data; of a list of plain values only the first counts."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaf_paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if i == 0 or isinstance(v, (dict, list)):
                yield from _leaf_paths(v, path + (i,))
    else:
        yield path


@lru_cache(maxsize=1)
def injection_points() -> dict:
    """component name → [(spec, node id, 'data' | 'args', key path)], one per distinct key shape."""
    seen, out = set(), defaultdict(list)
    for spec in sorted((ROOT / "specs").glob("*/*.yaml")):
        fig = load_figure(spec)
        for node in fig.all_nodes():
            name = node.get("component")
            if not name:
                continue
            for part in ("data", "args"):
                for path in _leaf_paths(_plain(node.get(part) or {})):
                    shape = (name, part, tuple("#" if isinstance(k, int) else k for k in path))
                    if shape not in seen:
                        seen.add(shape)
                        out[name].append((spec, node.id, part, path))
    return dict(out)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _inject(spec: Path, node_id: str, part: str, path: tuple):
    fig = load_figure(spec)
    node = fig.node(node_id)
    data = _plain(node.get(part) or {})
    target = data
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = MARKER
    node.props[part] = data
    return fig


def test_every_component_key_is_found():
    points = injection_points()
    assert len(points) >= 15            # the components that specs use
    assert sum(len(v) for v in points.values()) >= 400


@pytest.mark.parametrize("component", sorted(injection_points()))
def test_marker_never_reaches_the_svg_raw(component):
    theme = load_theme("house")

    for spec, node_id, part, path in injection_points()[component]:
        fig = _inject(spec, node_id, part, path)
        where = f"{spec.stem}: {node_id}.{part}.{'.'.join(map(str, path))}"
        try:
            ctx = layout_figure(fig, "en", theme)
            svg = render_svg(ctx, fig.title.get("en"), theme, "en")   # the writer alone, before the final check
        except Exception:
            continue     # refused (how clearly is the fuzz tests' business): nothing written

        assert "<script" not in svg, where
        assert unsafe_markup(svg) == [], where


def test_refused_injection_names_the_node(tmp_path):
    spec = ROOT / "specs" / "llm-extended" / "rope-dims.yaml"
    fig = load_figure(spec)
    node = fig.node("waves")
    node.props["data"] = dict(_plain(node.get("data")), dash=MARKER)
    with pytest.raises(DiagramError) as err:
        render(fig, "en", load_theme("house"))
    msg = str(err.value)
    assert "rope-dims.yaml:" in msg and "dash pattern" in msg and "<script>" in msg   # quoted, one line


@pytest.mark.parametrize("bad", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<use xlink:href="http://evil.example/x.svg#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://evil.example/p)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://evil.example/a.css";</style></svg>',
    '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>',
])
def test_unsafe_markup_is_found(bad):
    assert unsafe_markup(bad)


def test_safe_markup_passes():
    ok = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g1"/></defs>'
          '<rect fill="url(#g1)"/><text>url(http://example.org) onload=</text></svg>')
    assert unsafe_markup(ok) == []


def test_build_refuses_an_unsafe_svg(monkeypatch):
    import diagrams.render.frame as frame

    real = frame.render_svg
    monkeypatch.setattr(frame, "render_svg",
                        lambda *a, **k: real(*a, **k).replace("</svg>", "<script>alert(1)</script></svg>"))
    fig = load_figure(ROOT / "specs" / "rlhf" / "ppo-four-models.yaml")
    with pytest.raises(DiagramError, match="unsafe SVG.*<script>"):
        render(fig, "en", load_theme("house"))


def test_attribute_values_are_validated():
    from diagrams.render import safe

    assert safe.dash("5 3") == "5 3" and safe.dash("1.5,3") == "1.5,3"
    assert safe.color("#A1B2C3") == "#A1B2C3" and safe.color("url(#grad1)") == "url(#grad1)"
    for bad in ('5 3"', "5;3", "x"):
        with pytest.raises(DiagramError):
            safe.dash(bad)
    for bad in ('#fff" onload="x', "url(http://e/x)", "red;"):
        with pytest.raises(DiagramError):
            safe.color(bad)
    with pytest.raises(DiagramError):
        safe.path_data('M0 0"/><script>')
    assert safe.attr('a"b<c&') == "a&quot;b&lt;c&amp;"
