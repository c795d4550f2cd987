"""Content 2026.12, read back from the PDFs: every public product prints the print rules
(SAMPLE mark, not-legal-advice line, version and locale code, draft line); the new
products have their physical sizes and decodable QR codes; the flyer and the door slip
carry the warrant checks in English and in the holder's language; signs are readable
from 3 m (capital heights measured from pixels) and a uniform build's signs share one
size (tests/test_sign_sizes.py: each sign's own size and its targets)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from kyr import CONTENT_VERSION, paths
from kyr.build.run import build
from kyr.cli.main import cli
from kyr.config.community import load_community
from kyr.content.context import STATEMENT
from kyr.content.products import public_products
from kyr.errors import ExitStatus
from kyr.geometry import INCH, card_size, sticker_sheet_layout
from kyr.i18n.catalogs import load_translations
from kyr.i18n.languages import get_language

from .conftest import FIXTURES, decode_qr_codes, open_pdf, page_text, rasterize

DRAFT = "Draft translation, not yet reviewed"
DISCLAIMER = "General information, not legal advice."


def translation(code: str, msgid: str) -> str:
    text = load_translations(get_language(code).catalog_path, code).messages[msgid]
    return text.replace("**", "")


def squash(text: str) -> str:
    return " ".join(text.split())


def all_text(path: Path) -> str:
    return " ".join(page_text(path, index) for index in range(len(open_pdf(path))))


@pytest.fixture(scope="module")
def every_product(tmp_path_factory, renderer, sample) -> Path:
    """Every public product in English and Arabic on letter, from the sample config."""
    out = tmp_path_factory.mktemp("every")
    build(sample, out, (), ("en", "ar"), "letter", renderer=renderer)
    return out


@pytest.fixture(scope="module")
def spanish(tmp_path_factory, renderer, sample) -> Path:
    out = tmp_path_factory.mktemp("es")
    products = ("door-slip", "flyer", "card", "report-card", "sticker-sheet")
    build(sample, out, products, ("es",), "letter", renderer=renderer)
    build(sample, out, ("sticker-sheet", "report-card"), ("es",), "a4", renderer=renderer)
    return out


def _words_in(text: str, phrase: str) -> bool:
    """Most of `phrase`'s words are in `text` (PDFium splits Arabic marks from letters)."""
    words = [word.strip(".,،") for word in phrase.split()]
    return sum(word in text for word in words) >= max(1, len(words) - 1)


PDF_PRODUCTS = [product for product in public_products().values() if product.is_pdf]


@pytest.mark.parametrize("product", PDF_PRODUCTS, ids=lambda p: p.id)
def test_every_product_prints_the_print_rules_in_english_and_arabic(every_product, product):
    tags = {"each": ["en", "ar"], "english": ["en"]}.get(product.languages, ["en+ar"])
    for tag in tags:
        path = every_product / f"{product.id}-{tag}-letter.pdf"
        text = squash(all_text(path))
        assert "SAMPLE" in text.replace(" ", ""), path.name
        # The version line is left to right; PDFium may read it backwards on an Arabic page.
        versions = [f"kyr {CONTENT_VERSION} · {code}" for code in (tag, *tag.split("+"))]
        found = [v for v in versions if v in text or " ".join(reversed(v.split())) in text]
        assert found, path.name
        assert DISCLAIMER in text or _words_in(text, translation("ar", DISCLAIMER)), path.name
        if "ar" in tag:
            assert "DRAFT" in text or _words_in(text, DRAFT), path.name
        else:
            assert "DRAFT" not in text and DRAFT not in text, path.name


def test_a_product_that_forgets_a_print_rule_is_refused(tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    flyer = templates / "flyer.html"
    flyer.write_text(re.sub(r"\{\{ footer\(.*?\}\}", "", flyer.read_text(), flags=re.S))
    result = CliRunner().invoke(
        cli,
        ["--templates", str(templates), "build", "--product", "flyer", "--lang", "en",
         "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == ExitStatus.RENDER, result.output
    assert "does not print the not-legal-advice line" in result.output
    assert not (tmp_path / "out").exists()


def test_report_card_is_wallet_size_with_bleed(every_product) -> None:
    import pikepdf

    with pikepdf.open(every_product / "report-card-en-letter.pdf") as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.TrimBox]
    card = card_size("letter")
    width_mm = (trim[2] - trim[0]) * 25.4 / 72
    height_mm = (trim[3] - trim[1]) * 25.4 / 72
    assert (width_mm, height_mm) == pytest.approx((card.width, card.height), abs=0.05)


def test_report_card_back_qr_decodes_and_the_sheet_has_ten(every_product, sample) -> None:
    back = rasterize(every_product / "report-card-ar-letter.pdf", 1, dpi=200)
    assert [code.text for code in decode_qr_codes(back)] == [sample.qr_url]
    backs = rasterize(every_product / "report-card-sheet-en-letter.pdf", 1, dpi=200)
    assert [code.text for code in decode_qr_codes(backs)] == [sample.qr_url] * 10


@pytest.mark.parametrize(("paper", "count"), [("letter", 9), ("a4", 12)])
def test_stickers_sit_on_their_sheet_and_every_qr_decodes(
    every_product, spanish, sample, paper, count
):
    path = (every_product if paper == "letter" else spanish) / (
        f"sticker-sheet-{'en' if paper == 'letter' else 'es'}-{paper}.pdf"
    )
    dpi = 200
    codes = decode_qr_codes(rasterize(path, 0, dpi=dpi))
    assert [code.text for code in codes] == [sample.qr_url] * count
    layout = sticker_sheet_layout(paper)
    px = 25.4 / dpi
    centres = sorted(
        (round((c.position.top_left.x + c.position.bottom_right.x) / 2 * px),
         round((c.position.top_left.y + c.position.bottom_right.y) / 2 * px))
        for c in codes
    )  # fmt: skip
    # The code is centred across its sticker, 19 mm + 14.5 mm from its top (sticker.css).
    expected = sorted(
        (round(cell.x + layout.card.width / 2), round(cell.y + 19 + 14.5))
        for cell in layout.front_cells()
    )
    for (fx, fy), (ex, ey) in zip(centres, expected, strict=True):
        assert abs(fx - ex) <= 1 and abs(fy - ey) <= 1


def test_avery_3274_1_geometry() -> None:
    layout = sticker_sheet_layout("letter")
    assert (layout.columns, layout.rows) == (3, 3)
    assert layout.card.width == pytest.approx(2.5 * INCH)
    assert (layout.left, layout.top) == pytest.approx((0.3125 * INCH, 1.25 * INCH))
    assert (layout.step_x, layout.step_y) == pytest.approx((2.6875 * INCH, 3 * INCH))
    assert layout.left + layout.grid_width <= layout.page_width


@pytest.mark.parametrize("product_id", ["flyer", "door-slip"])
def test_warrant_checks_print_in_english_and_in_the_holders_language(
    every_product, spanish, product_id
) -> None:
    english = squash(all_text(every_product / f"{product_id}-en-letter.pdf"))
    assert "How to check a warrant" in english
    assert "Forms I-200 and I-205 are signed by an immigration officer" in english
    assert "If they come in anyway" in english
    text = squash(all_text(spanish / f"{product_id}-es-letter.pdf"))
    for msgid in ("How to check a warrant", "If they come in anyway"):
        assert squash(translation("es", msgid)) in text


@pytest.mark.parametrize("product_id", ["flyer", "door-slip"])
def test_the_statement_still_extracts_verbatim(every_product, product_id) -> None:
    assert STATEMENT in squash(all_text(every_product / f"{product_id}-en-letter.pdf"))


def test_the_door_slip_statement_fills_its_share_of_the_page(every_product) -> None:
    with pdfplumber.open(every_product / "door-slip-en-letter.pdf") as document:
        words = document.pages[0].extract_words(extra_attrs=["size", "fontname"])
    statement = [w for w in words if w["size"] >= 20]
    assert len(statement) >= len(STATEMENT.split())
    bold = " ".join(w["text"] for w in words if "Bold" in w["fontname"] and w["size"] >= 20)
    assert "unless you have a warrant to enter, signed by a judge or magistrate" in bold


def test_the_card_front_sets_the_key_verbs_in_bold_capitals(every_product) -> None:
    with pdfplumber.open(every_product / "card-en-letter.pdf") as document:
        words = document.pages[0].extract_words(extra_attrs=["fontname"])
    bold = " ".join(w["text"] for w in words if "Bold" in w["fontname"])
    for words_ in ("DO NOT OPEN THE DOOR", "DO NOT ANSWER", "DO NOT SIGN", "GIVE THIS CARD"):
        assert words_ in bold


def _cap_height_mm(path: Path, word: str, dpi: int = 600) -> float:
    """The height of the first capital of `word`, measured from the pixels."""
    with pdfplumber.open(path) as document:
        page = document.pages[0]
        chars = page.chars
        index = "".join(c["text"] for c in chars).index(word)
        char = chars[index]
    image = rasterize(path, 0, dpi=dpi).convert("L")
    scale = dpi / 72
    box = (char["x0"] * scale, char["top"] * scale, char["x1"] * scale, char["bottom"] * scale)
    glyph = image.crop(tuple(round(v) for v in box))
    rows = [
        y
        for y in range(glyph.height)
        if min(glyph.crop((0, y, glyph.width, y + 1)).tobytes()) < 128
    ]
    return (max(rows) - min(rows) + 1) * 25.4 / dpi


@pytest.mark.parametrize(("paper", "least_mm"), [("letter", 7.0), ("tabloid", 9.0)])
def test_sign_body_capitals_are_readable_from_3_m(tmp_path, renderer, sample, paper, least_mm):
    build(sample, tmp_path, ("sign-private",), ("en", "es", "ar"), paper, renderer=renderer)
    path = tmp_path / f"sign-private-en+es+ar-{paper}.pdf"
    assert _cap_height_mm(path, "No entry") >= least_mm


def _size_of(chars: list[dict], word: str) -> float:
    text = "".join(c["text"] for c in chars)
    return round(chars[text.index(word)]["size"], 1)


def test_the_english_sign_heading_is_the_largest_and_translated_ones_share_a_size(
    tmp_path, renderer, sample
) -> None:
    build(sample, tmp_path, ("sign-private",), ("en", "es", "ar"), "letter", renderer=renderer)
    with pdfplumber.open(tmp_path / "sign-private-en+es+ar-letter.pdf") as document:
        chars = document.pages[0].chars
    english, body = _size_of(chars, "PRIVATE"), _size_of(chars, "No entry")
    assert english == pytest.approx(2.2 * body, abs=0.2)
    heading = _size_of(chars, "PRIVADA")
    assert heading == pytest.approx(1.7 * body, abs=0.2)
    arabic_heading = [
        c for c in chars if "\u0600" <= c["text"] <= "\u06ff" and round(c["size"], 1) == heading
    ]
    assert len(arabic_heading) >= 5


def test_every_sign_of_a_uniform_build_uses_one_body_size(tmp_path, renderer, sample) -> None:
    entries = build(
        sample, tmp_path, ("sign-public", "sign-private"), ("es", "vi", "ar", "zh-Hans"), "letter",
        renderer=renderer, uniform=True,
    )  # fmt: skip
    sizes = {entry.product: set() for entry in entries}
    for entry in entries:
        sizes[entry.product].add(entry.font_size_pt)
    assert all(len(found) == 1 for found in sizes.values()), sizes


def test_the_longest_configuration_fits_the_new_products(tmp_path, renderer) -> None:
    community = load_community(FIXTURES / "longest-latin.toml")
    products = ("report-card", "report-card-sheet", "flyer", "sticker-sheet")
    build(community, tmp_path, products, ("en", "ar", "zh-Hans"), "letter", renderer=renderer)
    for path in tmp_path.glob("sticker-sheet-*.pdf"):
        assert len(decode_qr_codes(rasterize(path, 0, dpi=200))) == 9


@pytest.mark.parametrize(
    ("name", "size_mm"),
    [
        ("flyer-en-letter.pdf", (215.9, 279.4)),
        ("sticker-sheet-en-letter.pdf", (215.9, 279.4)),
        ("report-card-sheet-en-letter.pdf", (215.9, 279.4)),
    ],
)
def test_page_products_are_one_page_of_their_paper(every_product, name, size_mm) -> None:
    import pikepdf

    with pikepdf.open(every_product / name) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        pages = len(pdf.pages)
    assert pages == (2 if "sheet" in name and "sticker" not in name else 1)
    width, height = ((box[2] - box[0]) * 25.4 / 72, (box[3] - box[1]) * 25.4 / 72)
    assert (width, height) == pytest.approx(size_mm, abs=0.05)


def test_the_a4_sticker_sheet_is_a4(spanish) -> None:
    import pikepdf

    for name in ("sticker-sheet-es-a4.pdf",):
        with pikepdf.open(spanish / name) as pdf:
            box = [float(v) for v in pdf.pages[0].MediaBox]
        assert ((box[2] - box[0]) * 25.4 / 72, (box[3] - box[1]) * 25.4 / 72) == pytest.approx(
            (210, 297), abs=0.05
        )
