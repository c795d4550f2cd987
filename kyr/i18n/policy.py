"""Which catalog a build may use for a language: refused when a string is unsafe or
untranslated, unless incomplete languages are allowed (then with their fallbacks)."""

from __future__ import annotations

from dataclasses import replace

from kyr import paths
from kyr.errors import CatalogError
from kyr.i18n.catalog_checks import catalog_status
from kyr.i18n.catalogs import SOURCE, Translations, display_path, load_translations, untranslated
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.i18n.reviews import review_status


def is_draft(language: Language, translations: Translations, msgids: list[str]) -> bool:
    """A translation prints the draft line unless every printed string (`msgids`) is
    translated and reviewed against its current English (the review comments in its
    catalog: the registry's reviewed_by only sums them up). English never does."""
    if language.is_source:
        return False
    return not translations.complete or not review_status(language, msgids).complete


def load_language_translations(
    language: Language, msgids: list[str], allow_incomplete: bool = False
) -> Translations:
    """A language's catalog, refused when any string is untranslated (unless allowed:
    then the missing strings print in English and the piece is marked as a draft).
    Checked once per version of the catalog file in a process (the checks take longer
    than reading it)."""
    if language.is_source:
        return SOURCE
    try:
        stat = language.catalog_path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, -1)  # reported by the loader below
    return _checked_translations(language, tuple(msgids), allow_incomplete, stamp)


@paths.data_cache
def _checked_translations(
    language: Language, msgids: tuple[str, ...], allow_incomplete: bool, stamp: tuple[int, int]
) -> Translations:
    path = language.catalog_path
    translations = load_translations(
        path, language.code, language.keep_words, language.segment, language.ideographic
    )
    translations = replace(translations, direction=language.direction)
    problems = catalog_status(language, list(msgids), glyphs=False).problems
    if problems:  # markup, a lone %, placeholders: refused before anything renders
        more = f" (and {len(problems) - 1} more; see `kyr i18n check`)" if len(problems) > 1 else ""
        raise CatalogError(problems[0] + more)
    missing = untranslated(translations, list(msgids))
    if missing and allow_incomplete:
        fallback = None
        if language.fallback != SOURCE_LANGUAGE:
            fallback = load_language_translations(
                get_language(language.fallback), list(msgids), allow_incomplete=True
            )
        return replace(translations, complete=False, fallback=fallback)
    if missing:
        shown = "; ".join(f'"{m[:40]}"' for m in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise CatalogError(
            f"{display_path(path)}: {len(missing)} untranslated "
            f"string(s): {shown}{more} (build with --allow-incomplete to print them in English)"
        )
    return translations
