"""The HTML each template produces, for English and Arabic, against golden files: a change
to a template or its context shows up here as a reviewable diff. After an intended change:
`pytest tests/test_goldens.py --update-goldens`, then read `git diff tests/goldens`."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyr import paths
from kyr.builder import Builder
from kyr.config import parse_community
from kyr.content import piece_context
from kyr.languages import get_language
from kyr.pieces import Piece
from kyr.products import public_products
from kyr.templating import render_html

GOLDENS = Path(__file__).parent / "goldens"

COMMUNITY = parse_community(
    """
name = "Golden Network"
languages = ["en", "ar"]
[hotline]
number = "+1 213 555 9876"
[qr]
url = "https://golden.network/kyr"
[[resources]]
name = "Golden Legal Aid"
phone = "+1 213 555 9877"
"""
)
CASES = [
    (product_id, lang)
    for product_id in public_products()
    for lang in ("en", "ar")
    if product_id != "proof"
]


@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=lambda v: str(v))
def test_template_html_matches_its_golden_file(product_id, lang, update_goldens, renderer) -> None:
    product = public_products()[product_id]
    builder = Builder(COMMUNITY, renderer)
    language = get_language(lang)
    languages = (
        (get_language("en"), language) if product.languages == "english-plus" else (language,)
    )
    languages = tuple(dict.fromkeys(languages))
    blocks = builder.blocks(Piece(product, languages, "letter"))
    context = piece_context(
        COMMUNITY, languages, "letter", 7.0, title=f"golden {product_id}", blocks=blocks,
        draft=not language.reviewed,
    )  # fmt: skip
    html = render_html(product.template, builder.translations(languages[0]), c=context)
    tag = "+".join(language.code for language in languages)
    golden = GOLDENS / f"{product_id}-{tag}.golden.txt"  # plain data, not source
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with --update-goldens"
    expected = golden.read_text(encoding="utf-8")
    assert html == expected, f"{golden.relative_to(paths.CHECKOUT)} differs"
