"""Gettext catalogs, read straight from the `.po` files that translators edit.

No compile step: a `.po` is checked line by line (Babel's reader silently accepts an
unterminated string), parsed with Babel, and served to Jinja2 as gettext callables."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from markupsafe import Markup, escape

from kyr import paths
from kyr.errors import CatalogError

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[[0-9]+\])?)\s+(".*)$')
_QUOTED = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set('\\"ntr')
#: Marks the key words of a line in the English and its translations: **DO NOT SIGN**.
EMPHASIS = "**"


def po_syntax_error(text: str) -> tuple[int, str] | None:
    """The first (line, problem) that makes `text` an invalid .po file, or None."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEYWORD.match(stripped)
        quoted = match.group(3) if match else stripped
        if not match and not stripped.startswith('"'):
            word = stripped.split()[0]
            return number, f"unexpected '{word}' (expected msgid, msgstr or a quoted string)"
        if not _QUOTED.match(quoted):
            return number, 'string is not closed with a double quote (")'
        for escaped in _ESCAPE.findall(quoted[1:-1]):
            if escaped not in _VALID_ESCAPES:
                return number, f"unknown escape '\\{escaped}'"
    return None


def template_catalog_path() -> Path:
    return paths.locales_dir() / "messages.pot"


def display_path(path: Path) -> str:
    """A path as users see it in messages (see `paths.display`)."""
    return paths.display(path)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; a syntax problem raises CatalogError naming file and line."""
    label = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{label}: catalog not found") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(f"{label}: not UTF-8 text (byte {error.start})") from None
    problem = po_syntax_error(text)
    if problem:
        raise CatalogError(f"{label}:{problem[0]}: {problem[1]}")
    try:
        return read_po(BytesIO(raw), locale=locale, abort_invalid=True)
    except PoFileError as error:
        raise CatalogError(f"{label}:{getattr(error, 'lineno', '?')}: {error}") from None
    except ValueError as error:
        raise CatalogError(f"{label}: {error}") from None


@dataclass(frozen=True)
class Translations:
    """Gettext callables over one catalog; untranslated or fuzzy entries fall back to the
    source text, and `fallbacks` records which msgids did so."""

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural_rule: object
    language: str
    keep_words: bool = False
    complete: bool = True  # False: some strings fall back to English
    direction: str = "ltr"
    fallback: Translations | None = None  # e.g. Persian for Dari, before English

    # Jinja2's new-style gettext marks whatever these return as safe HTML, so they
    # return escaped Markup: a translation can never inject markup into a page.
    def gettext(self, message: str) -> Markup:
        translated = self.messages.get(message)
        if translated:
            return self._markup(translated)
        return self._fallback(message)

    def _fallback(self, message: str) -> Markup:
        """Untranslated text comes from the fallback language, else English: marked with
        its language and direction, so it keeps its own order inside the other's text."""
        if self.language == "en":
            return _emphasised(message, keep_words=False)
        if self.fallback is not None and self.fallback.is_translated(message):
            inner = self.fallback.gettext(message)
            fallback = self.fallback
            return (
                Markup('<span lang="%s" dir="%s">')
                % (
                    fallback.language,
                    fallback.direction,
                )
                + inner
                + Markup("</span>")
            )
        english = _emphasised(message, keep_words=False)
        return Markup('<span lang="en" dir="ltr">') + english + Markup("</span>")

    def _markup(self, text: str) -> Markup:
        return _emphasised(text, self.keep_words)

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        forms = self.plurals.get(singular)
        if forms:
            index = self.plural_rule(n)  # type: ignore[operator]
            if 0 <= index < len(forms) and forms[index]:
                return self._markup(forms[index])
        return self._fallback(singular if n == 1 else plural)

    def is_translated(self, message: str) -> bool:
        return bool(self.messages.get(message)) or bool(self.plurals.get(message))


SOURCE = Translations({}, {}, lambda n: int(n != 1), "en")


def _words(text: str, keep_words: bool) -> Markup:
    if not keep_words:
        return escape(text)
    # WeasyPrint has no `word-break: keep-all`: keep each word on one line instead.
    words = (
        Markup('<span class="kw">%s</span>') % word if word else Markup("")
        for word in text.split(" ")
    )
    return Markup(" ").join(words)


def _emphasised(text: str, keep_words: bool) -> Markup:
    """Escaped text, with `**…**` (the key words of a line, which translators mark the
    same way) set as emphasis. Markers that do not pair up print as they are (`kyr i18n
    check` refuses them)."""
    parts = text.split(EMPHASIS)
    if len(parts) % 2 == 0:
        return _words(text, keep_words)
    pieces = []
    for index, part in enumerate(parts):
        words = _words(part, keep_words)
        pieces.append(Markup('<b class="em">%s</b>') % words if index % 2 else words)
    return Markup("").join(pieces)


def message_id(message) -> str:
    """A catalog entry's msgid (the singular one for plural entries)."""
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def plural_rule(expression: str, label: str):
    """The Plural-Forms expression as a function, or a CatalogError naming the file."""
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        raise CatalogError(f"{label}: invalid Plural-Forms expression {expression!r}") from None


def translations_from_catalog(
    catalog: Catalog, language: str, keep_words: bool = False, label: str = "catalog"
) -> Translations:
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            if all(message.string):
                plurals[message.id[0]] = tuple(message.string)
        elif message.string:
            messages[message.id] = message.string
    rule = plural_rule(catalog.plural_expr, label)
    return Translations(messages, plurals, rule, language, keep_words)


def source_msgids(template: Path | None = None) -> list[str]:
    """Every msgid the templates use, from the template catalog."""
    catalog = read_catalog(template or template_catalog_path())
    return [message_id(message) for message in catalog if message.id]


def untranslated(translations: Translations, msgids: list[str]) -> list[str]:
    return [msgid for msgid in msgids if not translations.is_translated(msgid)]


@paths.data_cache
def load_translations(path: Path, language: str, keep_words: bool = False) -> Translations:
    catalog = read_catalog(path)
    return translations_from_catalog(catalog, language, keep_words, display_path(path))
