"""`llm-rl-diagrams diff`: what a change does to the figures, for a reviewer.

The figures a change touches (its added or changed specs; all of them when the engine or the theme changed) are
rendered at the base revision and in the working tree; for each figure and language whose PNG differs, the
before, the after and a highlighted difference are written to ``out/<lang>/<id>.{before,after,diff}.png``, and
``out/summary.md`` lists them (the pull-request workflow appends it to the job summary). Figures that did not
change visibly are skipped."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from diagrams import LANGS
from diagrams.errors import DiagramError

ENGINE_PATHS = ("diagrams/", "templates/", "pyproject.toml", "specs/chapters.yaml")


@dataclass
class Change:
    id: str
    lang: str
    kind: str                 # changed | added | removed
    changed_px: int = 0
    files: dict = field(default_factory=dict)


def _git(root: Path, *args: str, data: bool = False):
    try:
        r = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True, timeout=120)
    except FileNotFoundError:
        raise DiagramError("git is not installed", hint="install git: apt-get install git") from None
    except subprocess.CalledProcessError as exc:
        raise DiagramError(f"git {' '.join(args)} failed: {exc.stderr.decode(errors='replace').strip()}",
                           hint="run it in a git checkout and name an existing revision with --base") from None
    return r.stdout if data else r.stdout.decode()


def touched_ids(root: Path, base: str, specs_rel: str = "specs") -> list[str]:
    """Ids of the specs added or changed since ``base`` (working tree included, untracked specs too); every id
    when the engine, the templates or the chapters changed."""
    changed = _git(root, "diff", "--name-only", "--diff-filter=AMR", base, "--").splitlines()
    changed += _git(root, "ls-files", "--others", "--exclude-standard", "--", specs_rel).splitlines()
    specs = sorted((root / specs_rel).glob("*/*.yaml"))
    if any(c.startswith(ENGINE_PATHS) for c in changed):
        return [p.stem for p in specs]
    mine = {Path(c).stem for c in changed if c.startswith(specs_rel + "/") and c.endswith(".yaml")}
    return [p.stem for p in specs if p.stem in mine]


def _export(root: Path, base: str, dest: Path) -> None:
    """The base revision's files in ``dest`` (git archive: no checkout, the working tree is untouched)."""
    tar = _git(root, "archive", "--format=tar", base, data=True)
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(dest, filter="data")


def _render(code_root: Path, specs: Path, ids: list[str], out: Path) -> None:
    """PNGs of ``ids`` built by the code in ``code_root`` (a figure that fails there just has no PNG)."""
    env = dict(os.environ, PYTHONPATH=str(code_root))
    subprocess.run([sys.executable, "-m", "diagrams", "--specs", str(specs), "build", *ids, "--format", "png",
                    "--out", str(out)], cwd=code_root, env=env, capture_output=True, timeout=3600)


def compare(before: Path | None, after: Path | None):
    """(number of changed pixels, highlighted difference image) of two PNGs; (0, None) when identical."""
    from PIL import Image, ImageChops

    if before is None or after is None:
        return (-1, None)
    a, b = Image.open(before).convert("RGB"), Image.open(after).convert("RGB")
    w, h = max(a.width, b.width), max(a.height, b.height)
    pa, pb = Image.new("RGB", (w, h), "white"), Image.new("RGB", (w, h), "white")
    pa.paste(a, (0, 0))
    pb.paste(b, (0, 0))
    mask = ImageChops.difference(pa, pb).convert("L").point(lambda v: 255 if v > 0 else 0)
    import numpy as np

    changed = int((np.asarray(mask) > 0).sum())
    if not changed:
        return (0, None)
    faded = Image.blend(pb, Image.new("RGB", (w, h), "white"), 0.75)    # the new figure, faded
    faded.paste(Image.new("RGB", (w, h), (220, 30, 30)), (0, 0), mask)  # what changed, in red
    return (changed, faded)


def review(root: Path, base: str, out: Path, ids: list[str] | None = None, langs=LANGS, log=print) -> list[Change]:
    from PIL import Image  # noqa: F401  (fail early when Pillow is missing)

    root = Path(root).resolve()
    out = Path(out)
    ids = ids or touched_ids(root, base)
    changes: list[Change] = []
    if not ids:
        _summary(out, base, changes, [])
        return changes
    with tempfile.TemporaryDirectory(prefix="diagrams-diff-") as tmp:
        tmp = Path(tmp)
        old_tree = tmp / "base"
        _export(root, base, old_tree)
        # the base revision's own engine when it has one; a folder of specs only is rendered by this engine
        old_code = old_tree if (old_tree / "diagrams" / "__init__.py").exists() else root
        log(f"rendering {len(ids)} figure(s) at {base} and in the working tree")
        _render(old_code, old_tree / "specs", ids, tmp / "before")
        _render(root, root / "specs", ids, tmp / "after")
        for fid in ids:
            for lang in langs:
                b, a = tmp / "before" / lang / f"{fid}.png", tmp / "after" / lang / f"{fid}.png"
                b, a = (b if b.exists() else None), (a if a.exists() else None)
                if b is None and a is None:
                    continue
                n, diff = compare(b, a)
                if n == 0:
                    continue
                kind = "added" if b is None else "removed" if a is None else "changed"
                ch = Change(fid, lang, kind, max(n, 0))
                (out / lang).mkdir(parents=True, exist_ok=True)
                for name, src in (("before", b), ("after", a)):
                    if src is not None:
                        target = out / lang / f"{fid}.{name}.png"
                        target.write_bytes(src.read_bytes())
                        ch.files[name] = target
                if diff is not None:
                    ch.files["diff"] = out / lang / f"{fid}.diff.png"
                    diff.save(ch.files["diff"])
                changes.append(ch)
    _summary(out, base, changes, ids)
    return changes


def _summary(out: Path, base: str, changes: list[Change], ids: list[str]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"### Figures changed since `{base}`", ""]
    if not changes:
        lines.append(f"No figure looks different ({len(ids)} rendered and compared)." if ids else
                     "The change touches no figure.")
    else:
        lines += [f"{len({c.id for c in changes})} of {len(ids)} rendered figures look different "
                  "(before, after and the changed pixels in red are in the `figure-diff` artefact):", "",
                  "| figure | language | what | changed pixels | files |", "|---|---|---|---|---|"]
        for c in changes:
            files = ", ".join(f"`{p.relative_to(out)}`" for p in c.files.values())
            lines.append(f"| {c.id} | {c.lang} | {c.kind} | {c.changed_px if c.kind == 'changed' else '—'} | "
                         f"{files} |")
    path = out / "summary.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
