"""How complete and safe a language's catalog is: each string's checks, the plural rule,
and (optionally) a glyph for every character. Used by `kyr i18n check` and the build."""

from __future__ import annotations

from dataclasses import dataclass, field

from kyr.fonts.glyphs import missing_characters
from kyr.fonts.pinned import files_for_families
from kyr.i18n.catalogs import (
    display_path,
    message_id,
    plural_rule,
    read_catalog,
    source_msgids,
    source_plural_msgids,
)
from kyr.i18n.languages import Language
from kyr.i18n.string_checks import string_problems, string_warnings


@dataclass
class LanguageStatus:
    language: Language
    total: int
    translated: int
    fuzzy: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.translated / self.total)

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def _shape_problem(in_catalog_plural: bool, in_templates_plural: bool) -> str | None:
    """Why an entry's singular or plural shape differs from the template's, or None."""
    if in_catalog_plural and not in_templates_plural:
        return (
            "has plural forms (msgid_plural, msgstr[N]) but the templates use it in the "
            "singular; copy the entry from messages.pot again"
        )
    if in_templates_plural and not in_catalog_plural:
        return "needs plural forms (msgid_plural, msgstr[N]) as in messages.pot"
    return None


def catalog_status(
    language: Language, msgids: list[str] | None = None, glyphs: bool = True
) -> LanguageStatus:
    """Completeness and QA of a language's catalog: each string's checks, the catalog's
    plural rule, and (with `glyphs`) whether the language's fonts have a glyph for every
    character. A build skips the glyph check: the renderer refuses a missing glyph."""
    msgids = source_msgids() if msgids is None else msgids
    if language.is_source:
        return LanguageStatus(language, len(msgids), len(msgids))
    catalog = read_catalog(language.catalog_path)
    label = display_path(language.catalog_path)
    plural_rule(catalog.plural_expr, label)
    status = LanguageStatus(language, len(msgids), 0)
    wanted = set(msgids)
    plural_ids = source_plural_msgids()
    printed: list[str] = []
    for message in catalog:
        msgid = message_id(message)
        if not msgid or msgid not in wanted:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy:
            status.fuzzy += 1
            continue
        if not all(strings):
            continue
        where = f"{label}:{message.lineno}"
        quoted = f'"{msgid[:50]}"'
        shape = _shape_problem(isinstance(message.id, (list, tuple)), msgid in plural_ids)
        if shape:  # its strings would never print: it counts as untranslated too
            status.problems.append(f"{where}: {shape}: {quoted}")
            continue
        status.translated += 1
        for text in strings:
            text = text or ""
            printed.append(text)
            status.problems += [f"{where}: {p}: {quoted}" for p in string_problems(msgid, text)]
            status.warnings += [f"{where}: {w}: {quoted}" for w in string_warnings(msgid, text)]
    missing = glyphs and missing_characters("".join(printed), files_for_families(language.fonts))
    if missing:
        fonts = ", ".join(language.fonts)
        status.problems.append(f"{label}: no glyph in {fonts} for: {' '.join(missing)}")
    return status
