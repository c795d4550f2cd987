"""The sizes templates print at come from kyr/geometry.py, as CSS custom properties: the
pages are the sizes geometry gives, and the card's QR column holds the longest link a
configuration may put in the code at modules phones read."""

from __future__ import annotations

import pytest

from kyr.config.community import MAX_QR_BYTES
from kyr.content.qr import qr_matrix
from kyr.geometry import CARD_QR_COLUMN, PAPER_SIZES, card_size, custom_properties

PX = 25.4 / 96  # mm in a CSS px


def test_the_longest_link_a_configuration_may_hold_prints_modules_of_0_38_mm_at_least() -> None:
    longest = "https://riverside.network/" + "k" * (MAX_QR_BYTES - 26)
    assert len(longest.encode()) == MAX_QR_BYTES
    assert CARD_QR_COLUMN / len(qr_matrix(longest)) >= 0.38


@pytest.mark.parametrize("paper", ["letter", "a4", "tabloid", "a3"])
def test_every_paper_hands_the_page_card_and_qr_column_to_css(paper) -> None:
    values = custom_properties(paper, *PAPER_SIZES[paper])
    card = card_size(paper)
    assert (values["card-w"], values["card-h"], values["bleed"]) == (
        card.width, card.height, card.bleed,
    )  # fmt: skip
    assert (values["page-w"], values["page-h"]) == PAPER_SIZES[paper]
    assert values["qr-column"] == CARD_QR_COLUMN
    assert ("sheet-left" in values) == (paper in ("letter", "a4"))


@pytest.mark.parametrize(
    ("product_id", "paper", "size"),
    [("door-slip", "letter", PAPER_SIZES["letter"]), ("card", "letter", (88.9, 50.8)),
     ("card", "a4", (85.0, 55.0))],
)  # fmt: skip
def test_a_page_sized_with_custom_properties_is_the_size_geometry_gives(
    renderer, sample, product_id, paper, size
) -> None:
    """`@page { size: var(--page-w) var(--page-h) }`: WeasyPrint resolves custom
    properties in @page from the root element."""
    from kyr.content.pieces import Piece
    from kyr.content.products import get_product
    from kyr.i18n.languages import get_language
    from kyr.render.fitter import Builder

    product = get_product(product_id)
    html = Builder(sample, renderer).page_html(Piece(product, (get_language("en"),), paper))
    page = renderer.layout(html, list(product.styles), product_id).pages[0]
    assert (page.width * PX, page.height * PX) == pytest.approx(size, abs=0.001)
