"""Writing results so that a folder holds every new file or none, even when kyr is
killed. In each output folder, under a lock (`.kyr-build.lock`, so two builds into one
folder take turns and neither loses manifest entries; removed when the build ends):

1. every file, the manifest last, is written and synced into a private staging folder
   made inside the output folder (`.kyr-staging-XXXX/`, so renames stay on one disk);
2. a journal, `.kyr-build.json`, lists each file and its sha256 (written atomically);
3. the files are renamed into place, then the journal and the staging folder go.

Killed before 2, nothing changed: the next build removes the staging folder. Killed
during 3, the journal is still there: the next build (or `kyr verify --repair`) finishes
the renames before it does anything else, and `kyr verify` reports it meanwhile.
Ctrl-C and SIGTERM are held off during 2 and 3, and clean up staging before."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kyr import files
from kyr.errors import OutputError
from kyr.output.manifest import (
    MANIFEST,
    ManifestEntry,
    is_output_name,
    manifest_mismatches,
    merged_manifest,
    read_manifest,
    sha256,
)

JOURNAL = ".kyr-build.json"
LOCK = ".kyr-build.lock"
STAGING_PREFIX = ".kyr-staging-"
MAX_JOURNAL_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FolderWrite:
    """A build's files for one output folder (by file name) and their manifest entries."""

    out_dir: Path
    files: dict[str, bytes]
    entries: list[ManifestEntry]


@contextlib.contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold `out_dir`'s build lock (waiting for another build into it to finish)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds are not serialized
        yield
        return
    path = out_dir / LOCK
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666 & ~files.umask())
        except OSError as error:
            raise files.cannot_write(error, out_dir) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except BaseException:
            os.close(handle)
            raise
        if _same_file(handle, path):
            break
        os.close(handle)  # the build before removed it while we waited: lock the new one
    try:
        yield
    finally:
        # The folder is left as the build found it (no lock file to upload with it). A
        # build waiting on this file sees it gone and locks a new one.
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(handle)  # releases the lock


def _same_file(handle: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(handle), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _read_journal(out_dir: Path) -> dict | None:
    path = out_dir / JOURNAL
    if not path.exists():
        return None
    try:
        with path.open("rb") as stream:
            journal = json.loads(stream.read(MAX_JOURNAL_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        journal = None
    files = journal.get("files") if isinstance(journal, dict) else None
    staging = journal.get("staging") if isinstance(journal, dict) else None
    valid = (
        isinstance(staging, str)
        and staging.startswith(STAGING_PREFIX)
        and "/" not in staging
        and isinstance(files, list)
        and all(
            isinstance(f, dict)
            and (is_output_name(f.get("path")) or f.get("path") == MANIFEST)
            and isinstance(f.get("sha256"), str)
            for f in files
        )
    )
    if not valid:
        # Not a journal kyr wrote (planted, or cut short on a failing disk): nothing can be
        # finished from it. It goes; the manifest's hashes then show which PDFs are not
        # what they claim, and the next build makes those again.
        path.unlink(missing_ok=True)
        return None
    return journal


def finish_interrupted(out_dir: Path) -> list[str]:
    """Complete a build into `out_dir` that was killed while renaming (from its journal),
    and remove staging left by one killed earlier. Returns the files put in place.
    Call with the folder's lock held."""
    journal = _read_journal(out_dir)
    finished = []
    if journal is not None:
        staging = out_dir / journal["staging"]
        for item in journal["files"]:
            staged, target = staging / item["path"], out_dir / item["path"]
            if staged.is_file():
                os.replace(staged, target)
                finished.append(item["path"])
            elif not target.is_file() or sha256(target.read_bytes()) != item["sha256"]:
                raise OutputError(
                    f"{out_dir / JOURNAL}: cannot finish the interrupted build "
                    f"({item['path']} is neither staged nor in place); delete the journal "
                    "and build again"
                )
        files.sync_folder(out_dir)
        (out_dir / JOURNAL).unlink()
    for leftover in out_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return finished


def output_problems(out_dir: Path) -> list[str]:
    """Why `out_dir` may not hold one build's files: an unfinished build, or PDFs that
    differ from the manifest. Empty: the folder is consistent."""
    problems = []
    if (out_dir / JOURNAL).exists():
        problems.append(
            f"{out_dir}: a build was interrupted while writing; run `kyr build` again or "
            "`kyr verify --repair`"
        )
    return problems + manifest_mismatches(out_dir)


def _stage(write: FolderWrite) -> tuple[Path, list[tuple[str, str]]]:
    """Write the folder's files and its merged manifest (last) into a new staging
    folder; the (name, sha256) of each."""
    manifest = merged_manifest(read_manifest(write.out_dir), write.entries, write.out_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=write.out_dir))
    mode = 0o666 & ~files.umask()
    listed = []
    try:
        for name, data in [*write.files.items(), (MANIFEST, manifest)]:
            files.write_synced(staging / name, data, mode)
            listed.append((name, sha256(data)))
        files.sync_folder(staging)
    except BaseException:  # a full disk, Ctrl-C, SIGTERM: no staging left behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, listed


def _commit(out_dir: Path, staging: Path, listed: list[tuple[str, str]]) -> None:
    journal = {
        "staging": staging.name,
        "files": [{"path": name, "sha256": digest} for name, digest in listed],
    }
    temporary = staging / JOURNAL
    files.write_synced(temporary, json.dumps(journal, indent=1).encode(), 0o644)
    os.replace(temporary, out_dir / JOURNAL)
    files.sync_folder(out_dir)
    finish_interrupted(out_dir)


def write_outputs(writes: list[FolderWrite]) -> None:
    """Write every folder's files and manifest: every file lands, or none (see the
    module's docstring for how a kill is survived)."""
    folders = sorted({write.out_dir for write in writes})
    for write in writes:
        for name in [*write.files, MANIFEST]:
            target = write.out_dir / name
            if target.is_dir():
                raise OutputError(f"cannot write {target}: a folder of that name is in the way")
    with contextlib.ExitStack() as stack:
        try:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
                stack.enter_context(folder_lock(folder))
                finish_interrupted(folder)
            staged: list[tuple[Path, Path, list[tuple[str, str]]]] = []
            try:
                for write in writes:
                    staging, listed = _stage(write)
                    staged.append((write.out_dir, staging, listed))
                with files.signals_held():
                    for out_dir, staging, listed in staged:
                        _commit(out_dir, staging, listed)
            finally:
                for _, staging, _ in staged:  # left only if staging or the commit failed
                    shutil.rmtree(staging, ignore_errors=True)
        except OSError as error:
            raise files.cannot_write(error, folders[0] if folders else Path(".")) from None
