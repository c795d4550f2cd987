"""Every product's lines, as laid out for its PDF, break where the language allows: Thai,
Lao, Khmer, Burmese and Japanese only between words (kyr.i18n.segmenting: ICU's line and
word boundaries, Burmese particles kept with their words), and no Chinese or Japanese
paragraph ends on one character. Set with the longest configuration (long names and links).
The pieces the issue's review found broken are in the fast suite; every product x language
on two papers in the slow one, sharing one builder per module."""

from __future__ import annotations

import pytest

from kyr.build.plan import language_groups
from kyr.build.run import build
from kyr.config.community import load_community
from kyr.content.pieces import Piece
from kyr.content.products import Product, load_products
from kyr.i18n.languages import get_language
from kyr.render.fitter import Builder
from tests.conftest import FIXTURES
from tests.line_breaks import line_break_problems, lone_last_characters, printed_line_problems

LONGEST = FIXTURES / "longest-links.toml"
#: Languages whose lines break only between words kyr finds.
SEGMENTED = ("my", "th", "km", "lo", "ja")
#: Languages whose paragraphs must not end on one character.
IDEOGRAPHIC = ("ja", "zh-Hans")


def papers(product: Product) -> tuple[str, str]:
    """Letter for every product, and one other measure: tabloid where a product has it
    (the signs, the poster), else a4 (where the review found ဖုန်းဆက်|ရန် on the sticker)."""
    return ("letter", "tabloid" if "tabloid" in product.papers else "a4")


def checked_products() -> dict[str, Product]:
    """Every product that sets a language's text (imposed sheets print their cards')."""
    return {
        product_id: product
        for product_id, product in load_products().items()
        if not product.internal
        and not product.impose
        and product.is_pdf  # images: tests/test_social_images.py
        and product.languages in ("each", "english-plus")
    }


@pytest.fixture(scope="module")
def builder(renderer) -> Builder:
    return Builder(load_community(LONGEST), renderer, allow_incomplete=True)


def problems(builder: Builder, product_id: str, paper: str, code: str) -> list[str]:
    product = load_products()[product_id]
    found: list[str] = []
    for group in language_groups(product, (get_language(code),)):
        _, document = builder.fit(Piece(product, group, paper))
        where = f"{product_id} {paper}: "
        if code in SEGMENTED:
            found += [where + problem for problem in line_break_problems(document, code)]
        if code in IDEOGRAPHIC:
            found += [where + problem for problem in lone_last_characters(document, code)]
    return found


#: Where the review found words broken: Burmese on the tabloid sign and the report card's
#: back, Japanese on the letter sign (the a4 sticker is in the slow sweep, the Chinese
#: flyer in the printed-text test below).
REVIEWED = [
    ("sign-private", "tabloid", "my"),
    ("report-card", "letter", "my"),
    ("sign-private", "letter", "ja"),
]


@pytest.mark.parametrize(("product_id", "paper", "code"), REVIEWED)
def test_the_reviewed_pieces_break_only_between_words(builder, product_id, paper, code) -> None:
    assert problems(builder, product_id, paper, code) == []


@pytest.fixture(scope="module")
def cjk_pdfs(tmp_path_factory, renderer):
    """The Japanese and Chinese flyers, letter, as kyr builds them."""
    out = tmp_path_factory.mktemp("cjk")
    community = load_community(LONGEST)
    for code in IDEOGRAPHIC:
        build(community, out / code, ("flyer",), (code,), "letter", renderer=renderer)
    return out


@pytest.mark.parametrize("code", IDEOGRAPHIC)
def test_the_printed_text_breaks_no_japanese_word_and_ends_no_paragraph_on_one_character(
    cjk_pdfs, code
) -> None:
    """Read back from the PDFs' text: on main (before this check) the Japanese flyer broke
    ください as くださ|い。 and the Chinese one ended paragraphs on 录。 明。 里。"""
    pdfs = sorted((cjk_pdfs / code).glob("*.pdf"))
    assert len(pdfs) == 1
    assert [problem for pdf in pdfs for problem in printed_line_problems(pdf, code)] == []


@pytest.mark.slow
@pytest.mark.parametrize("product_id", list(checked_products()))
def test_every_product_breaks_only_between_words_in_every_unspaced_script(
    builder, product_id
) -> None:
    product = checked_products()[product_id]
    found = [
        problem
        for paper in papers(product)
        for code in dict.fromkeys((*SEGMENTED, *IDEOGRAPHIC))
        for problem in problems(builder, product_id, paper, code)
    ]
    assert found == []
