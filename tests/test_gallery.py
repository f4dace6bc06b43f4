"""The gallery build/index.html: written by every build, static, no network, catalogue order grouped by chapter;
and, in a real headless Chromium: every image loads, the language switch swaps figures and titles, search
filters in both languages, a click opens the large view, no console errors, no request leaves file://."""
import json
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINIMAL
from diagrams.build import build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _spec(fid, chapter, order, en, zh, desc=True):
    text = MINIMAL.format(id=fid, chapter=chapter).replace(
        "title: {en: A test figure, zh: 测试图}", f"order: {order}\ntitle: {{en: {en}, zh: {zh}}}")
    if desc:
        text += f"description: {{en: About {en}., zh: 关于{zh}。}}\n"
    return text


FIGS = {  # chapter ids from specs/chapters.yaml: dpo comes before rlhf in the book
    "rlhf/ppo-demo": _spec("ppo-demo", "rlhf", 81, "Proximal policy demo", "近端策略演示"),
    "dpo/dpo-demo": _spec("dpo-demo", "dpo", 19, "Direct preference demo", "直接偏好演示"),
    "dpo/beta-demo": _spec("beta-demo", "dpo", 20, "Beta knob demo", "贝塔参数演示", desc=False),
}


@pytest.fixture
def gallery(make_specs, tmp_path):
    specs = make_specs(FIGS)
    out = tmp_path / "build"
    rep = build(specs, out, formats=("svg", "png", "pdf"), jobs=1, log=None)
    assert not rep.failed, rep.failed
    return out


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html):
    p = _Collect()
    p.feed(html)
    return p.tags


def test_every_build_writes_the_gallery_in_catalogue_order(gallery):
    html = (gallery / "index.html").read_text(encoding="utf-8")
    tags = _tags(html)
    cards = [a["data-id"] for t, a in tags if t == "figure"]
    assert cards == ["dpo-demo", "beta-demo", "ppo-demo"]         # chapter order, then catalogue order
    sections = [a["data-chapter"] for t, a in tags if t == "section"]
    assert sections == ["dpo", "rlhf"]
    nav = [a["href"] for t, a in tags if t == "a" and a.get("data-nav")]
    assert nav == ["#ch-dpo", "#ch-rlhf"]
    assert "RLHF and RLAIF" in html and "RLHF与RLAIF" in html    # chapter names in both languages
    assert "Direct preference demo" in html and "直接偏好演示" in html
    assert "About Direct preference demo." in html and "关于直接偏好演示。" in html
    # download links for the three formats, relative, of files that exist
    for t, a in tags:
        if t == "a" and a.get("data-format"):
            for lang in ("en", "zh"):
                assert (gallery / a[f"data-href-{lang}"]).exists()
    formats = {a["data-format"] for t, a in tags if t == "a" and a.get("data-format")}
    assert formats == {"svg", "png", "pdf"}
    manifest = json.loads((gallery / "manifest.json").read_text(encoding="utf-8"))
    assert {f["id"] for f in manifest["figures"]} == set(cards)


def test_gallery_is_static_and_self_contained(gallery):
    html = (gallery / "index.html").read_text(encoding="utf-8")
    tags = _tags(html)
    for tag, attrs in tags:
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        if tag == "script":
            assert "src" not in attrs, "inline script only"
        for name in ("src", "data-src-en", "data-src-zh"):
            if name in attrs:
                assert not re.match(r"^[a-z]+:|^//", attrs[name]), attrs[name]
    assert "@import" not in html and "url(" not in html
    assert "fetch(" not in html and "XMLHttpRequest" not in html
    links = [a["href"] for t, a in tags if t == "a" and a["href"].startswith("http")]
    assert links == ["https://github.com/changyeyu/LLM-RL-Visualized"]   # the credit: a link, never loaded


def test_gallery_is_deterministic_and_rewritten_only_on_change(gallery, make_specs):
    page = gallery / "index.html"
    before, stamp = page.read_bytes(), page.stat().st_mtime_ns
    specs = make_specs(FIGS)
    time.sleep(0.01)
    build(specs, gallery, formats=("svg", "png", "pdf"), jobs=1, log=None)
    assert page.read_bytes() == before and page.stat().st_mtime_ns == stamp
    p = specs / "rlhf" / "ppo-demo.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Proximal policy demo", "Clipped policy demo"), encoding="utf-8")
    build(specs, gallery, formats=("svg", "png", "pdf"), jobs=1, log=None)
    assert "Clipped policy demo" in page.read_text(encoding="utf-8")


def test_a_language_that_was_not_built_falls_back(make_specs, tmp_path):
    specs = make_specs({"dpo/dpo-demo": FIGS["dpo/dpo-demo"]})
    build(specs, tmp_path, langs=("en",), formats=("svg",), jobs=1, log=None)
    tags = _tags((tmp_path / "index.html").read_text(encoding="utf-8"))
    img = next(a for t, a in tags if t == "img")
    assert img["data-src-zh"] == img["data-src-en"] == "en/dpo-demo.svg"


def test_a_png_only_build_still_shows_its_figures(make_specs, tmp_path):
    specs = make_specs({"dpo/dpo-demo": FIGS["dpo/dpo-demo"]})
    build(specs, tmp_path, formats=("png",), jobs=1, log=None)
    tags = _tags((tmp_path / "index.html").read_text(encoding="utf-8"))
    img = next(a for t, a in tags if t == "img")
    assert (img["data-src-en"], img["data-src-zh"]) == ("en/dpo-demo.png", "zh/dpo-demo.png")
    assert [a["data-format"] for t, a in tags if t == "a" and a.get("data-format")] == ["png"]


def test_gallery_cli_rewrites_the_page(gallery, make_specs):
    from diagrams.cli import main

    (gallery / "index.html").unlink()
    assert main(["--specs", str(make_specs(FIGS)), "gallery", "--out", str(gallery)]) == 0
    assert "ppo-demo" in (gallery / "index.html").read_text(encoding="utf-8")


# ---- in a real browser -----------------------------------------------------------------------------------------

def _browser_or_skip():
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (make setup installs Debian's chromium as root)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is missing (pip install -e '.[test]')"
    if reason:
        if ci:
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture
def page():
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 900})
            pg.set_default_timeout(10_000)
            pg.errors, pg.requests = [], []
            pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
            pg.on("pageerror", lambda e: pg.errors.append(str(e)))
            pg.on("request", lambda r: pg.requests.append(r.url))
            yield pg
        finally:
            browser.close()


def _visible_ids(pg):
    return pg.eval_on_selector_all(".card", "cs => cs.filter(c => c.offsetParent !== null).map(c => c.dataset.id)")


def test_gallery_in_headless_chromium(gallery, page):
    url = (gallery / "index.html").as_uri()
    page.goto(url)
    page.wait_for_load_state("load")

    def images_loaded(lang):
        page.wait_for_function("() => Array.from(document.images).filter(i => i.closest('.card'))"
                               ".every(i => i.complete)")
        state = page.eval_on_selector_all(".card img", "is => is.map(i => [i.getAttribute('src'), i.naturalWidth])")
        assert len(state) == 3
        for src, width in state:
            assert src.startswith(f"{lang}/") and width > 0, (src, width)

    images_loaded("en")
    assert page.inner_text("h1").startswith("Large Model Algorithms")
    assert "Direct preference demo" in page.inner_text("#fig-dpo-demo")

    # the language switch swaps every figure, title and chapter name
    page.click("[data-set-lang=zh]")
    images_loaded("zh")
    assert page.get_attribute("html", "data-lang") == "zh"
    assert "直接偏好演示" in page.inner_text("#fig-dpo-demo")
    assert "Direct preference demo" not in page.inner_text("#fig-dpo-demo")
    assert "RLHF与RLAIF" in page.inner_text("nav") and page.title() == "《大模型算法》插图"
    hrefs = page.eval_on_selector_all(".card .dl a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("zh/") for h in hrefs)

    # search filters over both languages' titles, whatever language is shown
    page.fill("#search", "preference")
    assert _visible_ids(page) == ["dpo-demo"]
    page.fill("#search", "贝塔")
    assert _visible_ids(page) == ["beta-demo"]
    assert page.is_hidden("#ch-rlhf") and page.is_hidden("[data-nav=rlhf]")
    page.fill("#search", "no such figure")
    assert _visible_ids(page) == [] and page.is_visible("#empty")
    page.fill("#search", "")
    assert _visible_ids(page) == ["dpo-demo", "beta-demo", "ppo-demo"]

    # a click opens the large view of that figure; arrows step; Escape closes
    page.click("#fig-ppo-demo .open")
    assert page.is_visible("#viewer")
    assert page.get_attribute("#viewer-img", "src") == "zh/ppo-demo.svg"
    page.wait_for_function("() => document.getElementById('viewer-img').naturalWidth > 0")
    assert "近端策略演示" in page.inner_text("#viewer-title")
    assert {a for a in page.eval_on_selector_all("#viewer-dl a", "as => as.map(a => a.textContent)")} == {"SVG", "PNG", "PDF"}
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#viewer-img", "src") == "zh/dpo-demo.svg"
    page.keyboard.press("Escape")
    assert page.is_hidden("#viewer")

    # back to English
    page.click("[data-set-lang=en]")
    images_loaded("en")
    assert "Proximal policy demo" in page.inner_text("#fig-ppo-demo")

    assert page.errors == []
    assert page.requests and all(u.startswith("file://") for u in page.requests), page.requests


def test_gallery_opened_with_watch_reloads_after_a_rebuild(gallery, page):
    from diagrams.gallery import write_version

    write_version(gallery, "v1")
    page.goto((gallery / "index.html").as_uri() + "?watch")
    page.wait_for_function("() => document.querySelector('.card img').getAttribute('src').includes('?v=v1')")
    with page.expect_navigation(timeout=10_000):
        write_version(gallery, "v2")
    page.wait_for_function("() => document.querySelector('.card img').getAttribute('src').includes('?v=v2')")
    assert page.errors == []


def test_default_gallery_does_not_poll(gallery, page):
    page.goto((gallery / "index.html").as_uri())
    page.wait_for_timeout(1500)
    assert not [u for u in page.requests if "watch-version" in u]
