"""The web page's and kyr serve's words for products and papers (kyr.content.product_words):
plain words in the visitor's language, from the catalogs translators edit, with English
where a language has no catalog or no translation yet."""

from __future__ import annotations

import re

import pytest

from kyr import paths
from kyr.choices import Paper
from kyr.content.product_words import ProductWords, paper_name, product_words
from kyr.content.products import load_products
from kyr.errors import RenderError

#: Products a volunteer may pick: the registry's public ones, and the two images another
#: change adds to it.
LISTED = (
    "card", "card-sheet", "card-foldover", "door-slip", "door-slip-half", "sign-private",
    "sign-public", "workplace-plan", "report-card", "report-card-sheet", "flyer", "poster",
    "sticker-sheet", "proof", "message", "duplex-test", "social-post", "social-story",
)  # fmt: skip
PRINT_SHOP_WORDS = re.compile(r"bleed|crop marks?|duplex|long-edge|imposition|slug", re.I)


@pytest.fixture
def overlay(tmp_path):
    folder = tmp_path / "overlay"
    folder.mkdir()
    yield folder
    paths.use_data_dirs()


def public_ids() -> list[str]:
    return [p.id for p in load_products().values() if not p.internal]


@pytest.mark.parametrize("product_id", LISTED)
def test_every_listed_product_has_an_english_name_and_one_short_plain_sentence(
    product_id: str,
) -> None:
    words = product_words(product_id, "en")
    assert words.name and len(words.name) <= 40, words
    assert words.description.endswith(".") and len(words.description) <= 120, words
    assert not PRINT_SHOP_WORDS.search(words.name + " " + words.description), words


def test_every_public_product_of_the_registry_has_its_own_words() -> None:
    """A new product without a name and a description in _product_words.html fails here
    (it would show its registry title, in English, on the web page)."""
    for product_id in public_ids():
        words = product_words(product_id, "en")
        assert words.description, f"{product_id}: no words in templates/_product_words.html"
        assert words.name != load_products()[product_id].title


@pytest.mark.parametrize("code", ["es", "ar", "zh-Hans"])
def test_a_translated_language_names_products_and_papers_in_its_own_words(code: str) -> None:
    for product_id in LISTED:
        english, own = product_words(product_id, "en"), product_words(product_id, code)
        assert own.name != english.name and own.description != english.description, product_id
    assert paper_name("letter", code) != paper_name("letter", "en")


def test_every_language_has_every_product_and_paper_translated() -> None:
    from kyr.i18n.languages import load_registry

    english = {p: product_words(p, "en") for p in LISTED}
    for code in load_registry():
        if code == "en":
            continue
        same = [p for p in LISTED if product_words(p, code).description == english[p].description]
        assert not same, f"{code}: still English: {same}"


def test_papers_are_named_with_their_size() -> None:
    assert paper_name("letter", "en") == "Letter (8.5 × 11 in)"
    assert paper_name("a4", "en") == "A4 (210 × 297 mm)"
    for paper in Paper:
        assert paper_name(paper, "en") != str(paper)
        assert re.search(r"\d+ × \d+ (in|mm)\)$", paper_name(paper, "en")), paper


def test_an_unknown_language_gets_english() -> None:
    assert product_words("card-sheet", "xx-Unknown") == product_words("card-sheet", "en")
    assert paper_name("a3", "tlh") == "A3 (297 × 420 mm)"


def test_a_language_code_is_matched_as_the_registry_matches_it() -> None:
    assert product_words("poster", "zh_hans") == product_words("poster", "zh-Hans")


def test_an_unknown_product_raises_key_error_and_an_unknown_paper_shows_its_id() -> None:
    with pytest.raises(KeyError):
        product_words("no-such-product", "es")
    assert paper_name("legal", "es") == "legal"


def test_words_are_plain_text_without_the_print_markup() -> None:
    """The catalogs' key-word markers and the print's word-keeping spans stay out."""
    for code in ("ko", "ja", "th", "ar"):
        for product_id in LISTED:
            words = product_words(product_id, code)
            text = words.name + words.description
            assert "<" not in text and "**" not in text and "\u200b" not in text, (code, text)


def test_repeated_calls_are_served_from_the_per_language_cache() -> None:
    import time

    product_words("flyer", "fr")
    start = time.perf_counter()
    for _ in range(2000):
        product_words("flyer", "fr")
        paper_name("a4", "fr")
    assert time.perf_counter() - start < 0.5


def test_an_overlay_may_hold_its_own_words(overlay) -> None:
    (overlay / "_product_words.html").write_text(
        '{% set flyer_name = _("Leaflet") %}{% set flyer_text = _("Our leaflet.") %}'
    )
    paths.use_data_dirs(templates=overlay)
    assert product_words("flyer", "es") == ProductWords("Leaflet", "Our leaflet.")
    # What the overlay leaves out: the registry's title, and the paper's id.
    assert product_words("poster", "en").name == load_products()["poster"].title
    assert paper_name("a4", "en") == "a4"


def test_an_overlays_trans_blocks_are_translated_too(overlay) -> None:
    (overlay / "_product_words.html").write_text(
        "{% set poster_name %}{% trans %}Poster{% endtrans %}{% endset %}"
        '{% set poster_text = _("Flyer") %}'
    )
    paths.use_data_dirs(templates=overlay)
    assert product_words("poster", "es") == ProductWords("Cartel", "Volante")


def test_an_overlays_words_render_in_the_sandbox(overlay) -> None:
    (overlay / "_product_words.html").write_text(
        "{% set flyer_name = ''.__class__.__mro__ %}"
    )
    paths.use_data_dirs(templates=overlay)
    with pytest.raises(RenderError, match=r"_product_words\.html"):
        product_words("flyer", "en")
