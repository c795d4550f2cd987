"""The record a sharded build leaves (`kyr-shard.json` in its output folder: which share
it built and the whole build's file list) and `kyr manifest merge`, which joins the
shards' folders into one, checking that every planned PDF is there exactly once and
unaltered."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kyr.build.request import Shard
from kyr.cache.digest import digest_of
from kyr.errors import ExitStatus, KyrError, OutputError
from kyr.files import FileProblem, MissingFile, read_file, write_files_atomically
from kyr.output.folder import FolderWrite, write_outputs
from kyr.output.manifest import (
    MANIFEST,
    OUTPUT_SUFFIXES,
    ManifestEntry,
    load_manifest,
    read_output,
    sha256,
)

SHARD_RECORD = "kyr-shard.json"
MAX_RECORD_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ShardRecord:
    shard: Shard
    #: Every PDF of the whole build (all shards), relative to the output folder.
    planned: tuple[str, ...]

    @property
    def plan_sha256(self) -> str:
        return digest_of(sorted(self.planned))


def write_shard_record(out_dir: Path, shard: Shard, planned: Sequence[str]) -> None:
    record = {
        "shard": str(shard),
        "plan_sha256": ShardRecord(shard, tuple(planned)).plan_sha256,
        "planned": sorted(planned),
    }
    data = (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode()
    write_files_atomically({out_dir / SHARD_RECORD: data})


def read_shard_record(folder: Path) -> ShardRecord:
    from kyr.build.shards import parse_shard

    path = folder / SHARD_RECORD
    try:
        record = json.loads(read_file(path, MAX_RECORD_BYTES, "shard record"))
    except MissingFile:
        raise MergeError(
            f"{folder}: not a shard's folder (no {SHARD_RECORD}; build it with --shard I/N)"
        ) from None
    except (ValueError, RecursionError, FileProblem) as error:
        raise MergeError(f"{path}: cannot be read ({error})") from None
    planned = record.get("planned") if isinstance(record, dict) else None
    shard = record.get("shard") if isinstance(record, dict) else None
    if (
        not isinstance(shard, str)
        or not isinstance(planned, list)
        or not all(isinstance(name, str) and _safe_relative(name) for name in planned)
    ):
        raise MergeError(f"{path}: not a kyr shard record")
    try:
        return ShardRecord(parse_shard(shard), tuple(planned))
    except KyrError:
        raise MergeError(f"{path}: not a kyr shard record (shard {shard!r})") from None


class MergeError(KyrError):
    def __init__(self, message: str) -> None:
        super().__init__(message, ExitStatus.OUTPUT)


def _safe_relative(name: str) -> bool:
    parts = name.split("/")
    return (
        name.endswith(OUTPUT_SUFFIXES)
        and 1 <= len(parts) <= 2
        and all(part and part not in (".", "..") and "\\" not in part for part in parts)
    )


def merge_shards(folders: Sequence[Path], out_dir: Path) -> list[str]:
    """Join the shards' folders into `out_dir` (PDFs and a manifest per network folder).
    Every shard 1..N must be given once, every planned PDF be in exactly one of them,
    listed in its manifest and unaltered; otherwise nothing is written. Each network's
    folder is then written atomically (one at a time, to bound memory on a national
    catalog: a merge stopped half-way is finished by running it again). Returns the
    files' names."""
    records = _shard_records(folders)
    found = _planned_entries(records)
    for name, (folder, entry) in found.items():  # every file checked before any is written
        _checked_bytes(folder / name, entry)
    by_folder: dict[str, list[str]] = {}
    for name in sorted(found):
        by_folder.setdefault(_folder_of(name), []).append(name)
    for subfolder, names in by_folder.items():  # one network's PDFs in memory at a time
        write = FolderWrite(out_dir / subfolder, {}, [])
        for name in names:
            folder, entry = found[name]
            write.files[Path(name).name] = _checked_bytes(folder / name, entry)
            write.entries.append(_entry(entry, folder / name))
        write_outputs([write])
    return sorted(found)


def _shard_records(folders: Sequence[Path]) -> dict[Path, ShardRecord]:
    """Each folder's shard record, checked: the same build, every shard 1..N once."""
    repeated = next((f for f in folders if list(folders).count(f) > 1), None)
    if repeated is not None:
        raise MergeError(f"{repeated} given twice")
    records = {folder: read_shard_record(folder) for folder in folders}
    first = next(iter(records.values()))
    count = first.shard.count
    by_index: dict[int, Path] = {}
    for folder, record in records.items():
        if record.shard.count != count or record.plan_sha256 != first.plan_sha256:
            raise MergeError(
                f"{folder}: shard {record.shard} is from another build than "
                f"{next(iter(records))} (shard {first.shard})"
            )
        if record.shard.index in by_index:
            raise MergeError(
                f"shard {record.shard} given twice: {by_index[record.shard.index]} and {folder}"
            )
        by_index[record.shard.index] = folder
    missing_shards = [str(i) for i in range(1, count + 1) if i not in by_index]
    if missing_shards:
        raise MergeError(f"shard(s) {', '.join(missing_shards)} of {count} not given")
    return records


def _planned_entries(records: dict[Path, ShardRecord]) -> dict[str, tuple[Path, dict]]:
    """Every planned PDF's shard folder and manifest entry: in exactly one shard."""
    first = next(iter(records.values()))
    found: dict[str, tuple[Path, dict]] = {}
    for folder in records:
        for subfolder in sorted({_folder_of(name) for name in first.planned}):
            entries, problems = load_manifest(folder / subfolder)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise MergeError(problems[0] + more)
            for entry in entries:
                name = f"{subfolder}/{entry['path']}" if subfolder else str(entry.get("path"))
                if name not in first.planned:
                    continue
                if name in found:
                    raise MergeError(f"{name} is in two shards: {found[name][0]} and {folder}")
                found[name] = (folder, entry)
    missing = [name for name in first.planned if name not in found]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise MergeError(f"{missing[0]}{more}: in no shard's manifest")
    return found


def _checked_bytes(path: Path, entry: dict) -> bytes:
    try:
        data = read_output(path)
    except FileNotFoundError:
        raise MergeError(f"{path}: listed in its shard's {MANIFEST} but missing") from None
    except (OSError, FileProblem) as error:
        raise MergeError(f"{path}: cannot be read ({error})") from None
    if sha256(data) != entry.get("sha256"):
        raise MergeError(f"{path}: altered (sha256 differs from its shard's {MANIFEST})")
    return data


def _folder_of(name: str) -> str:
    return name.rpartition("/")[0]


def _entry(entry: dict, where: Path) -> ManifestEntry:
    try:
        return ManifestEntry(**entry)
    except TypeError as error:
        raise OutputError(f"{where.parent / MANIFEST}: entry for {where.name}: {error}") from None
