"""The page-sized products (door slips, signs, workplace plan), checked from the PDFs
themselves: page sizes, the cut line, the statement, headings, QR codes and footers."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from pathlib import Path

import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops

from kyr import CONTENT_VERSION
from kyr.build.run import build
from kyr.content.context import STATEMENT
from kyr.i18n.catalogs import load_translations
from kyr.i18n.languages import get_language
from kyr.output.manifest import ManifestEntry

from .conftest import MM_PER_PT, decode_qr_codes, open_pdf, page_text, rasterize

PAGE_PRODUCTS = ("door-slip", "door-slip-half", "workplace-plan")
DOOR_SLIPS = ("door-slip", "door-slip-half")
SIGNS = ("sign-private", "sign-public")
SIGN_LANGS = ("en", "ar", "zh-Hans")
SIGN_TAG = "en+ar+zh-Hans"

#: What each build call makes: (folder, products, languages, paper).
BUILDS = (
    ("pages-letter", PAGE_PRODUCTS, ("en", "es", "ar"), "letter"),
    ("pages-a4", PAGE_PRODUCTS, ("en", "ar"), "a4"),
    ("signs-letter", SIGNS, SIGN_LANGS, "letter"),
    ("signs-a4", ("sign-private",), SIGN_LANGS, "a4"),
    ("signs-tabloid", ("sign-private",), SIGN_LANGS, "tabloid"),
    ("signs-a3", SIGNS, ("en",), "a3"),
)

PORTRAIT_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
LANDSCAPE_MM = {
    "letter": (279.4, 215.9),
    "a4": (297.0, 210.0),
    "tabloid": (431.8, 279.4),
    "a3": (420.0, 297.0),
}

HEADING_RED = (0xB3, 0x13, 0x1B)
CUT_LINE_GREY = 0x77
DRAFT = "Draft translation, not yet reviewed"


def _count_either_order(text: str, phrase: str) -> int:
    """Occurrences of an English phrase, also as PDFium extracts it from a right-to-left
    line: words in reverse order, each word's trailing punctuation moved to its front."""
    words = [w[-1] + w[:-1] if w[-1] in ",.:" else w for w in reversed(phrase.split())]
    return text.count(phrase) + text.count(" ".join(words))


@dataclass(frozen=True)
class Built:
    path: Path
    entry: ManifestEntry


@pytest.fixture(scope="module")
def pieces(tmp_path_factory, renderer, sample) -> dict[str, Built]:
    """Every PDF this module reads, by file name. Building is itself a check: kyr refuses
    (RenderError) any piece whose text overflows its page."""
    out = tmp_path_factory.mktemp("page-products")
    built = {}
    for folder, products, languages, paper in BUILDS:
        for entry in build(sample, out / folder, products, languages, paper, renderer=renderer):
            built[entry.path] = Built(out / folder / entry.path, entry)
    return built


def _all_files() -> list[str]:
    names = []
    for _, products, languages, paper in BUILDS:
        for product in products:
            if product in SIGNS:
                others = [lang for lang in languages if lang != "en"]
                names.append(f"{product}-{'+'.join(['en', *others])}-{paper}.pdf")
            else:
                names.extend(f"{product}-{lang}-{paper}.pdf" for lang in languages)
    return names


ALL_FILES = _all_files()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(built: Built) -> str:
    return _squash(page_text(built.path, 0))


def _translation(code: str, msgid: str) -> str:
    return load_translations(get_language(code).catalog_path, code).messages[msgid]


def _size_mm(built: Built) -> tuple[float, float]:
    left, bottom, right, top = open_pdf(built.path)[0].get_mediabox()
    return (right - left) * MM_PER_PT, (top - bottom) * MM_PER_PT


def _row_means(mask: Image.Image) -> list[float]:
    """Per pixel row, the mean of an 8-bit mask (0 = no pixel matched, 255 = all did)."""
    column = mask.convert("F").resize((1, mask.height), Image.Resampling.BOX)
    return list(array("f", column.tobytes()))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of row numbers, as (first, last)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _near(image: Image.Image, color: tuple[int, ...], tolerance: int) -> Image.Image:
    """A mask of the pixels within `tolerance` of `color` in every channel."""
    masks = [
        channel.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
        for channel, c in zip(image.split(), color, strict=True)
    ]
    mask = masks[0]
    for other in masks[1:]:
        mask = ImageChops.multiply(mask, other)
    return mask


# 1. Physical page sizes, one page each.


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("product", PAGE_PRODUCTS)
def test_door_slips_and_plan_are_one_portrait_page_of_the_paper(pieces, product, paper) -> None:
    built = pieces[f"{product}-en-{paper}.pdf"]
    assert len(open_pdf(built.path)) == 1
    assert built.entry.pages == 1
    width, height = _size_mm(built)
    assert width == pytest.approx(PORTRAIT_MM[paper][0], abs=0.1)
    assert height == pytest.approx(PORTRAIT_MM[paper][1], abs=0.1)


@pytest.mark.parametrize(
    "name",
    [
        f"sign-private-{SIGN_TAG}-letter.pdf",
        f"sign-public-{SIGN_TAG}-letter.pdf",
        f"sign-private-{SIGN_TAG}-a4.pdf",
        f"sign-private-{SIGN_TAG}-tabloid.pdf",
        "sign-private-en-a3.pdf",
        "sign-public-en-a3.pdf",
    ],
)
def test_signs_are_one_landscape_page_of_the_paper(pieces, name) -> None:
    built = pieces[name]
    assert len(open_pdf(built.path)) == 1
    assert built.entry.pages == 1
    width, height = _size_mm(built)
    assert width == pytest.approx(LANDSCAPE_MM[built.entry.paper][0], abs=0.1)
    assert height == pytest.approx(LANDSCAPE_MM[built.entry.paper][1], abs=0.1)


# 2. The half-page door slip.


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_half_page_slips_cut_line_runs_across_the_middle_of_the_page(pieces, paper) -> None:
    dpi = 100
    image = rasterize(pieces[f"door-slip-half-en-{paper}.pdf"].path, 0, dpi=dpi)
    grey = image.point(lambda v: 255 if abs(v - CUT_LINE_GREY) <= 30 else 0)
    # A dashed line: about half of the row is #777; no text line comes close.
    rows = [y for y, mean in enumerate(_row_means(grey)) if mean >= 0.3 * 255]
    assert rows, "no dashed grey line found"
    (first, last), *others = _runs(rows)
    assert others == []
    line_mm = (first + last + 1) / 2 * 25.4 / dpi
    assert line_mm == pytest.approx(PORTRAIT_MM[paper][1] / 2, abs=0.5)


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_both_halves_carry_the_statement(pieces, lang) -> None:
    text = _text(pieces[f"door-slip-half-{lang}-letter.pdf"])
    assert text.count(STATEMENT) == 2
    assert text.count("TO THE AGENT:") == 2


# 3. The statement, in English verbatim, and what it says in the holder's language.


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
@pytest.mark.parametrize("product", DOOR_SLIPS)
def test_door_slip_prints_the_english_statement_verbatim(pieces, product, lang) -> None:
    assert STATEMENT in _text(pieces[f"{product}-{lang}-letter.pdf"])


@pytest.mark.parametrize("lang", ["es", "ar"])
@pytest.mark.parametrize("product", DOOR_SLIPS)
def test_door_slip_tells_the_holder_what_it_says_in_their_language(pieces, product, lang) -> None:
    text = _text(pieces[f"{product}-{lang}-letter.pdf"])
    heading = _translation(lang, "What this says")
    assert heading != "What this says"
    assert heading in text


def test_door_slip_prints_the_holders_translation_in_full(pieces) -> None:
    text = _text(pieces["door-slip-es-letter.pdf"])
    assert _squash(_translation("es", STATEMENT)) in text


@pytest.mark.parametrize("product", DOOR_SLIPS)
def test_english_door_slip_has_no_translation_section(pieces, product) -> None:
    text = _text(pieces[f"{product}-en-letter.pdf"])
    assert "What this says" not in text
    assert text.count(STATEMENT) == (2 if product == "door-slip-half" else 1)


# 4. Three-language signs on one page.


@pytest.mark.parametrize(
    ("product", "paper"),
    [
        ("sign-private", "letter"),
        ("sign-private", "a4"),
        ("sign-private", "tabloid"),
        ("sign-public", "letter"),
    ],
)
def test_three_language_sign_is_one_pdf_of_one_page(pieces, product, paper) -> None:
    built = pieces[f"{product}-{SIGN_TAG}-{paper}.pdf"]
    assert built.entry.lang == SIGN_TAG
    assert built.entry.product == product
    assert built.entry.pages == 1
    assert len(open_pdf(built.path)) == 1
    made = [
        name
        for name, other in pieces.items()
        if (other.entry.product, other.entry.paper) == (product, paper)
    ]
    assert made == [f"{product}-{SIGN_TAG}-{paper}.pdf"]
    text = _text(built)
    english = "PRIVATE AREA" if product == "sign-private" else "PUBLIC AREA"
    assert english in text
    for lang in ("ar", "zh-Hans"):
        assert _translation(lang, english) in text


def _gap_above_hotline_mm(
    built: Built, hotline_label: str, hotline_number: str, community_name: str
) -> float:
    """How far the lowest glyph of the main text sits above the top of the hotline block
    (QR code, network name and label) beneath it; negative when they overlap. The main
    text is what the text stream holds between the SAMPLE watermark and the block."""
    page = open_pdf(built.path)[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    assert len(text) == textpage.count_chars()
    watermark = "S A M P L E"
    start = text.find(watermark) + len(watermark) if watermark in text else 0
    label = text.rfind(hotline_label, start, text.find(hotline_number))
    assert label > start
    name = text.rfind(community_name, start, label)
    block_start = name if name > start else label
    main_bottom = min(
        textpage.get_charbox(i)[1] for i in range(start, block_start) if not text[i].isspace()
    )
    label_tops = [
        textpage.get_charbox(i)[3]
        for i in range(block_start, label + len(hotline_label))
        if not text[i].isspace()
    ]
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5)
    qr_top = next(images).get_bounds()[3]
    return (main_bottom - max(*label_tops, qr_top)) * MM_PER_PT


@pytest.mark.parametrize(
    "name",
    [
        f"sign-private-{SIGN_TAG}-letter.pdf",
        f"sign-private-{SIGN_TAG}-a4.pdf",
        f"sign-public-{SIGN_TAG}-letter.pdf",
        f"sign-private-{SIGN_TAG}-tabloid.pdf",
        "sign-public-en-a3.pdf",
        "door-slip-es-letter.pdf",
        "door-slip-ar-letter.pdf",
        "door-slip-half-es-letter.pdf",
        "workplace-plan-es-letter.pdf",
        "workplace-plan-ar-letter.pdf",
        "workplace-plan-en-a4.pdf",
    ],
)
def test_main_text_stays_clear_of_the_hotline_block(pieces, sample, name) -> None:
    built = pieces[name]
    lang = built.entry.lang
    if built.entry.product in SIGNS:
        label = sample.hotline_label
    else:
        label = "Hotline" if lang == "en" else _translation(lang, "Hotline")
    assert _gap_above_hotline_mm(built, label, sample.hotline_number, sample.name) >= 0


# 5. The English sign heading, readable from a distance.


@pytest.mark.parametrize(
    ("name", "min_cap_mm"),
    [
        # Headings are 1.7 times the body, whose capitals are at least 7 mm (letter, a4)
        # and 9 mm (posters): 11.9 mm and 15.3 mm, less half a millimetre for
        # anti-aliased edges.
        (f"sign-private-{SIGN_TAG}-letter.pdf", 11.4),
        (f"sign-private-{SIGN_TAG}-a4.pdf", 11.4),
        (f"sign-public-{SIGN_TAG}-letter.pdf", 11.4),
        (f"sign-private-{SIGN_TAG}-tabloid.pdf", 14.8),
        ("sign-private-en-a3.pdf", 14.8),
    ],
)
def test_english_sign_heading_has_tall_capitals(pieces, name, min_cap_mm) -> None:
    """The first rows of heading red from the top are the capitals of PRIVATE AREA or
    PUBLIC AREA (no descenders): their height is the cap height."""
    dpi = 100
    document = open_pdf(pieces[name].path)
    image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    red = _near(image, HEADING_RED, tolerance=40)
    rows = [y for y, mean in enumerate(_row_means(red)) if mean > 0]
    first, last = _runs(rows)[0]
    assert (last - first + 1) * 25.4 / dpi >= min_cap_mm


# 6. QR codes.


@pytest.mark.parametrize("name", ALL_FILES)
def test_qr_codes_decode_to_the_configured_url(pieces, sample, name) -> None:
    image = rasterize(pieces[name].path, 0, dpi=150)
    expected = 2 if name.startswith("door-slip-half-") else 1
    assert [code.text for code in decode_qr_codes(image)] == [sample.qr_url] * expected


# 7. SAMPLE mark and the footer's version line.


@pytest.mark.parametrize("name", ALL_FILES)
def test_sample_mark_and_version_footer_on_every_piece(pieces, name) -> None:
    built = pieces[name]
    text = _text(built)
    copies = 2 if name.startswith("door-slip-half-") else 1
    assert _count_either_order(text, "SAMPLE: set your local details") == copies
    assert text.count(f"kyr {CONTENT_VERSION} · {built.entry.lang}") == copies


# 8. The draft line for unreviewed translations.


@pytest.mark.parametrize(
    "name",
    [
        "door-slip-es-letter.pdf",
        "door-slip-ar-letter.pdf",
        "door-slip-half-ar-a4.pdf",
        "workplace-plan-es-letter.pdf",
        "workplace-plan-ar-a4.pdf",
        f"sign-private-{SIGN_TAG}-letter.pdf",
        f"sign-public-{SIGN_TAG}-letter.pdf",
    ],
)
def test_unreviewed_translation_carries_the_draft_line(pieces, name) -> None:
    built = pieces[name]
    assert built.entry.reviewed is False
    # In right-to-left text the English note may wrap, its first word ending line one.
    words = {word.strip(",/") for word in _text(built).split()}
    assert {"Draft", "translation", "not", "yet", "reviewed"} <= words


@pytest.mark.parametrize("product", PAGE_PRODUCTS)
def test_draft_line_is_also_in_the_holders_language(pieces, product) -> None:
    # The footer may break its line after the separator (each phrase is kept whole).
    text = " ".join(_text(pieces[f"{product}-es-letter.pdf"]).split())
    assert f"{_translation('es', DRAFT)} / {DRAFT}" in text


def test_three_language_sign_draft_line_is_in_its_other_languages(pieces) -> None:
    text = _text(pieces[f"sign-private-{SIGN_TAG}-letter.pdf"])
    # Chinese may wrap between any two characters: compare without the line breaks.
    assert _translation("zh-Hans", DRAFT) in "".join(text.split())
    assert text.count(DRAFT) == 1


@pytest.mark.parametrize(
    "name",
    [
        "door-slip-en-letter.pdf",
        "door-slip-half-en-a4.pdf",
        "workplace-plan-en-letter.pdf",
        "sign-private-en-a3.pdf",
        "sign-public-en-a3.pdf",
    ],
)
def test_english_only_piece_has_no_draft_line(pieces, name) -> None:
    built = pieces[name]
    assert built.entry.reviewed is True
    assert "Draft translation" not in _text(built)
