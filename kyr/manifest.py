"""`manifest.json`: one entry per PDF in an output folder, saying what it is and its
sha256. Read with a size bound; entries that do not name a PDF in the folder itself
(another folder, `../`, not a string) are dropped rather than carried forward."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from kyr.errors import OutputError

MANIFEST = "manifest.json"
#: Far above any real manifest (a few hundred bytes per PDF); a bigger file is not ours.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


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
    #: Hash of everything the PDF was made from (kyr.build.inputs_digests): a later build
    #: with the same inputs leaves the file alone.
    inputs_sha256: str = ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_output_name(name: object) -> bool:
    """True for a plain `*.pdf` file name, as kyr writes them: no folder, no `..`."""
    return (
        isinstance(name, str)
        and name.endswith(".pdf")
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
    )


def read_manifest(out_dir: Path) -> list[dict]:
    """The manifest's entries. A garbled manifest (not JSON, not a list) counts as
    empty, so the build rewrites it; one that cannot be read at all is an OutputError."""
    path = out_dir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return []
    if not path.is_file():
        raise OutputError(f"cannot update {path}: it is not a file")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_MANIFEST_BYTES + 1)
    except OSError as error:
        raise OutputError(f"cannot read {path}: {error.strerror}") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        return []
    try:
        entries = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError
        return []
    return (
        [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []
    )


def merged_manifest(previous: list[dict], new: Iterable[ManifestEntry], out_dir: Path) -> bytes:
    """This build's entries plus earlier ones whose PDFs are still in the folder, by path."""
    entries = {
        entry["path"]: entry
        for entry in previous
        if is_output_name(entry.get("path")) and (out_dir / entry["path"]).is_file()
    }
    for entry in new:
        entries[entry.path] = asdict(entry)
    ordered = [entries[key] for key in sorted(entries)]
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def manifest_mismatches(out_dir: Path) -> list[str]:
    """PDFs listed in the manifest that are missing or whose sha256 differs."""
    problems = []
    for entry in read_manifest(out_dir):
        name = entry.get("path")
        if not is_output_name(name):
            continue
        path = out_dir / str(name)
        try:
            actual = sha256(path.read_bytes())
        except OSError:
            problems.append(f"{path}: listed in {MANIFEST} but missing")
            continue
        if actual != entry.get("sha256"):
            problems.append(f"{path}: sha256 differs from {MANIFEST}")
    return problems
