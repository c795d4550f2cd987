"""The flyer, the half door slip and the workplace plan use their page, read from the
PDFs built with the long configuration: the flyer's hotline is large and near the top,
no wide empty band is left above a footer (under either of the flyer's columns), the
half slip's statement grows into its half, and the red rules under headings clear the
glyphs above them (Burmese, Thai, Hindi, Amharic and Arabic headings too)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from kyr.build.run import build
from kyr.config.community import load_community
from kyr.content.context import STATEMENT

from .conftest import FIXTURES, rasterize
from .page_space import blank_above, column_bands_mm, ink_just_above, inked_rows, mm, px, red_rules

LONG = FIXTURES / "longest-links.toml"
DPI = 300
RULE_LANGS = ("en", "ar", "my", "th", "hi", "am")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, renderer) -> Path:
    """The flyer and plan on letter in scripts with tall marks, and the half slip; the
    flyer on a4 too."""
    out = tmp_path_factory.mktemp("page-space")
    community = load_community(LONG)
    build(
        community, out, ("flyer", "workplace-plan"), ("en", "ar", "my"), "letter", renderer=renderer
    )
    build(community, out, ("flyer",), ("zh-Hans",), "letter", renderer=renderer)
    build(community, out, ("flyer",), ("zh-Hans",), "a4", renderer=renderer)
    build(community, out, ("flyer", "door-slip-half"), ("en",), "a4", renderer=renderer)
    build(community, out, ("door-slip-half",), ("en",), "letter", renderer=renderer)
    return out


def hotline_sizes(path: Path) -> set[float]:
    with pdfplumber.open(path) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    return {round(w["size"], 1) for w in words if "241-4011" in w["text"]}


def flyer_blank_mm(path: Path) -> float:
    """The blank band between the flyer's last content and its footer (rows with no ink
    across the page), at 100 dpi."""
    image = rasterize(path, 0, dpi=100)
    rows = inked_rows(image)
    footer_box = image.height - px(20, 100)
    return mm(blank_above(rows, 0, footer_box), 100)


def flyer_column_bands_mm(path: Path) -> tuple[float, float]:
    """The blank height under each of the flyer's two columns (14 mm from the page's
    sides, 8 mm apart) down to its footer, at 100 dpi."""
    return column_bands_mm(rasterize(path, 0, dpi=100), 100, 20, 14, 8)


@pytest.mark.parametrize(("lang", "paper"), [("en", "letter"), ("ar", "letter"), ("en", "a4")])
def test_flyer_hotline_prints_at_28pt_or_more(pages, lang, paper) -> None:
    sizes = hotline_sizes(pages / f"flyer-{lang}-{paper}.pdf")
    assert sizes and min(sizes) >= 28, sizes


def test_flyer_hotline_and_network_stand_in_the_top_third(pages) -> None:
    with pdfplumber.open(pages / "flyer-en-letter.pdf") as document:
        page = document.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        height = page.height
    number = [w for w in words if "241-4011" in w["text"]]
    name = [w for w in words if w["text"] == "Oakland"]
    assert number and number[0]["top"] < height / 3
    assert name and name[0]["top"] < height / 3 and name[0]["size"] >= 12


@pytest.mark.parametrize(
    ("lang", "paper"), [("en", "letter"), ("ar", "letter"), ("my", "letter"), ("en", "a4")]
)
def test_flyer_leaves_no_empty_band_over_15mm_above_its_footer(pages, lang, paper) -> None:
    assert flyer_blank_mm(pages / f"flyer-{lang}-{paper}.pdf") <= 15


@pytest.mark.parametrize(
    ("lang", "paper"),
    [("ar", "letter"), ("zh-Hans", "letter"), ("my", "letter"), ("zh-Hans", "a4"), ("en", "a4")],
)
def test_flyer_columns_both_end_within_15mm_of_the_footer(pages, lang, paper) -> None:
    # Before the columns were justified, Arabic's first column ended 18 mm and Chinese's
    # second 22 mm above the footer (letter), the other column full.
    bands = flyer_column_bands_mm(pages / f"flyer-{lang}-{paper}.pdf")
    assert max(bands) <= 15, bands


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_half_door_slip_statement_grows_into_its_half(pages, paper) -> None:
    path = pages / f"door-slip-half-en-{paper}.pdf"
    with pdfplumber.open(path) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    statement = {round(w["size"], 1) for w in words if w["text"] in ("wish", "Constitution.")}
    assert min(statement) >= 16, statement
    image = rasterize(path, 0, dpi=100)
    rows = inked_rows(image)
    # The top half: from the statement down to the hotline block (its QR code's top).
    half = image.height // 2
    contact_top = half - px(37, 100)
    assert mm(blank_above(rows, 0, contact_top), 100) <= 20


def test_half_door_slip_keeps_the_statement_verbatim(pages) -> None:
    with pdfplumber.open(pages / "door-slip-half-en-letter.pdf") as document:
        text = " ".join(document.pages[0].extract_text().split())
    assert text.count(STATEMENT) == 2


@pytest.mark.parametrize("lang", ["en", "ar", "my"])
@pytest.mark.parametrize("product", ["flyer", "workplace-plan"])
def test_heading_rules_clear_the_glyphs_above_them(pages, product, lang) -> None:
    image = rasterize_colour(pages / f"{product}-{lang}-letter.pdf")
    rules = red_rules(image, DPI)
    assert len(rules) >= 4
    touching = [ink_just_above(image, rule, DPI, 0.3) for rule in rules]
    assert not any(touching), touching


def rasterize_colour(path: Path):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path))[0].render(scale=DPI / 72).to_pil()


def flyer_problems(flyer: Path) -> list[str]:
    """A flyer whose hotline is under 28 pt or that leaves an empty band over 15 mm above
    its footer, across the page or under a column (the slow sweep in
    test_real_network_pdfs runs this on every language)."""
    problems = []
    if min(hotline_sizes(flyer), default=0) < 28:
        problems.append(f"{flyer.name}: hotline {hotline_sizes(flyer)}")
    if flyer_blank_mm(flyer) > 15:
        problems.append(f"{flyer.name}: blank band {flyer_blank_mm(flyer):.1f} mm")
    if max(flyer_column_bands_mm(flyer)) > 15:
        problems.append(f"{flyer.name}: under a column {flyer_column_bands_mm(flyer)} mm")
    return problems


def rule_problems(path: Path) -> list[str]:
    """The red rules under headings that have ink just above them (300 dpi)."""
    image = rasterize_colour(path)
    touching = [ink_just_above(image, rule, DPI, 0.3) for rule in red_rules(image, DPI)]
    return [f"{path.name}: ink on a rule {touching}"] if any(touching) else []
