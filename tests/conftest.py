"""Shared fixtures: one renderer per test session, and sample builds made once and read by
many tests. WeasyPrint is imported only through kyr.render.html_to_pdf, after the fonts are
pinned."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from kyr import paths
from kyr.build.run import build
from kyr.config.community import load_community
from kyr.render.html_to_pdf import Renderer

FIXTURES = Path(__file__).parent / "fixtures"

# kyr's caches (type sizes, the completed language registry, fit results) in a folder of
# this test session's own: every run starts cold, and the user's cache is left alone. The
# first process makes it; pytest-xdist's workers, started from it, inherit and share it,
# so a piece one worker has fitted is laid out once by the other (kyr writes its caches
# atomically, for concurrent runs). A test that needs a cold cache makes its own.
if "KYR_TEST_SESSION_CACHE" not in os.environ:
    os.environ["KYR_TEST_SESSION_CACHE"] = tempfile.mkdtemp(prefix="kyr-test-cache-")
os.environ["XDG_CACHE_HOME"] = os.environ["KYR_TEST_SESSION_CACHE"]
MM_PER_PT = 25.4 / 72


#: The test files that take longest (their shared builds; `pytest --durations=25`, 2026-12-07),
#: collected first, longest first: `make test` hands whole files to its workers in
#: collection order (`--dist loadfile --no-loadscope-reorder`), so the long ones start
#: early and the many short files fill in, instead of a long file ending the run alone.
LONGEST_FILES = (
    "test_real_network_pdfs.py", "test_page_products.py", "test_speed_and_scale.py",
    "test_content_2026_12.py", "test_fit_decision.py", "test_segmenting.py",
    "test_line_breaks_on_every_product.py",
    "test_serve_browser.py", "test_site_browser.py", "test_fit_results.py",
    "test_safety_and_determinism.py",
    "test_signals.py", "test_accessible_pdf.py", "test_card_pdf.py",
)  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FILES.index(name) if name in LONGEST_FILES else len(LONGEST_FILES)

    items.sort(key=rank)  # stable: each file's tests keep their order


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


@dataclass
class KyrRun:
    """What `kyr ARGS` did: exit code and what it printed (as a CompletedProcess has it)."""

    returncode: int
    stdout: str
    stderr: str


def run_kyr(
    *args: str, cwd: Path | None = None, input: str = "", environ: dict[str, str] | None = None
) -> KyrRun:
    """`kyr ARGS` run in this process (through `kyr.cli.main.main`, as the console script
    does) in an `Environment` of its own: folder `cwd` (default: the current one), answers
    `input` on stdin, environment variables `environ` (default: the process's). In a
    project copy (`copy_project`) it runs on the copy's templates and catalogs
    (`kyr --templates DIR --locales DIR`)."""
    from kyr.cli.environment import Environment
    from kyr.cli.main import main

    folders: list[str] = []
    if cwd is not None and (cwd / "templates" / "products.toml").is_file():
        folders = ["--templates", str(cwd / "templates"), "--locales", str(cwd / "locales")]
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(
        cwd=cwd or Path(),
        environ=os.environ if environ is None else environ,
        stdin=io.StringIO(input),
        stdout=stdout,
        stderr=stderr,
    )
    try:
        main([*folders, *args], env)
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    return KyrRun(code, stdout.getvalue(), stderr.getvalue())


def error_lines(stderr: str) -> list[str]:
    """What a command printed on stderr, but the line saying which configuration it uses
    (`kyr: using …`, printed once the configuration is read, before any later error)."""
    return [line for line in stderr.splitlines() if not line.startswith("kyr: using ")]


def run_kyr_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m kyr ARGS` in a process of its own, for what only a process shows."""
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
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def png_bytes(image: Image.Image) -> bytes:
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()
