"""What `kyr products` and `kyr languages` print: plain lines, built from the registries."""

from __future__ import annotations

from kyr.geometry import INCH, PAPER_SIZES, card_size
from kyr.languages import load_registry
from kyr.products import Product, load_products


def _mm(value: float) -> str:
    return f"{value:g}" if value == round(value) else f"{value:.1f}"


def product_size(product: Product, paper: str) -> str:
    """The physical size a product prints at on `paper`."""
    if product.id == "card":
        card = card_size(paper)
        inches = (
            f" ({card.width / INCH:g} x {card.height / INCH:g} in)" if paper == "letter" else ""
        )
        return f"{_mm(card.width)} x {_mm(card.height)} mm{inches} trim, {_mm(card.bleed)} mm bleed"
    width, height = PAPER_SIZES[paper]
    return f"{paper} page, {_mm(width)} x {_mm(height)} mm"


def product_lines() -> list[str]:
    lines = []
    for product in load_products().values():
        lines.append(f"{product.id:<16} {product.title}")
        for paper in product.papers:
            lines.append(f"{'':<16}   {paper:<8} {product_size(product, paper)}")
    return lines


def language_lines() -> list[str]:
    lines = [f"{'code':<9} {'direction':<9} {'reviewed':<9} name"]
    for language in load_registry().values():
        reviewed = "yes" if language.reviewed else "no"
        lines.append(
            f"{language.code:<9} {language.direction:<9} {reviewed:<9} "
            f"{language.autonym} ({language.english_name})"
        )
    return lines
