"""What a piece with no remembered size costs: a first fit predicts the type size from
the first layout's fill and confirms it (a few layouts, not a search over every size),
and finds the size the earlier search found; a render parses its page once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from kyr.build.plan import language_groups
from kyr.config.community import load_community
from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.i18n.languages import get_language
from kyr.render.fit import (
    Variant,
    _column_fill,
    _is_fit_box,
    _scaling_texts,
    _texts,
    _visible_length,
    find_overflows,
    size_steps,
    walk_boxes,
)
from kyr.render.fitter import TITLE, Builder
from kyr.render.html_to_pdf import PageMetadata, weasyprint

T = TypeVar("T")
LONGEST_LINKS = Path(__file__).parent / "fixtures" / "longest-links.toml"


def _piece(product_id: str, code: str, paper: str = "letter") -> Piece:
    product = get_product(product_id)
    (group,) = language_groups(product, (get_language(code),))
    return Piece(product, group, paper)


@pytest.mark.parametrize(("product_id", "code"), [("card", "es"), ("door-slip-half", "es")])
def test_a_first_fit_with_an_empty_cache_takes_at_most_three_layouts(
    renderer, sample, product_id, code
) -> None:
    builder = Builder(sample, renderer, known={})
    piece = _piece(product_id, code)
    builder.fit(piece)
    layouts = builder.search_layouts[(product_id, piece.lang_tag, "letter")]
    assert layouts <= 3, f"{piece.label}: {layouts} layouts to find its size"


def test_a_warm_card_sheet_render_parses_its_html_once(renderer, sample, monkeypatch) -> None:
    """The card is laid out (one parse); the sheet's own page reuses its layout and takes
    its title and language from the data it was made from, not from parsing it again."""
    piece = _piece("card-sheet", "es")
    first = Builder(sample, renderer, known={})
    first.render(piece)
    warm = Builder(sample, renderer, known=first.take_found())
    wp = weasyprint()
    built: list[str] = []

    class CountingHTML(wp.HTML):  # type: ignore[name-defined,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(kwargs.get("string", "")[:80])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(wp, "HTML", CountingHTML)
    rendered = warm.render(piece)
    assert len(built) == 1, built
    assert rendered.pdf.startswith(b"%PDF")


def test_a_sheet_title_taken_from_data_is_the_one_its_page_prints(renderer) -> None:
    """The title and language a sheet's PDF gets without parsing its page are what
    parsing it would read, with an ampersand in the network's name."""
    from weasyprint.html import get_html_metadata  # type: ignore[import-untyped]

    community = load_community(LONGEST_LINKS)
    builder = Builder(community, renderer)
    for code in ("es", "ar"):
        piece = _piece("card-sheet", code)
        html = builder.page_html(piece)
        title = f"{builder.translations(piece.languages[0]).plain_text(TITLE)} · {community.name}"
        metadata = PageMetadata(title, code)
        assert metadata.printed_in(html)
        parsed = get_html_metadata(weasyprint().HTML(string=html))
        assert (parsed["title"], parsed["lang"]) == (metadata.title, metadata.lang)
    assert not PageMetadata("Another title", "es").printed_in(html)


# The search kyr used before predicting sizes (kyr 2026.12), kept to check the new one
# finds the same sizes: its guide and the fill it read, verbatim.


def _old_fill_ratio(document: Any) -> float | None:
    worst = 0.0
    for page in document.pages:
        for box in walk_boxes(page._page_box):
            if not _is_fit_box(box) or box.height <= 0 or box.element.get("data-fixed") is not None:
                continue
            source = "".join(box.element.itertext())
            texts = list(_texts(box))
            if sum(_visible_length(t.text) for t in texts) < _visible_length(source):
                return None
            columns = _column_fill(box)
            if columns is not None:
                worst = max(worst, columns)
                continue
            scaling = list(_scaling_texts(box))
            if scaling:
                lowest = max(t.position_y + t.margin_height() for t in scaling)
                worst = max(worst, (lowest - box.content_box_y()) / box.height)
    return worst or None


def _old_predicted_size(size: float, ratio: float | None) -> float | None:
    return None if ratio is None else size / ratio ** (1 / 1.5)


def _old_largest_that_fits(
    sizes: Sequence[float],
    fits: Callable[[float], T | None],
    start: float | None = None,
    guide: Callable[[float], float | None] | None = None,
) -> tuple[float, T] | None:
    if not sizes:
        return None
    low, high = 0, len(sizes) - 1
    probe = high if start is None else min(range(len(sizes)), key=lambda i: abs(sizes[i] - start))
    best: tuple[float, T] | None = None
    tried: set[int] = set()
    first = True
    while low <= high:
        tried.add(probe)
        result = fits(sizes[probe])
        if result is None:
            high = probe - 1
        else:
            best = (sizes[probe], result)
            low = probe + 1
        if low > high:
            break
        prediction = guide(sizes[probe]) if guide else None
        if prediction is not None:
            below = [i for i in range(low, high + 1) if sizes[i] <= prediction + 1e-9]
            probe = below[-1] if below else low
        elif first and start is not None:
            probe = low if result is not None else high
        else:
            probe = (low + high) // 2
        first = False
    if best is not None:
        return best
    for size in reversed([size for index, size in enumerate(sizes) if index not in tried]):
        result = fits(size)
        if result is not None:
            return size, result
    return None


def _old_size(builder: Builder, piece: Piece) -> float | None:
    """The size the old search finds for `piece` as designed (None: no size fits so)."""
    layout = builder._layout_maker(piece, Variant())
    fills: dict[float, float | None] = {}

    def fits(size: float) -> Any:
        document = layout(size)[1]
        fills[size] = _old_fill_ratio(document)
        return None if find_overflows(document) else document

    product = piece.product
    sizes = size_steps(*product.bounds(piece.paper), product.step_pt)
    found = _old_largest_that_fits(
        sizes, fits, product.start_pt, guide=lambda size: _old_predicted_size(size, fills[size])
    )
    return found[0] if found else None


SAMPLE = [
    (product_id, code, paper)
    for product_id in ("card", "door-slip", "sign-private", "flyer", "poster")
    for code, paper in (("es", "letter"), ("my", "a4"))  # a long script, a short one
]


@pytest.mark.slow  # two searches a piece, 10 pieces (scripts/benchmark.py sweeps more)
@pytest.mark.parametrize(("product_id", "code", "paper"), SAMPLE, ids=str)
def test_the_predicting_search_finds_the_size_the_old_search_found(
    renderer, sample, product_id, code, paper
) -> None:
    piece = _piece(product_id, code, paper)
    builder = Builder(sample, renderer, known={})
    old = _old_size(builder, piece)
    size, _ = builder.fit(piece)
    key = (product_id, piece.lang_tag, paper)
    if old is not None:  # else a tighter layout decided it, as before
        assert size == old
        assert builder._variants[key] == Variant()
