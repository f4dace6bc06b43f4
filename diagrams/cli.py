"""Command line: build, lint, new, watch, readme, gallery. `python -m diagrams` and `llm-rl-diagrams` both land here."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from diagrams import LANGS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_CHECKOUT = ROOT


def project_root() -> Path:
    """The project the command works on: the working directory when it is a project folder of one's own (it holds
    specs/), as dot, d2 and mmdc read files from where they are run; else the package's checkout."""
    cwd = Path.cwd()
    if (cwd / "specs").is_dir() and cwd.resolve() != PACKAGE_CHECKOUT:
        return cwd
    return ROOT


def _csv(value: str, allowed, what: str) -> tuple:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"unknown {what} '{bad[0] if bad else value}' (use {', '.join(allowed)})")
    return items


def _scale(value: str) -> float:
    from diagrams.render.export import MAX_PNG_SCALE

    try:
        scale = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number (e.g. --scale 3)") from None
    if not 0.25 <= scale <= MAX_PNG_SCALE:
        raise argparse.ArgumentTypeError(f"scale {value} is outside 0.25 … {MAX_PNG_SCALE:g} (MAX_PNG_SCALE)")
    return scale


def themes() -> list[str]:
    """The shipped themes: house (templates/theme.yaml) and every templates/theme-<name>.yaml."""
    from diagrams.theme import TEMPLATES

    return ["house"] + [p.stem[len("theme-"):] for p in sorted(TEMPLATES.glob("theme-*.yaml"))]


def theme_out(theme: str, out: Path | None) -> Path:
    """Where a build goes: build/ for the house theme, build/themes/<name>/ for another (never over the house).
    A default folder that a symbolic link takes outside the project is refused (a DiagramError): a committed
    `build` link must not send outputs elsewhere. A folder named with --out is used as it is."""
    if out is not None:
        return out
    root = project_root()
    if theme == "house":
        path = root / "build"
    else:
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(theme).stem.removeprefix("theme-")) or "theme"
        path = root / "build" / "themes" / name
    _refuse_links_outside(path, root)
    return path


def _refuse_links_outside(out: Path, root: Path = ROOT) -> None:
    from diagrams.errors import DiagramError
    from diagrams.spec.loader import outside_tree

    # the folder, and what the build writes through (folders, the lock file it opens)
    for p in [out, *(out / lang for lang in LANGS), out / ".cache", out / ".lock"]:
        target = outside_tree(p, root)
        if target is not None:
            raise DiagramError(f"{p} is a symbolic link (or inside one) to {target}, outside the project",
                               hint="remove the link, or name the output folder with --out to write there")


def say(text, file=None) -> None:
    """Print a message that may carry text from a spec or a file name: control characters (ESC, BEL, …) and
    bidi overrides are shown escaped (\\x1b), never sent to the terminal."""
    from diagrams.text.clean import terminal_safe

    print(terminal_safe(text), file=file or sys.stdout)


def _specs_of(values) -> Path | None:
    """The specs folder of spec files named on the command line (…/specs/<chapter>/<id>.yaml), when no --specs."""
    for v in values or []:
        p = Path(v)
        if p.suffix in (".yaml", ".yml") and p.name != "chapters.yaml" and p.exists():
            return p.resolve().parent.parent
    return None


def _ids(values) -> list[str]:
    """Figure ids, also given as spec paths (specs/rlhf/x.yaml → x), as pre-commit passes them."""
    out = []
    for v in values or []:
        p = Path(v)
        if p.suffix in (".yaml", ".yml"):
            if p.name == "chapters.yaml":
                continue
            out.append(p.stem)
        else:
            out.append(v)
    return out


# import name → the package pip installs it from (pyproject.toml's dependencies)
REQUIRED_MODULES = {"yaml": "PyYAML", "jsonschema": "jsonschema", "jinja2": "Jinja2", "numpy": "numpy",
                    "matplotlib": "matplotlib", "cairosvg": "cairosvg", "PIL": "Pillow", "fontTools": "fonttools",
                    "lucide": "lucide", "defusedxml": "defusedxml", "pikepdf": "pikepdf", "kiwisolver": "kiwisolver"}


def missing_modules() -> list[str]:
    """Packages the build needs that this Python lacks (found without importing them)."""
    import importlib.util

    return [pkg for mod, pkg in REQUIRED_MODULES.items() if importlib.util.find_spec(mod) is None]


def main(argv=None) -> int:
    missing = missing_modules()
    if missing:
        print(f"error: this Python ({sys.executable}) lacks {', '.join(missing)} — run `make setup` and use "
              f".venv/bin/llm-rl-diagrams (or .venv/bin/python -m diagrams), or install them: "
              f"pip install -e .", file=sys.stderr)
        return 2
    from diagrams.build import DEFAULT_FORMATS, FORMATS

    from diagrams import __version__

    ap = argparse.ArgumentParser(prog="llm-rl-diagrams", description="Build the LLM-RL-Visualized figures from YAML specs.")
    ap.add_argument("--version", action="version", version=f"llm-rl-diagrams {__version__}")
    ap.add_argument("--specs", type=Path, default=None,
                    help="folder of specs (default: ./specs when the working directory has one, else the package's)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="render figures to build/<lang>/<id>.svg|png|pdf|pptx and the gallery build/index.html")
    b.add_argument("ids", nargs="*", help="figure ids or spec files (default: all)")
    b.add_argument("--lang", type=lambda v: _csv(v, LANGS, "language"), default=LANGS)
    b.add_argument("--format", type=lambda v: _csv(v, FORMATS, "format"), default=DEFAULT_FORMATS,
                   help="svg,slides,png,pdf,pptx (default: svg,png,pdf; slides is the SVG with its text as glyph "
                        "outlines, <id>.slides.svg, and pptx an editable PowerPoint slide, <id>.pptx; `make diagrams` "
                        "builds both too)")
    b.add_argument("--out", type=Path, default=None,
                   help="output folder (default: build/, or build/themes/<name>/ for another theme)")
    b.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    b.add_argument("--theme", default="house", help=f"house (default) or another theme: {', '.join(themes()[1:])}")
    b.add_argument("--force", action="store_true", help="rebuild even what is up to date, typesetting every formula again")
    b.add_argument("--strict", action="store_true", help="treat lint warnings as errors")
    b.add_argument("--outline-text", action="store_true",
                   help="convert text to glyph outlines in SVG and PDF (looks the same without the fonts; "
                        "the default keeps real, selectable text)")
    b.add_argument("--scale", type=_scale, default=2.0,
                   help="PNG pixels per SVG unit (default 2; the PNG records its resolution, so it inserts at the "
                        "SVG's size)")
    b.add_argument("--background", choices=("theme", "transparent"), default="theme",
                   help="transparent: no background rectangle in SVG, PNG and PDF (default: the theme's)")
    lt = sub.add_parser("lint", help="validate specs and run the layout checks without writing anything")
    lt.add_argument("ids", nargs="*", help="figure ids or spec files (default: all)")
    lt.add_argument("--theme", default="all", help="a theme, a comma list, or all (default: all)")
    lt.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    nw = sub.add_parser("new", help="scaffold specs/<chapter>/<id>.yaml for a catalogue id")
    nw.add_argument("id")
    nw.add_argument("--chapter", help="chapter id (default: from the catalogue)")
    nw.add_argument("--title-en", help="English title (default: from the catalogue)")
    nw.add_argument("--title-zh", help="Chinese title (default: from the catalogue)")
    nw.add_argument("--order", type=int, help="position in the catalogue (default: from the catalogue)")
    nw.add_argument("--catalog", type=Path, default=None,
                    help="the book's catalogue (default: ../shared/reference/catalog.yaml, when present)")
    nw.add_argument("--force", action="store_true", help="overwrite an existing spec")
    w = sub.add_parser("watch", help="build, then rebuild a figure whenever its spec is saved; "
                                     "open build/index.html?watch to see it reload")
    w.add_argument("ids", nargs="*", help="only these figures (default: all)")
    w.add_argument("--lang", type=lambda v: _csv(v, LANGS, "language"), default=LANGS)
    w.add_argument("--format", type=lambda v: _csv(v, FORMATS, "format"), default=("svg", "png"))
    w.add_argument("--out", type=Path, default=None)
    w.add_argument("--theme", default="house")
    w.add_argument("-j", "--jobs", type=int, default=None)
    rd = sub.add_parser("readme", help="regenerate the figure lists of README.md and README_zh.md from the specs")
    rd.add_argument("--check", action="store_true", help="only check: exit 1 when a README is out of date")
    rd.add_argument("--root", type=Path, default=ROOT, help="folder of README.md and README_zh.md (default: the project)")
    df = sub.add_parser("diff", help="render the figures a change touches before and after it; write the ones that "
                                     "look different (before, after, difference) and a summary")
    df.add_argument("ids", nargs="*", help="only these figures (default: the specs the change adds or edits; all "
                                           "when the engine changed)")
    df.add_argument("--base", default="HEAD", help="the revision to compare with (default: HEAD, i.e. the "
                                                   "uncommitted changes; a pull request uses its base branch)")
    df.add_argument("--out", type=Path, default=None, help="output folder (default: build/diff)")
    sc = sub.add_parser("schema", help="rewrite the names (colours, styles, icons, computations) in the JSON Schema "
                                       "and docs/spec-format.md")
    sc.add_argument("--check", action="store_true", help="only check: exit 1 when they are out of date")
    dk = sub.add_parser("deck", help="write an editable slide deck per language: a title slide, one figure per "
                                     "slide, the credit line on every slide (<out>/figures-<lang>[-<chapter>].pptx)")
    dk.add_argument("--lang", type=lambda v: _csv(v, LANGS, "language"), default=LANGS,
                    help="en, zh or both (default: one deck per language)")
    dk.add_argument("--chapter", default=None, help="only this chapter's figures (a chapter id of chapters.yaml)")
    dk.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build/)")
    dk.add_argument("--theme", default="house")
    g = sub.add_parser("gallery", help="rewrite the gallery page (index.html) from a build's manifest")
    g.add_argument("--out", type=Path, default=None)
    g.add_argument("--theme", default="house")
    a = ap.parse_args(argv)
    if a.specs is None:
        a.specs = _specs_of(getattr(a, "ids", None)) or project_root() / "specs"
    try:
        return {"build": _build, "lint": _lint, "new": _new, "watch": _watch, "readme": _readme,
                "gallery": _gallery, "schema": _schema, "diff": _diff, "deck": _deck}[a.cmd](a)
    except KeyboardInterrupt:
        print("interrupted: outputs written so far are complete; run the build again to finish", file=sys.stderr)
        return 130


def _build(a) -> int:
    from diagrams.build import build
    from diagrams.errors import DiagramError

    out = a.out
    try:
        out = theme_out(a.theme, a.out)
        ids = _ids(a.ids)
        if a.ids and not ids:
            say("error: no figure to build (only chapters.yaml was named)", file=sys.stderr)
            return 2
        rep = build(a.specs, out, ids=ids or None, langs=a.lang, formats=a.format, jobs=a.jobs, theme=a.theme,
                    force=a.force, outline_text=a.outline_text, scale=a.scale,
                    background=a.background, log=say)
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output folder itself: read-only, full, missing permissions
        say(f"error: cannot write to {out}: {exc.strerror} ({exc.filename})", file=sys.stderr)
        return 2
    for w in rep.warnings:
        say(f"warning: {w}", file=sys.stderr)
    for e in rep.failed:
        for line in str(e).splitlines():      # a spec with several mistakes: one line each
            say(f"error: {line}", file=sys.stderr)
    say(f"{len(rep.built)} built, {len(rep.skipped)} up to date, {len(rep.failed)} failed "
        f"in {rep.seconds:.2f} s → {out} (gallery: {out / 'index.html'})")
    if rep.failed or (a.strict and rep.warnings):
        return 1
    return 0


def _deck(a) -> int:
    from diagrams.deck import build_deck
    from diagrams.errors import DiagramError

    try:
        for lang in a.lang:
            path = build_deck(a.specs, a.out, lang, chapter=a.chapter, theme_name=a.theme)
            say(f"wrote {path}")
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        say(f"error: cannot write to {a.out}: {exc.strerror} ({exc.filename})", file=sys.stderr)
        return 2
    return 0


def _lint(a) -> int:
    from diagrams.build import find_specs
    from diagrams.catalog import load_chapters
    from diagrams.errors import DiagramError
    from diagrams.lint import LintTask, lint_crashed, lint_spec
    from diagrams.theme import load_theme
    from diagrams.workers import run_tasks

    try:
        names = themes() if a.theme == "all" else [t.strip() for t in a.theme.split(",") if t.strip()]
        for t in names:
            load_theme(t)
        ids = _ids(a.ids)
        specs = find_specs(a.specs, ids or None) if (ids or not a.ids) else []
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    problems = 0
    try:
        load_chapters(a.specs)
    except DiagramError as exc:     # reported once here; the specs' chapter check then passes over it
        say(f"error: {exc}")
        problems += 1
    tasks = [LintTask(spec, a.specs, tuple(names)) for spec in specs]
    results: dict = {}

    def show(i, lines):      # in spec order, as they become available
        results[i] = lines
        while show.next in results:
            for line in results[show.next]:
                say(line)
            show.next += 1

    show.next = 0
    # every figure in a worker: the memory cap and time limit of a build hold for lint too
    run_tasks(lint_spec, tasks, a.jobs or os.cpu_count() or 1, show, lint_crashed)
    problems += sum(len(v) for v in results.values())
    say(f"{len(specs)} specs checked in {len(names)} theme(s), {problems} problem(s)")
    return 1 if problems else 0


def _new(a) -> int:
    from diagrams.catalog import load_chapters
    from diagrams.contrib import scaffold
    from diagrams.errors import DiagramError
    from diagrams.pipeline import load_figure

    try:
        path, text = scaffold(a.id, a.specs, chapter=a.chapter, title_en=a.title_en, title_zh=a.title_zh,
                              order=a.order, catalog=a.catalog)
        others = [p for p in a.specs.glob(f"*/{a.id}.yaml") if p.resolve() != path.resolve()]
        if others:
            say(f"error: figure id '{a.id}' already has a spec: {others[0]}", file=sys.stderr)
            return 1
        if path.exists() and not a.force:
            say(f"error: {path} exists (use --force to overwrite it)", file=sys.stderr)
            return 1
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        load_figure(path)    # the scaffold validates
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    fig_chapter = path.parent.name
    say(f"wrote {path}")
    try:
        known = load_chapters(a.specs)
    except DiagramError as exc:
        say(f"warning: {exc}", file=sys.stderr)
        known = None
    if known is not None and fig_chapter not in known:
        print(f"note: chapter '{fig_chapter}' is not in specs/chapters.yaml yet: add its en/zh names there")
    print(f"next: add nodes and a description, then `llm-rl-diagrams watch {a.id}` and open build/index.html?watch")
    return 0


def _watch(a) -> int:
    from diagrams.contrib import watch
    from diagrams.errors import DiagramError

    try:
        out = theme_out(a.theme, a.out)
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    watch(a.specs, out, ids=_ids(a.ids), langs=a.lang, formats=a.format, theme=a.theme, jobs=a.jobs, log=say)
    return 0


def _readme(a) -> int:
    from diagrams import readme
    from diagrams.errors import DiagramError

    try:
        if a.check:
            stale = readme.stale(a.specs, a.root)
            for p in stale:
                print(f"{p.name} is out of date with the specs: run `make readme`")
            return 1 if stale else 0
        changed = readme.write(a.specs, a.root)
    except (DiagramError, ValueError) as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    print("updated " + ", ".join(p.name for p in changed) if changed else "README.md and README_zh.md are up to date")
    return 0


def _diff(a) -> int:
    from diagrams.errors import DiagramError
    from diagrams.review import review

    root = a.specs.resolve().parent
    out = a.out or root / "build" / "diff"
    try:
        changes = review(root, a.base, out, ids=_ids(a.ids) or None, log=say)
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    for c in changes:
        say(f"{c.kind:8} {c.id} [{c.lang}]" + (f" {c.changed_px} px" if c.kind == "changed" else ""))
    say(f"{len(changes)} figure-language(s) look different → {out / 'summary.md'}")
    return 0


def _schema(a) -> int:
    from diagrams import schema_names

    stale = schema_names.stale()
    if a.check:
        for p in stale:
            print(f"{p} is out of date with the theme, the icons or the computations: run `llm-rl-diagrams schema`")
        return 1 if stale else 0
    for p in schema_names.write_all():
        print(f"updated {p}")
    return 0


def _gallery(a) -> int:
    from diagrams.errors import DiagramError
    from diagrams.gallery import write_gallery

    try:
        say(f"wrote {write_gallery(theme_out(a.theme, a.out), a.specs, a.theme)}")
    except DiagramError as exc:
        say(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
