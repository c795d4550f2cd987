"""Shared fixtures: one renderer per test session, and sample builds made once and read by
many tests. WeasyPrint is imported only through kyr.render, after the fonts are pinned."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from kyr import paths
from kyr.build import build
from kyr.config import load_community
from kyr.render import Renderer

FIXTURES = Path(__file__).parent / "fixtures"
MM_PER_PT = 25.4 / 72


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite the golden files under tests/goldens from the current output.",
    )


@pytest.fixture(scope="session")
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="session")
def sample():
    return load_community(paths.sample_config())


@pytest.fixture(scope="session")
def card_build(tmp_path_factory, renderer, sample) -> Path:
    """Cards, sheets and fold-overs in the issue's four languages, letter and a4."""
    out = tmp_path_factory.mktemp("cards")
    products = ("card", "card-sheet", "card-foldover")
    languages = ("en", "es", "ar", "zh-Hans")
    build(sample, out / "letter", products, languages, "letter", renderer=renderer)
    build(sample, out / "a4", products, ("en", "ar"), "a4", renderer=renderer)
    return out


def copy_project(target: Path) -> Path:
    """A copy of the project to change freely: code, templates, catalogs and example
    configuration are copied; the (large, read-only) fonts are linked."""
    import shutil

    for name in ("kyr", "templates", "locales", "examples"):
        shutil.copytree(
            paths.CHECKOUT / name, target / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(paths.CHECKOUT / "babel.cfg", target / "babel.cfg")
    (target / "assets").symlink_to(paths.assets_dir(), target_is_directory=True)
    return target


def run_kyr(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m kyr ARGS` in `cwd` (a project copy runs its own copy of kyr)."""
    return subprocess.run(
        [sys.executable, "-m", "kyr", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def open_pdf(path: Path) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(str(path))


def page_text(path: Path, index: int) -> str:
    document = open_pdf(path)
    return document[index].get_textpage().get_text_range()


def rasterize(path: Path, index: int, dpi: int = 150) -> Image.Image:
    document = open_pdf(path)
    bitmap = document[index].render(scale=dpi / 72, grayscale=True)
    return bitmap.to_pil()


def decode_qr_codes(image: Image.Image) -> list[zxingcpp.Barcode]:
    return [
        code
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def png_bytes(image: Image.Image) -> bytes:
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()
