"""The names the page lists, in the visitor's language: products and papers from the
printed products' catalogs (`kyr.content.product_words`, English where a catalog has no
translation yet), and languages by CLDR's names for them in that language (the autonym
alone where CLDR has none)."""

from __future__ import annotations

from kyr import paths
from kyr.choices import Paper
from kyr.i18n.languages import SOURCE_LANGUAGE, catalog_dir, load_registry


@paths.data_cache
def product_names(code: str) -> dict[str, str]:
    """Each product the page offers (PDFs: a message or an image has no preview) by id, its
    name in language `code`."""
    from kyr.content.product_words import product_words
    from kyr.content.products import public_products

    return {
        pid: product_words(pid, code).name
        for pid, product in public_products().items()
        if product.is_pdf
    }


@paths.data_cache
def paper_names(code: str) -> dict[str, str]:
    """Each paper by its value (letter, a4, …), its name in language `code`."""
    from kyr.content.product_words import paper_name

    return {paper.value: paper_name(paper.value, code) for paper in Paper}


@paths.data_cache
def language_names(code: str) -> dict[str, str]:
    """Each language of the registry by code, its name in language `code` (CLDR's), or
    "" where CLDR has none (the page then shows the autonym alone)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(catalog_dir(code))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(SOURCE_LANGUAGE)
    names = {}
    for language in load_registry().values():
        if code == SOURCE_LANGUAGE:
            names[language.code] = language.english_name
            continue
        tag = catalog_dir(language.code)
        name = locale.languages.get(tag) or locale.languages.get(tag.split("_")[0], "")
        names[language.code] = name if name != language.autonym else ""
    return names


def warm(codes: tuple[str, ...]) -> None:
    """Work out the names for the page's languages `codes` once, when the server starts
    (the products' names are rendered from templates: a fraction of a second each)."""
    for code in codes:
        product_names(code)
        paper_names(code)
        language_names(code)
