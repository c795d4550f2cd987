"""What the browser tests share: Debian's Chromium, driven by Playwright for Python
(never a downloaded browser); a test module that imports this is skipped when either
is missing (`make setup` installs both on Debian)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip("Chromium is not installed (make setup installs it)", allow_module_level=True)

#: Chromium as the machine allows it: no sandbox as root, no network but loopback.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
