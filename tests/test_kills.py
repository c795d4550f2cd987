"""Kills at random points: an output folder never holds a mix of two builds that the next
build or `kyr verify` cannot see, and no worker outlives its parent (make test-slow)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kyr.output.folder import JOURNAL, finish_interrupted, output_problems
from kyr.output.manifest import read_manifest

from .conftest import error_lines

pytestmark = pytest.mark.slow

FILES = 30
#: Writes one generation of FILES fake PDFs through kyr's writer, each write slowed.
WRITER = """
import sys, time
from pathlib import Path
import kyr.output.folder as output
import kyr.files as kyr_files
from kyr.output.manifest import ManifestEntry, sha256

real_write, real_replace = kyr_files.write_synced, output.os.replace
def slow_write(path, data, mode):
    time.sleep(0.004)
    real_write(path, data, mode)
def slow_replace(source, target):
    time.sleep(0.004)
    real_replace(source, target)
kyr_files.write_synced = slow_write
output.os.replace = slow_replace
out, generation = Path(sys.argv[1]), sys.argv[2]
files = {f"p{i:02d}.pdf": f"{generation} {i}".encode() * 50 for i in range(int(sys.argv[3]))}
entries = [ManifestEntry("card", "en", "letter", n, 1, sha256(d), 7.0, False)
           for n, d in files.items()]
print("ready", flush=True)
output.write_outputs([output.FolderWrite(out, files, entries)])
"""


def write_generation(out: Path, generation: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(out), generation, str(FILES)],
        stdout=subprocess.PIPE,
        text=True,
    )


def generations(out: Path) -> set[str]:
    return {path.read_bytes().split()[0].decode() for path in out.glob("p*.pdf")}


def test_a_build_killed_at_any_point_leaves_old_files_new_files_or_a_journal(tmp_path) -> None:
    out = tmp_path / "out"
    assert write_generation(out, "old").wait(60) == 0
    rng = random.Random(10)
    outcomes = {"old": 0, "new": 0, "journal": 0}
    for run in range(24):
        process = write_generation(out, f"new{run}")
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.45))  # staging takes ~0.15 s, the renames ~0.15 s
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        found = generations(out)
        if (out / JOURNAL).exists():
            outcomes["journal"] += 1
            assert output_problems(out), "an interrupted build must be visible"
            finish_interrupted(out)  # what the next build does first
            assert generations(out) == {f"new{run}"}
        elif found == {f"new{run}"}:
            outcomes["new"] += 1
        else:
            outcomes["old"] += 1
            assert len(found) == 1, found  # never a mix without a journal
        assert output_problems(out) == [], output_problems(out)
        assert len(read_manifest(out)) == FILES
    print(f"kill outcomes over 24 runs: {outcomes}")
    assert outcomes["journal"] > 0  # the kills did land inside the renames too


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _start_parallel_build(out: Path) -> tuple[subprocess.Popen, list[int]]:
    languages = [arg for code in ("es", "ar", "vi", "ko") for arg in ("--lang", code)]
    process = subprocess.Popen(
        [sys.executable, "-m", "kyr", "build", "--jobs", "2", "--out", str(out), *languages],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _workers(process.pid)
    assert len(workers) == 2, "the build did not start two workers"
    servers = [pid for pid in _children(process.pid) if "forkserver" in _cmdline(pid)]
    time.sleep(1.0)  # the workers are rendering now
    return process, workers + servers


def _workers(parent: int) -> list[int]:
    """The build's worker processes: forked from its worker server (Linux, macOS), or
    spawned by the build itself."""
    found = []
    for child in _children(parent):
        if "forkserver" in _cmdline(child):
            found += _children(child)
        elif "spawn_main" in _cmdline(child):
            found.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_workers_do_not_outlive_their_parent(tmp_path, signum) -> None:
    process, workers = _start_parallel_build(tmp_path / "out")
    process.send_signal(signum)
    process.wait(10)
    try:
        assert _gone_within(workers, 3), "a worker (or the worker server) outlived the build"
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_to_the_parent_alone_stops_the_workers_within_two_seconds(tmp_path) -> None:
    process, workers = _start_parallel_build(tmp_path / "out")
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(10)
    assert time.monotonic() - started < 2.0
    assert process.returncode == 130
    assert process.stderr is not None and len(error_lines(process.stderr.read())) == 1
    assert _gone_within(workers, 2)
