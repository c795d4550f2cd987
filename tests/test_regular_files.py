"""Files that may come from someone else are read only when they are regular files of
bounded size inside their folder: a FIFO never hangs kyr, /dev/zero is never read."""

from __future__ import annotations

import os
import shutil
import signal
import time

import pytest

from kyr import paths
from kyr.cache_files import read_json
from kyr.errors import ExitStatus
from kyr.files import FileProblem, name_inside, read_regular

from .conftest import error_lines, run_kyr


@pytest.fixture(autouse=True)
def never_hang():
    """A read that blocks fails the test after 20 s instead of hanging the suite."""

    def stop(*_):
        raise TimeoutError("blocked on a read")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(FileProblem, match="not a regular file"):
        read_regular(tmp_path / "fifo", 1000)


def test_a_link_to_a_device_is_refused(tmp_path) -> None:
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    with pytest.raises(FileProblem, match="not a regular file"):
        read_regular(tmp_path / "zero.pdf", 1000)


def test_a_file_over_the_cap_is_refused(tmp_path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 1001)
    with pytest.raises(FileProblem, match="larger than 1,000 bytes"):
        read_regular(tmp_path / "big", 1000)
    assert read_regular(tmp_path / "big", 1001) == b"x" * 1001


@pytest.mark.parametrize(
    ("name", "reason"),
    [("/etc/passwd", "absolute"), ("../x", "climbs out"), ("a/../../x", "climbs out"),
     ("out", "leads out"), ("", "not a file name")],
)  # fmt: skip
def test_a_name_must_stay_inside_its_folder(name, reason, tmp_path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "out").symlink_to(tmp_path)
    with pytest.raises(FileProblem, match=reason):
        name_inside(folder, name)


def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path) -> None:
    (tmp_path / "real.css").write_text("")
    (tmp_path / "alias.css").symlink_to(tmp_path / "real.css")
    assert name_inside(tmp_path, "alias.css") == (tmp_path / "real.css").resolve()


def test_a_fifo_as_a_catalog_is_one_line(tmp_path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), locales)
    po = locales / "es" / "LC_MESSAGES" / "messages.po"
    po.unlink()
    os.mkfifo(po)
    result = run_kyr("--locales", str(locales), "build", "--product", "card", "--lang", "es",
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == ExitStatus.CATALOG
    (line,) = error_lines(result.stderr)
    assert "messages.po" in line and "not a regular file" in line


def test_a_fifo_as_a_cache_file_counts_as_no_cache(tmp_path) -> None:
    os.mkfifo(tmp_path / "sizes.json")
    assert read_json(tmp_path / "sizes.json", 1000) is None


def test_a_fifo_as_the_products_registry_is_one_line(tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    (templates / "products.toml").unlink()
    os.mkfifo(templates / "products.toml")
    result = run_kyr("--templates", str(templates), "products")
    assert result.returncode != 0
    (line,) = result.stderr.splitlines()
    assert "products.toml" in line  # "not a kyr templates folder (no products.toml in it)"


def test_a_fifo_as_the_configuration_is_one_line(tmp_path) -> None:
    os.mkfifo(tmp_path / "kyr.toml")
    result = run_kyr("build", "--config", str(tmp_path / "kyr.toml"), "--out",
                     str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == ExitStatus.CONFIG
    (line,) = result.stderr.splitlines()
    assert "kyr.toml: cannot be a configuration: not a regular file" in line


def test_a_fifo_as_the_build_journal_is_dropped_without_waiting_for_a_writer(tmp_path) -> None:
    from kyr.output.folder import JOURNAL, finish_interrupted

    os.mkfifo(tmp_path / JOURNAL)
    start = time.monotonic()
    assert finish_interrupted(tmp_path) == []
    assert time.monotonic() - start < 5  # not stopped by `never_hang`'s alarm
    assert not (tmp_path / JOURNAL).exists()


def test_a_fifo_as_the_configuration_of_kyr_serve_is_one_error_at_once(tmp_path) -> None:
    from kyr.errors import ConfigError
    from kyr.web.form import form_from_file

    os.mkfifo(tmp_path / "kyr.toml")
    start = time.monotonic()
    with pytest.raises(ConfigError, match=r"kyr\.toml: cannot be a configuration: not a regular"):
        form_from_file(tmp_path / "kyr.toml")
    assert time.monotonic() - start < 5  # not stopped by `never_hang`'s alarm
