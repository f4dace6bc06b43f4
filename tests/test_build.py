"""Incremental, deterministic builds with a manifest; subsets and formats from the CLI."""
import json

from conftest import MINIMAL
from diagrams.build import build
from diagrams.cli import main


def _specs(make_specs):
    return make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch"),
                       "ch/two": MINIMAL.format(id="two", chapter="ch")})


def test_second_build_skips_and_an_edit_rebuilds_only_that_figure(make_specs, tmp_path):
    specs, out = _specs(make_specs), tmp_path / "out"
    first = build(specs, out, formats=("svg",), jobs=1, log=None)
    assert sorted(first.built) == ["one", "two"]
    again = build(specs, out, formats=("svg",), jobs=1, log=None)
    assert again.built == [] and sorted(again.skipped) == ["one", "two"]
    p = specs / "ch" / "two.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Beta", "Delta"), encoding="utf-8")
    third = build(specs, out, formats=("svg",), jobs=1, log=None)
    assert third.built == ["two"] and third.skipped == ["one"]
    (out / "en" / "one.svg").unlink()
    assert build(specs, out, formats=("svg",), jobs=1, log=None).built == ["one"]


def test_outputs_are_byte_identical_across_clean_builds(make_specs, tmp_path):
    specs = _specs(make_specs)
    build(specs, tmp_path / "a", formats=("svg", "png"), jobs=2, log=None)
    build(specs, tmp_path / "b", formats=("svg", "png"), jobs=1, log=None)
    for rel in ("en/one.svg", "zh/one.svg", "en/two.png", "zh/two.png", "manifest.json"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_png_is_twice_the_svg_size(make_specs, tmp_path):
    from PIL import Image
    import xml.etree.ElementTree as ET

    specs = _specs(make_specs)
    build(specs, tmp_path, ids=["one"], formats=("svg", "png"), jobs=1, log=None)
    root = ET.parse(tmp_path / "en" / "one.svg").getroot()
    w, h = float(root.get("width")), float(root.get("height"))
    img = Image.open(tmp_path / "en" / "one.png")
    assert abs(img.width - 2 * w) <= 1 and abs(img.height - 2 * h) <= 1


def test_cli_builds_a_subset_in_one_language_and_pdf(make_specs, tmp_path):
    specs, out = _specs(make_specs), tmp_path / "out"
    assert main(["--specs", str(specs), "build", "two", "--lang", "en", "--format", "svg,pdf", "--out", str(out)]) == 0
    assert (out / "en" / "two.pdf").read_bytes().startswith(b"%PDF")
    assert not (out / "zh").exists() and not (out / "en" / "one.svg").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in manifest["figures"]] == ["two"]


def test_cli_rejects_unknown_ids_and_formats(make_specs, tmp_path, capsys):
    specs = _specs(make_specs)
    assert main(["--specs", str(specs), "build", "tree", "--out", str(tmp_path)]) == 2
    assert "no spec for figure id 'tree'" in capsys.readouterr().err
    import pytest

    with pytest.raises(SystemExit):
        main(["--specs", str(specs), "build", "--format", "gif"])


def test_a_figure_depends_only_on_the_components_it_names(theme):
    from diagrams.build import EngineDigest

    e = EngineDigest(theme.path)
    plain = e.for_spec(b"id: a\nnodes:\n  x: {text: X}\n")
    table = e.for_spec(b"id: a\nnodes:\n  x: {component: table, data: {}}\n")
    computed = e.for_spec(b"id: a\nnodes:\n  x: {component: table, compute: rope.table}\n")
    assert plain == e.core
    assert table.startswith(e.core + "|table=") and "numeric=" not in table
    assert computed.endswith("numeric=" + e.numeric)
    # a component's digest is its file's, so editing bits.py changes only specs that name bits
    assert e.for_spec(b"component: bits") != e.for_spec(b"component: table")


def test_one_figure_with_spare_workers_renders_each_language_apart_with_the_same_bytes(make_specs, tmp_path):
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch")})
    split = build(specs, tmp_path / "a", formats=("svg", "png"), jobs=2, log=None)   # one language per worker
    serial = build(specs, tmp_path / "b", formats=("svg", "png"), jobs=1, log=None)
    assert split.built == serial.built == ["one"] and not split.failed
    for rel in ("en/one.svg", "zh/one.svg", "en/one.png", "zh/one.png", "manifest.json"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_a_language_that_fails_in_its_own_worker_writes_no_language(make_specs, tmp_path):
    good = MINIMAL.format(id="one", chapter="ch")
    specs = make_specs({"ch/one": good})
    out = tmp_path / "out"
    build(specs, out, formats=("svg",), jobs=1, log=None)
    before = {lang: (out / lang / "one.svg").read_bytes() for lang in ("en", "zh")}
    # only the Chinese text has math that mathtext rejects
    (specs / "ch" / "one.yaml").write_text(good.replace("zh: 甲", r"zh: '甲 $\frac{$'").replace("Beta", "Gamma"),
                                           encoding="utf-8")
    report = build(specs, out, formats=("svg",), jobs=2, log=None)
    assert report.built == [] and len(report.failed) == 1 and "one.yaml" in report.failed[0]
    assert {lang: (out / lang / "one.svg").read_bytes() for lang in ("en", "zh")} == before


def test_the_largest_specs_are_built_first(make_specs, tmp_path):
    """Spec size follows build time: big figures start first, so no worker is left rendering one alone at the end."""
    specs = make_specs({"ch/a-small": MINIMAL.format(id="a-small", chapter="ch"),
                        "ch/c-large": MINIMAL.format(id="c-large", chapter="ch") + "#" + " padding" * 400 + "\n",
                        "ch/b-medium": MINIMAL.format(id="b-medium", chapter="ch") + "#" + " padding" * 100 + "\n"})
    report = build(specs, tmp_path / "out", formats=("svg",), jobs=1, log=None)
    assert report.built == ["c-large", "b-medium", "a-small"]      # not the alphabetical order
