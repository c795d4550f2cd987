"""`kyr i18n review`: sign a language's translations, string by string, in its `.po`
(see `reviews` for the comment), and keep the registry's summary of the last review
that left every printed string reviewed."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from kyr.errors import CatalogError, one_line
from kyr.i18n.catalogs import display_path, message_id, read_catalog, source_msgids
from kyr.i18n.reviews import MAX_REVIEWER_CHARS, ReviewStatus, is_translated, record_review


@dataclass(frozen=True)
class Recorded:
    signed: int  # strings whose review was recorded now
    status: ReviewStatus  # the language's review state afterwards


def _checked_reviewer(reviewer: str) -> str:
    reviewer = reviewer.strip()
    if not reviewer or any(unicodedata.category(char)[0] == "C" for char in reviewer):
        raise CatalogError(f"--by must be one line of text (got {reviewer!r})")
    if len(reviewer) > MAX_REVIEWER_CHARS:
        raise CatalogError(
            f"--by: at most {MAX_REVIEWER_CHARS} characters (it is written on each "
            "reviewed string's comment line)"
        )
    return " ".join(reviewer.split())


def _checked_date(date: str) -> str:
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        raise CatalogError(f"review date must be a real YYYY-MM-DD date (got {date!r})") from None
    if len(date) != 10:
        raise CatalogError(f"review date must be written YYYY-MM-DD (got {date!r})")
    return date


def _sign(
    catalog: Catalog, wanted: set[str], corrections: dict[str, str], reviewer: str, date: str
) -> int:
    """Sign every translated entry of `catalog` in `wanted` (corrected first when
    `corrections` has it), taking it out of `wanted`; returns how many were signed."""
    signed = 0
    for message in catalog:
        msgid = message_id(message) if message.id else ""
        if msgid in corrections and isinstance(message.id, str):
            message.string = corrections[msgid]
            message.flags.discard("fuzzy")
        if msgid in wanted and is_translated(message):
            record_review(message, reviewer, date)
            wanted.discard(msgid)
            signed += 1
    return signed


def record_reviews(
    code: str,
    reviewer: str,
    date: str,
    strings: tuple[str, ...] = (),
    corrections: Mapping[str, str] | None = None,
) -> Recorded:
    """Record that `reviewer` read `code`'s translation of `strings` (by default every
    translated printed string) against the current English on `date`; `corrections`
    (msgid: translation, each msgid among `strings`) replace a translation first, and
    the review is of the corrected words. The catalog is rewritten in one step, changed
    only by the review comments and corrections; when every printed string is then
    reviewed, the registry's reviewed_by/reviewed_on say so too."""
    from kyr.files import write_files_atomically
    from kyr.i18n import registry_edits as registry_file
    from kyr.i18n.languages import get_language, load_registry, registry_path
    from kyr.i18n.reviews import review_status
    from kyr.i18n.translators import catalog_bytes

    language = get_language(code)
    if language.is_source:
        raise CatalogError(f"'{code}' is the source text: there is no translation to review")
    reviewer, date = _checked_reviewer(reviewer), _checked_date(date)
    printed = source_msgids()
    path = language.catalog_path
    catalog = read_catalog(path)
    wanted = set(strings or printed)
    unknown = [s for s in strings if s not in printed]
    if unknown:
        raise CatalogError(f'no printed string "{one_line(unknown[0][:50])}" in messages.pot')
    signed = _sign(catalog, wanted, dict(corrections or {}), reviewer, date)
    if strings and wanted:
        shown = one_line(sorted(wanted)[0][:50])
        raise CatalogError(f'{display_path(path)}: "{shown}" is not translated: nothing to review')
    files = {path: catalog_bytes(catalog, include_previous=True)}
    status = review_status(language, printed, catalog)
    if status.complete:
        registry = registry_path()
        try:
            text = registry_file.set_language_fields(
                registry.read_text(encoding="utf-8"),
                language.code,
                {"reviewed_by": reviewer, "reviewed_on": date},
            )
        except KeyError:
            raise CatalogError(f"{registry.name}: no [[language]] table for '{code}'") from None
        files[registry] = text.encode("utf-8")
    write_files_atomically(files)
    load_registry.cache_clear()  # type: ignore[attr-defined]
    return Recorded(signed, status)


def record_answers(code: str, reviewer: str, date: str, path: Path) -> Recorded:
    """Record what a reviewer gave back in `path`: a review packet's answer sheet (its
    ok strings, its corrections copied in) or an edited copy of `code`'s catalog (every
    translated entry, changed translations copied in). A stale or malformed file is
    refused whole, naming the entry: the catalog is left untouched."""
    from kyr.i18n.languages import get_language
    from kyr.i18n.review_answers import read_answers

    language = get_language(code)
    if language.is_source:
        raise CatalogError(f"'{code}' is the source text: there is no translation to review")
    catalog = read_catalog(language.catalog_path)
    answers = read_answers(path, code, catalog, source_msgids())
    return record_reviews(code, reviewer, date, answers.strings, answers.corrections)
