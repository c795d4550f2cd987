"""Several networks in one run: each configuration builds into its own folder with its own
manifest, which says which configuration made each file; a bad one stops them all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kyr.cli.main import cli
from kyr.errors import ExitStatus

from .conftest import FIXTURES, page_text

RIVERSIDE = """
name = "Riverside Rapid Response"
languages = ["en", "es"]
[hotline]
number = "(213) 241-4011"
[qr]
url = "https://riverside.network/kyr"
"""


def _configs(folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    riverside = folder / "riverside.toml"
    riverside.write_text(RIVERSIDE, encoding="utf-8")
    oakland = folder / "oakland.toml"
    oakland.write_text((FIXTURES / "longest-latin.toml").read_text(), encoding="utf-8")
    return riverside, oakland


def _build(*args: str) -> object:
    return CliRunner().invoke(cli, ["build", "--product", "card", "--lang", "es", *args])


def test_config_given_twice_builds_each_network_into_its_own_folder(tmp_path) -> None:
    riverside, oakland = _configs(tmp_path / "networks")
    out = tmp_path / "out"
    result = _build("--config", str(riverside), "--config", str(oakland), "--out", str(out))
    assert result.exit_code == 0, result.output
    for config in (riverside, oakland):
        folder = out / config.stem
        assert (folder / "card-es-letter.pdf").is_file()
        (entry,) = json.loads((folder / "manifest.json").read_text())
        assert entry["config"] == config.name
        assert entry["config_sha256"] == hashlib.sha256(config.read_bytes()).hexdigest()
        assert entry["kyr_version"] and entry["content_version"]
    assert not (out / "card-es-letter.pdf").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_network_prints_its_own_hotline_on_the_same_piece(tmp_path, jobs) -> None:
    riverside, oakland = _configs(tmp_path / "networks")
    out = tmp_path / "out"
    result = _build("--config", str(riverside), "--config", str(oakland), "--lang", "ar",
                    "--out", str(out), "--jobs", jobs)  # fmt: skip
    assert result.exit_code == 0, result.output
    for config, hotline in ((riverside, "(213) 241-4011"), (oakland, "(510) 241-4011")):
        for code in ("es", "ar"):
            back = page_text(out / config.stem / f"card-{code}-letter.pdf", 1)
            assert hotline in back, (config.name, code)


def test_a_folder_of_configs_builds_every_network_in_it(tmp_path) -> None:
    _configs(tmp_path / "networks")
    out = tmp_path / "out"
    result = _build("--config", str(tmp_path / "networks"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["oakland", "riverside"]


def test_one_config_builds_straight_into_the_output_folder(tmp_path) -> None:
    riverside, _ = _configs(tmp_path / "networks")
    result = _build("--config", str(riverside), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "card-es-letter.pdf").is_file()


def test_a_broken_second_network_stops_the_run_before_anything_is_written(tmp_path) -> None:
    riverside, oakland = _configs(tmp_path / "networks")
    oakland.write_text(RIVERSIDE.replace("(213) 241-4011", "call us"), encoding="utf-8")
    out = tmp_path / "out"
    result = _build("--config", str(riverside), "--config", str(oakland), "--out", str(out))
    assert result.exit_code == ExitStatus.CONFIG
    assert "oakland.toml:5: key 'hotline.number'" in result.output
    assert not out.exists()


def test_two_configs_with_the_same_file_name_are_refused(tmp_path) -> None:
    first, _ = _configs(tmp_path / "a")
    second, _ = _configs(tmp_path / "b")
    result = _build("--config", str(first), "--config", str(second), "--out", str(tmp_path / "o"))
    assert result.exit_code == ExitStatus.CONFIG
    assert "same file name" in result.output
