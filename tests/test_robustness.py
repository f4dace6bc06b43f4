"""Hostile and broken specs: refused quickly with a one-line located error, or rendered literally and safely."""
import os
import time
import tracemalloc
import xml.etree.ElementTree as ET

import pytest

from conftest import MINIMAL
from diagrams.cli import main
from diagrams.errors import DiagramError, SpecError
from diagrams.pipeline import load_figure, render

BASE = MINIMAL.format(id="fig", chapter="ch")


def _load(make_specs, text):
    specs = make_specs({"ch/fig": text})
    return specs / "ch" / "fig.yaml"


def _refused(make_specs, text, needle):
    path = _load(make_specs, text)
    t0 = time.perf_counter()
    with pytest.raises(SpecError) as info:
        from diagrams.theme import load_theme

        render(load_figure(path), "en", load_theme())
    assert time.perf_counter() - t0 < 5, "refused quickly"
    assert needle in str(info.value), str(info.value)
    assert str(info.value).startswith(str(path))
    return info.value


def test_billion_laughs_is_refused_with_bounded_memory(make_specs):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    text = BASE + "\n".join(f"# {l}" for l in []) + ""
    bomb = "\n".join(lines) + "\n" + BASE
    tracemalloc.start()
    _refused(make_specs, bomb, "expands to more than")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"peak memory {peak / 1e6:.1f} MB"


def test_deep_nesting_is_refused(make_specs):
    deep = "[" * 200 + "]" * 200
    _refused(make_specs, BASE + f"x_deep: {deep}\n", "nesting deeper than")


def test_huge_file_is_refused_with_the_limit_named(make_specs):
    label = "x" * (10 * 1024 * 1024)
    err = _refused(make_specs, BASE.replace("text: Beta", f"text: {label}"), "over the limit of 1000000")
    assert "bytes" in str(err)


def test_too_many_nodes_are_refused_before_schema_work(make_specs):
    nodes = "".join(f"  n{i}: {{}}\n" for i in range(100_000))
    text = "id: fig\nchapter: ch\ntitle: T\nnodes:\n" + nodes
    # 100 000 nodes do not fit the file-size limit; 2 001 do, and hit the node limit
    if len(text.encode()) > 1_000_000:
        _refused(make_specs, text, "over the limit of 1000000")
    nodes = "".join(f"  n{i}: {{}}\n" for i in range(2001))
    _refused(make_specs, "id: fig\nchapter: ch\ntitle: T\nnodes:\n" + nodes, "over the limit of 2000")


@pytest.mark.parametrize("value, needle", [("1e12", "greater than the maximum"), (".nan", "not finite"),
                                           (".inf", "not finite"), ("-.inf", "not finite")])
def test_absurd_numbers_are_refused(make_specs, value, needle):
    _refused(make_specs, BASE.replace("at: [1, 0]}", f"at: [1, 0], size: [{value}, 10]}}"), needle)


def test_huge_computation_inputs_are_refused(make_specs):
    text = BASE.replace("  b: {text: Beta, at: [1, 0]}",
                        "  b: {component: table, compute: rope.table, args: {head_dim: 1000000000}, at: [1, 0],\n"
                        "      data: {values: [{at: [0, 0], from: theta}]}}")
    err = _refused(make_specs, text, "head_dim is 1000000000, over the limit MAX_HEAD_DIM = 1024")
    assert (err.line, err.col) == (6, 53), "located at the argument"


@pytest.mark.parametrize("fid", ["../evil", "/abs", "Caps", "a b", "ünï"])
def test_ids_must_match_a_strict_pattern(make_specs, fid):
    _refused(make_specs, BASE.replace("id: fig", f"id: '{fid}'"), "has the wrong form")


def test_markup_in_labels_is_rendered_literally(make_specs):
    nasty = '<script>alert(1)</script> & "q" ]]> \u202eevil\u202c'
    text = BASE.replace("text: Beta", "text: " + '"' + nasty.replace('"', '\\"').replace("\x07", "\\x07") + '"')
    text = text.replace("title: {en: A test figure, zh: 测试图}", 'title: {en: "<b>&amp;</b>", zh: 测试图}')
    path = _load(make_specs, text)
    from diagrams.theme import load_theme

    svg = render(load_figure(path), "en", load_theme()).svg
    root = ET.fromstring(svg)  # well-formed
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script>alert(1)</script>" in texts and '"q" ]]>' in texts and "<b>&amp;</b>" in texts
    assert "\u202e" not in svg and "\x07" not in svg
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    assert "<script" not in svg.replace("&lt;script", "")


@pytest.mark.parametrize("written,tex", [(r'"\frac{1}{2}"', r"\frac"), (r'"$\theta$"', r"\theta"),
                                         (r'"$\nabla J$"', r"\nabla")])
def test_a_tex_command_in_double_quotes_is_named_not_drawn(make_specs, written, tex):
    """In double quotes YAML reads \\f, \\t, \\n … as escapes: the message names the command and both fixes."""
    from diagrams.errors import SpecError

    path = _load(make_specs, BASE.replace("text: Beta", "text: " + written))
    with pytest.raises(SpecError) as err:
        load_figure(path)
    msg = str(err.value)
    assert f'"{tex}" in double quotes is a YAML escape' in msg and f"single quotes ('{tex}')" in msg
    assert err.value.line == 6


def test_icon_files_are_parsed_without_entities():
    from defusedxml import EntitiesForbidden
    from defusedxml import ElementTree as SafeET

    evil = '<!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg>&e;</svg>'
    with pytest.raises(EntitiesForbidden):
        SafeET.fromstring(evil)
    from diagrams import icons

    assert "<path" in icons.lucide_elements("scissors") and "script" not in icons.lucide_elements("scissors")


def test_graphviz_failure_is_a_located_error(make_specs, monkeypatch):
    import subprocess

    from diagrams.layout import graphviz

    def boom(*a, **k):
        raise subprocess.TimeoutExpired(cmd="dot", timeout=graphviz.DOT_TIMEOUT_S)

    monkeypatch.setattr(graphviz.subprocess, "run", boom)
    err = _refused(make_specs, BASE.replace("nodes:", "layout: graph\nnodes:"), "Graphviz took longer")
    assert "layout: auto" in str(err)


def test_read_only_output_gives_a_clear_error_and_no_partial_files(make_specs, tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    specs = make_specs({"ch/fig": BASE})
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert main(["--specs", str(specs), "build", "--out", str(out), "--format", "svg", "-j", "1"]) != 0
        assert "cannot write" in capsys.readouterr().err
    finally:
        out.chmod(0o700)


def test_write_error_leaves_no_partial_files(make_specs, tmp_path, monkeypatch, capsys):
    """Disk full while writing the PNG: the figure fails with one line; no temporary or partial output stays."""
    from diagrams import build as build_mod

    specs = make_specs({"ch/fig": BASE})
    out = tmp_path / "out"
    real = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_mod.os, "fdopen", lambda fd, mode="r", *a, **k: Full(real(fd, mode)))
    assert main(["--specs", str(specs), "build", "--out", str(out), "--format", "svg", "-j", "1"]) != 0
    assert "No space left on device" in capsys.readouterr().err
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix in (".svg", ".png", ".tmp")]


def test_stale_temporaries_from_a_killed_build_are_removed(make_specs, tmp_path):
    from diagrams.build import build

    specs = make_specs({"ch/fig": BASE})
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    stale = out / "en" / ".fig.svg.abc123.tmp"
    stale.write_text("<svg half")
    build(specs, out, formats=("svg",), jobs=1, log=None)
    assert not stale.exists() and (out / "en" / "fig.svg").exists()


def test_concurrent_builds_do_not_corrupt_outputs(make_specs, tmp_path):
    import subprocess
    import sys

    specs = make_specs({f"ch/f{i}": MINIMAL.format(id=f"f{i}", chapter="ch") for i in range(4)})
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "diagrams", "--specs", str(specs), "build", "--out", str(out), "--format", "svg",
           "-j", "1", "--force"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read().decode()
    for i in range(4):
        ET.parse(out / "en" / f"f{i}.svg")
    import json

    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["figures"]) == 4


def test_interrupted_build_leaves_only_complete_files_and_the_next_build_finishes(make_specs, tmp_path):
    import signal
    import subprocess
    import sys

    specs = make_specs({f"ch/f{i}": MINIMAL.format(id=f"f{i}", chapter="ch") for i in range(12)})
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "diagrams", "--specs", str(specs), "build", "--out", str(out), "-j", "1"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob("en/*.png")):
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    p.wait(timeout=60)
    for svg in out.glob("*/*.svg"):
        ET.parse(svg)  # complete, well-formed
    from PIL import Image

    for png in out.glob("*/*.png"):
        Image.open(png).verify()
    assert not list(out.rglob("*.tmp"))
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    assert len([p for p in out.glob("en/*.svg") if not p.name.endswith(".slides.svg")]) == 12
