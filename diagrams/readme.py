"""The figure lists of README.md (English) and README_zh.md (Chinese), generated from the specs.

Each README holds its list between two marker lines; `llm-rl-diagrams readme` (`make readme`) rewrites what is
between them, `readme --check` only compares. The entries come straight from the specs (id, chapter, order,
title, description), the same fields the build writes to build/manifest.json, so no build is needed.
"""
from __future__ import annotations

import os
from pathlib import Path

from diagrams.catalog import group, load_chapters
from diagrams.text.clean import clean_text

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- figures:start -->"
END = "<!-- figures:end -->"
FILES = {"en": "README.md", "zh": "README_zh.md"}
_TEXT = {
    "en": {"note": "*Generated from the specs by `make readme`; do not edit between the markers.* "
                   "{n} figures in {c} chapters.",
           "spec": "spec"},
    "zh": {"note": "*由 `make readme` 根据 spec 生成，请勿手工编辑标记之间的内容。* 共 {c} 章 {n} 幅图。",
           "spec": "spec"},
}


def entries(specs_dir: Path) -> list[dict]:
    """Manifest-like entries (id, chapter, order, title, description, spec path) of every spec."""
    from diagrams.build import find_specs
    from diagrams.pipeline import load_figure

    out = []
    for path in find_specs(specs_dir):
        fig = load_figure(path)
        out.append({"id": fig.id, "chapter": fig.chapter, "order": fig.order,
                    "title": {"en": fig.title.en, "zh": fig.title.zh},
                    "description": {"en": fig.description.en, "zh": fig.description.zh} if fig.description else None,
                    "spec": path})
    return out


def _md(s: str) -> str:
    """One line of Markdown text: no line breaks, no accidental emphasis or tables."""
    s = " ".join(clean_text(str(s)).split())
    for ch in ("\\", "*", "_", "`", "|", "[", "]", "<", ">"):
        s = s.replace(ch, "\\" + ch)
    return s


def figure_list(items: list[dict], chapters: dict, lang: str, base: Path) -> str:
    groups = group(items, chapters)
    t = _TEXT[lang]
    lines = [t["note"].format(n=len(items), c=len(groups)), ""]
    for ch, figs in groups:
        lines.append(f"### {_md(ch.name(lang))}")
        lines.append("")
        for f in figs:
            rel = os.path.relpath(Path(f["spec"]).resolve(), Path(base).resolve()).replace(os.sep, "/")
            line = f"- **{f['order']}. {_md(f['title'][lang])}** ([{t['spec']}]({rel}))"
            if f.get("description"):
                line += f" — {_md(f['description'][lang])}"
            lines.append(line)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def splice(doc: str, body: str, name: str = "README") -> str:
    """``doc`` with the text between the markers replaced by ``body``."""
    if doc.count(START) != 1 or doc.count(END) != 1 or doc.index(START) > doc.index(END):
        raise ValueError(f"{name} must contain the lines {START} and {END} once each, in that order")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}{END}{tail}"


def generate(specs_dir: Path, root: Path = ROOT, items: list | None = None) -> dict[Path, str]:
    """README path → its text with the figure list regenerated (``items``: entries already read from the specs)."""
    items = entries(specs_dir) if items is None else items
    chapters = load_chapters(specs_dir)
    out = {}
    for lang, name in FILES.items():
        path = Path(root) / name
        doc = path.read_text(encoding="utf-8")
        out[path] = splice(doc, figure_list(items, chapters, lang, Path(root)), name)
    return out


def stale(specs_dir: Path, root: Path = ROOT, items: list | None = None) -> list[Path]:
    """The READMEs whose figure list differs from the specs."""
    return [p for p, text in generate(specs_dir, root, items).items() if p.read_text(encoding="utf-8") != text]


def write(specs_dir: Path, root: Path = ROOT) -> list[Path]:
    changed = []
    for p, text in generate(specs_dir, root).items():
        if p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")
            changed.append(p)
    return changed
