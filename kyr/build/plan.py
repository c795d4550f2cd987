"""Which pieces a build makes, from product ids, language codes and a paper. Names are
checked here, before anything imports WeasyPrint: an unknown name fails in a blink."""

from __future__ import annotations

from kyr.content.pieces import Piece
from kyr.content.products import Product, get_product, public_products
from kyr.errors import UnknownNameError
from kyr.geometry import card_sheet_layout
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, get_language, selected_languages
from kyr.pdf.impose import slot_count


def check_names(product_ids: tuple[str, ...], language_codes: tuple[str, ...]) -> None:
    """Raise UnknownNameError for the first unknown product or language."""
    for product_id in product_ids:
        get_product(product_id)
    selected_languages(language_codes)


def language_groups(
    product: Product, languages: tuple[Language, ...]
) -> list[tuple[Language, ...]]:
    """Which languages share a PDF: one each, or English plus up to N more per PDF."""
    if product.languages == "each":
        return [(language,) for language in languages]
    if product.languages == "all":
        return [languages]
    if product.languages == "english":  # nothing to translate (the duplex test sheet)
        return [(get_language(SOURCE_LANGUAGE),)]
    english = get_language(SOURCE_LANGUAGE)
    others = [language for language in languages if not language.is_source]
    if not others:
        return [(english,)]
    size = product.max_extra_languages
    return [(english, *others[i : i + size]) for i in range(0, len(others), size)]


#: `kyr build --mix es=4 --mix ar=6`: languages and how many cards of each on one sheet.
Mix = tuple[tuple[str, int], ...]


def plan_mixed_sheets(product_ids: tuple[str, ...], mix: Mix, paper: str) -> list[Piece]:
    """One sheet per product with the languages' cards side by side, `count` of each."""
    sheets = [get_product(pid) for pid in product_ids]
    if not sheets or any(not product.impose for product in sheets):
        names = ", ".join(p.id for p in public_products().values() if p.impose)
        raise UnknownNameError(f"--mix makes sheets of cards: use it with --product {names}")
    languages = tuple(get_language(code) for code, _ in mix)
    if len(set(languages)) != len(languages):
        raise UnknownNameError("--mix names a language twice")
    counts = tuple(count for _, count in mix)
    pieces = []
    for product in sheets:
        if paper not in product.papers:
            raise UnknownNameError(f"product '{product.id}' does not come on {paper} paper")
        slots = slot_count(card_sheet_layout(paper), product.impose)
        if sum(counts) != slots or min(counts) < 1:
            raise UnknownNameError(
                f"--mix gives {sum(counts)} cards; a {product.id} sheet holds {slots} "
                "(each language at least 1)"
            )
        pieces.append(Piece(product, languages, paper, counts))
    return pieces


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
    languages = selected_languages(language_codes)
    if not languages:
        raise UnknownNameError("no languages selected")
    pieces: list[Piece] = []
    for product in products:
        if not product.is_pdf:  # text to paste, an image: no paper
            groups = language_groups(product, languages)
            pieces.extend(Piece(product, group, "") for group in groups)
            continue
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
