"""When text does not fit: say which string it was, so a translator can fix it. The text
that sticks out of a box is traced back to the catalog entry (file, line, msgid) that
printed it, or to the configuration key, or to the English source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kyr.config.community import Community
from kyr.content.pieces import Piece
from kyr.errors import RenderError
from kyr.i18n.catalogs import Translations, display_path, read_catalog
from kyr.i18n.languages import Language
from kyr.render.fit import Overflow

# Characters kyr or the renderer put inside printed strings (soft hyphens, zero-width
# spaces), and runs of white space, do not count when matching text to its source.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060]|\\*\\*")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


@dataclass(frozen=True)
class Culprit:
    """Where the text that did not fit came from."""

    where: str  # 'locales/es/LC_MESSAGES/messages.po:57', "the configuration's name"
    what: str  # msgid "…", or the configured text
    language: Language | None = None


def _msgid_line(language: Language, msgid: str) -> int | None:
    try:
        message = read_catalog(language.catalog_path).get(msgid)
    except Exception:  # the catalog was read once already; a line number is a courtesy
        return None
    return message.lineno if message is not None else None


def _short(text: str, limit: int = 60) -> str:
    text = _plain(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entries_printing(
    text: str, languages: Sequence[Language], translations: Sequence[Translations]
) -> list[tuple[Language, str, str]]:
    """(language, msgid, msgstr) of catalog entries whose translation contains `text`."""
    needle = _plain(text).removeprefix("… ")[:40]
    if len(needle) < 2:
        return []
    pairs = [
        (language, msgid, msgstr)
        for language, catalog in zip(languages, translations, strict=True)
        for msgid, msgstr in catalog.messages.items()
    ]
    # A whole string first: a short text ("Hotline") also occurs inside longer ones.
    whole = [pair for pair in pairs if _plain(pair[2]) == needle]
    if whole or len(needle) < 8:
        return whole
    return [pair for pair in pairs if needle in _plain(pair[2])]


def find_culprit(
    fragment: str,
    box_texts: Sequence[str],
    languages: Sequence[Language],
    translations: Sequence[Translations],
    community: Community,
) -> Culprit | None:
    """The catalog entry that made a box overflow, or the configured text that did.

    Text that overflows a box's foot is the box's last text, but the string to shorten is
    the one translated longest for its English: of the entries printed in the box, the one
    with the largest ratio of translation to source length (a translator who lengthened
    one string finds it named, not the innocent string after it)."""
    entries = {
        (language.code, msgid): (language, msgid, msgstr)
        for text in (*box_texts, fragment)
        for language, msgid, msgstr in _entries_printing(text, languages, translations)
    }
    if entries:
        language, msgid, _ = max(
            entries.values(), key=lambda entry: len(_plain(entry[2])) / max(1, len(entry[1]))
        )
        line = _msgid_line(language, msgid)
        path = display_path(language.catalog_path)
        where = f"{path}:{line}" if line else path
        return Culprit(where, f'msgid "{_short(msgid)}"', language)
    needle = _plain(fragment).removeprefix("… ")[:40]
    configured = {
        "name": community.name,
        "hotline.label": community.hotline_label,
        **{f"resources[{i}].name": r.name for i, r in enumerate(community.resources)},
    }
    for key, value in configured.items():
        if needle and (needle in _plain(value) or _plain(value) in needle):
            return Culprit(f"the configuration's {key}", f'"{_short(value)}"')
    return None


def fit_failure_message(
    asked_for: str,
    overflow: Overflow,
    smallest_pt: float,
    culprit: Culprit | None,
) -> str:
    """One line: the product the user asked for, what did not fit, and where it came from."""
    how = f"{overflow.by_mm} mm too long" if overflow.by_mm is not None else "cut off"
    box = f"({overflow.where}, {how} at {smallest_pt}pt, the smallest size)"
    if culprit is None:
        return f'{asked_for}: text does not fit: "{_short(overflow.text)}" {box}'
    if culprit.language is not None:
        name = culprit.language.english_name
        return (
            f"{asked_for}: the {name} translation does not fit: {culprit.where}: "
            f"{culprit.what} {box}; shorten that translation"
        )
    return f"{asked_for}: {culprit.where} does not fit: {culprit.what} {box}"


class TextDoesNotFit(RenderError):
    """A piece's text overflows even at its smallest size. Turned into a message naming
    the piece the user asked for (a sheet, not the card inside it) by `Builder.render`."""

    def __init__(self, piece: Piece, overflow: Overflow) -> None:
        super().__init__(f"{piece.label}: text does not fit: {overflow.describe()}")
        self.piece = piece
        self.overflow = overflow
