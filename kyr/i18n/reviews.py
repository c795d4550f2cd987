"""Reviews per string, tied to the words reviewed: who read a translation against its
English, when, and which English and which translation they read. Kept in the `.po`
itself, one translator comment per reviewed entry (Poedit and Weblate keep translator
comments as they are; a custom flag would be dropped by Poedit):

    # reviewed: Ana Reyes 2026-12-07 en:1a2b3c4d5e6f tr:9c8d7e6f5a4b

`en` and `tr` are the first 12 hex digits of the SHA-256 of the msgid and of the msgstr
(UTF-8; plural forms joined by NUL). A review counts only while both still match: an
English string changed by `kyr i18n update`, or a translation edited after the review,
makes that translation a draft again. A language is reviewed when every printed string
(every msgid of messages.pot) has a review that counts."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from kyr import paths
from kyr.i18n.catalogs import message_id, read_catalog
from kyr.i18n.languages import Language

REVIEW = re.compile(
    r"reviewed: (?P<by>\S.*?) (?P<on>\d{4}-\d{2}-\d{2}) "
    r"en:(?P<english>[0-9a-f]{12}) tr:(?P<translation>[0-9a-f]{12})"
)
#: Babel wraps a comment longer than the catalogs' width (88): a name that fits keeps
#: each review on one line (a wrapped one is read too).
MAX_REVIEWER_CHARS = 88 - len("reviewed:  2026-12-07 en:123456789012 tr:123456789012")


@dataclass(frozen=True)
class Review:
    by: str
    on: str
    english: str  # digest of the msgid reviewed
    translation: str  # digest of the msgstr reviewed


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]


def _parts(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def english_digest(message: Message) -> str:
    return _digest(_parts(message.id))


def translation_digest(message: Message) -> str:
    return _digest(_parts(message.string or ""))


def is_translated(message: Message) -> bool:
    """Printed from its translation: neither fuzzy nor (in any form) empty."""
    strings = _parts(message.string or "")
    return bool(message.id) and not message.fuzzy and all(strings)


def _review_spans(comments: list[str]) -> list[tuple[int, int, re.Match[str]]]:
    """Where reviews are among `comments`, as (first, end, match): a review that a tool
    wrapped at a narrower width (Babel's and xgettext's default is 76) spans lines."""
    spans = []
    for first, comment in enumerate(comments):
        if not comment.startswith("reviewed: "):
            continue
        for end in range(first + 1, min(first + 4, len(comments)) + 1):
            match = REVIEW.fullmatch(" ".join(comments[first:end]))
            if match:
                spans.append((first, end, match))
                break
    return spans


def reviews(message: Message) -> list[Review]:
    """The reviews recorded on `message`, current or not."""
    return [Review(**match.groupdict()) for *_, match in _review_spans(message.user_comments)]


def current_review(message: Message) -> Review | None:
    """The review of exactly the words `message` now holds, if any."""
    if not is_translated(message):
        return None
    english, translation = english_digest(message), translation_digest(message)
    for review in reversed(reviews(message)):
        if review.english == english and review.translation == translation:
            return review
    return None


def record_review(message: Message, by: str, on: str) -> None:
    """Sign `message`'s current words: its review comment replaces any earlier one."""
    comment = f"reviewed: {by} {on} en:{english_digest(message)} tr:{translation_digest(message)}"
    comments = list(message.user_comments)
    for first, end, _ in reversed(_review_spans(comments)):
        del comments[first:end]
    message.user_comments = [*comments, comment]


def reviewed_msgids(catalog: Catalog) -> frozenset[str]:
    """The msgids whose translation in `catalog` is reviewed against its current English."""
    return frozenset(
        message_id(message) for message in catalog if message.id and current_review(message)
    )


@dataclass(frozen=True)
class ReviewStatus:
    reviewed: int  # printed strings with a review that counts
    total: int  # printed strings

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total


def review_status(
    language: Language, msgids: Iterable[str], catalog: Catalog | None = None
) -> ReviewStatus:
    """How many of the printed `msgids` `language`'s catalog (its file, or `catalog`) has
    reviewed against their current English. English, the source, is reviewed by
    definition."""
    wanted = tuple(msgids)
    if language.is_source:
        return ReviewStatus(len(wanted), len(wanted))
    if catalog is not None:
        done = reviewed_msgids(catalog)
        return ReviewStatus(sum(msgid in done for msgid in wanted), len(wanted))
    path = language.catalog_path
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, -1)  # read_catalog reports it
    reviewed = _reviewed_in(path, stamp)
    return ReviewStatus(sum(msgid in reviewed for msgid in wanted), len(wanted))


@paths.data_cache
def _reviewed_in(path: Path, stamp: tuple[int, int]) -> frozenset[str]:
    return reviewed_msgids(read_catalog(path))
