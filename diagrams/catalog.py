"""Chapters (specs/chapters.yaml) and grouping of figures by chapter, for the gallery, the README and `new`.

The book's full catalogue (ids, titles, orders) lives outside the project (../shared/reference/catalog.yaml when
present); the project keeps only the chapter names. `new` reads the outside catalogue when it is there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS_FILE = "chapters.yaml"
EXTERNAL_CATALOG = ROOT.parent / "shared" / "reference" / "catalog.yaml"


@dataclass(frozen=True)
class Chapter:
    id: str
    order: int
    en: str
    zh: str

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def chapters_file(specs_dir: Path) -> Path:
    """specs/chapters.yaml beside the specs; a specs folder without one (tests, forks) uses the project's."""
    own = Path(specs_dir) / CHAPTERS_FILE
    return own if own.exists() else ROOT / "specs" / CHAPTERS_FILE


def load_chapters(specs_dir: Path) -> dict[str, Chapter]:
    path = chapters_file(specs_dir)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    out = {}
    for i, (cid, v) in enumerate((data.get("chapters") or {}).items()):
        out[str(cid)] = Chapter(str(cid), int(v.get("order", i + 1)), str(v.get("en", cid)), str(v.get("zh", cid)))
    return out


def group(entries: list[dict], chapters: dict[str, Chapter]) -> list[tuple[Chapter, list[dict]]]:
    """Figures (dicts with id, chapter, order) grouped by chapter: chapters in book order, figures in catalogue
    order. A chapter missing from chapters.yaml still gets a group, named by its id, after the known ones."""
    groups: dict[str, list] = {}
    for e in sorted(entries, key=lambda e: (e.get("order") or 0, e["id"])):
        groups.setdefault(e["chapter"], []).append(e)
    known = [c for c in sorted(chapters.values(), key=lambda c: (c.order, c.id)) if c.id in groups]
    unknown = sorted((cid for cid in groups if cid not in chapters), key=lambda cid: (groups[cid][0].get("order") or 0, cid))
    extra = [Chapter(cid, 10_000 + i, cid, cid) for i, cid in enumerate(unknown)]
    return [(c, groups[c.id]) for c in known + extra]


def external_entry(fid: str, catalog: Path | None = None) -> dict | None:
    """The outside catalogue's record for ``fid`` (id, order, chapter, title_en, title_zh, …), if the file is there."""
    path = Path(catalog) if catalog else EXTERNAL_CATALOG
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return None
    for rec in data.get("figures") or []:
        if rec.get("id") == fid:
            return rec
    return None
