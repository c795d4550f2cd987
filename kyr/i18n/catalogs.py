"""Gettext catalogs, read straight from the `.po` files that translators edit.

No compile step: a `.po` is checked line by line (Babel's reader silently accepts an
unterminated string), parsed with Babel, and served to Jinja2 as gettext callables."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from io import StringIO
from itertools import pairwise
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from markupsafe import Markup, escape

from kyr import paths
from kyr.choices import Direction
from kyr.errors import CatalogError, one_line
from kyr.files import FileProblem, read_file_text
from kyr.i18n.bidi import isolate_ltr_runs
from kyr.i18n.languages import catalog_dir
from kyr.i18n.segmenting import ZWSP, boundaries, keep_last_characters

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[[0-9]+\])?)[ \t]+(".*)$')
_QUOTED = re.compile(r'^"(?:[^"\\]|\\.)*"[ \t]*$')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set('\\"ntr')
#: Marks the key words of a line in the English and its translations: **DO NOT SIGN**.
EMPHASIS = "**"
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r"}
_CHARSET = re.compile(r"charset=([^\s;\\\"]*)", re.IGNORECASE)
#: Far above any real catalog (kyr's are ~40 KB).
MAX_CATALOG_BYTES = 4 * 1024 * 1024


def _unquote(quoted: str) -> str:
    return _ESCAPE.sub(lambda m: _UNESCAPE.get(m.group(1), m.group(1)), quoted[1:-1])


def _lines(text: str) -> list[str]:
    """The file's lines, split at line feeds only: a form feed or U+2028 inside a string
    is a character of that string (refused later, by name), not a line break."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def po_syntax_error(text: str) -> tuple[int, str] | None:
    """The first (line, problem) that makes `text` an invalid .po file, or None. Also
    refused: message contexts (`msgctxt`, which kyr's templates never use, so a
    translation under one would be lost), a msgid given twice, and NUL characters."""
    seen: dict[str, int] = {}
    msgid: tuple[int, list[str]] | None = None  # line and parts of the msgid being read

    def duplicate() -> tuple[int, str] | None:
        nonlocal msgid
        if msgid is None:
            return None
        value = "".join(msgid[1])
        if value in seen:
            shown = one_line(value[:50])
            return msgid[0], f'msgid "{shown}" is given twice (first at line {seen[value]})'
        seen[value] = msgid[0]
        msgid = None
        return None

    for number, line in enumerate(_lines(text), start=1):
        if "\x00" in line:
            return number, "a NUL character (U+0000)"
        stripped = line.strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEYWORD.match(stripped)
        quoted = match.group(3) if match else stripped
        if not match and not stripped.startswith('"'):
            word = one_line((stripped.split() or [stripped])[0])  # a lone form feed too
            return number, f"unexpected '{word}' (expected msgid, msgstr or a quoted string)"
        if not _QUOTED.match(quoted):
            return number, 'string is not closed with a double quote (")'
        for escaped in _ESCAPE.findall(quoted[1:-1]):
            if escaped not in _VALID_ESCAPES:
                return number, f"unknown escape '\\{one_line(escaped)}'"
        if match and match.group(1) == "msgctxt":
            return number, "msgctxt is not supported (kyr's templates use no message contexts)"
        if match:
            problem = duplicate()  # a keyword ends the msgid being read, if any
            if problem:
                return problem
            msgid = (number, []) if match.group(1) == "msgid" else None
        if msgid is not None:
            msgid[1].append(_unquote(quoted))
    return duplicate()


def _charset_problem(text: str) -> tuple[int, str] | None:
    """kyr reads every catalog as UTF-8: a header naming another charset is refused
    (Babel would decode the text again in that charset and garble it)."""
    for number, line in enumerate(_lines(text), start=1):
        if "Content-Type:" in line:
            found = _CHARSET.search(line)
            charset = found.group(1) if found else ""
            if charset.lower().replace("-", "").replace("_", "") not in ("utf8", ""):
                return number, (
                    f"the header says charset={one_line(charset)}; kyr reads catalogs as "
                    "UTF-8 only: save the file as UTF-8 with charset=UTF-8"
                )
            return None
    return None


#: The page's own strings (`kyr serve`, `kyr site`) are a gettext domain of their own.
WEB_DOMAIN = "web"


def web_template_catalog_path() -> Path:
    return paths.locales_dir() / f"{WEB_DOMAIN}.pot"


def web_catalog_path(code: str) -> Path:
    return paths.locales_dir() / catalog_dir(code) / "LC_MESSAGES" / f"{WEB_DOMAIN}.po"


def template_catalog_path() -> Path:
    return paths.locales_dir() / "messages.pot"


def display_path(path: Path) -> str:
    """A path as users see it in messages (see `paths.display`)."""
    return paths.display(path)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; a syntax problem raises CatalogError naming file and line."""
    label = display_path(path)
    try:
        text = read_file_text(path, MAX_CATALOG_BYTES, "catalog")
    except FileProblem as refused:
        raise CatalogError(f"{label}: {refused}") from None
    if text.startswith("\ufeff"):
        raise CatalogError(f"{label}:1: starts with a byte order mark (U+FEFF); save without it")
    problem = po_syntax_error(text) or _charset_problem(text)
    if problem:
        raise CatalogError(f"{label}:{problem[0]}: {problem[1]}")
    try:  # decoded once, here: Babel gets text, never bytes to decode again
        return read_po(StringIO(text, newline="\n"), locale=locale, abort_invalid=True)
    except PoFileError as error:
        raise CatalogError(f"{label}:{getattr(error, 'lineno', '?')}: {error}") from None
    except Exception as error:  # Babel's header parsing (dates, locales) raises anything
        raise CatalogError(
            f"{label}: cannot read the catalog's header ({type(error).__name__}: {error}); "
            'write each header field as one "Name: value\\n" string'
        ) from None


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
    direction: str = Direction.LTR
    fallback: Translations | None = None  # e.g. Persian for Dari, before English
    segment: bool = False  # mark word boundaries (Thai, Lao, Khmer, Burmese, Japanese)
    ideographic: bool = False  # Chinese, Japanese: a message's last two characters kept together

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

    def plain_text(self, message: str) -> str:
        """The message as plain text for metadata (a PDF's title, a caption): the
        translation, else the fallback language's, else English, with no markup, no
        emphasis markers and no word-boundary marks."""
        for translations in (self, self.fallback):
            if translations is not None and translations.messages.get(message):
                return _unmarked(translations.messages[message])
        return _unmarked(message)

    def _markup(self, text: str) -> Markup:
        if self.ideographic:
            text = keep_last_characters(text)
        return _emphasised(
            text,
            self.keep_words,
            self.language if self.segment else None,
            isolate=self.direction == Direction.RTL,
        )

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


def _words(text: str, keep_words: bool, isolate: bool = False) -> Markup:
    if isolate:  # right-to-left: its Latin runs isolated (no right-to-left script keeps words)
        return isolate_ltr_runs(text)
    if not keep_words:
        return escape(text)
    # WeasyPrint has no `word-break: keep-all`: keep each word on one line instead.
    words = (
        Markup('<span class="kw">%s</span>') % word if word else Markup("")
        for word in text.split(" ")
    )
    return Markup(" ").join(words)


def _segmented(parts: list[str], locale: str) -> Markup:
    """The message's `parts` (emphasised at odd indexes) with each word ICU finds kept on
    one line (`.kw`: white-space: nowrap) and a zero-width space where two words meet
    without a space, so Pango breaks lines there and nowhere else. Each word is one flat
    element, emphasised or not: WeasyPrint 70 was seen to leave a line overflowing rather
    than break between nowrap words inside one `<b>` around a whole emphasised phrase."""
    whole = "".join(parts)
    cuts = boundaries(whole, locale)
    is_cut = set(cuts)
    pieces: list[Markup] = []
    start = 0
    for index, part in enumerate(parts):
        end = start + len(part)
        edges = [start, *(cut for cut in cuts if start < cut < end), end]
        for first, last in pairwise(edges):
            if first in is_cut and not whole[first - 1].isspace():
                pieces.append(Markup(ZWSP))
            piece = whole[first:last]
            word = piece.strip()
            lead = piece[: len(piece) - len(piece.lstrip())]
            pieces.append(escape(lead))
            if word:
                tag = '<b class="em kw">%s</b>' if index % 2 else '<span class="kw">%s</span>'
                pieces.append(Markup(tag) % word)
            pieces.append(escape(piece[len(lead) + len(word) :]))
        start = end
    return Markup("").join(pieces)


def _emphasised(
    text: str, keep_words: bool, segment_locale: str | None = None, isolate: bool = False
) -> Markup:
    """Escaped text, with `**…**` (the key words of a line, which translators mark the
    same way) set as emphasis. Markers that do not pair up print as they are (`kyr i18n
    check` refuses them). With `segment_locale`, lines break only at ICU's word boundaries
    of the whole message (markers removed). With `isolate` (a right-to-left language), each
    left-to-right run is set as one left-to-right box (kyr.i18n.bidi)."""
    parts = text.split(EMPHASIS)
    if len(parts) % 2 == 0:
        parts = [text]
    if segment_locale:
        return _segmented(parts, segment_locale)
    pieces = []
    for index, part in enumerate(parts):
        words = _words(part, keep_words, isolate)
        pieces.append(Markup('<b class="em">%s</b>') % words if index % 2 else words)
    return Markup("").join(pieces)


def _unmarked(text: str) -> str:
    """`text` with paired `**` emphasis markers removed (unpaired ones print as they are,
    as on the page)."""
    parts = text.split(EMPHASIS)
    return text if len(parts) % 2 == 0 else "".join(parts)


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
    catalog: Catalog,
    language: str,
    keep_words: bool = False,
    label: str = "catalog",
    segment: bool = False,
    ideographic: bool = False,
) -> Translations:
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        string = message.string
        if isinstance(message.id, (list, tuple)):
            if isinstance(string, (list, tuple)) and all(string):
                plurals[message.id[0]] = tuple(string)
        elif isinstance(string, str) and string:
            messages[message.id] = string
    rule = plural_rule(catalog.plural_expr, label)
    return Translations(
        messages, plurals, rule, language, keep_words, segment=segment, ideographic=ideographic
    )


def source_msgids(template: Path | None = None) -> list[str]:
    """Every msgid the templates use, from the template catalog (read once per version
    of the file: every Builder asks)."""
    path = template or template_catalog_path()
    return list(_msgids(path, _stamp(path)))


@paths.data_cache
def _msgids(path: Path, stamp: tuple[int, int]) -> tuple[str, ...]:
    return tuple(message_id(message) for message in read_catalog(path) if message.id)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)  # reported by read_catalog
    return (info.st_size, info.st_mtime_ns)


def source_plural_msgids(template: Path | None = None) -> frozenset[str]:
    """The msgids the templates use with plural forms (ngettext), from the template
    catalog: only these may have msgid_plural and msgstr[N] in a language's catalog."""
    path = template or template_catalog_path()
    return _plural_msgids(path, _stamp(path))


@paths.data_cache
def _plural_msgids(path: Path, stamp: tuple[int, int]) -> frozenset[str]:
    catalog = read_catalog(path)
    return frozenset(message.id[0] for message in catalog if isinstance(message.id, tuple))


def untranslated(translations: Translations, msgids: list[str]) -> list[str]:
    return [msgid for msgid in msgids if not translations.is_translated(msgid)]


@paths.data_cache
def load_translations(
    path: Path,
    language: str,
    keep_words: bool = False,
    segment: bool = False,
    ideographic: bool = False,
) -> Translations:
    catalog = read_catalog(path)
    label = display_path(path)
    return translations_from_catalog(catalog, language, keep_words, label, segment, ideographic)
