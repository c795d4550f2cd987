"""Which pieces a build makes, from product ids, language codes and a paper. Names are
checked here, before anything imports WeasyPrint: an unknown name fails in a blink."""

from __future__ import annotations

from kyr.errors import UnknownNameError
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.pieces import Piece
from kyr.products import Product, get_product, public_products


def check_names(product_ids: tuple[str, ...], language_codes: tuple[str, ...]) -> None:
    """Raise UnknownNameError for the first unknown product or language."""
    for product_id in product_ids:
        get_product(product_id)
    for code in language_codes:
        get_language(code)


def language_groups(
    product: Product, languages: tuple[Language, ...]
) -> list[tuple[Language, ...]]:
    """Which languages share a PDF: one each, or English plus up to N more per PDF."""
    if product.languages == "each":
        return [(language,) for language in languages]
    if product.languages == "all":
        return [languages]
    english = get_language(SOURCE_LANGUAGE)
    others = [language for language in languages if not language.is_source]
    if not others:
        return [(english,)]
    size = product.max_extra_languages
    return [(english, *others[i : i + size]) for i in range(0, len(others), size)]


def plan_pieces(
    product_ids: tuple[str, ...], language_codes: tuple[str, ...], paper: str, explicit: bool
) -> list[Piece]:
    """The pieces a build makes. A product that cannot be printed on `paper` is an error
    when asked for by name, and skipped when building every product."""
    products = (
        [get_product(pid) for pid in product_ids]
        if product_ids
        else list(public_products().values())
    )
    languages = tuple(dict.fromkeys(get_language(code) for code in language_codes))
    if not languages:
        raise UnknownNameError("no languages selected")
    pieces = []
    for product in products:
        if paper not in product.papers:
            if explicit:
                raise UnknownNameError(
                    f"product '{product.id}' does not come on {paper} paper "
                    f"(it does: {', '.join(product.papers)})"
                )
            continue
        for group in language_groups(product, languages):
            pieces.append(Piece(product, group, paper))
    if not pieces:
        raise UnknownNameError(f"no product comes on {paper} paper")
    return pieces
