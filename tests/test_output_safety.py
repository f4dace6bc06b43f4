"""Robustness of what the build reads besides specs and of what it writes: chapters.yaml goes through the specs'
limited loader and a shape check; symbolic links do not lead reads or writes outside the project; control and
bidi characters reach no output and no terminal; titles get the glyph check; outputs are 0644, PDFs
reproducible, and a full disk leaves a figure's old outputs whole."""
import errno
import json
import os
import re
import stat
import threading
import time
import tracemalloc

import pytest

from conftest import MINIMAL
from diagrams import build as build_mod
from diagrams.build import build
from diagrams.cli import main

BASE = MINIMAL.format(id="fig", chapter="ch")
CHAPTERS = "chapters:\n  ch:\n    order: 1\n    en: Chapter\n    zh: 章节\n"


def _cli_build(specs, out, *extra):
    return main(["--specs", str(specs), "build", "--out", str(out), "--format", "svg", "-j", "1", *extra])


# ---- 1. chapters.yaml ---------------------------------------------------------------------------------------------

def test_a_chapters_alias_bomb_is_refused_with_bounded_memory_and_no_huge_page(make_specs, tmp_path, capsys):
    specs = make_specs({"ch/fig": BASE})
    out = tmp_path / "out"
    assert _cli_build(specs, out) == 0          # built once: the second build only rewrites the gallery
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    bomb = "x:\n" + "".join(f"  {line}\n" for line in lines) + "chapters:\n  ch: {order: 1, en: *a5, zh: *a5}\n"
    (specs / "chapters.yaml").write_text(bomb, encoding="utf-8")
    capsys.readouterr()
    tracemalloc.start()
    code = _cli_build(specs, out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    err = capsys.readouterr().err
    assert code == 2
    assert f"{specs / 'chapters.yaml'}:" in err and "expands to more than" in err, err
    assert peak < 50 * 1024 * 1024, f"peak memory {peak / 1e6:.1f} MB"
    page = out / "index.html"
    assert not page.exists() or page.stat().st_size < 200_000


BAD_CHAPTERS = {
    "syntax": ("chapters:\n  ch: {order: 1, en: A, zh: [\n", 3, "YAML syntax error"),
    "not a mapping": ("- ch\n- dpo\n", 1, "must be a mapping with the key `chapters`"),
    "chapters a list": ("chapters:\n  - ch\n", 1, "`chapters` must be a mapping"),
    "missing zh": ("chapters:\n  ch:\n    order: 1\n    en: Chapter\n", 3, "chapter 'ch' has no zh name"),
    "order not a number": ("chapters:\n  ch: {order: first, en: A, zh: 甲}\n", 2, "order must be a whole number"),
    "unknown key": ("chapters:\n  ch: {order: 1, en: A, zh: 甲, title: B}\n", 2, "unknown key 'title'"),
    "bad id": ("chapters:\n  Bad Id: {order: 1, en: A, zh: 甲}\n", 2, "has the wrong form"),
    "long name": ("chapters:\n  ch: {order: 1, en: " + "x" * 500 + ", zh: 甲}\n", 2, "over the limit of 200"),
    "control character": ('chapters:\n  ch: {order: 1, en: "A\\e[2J", zh: 甲}\n', 2, "control character U+001B"),
    "top-level typo": ("chapter:\n  ch: {order: 1, en: A, zh: 甲}\n", 1, "unknown key 'chapter'"),
}


@pytest.mark.parametrize("name", list(BAD_CHAPTERS))
def test_a_broken_chapters_file_is_one_located_line(make_specs, tmp_path, capsys, name):
    text, line, needle = BAD_CHAPTERS[name]
    specs = make_specs({"ch/fig": BASE})
    (specs / "chapters.yaml").write_text(text, encoding="utf-8")
    assert _cli_build(specs, tmp_path / "out") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {specs / 'chapters.yaml'}:{line}:"), err
    assert needle in err and " — " in err, err       # what, then a hint


def test_lint_reports_a_broken_chapters_file_once(make_specs, capsys):
    specs = make_specs({"ch/one": MINIMAL.format(id="one", chapter="ch"),
                        "ch/two": MINIMAL.format(id="two", chapter="ch")})
    (specs / "chapters.yaml").write_text("chapters:\n  ch: {order: 1, en: A}\n", encoding="utf-8")
    assert main(["--specs", str(specs), "lint", "--theme", "house"]) == 1
    out = capsys.readouterr().out
    assert out.count("chapters.yaml:2:") == 1 and "has no zh name" in out, out


def test_watch_survives_a_broken_chapters_file(make_specs, tmp_path):
    from diagrams.contrib import watch

    specs = make_specs({"ch/fig": BASE})
    chapters = specs / "chapters.yaml"
    chapters.write_text(CHAPTERS, encoding="utf-8")
    out = tmp_path / "build"
    stop, ready, log = threading.Event(), threading.Event(), []
    t = threading.Thread(target=watch, args=(specs, out), daemon=True,
                         kwargs=dict(formats=("svg",), jobs=1, stop_event=stop, ready=ready, log=log.append,
                                     debounce_ms=100))
    t.start()

    def wait_for(pred):
        deadline = time.time() + 30
        while time.time() < deadline and not pred():
            time.sleep(0.1)
        return pred()

    try:
        assert ready.wait(60)
        time.sleep(0.3)
        chapters.write_text("chapters: {ch: [\n", encoding="utf-8")
        assert wait_for(lambda: any("chapters.yaml:" in line and line.startswith("error:") for line in log)), log
        assert t.is_alive()
        chapters.write_text(CHAPTERS.replace("en: Chapter", "en: Renamed chapter"), encoding="utf-8")
        assert wait_for(lambda: "Renamed chapter" in (out / "index.html").read_text(encoding="utf-8")), log
        assert t.is_alive()
    finally:
        stop.set()
        t.join(10)


def test_the_outside_catalogue_goes_through_the_limited_loader(tmp_path):
    from diagrams.catalog import external_entry
    from diagrams.errors import SpecError

    catalog = tmp_path / "catalog.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    catalog.write_text("\n".join(lines) + "\nfigures: [{id: fig, title_en: *a5}]\n", encoding="utf-8")
    with pytest.raises(SpecError, match="expands to more than"):
        external_entry("fig", catalog)


# ---- 2. symbolic links --------------------------------------------------------------------------------------------

def test_a_spec_linked_from_outside_the_specs_folder_is_refused(make_specs, tmp_path, capsys):
    specs = make_specs({"ch/fig": BASE})
    outside = tmp_path / "elsewhere" / "evil.yaml"
    outside.parent.mkdir()
    outside.write_text(MINIMAL.format(id="evil", chapter="ch"), encoding="utf-8")
    (specs / "ch" / "evil.yaml").symlink_to(outside)
    out = tmp_path / "out"
    assert _cli_build(specs, out) == 2
    err = capsys.readouterr().err
    assert f"{specs / 'ch' / 'evil.yaml'}" in err and "outside the specs folder" in err, err
    assert not (out / "en" / "evil.svg").exists()
    # a link that stays inside the specs folder is fine
    (specs / "ch" / "evil.yaml").unlink()
    (specs / "store").mkdir()
    (specs / "store" / "evil.txt").write_text(MINIMAL.format(id="evil", chapter="ch"), encoding="utf-8")
    (specs / "ch" / "evil.yaml").symlink_to(specs / "store" / "evil.txt")
    assert _cli_build(specs, out) == 0, capsys.readouterr().err
    assert (out / "en" / "evil.svg").exists()


def test_a_chapters_file_linked_from_outside_is_refused(make_specs, tmp_path, capsys):
    specs = make_specs({"ch/fig": BASE})
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(CHAPTERS, encoding="utf-8")
    (specs / "chapters.yaml").symlink_to(outside)
    assert _cli_build(specs, tmp_path / "out") == 2
    assert "outside the specs folder" in capsys.readouterr().err


@pytest.fixture
def project(tmp_path, monkeypatch, make_specs):
    """A project folder (the CLI's default build/ lives in it) and a specs tree."""
    import diagrams.cli as cli

    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.setattr(cli, "ROOT", root)
    return root, make_specs({"ch/fig": BASE})


def test_a_default_build_folder_linked_outside_the_project_is_refused(project, tmp_path, capsys):
    root, specs = project
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "build").symlink_to(elsewhere)
    args = ["--specs", str(specs), "build", "--format", "svg", "-j", "1"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "outside the project" in err and str(elsewhere) in err and "--out" in err, err
    assert list(elsewhere.iterdir()) == []
    assert main(["--specs", str(specs), "gallery"]) == 2        # the other commands that write build/ too
    assert list(elsewhere.iterdir()) == []
    # named explicitly, the same folder is used
    assert main(args + ["--out", str(root / "build")]) == 0
    assert (elsewhere / "en" / "fig.svg").exists()


def test_a_build_folder_linked_inside_the_project_or_a_linked_language_folder(project, tmp_path, capsys):
    root, specs = project
    (root / "real-build").mkdir()
    (root / "build").symlink_to(root / "real-build")
    args = ["--specs", str(specs), "build", "--format", "svg", "-j", "1"]
    assert main(args) == 0
    assert (root / "real-build" / "en" / "fig.svg").exists()
    # a committed build/ whose language folder links outside is refused as well
    (root / "build").unlink()
    (root / "build").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "build" / "zh").symlink_to(tmp_path / "elsewhere")
    assert main(args) == 2
    assert "outside the project" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").iterdir()) == []


# ---- 3. clean text out --------------------------------------------------------------------------------------------

UNSAFE = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u061c", "\u200e", "\u200f", "\u202a", "\u202e",
          "\u2066", "\u2069"]
_YAML_ESC = '\\0 \\a \\e[31m \\x7f \\N \\x9b \\u061c \\u200e \\u200f \\u202a \\u202e \\u2066 \\u2069'


def test_control_and_bidi_characters_reach_no_output(make_specs, tmp_path):
    from diagrams import readme

    text = BASE.replace("title: {en: A test figure, zh: 测试图}",
                        f'title: {{en: "Evil{_YAML_ESC} title", zh: "坏{_YAML_ESC}标题"}}')
    text += f'description: {{en: "About{_YAML_ESC} it.", zh: "关于{_YAML_ESC}。"}}\n'
    specs = make_specs({"ch/fig": text})
    out = tmp_path / "out"
    rep = build(specs, out, formats=("svg",), jobs=1, log=None)
    assert not rep.failed, rep.failed
    files = {"index.html": (out / "index.html").read_text(encoding="utf-8"),
             "manifest.json": (out / "manifest.json").read_text(encoding="utf-8"),
             "en/fig.svg": (out / "en" / "fig.svg").read_text(encoding="utf-8"),
             "zh/fig.svg": (out / "zh" / "fig.svg").read_text(encoding="utf-8")}
    root = tmp_path / "project"
    root.mkdir()
    for name in ("README.md", "README_zh.md"):
        (root / name).write_text(f"# {name}\n{readme.START}\n{readme.END}\n", encoding="utf-8")
    readme.write(specs, root)
    files.update({name: (root / name).read_text(encoding="utf-8") for name in ("README.md", "README_zh.md")})
    for name, content in files.items():
        found = sorted({f"U+{ord(c):04X}" for c in UNSAFE if c in content})
        assert not found, f"{name} holds {found}"
        assert "[31m" in content, name       # the visible text stays
    entry = json.loads(files["manifest.json"])["figures"][0]
    assert re.fullmatch(r"Evil +\[31m +title", entry["title"]["en"]), entry["title"]
    assert re.fullmatch(r"关于 +\[31m +。", entry["description"]["zh"]), entry["description"]
    assert "\\u0000" not in files["manifest.json"] and "\\u001b" not in files["manifest.json"]


def test_a_hand_edited_manifest_does_not_bring_them_into_the_gallery(tmp_path):
    from diagrams.gallery import write_gallery

    out = tmp_path / "out"
    out.mkdir()
    entry = {"id": "fig", "chapter": "ch", "order": 1, "title": {"en": "T\x00\u202eitle", "zh": "标\x1b题"},
             "description": {"en": "D\u2066x", "zh": "说\x07明"}, "files": {"en": {"svg": "en/fig.svg"},
                                                                           "zh": {"svg": "zh/fig.svg"}}}
    (out / "manifest.json").write_text(json.dumps({"figures": [entry]}), encoding="utf-8")
    html = write_gallery(out, tmp_path / "no-specs").read_text(encoding="utf-8")
    assert "Title" in html and "标题" in html
    assert not [c for c in UNSAFE if c in html]


def test_the_terminal_gets_escapes_not_control_characters(make_specs, tmp_path, capsys):
    specs = make_specs({"ch/fig": BASE})
    # a spec file whose name carries an ESC sequence and a BEL (the id inside differs: an error names the file)
    (specs / "ch" / "fig.yaml").rename(specs / "ch" / "f\x1b]0;owned\x07\u202eig.yaml")
    assert _cli_build(specs, tmp_path / "out") != 0
    cap = capsys.readouterr()
    printed = cap.out + cap.err
    assert "\x1b" not in printed and "\x07" not in printed and "\u202e" not in printed, repr(printed)
    assert "f\\x1b]0;owned\\x07\\u202eig.yaml" in cap.err, cap.err


def test_lint_warnings_show_node_text_escaped(make_specs, capsys):
    text = BASE.replace("text: Beta", 'text: "Beta \\e[2J 😀"')
    specs = make_specs({"ch/fig": text})
    main(["--specs", str(specs), "lint", "--theme", "house"])
    out = capsys.readouterr().out
    assert "font lacks: 😀" in out and "\x1b" not in out and "'Beta \\x1b[2J 😀'" in out, repr(out)


def test_clean_and_terminal_helpers():
    from diagrams.text.clean import clean_text, terminal_safe

    assert clean_text("a\tb\nc\x00d\x1b\x7f\x85\x9fe\u202ef\u2067g\u200fh") == "a\tb\ncdefgh"
    assert terminal_safe("a\x1b[31m\x07\u202e\tb\nc") == "a\\x1b[31m\\x07\\u202e\\x09b\nc"


# ---- 4. the glyph check covers titles -----------------------------------------------------------------------------

def test_a_title_with_characters_the_font_lacks_is_reported(make_specs, tmp_path, capsys):
    text = BASE.replace("title: {en: A test figure, zh: 测试图}", "title: {en: Expected reward 𝔼 😀, zh: 测试图}")
    specs = make_specs({"ch/fig": text})
    assert main(["--specs", str(specs), "lint", "--theme", "house"]) == 1
    out = capsys.readouterr().out
    assert "[en] title 'Expected reward 𝔼 😀' uses characters the font lacks: 𝔼😀" in out, out
    assert "[zh] title" not in out
    rep = build(specs, tmp_path / "out", formats=("svg",), jobs=1, log=None)
    assert any("[en] title" in w and "font lacks" in w for w in rep.warnings), rep.warnings


# ---- 5. files -----------------------------------------------------------------------------------------------------

def test_outputs_are_readable_by_others(make_specs, tmp_path, monkeypatch):
    monkeypatch.setattr(build_mod, "_FILE_MODE", None, raising=False)    # read the umask set here
    old = os.umask(0o022)
    try:
        specs = make_specs({"ch/fig": BASE})
        out = tmp_path / "out"
        build(specs, out, formats=("svg", "png", "pdf"), jobs=1, log=None)
    finally:
        os.umask(old)
    files = [p for p in out.rglob("*") if p.is_file() and p.name != ".lock"]
    assert len(files) >= 8
    modes = {str(p.relative_to(out)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files}
    assert set(modes.values()) == {"0o644"}, modes


def test_pdfs_are_byte_identical_across_builds(make_specs, tmp_path, monkeypatch):
    specs = make_specs({"ch/fig": BASE})
    build(specs, tmp_path / "a", formats=("pdf",), jobs=1, log=None)
    second = int(time.time())
    while int(time.time()) == second:     # cairo stamps the time to the second
        time.sleep(0.05)
    build(specs, tmp_path / "b", formats=("pdf",), jobs=1, log=None)
    for lang in ("en", "zh"):
        assert (tmp_path / "a" / lang / "fig.pdf").read_bytes() == (tmp_path / "b" / lang / "fig.pdf").read_bytes()
    # SOURCE_DATE_EPOCH sets the date, as the reproducible-builds convention says
    from diagrams.pipeline import load_figure, render
    from diagrams.render.export import to_pdf
    from diagrams.theme import load_theme

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    theme = load_theme()
    pdf = to_pdf(render(load_figure(specs / "ch" / "fig.yaml"), "en", theme).svg, theme)
    assert re.search(rb"/CreationDate \((D:)?20231114221320Z\)", pdf)


def test_a_full_disk_part_way_leaves_the_old_outputs_whole_and_names_the_path(make_specs, tmp_path,
                                                                                 monkeypatch, capsys):
    specs = make_specs({"ch/fig": BASE})
    out = tmp_path / "out"
    args = ["--specs", str(specs), "build", "--out", str(out), "-j", "1"]
    assert main(args) == 0
    outputs = [out / lang / f"fig.{fmt}" for lang in ("en", "zh") for fmt in ("svg", "png", "pdf")]
    before = {p: p.read_bytes() for p in outputs}
    p = specs / "ch" / "fig.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Beta", "Gamma"), encoding="utf-8")
    capsys.readouterr()

    real, writes = os.fdopen, []

    class FillsUp:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            writes.append(data)
            if len(writes) == 4:     # en svg, png, pdf written; the zh svg finds the disk full
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.f.write(data)

    monkeypatch.setattr(build_mod.os, "fdopen", lambda fd, mode="r", *a, **k: FillsUp(real(fd, mode)))
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"cannot write {out / 'zh' / 'fig.svg'}: No space left on device" in err, err
    assert "(None)" not in err
    assert {p: p.read_bytes() for p in outputs} == before          # not one of them replaced
    assert not list(out.rglob("*.tmp"))
    monkeypatch.undo()
    assert main(args) == 0                                          # the next build (disk freed) finishes
    assert b"Gamma" in (out / "en" / "fig.svg").read_bytes()
