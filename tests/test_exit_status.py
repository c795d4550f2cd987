"""Each kind of file kyr reads has its own exit status, so a script (or a person) can tell
whose file to fix: the user's configuration 3, a locales folder (a catalog or
languages.toml) 4, a templates folder's products.toml 9. The message is one line naming
the file, the line and the key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import CatalogError, ConfigError, ExitStatus, KyrError, TemplatesError

from .conftest import error_lines, run_kyr


def _broken_copy(tmp_path: Path, folder: str, name: str, old: str, new: str) -> Path:
    """A copy of kyr's `folder` (templates, locales) with `old` replaced in file `name`."""
    copy = tmp_path / folder
    shutil.copytree(getattr(paths, f"{folder}_dir")(), copy)
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_a_broken_configuration_exits_3(tmp_path) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text(paths.sample_config().read_text().replace("[qr]", "[qr]\nlabl = 1"))
    result = run_kyr("build", "--config", str(config), "--out", str(tmp_path / "out"))
    assert result.returncode == ExitStatus.CONFIG == 3
    (line,) = error_lines(result.stderr)
    assert re.search(r"kyr\.toml:\d+: key 'qr\.labl': unknown key", line)


def test_a_broken_product_registry_exits_9(tmp_path) -> None:
    templates = _broken_copy(tmp_path, "templates", "products.toml", 'trim = "wallet-card"',
                             'trim = "wallet"')  # fmt: skip
    result = run_kyr("--templates", str(templates), "products")
    assert result.returncode == ExitStatus.TEMPLATES == 9
    (line,) = error_lines(result.stderr)
    assert re.search(r"products\.toml:\d+: product 'card', key 'trim': must be one of", line)


def test_a_broken_language_registry_exits_4_like_a_broken_catalog(tmp_path) -> None:
    locales = _broken_copy(tmp_path, "locales", "languages.toml", 'script = "Latn"',
                           'script = "Latn"\nfont = ["Noto Sans"]')  # fmt: skip
    result = run_kyr("--locales", str(locales), "languages", "--no-fit")
    assert result.returncode == ExitStatus.CATALOG == 4
    (line,) = error_lines(result.stderr)
    assert re.search(r"languages\.toml:\d+: language 'en', key 'font': unknown key", line)


@pytest.mark.parametrize(
    ("error", "status"),
    [(ConfigError("x"), 3), (CatalogError("x"), 4), (TemplatesError("x"), 9),
     (KyrError("x"), 1), (KyrError("x", ExitStatus.OUTPUT), 8)],
)  # fmt: skip
def test_each_kind_of_error_carries_its_exit_status(error, status) -> None:
    assert error.status == status
