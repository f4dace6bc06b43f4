"""The gallery page, build/index.html: every figure of the manifest, grouped by chapter, with a language switch,
a search box over both languages' titles, a large view and download links. One static file (Jinja2 template,
inline style and script), no network: it works opened straight from disk (file://)."""
from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

from markupsafe import Markup

from diagrams import LANGS
from diagrams.catalog import group, load_chapters
from diagrams.text.clean import clean_text

TEMPLATE = "gallery.html.j2"
VERSION_FILE = "watch-version.js"
PAGE_TITLE = {"en": "Large Model Algorithms — figures", "zh": "《大模型算法》插图"}
FORMAT_ORDER = ("svg", "slides", "png", "pdf", "pptx")


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "").lower()


def _figure(entry: dict) -> dict | None:
    files = entry.get("files") or {}
    shown = next((fmt for fmt in ("svg", "png") if any(fmt in files.get(lang, {}) for lang in LANGS)), None)
    langs = [lang for lang in LANGS if shown and files.get(lang, {}).get(shown)]
    if not langs:
        return None             # nothing a browser can show (a PDF-only build)
    # A language that was not built falls back to the other one (a build with --lang en).
    per_lang = {lang: files.get(lang) if lang in langs else files[langs[0]] for lang in LANGS}
    formats = [fmt for fmt in FORMAT_ORDER if all(fmt in per_lang[lang] for lang in LANGS)]
    title = entry["title"]
    desc = entry.get("description")
    search = " ".join([entry["id"], title["en"], title["zh"], *((desc or {}).get(lang) or "" for lang in LANGS)])
    return {"id": entry["id"], "order": entry.get("order", 0), "chapter": entry["chapter"], "title": title,
            "description": desc, "img": {lang: per_lang[lang][shown] for lang in LANGS},
            "files": per_lang, "formats": formats, "search": _norm(search)}


@functools.lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from diagrams.theme import TEMPLATES

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                       undefined=StrictUndefined, keep_trailing_newline=True, finalize=_clean)


def _clean(value):
    """Every value the page shows, without control or bidi formatting characters (a title from a spec may
    carry "\\0" or "\\u202e" written as YAML escapes; the manifest may be edited by hand)."""
    if isinstance(value, Markup):
        return Markup(clean_text(str(value)))
    return clean_text(value) if isinstance(value, str) else value


def render_gallery(entries: list[dict], chapters: dict, theme: str = "house", dark: bool = False,
                   default_lang: str = "en") -> str:
    figures = [f for f in (_figure(e) for e in entries) if f]
    groups = group(figures, chapters)
    return _env().get_template(TEMPLATE).render(groups=groups, figures=figures, theme=theme, dark=dark,
                                      default_lang=default_lang, page_title=PAGE_TITLE)


def _is_dark(theme_name: str) -> bool:
    from diagrams.theme import load_theme

    bg = load_theme(theme_name).background.lstrip("#")
    r, g, b = (int(bg[i:i + 2], 16) for i in (0, 2, 4))
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5


def write_gallery(out: Path, specs_dir: Path, theme: str = "house") -> Path:
    """(Re)write ``out/index.html`` from ``out/manifest.json``; untouched when nothing changed."""
    from diagrams.build import write_atomic

    out = Path(out)
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {"figures": []}
    html = render_gallery(manifest.get("figures", []), load_chapters(specs_dir), theme=theme, dark=_is_dark(theme))
    target = out / "index.html"
    data = html.encode("utf-8")
    if not target.exists() or target.read_bytes() != data:
        write_atomic(target, data)
        target.chmod(0o644)
    return target


MAX_SHOWN_ERRORS = 20   # error lines the watching page shows


def write_version(out: Path, version: str, errors: list[str] | None = None) -> Path:
    """The file a gallery opened with ?watch polls: a one-line script calling back with the build's version and
    the errors of the last build (shown in the page; a failed build does not reload it to the old figure)."""
    from diagrams.build import write_atomic
    from diagrams.text.clean import clean_text

    shown = [clean_text(str(e))[:2000] for e in (errors or [])][:MAX_SHOWN_ERRORS]
    # json.dumps escapes quotes and backslashes; "</" is escaped too, so no text can end the script
    payload = ", ".join(json.dumps(v, ensure_ascii=True).replace("</", "<\\/") for v in (version, shown))
    target = Path(out) / VERSION_FILE
    write_atomic(target, f"window.__galleryVersion && window.__galleryVersion({payload});\n".encode())
    target.chmod(0o644)
    return target
