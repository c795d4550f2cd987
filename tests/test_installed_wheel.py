"""kyr installed like any Python tool: the wheel built from this checkout, installed in a
fresh venv outside it, run from a folder of the user's own. Slow (a clean install of
WeasyPrint and friends): `make test-slow`, which CI runs after `make test`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kyr import CONTENT_VERSION, paths
from kyr.errors import ExitStatus

from .conftest import decode_qr_codes, rasterize

pytestmark = pytest.mark.slow

#: What the wheel is built from: the files a clean clone has (no venv, build or output).
SOURCES = ("kyr", "templates", "locales", "assets", "examples")
SOURCE_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "babel.cfg")

OWN_CONFIG = """\
name = "Riverside Tenants Union"
paper = "a4"
languages = ["en", "es"]

[hotline]
number = "+1 555 0142"
label = "Tenant defence line"

[qr]
url = "https://example.org/riverside"
"""


def locked_versions(target: Path) -> Path:
    """requirements.lock as a pip constraints file (the pins without their hashes, which
    constraints cannot carry): the wheel is built and installed with the versions the
    checkout tests with, setuptools in the build included."""
    lock = (paths.CHECKOUT / "requirements.lock").read_text()
    pins = re.findall(r"^([A-Za-z0-9._-]+==[^\s\\;]+)", lock, flags=re.MULTILINE)
    assert "weasyprint==70.0" in pins and any(p.startswith("setuptools==") for p in pins)
    target.write_text("\n".join(pins) + "\n")
    return target


def _run(
    command: list[str | Path], cwd: Path, constraints: Path | None = None, **kwargs
) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("KYR_")}
    env.pop("PYTHONPATH", None)
    if constraints is not None:
        env["PIP_CONSTRAINT"] = str(constraints)
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        **kwargs,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """Build the wheel from a copy of the checkout, install it in a fresh venv."""
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in SOURCES:
        shutil.copytree(paths.CHECKOUT / name, source / name, ignore=ignore)
    for name in SOURCE_FILES:
        shutil.copy(paths.CHECKOUT / name, source / name)
    wheels = base / "wheels"
    pins = locked_versions(base / "constraints.txt")
    built = _run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", wheels, "."],
                 cwd=source, constraints=pins)  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert "SetuptoolsDeprecationWarning" not in built.stdout + built.stderr
    (wheel,) = wheels.glob("kyr-*.whl")
    venv = base / "venv"
    start = time.perf_counter()
    created = _run([sys.executable, "-m", "venv", venv], cwd=base)
    assert created.returncode == 0, created.stderr
    pip = _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=base,
               constraints=pins)  # fmt: skip
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    install_seconds = time.perf_counter() - start
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    print(
        f"\nwheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB, {len(names)} files; "
        f"fresh venv + install {install_seconds:.0f} s"
    )
    work = base / "work"
    work.mkdir()
    return {"kyr": venv / "bin" / "kyr", "work": work, "names": names}


def test_the_wheel_carries_templates_catalogs_fonts_and_the_sample(installed) -> None:
    names = set(installed["names"])
    for name in (
        "kyr/_data/templates/products.toml",
        "kyr/_data/templates/card.html",
        "kyr/_data/locales/languages.toml",
        "kyr/_data/locales/messages.pot",
        "kyr/_data/locales/REVIEW-NOTES.md",
        f"kyr/_data/locales/versions/{CONTENT_VERSION}.pot",
        "kyr/_data/locales/CHANGES.md",
        "kyr/_data/locales/zh_Hans/LC_MESSAGES/messages.po",
        "kyr/_data/assets/fonts/NotoSans-Regular.ttf",
        "kyr/_data/assets/fonts/OFL.txt",
        "kyr/_data/examples/sample-community.toml",
    ):
        assert name in names
    assert not any(name.endswith(".mo") or "__pycache__" in name for name in names)


def test_info_says_what_runs_and_where_the_installed_data_is(installed) -> None:
    info = _run([installed["kyr"], "--info"], cwd=installed["work"])
    assert info.returncode == 0, info.stderr
    for label in ("kyr version:", "WeasyPrint version: 70", "Pango version:", "HarfBuzz version:",
                  "pydyf version:", "Fast font subsetting:", "Fit cache:"):  # fmt: skip
        assert label in info.stdout
    assert "(installed package)" in info.stdout
    assert str(paths.CHECKOUT) not in info.stdout


def test_products_and_languages_list_from_the_installed_copy(installed) -> None:
    products = _run([installed["kyr"], "products"], cwd=installed["work"])
    assert products.returncode == 0 and "card-sheet" in products.stdout, products.stderr
    languages = _run([installed["kyr"], "languages", "--no-fit"], cwd=installed["work"])
    assert languages.returncode == 0, languages.stderr
    assert "zh-Hans" in languages.stdout and "(Spanish)" in languages.stdout


def _built(work: Path) -> dict[str, dict]:
    entries = json.loads((work / "output" / "manifest.json").read_text())
    return {Path(entry["path"]).name: entry for entry in entries}


def test_build_writes_into_output_of_the_current_folder_with_qr_codes_that_decode(
    installed,
) -> None:
    kyr, work = installed["kyr"], installed["work"]
    sample = _run([kyr, "build", "--product", "card", "--lang", "es"], cwd=work)
    assert sample.returncode == 0, sample.stderr
    assert (work / "output" / "card-es-letter.pdf").is_file()
    (work / "riverside.toml").write_text(OWN_CONFIG)
    own = _run([kyr, "build", "--config", "riverside.toml", "--product", "card", "--lang", "en"],
               cwd=work)  # fmt: skip
    assert own.returncode == 0, own.stderr
    assert "card-en-a4.pdf" in _built(work)
    for name, url in (("card-es-letter.pdf", "https://example.org/rights"),
                      ("card-en-a4.pdf", "https://example.org/riverside")):  # fmt: skip
        codes = decode_qr_codes(rasterize(work / "output" / name, 0, dpi=150))
        assert [code.text for code in codes] == [url], name


def test_the_wording_diff_reads_the_versions_shipped_in_the_wheel(installed) -> None:
    result = _run([installed["kyr"], "i18n", "diff", "--format", "markdown"], cwd=installed["work"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"## {CONTENT_VERSION} (from ")


def test_translator_commands_need_a_checkout(installed) -> None:
    result = _run([installed["kyr"], "i18n", "check", "--no-fit"], cwd=installed["work"])
    assert result.returncode == ExitStatus.ENVIRONMENT
    assert result.stderr.count("\n") == 1 and "checkout" in result.stderr
