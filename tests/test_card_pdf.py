"""The wallet card products, checked from the PDFs themselves: sizes, boxes, text, QR."""

from __future__ import annotations

import json
import re

import pytest

from kyr import CONTENT_VERSION
from kyr.content.context import STATEMENT
from kyr.content.qr import qr_matrix
from kyr.geometry import INCH, card_sheet_layout

from .conftest import MM_PER_PT, decode_qr_codes, open_pdf, page_text, rasterize

LANGS = ("en", "es", "ar", "zh-Hans")


def _box_mm(box: tuple[float, float, float, float]) -> tuple[float, float]:
    left, bottom, right, top = box
    return round((right - left) * MM_PER_PT, 2), round((top - bottom) * MM_PER_PT, 2)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    ("paper", "trim", "bleed"),
    [("letter", (88.9, 50.8), INCH / 8), ("a4", (85.0, 55.0), 3.0)],
)
def test_card_has_exact_trim_and_bleed_boxes(card_build, paper, trim, bleed) -> None:
    document = open_pdf(card_build / paper / f"card-en-{paper}.pdf")
    assert len(document) == 2
    for page in document:
        trim_w, trim_h = _box_mm(page.get_trimbox())
        bleed_w, bleed_h = _box_mm(page.get_bleedbox())
        assert trim_w == pytest.approx(trim[0], abs=0.05)
        assert trim_h == pytest.approx(trim[1], abs=0.05)
        assert bleed_w == pytest.approx(trim[0] + 2 * bleed, abs=0.05)
        assert bleed_h == pytest.approx(trim[1] + 2 * bleed, abs=0.05)


@pytest.mark.parametrize("lang", LANGS)
def test_back_of_card_carries_statement_verbatim(card_build, lang) -> None:
    back = page_text(card_build / "letter" / f"card-{lang}-letter.pdf", 1)
    assert STATEMENT in _squash(back)


def test_statement_is_the_brief_wording_word_for_word() -> None:
    brief = (
        "I do not wish to speak with you, answer your questions, or sign or hand you any "
        "documents based on my 5th Amendment rights under the United States Constitution. "
        "I do not give you permission to enter my home based on my 4th Amendment rights "
        "under the United States Constitution unless you have a warrant to enter, signed by "
        "a judge or magistrate with my name on it that you slide under the door. I do not give "
        "you permission to search any of my belongings based on my 4th Amendment rights. I "
        "choose to exercise my constitutional rights."
    )
    assert brief == STATEMENT


@pytest.mark.parametrize("lang", LANGS)
def test_card_qr_decodes_from_a_150_dpi_rendering(card_build, sample, lang) -> None:
    image = rasterize(card_build / "letter" / f"card-{lang}-letter.pdf", 0, dpi=150)
    assert [code.text for code in decode_qr_codes(image)] == [sample.qr_url]


def test_card_qr_is_at_least_20_mm_with_quiet_zone(card_build) -> None:
    dpi = 300
    image = rasterize(card_build / "letter" / "card-en-letter.pdf", 0, dpi=dpi)
    (code,) = decode_qr_codes(image)
    corners = code.position
    symbol_px = corners.top_right.x - corners.top_left.x
    modules = 25  # version 2 symbol for the sample URL, without quiet zone
    module_mm = symbol_px / modules * 25.4 / dpi
    assert (modules + 8) * module_mm >= 20.0


def test_front_carries_locale_code_version_and_disclaimer(card_build) -> None:
    front = _squash(page_text(card_build / "letter" / "card-es-letter.pdf", 0))
    assert f"kyr {CONTENT_VERSION} · es" in front
    assert "SAMPLE: set your local details" in front
    assert "Información general, no asesoría legal." in front


def test_back_of_a_draft_translation_says_draft_where_the_disclaimer_was(card_build) -> None:
    back = _squash(page_text(card_build / "letter" / "card-es-letter.pdf", 1))
    assert "DRAFT · Traducción preliminar, aún sin revisar" in back
    assert f"kyr {CONTENT_VERSION} · es" in back
    english = _squash(page_text(card_build / "letter" / "card-en-letter.pdf", 1))
    assert "General information, not legal advice." in english


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_sheet_fronts_sit_on_the_card_grid(card_build, sample, paper) -> None:
    """Each card's QR code is found where the grid puts its card (within 0.5 mm)."""
    layout = card_sheet_layout(paper)
    dpi = 200
    path = card_build / paper / f"card-sheet-en-{paper}.pdf"
    image = rasterize(path, 0, dpi=dpi)
    codes = decode_qr_codes(image)
    assert len(codes) == 10
    assert {code.text for code in codes} == {sample.qr_url}
    px = 25.4 / dpi
    found = sorted((c.position.top_right.x * px, c.position.top_right.y * px) for c in codes)
    # The QR's top-right symbol corner: 3 mm from the card's side and 2.6 mm from its top,
    # a 22 mm code (quiet zone included) filling its column, then the 4-module quiet zone.
    quiet = 4 * 22 / len(qr_matrix(sample.qr_url))
    expected = sorted(
        (cell.x + layout.card.width - 3 - quiet, cell.y + 2.6 + quiet)
        for cell in layout.front_cells()
    )
    for (fx, fy), (ex, ey) in zip(found, expected, strict=True):
        assert fx == pytest.approx(ex, abs=0.5)
        assert fy == pytest.approx(ey, abs=0.5)


def test_letter_sheet_is_the_avery_5371_grid() -> None:
    layout = card_sheet_layout("letter")
    assert (layout.page_width, layout.page_height) == pytest.approx((215.9, 279.4))
    assert layout.left == pytest.approx(0.75 * INCH)
    assert layout.top == pytest.approx(0.5 * INCH)
    assert layout.left + layout.grid_width == pytest.approx(layout.page_width - 0.75 * INCH)
    assert layout.top + layout.grid_height == pytest.approx(layout.page_height - 0.5 * INCH)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_sheet_backs_land_behind_their_fronts_with_long_edge_flip(card_build, paper) -> None:
    """Every back cell holds one whole statement, at the mirrored column position."""
    layout = card_sheet_layout(paper)
    document = open_pdf(card_build / paper / f"card-sheet-en-{paper}.pdf")
    assert len(document) == 2
    textpage = document[1].get_textpage()
    height_pt = layout.page_height / MM_PER_PT
    for cell in layout.back_cells():
        left = cell.x / MM_PER_PT
        right = (cell.x + layout.card.width) / MM_PER_PT
        top = height_pt - cell.y / MM_PER_PT
        bottom = height_pt - (cell.y + layout.card.height) / MM_PER_PT
        text = _squash(textpage.get_text_bounded(left, bottom, right, top))
        assert STATEMENT in text
    fronts = layout.front_cells()
    backs = layout.back_cells()
    for front, back in zip(fronts, backs, strict=True):
        # Flipped on the long edge, x becomes page width - x - card width.
        assert back.x == pytest.approx(layout.page_width - front.x - layout.card.width)
        assert back.y == pytest.approx(front.y)


def test_foldover_puts_front_and_back_side_by_side(card_build, sample) -> None:
    path = card_build / "letter" / "card-foldover-en-letter.pdf"
    document = open_pdf(path)
    assert len(document) == 1
    image = rasterize(path, 0, dpi=150)
    assert len(decode_qr_codes(image)) == 5
    assert _squash(page_text(path, 0)).count(STATEMENT) == 5


def test_manifest_lists_every_pdf_with_hash_and_pages(card_build) -> None:
    import hashlib

    entries = json.loads((card_build / "letter" / "manifest.json").read_text())
    assert len(entries) == 12
    for entry in entries:
        data = (card_build / "letter" / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == len(open_pdf(card_build / "letter" / entry["path"]))
        assert entry["paper"] == "letter"
        assert set(entry) >= {"product", "lang", "paper", "path", "pages", "sha256"}


def _inflated(data: bytes) -> bytes:
    """The PDF with every Flate stream decompressed, to search its objects as text."""
    import zlib

    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_metadata_has_title_and_language_and_no_local_paths(card_build) -> None:
    from kyr import paths

    document = open_pdf(card_build / "letter" / "card-ar-letter.pdf")
    assert document.get_metadata_dict()["Title"] == "اعرف حقوقك · Example Rapid Response Network"
    data = _inflated((card_build / "letter" / "card-ar-letter.pdf").read_bytes())
    assert b"/Lang (ar)" in data
    assert str(paths.CHECKOUT).encode() not in data
    assert b"/tmp" not in data and b"/root" not in data and b"/home" not in data
    assert b"CreationDate" not in data


@pytest.mark.parametrize(
    ("lang", "page", "side"), [("ar", 0, "left"), ("ar", 1, "right"), ("es", 0, "right")]
)
def test_version_sits_at_the_end_of_the_footer_line(card_build, lang, page, side) -> None:
    """Right-to-left fronts end on the left; the English back always ends on the right."""
    document = open_pdf(card_build / "letter" / f"card-{lang}-letter.pdf")
    left, bottom, right, _ = document[page].get_trimbox()
    textpage = document[page].get_textpage()
    third = (right - left) / 3
    footer_top = bottom + 6 / MM_PER_PT
    span = (left, bottom, left + third, footer_top)
    if side == "right":
        span = (right - third, bottom, right, footer_top)
    found = set(textpage.get_text_bounded(*span).split())  # any bidi order
    assert {"kyr", CONTENT_VERSION, "·", lang} <= found


def test_sheet_is_imposed_from_the_single_card_with_its_bleed_clipped(card_build) -> None:
    """Each cell shows the card's trim area only: no crop mark of the single card lands on
    the sheet, so the sheet's white gutterless grid is the cut line."""
    from kyr.geometry import card_sheet_layout

    layout = card_sheet_layout("letter")
    image = rasterize(card_build / "letter" / "card-sheet-es-letter.pdf", 0, dpi=100)
    px = 100 / 25.4
    # The gap between two columns' cards has no ink from the cards' bleed or marks.
    x = layout.left + layout.card.width
    column = [image.getpixel((round(x * px), round(y * px))) for y in range(20, 260)]
    assert min(column) > 200


def test_crop_marks_sit_outside_the_bleed(card_build) -> None:
    """A print shop's marks: in a slug beyond the BleedBox, none inside the bleed band."""
    path = card_build / "letter" / "card-en-letter.pdf"
    page = open_pdf(path)[0]
    media_left, _, _, media_top = page.get_mediabox()
    bleed_left, bleed_bottom, _, bleed_top = page.get_bleedbox()
    trim_left, _, _, trim_top = page.get_trimbox()
    assert bleed_left - media_left > 15  # a slug of several millimetres
    dpi = 200
    image = rasterize(path, 0, dpi=dpi)
    scale = dpi / 72

    def dark_pixels(x0: float, x1: float, y0: float, y1: float) -> int:
        """Dark pixels in a box given in PDF points (y up)."""
        box = (
            round((x0 - media_left) * scale), round((media_top - y1) * scale),
            round((x1 - media_left) * scale), round((media_top - y0) * scale),
        )  # fmt: skip
        return sum(image.crop(box).convert("L").histogram()[:128])

    # Left of the card, level with the trim's top edge: the mark is in the slug ...
    assert dark_pixels(media_left, bleed_left - 1, trim_top - 2, trim_top + 2) > 0
    # ... and nothing is drawn in the bleed band beside it.
    assert dark_pixels(bleed_left + 0.5, trim_left - 0.5, bleed_bottom, bleed_top) == 0


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_on_the_card_is_smaller_than_6_pt(card_build, lang) -> None:
    import pypdfium2.raw as pdfium_c

    px_to_pt = 0.75  # WeasyPrint sets type in CSS px under a 0.75 scale
    document = open_pdf(card_build / "letter" / f"card-{lang}-letter.pdf")
    for page in document:
        textpage = page.get_textpage()
        sizes = {
            round(pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * px_to_pt, 2)
            for index in range(textpage.count_chars())
            if not textpage.get_text_range(index, 1).isspace()
        }
        # The smallest is the footer's 6 pt, which also confirms the unit conversion.
        assert min(sizes) == pytest.approx(6.0, abs=0.01), sorted(sizes)[:5]
