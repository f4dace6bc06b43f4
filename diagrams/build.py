"""Build orchestration: find specs, skip what is up to date (content hashes), render in parallel,
write outputs atomically, and keep a manifest. Nothing here knows about shapes or SVG details."""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from diagrams import LANGS
from diagrams.text.clean import clean_value

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
FORMATS = ("svg", "slides", "png", "pdf", "pptx")
# what `build` writes unless told; `make diagrams` adds the slides SVG and the PPTX (the gallery offers them when
# they are there)
DEFAULT_FORMATS = ("svg", "png", "pdf")
# the file each format writes, <lang>/<id>.<ending>; "slides" is the SVG with its text as glyph outlines, "pptx"
# the editable PowerPoint slide (native shapes and text frames)
FORMAT_FILES = {"svg": "svg", "slides": "slides.svg", "png": "png", "pdf": "pdf", "pptx": "pptx"}


def find_specs(specs_dir: Path, ids=None) -> list[Path]:
    from diagrams.errors import SpecError
    from diagrams.spec.loader import outside_tree

    paths = sorted(p for p in specs_dir.glob("*/*.yaml") if p.is_file())
    seen = {}
    for p in paths:
        target = outside_tree(p, specs_dir)
        if target is not None:
            raise SpecError(f"the spec is a link to {target}, outside the specs folder {specs_dir}", file=str(p),
                            hint="copy the file into the specs folder instead of linking to it")
        if p.stem in seen:
            raise SpecError(f"figure id '{p.stem}' is used twice (also {seen[p.stem]})", file=str(p), line=1,
                            hint="ids are unique across chapters: rename one of the files and its id")
        seen[p.stem] = p
    if ids:
        wanted = set(ids)
        found = {p.stem for p in paths}
        unknown = sorted(wanted - found)
        if unknown:
            from diagrams.theme import suggest

            raise SpecError(f"no spec for figure id '{unknown[0]}'", hint=suggest(unknown[0], found, "an id under specs/"))
        paths = [p for p in paths if p.stem in wanted]
    return paths


def _digest_files(paths) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


class EngineDigest:
    """What an output depends on besides its spec: the core package code, schema, templates and theme, plus
    only the component modules the spec names and the numeric package when it computes something. Editing
    one component rebuilds just the figures that use it."""

    _COMPONENT = re.compile(rb"component:\s*['\"]?([a-z][a-z0-9_]*)")
    _COMPUTE = re.compile(rb"\bcompute:")

    def __init__(self, theme_path: Path):
        components = PACKAGE / "components"
        numeric = PACKAGE / "numeric"
        core = [f for f in PACKAGE.rglob("*.py") if components not in f.parents and numeric not in f.parents]
        core += [f for f in components.glob("_*.py")]  # shared helpers of every component
        core += list(PACKAGE.rglob("*.json")) + list((ROOT / "templates").glob("*.svg.j2"))  # not the gallery page
        core += [theme_path, ROOT / "templates" / "theme.yaml"]  # other themes are mappings of the house palette
        self.core = _digest_files([f for f in core if f.is_file()])
        self.numeric = _digest_files([f for f in numeric.rglob("*.py")])
        self._components = {p.stem: p for p in components.glob("[a-z]*.py")}
        self._cache: dict[str, str] = {}

    def _component(self, name: str) -> str:
        if name not in self._cache:
            path = self._components.get(name)
            self._cache[name] = _digest_files([path]) if path else "missing:" + name
        return self._cache[name]

    def for_spec(self, raw: bytes) -> str:
        parts = [self.core]
        for name in sorted({m.decode() for m in self._COMPONENT.findall(raw)}):
            parts.append(name + "=" + self._component(name))
        if self._COMPUTE.search(raw):
            parts.append("numeric=" + self.numeric)
        return "|".join(parts)


@dataclass
class Job:
    spec: Path
    langs: tuple
    formats: tuple
    out: Path
    theme: str
    key: str
    outline: bool = False     # text → glyph outlines in SVG and PDF
    scale: float = 2.0        # PNG pixels per SVG unit
    transparent: bool = False  # no background rectangle
    fresh: bool = False       # --force: typeset every formula again instead of reading the store


@dataclass
class Result:
    spec: Path
    ok: bool
    entry: dict | None = None
    error: str | None = None
    warnings: list = field(default_factory=list)
    seconds: float = 0.0
    outputs: dict | None = None   # lang → format → bytes, from a worker before writing


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a file."""
    tmp = _write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


_FILE_MODE = None


def _file_mode() -> int:
    """The mode open() gives a new file, 0666 less the umask (0644 usually): mkstemp's 0600 would keep the
    outputs from a web server or another user. The umask is read once per process (reading it sets it)."""
    global _FILE_MODE
    if _FILE_MODE is None:
        mask = os.umask(0o022)
        os.umask(mask)
        _FILE_MODE = 0o666 & ~mask
    return _FILE_MODE


def _write_temporary(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path`` and return its name; on failure nothing stays and
    the OSError names ``path`` (a failed write() names no file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    try:
        try:
            os.fchmod(fd, _file_mode())
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except BaseException as exc:
        _unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    return tmp


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def output_paths(out: Path, fid: str, langs, formats) -> dict:
    return {lang: {fmt: out / lang / f"{fid}.{FORMAT_FILES[fmt]}" for fmt in formats} for lang in langs}


def run_job(job: Job) -> Result:
    """Render one figure in every language and format; all outputs are written only if all succeed."""
    return _write_outputs(job, [_render_part(job)])


def _render_part(job: Job) -> Result:
    """Render the languages of ``job`` into bytes held in ``Result.outputs``; nothing is written."""
    from diagrams.errors import DiagramError
    from diagrams.lint import lint_figure
    from diagrams.pipeline import load_figure, render
    from diagrams.render.export import to_pdf, to_png
    from diagrams.theme import load_theme

    from diagrams.text import store

    t0 = time.perf_counter()
    store.use(job.out / ".cache", read=not job.fresh)     # formulas and font tables of earlier workers and builds
    try:
        theme = load_theme(job.theme)
        if job.transparent:
            theme = dataclasses.replace(theme, background="none")
        fig = load_figure(job.spec)
        outputs = {}
        warnings = []
        for lang in job.langs:
            rendered = render(fig, lang, theme)
            warnings += [f"{job.spec}: [{lang}] {w}" for w in lint_figure(rendered.ctx, fig.layout, theme=theme, fig=fig)]
            svg = rendered.svg
            if job.outline:
                from diagrams.outline import outline_text

                svg = outline_text(svg)
            data = {"svg": svg.encode("utf-8")}
            if "slides" in job.formats:
                from diagrams.outline import outline_text

                data["slides"] = (svg if job.outline else outline_text(svg)).encode("utf-8")
            if "png" in job.formats:
                data["png"] = to_png(rendered.svg, theme, scale=job.scale)
            if "pdf" in job.formats:
                data["pdf"] = to_pdf(svg, theme, title=fig.title.get(lang))
            if "pptx" in job.formats:
                from diagrams.render.pptx import render_pptx

                data["pptx"] = render_pptx(rendered.ctx.scene, rendered.ctx.scene.title, theme, lang)
            outputs[lang] = data
        entry = {"id": fig.id, "chapter": fig.chapter, "order": fig.order,
                 "title": {"en": fig.title.en, "zh": fig.title.zh},
                 "description": {"en": fig.description.en, "zh": fig.description.zh} if fig.description else None}
        return Result(job.spec, True, entry=entry, warnings=warnings, seconds=time.perf_counter() - t0,
                      outputs=outputs)
    except DiagramError as exc:
        return Result(job.spec, False, error=str(exc.located(file=str(job.spec))), seconds=time.perf_counter() - t0)
    except MemoryError:
        from diagrams.workers import WORKER_MEMORY_BYTES

        return Result(job.spec, False, error=f"{job.spec}: the figure needs more than the memory limit of "
                                             f"{WORKER_MEMORY_BYTES >> 30} GiB (WORKER_MEMORY_BYTES); make it smaller",
                      seconds=time.perf_counter() - t0)
    except Exception as exc:  # a bug of ours, not the spec's: still one line, and the others still build
        return Result(job.spec, False, error=f"{job.spec}: internal error {type(exc).__name__}: {exc} "
                                             "(please report it with this spec)", seconds=time.perf_counter() - t0)


def _write_outputs(job: Job, parts: list) -> Result:
    """Write the outputs of a job's rendered parts (one per language, or one for all) when every part succeeded."""
    failed = next((p for p in parts if not p.ok), None)
    if failed:
        return failed
    outputs = {lang: data for p in parts for lang, data in p.outputs.items()}
    warnings = [w for p in parts for w in p.warnings]
    seconds = max(p.seconds for p in parts)
    entry = clean_value(parts[0].entry)    # no control or bidi characters in manifest.json and the gallery
    paths = output_paths(job.out, entry["id"], job.langs, job.formats)
    # all or nothing: every output goes to a temporary first, and only when all are written are they renamed
    # (a full disk half-way leaves the figure's old outputs as they were)
    temporaries = []
    try:
        for lang in job.langs:
            for fmt in job.formats:
                temporaries.append((_write_temporary(paths[lang][fmt], outputs[lang][fmt]), paths[lang][fmt]))
        for tmp, path in temporaries:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    except BaseException as exc:
        for tmp, _ in temporaries:
            _unlink(tmp)    # those already renamed are gone
        if not isinstance(exc, OSError):
            raise
        return Result(job.spec, False, error=f"{job.spec}: cannot write {exc.filename}: {exc.strerror or exc}",
                      seconds=seconds)
    entry["files"] = {lang: {fmt: str(paths[lang][fmt].relative_to(job.out)) for fmt in job.formats}
                      for lang in job.langs}
    return Result(job.spec, True, entry=entry, warnings=warnings, seconds=seconds)


@dataclass
class BuildReport:
    built: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0


class BuildLock:
    """One build at a time per output folder; a second one says whom it waits for, then waits.

    A POSIX record lock (lockf) belongs to the process that took it: forked workers do not inherit it, and the
    kernel releases it when that process dies, so a killed build never blocks the next one."""

    def __init__(self, out: Path, log=None):
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / ".lock"
        self.log = log

    def __enter__(self):
        self.f = open(self.path, "a+")
        try:
            fcntl.lockf(self.f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if self.log:
                self.log(f"waiting for {self._holder()} to finish with {self.path.parent} (lock {self.path})")
            fcntl.lockf(self.f, fcntl.LOCK_EX)
        self.f.seek(0)
        self.f.truncate()
        self.f.write(f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        self.f.flush()
        return self

    def _holder(self) -> str:
        try:
            pid, _, since = self.path.read_text().strip().partition(" ")
            return f"the build of process {int(pid)} (started {since})"
        except (OSError, ValueError):
            return "another build"

    def __exit__(self, *exc):
        fcntl.lockf(self.f, fcntl.LOCK_UN)
        self.f.close()


def build(specs_dir: Path, out: Path, ids=None, langs=LANGS, formats=DEFAULT_FORMATS, jobs: int | None = None,
          theme: str = "house", force: bool = False, progress: bool | None = None, log=print,
          outline_text: bool = False, scale: float = 2.0, background: str = "theme") -> BuildReport:
    """Render the figures of ``specs_dir`` (or ``ids``) into ``out``; ``scale`` is the PNG's pixels per SVG unit,
    ``background`` is ``theme`` or ``transparent`` (no background rectangle in any format)."""
    from diagrams.theme import load_theme

    t0 = time.perf_counter()
    report = BuildReport()
    specs = find_specs(specs_dir, ids)
    theme_path = load_theme(theme).path
    engine = EngineDigest(theme_path)
    with BuildLock(out, log):
        _remove_stale_temporaries(out)
        cache_dir = out / ".cache"
        cache_dir.mkdir(exist_ok=True)      # before the workers: their store (diagrams/text/store.py) writes into it
        todo = []
        for spec in specs:
            raw = spec.read_bytes()
            key = hashlib.sha256(b"\0".join([raw, engine.for_spec(raw).encode(), theme.encode(),
                                             ",".join(langs).encode(), ",".join(formats).encode()]
                                            + ([b"outline-text"] if outline_text else [])
                                            + ([f"scale={scale:g}".encode()] if scale != 2.0 else [])
                                            + ([b"transparent"] if background == "transparent" else []))).hexdigest()
            record = _read_json(cache_dir / f"{spec.stem}.json")
            paths = output_paths(out, spec.stem, langs, formats)
            fresh = (not force and record and record.get("key") == key
                     and all(p.exists() for fm in paths.values() for p in fm.values()))
            if fresh:
                report.skipped.append(spec.stem)
            else:
                todo.append(Job(spec, tuple(langs), tuple(formats), out, theme, key, outline_text, scale,
                                background == "transparent", fresh=force))
        def finished(job, res):
            if res.ok:
                report.built.append(job.spec.stem)
                # recorded as each figure finishes: an interrupted build keeps what it completed
                write_atomic(cache_dir / f"{job.spec.stem}.json",
                             json.dumps({"key": job.key, "entry": res.entry}, ensure_ascii=False, sort_keys=True).encode())
            else:
                report.failed.append(res.error)
            report.warnings += res.warnings

        # the largest specs first (a spec's size follows its build time closely): the last figures to finish are
        # short ones, so no worker sits idle while another renders a big figure at the end
        todo.sort(key=lambda job: job.spec.stat().st_size, reverse=True)
        try:
            _run_all(todo, jobs, progress, log, finished)
        except BaseException:
            _remove_stale_temporaries(out)    # of workers killed mid-write; the lock is still ours
            raise
        from diagrams.text import store

        store.trim(cache_dir)
        _write_manifest(out, cache_dir, [s.stem for s in find_specs(specs_dir)])
        from diagrams.gallery import write_gallery

        write_gallery(out, specs_dir, theme)
    report.seconds = time.perf_counter() - t0
    return report


def _remove_stale_temporaries(out: Path) -> None:
    """A build killed mid-write (SIGKILL, power loss) can leave a temporary file; the lock says nobody writes now."""
    for tmp in out.rglob(".*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


def _crashed(part: Job, message: str) -> Result:
    return Result(part.spec, False, error=f"{part.spec}: {message}")


def _run_all(todo: list, jobs, progress, log, finished) -> None:
    """Render every job in worker processes (even a single one: the memory cap and time limit always hold) and
    call ``finished(job, result)`` as each figure completes."""
    from diagrams.workers import run_tasks

    if not todo:
        return
    jobs = max(1, jobs or os.cpu_count() or 1)
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="fig", desc="building", leave=False)

    def done(job, res):
        finished(job, res)
        if bar:
            bar.update(1)
        elif log:
            log(f"{'built ' if res.ok else 'FAILED'} {res.spec.stem} ({res.seconds:.2f} s)")

    try:
        if len(todo) < jobs:
            # fewer figures than workers (the edit-one-spec case): render each language in its own worker so
            # that the cold start (imports, fonts) and the two languages overlap; write when all parts are in
            parts = [(i, replace(job, langs=(lang,))) for i, job in enumerate(todo) for lang in job.langs]
            rendered: dict = {}

            def part_done(k, res):
                i = parts[k][0]
                rendered.setdefault(i, []).append(res)
                if len(rendered[i]) == len(todo[i].langs):
                    done(todo[i], _write_outputs(todo[i], rendered[i]))

            run_tasks(_render_part, [part for _, part in parts], min(jobs, len(parts)), part_done, _crashed)
        else:
            run_tasks(run_job, todo, jobs, lambda i, res: done(todo[i], res), _crashed)
    finally:
        if bar:
            bar.close()


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_manifest(out: Path, cache_dir: Path, ids: list) -> None:
    entries = []
    for fid in ids:
        rec = _read_json(cache_dir / f"{fid}.json")
        if rec and rec.get("entry"):
            entries.append(clean_value(rec["entry"]))
    entries.sort(key=lambda e: (e["order"], e["id"]))
    data = {"figures": entries}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    target = out / "manifest.json"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        write_atomic(target, text.encode("utf-8"))
