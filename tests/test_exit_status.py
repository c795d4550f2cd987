"""Each kind of file kyr reads has its own exit status, so a script (or a person) can tell
whose file to fix: the user's configuration 3, a locales folder (a catalog or
languages.toml) 4, a templates folder's products.toml 9. The message is one line naming
the file, the line and the key."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from kyr import paths
from kyr.errors import CatalogError, ConfigError, ExitStatus, KyrError, TemplatesError

from .conftest import error_lines, run_kyr


def test_a_broken_configuration_exits_3(tmp_path) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text(paths.sample_config().read_text().replace("[qr]", "[qr]\nlabl = 1"))
    result = run_kyr("build", "--config", str(config), "--out", str(tmp_path / "out"))
    assert result.returncode == ExitStatus.CONFIG == 3
    (line,) = error_lines(result.stderr)
    assert re.search(r"kyr\.toml:\d+: key 'qr\.labl': unknown key", line)


@pytest.mark.parametrize(
    ("folder", "name", "old", "new", "command", "status", "says"),
    [("templates", "products.toml", 'trim = "wallet-card"', 'trim = "wallet"', "products",
      ExitStatus.TEMPLATES, r"products\.toml:\d+: product 'card', key 'trim': must be one of"),
     ("locales", "languages.toml", 'script = "Latn"', 'script = "Latn"\nfont = ["Noto Sans"]',
      "languages", ExitStatus.CATALOG,
      r"languages\.toml:\d+: language 'en', key 'font': unknown key")],
    ids=["products.toml exits 9", "languages.toml exits 4, like a catalog"],
)  # fmt: skip
def test_a_broken_registry_exits_with_its_folders_status(
    tmp_path, folder, name, old, new, command, status, says
) -> None:
    copy = tmp_path / folder
    shutil.copytree(getattr(paths, f"{folder}_dir")(), copy)
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_kyr(f"--{folder}", str(copy), command)
    assert result.returncode == status
    (line,) = error_lines(result.stderr)
    assert re.search(says, line)


@pytest.mark.parametrize(
    ("error", "status"),
    [(ConfigError("x"), 3), (CatalogError("x"), 4), (TemplatesError("x"), 9),
     (KyrError("x"), 1), (KyrError("x", ExitStatus.OUTPUT), 8)],
)  # fmt: skip
def test_each_kind_of_error_carries_its_exit_status(error, status) -> None:
    assert error.status == status


def test_output_read_by_a_program_that_stops_early_ends_quietly() -> None:
    # `kyr products | head -1`: the reader is gone before kyr writes (its end is closed).
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kyr", "products"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == ExitStatus.PIPE_CLOSED == 141
