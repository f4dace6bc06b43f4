"""Contributor workflow: scaffold a spec (`new`), spec-level lint checks, and the rebuild loop of `watch`."""
from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

from diagrams.catalog import external_entry, load_chapters
from diagrams.errors import DiagramError, SpecError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "schema" / "figure.json"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


def modeline(spec_dir: Path) -> str:
    """The first line of a spec: points editors (VS Code's YAML extension and others) at the JSON Schema."""
    rel = os.path.relpath(SCHEMA, Path(spec_dir).resolve()).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}"


def _q(s: str) -> str:
    return json.dumps(str(s), ensure_ascii=False)   # a JSON string is a valid double-quoted YAML scalar


def scaffold(fid: str, specs_dir: Path, *, chapter=None, title_en=None, title_zh=None, order=None,
             catalog: Path | None = None) -> tuple[Path, str]:
    """The path and text of a new spec for catalogue id ``fid``: given options win, the outside catalogue fills
    the rest. The body is empty (no nodes) and the spec validates and builds."""
    if not ID_PATTERN.match(fid):
        raise SpecError(f"'{fid}' is not a valid figure id",
                        hint="use lowercase letters, digits and hyphens, as in the catalogue (e.g. ppo-four-models)")
    rec = external_entry(fid, catalog) or {}
    chapter = chapter or rec.get("chapter")
    title_en = title_en or rec.get("title_en")
    title_zh = title_zh or rec.get("title_zh")
    order = order if order is not None else rec.get("order")
    where = catalog or "../shared/reference/catalog.yaml"
    if not chapter:
        raise SpecError(f"no chapter for '{fid}'", hint=f"give --chapter (the catalogue {where} does not list the id)")
    if not ID_PATTERN.match(chapter):
        raise SpecError(f"'{chapter}' is not a valid chapter id", hint="use lowercase letters, digits and hyphens")
    if not (title_en and title_zh):
        raise SpecError(f"no {'English' if not title_en else 'Chinese'} title for '{fid}'",
                        hint=f"give --title-en and --title-zh (the catalogue {where} does not list the id)")
    path = Path(specs_dir) / chapter / f"{fid}.yaml"
    lines = [modeline(path.parent), f"id: {fid}"]
    if order is not None:
        lines.append(f"order: {int(order)}")
    lines += [
        f"chapter: {chapter}",
        f"title: {{en: {_q(title_en)}, zh: {_q(title_zh)}}}",
        "# One sentence in each language, in your own words: it goes into the README and the gallery.",
        "# description: {en: \"What the figure shows.\", zh: \"这幅图展示了什么。\"}",
        "# No coordinates: boxes take their size from their text, the engine places, routes and labels.",
        "# See docs/spec-format.md (layout: auto) and tests/corpus/*.yaml. For example:",
        "#   prompt: {text: Prompt, style: tag}",
        "#   policy: {text: {en: Policy model, zh: 策略模型}, style: model}",
        "#   panel: {style: panel, rows: {a: {text: A}, b: {text: B}}}   # a container",
        "layout: auto",
        "nodes: {}",
        "# place:                               # relations, when the top-to-bottom flow is not what you want",
        "#   - {right_of: policy, of: prompt}",
        "# edges:",
        "#   - {from: prompt, to: policy, label: {en: query, zh: 查询}}",
        "edges: []",
        "",
    ]
    return path, "\n".join(lines)


def spec_problems(path: Path, fig, specs_dir: Path) -> list[str]:
    """What lint checks in the spec file itself, beside the schema: the editor modeline, a known chapter,
    and a description in both languages (the README and the gallery show it)."""
    problems = []
    first = Path(path).read_text(encoding="utf-8").split("\n", 1)[0]
    m = _MODELINE.match(first)
    if not m:
        problems.append(f"the first line should be the editor modeline `{modeline(Path(path).parent)}`")
    elif (Path(path).resolve().parent / m.group(1)).resolve() != SCHEMA.resolve():
        problems.append(f"the modeline points at {m.group(1)}, not the schema: use `{modeline(Path(path).parent)}`")
    try:
        chapters = load_chapters(specs_dir)
    except SpecError:       # a broken chapters file is its own error (lint reports it once), not every spec's
        chapters = {}
    if chapters and fig.chapter not in chapters:
        problems.append(f"chapter '{fig.chapter}' is not in specs/chapters.yaml: add its en/zh names there")
    d = fig.description
    if d is None or not d.en.strip() or not d.zh.strip():
        problems.append("no description: add `description: {en: ..., zh: ...}`, one sentence in your own words")
    return problems


# ---- watch ---------------------------------------------------------------------------------------------------

WATCHED_SUFFIXES = (".yaml", ".yml", ".j2", ".json", ".py")


def relevant(change_path: str) -> bool:
    p = Path(change_path)
    return p.suffix in WATCHED_SUFFIXES and not p.name.startswith(".") and "__pycache__" not in p.parts


def watch(specs_dir: Path, out: Path, *, ids=None, langs=None, formats=("svg", "png"), theme="house", jobs=None,
          stop_event: threading.Event | None = None, log=print, debounce_ms: int = 300, force_polling=None,
          ready: threading.Event | None = None) -> int:
    """Build, then rebuild whenever a spec (or the theme and templates) is saved, until ``stop_event`` is set or
    Ctrl-C. Builds are incremental, so only the saved spec is rendered again; after each one the gallery's
    version file changes and a gallery page opened with ?watch reloads itself."""
    import watchfiles

    from diagrams import LANGS
    from diagrams.build import build
    from diagrams.gallery import write_version

    langs = langs or LANGS
    rounds = 0

    def once(reason: str) -> None:
        nonlocal rounds
        t0 = time.perf_counter()
        try:
            rep = build(specs_dir, out, ids=ids or None, langs=langs, formats=formats, jobs=jobs, theme=theme,
                        progress=False, log=None)
        except DiagramError as exc:     # a broken spec tree (chapters.yaml, a duplicate id): fix it, save again
            for line in str(exc).splitlines():
                log(f"error: {line}")
            rounds += 1
            write_version(out, f"{rounds}-{time.time_ns()}", str(exc).splitlines())
            return
        for w in rep.warnings:
            log(f"warning: {w}")
        errors = [line for e in rep.failed for line in str(e).splitlines()]
        for line in errors:
            log(f"error: {line}")
        rounds += 1
        write_version(out, f"{rounds}-{time.time_ns()}", errors)
        built = ", ".join(rep.built) or "nothing"
        log(f"[{reason}] rebuilt {built} ({len(rep.failed)} failed) in {time.perf_counter() - t0:.2f} s")

    once("start")
    log(f"gallery: {(Path(out) / 'index.html').resolve().as_uri()}?watch (reloads after every rebuild)")
    log(f"watching {specs_dir} and templates/ — Ctrl-C to stop")
    if ready is not None:
        ready.set()
    paths = [str(specs_dir), str(ROOT / "templates")]
    try:
        for changes in watchfiles.watch(*paths, watch_filter=lambda _c, p: relevant(p), stop_event=stop_event,
                                        debounce=debounce_ms, step=50, force_polling=force_polling,
                                        raise_interrupt=False):
            names = sorted({Path(p).name for _, p in changes})
            once("saved " + ", ".join(names))
    except KeyboardInterrupt:
        pass
    return rounds
