"""Files, read and written safely. Reading files that may come from someone else (a
templates folder, a configuration, a manifest, a cache): only regular files, only inside
their folder, never more than a size cap, and never waiting on a FIFO or a device; one
read (`read_file`, `read_file_text`) says why not in one line.
Writing source files (catalogs, the registry, a configuration): each replaced in one
step, synced, with Ctrl-C held off while the renames happen. A whole output folder is
written by `kyr.output.folder` on top of these."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from kyr.errors import OutputError


class FileProblem(Exception):
    """Why a file may not be read: one line, for the caller to say where it came from."""


class _TooLarge(FileProblem):
    pass


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


#: Every file read through `read_regular` in this process, by path: what a build read,
#: stamped by kyr.cache.noop_builds to know when running it again would change nothing.
READ_PATHS: set[str] = set()


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, a regular file of at most `max_bytes`. A FIFO, a device or a
    folder is refused without reading (and without waiting for a writer); so is a larger
    file. OSError for a file that is missing or cannot be opened."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    READ_PATHS.add(os.path.abspath(path))
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not a regular file")
        if info.st_size > max_bytes:
            raise _TooLarge(f"larger than {max_bytes:,} bytes")
        os.set_blocking(handle, True)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(handle, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # it grew while we read
            raise _TooLarge(f"larger than {max_bytes:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(handle)


class MissingFile(FileProblem):
    """The file is not there (a FileProblem, for callers to whom that is no different)."""


def read_file(path: Path, max_bytes: int, what: str) -> bytes:
    """`read_regular`, each way it can fail as a FileProblem worded for a user, with
    `what` the file is: "configuration not found" (a MissingFile), "cannot be a
    configuration: not a regular file", "too large for a configuration (over 64 KiB)",
    "cannot read the configuration: Permission denied". The one bounded read of kyr."""
    try:
        return read_regular(path, max_bytes)
    except FileNotFoundError:
        raise MissingFile(f"{what} not found") from None
    except OSError as error:
        raise FileProblem(f"cannot read the {what}: {error.strerror or error}") from None
    except FileProblem as problem:
        if isinstance(problem, _TooLarge):
            raise FileProblem(f"too large for a {what} (over {_size(max_bytes)})") from None
        raise FileProblem(f"cannot be a {what}: {problem}") from None


def read_file_text(path: Path, max_bytes: int, what: str) -> str:
    """`read_file` as UTF-8 text; FileProblem "not UTF-8 text (byte 12)" when it is not."""
    data = read_file(path, max_bytes, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileProblem(f"not UTF-8 text (byte {error.start})") from None


def _size(count: int) -> str:
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count % size == 0:
            return f"{count // size} {unit}"
    return f"{count:,} bytes"


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


# -- writing: each file replaced in one step --


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_synced(path: Path, data: bytes, mode: int) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, mode)


def sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def cannot_write(error: OSError, fallback: Path) -> OutputError:
    where = error.filename or fallback
    return OutputError(f"cannot write to {where}: {error.strerror or error}")


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the renames are done (SIGKILL cannot: the journal
    is for that)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # not the main thread, or no such call
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_files_atomically(files: dict[Path, bytes]) -> None:
    """Write source files (catalogs, the registry, a configuration), each replaced in one
    step. All data is staged first, so a failure while staging (a full disk, a read-only
    folder, Ctrl-C) leaves every old file untouched and no temporary file behind."""
    for target in files:
        if target.is_dir():
            raise OutputError(f"cannot write {target}: a folder of that name is in the way")
    staged: list[tuple[Path, Path]] = []
    mode = 0o666 & ~umask()
    try:
        try:
            for target, data in files.items():
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
                os.close(handle)
                os.unlink(name)
                staged.append((Path(name), target))
                write_synced(Path(name), data, mode)
            with signals_held():
                for temporary, target in staged:
                    os.replace(temporary, target)
        finally:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
    except OSError as error:
        raise cannot_write(error, next(iter(files), Path("."))) from None
