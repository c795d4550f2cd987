"""Builds with nothing to do, remembered by the stamps of what they read.

A `kyr build` run again with nothing changed reads its configuration, the catalogs,
templates, fonts and kyr's code, and every output file, hashes them, and finds every
piece unchanged: about 0.4 s, mostly imports. After a build, kyr remembers what such a
run would print, with the stamp (size, modification and change times, inode) of every
file and folder that run read. The next identical command whose stamps all match prints
the same lines without importing the build at all.

Anything that could change the answer changes a stamp or the key: an edited catalog,
template, font, configuration or output file (its times and size), a file added to or
removed from a folder that was read (the folder's times), a package installed or
upgraded (site-packages' times), another command line, working folder, data folder or
Python. A stamp that does not match just means the full check runs, as before."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from kyr import paths
from kyr.cache_files import read_json, write_json
from kyr.files import READ_PATHS

MEMO_FILE = "noop-builds.json"
#: Commands remembered (the most recent); each is a few kilobytes of stamps.
MAX_ENTRIES = 32
MAX_MEMO_BYTES = 8 * 1024 * 1024

Stamp = list[int] | None


def memo_file() -> Path:
    return paths.cache_dir() / MEMO_FILE


def stamp(path: str) -> Stamp:
    """What changes when the file or folder does; None when it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def command_key(command: str, *parts: object) -> str:
    """The key of one command as given: its options and where it runs from."""
    here = os.path.abspath(paths.working_folder())
    where = [sys.executable, sys.version, here, repr(paths.data_dirs())]
    text = json.dumps([command, where, [repr(part) for part in parts]])
    return hashlib.sha256(text.encode()).hexdigest()


def start_reading() -> None:
    """From here on, what this process reads is the command's (a process that ran other
    commands before, as tests do, forgets theirs)."""
    READ_PATHS.clear()


def replay(key: str) -> list[list[str]] | None:
    """The lines (stream, text) the remembered command printed, when every stamp it read
    still matches; else None."""
    memo = read_json(memo_file(), MAX_MEMO_BYTES)
    entry = memo.get(key) if isinstance(memo, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("stamps"), dict):
        return None
    if any(stamp(path) != value for path, value in entry["stamps"].items()):
        return None
    lines = entry.get("lines")
    valid = isinstance(lines, list) and all(
        isinstance(line, list) and len(line) == 2 and line[0] in ("out", "err")
        and all(isinstance(part, str) for part in line)
        for line in lines
    )  # fmt: skip
    return lines if valid else None


def read_set(extra: Iterable[str | Path] = ()) -> list[str]:
    """What a build's answer rests on: every file this process read
    (kyr.files.READ_PATHS) and the folders holding them (a template or catalog added),
    `extra` paths (the configurations, the outputs and manifests: their folders may
    change freely), `./kyr.toml` (one appearing replaces the sample) and site-packages
    (a package installed). Not kyr's own cache, which changes on every build."""
    from kyr.config.choice import LOCAL_NAME

    cache = str(paths.cache_dir().resolve())
    given = {os.path.abspath(paths.working_folder() / path) for path in extra}
    read = {path for path in READ_PATHS if not path.startswith(cache)}
    folders = {os.path.dirname(path) for path in read - given}
    here = os.path.abspath(paths.working_folder() / LOCAL_NAME)
    packages = {sysconfig.get_paths()["purelib"], *_layout_libraries()}
    return sorted(read | given | folders | packages | {here})


def _layout_libraries() -> set[str]:
    """The Pango and HarfBuzz this process loaded (their versions are in the digest): a
    system upgrade replaces the files. Linux's /proc only; elsewhere site-packages."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            lines = maps.read().splitlines()
    except OSError:
        return set()
    fields = (line.split(None, 5) for line in lines)
    return {
        parts[5] for parts in fields
        if len(parts) == 6 and ("libpango" in parts[5] or "libharfbuzz" in parts[5])
    }  # fmt: skip


def remember(key: str, stamps: dict[str, Stamp], lines: list[list[str]]) -> None:
    """Remember the command `key` as printing `lines` while every path of `stamps` is as
    it was then."""
    memo = read_json(memo_file(), MAX_MEMO_BYTES)
    memo = memo if isinstance(memo, dict) else {}
    memo.pop(key, None)
    memo[key] = {"stamps": stamps, "lines": lines}
    while len(memo) > MAX_ENTRIES:
        memo.pop(next(iter(memo)))
    write_json(memo_file(), memo)
