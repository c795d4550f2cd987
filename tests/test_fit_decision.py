"""One fit decision: `kyr languages` / `kyr i18n check` say a piece fits exactly when
`kyr build` can print it, although layout is not monotonic in type size (text that
shrinks can rise beside the card's QR column and take a line more)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyr.build.plan import plan_pieces
from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.errors import RenderError
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.languages import get_language
from kyr.render.fit import find_overflows, size_steps
from kyr.render.fit_report import TextDoesNotFit
from kyr.render.fitter import Builder
from kyr.render.size_search import settle_size, some_size_that_fits

CARD_SIZES = size_steps(6.0, 8.5)


def _piece(product: str, code: str, paper: str = "letter") -> Piece:
    return Piece(get_product(product), (get_language(code),), paper)


# The search, on made-up fit answers


def test_a_size_that_overflows_below_one_that_fits_does_not_stop_the_search() -> None:
    """Tamil's card: 6 pt overflows, 6.25 pt fits, nothing larger does. A fill that
    predicts the smallest size used to end the search there, with no size."""
    fits = {6.25}
    answer = (6.25, "ok")
    tried: list[float] = []

    def fit(size: float) -> str | None:
        tried.append(size)
        return "ok" if size in fits else None

    assert settle_size(CARD_SIZES, fit, start=7.0, fill=lambda size: 100.0) == answer
    assert tried[:2] == [7.0, 6.0], "the fill sent the search to the smallest size"
    assert some_size_that_fits(CARD_SIZES, fit) == answer
    assert settle_size(CARD_SIZES, lambda size: None, start=7.0) is None


def test_the_check_lays_out_once_when_the_smallest_size_fits() -> None:
    tried: list[float] = []

    def fit(size: float) -> float:
        tried.append(size)
        return size

    assert some_size_that_fits(CARD_SIZES, fit) == (6.0, 6.0)
    assert tried == [6.0]


@st.composite
def _fit_answers(draw) -> tuple[list[float], set[float], float | None, float | None]:
    count = draw(st.integers(1, 20))
    sizes = size_steps(6.0, 6.0 + 0.25 * (count - 1))
    fitting = set(draw(st.lists(st.sampled_from(sizes), max_size=count)))
    start = draw(st.none() | st.sampled_from(sizes))
    fill = draw(st.none() | st.floats(0.2, 5.0))
    return sizes, fitting, start, fill


@given(_fit_answers())
def test_the_check_and_the_build_search_give_the_same_verdict(case) -> None:
    """Whatever sizes fit, in whatever pattern: the build's search finds a size exactly
    when one fits, as the check does, and what it finds does fit, confirmed: the next
    size up was laid out and does not fit (or it is the largest)."""
    sizes, fitting, start, fill = case
    tried: list[float] = []

    def fit(size: float) -> float | None:
        tried.append(size)
        return size if size in fitting else None

    built = settle_size(sizes, fit, start, fill=lambda size: fill)
    checked = some_size_that_fits(sizes, fit)
    assert (built is None) == (checked is None) == (not fitting)
    if built is not None:
        assert built[0] in fitting
        above = sizes.index(built[0]) + 1
        assert above == len(sizes) or (sizes[above] in tried and sizes[above] not in fitting)
    downward_closed = all(size in fitting for size in sizes if size <= max(fitting, default=0))
    if built is not None and downward_closed:
        assert built[0] == max(fitting), "monotonic fitting: the largest size"


# Tamil's card front, laid out (locales/ta, the sample configuration the check uses)


def _overflows_at(builder: Builder, piece: Piece, size: float) -> list:
    return find_overflows(builder.layout_at(piece, size)[1])


def test_tamil_card_that_overflows_at_6pt_but_fits_at_6_25pt_is_printable_and_checked_so(
    renderer, sample
) -> None:
    """The fifth right starts 0.7 mm above the QR column's foot at 6 pt: its first line
    runs beside the column, 56 mm wide instead of 80, and it takes a third line."""
    tamil_card = _piece("card", "ta")
    builder = Builder(sample, renderer, allow_incomplete=True)
    assert _overflows_at(builder, tamil_card, 6.0), "the case: 6 pt overflows..."
    assert not _overflows_at(builder, tamil_card, 6.25), "...and 6.25 pt fits"

    checker = Builder(sample, renderer, allow_incomplete=True)
    checker.check_fits(tamil_card)  # no TextDoesNotFit: the check says it fits
    rendered = Builder(sample, renderer).render(tamil_card)
    assert rendered.font_size == 6.25


def test_tamil_fits_every_product_in_the_fit_check(tmp_path, monkeypatch, sample) -> None:
    """Laid out (an empty cache, the shipped results left aside), as `kyr languages`
    does for a changed catalog."""
    from kyr.build.fit_check import fit_results

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    checked: list[str] = []
    tamil = [get_language("ta")]
    assert fit_results(tamil, sample, jobs=1, on_checked=checked.append, use_shipped=False) == {
        "ta": []
    }
    assert checked == ["ta"]


# Check and build side by side


def _check_says(builder: Builder, piece: Piece) -> bool:
    try:
        builder.check_fits(piece)
    except TextDoesNotFit:
        return False
    return True


def _build_says(builder: Builder, piece: Piece) -> bool:
    try:
        builder.render(piece)
    except RenderError:
        return False
    return True


SAMPLE = (
    ("card", "ta", "letter"),  # fits at 6.25 pt only
    ("card", "ta", "a4"),
    ("door-slip-half", "zh-Hant", "letter"),
    ("sign-private", "ar", "a4"),  # English plus Arabic, one sheet
)


@pytest.mark.parametrize(("product", "code", "paper"), SAMPLE)
def test_check_and_build_agree_on_a_sample_of_pieces(renderer, sample, product, code, paper):
    (piece,) = plan_pieces((product,), (code,), paper, explicit=True)
    check = Builder(sample, renderer, allow_incomplete=True)
    build = Builder(sample, renderer, allow_incomplete=True)
    assert _check_says(check, piece) == _build_says(build, piece) is True


def test_check_and_build_agree_that_a_card_four_times_too_long_does_not_fit(
    renderer, sample
) -> None:
    card = _piece("card", "es")
    verdicts = []
    for _ in ("check", "build"):
        builder = Builder(sample, renderer, allow_incomplete=True)
        spanish = builder.translations(get_language("es"))
        longer = {msgid: " ".join([text] * 4) for msgid, text in spanish.messages.items()}
        builder._translations["es"] = replace(spanish, messages=longer)
        verdicts.append(_check_says(builder, card) if not verdicts else _build_says(builder, card))
    assert verdicts == [False, False]


def test_kyr_i18n_check_passes_tamil_that_kyr_build_prints() -> None:
    from .conftest import run_kyr

    total = len(source_msgids())
    checked = run_kyr("i18n", "check", "ta")
    assert checked.returncode == 0, checked.stdout
    first = checked.stdout.splitlines()[0]
    assert re.fullmatch(
        rf"ta: ok: {total}/{total} translated, \d+/{total} reviewed, fits every product", first
    ), first


@pytest.mark.slow  # every language x product, checked on two papers and built on one
def test_check_and_build_agree_for_every_language_and_product(
    tmp_path, monkeypatch, renderer, sample
) -> None:
    """`kyr languages` (laid out afresh, and as shipped) says a language fits exactly when
    a build of every product in it, on letter, prints. (Every product and language is
    built on a4 too, with the longest configuration, in test_real_network_pdfs; the
    search's verdict is the check's on any layout, test_the_check_and_the_build_search...)"""
    from kyr.build.fit_check import fit_results
    from kyr.cache import fit_results as fit_cache
    from kyr.i18n.languages import load_registry

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    languages = list(load_registry().values())
    checked = fit_results(languages, sample, use_shipped=False)
    shipped = fit_cache.read_shipped().get("languages", {})
    disagreements = []
    for language in languages:
        builder = Builder(sample, renderer, allow_incomplete=True)
        failed_pieces = [
            piece.label
            for piece in plan_pieces((), (language.code,), "letter", explicit=False)
            if language in piece.languages
            and piece.product.is_pdf  # the check covers papers (messages: text; images: no paper)
            and not _build_says(builder, piece)
        ]
        failures = checked[language.code]
        on_letter = [failure for failure in failures if "letter" in failure]
        if bool(on_letter) != bool(failed_pieces):
            disagreements.append(f"{language.code}: check {on_letter}, build {failed_pieces}")
        as_shipped = shipped.get(language.code, {}).get("failures")
        if as_shipped != failures:
            disagreements.append(f"{language.code}: shipped {as_shipped}, checked {failures}")
    assert not disagreements
