"""`manifest.json`: one entry per PDF in an output folder, saying what it is and its
sha256. Read with a size bound; entries that do not name a PDF in the folder itself
(another folder, `../`, not a string) are dropped rather than carried forward."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kyr.errors import OutputError
from kyr.files import FileProblem, read_regular

MANIFEST = "manifest.json"
#: Far above any real manifest (a few hundred bytes per PDF); a bigger file is not ours.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: Far above any PDF kyr writes (a 40-language sheet is a few MB).
MAX_PDF_BYTES = 256 * 1024 * 1024


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
    #: Hash of everything the PDF was made from (kyr.build.run.inputs_digests): a later build
    #: with the same inputs leaves the file alone.
    inputs_sha256: str = ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: What kyr writes: PDFs, the messages' text (kyr.content.messages), and images to share
#: with their alt text (kyr.build.images).
OUTPUT_SUFFIXES = (".pdf", ".txt", ".md", ".png")


def files_count(names: Collection[str]) -> str:
    """How a build line counts `names`: "1 PDF", "3 PDFs", or "5 files" when some are
    not PDFs (messages' text)."""
    what = "PDF" if all(name.endswith(".pdf") for name in names) else "file"
    return f"{len(names)} {what}{'s' * (len(names) != 1)}"


def is_output_name(name: object) -> bool:
    """True for a plain `*.pdf` (or message `*.txt`, `*.md`, image `*.png`) file name, as
    kyr writes them: no folder, no `..`."""
    return (
        isinstance(name, str)
        and name.endswith(OUTPUT_SUFFIXES)
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
    )


_HEX64 = re.compile(r"[0-9a-f]{64}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9+._-]{0,99}")  # product ids, language tags
_TEXT_LIMIT = 300
#: Each key of an entry: its type and what makes a value valid.
_FIELDS: dict[str, tuple[type | tuple[type, ...], Callable[[Any], bool], str]] = {
    "product": (str, lambda v: bool(_NAME.fullmatch(v)), "a product id"),
    "lang": (str, lambda v: all(_NAME.fullmatch(t) for t in v.split("+")), "language tags"),
    # A message has no paper, no pages and no type size: "", 0 and 0; an image no paper.
    "paper": (str, lambda v: not v or bool(_NAME.fullmatch(v)), "a paper name"),
    "path": (str, is_output_name, "a PDF's file name in the folder"),
    "pages": (int, lambda v: 0 <= v <= 10_000, "a page count from 0 to 10000"),
    "sha256": (str, lambda v: bool(_HEX64.fullmatch(v)), "64 lowercase hex digits"),
    "font_size_pt": ((int, float), lambda v: 0 <= v <= 500, "a type size in points"),
    "reviewed": (bool, lambda v: True, "true or false"),
    "config": (str, lambda v: len(v) <= _TEXT_LIMIT, "a file name"),
    "config_sha256": (str, lambda v: not v or bool(_HEX64.fullmatch(v)), "64 hex digits"),
    "kyr_version": (str, lambda v: len(v) <= _TEXT_LIMIT, "a version"),
    "content_version": (str, lambda v: len(v) <= _TEXT_LIMIT, "a version"),
    "inputs_sha256": (str, lambda v: not v or bool(_HEX64.fullmatch(v)), "64 hex digits"),
}
_REQUIRED = ("product", "lang", "paper", "path", "pages", "sha256", "font_size_pt", "reviewed")


def entry_problem(entry: object) -> str | None:
    """Why `entry` is not a manifest entry kyr wrote (a key missing, unknown, or of the
    wrong type or form), or None."""
    if not isinstance(entry, dict):
        return "not a {...} entry"
    for key in _REQUIRED:
        if key not in entry:
            return f"key '{key}' missing"
    for key, value in entry.items():
        if key not in _FIELDS:
            return f"unknown key {str(key)[:40]!r}"
        kind, valid, meaning = _FIELDS[key]
        wrong_type = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if wrong_type or not valid(value):
            return f"key '{key}' must be {meaning}, not {json.dumps(value)[:40]}"
    return None


def load_manifest(out_dir: Path) -> tuple[list[dict], list[str]]:
    """The manifest's valid entries, and what is wrong with it ("manifest.json: entry 3:
    key 'pages' must be …"): nothing when there is no manifest. OutputError when it
    cannot be read at all (a folder, a FIFO, unreadable)."""
    path = out_dir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return [], []
    try:
        raw = read_regular(path, MAX_MANIFEST_BYTES)
    except OSError as error:
        raise OutputError(f"cannot read {path}: {error.strerror}") from None
    except FileProblem as refused:
        if "larger" in str(refused):
            return [], [f"{path}: {refused}: not a kyr manifest"]
        raise OutputError(f"cannot update {path}: {refused}") from None
    try:
        entries = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
        return [], [f"{path}: not a JSON manifest ({str(error)[:80]}): build again to rewrite it"]
    if not isinstance(entries, list):
        return [], [f"{path}: not a list of entries: build again to rewrite it"]
    valid, problems, seen = [], [], set()
    for index, entry in enumerate(entries, start=1):
        problem = entry_problem(entry)
        if problem is None and entry["path"] in seen:
            problem = f"{entry['path']} listed twice"
        if problem:
            problems.append(f"{path}: entry {index}: {problem}")
        else:
            seen.add(entry["path"])
            valid.append(entry)
    return valid, problems


def read_manifest(out_dir: Path) -> list[dict]:
    """The manifest's valid entries. A garbled manifest or entry is left out, so the
    next build rewrites it; a manifest that cannot be read at all is an OutputError."""
    return load_manifest(out_dir)[0]


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


def read_output(path: Path) -> bytes:
    """A file of an output folder (a PDF, a message's text): a regular file of at most
    MAX_PDF_BYTES (OSError or FileProblem otherwise)."""
    return read_regular(path, MAX_PDF_BYTES)


def manifest_mismatches(out_dir: Path) -> list[str]:
    """What makes the folder differ from its manifest: a manifest that does not parse, a
    bad entry, a listed PDF missing or altered, a PDF that no entry lists."""
    entries, problems = load_manifest(out_dir)
    for entry in entries:
        path = out_dir / entry["path"]
        try:
            actual = sha256(read_output(path))
        except FileNotFoundError:
            problems.append(f"{path}: listed in {MANIFEST} but missing")
            continue
        except (OSError, FileProblem) as error:
            problems.append(f"{path}: cannot be checked ({error})")
            continue
        if actual != entry["sha256"]:
            problems.append(f"{path}: sha256 differs from {MANIFEST}")
    listed = {entry["path"] for entry in entries}
    unlisted = sorted(
        p.name for p in out_dir.glob("*.pdf") if is_output_name(p.name) and p.name not in listed
    )
    problems += [f"{out_dir / name}: not listed in {MANIFEST}" for name in unlisted]
    return problems
