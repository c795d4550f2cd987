"""A sign's grey rules between its languages keep clear of every glyph: Thai's tone marks,
the reph and the i-sign over a Devanagari headline, Burmese's and Ethiopic's tall letters
and Arabic's marks stay at least CLEARANCE_MM from the rule over their heading, and the
text over a rule as far from it. Read from pixels at 300 dpi, on the longest
configuration, at the smallest sizes a sign takes (letter, three languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kyr.build.run import build
from kyr.config.community import load_community

from .conftest import FIXTURES, rasterize

CLEARANCE_MM = 1.0
DPI = 300
#: The rule is #bbb (187 grey); text is black or the headings' dark red (68 in grey).
RULE_GREY = range(170, 206)
INK_BELOW = 150
#: Each language under a rule: its heading's marks are the tallest of the sign.
MIXES = (("th", "hi"), ("my", "am"), ("ar", "te"))


@pytest.fixture(scope="module")
def signs(tmp_path_factory, renderer) -> Path:
    out = tmp_path_factory.mktemp("divider")
    community = load_community(FIXTURES / "longest-links.toml")
    for paper in ("letter", "tabloid"):
        for mix in MIXES:
            build(community, out, ("sign-private",), mix, paper, renderer=renderer)
    return out


def _mask(image: Image.Image, inside: range) -> Image.Image:
    return image.point(lambda value: 255 if value in inside else 0)


def rule_rows(image: Image.Image) -> list[tuple[int, int]]:
    """(first, last) pixel row of each grey rule across the page: rows that are rule grey
    over 80% of the page's width at least (a rule spans all but the sign's margins)."""
    grey = _mask(image, RULE_GREY).resize((1, image.height), Image.Resampling.BOX)
    rows = [y for y in range(image.height) if grey.getpixel((0, y)) >= 0.8 * 255]
    runs: list[list[int]] = []
    for y in rows:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return [(first, last) for first, last in runs]


def clearances_mm(path: Path) -> list[tuple[float, float]]:
    """For each rule on the first page, how far (mm) the nearest ink is above and below
    it (0 where a glyph touches or crosses it)."""
    image = rasterize(path, 0, dpi=DPI)
    ink = _mask(image, range(INK_BELOW))
    left, right = round(0.03 * image.width), round(0.97 * image.width)
    found = []
    for first, last in rule_rows(image):
        if ink.crop((left, first, right, last + 1)).getbbox():
            found.append((0.0, 0.0))
            continue
        above = ink.crop((left, 0, right, first)).getbbox()
        below = ink.crop((left, last + 1, right, image.height)).getbbox()
        gap_above = first - above[3] if above else image.height
        gap_below = below[1] if below else image.height
        found.append((gap_above * 25.4 / DPI, gap_below * 25.4 / DPI))
    return found


@pytest.mark.parametrize("paper", ["letter", "tabloid"])
@pytest.mark.parametrize("mix", MIXES, ids=["+".join(mix) for mix in MIXES])
def test_no_glyph_comes_within_a_millimetre_of_a_rule(signs, mix, paper) -> None:
    path = signs / f"sign-private-en+{'+'.join(mix)}-{paper}.pdf"
    found = clearances_mm(path)
    assert len(found) == 2, found  # under English, and between the other two
    assert min(min(pair) for pair in found) >= CLEARANCE_MM, found


def test_the_check_sees_a_mark_that_crosses_a_rule(tmp_path) -> None:
    """A red stroke over a grey rule, as a tone mark crossing it looked, is found."""
    image = Image.new("L", (600, 200), 255)
    image.paste(187, (10, 100, 590, 106))  # the rule
    image.paste(68, (300, 60, 310, 103))  # a mark down into it
    path = tmp_path / "crossing.pdf"
    image.save(path, resolution=DPI)
    assert clearances_mm(path) == [(0.0, 0.0)]
