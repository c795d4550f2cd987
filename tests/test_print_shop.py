"""`kyr build --for print-shop`: PDF/X-4 with the FOGRA39 output intent, every colour in
CMYK (black ink only for text, lines and the QR code) but the crop marks, in registration
colour (the /All separation), the same bytes on every build."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from PIL import ImageChops, ImageStat

from kyr import paths
from kyr.build.run import build
from kyr.errors import ExitStatus
from kyr.geometry import card_sheet_layout
from kyr.pdf.impose import MM
from kyr.pdf.print_shop import BRAND_RED_CMYK, cmyk_content, cmyk_for_rgb, output_name
from kyr.pdf.registration import RESOURCE as REGISTRATION

from .conftest import decode_qr_codes, open_pdf, rasterize, run_kyr

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
def test_every_colour_in_a_print_shop_pdf_is_cmyk_or_registration(print_shop_build, name) -> None:
    settings = _colour_settings((print_shop_build / name).read_bytes())
    cmyk = [values for operator, values in settings if operator in ("k", "K")]
    others = [(operator, values) for operator, values in settings if operator not in ("k", "K")]
    assert cmyk and all(len(values) == 4 for values in cmyk)
    assert BRAND_RED_CMYK in cmyk  # the red headings
    assert (0.0, 0.0, 0.0, 1.0) in cmyk  # the text
    # The rest is registration: the separation chosen (cs), then its full tint (scn).
    assert others
    assert {operator for operator, _ in others} <= {"cs", "CS", "scn", "SCN"}
    assert {values for operator, values in others if operator in ("scn", "SCN")} == {(1.0,)}


@pytest.mark.parametrize("name", ["card-ar-a4-print-shop.pdf", "card-sheet-ar-a4-print-shop.pdf"])
def test_the_registration_colour_is_the_all_separation(print_shop_build, name) -> None:
    with pikepdf.open(print_shop_build / name) as document:
        for page in document.pages:
            kind, colourant, alternate, tint = page.resources.ColorSpace[REGISTRATION]
            assert (kind, colourant, alternate) == ("/Separation", "/All", "/DeviceCMYK")
            assert (list(tint.C0), list(tint.C1)) == ([0, 0, 0, 0], [1, 1, 1, 1])


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _painted_paths(page: pikepdf.Page) -> list[tuple[str, Box]]:
    """Every path painted on `page` (not in the forms it places): the colour it is
    painted in ("registration", or "cmyk" for k/K) and its bounding box on the page."""
    ctm, path = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    colour = {"fill": "cmyk", "stroke": "cmyk"}
    saved: list = []
    painted: list[tuple[str, Box]] = []

    def point(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = ctm
        return (a * x + c * y + e, b * x + d * y + f)

    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        geometry = name in ("cm", "re", "m", "l", "c", "v", "y")
        values = [float(v) for v in operands] if geometry else []
        if name == "q":
            saved.append((ctm, dict(colour)))
        elif name == "Q":
            ctm, colour = saved.pop()
        elif name == "cm":
            a, b, c, d, e, f = values
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)  # fmt: skip
        elif name in ("cs", "CS"):
            assert operands[0] == pikepdf.Name(REGISTRATION)
            colour["stroke" if name == "CS" else "fill"] = "registration"
        elif name in ("k", "K"):
            colour["stroke" if name == "K" else "fill"] = "cmyk"
        elif name == "re":
            x, y, w, h = values
            path += [point(x, y), point(x + w, y + h)]
        elif name in ("m", "l", "c", "v", "y"):
            path += [point(*values[i : i + 2]) for i in range(0, len(values), 2)]
        elif name in ("f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n"):
            if name != "n":
                xs, ys = [x for x, _ in path], [y for _, y in path]
                side = "stroke" if name in ("S", "s") else "fill"
                painted.append((colour[side], (min(xs), min(ys), max(xs), max(ys))))
            path = []
    return painted


def _outside(box: Box, area: Box) -> bool:
    left, bottom, right, top = box
    return right <= area[0] or left >= area[2] or top <= area[1] or bottom >= area[3]


def test_a_print_shop_cards_crop_marks_are_registration_and_nothing_else_is(
    print_shop_build,
) -> None:
    with pikepdf.open(print_shop_build / "card-ar-a4-print-shop.pdf") as document:
        for page in document.pages:
            bleed = tuple(float(v) for v in page.bleedbox)
            painted = _painted_paths(page)
            marks = [box for kind, box in painted if kind == "registration"]
            assert len(marks) == 8  # two at each corner
            assert all(_outside(box, bleed) for box in marks)
            assert all(not _outside(box, bleed) for kind, box in painted if kind == "cmyk")


def test_a_print_shop_sheets_crop_marks_are_registration_and_nothing_else_is(
    print_shop_build,
) -> None:
    layout = card_sheet_layout("a4")
    height = layout.page_height * MM
    grid = (
        layout.left * MM,
        height - (layout.top + layout.grid_height) * MM,
        (layout.left + layout.grid_width) * MM,
        height - layout.top * MM,
    )
    expected = 2 * len(layout.cut_lines_x()) + 2 * len(layout.cut_lines_y())
    with pikepdf.open(print_shop_build / "card-sheet-ar-a4-print-shop.pdf") as document:
        for page in document.pages:
            painted = _painted_paths(page)
            marks = [box for kind, box in painted if kind == "registration"]
            assert len(marks) == expected
            assert all(_outside(box, grid) for box in marks)
            # Everything else drawn as a path is black or a tint: no full-ink fills.
            assert all(kind == "cmyk" for kind, box in painted if box not in marks)


def test_home_crop_marks_stay_plain_black(card_build) -> None:
    for name in ("a4/card-ar-a4.pdf", "a4/card-sheet-ar-a4.pdf"):
        pdf = (card_build / name).read_bytes()
        operators = {operator for operator, _ in _colour_settings(pdf)}
        assert not operators & {"cs", "CS", "scn", "SCN", "k", "K"}, name
        with pikepdf.open(BytesIO(pdf)) as document:
            for page in document.pages:
                assert REGISTRATION not in page.resources.get("/ColorSpace", {})


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


def _converted(content: bytes) -> tuple[bytes, bool]:
    pdf = pikepdf.new()
    return cmyk_content(pikepdf.Stream(pdf, content))


def test_device_cmyk_is_written_as_k_and_full_ink_as_registration() -> None:
    content, registration = _converted(
        b"/DeviceCMYK cs 0 1 0 0 scn 0 0 1 1 re f "
        b"/DeviceCMYK CS 1 1 1 1 SCN 0 0 1 1 re S "
        b"1 1 1 1 k 0 0 1 1 re f"
    )
    assert registration
    assert content.split(b"\n") == [
        b"0 1 0 0 k", b"0 0 1 1 re", b"f",
        REGISTRATION.encode() + b" CS", b"1 SCN", b"0 0 1 1 re", b"S",
        REGISTRATION.encode() + b" cs", b"1 scn", b"0 0 1 1 re", b"f",
    ]  # fmt: skip


def test_a_cmyk_colour_space_set_without_a_colour_paints_black() -> None:
    content, registration = _converted(b"/DeviceCMYK cs 0 0 1 1 re f")
    assert not registration
    assert content.split(b"\n")[0] == b"0 0 0 1 k"


def test_greys_and_colours_never_turn_into_registration() -> None:
    assert not _converted(b"0 0 0 rg 0 g 0.7 0.07 0.1 RG 0 0 1 1 re B")[1]


def test_a_templates_overlay_without_the_print_shop_stylesheet_uses_kyrs_own(tmp_path) -> None:
    overlay = tmp_path / "templates"
    overlay.mkdir()
    shutil.copy(paths.templates_dir() / "card.css", overlay)
    result = run_kyr(
        "--templates", str(overlay), "build", "--for", "print-shop", "--product", "card",
        "--lang", "en", "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / output_name("card-en-letter.pdf")).is_file()


def test_templates_without_the_print_shop_stylesheet_are_refused(tmp_path, monkeypatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    (templates / "print-shop.css").unlink()
    monkeypatch.setattr(paths, "own_templates_dir", lambda: templates)
    result = run_kyr(
        "build", "--for", "print-shop", "--product", "card", "--lang", "en",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == ExitStatus.ENVIRONMENT, result.stderr
    assert "no file 'print-shop.css'" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("page", [0, 1])
def test_the_print_shop_card_looks_like_the_home_card(print_shop_build, card_build, page) -> None:
    """Rasterized, the two differ only in the shades a viewer gives CMYK black and red
    (about 1 level in 255 on average, under 32 anywhere): nothing moved or went missing."""
    pdfs = (card_build / "a4" / "card-ar-a4.pdf", print_shop_build / "card-ar-a4-print-shop.pdf")
    home, shop = (
        open_pdf(path)[page].render(scale=100 / 72).to_pil().convert("RGB") for path in pdfs
    )
    assert home.size == shop.size
    difference = ImageChops.difference(home, shop).convert("L")
    assert ImageStat.Stat(difference).mean[0] < 3
    assert max(level for level, count in enumerate(difference.histogram()) if count) < 32
