#!/usr/bin/env python3
"""Benchmark of the build: prints its figures (no thresholds are asserted here or in tests).

  clean build      every spec, both languages, the default formats (SVG, PNG, PDF), all cores, through the CLI
                   (cold processes)
  floor            cairosvg alone turning the same SVGs into the same PNGs and PDFs, same number of workers
  no-op rebuild    nothing changed
  one edit         one spec changed (both languages, SVG+PNG+PDF; cold workers, formulas from the build's store)
  svg generation   spec → SVG in a warm process, mean per figure and language

Run it with `make bench`: like every make target it first compiles the package's bytecode (`make setup`), which a
machine with PYTHONDONTWRITEBYTECODE set never writes by itself.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cli(*args) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "diagrams", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _export(path: str) -> int:
    from diagrams.render.export import to_pdf, to_png
    from diagrams.theme import load_theme

    svg, theme = Path(path).read_text(encoding="utf-8"), load_theme()
    return len(to_png(svg, theme)) + len(to_pdf(svg, theme))


def main() -> None:
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        specs, out = Path(tmp) / "specs", Path(tmp) / "build"
        shutil.copytree(ROOT / "specs", specs)
        spec_files = sorted(specs.glob("*/*.yaml"))
        n = len(spec_files)
        base = ["--specs", str(specs), "build", "--out", str(out), "-j", str(jobs)]
        clean = cli(*base)
        svgs = sorted(str(p) for p in out.glob("*/*.svg") if not p.name.endswith(".slides.svg"))
        t0 = time.perf_counter()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(_export, svgs))
        floor = time.perf_counter() - t0
        noop = cli(*base)
        target = spec_files[0]
        target.write_text(target.read_text(encoding="utf-8") + "\n# edited by bench\n", encoding="utf-8")
        one = cli(*base)

        from diagrams.pipeline import load_figure, render
        from diagrams.theme import load_theme

        theme = load_theme()
        figs = [load_figure(p) for p in spec_files]
        for f in figs:  # warm-up: imports, fonts, math cache
            render(f, "en", theme)
        t0 = time.perf_counter()
        rounds = 3
        for _ in range(rounds):
            for f in figs:
                for lang in ("en", "zh"):
                    render(f, lang, theme)
        per = (time.perf_counter() - t0) / (rounds * len(figs) * 2)

    print(f"specs: {n} ({2 * n} figure-languages, SVG+PNG+PDF), workers: {jobs}")
    print(f"clean build      {clean:7.2f} s")
    print(f"floor (cairosvg) {floor:7.2f} s   clean/floor = {clean / floor:.2f}  (target ≤ 1.3)")
    print(f"no-op rebuild    {noop:7.2f} s   (target < 1 s)")
    print(f"one edited spec  {one:7.2f} s   (target < 2 s)")
    print(f"svg generation   {per * 1000:7.1f} ms per figure and language, warm (target < 50 ms)")


if __name__ == "__main__":
    main()
