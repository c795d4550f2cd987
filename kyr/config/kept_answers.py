"""The answers of a `kyr init` that could not write its file (a late check, a disk error,
Ctrl-C or end of input midway), kept so that the next `kyr init` of the same file offers
them as defaults, and removed once the file is written.

They are kept in kyr's cache folder (`~/.cache/kyr/init-answers-<hash>.json`, one file per
target), not beside the target: the target's folder is often the very thing that could
not be written (read-only, full, missing), and a network's folder, perhaps shared or
under version control, gets no stray file. The kept file is data: read with a size bound,
and anything but the shape written here is ignored with a one-line note."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyr import paths
from kyr.cache_files import read_json, write_json
from kyr.config.community import MAX_RESOURCES
from kyr.errors import one_line

#: The questions whose answers are kept, by name.
FIELDS = (
    "name", "country", "paper", "languages", "hotline", "hotline_label", "qr_url", "qr_label",
)  # fmt: skip
RESOURCE_PARTS = ("name", "kind", "phone", "url")
FORMAT = "kyr init answers"
VERSION = 1
MAX_BYTES = 64 * 1024
MAX_VALUE = 1000  # characters: far over any limit a configuration allows
_JOINERS = str.maketrans("", "", "\u200c\u200d")  # Persian and Indic names need them


@dataclass
class AnswerSheet:
    """Answers by question (as accepted: cleaned, checked), and the resources' answers
    (None: the resource questions were not reached)."""

    values: dict[str, str] = field(default_factory=dict)
    resources: list[dict[str, str]] | None = None

    def __bool__(self) -> bool:
        return bool(self.values) or bool(self.resources)

    def over(self, older: AnswerSheet) -> AnswerSheet:
        """These answers, with `older`'s for the questions not reached this time."""
        resources = self.resources if self.resources is not None else older.resources
        return AnswerSheet({**older.values, **self.values}, resources)


def kept_file(target: Path) -> Path:
    return paths.init_answers_file(target)


def keep_answers(target: Path, sheet: AnswerSheet) -> Path | None:
    """Keep `sheet` for the next `kyr init` of `target`; the file, or None when it could
    not be written."""
    path = kept_file(target)
    record = {
        "format": FORMAT,
        "version": VERSION,
        "file": str(target.resolve()),
        "answers": sheet.values,
        "resources": sheet.resources,
    }
    return path if write_json(path, record) else None


def forget_answers(target: Path) -> None:
    with contextlib.suppress(OSError):  # a stale file is offered again (or --fresh)
        kept_file(target).unlink(missing_ok=True)


def read_kept(target: Path) -> tuple[AnswerSheet | None, str | None]:
    """The answers kept for `target`, or None; and a one-line note when a kept file
    exists but is not what `keep_answers` writes (it is then ignored)."""
    path = kept_file(target)
    if not (path.exists() or path.is_symlink()):
        return None, None
    data = read_json(path, MAX_BYTES)
    problem = _problem(data, target)
    if problem:
        return None, f"ignoring {path}: not answers kept by kyr init ({problem})"
    resources = data["resources"]
    return AnswerSheet(dict(data["answers"]), None if resources is None else list(resources)), None


def _problem(data: Any, target: Path) -> str | None:
    """Why `data` is not a kept-answers record for `target`, or None."""
    if not isinstance(data, dict):
        return "unreadable, too large or not JSON"
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        return "unknown format"
    if data.get("file") != str(target.resolve()):
        return "kept for another file"
    if set(data) != {"format", "version", "file", "answers", "resources"}:
        return "unexpected keys"
    answers, resources = data["answers"], data["resources"]
    if not isinstance(answers, dict) or not set(answers) <= set(FIELDS):
        return "unexpected answers"
    if resources is not None and (
        not isinstance(resources, list)
        or len(resources) > MAX_RESOURCES
        or not all(isinstance(r, dict) and set(r) <= set(RESOURCE_PARTS) for r in resources)
    ):
        return "unexpected resources"
    values = [*answers.values(), *(v for r in resources or [] for v in r.values())]
    if not all(isinstance(v, str) and len(v) <= MAX_VALUE and _printable(v) for v in values):
        return "an answer that is not printable text"
    return None


def _printable(value: str) -> bool:
    """No control or invisible character: a kept answer is shown in the question."""
    plain = value.translate(_JOINERS)
    return one_line(plain) == plain
