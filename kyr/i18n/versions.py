"""The English wording of each content version, and what changed between two.

Each content version's template catalog is kept as `locales/versions/<version>.pot`, a
copy of `locales/messages.pot` as it was when that version was current (`kyr i18n
extract` keeps the current one in step) and packed into the wheel, so an installed kyr
answers `kyr i18n diff OLD NEW` without git.

A string is *changed* rather than removed and added when the old and the new string are
one edit of the other. The pairing, decided once here:
1. a removed and an added string that carry the same translator note (`#.`), when no
   other removed or added string carries it;
2. then, the most alike remaining pairs first, a removed and an added string whose
   difflib ratio is at least `CHANGED_RATIO`, or one of which holds the whole other
   (a sentence added to a line; at least `KEPT_LENGTH` characters kept).
Everything left over is added or removed."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kyr import CONTENT_VERSION, paths
from kyr.errors import UnknownNameError, one_line
from kyr.i18n.catalogs import message_id, read_catalog

#: How alike (difflib's ratio) an old and a new string must be to count as one changed.
CHANGED_RATIO = 0.6
#: A string kept whole inside a longer new one is that string changed, from this length.
KEPT_LENGTH = 20
VERSIONS_FOLDER = "versions"
CHANGELOG_FILE = "CHANGES.md"


@dataclass(frozen=True)
class Wording:
    """One English string of a version: its text, translator note and template files."""

    text: str
    note: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    old: Wording
    new: Wording


@dataclass(frozen=True)
class VersionDiff:
    old_version: str
    new_version: str
    added: tuple[Wording, ...]
    changed: tuple[Change, ...]
    removed: tuple[Wording, ...]


def versions_dir() -> Path:
    """The snapshots of the catalogs folder in use; kyr's own when it has none (a
    network's `--locales` folder starts without)."""
    folder = paths.locales_dir() / VERSIONS_FOLDER
    if folder.is_dir():
        return folder
    return paths.data_root() / "locales" / VERSIONS_FOLDER


def snapshot_path(version: str = CONTENT_VERSION, folder: Path | None = None) -> Path:
    return (folder or versions_dir()) / f"{version}.pot"


def changelog_path() -> Path:
    return paths.locales_dir() / CHANGELOG_FILE


def version_key(version: str) -> tuple[int, ...]:
    """Version "2026.12.1" → (2026, 12, 1): versions sort by their numbers, not as text."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def known_versions(folder: Path | None = None) -> list[str]:
    """The versions with a snapshot, oldest first."""
    folder = folder or versions_dir()
    names = [path.stem for path in folder.glob("*.pot")] if folder.is_dir() else []
    return sorted(names, key=version_key)


def _checked(version: str, known: list[str]) -> str:
    if version not in known:
        listed = ", ".join(known) or "none"
        raise UnknownNameError(f"unknown content version '{version}' (known: {listed})")
    return version


def wording(version: str, folder: Path | None = None) -> dict[str, Wording]:
    """A version's English strings by msgid (plural entries: singular / plural)."""
    _checked(version, known_versions(folder))
    strings: dict[str, Wording] = {}
    for message in read_catalog(snapshot_path(version, folder)):
        if not message.id:
            continue
        plural = isinstance(message.id, (list, tuple))
        text = " / ".join(message.id) if plural else message_id(message)
        files = tuple(dict.fromkeys(location for location, _line in message.locations))
        strings[text] = Wording(text, " ".join(message.auto_comments), files)
    return strings


def _unique_notes(strings: Iterable[Wording]) -> dict[str, Wording]:
    by_note: dict[str, list[Wording]] = {}
    for string in strings:
        if string.note:
            by_note.setdefault(string.note, []).append(string)
    return {note: found[0] for note, found in by_note.items() if len(found) == 1}


def likeness(old: str, new: str) -> float:
    """How alike two strings are, 0 to 1: difflib's ratio, or 1 when one is kept whole
    in the other."""
    shorter, longer = sorted((old, new), key=len)
    if len(shorter) >= KEPT_LENGTH and shorter in longer:
        return 1.0
    return difflib.SequenceMatcher(None, old, new).ratio()


def pair_changes(
    removed: list[Wording], added: list[Wording]
) -> tuple[list[Change], list[Wording], list[Wording]]:
    """The changed strings among removed and added ones (see the module's docstring), and
    the strings left removed and added."""
    changes: list[Change] = []
    old_notes, new_notes = _unique_notes(removed), _unique_notes(added)
    for note, old in old_notes.items():
        if note in new_notes:
            changes.append(Change(old, new_notes[note]))
    paired_old = {change.old.text for change in changes}
    paired_new = {change.new.text for change in changes}
    candidates = sorted(
        (
            (likeness(old.text, new.text), index_old, index_new)
            for index_old, old in enumerate(removed)
            if old.text not in paired_old
            for index_new, new in enumerate(added)
            if new.text not in paired_new
        ),
        key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
    )
    for ratio, index_old, index_new in candidates:
        old, new = removed[index_old], added[index_new]
        if ratio < CHANGED_RATIO:
            break
        if old.text in paired_old or new.text in paired_new:
            continue
        changes.append(Change(old, new))
        paired_old.add(old.text)
        paired_new.add(new.text)
    changes.sort(key=lambda change: added.index(change.new))
    left_removed = [old for old in removed if old.text not in paired_old]
    left_added = [new for new in added if new.text not in paired_new]
    return changes, left_removed, left_added


def diff_versions(old_version: str, new_version: str, folder: Path | None = None) -> VersionDiff:
    """What changed in the English between two content versions. UnknownNameError (exit 5)
    for a version without a snapshot, listing the known ones."""
    known = known_versions(folder)
    old = wording(_checked(old_version, known), folder)
    new = wording(_checked(new_version, known), folder)
    removed = [string for text, string in old.items() if text not in new]
    added = [string for text, string in new.items() if text not in old]
    changed, removed, added = pair_changes(removed, added)
    return VersionDiff(old_version, new_version, tuple(added), tuple(changed), tuple(removed))


def previous_version(version: str, folder: Path | None = None) -> str | None:
    known = known_versions(folder)
    index = known.index(_checked(version, known))
    return known[index - 1] if index else None


def _where(string: Wording) -> str:
    return ", ".join(string.files) or "no template"


def _quoted(text: str) -> str:
    return '"' + one_line(text) + '"'


def summary(diff: VersionDiff) -> str:
    return (
        f"{diff.old_version} → {diff.new_version}: {len(diff.added)} added, "
        f"{len(diff.changed)} changed, {len(diff.removed)} removed"
    )


def text_lines(diff: VersionDiff) -> list[str]:
    """The diff for a terminal: a summary, then one line a string (+ added, ~ changed,
    - removed) with the templates it prints from."""
    lines = [summary(diff)]
    lines += [f"+ {_quoted(new.text)}  [{_where(new)}]" for new in diff.added]
    lines += [
        f"~ {_quoted(change.old.text)} → {_quoted(change.new.text)}  [{_where(change.new)}]"
        for change in diff.changed
    ]
    lines += [f"- {_quoted(old.text)}  [{_where(old)}]" for old in diff.removed]
    return lines


def _markdown_text(text: str) -> str:
    """A string as a Markdown code span: the English's own `**` shown as they are."""
    fence = "``" if "`" in text else "`"
    return f"{fence}{one_line(text)}{fence}"


def markdown_lines(diff: VersionDiff) -> list[str]:
    """The diff as a section of the wording changelog."""
    lines = [
        f"## {diff.new_version} (from {diff.old_version})",
        "",
        f"{len(diff.added)} added, {len(diff.changed)} changed, {len(diff.removed)} removed.",
    ]
    sections = (
        ("Added", [f"- {_markdown_text(s.text)} ({_where(s)})" for s in diff.added]),
        (
            "Changed",
            [
                f"- {_markdown_text(c.old.text)}\n"
                f"  → {_markdown_text(c.new.text)} ({_where(c.new)})"
                for c in diff.changed
            ],
        ),
        ("Removed", [f"- {_markdown_text(s.text)} ({_where(s)})" for s in diff.removed]),
    )
    for title, items in sections:
        if items:
            lines += ["", f"### {title}", "", *items]
    return lines


CHANGELOG_HEAD = (
    "# Wording changes by content version",
    "",
    "<!-- generated from locales/versions/*.pot by `kyr i18n extract` "
    "(or `kyr i18n diff --changelog`); do not edit -->",
    "",
    "The English strings added, changed and removed in each content version (the version",
    "printed on every piece). A changed string is one edit of an old one: the same",
    "translator note, or mostly the same words (`kyr/i18n/versions.py`). Translators: the",
    "changed strings are the ones marked fuzzy (needs work) in your catalog.",
)


def changelog(folder: Path | None = None) -> str:
    """The wording changelog: newest version first, each against the one before."""
    known = known_versions(folder)
    lines = list(CHANGELOG_HEAD)
    for old, new in reversed(list(itertools.pairwise(known))):
        lines += ["", *markdown_lines(diff_versions(old, new, folder))]
    if known:
        first = known[0]
        count = len(wording(first, folder))
        lines += ["", f"## {first}", "", f"The first recorded version: {count} strings."]
    return "\n".join(lines) + "\n"


def write_current_snapshot() -> list[Path]:
    """Copy locales/messages.pot to the current version's snapshot and regenerate the
    changelog from the snapshots (what `kyr i18n extract` does after writing the
    template); the files written."""
    from kyr.files import write_files_atomically
    from kyr.i18n.catalogs import template_catalog_path

    folder = paths.locales_dir() / VERSIONS_FOLDER
    snapshot = snapshot_path(CONTENT_VERSION, folder)
    folder.mkdir(exist_ok=True)
    write_files_atomically({snapshot: template_catalog_path().read_bytes()})
    write_files_atomically({changelog_path(): changelog(folder).encode()})
    return [snapshot, changelog_path()]
