"""`kyr serve` end to end in a real browser: Debian's Chromium driven by Playwright for
Python (never a downloaded browser). Skipped when either is missing; `make setup`
installs both on Debian."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from kyr.config.community import MAX_NAME, load_community
from kyr.content.context import STATEMENT
from kyr.web.server import serving

from .browser import CHROMIUM, CHROMIUM_ARGS, sync_api  # skips without Chromium
from .conftest import decode_qr_codes, open_pdf, page_text, rasterize, run_kyr

TRIM_IN = (3.5, 2.0)  # the letter card's trim
TIMEOUT_MS = 60_000


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufffe", "").replace("\x02", "")).strip()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    """A network's configuration with a real-looking https link in its QR code."""
    path = tmp_path_factory.mktemp("serve") / "riverside.toml"
    path.write_text(
        'name = "Riverside Network"\ncountry = "US"\npaper = "letter"\n'
        'languages = ["en", "es"]\n\n[hotline]\nnumber = "(951) 555-0100"\n\n'
        '[qr]\nurl = "https://riverside-rights.org/kyr"\n',
        encoding="utf-8",
    )
    return path


def preview_sources(page) -> list[str]:
    return page.eval_on_selector_all("#preview-images img", "els => els.map(e => e.src)")


def wait_for_new_preview(page, before: list[str]) -> list[str]:
    page.wait_for_function(
        """before => {
            const imgs = [...document.querySelectorAll('#preview-images img')];
            return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0)
              && JSON.stringify(imgs.map(i => i.src)) !== JSON.stringify(before)
              && document.getElementById('preview-images').getAttribute('aria-busy') === 'false';
        }""",
        arg=before,
        timeout=TIMEOUT_MS,
    )
    return preview_sources(page)


def test_an_organizer_makes_an_arabic_card_and_saves_settings_in_chromium(
    browser, config, tmp_path
) -> None:
    with serving(config) as address:
        page = browser.new_page(accept_downloads=True)
        page.goto(address)
        # Prefilled from --config, with a preview of the card front and back.
        assert page.input_value("#f-name") == "Riverside Network"
        assert page.locator("html").get_attribute("dir") == "ltr"
        english = wait_for_new_preview(page, [])
        assert len(english) == 2

        # A name over the limit: the configuration's message, next to the field.
        page.fill("#f-name", "R" * (MAX_NAME + 5))
        error = page.locator("#f-name-error")
        error.wait_for(state="visible", timeout=TIMEOUT_MS)
        assert f"at most {MAX_NAME} fit on every product" in error.inner_text()
        assert page.get_attribute("#f-name", "aria-invalid") == "true"
        assert "f-name-error" in page.get_attribute("#f-name", "aria-describedby")
        page.fill("#f-name", "Riverside Rapid Response")
        error.wait_for(state="hidden", timeout=TIMEOUT_MS)
        assert page.get_attribute("#f-name", "aria-invalid") is None
        fixed = wait_for_new_preview(page, english)

        # Arabic: found with the filter by its English name, then picked by its autonym.
        page.fill("#language-filter", "arab")
        visible = page.locator("#language-list li:visible")
        assert visible.count() == 1 and "العربية" in visible.inner_text()
        visible.locator("input").check()
        page.select_option("#f-lang", "ar")
        arabic = wait_for_new_preview(page, fixed)
        assert arabic != fixed
        assert page.locator("#preview-status").inner_text() == "Preview updated."

        with page.expect_download(timeout=TIMEOUT_MS) as download_info:
            page.click("#download")
        pdf = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(pdf)
        assert pdf.name == "card-ar-letter.pdf"

        with page.expect_download(timeout=TIMEOUT_MS) as settings_info:
            page.click("#save")
        settings = tmp_path / "saved" / settings_info.value.suggested_filename
        settings_info.value.save_as(settings)
        page.close()

    # The PDF: the card's trim, a QR code that decodes, the statement verbatim.
    document = open_pdf(pdf)
    left, bottom, right, top = document[0].get_trimbox()
    assert (round((right - left) / 72, 3), round((top - bottom) / 72, 3)) == TRIM_IN
    codes = [code.text for code in decode_qr_codes(rasterize(pdf, 0, dpi=300))]
    assert codes == ["https://riverside-rights.org/kyr"]
    assert STATEMENT in squash(page_text(pdf, 1))
    assert "Riverside Rapid Response" in squash(page_text(pdf, 0) + page_text(pdf, 1))

    # The settings file builds with the command line, into the same card.
    assert settings.name == "kyr.toml"
    community = load_community(settings)
    assert community.name == "Riverside Rapid Response"
    assert community.languages == ("en", "es", "ar")
    out = tmp_path / "built"
    built = run_kyr(
        "build", "--config", str(settings), "--product", "card", "--lang", "ar", "--out", str(out)
    )
    assert built.returncode == 0, built.stderr
    assert squash(page_text(out / pdf.name, 1)) == squash(page_text(pdf, 1))


def test_the_page_reads_right_to_left_in_arabic_and_every_control_has_a_label(browser) -> None:
    with serving() as address:
        page = browser.new_page()
        page.goto(address + "?ui=ar")
        assert page.locator("html").get_attribute("lang") == "ar"
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("h2#preview-heading").inner_text() == "معاينة"
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select')]
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                .map(el => el.name || el.id)"""
        )
        assert unlabelled == []
        # The keyboard reaches the skip link first, and it leads to the preview.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#preview"
        page.close()


def test_a_configuration_with_an_error_opens_with_it_in_view_until_a_field_changes(
    browser, tmp_path
) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text(
        'name = "Riverside Network"\nlanguages = ["en"]\nhotlne = "typo"\n\n'
        '[hotline]\nnumber = "(951) 555-0100"\n\n[qr]\nurl = "https://riverside-rights.org/kyr"\n',
        encoding="utf-8",
    )
    with serving(config) as address:
        page = browser.new_page()
        page.goto(address)
        page.wait_for_load_state("networkidle")
        # The form itself is valid, but the script asks for no preview that would hide
        # the file's error: it stays above the form.
        error = page.locator("#form-error")
        assert error.is_visible() and "key 'hotlne': unknown key" in error.inner_text()
        assert preview_sources(page) == []
        page.fill("#f-name", "Riverside Rapid Response")
        assert len(wait_for_new_preview(page, [])) == 2
        assert not error.is_visible()
        page.close()


#: Every text a visitor reads or hears: visible text nodes (and the options of visible
#: lists), the title, and the placeholder, title, aria-label and alt attributes.
READ_TEXT = """() => {
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest("script, style, template")) continue;
    const shown = element.closest("option") ? element.closest("select") : element;
    if (shown.checkVisibility({ visibilityProperty: true })) texts.push(node.textContent);
  }
  for (const element of document.querySelectorAll("[placeholder], [title], [aria-label], [alt]")) {
    if (!element.checkVisibility({ visibilityProperty: true })) continue;
    for (const name of ["placeholder", "title", "aria-label", "alt"]) {
      if (element.getAttribute(name)) texts.push(element.getAttribute(name));
    }
  }
  return texts;
}"""
#: Latin text an Arabic page may hold besides the allowances below: kyr's name, its
#: file and command, and the names of formats and codes written so everywhere.
LATIN_ALLOWED = ("kyr build --config kyr.toml", "kyr.toml", "PDF/X-4", "kyr", "PDF", "QR",
                 "CMYK", "ISO", "US", "MX", "A4", "A3")  # fmt: skip


def english_left(texts: list[str], network: str = "") -> list[str]:
    """The texts with Latin words left once the statement, links, digits, the network's
    name, language names in their own script and LATIN_ALLOWED are taken out."""
    from kyr.i18n.languages import load_registry

    allowed = [STATEMENT, network, *(lang.autonym for lang in load_registry().values())]
    left = []
    for text in texts:
        rest = re.sub(r"\b(https?://|tel:)\S*", " ", squash(text))
        for phrase in sorted(filter(None, (*allowed, *LATIN_ALLOWED)), key=len, reverse=True):
            rest = re.sub(rf"(?<![\w.]){re.escape(phrase)}(?![\w.])", " ", rest)
        if re.search(r"[A-Za-z]", rest):
            left.append(squash(text))
    return left


def test_the_arabic_page_has_no_english_left_but_the_statement(browser) -> None:
    with serving() as address:
        page = browser.new_page()
        page.goto(address + "?ui=ar")
        assert english_left(page.evaluate(READ_TEXT)) == []
        # Filled in with the example, its preview shown: still no English but the network's.
        page.click("#example")
        page.select_option("#f-lang", "ar")
        wait_for_new_preview(page, [])
        page.wait_for_function(
            "() => document.getElementById('preview-status').textContent.trim() !== ''"
        )
        network = page.input_value("#f-name")
        assert english_left(page.evaluate(READ_TEXT), network) == []
        # A number that is not one, and a name left empty: the errors are Arabic too.
        page.fill("#f-hotline_number", "951 555 01")
        page.fill("#f-name", "")
        page.click("#update")
        page.locator("#f-hotline_number-error").wait_for(state="visible", timeout=TIMEOUT_MS)
        page.locator("#f-name-error").wait_for(state="visible", timeout=TIMEOUT_MS)
        assert page.locator("#error-summary").is_visible()
        assert english_left(page.evaluate(READ_TEXT)) == []
        page.close()


def test_english_left_finds_an_english_word_on_an_arabic_page() -> None:
    assert english_left(["نزّل ملف PDF", "kyr build --config kyr.toml", "https://a.org/x"]) == []
    assert english_left(["الورق: letter"]) == ["الورق: letter"]
    assert english_left(["español (الإسبانية)", "English", "A4 (210 × 297 مم)"]) == []
    assert english_left(["(Spanish)"]) == ["(Spanish)"]


#: The status line's texts and the button's state, each time the status changes.
WATCH_STATUS = """() => {
  window.statusSeen = [];
  const status = document.getElementById("preview-status");
  const button = document.getElementById("download-all");
  new MutationObserver(() => window.statusSeen.push({
    text: status.textContent, disabled: button.disabled, busy: button.getAttribute("aria-busy"),
  })).observe(status, { childList: true, characterData: true, subtree: true });
}"""


@pytest.fixture(scope="module")
def tabloid_config(tmp_path_factory) -> Path:
    """A network printing on tabloid: "Download all" is the two signs, the poster and the
    messages (a small build)."""
    path = tmp_path_factory.mktemp("serve-tabloid") / "kyr.toml"
    path.write_text(
        'name = "Riverside Network"\ncountry = "US"\npaper = "tabloid"\nlanguages = ["es"]\n\n'
        '[hotline]\nnumber = "(951) 555-0100"\n\n[qr]\nurl = "https://riverside-rights.org/kyr"\n',
        encoding="utf-8",
    )
    return path


def test_download_all_shows_its_progress_in_arabic_while_the_button_is_busy(
    browser, tabloid_config, tmp_path
) -> None:
    from kyr.web import ui

    arabic = ui.interface("ar").gettext
    building = arabic("Making %(done)s of %(total)s files…")
    progress = re.escape(building).replace(r"%\(done\)s", r"\d+").replace(r"%\(total\)s", r"\d+")
    with serving(tabloid_config) as address:
        page = browser.new_page(accept_downloads=True)
        page.goto(address + "?ui=ar")
        wait_for_new_preview(page, [])
        page.evaluate(WATCH_STATUS)
        with page.expect_download(timeout=TIMEOUT_MS) as download_info:
            page.click("#download-all")
        archive = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(archive)
        seen = page.evaluate("window.statusSeen")
        assert any(
            re.fullmatch(progress, s["text"]) and s["disabled"] and s["busy"] == "true"
            for s in seen
        ), seen
        page.wait_for_function("() => !document.getElementById('download-all').disabled")
        assert page.get_attribute("#download-all", "aria-busy") == "false"
        assert page.locator("#preview-status").inner_text() == arabic(
            "The files are made: the download starts."
        )
        page.close()
    assert archive.name == "kyr-tabloid.zip"
    with zipfile.ZipFile(archive) as made:
        assert "poster-es-tabloid.pdf" in made.namelist() and "kyr.toml" in made.namelist()


def test_without_a_configuration_the_form_is_empty_until_the_example_fills_it(browser) -> None:
    with serving() as address:
        page = browser.new_page()
        page.goto(address)
        fields = page.eval_on_selector_all(
            "input[type=text], input[type=tel], input[type=url]",
            "els => els.filter(e => e.id !== 'language-filter').map(e => [e.name, e.value])",
        )
        assert len(fields) > 10 and all(value == "" for _, value in fields), fields
        assert page.locator("p.error:visible").count() == 0
        assert not page.locator("#error-summary").is_visible()
        # Typing the name shows no error for the fields not typed in yet.
        with page.expect_response(lambda r: "/api/preview" in r.url):
            page.fill("#f-name", "Riverside Network")
        page.wait_for_function(
            "() => document.getElementById('preview-images').getAttribute('aria-busy') === 'false'"
        )
        assert page.locator("p.error:visible").count() == 0
        page.click("#example")
        page.wait_for_load_state()
        assert page.input_value("#f-name") == "Example Rapid Response Network"
        assert page.input_value("#f-hotline_number") == "(951) 555-0100"
        assert len(wait_for_new_preview(page, [])) == 2
        page.close()
