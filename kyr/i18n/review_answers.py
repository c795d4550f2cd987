"""What a reviewer gives back (`kyr i18n review LANG --from FILE`): the packet's answer
sheet (`packet-LANG-answers.toml`, see `kyr.i18n.packet`) or an edited copy of the
language's `.po`, read into the strings to sign and the corrections to copy in first.
Every problem is one line naming the file and the entry (or line) and key; nothing is
recorded unless the whole file is fine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from kyr.errors import CatalogError, one_line
from kyr.i18n.catalogs import display_path, message_id, read_catalog
from kyr.i18n.reviews import english_digest, is_translated, translation_digest
from kyr.i18n.string_checks import string_problems
from kyr.toml_files import read_toml_file, refusing_with

#: An answer sheet is a few hundred KB at most.
MAX_ANSWERS_BYTES = 4 * 1024 * 1024
ENTRY_KEYS = {
    "number", "english", "translation", "english_digest", "translation_digest", "ok",
    "correction",
}  # fmt: skip


@dataclass(frozen=True)
class ReviewAnswers:
    """The printed strings a reviewer approved or corrected, and the corrections."""

    strings: tuple[str, ...]
    corrections: dict[str, str] = field(default_factory=dict)


def read_answers(path: Path, code: str, catalog: Catalog, printed: list[str]) -> ReviewAnswers:
    """The answers in `path`, an answer sheet (.toml) or an edited catalog (.po), for
    language `code`, whose current catalog is `catalog`."""
    if path.suffix == ".po":
        answers = _from_po(path, code, catalog, printed)
    elif path.suffix == ".toml":
        answers = _from_sheet(path, code, catalog, printed)
    else:
        raise CatalogError(
            f"{display_path(path)}: expected the packet's answers (.toml) or an edited "
            "catalog (.po)"
        )
    if not answers.strings:
        raise CatalogError(
            f"{display_path(path)}: no string is marked ok or corrected: nothing to record"
        )
    return answers


def _load_toml(path: Path) -> dict[str, Any]:
    refusal = refusing_with(CatalogError)
    _, file = read_toml_file(path, display_path(path), "answer sheet", refusal, MAX_ANSWERS_BYTES)
    return file.data


def _sheet_tables(path: Path, code: str) -> list[dict[str, Any]]:
    label = display_path(path)
    data = _load_toml(path)
    language = data.get("language")
    if language != code:
        raise CatalogError(
            f"{label}: language = {language!r}: this answer sheet is not for '{code}'"
        )
    tables = data.get("string", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise CatalogError(f"{label}: 'string' must be [[string]] tables, one per entry")
    return tables


def _entry_answer(
    label: str, where: str, table: dict[str, Any], by_digest: dict[str, Any]
) -> tuple[str, str | None] | None:
    """(msgid, correction or None) when the entry is answered, None when it is not."""
    unknown = sorted(set(table) - ENTRY_KEYS)
    if unknown:
        raise CatalogError(f"{label}: {where}: unknown key '{unknown[0]}'")
    ok, correction = table.get("ok", False), table.get("correction", "")
    if not isinstance(ok, bool):
        raise CatalogError(f"{label}: {where}, ok: must be true or false (got {ok!r})")
    if not isinstance(correction, str):
        raise CatalogError(f"{label}: {where}, correction: must be text in quotes")
    if not ok and not correction.strip():
        return None
    message = by_digest.get(str(table.get("english_digest", "")))
    if message is None:
        raise CatalogError(
            f"{label}: {where}, english_digest: the English has changed since this packet "
            "was made (or the entry was edited); make a new packet"
        )
    msgid = message_id(message)
    shown = f'{where} ("{one_line(msgid[:40])}")'
    if table.get("translation_digest") != translation_digest(message):
        raise CatalogError(
            f"{label}: {shown}, translation_digest: the translation has changed in the "
            "catalog since this packet was made; make a new packet"
        )
    if not correction.strip():
        if not is_translated(message):
            raise CatalogError(f"{label}: {shown}, ok: not translated: write a correction")
        return msgid, None
    if not isinstance(message.id, str):
        raise CatalogError(f"{label}: {shown}, correction: a plural entry: correct it in the .po")
    problems = string_problems(msgid, correction.strip())
    if problems:
        raise CatalogError(f"{label}: {shown}, correction: {problems[0]}")
    return msgid, correction.strip()


def _from_sheet(path: Path, code: str, catalog: Catalog, printed: list[str]) -> ReviewAnswers:
    label = display_path(path)
    wanted = set(printed)
    by_digest = {
        english_digest(message): message
        for message in catalog
        if message.id and message_id(message) in wanted
    }
    strings: dict[str, None] = {}
    corrections: dict[str, str] = {}
    for index, table in enumerate(_sheet_tables(path, code), start=1):
        where = f"entry {table.get('number', index)}"
        answer = _entry_answer(label, where, table, by_digest)
        if answer:
            msgid, correction = answer
            strings[msgid] = None
            if correction is not None:
                corrections[msgid] = correction
    return ReviewAnswers(tuple(strings), corrections)


def _from_po(path: Path, code: str, catalog: Catalog, printed: list[str]) -> ReviewAnswers:
    label = display_path(path)
    edited = read_catalog(path)
    if edited.locale and str(edited.locale) != code.replace("-", "_"):
        raise CatalogError(f"{label}: a catalog for '{edited.locale}', not '{code}'")
    wanted = set(printed)
    strings: list[str] = []
    corrections: dict[str, str] = {}
    for message in edited:
        if not message.id or not is_translated(message):
            continue
        msgid = message_id(message)
        where = f'{label}:{message.lineno}: "{one_line(msgid[:40])}"'
        if msgid not in wanted:
            raise CatalogError(f"{where} is not a printed string of messages.pot (an older copy?)")
        current = catalog.get(message.id)
        if current is None or current.string != message.string or not is_translated(current):
            if not isinstance(message.id, str) or not isinstance(message.string, str):
                raise CatalogError(f"{where}: a plural entry: edit it in the catalog itself")
            problems = string_problems(msgid, message.string)
            if problems:
                raise CatalogError(f"{where}: {problems[0]}")
            corrections[msgid] = message.string
        strings.append(msgid)
    return ReviewAnswers(tuple(strings), corrections)
