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
    rep = build(specs, out, formats=("svg", "slides", "png", "pdf", "pptx"), jobs=1, log=None)
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
    assert formats == {"svg", "slides", "png", "pdf", "pptx"}
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
    build(specs, gallery, formats=("svg", "slides", "png", "pdf", "pptx"), jobs=1, log=None)
    assert page.read_bytes() == before and page.stat().st_mtime_ns == stamp
    p = specs / "rlhf" / "ppo-demo.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Proximal policy demo", "Clipped policy demo"), encoding="utf-8")
    build(specs, gallery, formats=("svg", "slides", "png", "pdf", "pptx"), jobs=1, log=None)
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
    assert {a for a in page.eval_on_selector_all("#viewer-dl a", "as => as.map(a => a.innerText)")} == {
        "SVG", "幻灯片SVG", "PNG", "PDF", "PPTX（可编辑）"}
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


# ---- many figures: lazy images, a phone, deep links, descriptions, dark mode ------------------------------------

MANY = 60


@pytest.fixture
def big_gallery(tmp_path):
    """A gallery of MANY figures (a manifest and small SVGs, no rendering): enough to scroll."""
    from diagrams.cli import ROOT
    from diagrams.gallery import write_gallery

    out = tmp_path / "big"
    figures = []
    for i in range(MANY):
        fid = f"fig-{i:02d}"
        files = {}
        for lang in ("en", "zh"):
            (out / lang).mkdir(parents=True, exist_ok=True)
            (out / lang / f"{fid}.svg").write_text(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">'
                f'<rect width="640" height="400" fill="#DDEEFF"/><text x="20" y="40">{fid} {lang}</text></svg>')
            files[lang] = {"svg": f"{lang}/{fid}.svg"}
        desc = {"en": f"Figure number {i} about gradients." + (" Uniquely about walruses." if i == 37 else ""),
                "zh": f"第{i}幅图。" + ("海象。" if i == 37 else "")}
        figures.append({"id": fid, "chapter": "rlhf", "order": i, "title": {"en": f"Figure {i}", "zh": f"图{i}"},
                        "description": desc, "files": files})
    (out / "manifest.json").write_text(json.dumps({"figures": figures}), encoding="utf-8")
    write_gallery(out, ROOT / "specs")
    return out


def _image_requests(pg):
    return [u for u in pg.requests if u.endswith(".svg")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_first_paint_loads_only_the_visible_figures_of_the_shown_language(big_gallery, page, lang):
    page.goto((big_gallery / "index.html").as_uri() + ("?lang=zh" if lang == "zh" else ""))
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    first = _image_requests(page)
    assert 0 < len(first) <= 24, len(first)           # the first screens, not all MANY
    assert all(f"/{lang}/" in u for u in first), first  # never the other language
    attrs = page.eval_on_selector_all(".card img", "is => is.map(i => [i.loading, i.decoding])")
    assert all(a == ["lazy", "async"] for a in attrs)
    # scrolling to the end loads the rest
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(800)
    assert len(_image_requests(page)) > len(first)
    assert page.errors == []


def test_on_a_phone_the_header_is_compact_and_the_large_view_fits(big_gallery, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((big_gallery / "index.html").as_uri())
    page.wait_for_load_state("load")
    header = page.eval_on_selector("header", "h => h.getBoundingClientRect().height")
    assert header <= 0.2 * 844, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 390      # nothing wider than the phone
    page.evaluate("window.scrollTo(0, 1500)")
    page.wait_for_timeout(100)
    assert page.eval_on_selector("header", "h => h.getBoundingClientRect().bottom") <= 0   # scrolled away
    page.click("#fig-fig-05 .open")
    assert page.is_visible("#viewer")
    for sel in ("#viewer-close", "#viewer-img", "#viewer-title"):
        box = page.eval_on_selector(sel, "e => { const r = e.getBoundingClientRect(); "
                                         "return [r.left, r.top, r.right, r.bottom]; }")
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= 390 and box[3] <= 844, (sel, box)
    page.click("#viewer-close")
    assert page.is_hidden("#viewer")


def test_a_deep_link_opens_the_large_view(big_gallery, page):
    page.goto((big_gallery / "index.html").as_uri() + "?lang=zh#fig-42")
    page.wait_for_load_state("load")
    assert page.is_visible("#viewer")
    assert page.get_attribute("#viewer-img", "src") == "zh/fig-42.svg"
    assert page.inner_text("#viewer-title").endswith("图42")
    page.keyboard.press("ArrowRight")
    # the address follows the figure shown (waited for: the browser applies key events asynchronously)
    page.wait_for_function("() => location.hash === '#fig-43'", timeout=5000)
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.hash === ''", timeout=5000)
    page.evaluate("location.hash = '#fig-07'")
    page.wait_for_function("() => document.getElementById('viewer').open")
    assert page.get_attribute("#viewer-img", "src") == "zh/fig-07.svg"
    assert page.errors == []


def test_search_covers_descriptions(big_gallery, page):
    page.goto((big_gallery / "index.html").as_uri())
    page.fill("#search", "walruses")
    assert _visible_ids(page) == ["fig-37"]
    page.fill("#search", "海象")
    assert _visible_ids(page) == ["fig-37"]


@pytest.mark.parametrize("scheme,dark", [("dark", True), ("light", False)])
def test_the_page_follows_the_system_colour_scheme(big_gallery, page, scheme, dark):
    page.emulate_media(color_scheme=scheme)
    page.goto((big_gallery / "index.html").as_uri())
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    assert ((r + g + b) / 3 < 80) == dark, rgb
    # the figures keep their white ground
    assert page.eval_on_selector(".card .open", "e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"


def test_watch_shows_the_last_build_error_in_the_page(gallery, page):
    from diagrams.gallery import write_version

    write_version(gallery, "v1")
    page.goto((gallery / "index.html").as_uri() + "?watch")
    page.wait_for_function("() => document.querySelector('.card img').getAttribute('src').includes('?v=v1')")
    assert page.is_hidden("#build-errors")
    nasty = "specs/rlhf/x.yaml:3:9: unknown colour 'skyblue</script><b>' — did you mean 'sky'?"
    write_version(gallery, "v2", [nasty])
    page.wait_for_selector("#build-errors", state="visible", timeout=10_000)
    assert page.inner_text("#build-errors-text") == nasty              # as text, never as markup
    assert "?v=v1" in page.get_attribute(".card img", "src")            # not reloaded to the old figure
    with page.expect_navigation(timeout=10_000):                       # the next good build reloads
        write_version(gallery, "v3", [])
    page.wait_for_function("() => document.querySelector('.card img').getAttribute('src').includes('?v=v3')")
    assert page.is_hidden("#build-errors")
    assert page.errors == []
