"""Writing results: every file lands whole or not at all (temporary file, then rename),
and the manifest records what each PDF is."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from kyr.errors import KyrError

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    product: str
    lang: str
    paper: str
    path: str
    pages: int
    sha256: str
    font_size_pt: float
    reviewed: bool
    #: Which configuration made it (file name and sha256), with which kyr and content.
    config: str = ""
    config_sha256: str = ""
    kyr_version: str = ""
    content_version: str = ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _temporary_beside(target: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files_atomically(files: dict[Path, bytes]) -> None:
    """Write all files, each replaced in one step. All data is staged first, so a failure
    while staging (a full disk, a read-only folder) leaves every old file untouched."""
    for target in files:
        if target.is_dir():
            raise KyrError(f"cannot write {target}: a folder of that name is in the way")
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_temporary_beside(target, data), target))
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise KyrError(
            f"cannot write to {error.filename or 'the output folder'}: {error.strerror}"
        ) from None
    try:
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:  # rare: checked above; clean up what was not moved
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise KyrError(f"cannot write {error.filename}: {error.strerror}") from None


def read_manifest(out_dir: Path) -> list[dict]:
    path = out_dir / MANIFEST
    if not path.exists():
        return []
    if not path.is_file():
        raise KyrError(f"cannot update {path}: it is not a file")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return []
    return entries if isinstance(entries, list) else []


def merged_manifest(previous: list[dict], new: Iterable[ManifestEntry], out_dir: Path) -> bytes:
    """This build's entries plus earlier ones whose files are still there, by path."""
    entries = {
        entry["path"]: entry
        for entry in previous
        if isinstance(entry, dict) and "path" in entry and (out_dir / entry["path"]).exists()
    }
    for entry in new:
        entries[entry.path] = asdict(entry)
    ordered = [entries[key] for key in sorted(entries)]
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
