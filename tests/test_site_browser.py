"""`kyr site` in a real browser on a machine without the scripts' fonts: Debian's
Chromium (driven by Playwright for Python) with a fontconfig that holds one Latin-only
font, so only the pages' own web fonts can draw Arabic, Chinese, Devanagari, Ethiopic or
Myanmar. Each page is checked with axe-core (tests/web: `make setup` installs it with
npm ci; without npm that check is skipped) and photographed (the pytest folder, and a
few in /tmp/site-shots to look at)."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kyr import paths
from kyr.build.request import BuildRequest
from kyr.config.community import load_community
from kyr.content.context import STATEMENT
from kyr.i18n.languages import load_registry
from kyr.web.site import build_site

from .browser import CHROMIUM, CHROMIUM_ARGS, sync_api  # skips without Chromium

AXE = Path(__file__).parent / "web" / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "es", "ar", "zh-Hans", "hi", "am", "my")
PAGES = ["index.html", *(f"{code}/index.html" for code in LANGUAGES), "ar/large.html"]
#: Pages also saved where a person can look at them.
SHOWN = {"index.html", "ar/index.html", "zh-Hans/index.html", "ar/large.html", "am/index.html"}
SHOTS = Path("/tmp/site-shots")
#: The one font the browser has of its own: Latin, Greek and Cyrillic only.
LATIN_ONLY = "NotoSans-Regular.ttf"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    community = load_community(paths.sample_config())
    request = BuildRequest(products=("card", "message"), languages=LANGUAGES, out_dir=out)
    build_site(community, request)
    return out


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP, as a web host would (a browser loads no web font from
    a file:// page)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def address(site) -> Iterator[str]:
    with serving(site) as address:
        yield address


@pytest.fixture(scope="module")
def fontconfig(tmp_path_factory) -> Path:
    """A fontconfig whose only font is Latin (Chromium needs one to start)."""
    folder = tmp_path_factory.mktemp("fontconfig")
    (folder / "fonts").mkdir()
    shutil.copy(paths.fonts_dir() / LATIN_ONLY, folder / "fonts" / LATIN_ONLY)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder / 'fonts'}</dir><cachedir>{folder / 'cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def browser(fontconfig):
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig)}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env
        )
        yield browser
        browser.close()


#: Each character of the page's text that no loaded face of its element's font stack
#: covers (by the faces' unicode-range), with the language it is marked with: what would
#: be drawn as a box, or by a font the visitor may not have.
UNCOVERED = """() => {
  const ranges = face => face.unicodeRange.split(",").map(part => {
    const [first, last] = part.trim().slice(2).split("-").map(h => parseInt(h, 16));
    return [first, last ?? first];
  });
  const loaded = [...document.fonts].filter(face => face.status === "loaded");
  const covers = (families, point) => loaded.some(face =>
    families.includes(face.family.replace(/"/g, "")) &&
    ranges(face).some(([a, b]) => a <= point && point <= b));
  const missing = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (["SCRIPT", "STYLE"].includes(element.tagName)) continue;
    const families = getComputedStyle(element).fontFamily.split(",")
      .map(f => f.trim().replace(/"/g, ""));
    for (const char of walker.currentNode.data) {
      const point = char.codePointAt(0);
      if (/\\s/.test(char) || (point >= 0x200B && point <= 0x200F) ||
          (point >= 0x2066 && point <= 0x2069)) continue;
      if (!covers(families, point)) missing.push(
        [element.closest("[lang]").lang, element.tagName, char, families.join()].join(" "));
    }
  }
  return [...new Set(missing)];
}"""


def open_page(browser, address: str, name: str, **options):
    page = browser.new_page(viewport={"width": 900, "height": 1200}, **options)
    page.goto(address + name)
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


def save_shot(page, name: str, tmp_path: Path) -> None:
    stem = name.replace("/", "-").removesuffix(".html")
    if name in SHOWN:  # the whole page, to look at
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / f"{stem}.png", full_page=True)
    else:
        page.screenshot(path=tmp_path / f"{stem}.png")


def test_the_browser_has_no_font_for_the_scripts_but_latin(fontconfig) -> None:
    """The check below means something: the one font it has draws none of the names."""
    from fontTools.ttLib import TTFont

    with TTFont(fontconfig.parent / "fonts" / LATIN_ONLY) as font:
        cmap = font.getBestCmap()
    registry = load_registry()
    for code in ("ar", "zh-Hans", "hi", "am", "my"):
        script = [char for char in registry[code].autonym if ord(char) > 0x2FF]
        assert script and not any(ord(char) in cmap for char in script)


def serious_violations(page) -> list:
    """What axe-core finds on `page` of serious or critical impact."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ')]))"
    )
    return [v for v in violations if v[1] in ("serious", "critical")]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_draws_each_language_with_its_own_web_fonts_and_passes_axe(
    browser, address, name, tmp_path
) -> None:
    page = open_page(browser, address, name)
    faces = page.evaluate("[...document.fonts].map(f => [f.family, f.weight, f.status])")
    assert faces and not [face for face in faces if face[2] == "error"]
    assert page.evaluate(UNCOVERED) == [], faces
    if name == "index.html":  # every language's name is on it: every face is used
        assert [face for face in faces if face[2] != "loaded"] == []
        registry = load_registry()
        for code in LANGUAGES:
            link = page.locator(f'nav a[hreflang="{code}"]')
            assert link.inner_text() == registry[code].autonym
            family = link.evaluate("e => getComputedStyle(e).fontFamily.split(',')[0]")
            assert page.evaluate(
                "([family, text]) => document.fonts.check('16px ' + family, text)",
                [family, registry[code].autonym],
            )
    save_shot(page, name, tmp_path)
    if AXE.is_file():  # else test_axe_core_is_there says why it is not checked
        assert serious_violations(page) == []
    page.close()


def test_axe_core_is_there() -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: `make setup` installs it with npm ci (needs npm)")


def test_axe_core_finds_a_serious_violation_where_there_is_one(browser) -> None:
    """The check can fail: an image without alt text and text too faint to read."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: `make setup` installs it with npm ci (needs npm)")
    page = browser.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png">'
        '<p style="color:#ddd">faint</p></main></html>'
    )
    found = {violation[0] for violation in serious_violations(page)}
    page.close()
    assert {"image-alt", "color-contrast"} <= found


def test_a_language_page_reads_without_javascript_and_the_script_adds_a_copy_button(
    browser, address
) -> None:
    page = open_page(browser, address, "ar/index.html", java_script_enabled=False)
    assert page.locator("html").get_attribute("dir") == "rtl"
    statement = page.locator("blockquote")
    assert statement.get_attribute("lang") == "en" and statement.get_attribute("dir") == "ltr"
    assert statement.inner_text().strip() == STATEMENT
    message = page.locator("pre.message").first
    assert message.is_visible() and STATEMENT in message.inner_text()
    assert page.locator("button.copy").count() == 0
    for selector in ("header", "nav", "main", "footer", "a.skip[href='#main']", "h1", "h2"):
        assert page.locator(selector).count() >= 1, selector
    page.close()
    scripted = open_page(
        browser, address, "ar/index.html", permissions=["clipboard-read", "clipboard-write"]
    )
    copied = scripted.locator("pre[data-copy]").count()
    assert copied >= 2 and scripted.locator("button.copy").count() == copied
    scripted.close()


def test_large_print_is_a_page_of_its_own_in_larger_type(browser, address) -> None:
    sizes = {}
    for name in ("zh-Hans/index.html", "zh-Hans/large.html"):
        page = open_page(browser, address, name)
        sizes[name] = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('ol li')).fontSize)"
        )
        if name.endswith("large.html"):
            assert page.locator("a[href='index.html']").count() == 1
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SHOTS / "zh-Hans-large.png")
        page.close()
    assert sizes["zh-Hans/large.html"] >= 1.4 * sizes["zh-Hans/index.html"]


def test_a_real_network_s_longest_details_fit_a_phone_screen(browser, tmp_path) -> None:
    """tests/fixtures/longest-links.toml: the longest name, label and links a real network
    wrote; on a 390 px wide phone no page is wider than the screen, in Arabic or in
    Burmese large print, and every character still has its font."""
    community = load_community(Path(__file__).parent / "fixtures" / "longest-links.toml")
    out = tmp_path / "site"
    build_site(community, BuildRequest(products=("card",), languages=("ar", "my"), out_dir=out))
    with serving(out) as address:
        for name in ("ar/index.html", "my/large.html"):
            page = open_page(browser, address, name)
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
            assert page.evaluate(UNCOVERED) == [], name
            page.close()
