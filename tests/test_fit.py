"""Text fits its box: the type size is the largest that fits, and text that cannot fit at
the smallest allowed size fails the build naming product, language and string."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.errors import RenderError
from kyr.i18n.catalogs import Translations
from kyr.i18n.languages import get_language
from kyr.render.fit import Variant, find_overflows, fit_variants, size_steps
from kyr.render.fitter import Builder
from kyr.render.size_search import settle_size


def test_the_search_without_a_start_tries_the_largest_first() -> None:
    tried = []

    def fits(size: float):
        tried.append(size)
        return "ok"

    assert settle_size([6.0, 6.5, 7.0], fits) == (7.0, "ok")
    assert tried == [7.0]


def test_the_search_without_a_prediction_bisects_to_the_threshold() -> None:
    sizes = size_steps(6.0, 8.0)
    assert settle_size(sizes, lambda s: s if s <= 6.75 else None) == (6.75, 6.75)
    assert settle_size(sizes, lambda s: None) is None


def test_a_product_without_tighter_layouts_tries_its_design_then_wide_links() -> None:
    assert fit_variants(0) == [Variant(), Variant(wide_links=True)]


def test_tighter_layouts_are_tried_at_the_smallest_size_and_the_last_at_every_size() -> None:
    assert fit_variants(3) == [
        Variant(),
        Variant(1, smallest_only=True),
        Variant(2, smallest_only=True),
        Variant(3),
        Variant(3, wide_links=True),
    ]


def test_overflowing_box_is_found_with_its_text(renderer) -> None:
    html = (
        '<html><body><div class="fit" data-fit="tiny box" style="position:absolute; '
        "top:0; left:0; width:20mm; height:5mm; font: 10pt 'Noto Sans'\">"
        "This sentence is far too long for such a small box.</div></body></html>"
    )
    (overflow,) = find_overflows(renderer.layout(html, [], "fit test"))
    assert overflow.where == "tiny box"
    assert "small box" in overflow.text or "too long" in overflow.text


def test_text_that_fits_reports_nothing(renderer) -> None:
    html = (
        '<html><body><div class="fit" style="position:absolute; top:0; left:0; '
        "width:80mm; height:20mm; font: 10pt 'Noto Sans'\">Short.</div></body></html>"
    )
    assert find_overflows(renderer.layout(html, [], "fit test")) == []


def _lengthened(factor: float) -> Translations:
    """A pseudo-locale: every string repeated to `factor` times its length."""
    from kyr.i18n.catalogs import source_msgids

    messages = {}
    for msgid in source_msgids():
        target = int(len(msgid) * factor)
        text = msgid
        while len(text) < target:
            text += " " + msgid
        messages[msgid] = text[:target]
    return Translations(messages, {}, lambda n: 0, "es")


def test_pseudo_locale_forty_percent_longer_still_fits_the_card(renderer, sample) -> None:
    builder = Builder(sample, renderer)
    builder._translations["es"] = _lengthened(1.4)
    rendered = builder.render(Piece(get_product("card"), (get_language("es"),), "letter"))
    assert rendered.pages == 2
    assert rendered.font_size >= 6.0


def test_text_too_long_names_the_product_asked_for_the_catalog_line_and_the_msgid(
    renderer, sample
) -> None:
    builder = Builder(sample, renderer)
    builder._translations["es"] = _lengthened(3.0)
    expected = (
        r"^card-sheet \(es, letter\): the Spanish translation does not fit: "
        r"locales/es/LC_MESSAGES/messages\.po:\d+: msgid \"[^\"]+\" \(card "
    )
    with pytest.raises(RenderError, match=expected):
        builder.render(Piece(get_product("card-sheet"), (get_language("es"),), "letter"))


def test_the_string_named_is_the_one_that_grew_not_the_last_in_the_box(renderer, sample) -> None:
    builder = Builder(sample, renderer)
    spanish = builder.translations(get_language("es"))
    grown = (
        "**DO NOT ANSWER** questions from an immigration agent. "
        "You have the right to remain silent."
    )
    messages = {**spanish.messages, grown: (spanish.messages[grown] + " ") * 5}
    builder._translations["es"] = replace(spanish, messages=messages)
    with pytest.raises(RenderError) as failure:
        builder.render(Piece(get_product("card"), (get_language("es"),), "letter"))
    assert 'msgid "DO NOT ANSWER questions from an immigration agent.' in str(failure.value)
    line = int(str(failure.value).split("messages.po:")[1].split(":")[0])
    po = (get_language("es").catalog_path).read_text(encoding="utf-8").splitlines()
    assert po[line - 1].startswith("msgid")
    assert "**DO NOT ANSWER** questions" in " ".join(po[line - 1 : line + 1])


def test_a_good_starting_guess_is_confirmed_by_the_next_size_up() -> None:
    """The start fits and its fill predicts it: the size above is laid out (it does not
    fit) and the search ends, two layouts."""
    tried = []

    def fits(size: float):
        tried.append(size)
        return size if size <= 7.0 else None

    full_at_7 = lambda size: (size / 7.0) ** 2  # noqa: E731
    assert settle_size(size_steps(6.0, 8.5), fits, start=7.0, fill=full_at_7) == (7.0, 7.0)
    assert tried == [7.0, 7.25]


def test_a_prediction_one_size_off_still_confirms_in_three_layouts() -> None:
    """Predicted 7.25 (too large by a size): it does not fit, 7.0 does: three layouts."""
    tried = []

    def fits(size: float):
        tried.append(size)
        return size if size <= 7.0 else None

    full_at_7_25 = lambda size: (size / 7.25) ** 2  # noqa: E731
    assert settle_size(size_steps(6.0, 8.5), fits, 6.0, full_at_7_25) == (7.0, 7.0)
    assert tried == [6.0, 7.25, 7.0]


def test_a_wrong_guess_still_finds_the_largest_size() -> None:
    sizes = size_steps(6.0, 8.5)
    for answer in sizes:
        for start in sizes:
            found = settle_size(sizes, lambda s, a=answer: s if s <= a else None, start)
            assert found == (answer, answer)
    assert settle_size(sizes, lambda s: None, start=7.0) is None


# Every product builds in every language: on letter with the sample configuration in
# test_fit_decision (and the fit check on letter and a4), on letter and a4 with the
# longest configuration in test_real_network_pdfs (SWEEPS).
