"""Chapters (specs/chapters.yaml) and grouping of figures by chapter, for the gallery, the README and `new`.

The book's full catalogue (ids, titles, orders) lives outside the project (../shared/reference/catalog.yaml when
present); the project keeps only the chapter names. `new` reads the outside catalogue when it is there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from diagrams.errors import SpecError

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


CHAPTER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")     # as a spec's `chapter:` (the schema's pattern)
MAX_CHAPTERS_BYTES = 64_000
MAX_CHAPTERS = 200
MAX_NAME_CHARS = 200
MAX_ORDER = 100_000
_SHAPE_HINT = "write `chapters:` then, per chapter, `<id>: {order: <n>, en: <English name>, zh: <中文名>}`"


def load_chapters(specs_dir: Path) -> dict[str, Chapter]:
    """The chapters of ``specs_dir``'s chapters.yaml (none when there is no such file). The file goes through the
    specs' YAML loader (size, alias and depth limits) and a check of its shape, so a broken or hostile file is
    one located SpecError, never a traceback or an unbounded page."""
    from diagrams.spec.loader import outside_tree, parse_yaml

    path = chapters_file(specs_dir)
    if not path.exists():
        return {}
    target = outside_tree(path, path.parent)
    if target is not None:
        raise SpecError(f"the chapters file is a link to {target}, outside the specs folder", file=str(path),
                        hint="make it an ordinary file in the specs folder")
    data = parse_yaml(path, what="chapters file", max_bytes=MAX_CHAPTERS_BYTES)
    return _chapters(data, str(path))


def _chapters(data, file: str) -> dict[str, Chapter]:
    from diagrams.spec.loader import Mapping
    from diagrams.text.clean import has_unsafe

    def fail(message, where, hint=_SHAPE_HINT):
        line, col = where if where else (None, None)
        raise SpecError(message, file=file, line=line, col=col, hint=hint)

    if data is None:
        return {}
    if not isinstance(data, Mapping):
        fail(f"the chapters file must be a mapping with the key `chapters`, but it is {_kind(data)}", (1, None))
    for key in data:
        if key != "chapters":
            fail(f"unknown key '{key}'", data.where(key), hint="the file has one key, `chapters`")
    chapters = data.get("chapters")
    if chapters is None:
        return {}
    if not isinstance(chapters, Mapping):
        fail(f"`chapters` must be a mapping of chapter ids, but it is {_kind(chapters)}", data.where("chapters"))
    if len(chapters) > MAX_CHAPTERS:
        fail(f"more than {MAX_CHAPTERS} chapters", chapters.where(), hint="a book has a few dozen chapters")
    out = {}
    for i, (cid, v) in enumerate(chapters.items()):
        at = chapters.where(cid)
        if not isinstance(cid, str) or not CHAPTER_ID.match(cid):
            fail(f"chapter id '{cid}' has the wrong form", at,
                 hint="lowercase letters, digits and hyphens, as the chapter's folder under specs/")
        if not isinstance(v, Mapping):
            fail(f"chapter '{cid}' must be a mapping {{order, en, zh}}, but it is {_kind(v)}", at)
        for key in v:
            if key not in ("order", "en", "zh"):
                fail(f"chapter '{cid}' has an unknown key '{key}'", v.where(key), hint="use order, en and zh")
        names = {}
        for lang in ("en", "zh"):
            name = v.get(lang)
            if name is None:
                fail(f"chapter '{cid}' has no {lang} name", v.where(), hint=f"add `{lang}: <name>`")
            if not isinstance(name, str) or not name.strip():
                fail(f"chapter '{cid}': the {lang} name must be a non-empty text", v.where(lang))
            if len(name) > MAX_NAME_CHARS:
                fail(f"chapter '{cid}': the {lang} name is {len(name)} characters, over the limit of "
                     f"{MAX_NAME_CHARS}", v.where(lang), hint="a chapter name is a few words")
            bad = has_unsafe(name)
            if bad:
                fail(f"chapter '{cid}': the {lang} name contains the control character U+{ord(bad):04X}",
                     v.where(lang), hint="remove it")
            names[lang] = name
        order = v.get("order", i + 1)
        if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= MAX_ORDER:
            fail(f"chapter '{cid}': order must be a whole number from 0 to {MAX_ORDER}", v.where("order"),
                 hint="the chapter's position in the book: 1, 2, 3, …")
        out[cid] = Chapter(cid, order, names["en"], names["zh"])
    return out


def _kind(value) -> str:
    if value is None:
        return "empty"
    return {"Mapping": "a mapping", "Sequence": "a list", "str": "a text", "int": "a number", "float": "a number",
            "bool": "true/false"}.get(type(value).__name__, type(value).__name__)


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
    from diagrams.spec.loader import MAX_FILE_BYTES, parse_yaml

    path = Path(catalog) if catalog else EXTERNAL_CATALOG
    if not path.exists():
        return None
    data = parse_yaml(path, what="catalogue", max_bytes=MAX_FILE_BYTES)    # the same limits as a spec
    figures = data.get("figures") if isinstance(data, dict) else None
    for rec in figures if isinstance(figures, list) else []:
        if isinstance(rec, dict) and rec.get("id") == fid:
            return rec
    return None
