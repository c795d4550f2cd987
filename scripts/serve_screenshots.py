"""Screenshots of `kyr serve`'s page, to look at: desktop (1280 px) and a narrow phone
(390 px), in English and in Arabic, each as it opens (empty fields), once the example is
filled in and its preview shown, while "Download all" makes its files, and with a
validation error. Uses Debian's Chromium through Playwright.

    .venv/bin/python scripts/serve_screenshots.py [FOLDER]     (default: screenshots/)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from kyr.web.server import serving

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with serving() as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for ui in ("en", "ar"):
            for name, (width, height) in SIZES.items():
                viewport = {"width": width, "height": height}
                page = browser.new_page(accept_downloads=True, viewport=viewport)
                page.goto(f"{address}?ui={ui}")
                page.wait_for_timeout(300)
                page.screenshot(path=folder / f"serve-{ui}-{name}-empty.png", full_page=False)
                page.click("#example")
                page.wait_for_selector("#preview-images img", timeout=60_000)
                page.wait_for_timeout(500)
                page.select_option("#f-lang", ui)
                page.wait_for_function(
                    "() => document.getElementById('preview-images').getAttribute('aria-busy')"
                    " === 'false' && document.querySelector('#preview-images img')",
                    timeout=60_000,
                )
                page.wait_for_timeout(800)
                page.screenshot(path=folder / f"serve-{ui}-{name}.png", full_page=False)
                _download_all(page, folder / f"serve-{ui}-{name}-download.png")
                page.fill("#f-hotline_number", "951 555 01")
                page.locator("#f-hotline_number-error").wait_for(state="visible")
                page.locator("#f-hotline_number-error").scroll_into_view_if_needed()
                page.screenshot(path=folder / f"serve-{ui}-{name}-error.png", full_page=False)
                page.close()
        browser.close()
    print(f"screenshots in {folder}")


def _download_all(page, path: Path) -> None:
    """The page while "Download all" makes its files (the status line counting), or as
    it says why it could not."""
    page.locator("#download-all").scroll_into_view_if_needed()
    page.click("#download-all")
    page.wait_for_function(
        "() => document.getElementById('download-progress').value > 0"
        " || !document.getElementById('download-all').disabled",
        timeout=120_000,
    )
    page.screenshot(path=path, full_page=False)
    page.wait_for_function(
        "() => !document.getElementById('download-all').disabled", timeout=300_000
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
