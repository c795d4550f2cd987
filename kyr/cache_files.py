"""kyr's cache files (`kyr.paths.cache_dir()`): JSON read with a size bound and written
atomically. A cache that cannot be read counts as empty; one that cannot be written
only costs time the next run."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kyr.files import FileProblem, read_regular


def read_json(path: Path, max_bytes: int) -> Any:
    """The file's JSON value; None for a missing, unreadable, oversized or malformed file."""
    try:
        return json.loads(read_regular(path, max_bytes))
    except (OSError, ValueError, RecursionError, FileProblem):
        return None


def write_json(path: Path, value: Any) -> bool:
    """Replace the file with `value` as JSON in one step; nothing is left half-written.
    False when it could not be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(value, stream, ensure_ascii=False, separators=(",", ":"))
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
