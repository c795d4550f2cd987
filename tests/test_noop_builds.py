"""A build run again with nothing changed says so at once (kyr.cache.noop_builds): the
same lines as the full check, without it, and never when anything it read has changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kyr.build import networks
from kyr.cache.noop_builds import MEMO_FILE

from .conftest import copy_project, run_kyr

CARD = ("build", "--product", "card", "--lang", "es")


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def full_check_is_not_run(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build ran")

    monkeypatch.setattr(networks, "build_networks", refuse)


def test_a_build_run_again_says_what_the_full_check_says_without_running_it(
    own_cache, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "out"
    assert run_kyr(*CARD, "--out", str(out)).returncode == 0
    (own_cache / "kyr" / MEMO_FILE).unlink()
    checked = run_kyr(*CARD, "--out", str(out))  # the full check, remembered again
    assert "1 PDF in" in checked.stdout and "unchanged" in checked.stdout

    with monkeypatch.context() as patched:
        full_check_is_not_run(patched)
        again = run_kyr(*CARD, "--out", str(out))
    assert again.returncode == 0
    assert (again.stdout, again.stderr) == (checked.stdout, checked.stderr)


def test_the_first_run_after_a_build_is_remembered_too(own_cache, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert "wrote 1 PDF" in run_kyr(*CARD, "--out", str(out)).stdout
    full_check_is_not_run(monkeypatch)
    assert "1 PDF in" in run_kyr(*CARD, "--out", str(out)).stdout


def test_a_remembered_build_imports_no_rendering(own_cache, tmp_path) -> None:
    out = tmp_path / "out"
    run_kyr(*CARD, "--out", str(out))
    script = (
        "import sys\nfrom kyr.cli.main import main\n"
        f"try:\n    main([*{CARD!r}, '--out', {str(out)!r}])\n"
        "except SystemExit as end:\n    assert not end.code, end.code\n"
        "print('loaded:', sorted(m for m in ('kyr.build.run', 'jinja2', 'weasyprint')"
        " if m in sys.modules))\n"
    )
    again = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert "1 PDF in" in again.stdout and "loaded: []" in again.stdout


def test_an_edited_catalog_builds_that_language_again(own_cache, tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    run_kyr(*CARD, "--out", str(out), cwd=project)
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Conozca sus derechos"', 'msgstr "Conozca SUS derechos"'))
    assert "wrote 1 PDF" in run_kyr(*CARD, "--out", str(out), cwd=project).stdout


@pytest.mark.parametrize("change", ["deleted", "altered", "touched"])
def test_an_output_changed_by_hand_is_checked_again(own_cache, tmp_path, change) -> None:
    out = tmp_path / "out"
    run_kyr(*CARD, "--out", str(out))
    pdf = out / "card-es-letter.pdf"
    data = pdf.read_bytes()
    if change == "deleted":
        pdf.unlink()
    elif change == "altered":  # the same size, one byte other
        pdf.write_bytes(data[:-8] + bytes([data[-8] ^ 1]) + data[-7:])
    else:
        pdf.touch()
    again = run_kyr(*CARD, "--out", str(out))
    assert again.returncode == 0
    if change == "touched":  # checked in full: the same bytes, so unchanged
        assert "1 PDF in" in again.stdout
    else:
        assert "wrote 1 PDF" in again.stdout
        assert pdf.read_bytes() == data


def test_a_kyr_toml_put_in_the_folder_is_used_at_once(own_cache, tmp_path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    first = run_kyr(*CARD, cwd=folder)
    assert "shipped sample" in first.stderr
    sample = (Path(__file__).parents[1] / "examples" / "sample-community.toml").read_text()
    (folder / "kyr.toml").write_text(sample.replace("Example Rapid Response", "Fresno Rights"))
    again = run_kyr(*CARD, cwd=folder)
    assert "Fresno Rights" in again.stderr and "wrote 1 PDF" in again.stdout


def test_another_command_or_force_is_never_answered_from_memory(
    own_cache, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "out"
    run_kyr(*CARD, "--out", str(out))
    assert "card (ar, letter)" in run_kyr(*CARD, "--lang", "ar", "--out", str(out)).stdout
    assert "[1/1] card (es, letter)" in run_kyr(*CARD, "--out", str(out), "--force").stdout
