"""Command line: build, lint, new, list. `python -m diagrams` and `llm-rl-diagrams` both land here."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diagrams import LANGS

ROOT = Path(__file__).resolve().parent.parent


def _csv(value: str, allowed, what: str) -> tuple:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"unknown {what} '{bad[0] if bad else value}' (use {', '.join(allowed)})")
    return items


def main(argv=None) -> int:
    from diagrams.build import FORMATS

    ap = argparse.ArgumentParser(prog="llm-rl-diagrams", description="Build the LLM-RL-Visualized figures from YAML specs.")
    ap.add_argument("--specs", type=Path, default=ROOT / "specs", help="folder of specs (default: specs/)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="render figures to build/<lang>/<id>.svg|png|pdf")
    b.add_argument("ids", nargs="*", help="figure ids (default: all)")
    b.add_argument("--lang", type=lambda v: _csv(v, LANGS, "language"), default=LANGS)
    b.add_argument("--format", type=lambda v: _csv(v, FORMATS, "format"), default=("svg", "png"))
    b.add_argument("--out", type=Path, default=ROOT / "build")
    b.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    b.add_argument("--theme", default="house")
    b.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    b.add_argument("--strict", action="store_true", help="treat lint warnings as errors")
    lt = sub.add_parser("lint", help="validate specs and check layout (overflow, collisions, glyphs) without writing")
    lt.add_argument("ids", nargs="*")
    lt.add_argument("--theme", default="house")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "build":
            return _build(a)
        if a.cmd == "lint":
            return _lint(a)
    except KeyboardInterrupt:
        print("interrupted: outputs written so far are complete; run the build again to finish", file=sys.stderr)
        return 130
    return 2


def _build(a) -> int:
    from diagrams.build import build
    from diagrams.errors import DiagramError

    try:
        rep = build(a.specs, a.out, ids=a.ids or None, langs=a.lang, formats=a.format, jobs=a.jobs, theme=a.theme,
                    force=a.force)
    except DiagramError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write to {a.out}: {exc.strerror} ({exc.filename})", file=sys.stderr)
        return 2
    for w in rep.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in rep.failed:
        print(f"error: {e}", file=sys.stderr)
    print(f"{len(rep.built)} built, {len(rep.skipped)} up to date, {len(rep.failed)} failed "
          f"in {rep.seconds:.2f} s → {a.out}")
    if rep.failed or (a.strict and rep.warnings):
        return 1
    return 0


def _lint(a) -> int:
    from diagrams.build import find_specs
    from diagrams.errors import DiagramError
    from diagrams.lint import lint_scene
    from diagrams.pipeline import load_figure, render
    from diagrams.theme import load_theme

    problems = 0
    try:
        theme = load_theme(a.theme)
        specs = find_specs(a.specs, a.ids or None)
    except DiagramError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for spec in specs:
        try:
            fig = load_figure(spec)
            for lang in LANGS:
                for w in lint_scene(render(fig, lang, theme).ctx.scene):
                    print(f"{spec}: [{lang}] {w}")
                    problems += 1
        except DiagramError as exc:
            print(f"error: {exc}")
            problems += 1
    print(f"{len(specs)} specs checked, {problems} problem(s)")
    return 1 if problems else 0
