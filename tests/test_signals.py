"""Ctrl-C at any moment of a parallel build prints one line and exits 130; a worker killed
mid-job is named as such, with what to do, and nothing is written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kyr.errors import ExitStatus

from .conftest import error_lines

LANGS = ("es", "ar", "vi", "ko", "tl", "fa", "ru", "fr", "pt", "ht", "hi", "zh-Hans")


def start_build(out: Path, cache: Path, langs: tuple[str, ...] = LANGS) -> subprocess.Popen:
    args = [sys.executable, "-m", "kyr", "build", "--product", "card-sheet", "--jobs", "2",
            "--force", "--out", str(out)]  # fmt: skip
    for code in langs:
        args += ["--lang", code]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}  # nothing remembered: a long build
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=env)  # fmt: skip


def wait_until(done: Callable[[], object], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done():
        time.sleep(0.05)


def short_tmp_path() -> Path:
    """A temporary folder with a short path: a worker server's socket path has a limit."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="kyr-"))


def build_with_its_worker_server(root: Path) -> tuple[subprocess.Popen, Path]:
    """A long build caching under `root`, once its worker server listens, and the folder
    its worker server's socket is in (`$XDG_CACHE_HOME/kyr/run/`)."""
    build = start_build(root / "out", root / "cache")
    run = root / "cache" / "kyr" / "run"
    wait_until(lambda: list(run.glob("pymp-*/listener-*")))
    return build, run


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def is_fork_server(pid: int) -> bool:
    try:
        return b"multiprocessing.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("delay", [0.3, 1.0])
def test_ctrl_c_early_in_a_parallel_build_is_one_line(delay, tmp_path) -> None:
    build = start_build(tmp_path / "out", tmp_path / "cache")
    time.sleep(delay)
    os.killpg(build.pid, signal.SIGINT)  # what a terminal does: the whole group
    _, stderr = build.communicate(timeout=60)
    # 130, or killed by the SIGINT itself (a shell shows both as $? = 130): rarely, the
    # interpreter is already finishing when the signal lands.
    assert build.returncode in (ExitStatus.INTERRUPTED, -signal.SIGINT), stderr
    assert error_lines(stderr) == ["kyr: error: stopped (Ctrl-C or SIGTERM)"], stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_worker_is_named_and_nothing_is_written(tmp_path) -> None:
    build = start_build(tmp_path / "out", tmp_path / "cache")
    deadline = time.monotonic() + 30
    killed = False
    while time.monotonic() < deadline and not killed:
        # workers are the fork server's children, forked: the same command line
        servers = [pid for pid in descendants(build.pid) if is_fork_server(pid)]
        workers = [pid for server in servers for pid in descendants(server)
                   if is_fork_server(pid)]  # fmt: skip
        if workers:
            time.sleep(0.3)  # at work on a job
            try:
                os.kill(workers[0], signal.SIGKILL)
                killed = True
            except ProcessLookupError:
                continue  # it had just ended: take another
        time.sleep(0.05)
    assert killed, "no worker to kill"
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == ExitStatus.ERROR
    (line,) = error_lines(stderr)
    assert "a worker process was killed while rendering" in line and "--jobs 1" in line
    assert "internal error" not in line
    assert not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_builds_temporary_folder_is_removed_by_the_next_build() -> None:
    tmp_path = short_tmp_path()
    build, run = build_with_its_worker_server(tmp_path)
    assert list(run.glob("pymp-*")), "the worker server's folder is kyr's, not /tmp's"
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate(timeout=60)
    left = list(run.glob("pymp-*"))
    assert left, "SIGKILL skips clean-up"
    again = start_build(tmp_path / "out", tmp_path / "cache")
    wait_until(lambda: not any(p.exists() for p in left))
    os.killpg(again.pid, signal.SIGKILL)
    again.communicate(timeout=60)
    assert not any(p.exists() for p in left)
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_cache_too_deep_for_a_socket_leaves_the_server_in_tmp(tmp_path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    build = start_build(tmp_path / "out", deep, LANGS[:2])
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_another_kyr_starting_leaves_a_running_builds_worker_server_alone() -> None:
    """A second kyr (a build in another terminal, `kyr serve`) cleans up only the folders
    of runs that ended: it never touches a running build's worker server."""
    from kyr.build import pool

    tmp_path = short_tmp_path()
    build, run = build_with_its_worker_server(tmp_path)
    (folder,) = run.glob("pymp-*")
    assert folder.name.startswith(f"pymp-{build.pid}-")
    assert not pool._stale(folder)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr
    assert pool._stale(folder) or not folder.exists()
    shutil.rmtree(tmp_path, ignore_errors=True)
