"""Contributor workflow: `new` scaffolds a spec that validates and builds; `lint` validates and runs the layout
checks (overflow, collisions, lines through text, glyphs, colours outside the theme) without writing, non-zero on
problems; `watch` rebuilds a saved spec; editor modelines; pre-commit and the pull-request workflow."""
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import ALL_SPECS, MINIMAL, ROOT
from diagrams.checks import colours_outside_theme, lines_through_text, polylines, scene_colours
from diagrams.cli import main
from diagrams.contrib import SCHEMA, modeline, scaffold, spec_problems
from diagrams.pipeline import load_figure, render
from diagrams.scene import Paint, RawItem, Rect, Scene, Shape, TextItem
from diagrams.theme import load_theme

CATALOG = """\
figures:
- id: ppo-clip
  order: 70
  chapter: policy-optimization
  chapter_en: Policy Optimization & Variants
  chapter_zh: 策略优化架构算法及其衍生
  title_en: "PPO-Clip: the clipped objective"
  title_zh: PPO-Clip的裁剪目标
"""


# ---- new ------------------------------------------------------------------------------------------------------

def test_new_fills_a_spec_from_the_catalogue(tmp_path, capsys):
    specs = tmp_path / "specs"
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    assert main(["--specs", str(specs), "new", "ppo-clip", "--catalog", str(catalog)]) == 0
    path = specs / "policy-optimization" / "ppo-clip.yaml"
    assert f"wrote {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == modeline(path.parent)
    fig = load_figure(path)                                   # validates
    assert (fig.id, fig.chapter, fig.order) == ("ppo-clip", "policy-optimization", 70)
    assert fig.title.en == "PPO-Clip: the clipped objective" and fig.title.zh == "PPO-Clip的裁剪目标"
    assert fig.nodes == [] and fig.edges == []
    for lang in ("en", "zh"):                                 # the empty body builds, lint-clean
        from diagrams.lint import lint_scene

        r = render(fig, lang, load_theme())
        assert "<text" in r.svg and lint_scene(r.ctx.scene, theme=load_theme()) == []
    # the only spec-level problem left is the description the contributor still has to write
    assert [p.split(":")[0] for p in spec_problems(path, fig, specs)] == ["no description"]


def test_new_with_options_and_without_a_catalogue(tmp_path):
    specs = tmp_path / "specs"
    args = ["--specs", str(specs), "new", "my-fig", "--catalog", str(tmp_path / "absent.yaml")]
    assert main(args + ["--chapter", "sft", "--title-en", "My figure", "--title-zh", "我的图", "--order", "9"]) == 0
    fig = load_figure(specs / "sft" / "my-fig.yaml")
    assert (fig.chapter, fig.order, fig.title.zh) == ("sft", 9, "我的图")
    from diagrams.build import build

    rep = build(specs, tmp_path / "out", formats=("svg",), jobs=1, log=None)
    assert rep.built == ["my-fig"] and not rep.failed
    # an existing spec is never overwritten by accident
    assert main(args + ["--chapter", "sft", "--title-en", "X", "--title-zh", "Y"]) == 1
    assert load_figure(specs / "sft" / "my-fig.yaml").title.en == "My figure"


def test_new_explains_what_is_missing(tmp_path, capsys):
    specs = tmp_path / "specs"
    none = ["--catalog", str(tmp_path / "absent.yaml")]
    assert main(["--specs", str(specs), "new", "lonely", *none]) == 2
    assert "give --chapter" in capsys.readouterr().err
    assert main(["--specs", str(specs), "new", "lonely", "--chapter", "sft", *none]) == 2
    assert "--title-en and --title-zh" in capsys.readouterr().err
    assert main(["--specs", str(specs), "new", "Bad_Id", "--chapter", "sft", *none]) == 2
    assert "not a valid figure id" in capsys.readouterr().err
    assert not specs.exists()


def test_scaffold_quotes_titles_safely(tmp_path):
    path, text = scaffold("q", tmp_path, chapter="sft", title_en='Colon: "quotes" # hash', title_zh="冒号：引号")
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert load_figure(path).title.en == 'Colon: "quotes" # hash'


# ---- lint -----------------------------------------------------------------------------------------------------

GOOD = MINIMAL.replace("title: {{en: A test figure, zh: 测试图}}",
                       "title: {{en: A test figure, zh: 测试图}}\ndescription: {{en: Fine., zh: 好。}}")


def _write(specs: Path, rel: str, text: str) -> Path:
    p = specs / f"{rel}.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(modeline(p.parent) + "\n" + text, encoding="utf-8")
    return p


def test_lint_passes_a_clean_spec_and_writes_nothing(tmp_path, capsys):
    specs = tmp_path / "specs"
    _write(specs, "rlhf/fine", GOOD.format(id="fine", chapter="rlhf"))
    before = sorted(tmp_path.rglob("*"))
    assert main(["--specs", str(specs), "lint"]) == 0
    assert "1 specs checked in 3 theme(s), 0 problem(s)" in capsys.readouterr().out
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("change, expected", [
    (("at: [0, 0]}", "at: [0, 0], padding: [-8, -8]}"), "overflows its shape"),
    (("at: [1, 0]}", "at: [0, 0]}"), "collides with"),
    (("at: [0, 0]}", "at: [0, 0], fill: \"#123456\"}"), "colour #123456 (a fill) is outside the theme"),
    (("b: {text: Beta,", "b: {text: \"Beta \U0001F9EA\","), "characters the font lacks"),
    (("edges:\n  - {from: a, to: b}", "edges:\n  - {from: a, to: b, label: {text: Through, side: \"on\"}}"),
     "runs through text 'Through'"),
    (("description: {en: Fine., zh: 好。}\n", ""), "no description"),
    (("chapter: rlhf", "chapter: nowhere"), "chapter 'nowhere' is not in specs/chapters.yaml"),
    (("nodes:", "nodes:\n  c: {text: C, colour: red, at: [2, 0]}"), "unknown key 'colour'"),
])
def test_lint_reports_each_kind_of_problem(tmp_path, capsys, change, expected):
    specs = tmp_path / "specs"
    text = GOOD.format(id="bad", chapter="rlhf")
    assert change[0] in text
    chapter = "nowhere" if "nowhere" in change[1] else "rlhf"
    _write(specs, f"{chapter}/bad", text.replace(*change))
    assert main(["--specs", str(specs), "lint", "bad"]) == 1
    out = capsys.readouterr().out
    assert expected in out, out


def test_lint_takes_spec_paths_and_reports_a_missing_modeline(tmp_path, capsys):
    specs = tmp_path / "specs"
    p = specs / "rlhf" / "plain.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(GOOD.format(id="plain", chapter="rlhf"), encoding="utf-8")
    assert main(["--specs", str(specs), "lint", str(p), str(specs / "chapters.yaml")]) == 1
    assert "the first line should be the editor modeline" in capsys.readouterr().out


def test_line_through_text_check_on_a_scene():
    scene = Scene()
    scene.add(Shape("path", Paint(stroke="#000000"), d="M0 50 H200"))              # a line …
    scene.add(TextItem(100, 55, "label", 15, "#262626", anchor="middle", box=Rect(80, 42, 40, 15)))
    assert len(lines_through_text(scene)) == 1                                    # … under a text: flagged
    covered = Scene()
    covered.add(Shape("path", Paint(stroke="#000000"), d="M0 50 C50 50 150 50 200 50"))
    covered.add(Shape("rect", Paint(fill="#FFE699"), rect=Rect(76, 40, 48, 20)))   # a label chip hides it
    covered.add(TextItem(100, 55, "label", 15, "#262626", anchor="middle", box=Rect(80, 42, 40, 15)))
    assert lines_through_text(covered) == []
    beside = Scene()
    beside.add(Shape("path", Paint(stroke="#000000"), d="M0 70 L200 70"))          # passes below: fine
    beside.add(TextItem(100, 55, "label", 15, "#262626", anchor="middle", box=Rect(80, 42, 40, 15)))
    assert lines_through_text(beside) == []
    shape = Scene()                                                                # a node outline is no line
    shape.add(Shape("path", Paint(stroke="#000000"), d="M0 0H200V100H0Z", rect=Rect(0, 0, 200, 100)))
    shape.add(TextItem(100, 55, "label", 15, "#262626", anchor="middle", box=Rect(80, 42, 40, 15)))
    assert lines_through_text(shape) == []


def test_path_flattening():
    assert polylines("M0 0L10 0l0 10h-10z") == [[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]]
    (curve,) = polylines("M0 0C0 10 10 10 10 0", steps=4)
    assert curve[0] == (0, 0) and curve[-1] == (10, 0) and max(y for _, y in curve) == pytest.approx(7.5)
    assert len(polylines("M0 0L1 1M5 5L6 6")) == 2


def test_colour_check_reads_every_kind_of_paint():
    scene = Scene()
    scene.add(Shape("rect", Paint(fill="#71ccf5", stroke="#ABCDEF"), rect=Rect(0, 0, 10, 10)))
    scene.add(TextItem(0, 0, "x", 10, "#262626", box=Rect(0, 0, 5, 5)))
    scene.add(RawItem('<g stroke="#fff"><circle fill="#123"/></g>', Rect(0, 0, 1, 1)))
    assert set(scene_colours(scene)) == {"#71CCF5", "#ABCDEF", "#262626", "#FFFFFF", "#112233"}
    problems = colours_outside_theme(scene, load_theme())
    assert len(problems) == 2 and "#ABCDEF" in problems[1] and "#112233" in problems[0]


# ---- editor schema --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spec", ALL_SPECS, ids=[p.stem for p in ALL_SPECS])
def test_every_spec_has_the_schema_modeline(spec):
    first = spec.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, f"{spec}: first line must be `{modeline(spec.parent)}`"
    assert (spec.parent / m.group(1)).resolve() == SCHEMA.resolve()


def test_the_schema_is_a_valid_json_schema():
    import json

    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json.loads(SCHEMA.read_text(encoding="utf-8")))


# ---- watch ----------------------------------------------------------------------------------------------------

def test_watch_rebuilds_a_saved_spec_and_bumps_the_gallery_version(tmp_path):
    from diagrams.contrib import watch
    from diagrams.gallery import VERSION_FILE

    specs = tmp_path / "specs"
    _write(specs, "rlhf/one", GOOD.format(id="one", chapter="rlhf"))
    _write(specs, "rlhf/two", GOOD.format(id="two", chapter="rlhf"))
    out = tmp_path / "build"
    stop, ready, log = threading.Event(), threading.Event(), []
    t = threading.Thread(target=watch, args=(specs, out), daemon=True,
                         kwargs=dict(formats=("svg",), jobs=1, stop_event=stop, ready=ready, log=log.append,
                                     debounce_ms=100))
    t.start()
    try:
        assert ready.wait(60)
        assert (out / "index.html").exists() and (out / "en" / "two.svg").exists()
        version = (out / VERSION_FILE).read_text(encoding="utf-8")
        assert "?watch" in " ".join(log)
        time.sleep(0.3)
        p = specs / "rlhf" / "two.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("Beta", "Gamma"), encoding="utf-8")
        deadline = time.time() + 30
        while time.time() < deadline and (out / VERSION_FILE).read_text(encoding="utf-8") == version:
            time.sleep(0.1)
        assert (out / VERSION_FILE).read_text(encoding="utf-8") != version, log
        assert "Gamma" in (out / "en" / "two.svg").read_text(encoding="utf-8")
        assert any("saved two.yaml" in line and "rebuilt two " in line for line in log), log
    finally:
        stop.set()
        t.join(10)
    assert not t.is_alive()


# ---- pre-commit and pull requests ------------------------------------------------------------------------------

def test_pre_commit_lints_changed_specs():
    cfg = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in cfg["repos"] for h in repo["hooks"]}
    lint = hooks["lint-specs"]
    assert lint["pass_filenames"] is True and lint["language"] == "system"
    pattern = re.compile(lint["files"])
    assert pattern.search("specs/rlhf/ppo-four-models.yaml")
    assert not pattern.search("specs/chapters.yaml") and not pattern.search("diagrams/cli.py")
    script = ROOT / lint["entry"].split()[-1]
    assert script.exists()
    spec = next(p for p in ALL_SPECS if p.stem == "ppo-four-models")
    run = subprocess.run(["sh", str(script), str(spec.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0 and "1 specs checked" in run.stdout, run.stdout + run.stderr
    assert "readme --check" in hooks["readme-figure-lists"]["entry"]


def test_pre_commit_config_validates():
    exe = shutil.which("pre-commit") or str(ROOT / ".venv" / "bin" / "pre-commit")
    if not os.path.exists(exe):
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    run = subprocess.run([exe, "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_pull_request_workflow_builds_changed_specs_and_uploads_pngs():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "figures.yml").read_text(encoding="utf-8"))
    on = wf.get("on", wf.get(True))
    assert "pull_request" in on and "specs/**" in on["pull_request"]["paths"]
    steps = next(iter(wf["jobs"].values()))["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "scripts/changed-specs.sh" in runs and "make setup" in runs
    assert re.search(r"llm-rl-diagrams build \$IDS --format [a-z,]*png", runs)
    assert "llm-rl-diagrams lint $IDS" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")
                  and s["with"]["name"] == "figures-png")
    assert "build/en/*.png" in upload["with"]["path"] and "build/zh/*.png" in upload["with"]["path"]
    # untrusted text (branch names, ids) reaches the shell through env, never ${{ }} inside run:
    for s in steps:
        assert "${{" not in s.get("run", ""), s


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_changed_specs_script(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "changed-specs.sh", repo / "scripts")
    for rel in ("specs/rlhf/a.yaml", "specs/dpo/b.yaml", "diagrams/x.py"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("x\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "pr")

    def changed():
        out = subprocess.run(["sh", "scripts/changed-specs.sh", "main"], cwd=repo, capture_output=True, text=True,
                             check=True).stdout
        return out.split()

    assert changed() == []
    (repo / "specs/dpo/b.yaml").write_text("y\n")
    (repo / "specs/dpo/new-one.yaml").write_text("z\n")
    (repo / "specs/dpo/Bad Name.yaml").write_text("z\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "specs")
    assert changed() == ["b", "new-one"]
    (repo / "diagrams/x.py").write_text("changed\n")
    _git(repo, "commit", "-q", "-am", "engine")
    assert changed() == ["a", "b", "new-one"]            # an engine change rebuilds every figure


def test_the_schema_and_the_docs_list_the_current_names():
    """Colours, styles, icons and computations in the schema (for the editor) and in docs/spec-format.md."""
    from diagrams import schema_names

    assert schema_names.stale() == [], "run `llm-rl-diagrams schema`"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    names = schema_names.current_names()
    assert "sky" in schema["$defs"]["color"]["anyOf"][0]["enum"]
    assert set(schema["$defs"]["style"]["enum"]) == set(names["style"]) and "model" in names["style"]
    assert "network" in schema["$defs"]["icon"]["enum"] and "brain" in schema["$defs"]["icon"]["enum"]
    assert "preference.dpo" in schema["$defs"]["compute"]["enum"]
    docs = (ROOT / "docs" / "spec-format.md").read_text(encoding="utf-8")
    assert "`preference.dpo`" in docs and "`sky` #" in docs


# ---- the CLI as its peers (dot, d2, mmdc) behave ----------------------------------------------------------------

def test_version(capsys):
    from diagrams import __version__
    from diagrams.cli import main

    with pytest.raises(SystemExit) as ex:
        main(["--version"])
    assert ex.value.code == 0 and capsys.readouterr().out.strip() == f"llm-rl-diagrams {__version__}"


def test_build_takes_spec_paths_and_works_from_a_project_folder(tmp_path, monkeypatch, capsys):
    """Run in a folder of one's own with specs/: the specs and build/ are that folder's, not the package's."""
    from conftest import MINIMAL
    from diagrams.cli import main

    spec = tmp_path / "specs" / "ch" / "mine.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text(MINIMAL.format(id="mine", chapter="ch"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "specs/ch/mine.yaml", "--format", "svg"]) == 0
    assert (tmp_path / "build" / "en" / "mine.svg").exists()
    capsys.readouterr()
    main(["lint", "mine", "--theme", "house"])
    assert "1 specs checked" in capsys.readouterr().out


def test_missing_python_packages_are_named_with_the_command_to_install_them(monkeypatch, capsys):
    import importlib.util

    from diagrams.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "cairosvg" else real(name, *a))
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "lacks cairosvg" in err and "make setup" in err and "pip install -e ." in err and "Traceback" not in err


def test_the_contributing_example_builds_lint_clean_and_is_a_new_id(tmp_path):
    """CONTRIBUTING's example, as written: a new id (not one of the book's), that renders in both languages with no
    lint problem."""
    from diagrams.lint import lint_figure
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    fid = re.search(r"^id: (\S+)", example, re.M).group(1)
    assert not list((ROOT / "specs").glob(f"*/{fid}.yaml")), "the example must not be an existing figure"
    assert f"llm-rl-diagrams new {fid}" in text and f"llm-rl-diagrams watch {fid}" in text
    spec = tmp_path / "specs" / "rlhf" / f"{fid}.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text(example, encoding="utf-8")
    fig, theme = load_figure(spec), load_theme()
    for lang in ("en", "zh"):
        r = render(fig, lang, theme)
        assert lint_figure(r.ctx, fig.layout, theme=theme) == []
