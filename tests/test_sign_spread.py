"""How a fitted sign's left-over height is shared (kyr/render/spread.py): equal gaps
above and below each rule and at the foot, the foot's share capped, nothing spread when
nothing is left."""

from __future__ import annotations

import pytest

from kyr.geometry import SIGN_BAND_MM
from kyr.render.spread import FOOT_MAX_MM, SPARE_MM, spread_gap_mm


def test_two_languages_share_the_height_between_the_rule_s_two_sides_and_the_foot() -> None:
    assert spread_gap_mm(30.3, 2) == pytest.approx(10.0, abs=0.3)


def test_the_foot_keeps_at_most_its_cap_and_the_gaps_take_the_rest() -> None:
    gap = spread_gap_mm(90.0, 2)
    assert 90.0 - 2 * gap == pytest.approx(FOOT_MAX_MM + SPARE_MM, abs=0.2)
    assert FOOT_MAX_MM < SIGN_BAND_MM


def test_one_language_opens_one_gap_over_its_body() -> None:
    assert spread_gap_mm(20.3, 1) == pytest.approx(10.0, abs=0.3)


@pytest.mark.parametrize(("band", "blocks"), [(0.0, 3), (0.2, 2), (40.0, 0)])
def test_nothing_left_or_nothing_to_spread_opens_no_gap(band, blocks) -> None:
    assert spread_gap_mm(band, blocks) == 0.0
