"""Columns that end together (kyr/render/columns.py): how a column's leftover room is
shared among its gaps, and how the gaps are written into the page's HTML. The flyer's
columns, as printed, are read from PDFs in tests/test_page_space.py."""

from __future__ import annotations

import pytest

from kyr.render.columns import MAX_GAP_MM, PX_PER_MM, Column, gaps, with_gaps


def test_a_columns_leftover_is_shared_among_its_gaps_less_a_millimetre() -> None:
    short = Column(members=(0, 1, 2, 3), stretchable=(1, 2, 3), leftover=7 * PX_PER_MM)
    full = Column(members=(4, 5), stretchable=(5,), leftover=1.5 * PX_PER_MM)
    added = gaps([short, full])
    assert set(added) == {1, 2, 3}  # the full column is left as it is
    assert sum(added.values()) == pytest.approx(6 * PX_PER_MM)


def test_a_gap_grows_by_at_most_its_bound() -> None:
    column = Column(members=(0, 1), stretchable=(1,), leftover=40 * PX_PER_MM)
    assert gaps([column]) == {1: pytest.approx(MAX_GAP_MM * PX_PER_MM)}
    assert gaps([column], scale=0.5) == {1: pytest.approx(MAX_GAP_MM * PX_PER_MM / 2)}


def test_gaps_are_written_on_the_elements_by_their_order_in_the_page() -> None:
    html = '<h2>A</h2><ol><li>one</li><li class="x">two</li></ol><h3>B</h3><hr>'
    written = with_gaps(html, {2: 3.0, 3: 1.5})
    assert written == (
        '<h2>A</h2><ol><li>one</li><li style="padding-bottom: 3.00px" class="x">two</li>'
        '</ol><h3 style="padding-top: 1.50px">B</h3><hr>'
    )
    assert with_gaps(html, {}) == html
