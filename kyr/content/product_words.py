"""What the web page (`kyr site`) and the local web app (`kyr serve`) call each product
and paper, in the visitor's language: a short name and one plain sentence, in a
volunteer's words rather than a print shop's.

The words are strings of the printed catalogs (`locales/<lang>/LC_MESSAGES/messages.po`),
so translators meet them in Poedit or Weblate with everything else. They live in the
template `_product_words.html` (a network's templates overlay may hold its own), which
sets `<product>_name`, `<product>_text` (the product id with "-" as "_") and
`paper_<paper>`; it is rendered once per language, in the templates' sandbox, with the
language's catalog, and the results are kept for the process.

A string the language's catalog lacks comes from its fallback language (Dari's is
Persian), else English; a language kyr does not know, or whose catalog cannot be read,
gets English throughout."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kyr import paths
from kyr.content.products import load_products
from kyr.content.templating import template_names
from kyr.errors import KyrError
from kyr.i18n.catalogs import SOURCE, Translations, load_translations
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, get_language

#: The template holding the words (under templates/, or a network's overlay).
WORDS_TEMPLATE = "_product_words.html"


@dataclass(frozen=True)
class ProductWords:
    """A product as the web page names it."""

    name: str  # short name: "Wallet cards, 10 per sheet"
    description: str  # one plain sentence: what it is and how to print it


def product_words(product_id: str, code: str) -> ProductWords:
    """The product's name and description in language `code` (a kyr language code:
    "es", "zh-Hans", "ar"). A product of products.toml that the words template does not
    name gets its registry title and no description; an id that is neither raises
    KeyError."""
    words = _words(code)
    key = product_id.replace("-", "_")
    name, text = words.get(f"{key}_name"), words.get(f"{key}_text")
    if name:
        return ProductWords(name, text or "")
    return ProductWords(load_products()[product_id].title, "")


def paper_name(paper: str, code: str) -> str:
    """The paper's name and size in language `code`: "letter" -> "Letter (8.5 × 11 in)".
    A paper the words template does not name is shown as its id."""
    return _words(code).get(f"paper_{paper.replace('-', '_')}") or paper


@paths.data_cache
def _words(code: str) -> dict[str, str]:
    """Every name the words template sets, in language `code` (English when kyr does
    not know it)."""
    translations = _translations(code)

    def gettext(message: str, **variables: object) -> str:
        """Plain text, no markup: `_("…")` and `{% trans %}` blocks alike."""
        text = translations.plain_text(message)
        return text % variables if variables else text

    names = template_names(WORDS_TEMPLATE, _=gettext, gettext=gettext)
    return {name: value for name, value in names.items() if isinstance(value, str)}


def _translations(code: str) -> Translations:
    """The language's catalog with its fallback language's behind it; English when the
    code is unknown or a catalog cannot be read."""
    try:
        return _catalog(get_language(code))
    except KyrError:
        return SOURCE


def _catalog(language: Language) -> Translations:
    if language.is_source:
        return SOURCE
    translations = load_translations(language.catalog_path, language.code)
    if language.fallback == SOURCE_LANGUAGE:
        return translations
    return replace(translations, fallback=_catalog(get_language(language.fallback)))
