"""`kyr build --for print-shop`: PDF/X-4 with the FOGRA39 output intent, every colour in
CMYK (black ink only for text, lines and the QR code), the same bytes on every build."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pikepdf
import pytest

from kyr.build import build
from kyr.print_shop import BRAND_RED_CMYK, cmyk_for_rgb, output_name

from .conftest import decode_qr_codes, rasterize, run_kyr

COLOUR_OPERATORS = {"rg", "RG", "g", "G", "k", "K", "sc", "SC", "scn", "SCN", "cs", "CS"}


@pytest.fixture(scope="module")
def print_shop_build(tmp_path_factory, renderer, sample) -> Path:
    out = tmp_path_factory.mktemp("print-shop")
    build(
        sample, out, ("card", "card-sheet"), ("ar",), "a4", renderer=renderer, target="print-shop"
    )
    return out


def _colour_settings(pdf: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Every colour operator on every page and in every form XObject they draw."""
    found: list[tuple[str, tuple[float, ...]]] = []

    def walk(owner, resources) -> None:
        for instruction in pikepdf.parse_content_stream(owner):
            if str(instruction.operator) in COLOUR_OPERATORS:
                values = tuple(float(v) for v in instruction.operands if not isinstance(
                    v, pikepdf.Name))  # fmt: skip
                found.append((str(instruction.operator), values))
        for xobject in resources.get("/XObject", {}).values():
            if xobject.Subtype == pikepdf.Name.Form:
                walk(xobject, xobject.get("/Resources", pikepdf.Dictionary()))

    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            walk(page, page.resources)
    return found


def _images(pdf: bytes) -> list[tuple[str, int]]:
    with pikepdf.open(BytesIO(pdf)) as document:
        return [
            (str(obj.ColorSpace), int(obj.BitsPerComponent))
            for obj in document.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image
        ]


def test_print_shop_files_are_named_apart_from_home_ones(print_shop_build) -> None:
    names = sorted(p.name for p in print_shop_build.glob("*.pdf"))
    assert names == ["card-ar-a4-print-shop.pdf", "card-sheet-ar-a4-print-shop.pdf"]
    assert output_name("card-es-letter.pdf") == "card-es-letter-print-shop.pdf"


@pytest.mark.parametrize("name", ["card-ar-a4-print-shop.pdf", "card-sheet-ar-a4-print-shop.pdf"])
def test_a_print_shop_pdf_has_a_cmyk_output_intent(print_shop_build, name) -> None:
    with pikepdf.open(print_shop_build / name) as document:
        (intent,) = document.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        xmp = document.Root.Metadata.read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp


@pytest.mark.parametrize("name", ["card-ar-a4-print-shop.pdf", "card-sheet-ar-a4-print-shop.pdf"])
def test_every_colour_in_a_print_shop_pdf_is_cmyk(print_shop_build, name) -> None:
    settings = _colour_settings((print_shop_build / name).read_bytes())
    assert settings
    assert {operator for operator, _ in settings} <= {"k", "K"}
    assert all(len(values) == 4 for _, values in settings)
    assert ("k", BRAND_RED_CMYK) in settings  # the red headings
    assert ("k", (0.0, 0.0, 0.0, 1.0)) in settings  # the text


def test_the_qr_code_is_black_ink_only_and_still_decodes(print_shop_build, sample) -> None:
    path = print_shop_build / "card-ar-a4-print-shop.pdf"
    assert set(_images(path.read_bytes())) == {("/DeviceGray", 1)}
    codes = decode_qr_codes(rasterize(path, 0, dpi=200))
    assert [code.text for code in codes] == [sample.qr_url]


def test_the_home_build_stays_rgb_and_tagged_pdf_ua(card_build) -> None:
    pdf = (card_build / "a4" / "card-ar-a4.pdf").read_bytes()
    assert "rg" in {operator for operator, _ in _colour_settings(pdf)}
    with pikepdf.open(BytesIO(pdf)) as document:
        assert "/OutputIntents" not in document.Root
        assert b"pdfuaid:part" in document.Root.Metadata.read_bytes()


def test_greys_print_in_black_ink_and_text_greys_as_solid_black() -> None:
    assert cmyk_for_rgb(0.2, 0.2, 0.2) == (0.0, 0.0, 0.0, 1.0)  # #333 body text
    assert cmyk_for_rgb(0x77 / 255, 0x77 / 255, 0x77 / 255) == (0.0, 0.0, 0.0, 0.5333)
    assert cmyk_for_rgb(1.0, 1.0, 1.0) == (0.0, 0.0, 0.0, 0.0)
    assert cmyk_for_rgb(0xB3 / 255, 0x13 / 255, 0x1B / 255) == BRAND_RED_CMYK


def test_two_print_shop_builds_are_byte_identical(print_shop_build, tmp_path, sample) -> None:
    again = run_kyr(
        "build", "--for", "print-shop", "--product", "card", "--product", "card-sheet",
        "--lang", "ar", "--paper", "a4", "--out", str(tmp_path),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    for name in ("card-ar-a4-print-shop.pdf", "card-sheet-ar-a4-print-shop.pdf"):
        assert (tmp_path / name).read_bytes() == (print_shop_build / name).read_bytes(), name
