"""Reading files that may come from someone else (a templates folder, a configuration, a
manifest, a cache): only regular files, only inside their folder, never more than a
size cap, and never waiting on a FIFO or a device."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath


class FileProblem(Exception):
    """Why a file may not be read: one line, for the caller to say where it came from."""


def name_inside(root: Path, name: str) -> Path:
    """The file `name` (relative, "/"-separated) of folder `root`, resolved; refused when
    it is absolute, climbs out with "..", or is a link that leads out of the folder."""
    if not name or "\\" in name or "\0" in name:
        raise FileProblem(f"{name!r} is not a file name inside the folder")
    relative = PurePosixPath(name)
    if relative.is_absolute():
        raise FileProblem(f"{name!r} is an absolute path; name a file inside the folder")
    if any(part == ".." for part in relative.parts):
        raise FileProblem(f"{name!r} climbs out of the folder ('..')")
    base = root.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise FileProblem(f"{name!r} is a link that leads out of the folder")
    return path


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, a regular file of at most `max_bytes`. A FIFO, a device or a
    folder is refused without reading (and without waiting for a writer); so is a larger
    file. OSError for a file that is missing or cannot be opened."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not a regular file")
        if info.st_size > max_bytes:
            raise FileProblem(f"larger than {max_bytes:,} bytes")
        os.set_blocking(handle, True)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(handle, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # it grew while we read
            raise FileProblem(f"larger than {max_bytes:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(handle)


def read_text(path: Path, max_bytes: int) -> str:
    """`read_regular` as UTF-8 text; FileProblem when it is not, OSError as there (a
    FileNotFoundError for a missing file)."""
    try:
        return read_regular(path, max_bytes).decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileProblem(f"not UTF-8 text (byte {error.start})") from None
    except FileNotFoundError:
        raise
    except OSError as error:
        raise FileProblem(error.strerror or str(error)) from None


def private_regular_file(path: Path) -> bool:
    """True when `path` itself (not a link) is a regular file of this user that nobody
    else can write: what a cache that holds code (compiled templates) may be read from."""
    return _private(path, stat.S_ISREG)


def is_private_folder(path: Path) -> bool:
    """True when `path` itself (not a link) is a folder of this user that nobody else can
    write."""
    return _private(path, stat.S_ISDIR)


def _private(path: Path, is_kind: Callable[[int], bool]) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return is_kind(info.st_mode) and info.st_uid == owner and not info.st_mode & 0o022
