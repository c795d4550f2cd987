"""Print-shop files a press takes without a call (kyr/pdf/fine_marks.py): black text and
thin black rules overprint, so black over the statement's tint leaves no white halo; text
under 12 pt and rules under 1 pt print in at most two inks (the red as magenta and yellow),
so press registration cannot fringe them. Read back from the PDFs' content streams
(tests/pdf_marks.py), for the products in English and Arabic, from the sample
configuration and from the one with every link at its limit."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from kyr.build.run import build
from kyr.config.community import load_community
from kyr.pdf.fine_marks import FINE_RED_CMYK, KNOCKOUT, OVERPRINT, fine_marks
from kyr.pdf.print_shop import BRAND_RED_CMYK

from .conftest import FIXTURES
from .pdf_marks import BLACK, inks, knocked_out_black_text, painted_marks, small_marks_in_many_inks

PRODUCTS = (
    "card", "card-sheet", "door-slip", "flyer", "sign-private", "sticker-sheet", "report-card",
)  # fmt: skip
LANGUAGES = ("en", "ar")


@pytest.fixture(scope="module")
def press_builds(tmp_path_factory, renderer, sample) -> Path:
    out = tmp_path_factory.mktemp("press")
    longest = load_community(FIXTURES / "longest-links.toml")
    for name, community in (("sample", sample), ("longest", longest)):
        build(
            community, out / name, PRODUCTS, LANGUAGES, "letter",
            renderer=renderer, target="print-shop",
        )  # fmt: skip
    return out


def _pdfs(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*/*-print-shop.pdf"))
    assert len(found) == 2 * (len(PRODUCTS) * len(LANGUAGES) - 1)  # one sign for en+ar
    return found


def test_black_text_overprints_in_every_print_shop_product(press_builds) -> None:
    for path in _pdfs(press_builds):
        marks = painted_marks(path)
        black_text = [m for m in marks if m.kind == "text" and m.colour == BLACK]
        assert black_text, path.name
        assert knocked_out_black_text(marks) == [], path.name


def test_small_text_and_thin_rules_use_at_most_two_inks(press_builds) -> None:
    for path in _pdfs(press_builds):
        marks = painted_marks(path)
        assert small_marks_in_many_inks(marks) == [], path.name


def test_small_red_text_is_magenta_and_yellow_and_large_red_keeps_the_brand_mix(
    press_builds,
) -> None:
    marks = painted_marks(press_builds / "sample" / "card-en-letter-print-shop.pdf")
    red = {(m.size < 12, m.colour) for m in marks if m.kind == "text" and inks(m.colour) >= 2}
    assert (True, FINE_RED_CMYK) in red  # the 6.75 pt numerals
    assert (False, BRAND_RED_CMYK) in red  # the heading
    assert {colour for small, colour in red if small} == {FINE_RED_CMYK}


def test_nothing_but_black_overprints(press_builds) -> None:
    """White boxes, tints, red and images knock out as before: overprint is for black."""
    for path in _pdfs(press_builds):
        overprinting = {m.colour for m in painted_marks(path) if m.overprint}
        assert overprinting <= {BLACK}, path.name


def test_the_overprint_states_are_overprint_mode_1_and_knockout(press_builds) -> None:
    with pikepdf.open(press_builds / "sample" / "flyer-ar-letter-print-shop.pdf") as document:
        states = document.pages[0].resources.ExtGState
        on, off = states[OVERPRINT], states[KNOCKOUT]
        assert (bool(on.OP), bool(on.op), int(on.OPM)) == (True, True, 1)
        assert (bool(off.OP), bool(off.op), int(off.OPM)) == (False, False, 0)
        (intent,) = document.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"


def test_marked_print_shop_files_are_the_same_bytes_on_every_build(
    press_builds, tmp_path, renderer, sample
) -> None:
    products = ("flyer", "sticker-sheet", "report-card")
    build(sample, tmp_path, products, ("ar",), "letter", renderer=renderer, target="print-shop")
    for product in products:
        name = f"{product}-ar-letter-print-shop.pdf"
        assert (tmp_path / name).read_bytes() == (press_builds / "sample" / name).read_bytes()


def _marked(content: bytes) -> list[str]:
    pdf = pikepdf.new()
    instructions = [tuple(i) for i in pikepdf.parse_content_stream(pikepdf.Stream(pdf, content))]
    marked, _ = fine_marks(instructions, {BRAND_RED_CMYK: FINE_RED_CMYK})  # type: ignore[arg-type]
    return pikepdf.unparse_content_stream(marked).decode().split("\n")


def test_black_text_turns_overprint_on_and_the_next_fill_turns_it_off() -> None:
    assert _marked(
        b"0 0 0 1 k BT /F1 8 Tf (a) Tj ET 0 0 0 0 k 0 0 50 50 re f"
    ) == [
        "0 0 0 1 k", "BT", "/F1 8 Tf", f"{OVERPRINT} gs", "(a) Tj", "ET",
        "0 0 0 0 k", f"{KNOCKOUT} gs", "0 0 50 50 re", "f",
    ]  # fmt: skip


def test_small_red_text_takes_two_inks_and_large_red_text_gets_the_brand_red_back() -> None:
    assert _marked(b"0 0.9 0.85 0.3 k BT /F1 8 Tf (a) Tj /F1 20 Tf (b) Tj ET") == [
        "0 0.9 0.85 0.3 k", "BT", "/F1 8 Tf", "0 1 1 0 k", "(a) Tj",
        "/F1 20 Tf", "0 0.9 0.85 0.3 k", "(b) Tj", "ET",
    ]  # fmt: skip


def test_a_thin_rule_is_set_before_its_path_and_a_scaled_font_is_measured_as_printed() -> None:
    assert _marked(b"0.5 0 0 0.5 0 0 cm 0 0.9 0.85 0.3 K 1.5 w 0 0 m 9 0 l S") == [
        "0.5 0 0 0.5 0 0 cm", "0 0.9 0.85 0.3 K", "1.5 w", "0 1 1 0 K", "0 0 m", "9 0 l", "S",
    ]  # fmt: skip
    # 20 pt at half size is 10 pt: small.
    assert "0 1 1 0 k" in _marked(b"0.5 0 0 0.5 0 0 cm 0 0.9 0.85 0.3 k BT /F 20 Tf (a) Tj ET")


def test_overprint_is_off_before_a_form_or_image_is_drawn() -> None:
    assert _marked(b"0 0 0 1 k BT /F1 8 Tf (a) Tj ET /Im0 Do")[-2:] == [f"{KNOCKOUT} gs", "/Im0 Do"]


def test_other_colours_keep_their_two_strongest_inks() -> None:
    assert _marked(b"0.2 0.7 0 0.4 k BT /F1 8 Tf (a) Tj ET")[3] == "0 0.7 0 0.4 k"
