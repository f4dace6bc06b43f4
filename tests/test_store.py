"""The build's store of typeset formulas and font tables (diagrams/text/store.py): what it keeps is read back
exactly, bad records are made again, and a worker that finds everything there needs no matplotlib."""
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from diagrams.text import fonts, mathtext, store

from conftest import ROOT, SPECS

FORMULA = r"\mathcal{L} = -\log \sigma\left(\beta \frac{\pi_\theta(y_w)}{\pi_{ref}(y_w)}\right)"


@pytest.fixture
def kept(tmp_path):
    store.use(tmp_path)
    mathtext._unit.cache_clear()
    mathtext.typeset.cache_clear()
    fonts._cmap.cache_clear()
    yield tmp_path
    store.use(None)
    mathtext._unit.cache_clear()
    mathtext.typeset.cache_clear()
    fonts._cmap.cache_clear()


def _fresh():
    """What a new process would see: nothing in memory, only the store."""
    mathtext._unit.cache_clear()
    mathtext.typeset.cache_clear()
    fonts._cmap.cache_clear()


def test_a_formula_read_from_the_store_is_drawn_exactly_as_typeset(kept):
    made = mathtext.typeset(FORMULA, 17.0)
    records = list((kept / "math").glob("*.z"))
    assert len(records) == 1
    _fresh()
    parsed = []
    real = mathtext._parse_unit
    mathtext._parse_unit = lambda tex: parsed.append(tex) or real(tex)
    try:
        again = mathtext.typeset(FORMULA, 17.0)
    finally:
        mathtext._parse_unit = real
    assert parsed == []                 # read, not parsed
    assert again == made                # same outlines, same metrics, to the last digit


@pytest.mark.parametrize("damage", ["truncate", "garbage", "bomb", "wrong length", "not a number", "unknown code"])
def test_a_damaged_record_is_made_again(kept, damage):
    made = mathtext.typeset(FORMULA, 17.0)
    record = next((kept / "math").glob("*.z"))
    raw = zlib.decompress(record.read_bytes())
    if damage == "truncate":
        record.write_bytes(record.read_bytes()[:20])
    elif damage == "garbage":
        record.write_bytes(b"not a record at all")
    elif damage == "bomb":        # inflates past MAX_RECORD_BYTES
        record.write_bytes(zlib.compress(b"\0" * (store.MAX_RECORD_BYTES + 10)))
    elif damage == "not a number":
        header = mathtext._RECORD.size
        record.write_bytes(zlib.compress(raw[:header] + struct.pack("<d", float("nan")) + raw[header + 8:]))
    elif damage == "unknown code":
        record.write_bytes(zlib.compress(raw[:-1] + b"\x07"))
    else:
        record.write_bytes(zlib.compress(raw + b"\x01"))
    _fresh()
    assert mathtext.typeset(FORMULA, 17.0) == made
    assert zlib.decompress(record.read_bytes()) == raw      # and written again whole


def test_the_font_table_is_kept_and_read_back(kept):
    made = fonts._cmap(False)
    assert len(list((kept / "fonts").glob("*.z"))) == 1
    _fresh()
    assert fonts._cmap(False) == made
    assert ord("强") in made and ord("A") in made


def test_nothing_is_kept_without_a_store(tmp_path):
    store.use(None)
    mathtext._unit.cache_clear()
    mathtext.typeset(FORMULA, 17.0)
    assert not any(tmp_path.iterdir())
    assert store.read("math", "x") is None


def test_a_folder_that_is_gone_is_not_made_again(tmp_path):
    store.use(tmp_path / "gone")
    try:
        store.write("math", "k", b"data")
        assert not (tmp_path / "gone").exists()
    finally:
        store.use(None)


def test_a_linked_folder_is_not_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = tmp_path / "build"
    build.mkdir()
    (build / "math").symlink_to(elsewhere)
    store.use(build)
    try:
        store.write("math", "k", b"data")
    finally:
        store.use(None)
    assert not any(elsewhere.iterdir())


def test_a_worker_that_finds_everything_in_the_store_needs_no_matplotlib(tmp_path):
    """The one-edited-spec rebuild: the formulas of a figure without charts were typeset by the last build."""
    spec = SPECS / "dpo" / "dpo-beta.yaml"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from diagrams.text import store\n"
        "from diagrams.pipeline import load_figure, render\n"
        "from diagrams.lint import lint_figure\n"
        "from diagrams.theme import load_theme\n"
        f"store.use(Path({str(tmp_path)!r}))\n"
        f"fig = load_figure(Path({str(spec)!r}))\n"
        "theme = load_theme()\n"
        "for lang in ('en', 'zh'):\n"
        "    r = render(fig, lang, theme)\n"
        "    lint_figure(r.ctx, fig.layout, theme=theme, fig=fig)\n"
        "print('matplotlib' in sys.modules)\n"
        "print(r.svg)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split("\n", 1)[0] == "True"       # it typeset the formulas
    assert second.stdout.split("\n", 1)[0] == "False"     # it read them
    assert second.stdout.split("\n", 1)[1] == first.stdout.split("\n", 1)[1]   # the same SVG


def test_old_records_are_trimmed_past_the_limit(tmp_path):
    folder = tmp_path / "math"
    folder.mkdir()
    for i in range(12):
        (folder / f"r{i:02d}.z").write_bytes(b"x")
        os.utime(folder / f"r{i:02d}.z", ns=(i * 10**9, i * 10**9))
    (tmp_path / "dpo-beta.json").write_text("{}")       # the build's own records are not the store's
    assert store.trim(tmp_path, max_records=20) == 0
    assert store.trim(tmp_path, max_records=10) == 7     # down to half the limit, the oldest first
    assert sorted(p.name for p in folder.iterdir()) == [f"r{i:02d}.z" for i in range(7, 12)]
    assert (tmp_path / "dpo-beta.json").exists()


def test_a_first_build_fills_the_store_and_a_rebuild_gives_the_same_bytes(make_specs, tmp_path):
    from diagrams.build import build

    from conftest import MINIMAL

    spec = MINIMAL.format(id="one", chapter="ch").replace("text: Beta", r"text: '$\beta \frac{x}{y}$ Beta'")
    specs, out = make_specs({"ch/one": spec}), tmp_path / "out"
    build(specs, out, formats=("svg",), jobs=1, log=None)
    assert len(list((out / ".cache" / "math").glob("*.z"))) == 1     # the workers wrote into the fresh folder
    assert len(list((out / ".cache" / "fonts").glob("*.z"))) >= 1
    first = (out / "zh" / "one.svg").read_bytes()
    build(specs, out, formats=("svg",), jobs=1, force=True, log=None)
    assert (out / "zh" / "one.svg").read_bytes() == first


def test_force_typesets_again_instead_of_reading_the_store(make_specs, tmp_path):
    """A record that is whole but wrong (here: another formula's outlines under this formula's name) is what
    `--force` is for: it reads nothing from the store, and writes the right record back."""
    from diagrams.build import build

    from conftest import MINIMAL

    spec = MINIMAL.format(id="one", chapter="ch").replace("text: Beta", r"text: '$\beta$ Beta'")
    specs, out = make_specs({"ch/one": spec}), tmp_path / "out"
    build(specs, out, formats=("svg",), jobs=1, log=None)
    right = (out / "en" / "one.svg").read_bytes()
    record = next((out / ".cache" / "math").glob("*.z"))
    store.use(tmp_path / "other")
    (tmp_path / "other").mkdir()
    mathtext._unit.cache_clear()
    mathtext.typeset(r"\sum_{i=1}^{N} x_i", 17.0)
    store.use(None)
    mathtext._unit.cache_clear()
    record.write_bytes(next((tmp_path / "other" / "math").glob("*.z")).read_bytes())
    spec_path = specs / "ch" / "one.yaml"

    def edit_and_build(force=False):
        spec_path.write_text(spec_path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        build(specs, out, formats=("svg",), jobs=1, log=None, force=force)
        return (out / "en" / "one.svg").read_bytes()

    assert edit_and_build() != right                # the wrong record was read
    assert edit_and_build(force=True) == right      # typeset again …
    assert edit_and_build() == right                # … and the right record written back
