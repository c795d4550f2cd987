"""The poster (issue 22, "A poster"), read from its PDFs: the paper exactly, an English
headline read from 5 m on tabloid and a3 (capitals of 40 mm and more: 25 mm read from
3 m), the hotline read from 3 m on every paper (letter and a4: across the page, its first
line beside the code), a QR code of 35 mm and more that decodes, four rights, and the
print rules. Cap heights are glyph boxes read from the PDF (PDFium's), the code's size is
the decoded symbol's, quiet zone left out."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2.raw as pdfium_c
import pytest

from kyr import CONTENT_VERSION
from kyr.build.request import BuildEvents
from kyr.build.run import build
from kyr.config.community import load_community
from kyr.content.phone_type import number_breaks, phone_lines
from kyr.content.pieces import Rendered

from .conftest import FIXTURES, MM_PER_PT, decode_qr_codes, open_pdf, page_text, rasterize

LONGEST = FIXTURES / "longest-links.toml"
PAPERS = ("letter", "a4", "tabloid", "a3")
PORTRAIT_MM = {
    "letter": (215.9, 279.4),
    "a4": (210.0, 297.0),
    "tabloid": (279.4, 431.8),
    "a3": (297.0, 420.0),
}
POSTER_PAPERS = ("tabloid", "a3")
#: Readable from 5 m (tabloid, a3): 25 mm of capital per 3 m.
HEADLINE_MM = 40.0
#: The hotline read from 3 m on every paper (letter and a4: the number across the page).
HOTLINE_MM = 25.0
QR_MM = 35.0
#: What each build makes, by configuration: (languages, paper).
SAMPLE_BUILDS = (
    (("en", "ar"), "tabloid"),
    (("en", "zh-Hans"), "letter"),
    (("es",), "a4"),
    (("en",), "a3"),
)
LONGEST_BUILDS = ((("en", "my"), "tabloid"), (("ar",), "letter"), (("zh-Hans",), "a4"))


@pytest.fixture(scope="module")
def posters(tmp_path_factory, renderer, sample) -> dict[str, Path]:
    """Every poster this module reads, by file name (the longest configuration's under
    `longest/`). Building is itself a check: kyr refuses a piece whose text overflows."""
    out = tmp_path_factory.mktemp("posters")
    found = {}
    for name, community, builds in (
        ("sample", sample, SAMPLE_BUILDS),
        ("longest", load_community(LONGEST), LONGEST_BUILDS),
    ):
        for languages, paper in builds:
            for entry in build(community, out / name, ("poster",), languages, paper,
                               renderer=renderer):  # fmt: skip
                found[f"{name}/{entry.path}"] = out / name / entry.path
    return found


def _chars(path: Path) -> list[tuple[str, float, float]]:
    """Each character of the page with its glyph box's height in mm and its type size in
    pt (PDFium's reading; WeasyPrint sets type in px at a 0.75 scale)."""
    textpage = open_pdf(path)[0].get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        _, bottom, _, top = textpage.get_charbox(index)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * 0.75
        chars.append((textpage.get_text_range(index, 1), (top - bottom) * MM_PER_PT, size))
    return chars


#: Capitals of the headline without overshoot (not O, G, S, U: round, they stand taller)
#: and none of SAMPLE's (the watermark is turned: its boxes are taller than its letters).
FLAT_CAPITALS = "KNWYRIHT"


def _cap_height(path: Path, smallest_pt: float) -> float:
    """The headline's capital height in mm: the tallest flat capital set at `smallest_pt`
    or more."""
    return max(h for char, h, pt in _chars(path) if char in FLAT_CAPITALS and pt >= smallest_pt)


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", page_text(path, 0))


def _paper(name: str) -> str:
    return name.removesuffix(".pdf").rsplit("-", 1)[1]


@pytest.mark.parametrize("paper", PAPERS)
def test_the_poster_is_the_paper_exactly_portrait_one_page(posters, paper) -> None:
    for name, path in posters.items():
        if _paper(name) == paper:
            document = open_pdf(path)
            left, bottom, right, top = document[0].get_mediabox()
            assert len(document) == 1, name
            width, height = PORTRAIT_MM[paper]
            assert (right - left) * MM_PER_PT == pytest.approx(width, abs=0.05), name
            assert (top - bottom) * MM_PER_PT == pytest.approx(height, abs=0.05), name


def test_the_english_headline_has_40_mm_capitals_on_tabloid_and_a3(posters) -> None:
    measured = {name: _cap_height(path, 60) for name, path in posters.items()}
    assert measured
    for name, height in measured.items():
        if _paper(name) in POSTER_PAPERS:
            assert height >= HEADLINE_MM, (name, height)
        else:  # letter and a4: two lines, still the largest type on the page
            assert height >= 19.0, (name, height)


def test_the_headline_is_english_in_every_language(posters) -> None:
    for name, path in posters.items():
        assert "KNOW YOUR" in _text(path) and "RIGHTS" in _text(path), name


def _digits_mm(path: Path) -> list[float]:
    return [height for char, height, pt in _chars(path) if char.isdigit() and pt >= 60]


def test_the_hotline_is_read_from_3_m_on_every_paper(posters) -> None:
    papers = set()
    for name, path in posters.items():
        digits = _digits_mm(path)
        # (951) 555-0100 and (510) 241-4011: every digit of the number, large.
        assert len(digits) >= 10, name
        assert min(digits) >= HOTLINE_MM, (name, min(digits))
        papers.add((name.split("/")[0], _paper(name)))
    narrow = {(config, paper) for config in ("sample", "longest") for paper in ("letter", "a4")}
    assert narrow <= papers


def test_a_hotline_too_long_for_25_mm_still_fits_and_the_build_line_says_so(
    tmp_path, renderer
) -> None:
    """The longest international form kyr prints: it cannot reach 25 mm across a letter
    page, and builds anyway, the build's line saying the size reached."""
    config = tmp_path / "kyr.toml"
    config.write_text(
        LONGEST.read_text(encoding="utf-8").replace("+1 (510) 241-4011", "+880 1812-345678"),
        encoding="utf-8",
    )
    done: list[Rendered] = []
    events = BuildEvents(on_rendered=done.append)
    out = tmp_path / "out"
    build(load_community(config), out, ("poster",), ("en",), "letter", renderer=renderer,
          events=events)  # fmt: skip
    (rendered,) = done
    said = re.search(r"hotline (\d+\.\d) mm caps, under the 25 mm target", rendered.note)
    assert said, rendered.note
    digits = _digits_mm(out / rendered.piece.filename)
    assert 20.0 <= min(digits) < HOTLINE_MM
    assert float(said.group(1)) == pytest.approx(min(digits), abs=0.8)
    assert "8801812345678" in re.sub(r"\D", "", _text(out / rendered.piece.filename))


def test_the_hotline_digits_read_in_order(posters) -> None:
    for name, path in posters.items():
        number = "5102414011" if name.startswith("longest/") else "9515550100"
        assert number in re.sub(r"\D", "", _text(path)), name


@pytest.mark.parametrize("config", ["sample", "longest"])
def test_the_qr_code_is_at_least_35_mm_and_decodes_at_150_dpi(posters, sample, config) -> None:
    url = sample.qr_url if config == "sample" else load_community(LONGEST).qr_url
    dpi = 150
    for name, path in posters.items():
        if not name.startswith(f"{config}/"):
            continue
        (code,) = decode_qr_codes(rasterize(path, 0, dpi=dpi))
        assert code.text == url, name
        corners = code.position
        width = (corners.top_right.x - corners.top_left.x) * 25.4 / dpi
        height = (corners.bottom_left.y - corners.top_left.y) * 25.4 / dpi
        assert min(width, height) >= QR_MM, (name, width, height)


def test_the_poster_prints_the_rules_of_every_piece(posters) -> None:
    text = _text(posters["sample/poster-es-a4.pdf"])
    assert "Información general, no asesoría legal." in text
    assert f"kyr {CONTENT_VERSION} · es" in text
    assert "SAMPLE: set your local details" in text
    assert "Traducción preliminar, aún sin revisar" in text
    assert "Draft translation, not yet reviewed" in text
    english = _text(posters["sample/poster-en-tabloid.pdf"])
    assert "General information, not legal advice." in english
    assert f"kyr {CONTENT_VERSION} · en" in english


def test_an_english_hotline_label_keeps_its_order_on_an_arabic_poster(posters) -> None:
    """WeasyPrint does not isolate `<bdi>`: the label gets its own direction instead, or
    "24-hour" would print at the end of its line ("…checkpoints-24")."""
    text = _text(posters["longest/poster-ar-letter.pdf"])
    assert "24-hour rapid response hotline: raids, arrests, checkpoints" in text


def test_the_poster_names_four_rights_and_no_card(posters) -> None:
    text = _text(posters["sample/poster-en-letter.pdf"])
    for words in ("DO NOT OPEN THE DOOR", "DO NOT ANSWER", "DO NOT SIGN", "free to leave"):
        assert words in text
    assert "GIVE THIS CARD" not in text


def test_the_rights_are_in_large_type_and_larger_on_tabloid(posters) -> None:
    def rights_mm(path: Path) -> float:
        """The capitals of DO NOT OPEN THE DOOR (the headline is 60pt and more)."""
        return max(h for char, h, pt in _chars(path) if char in "DNTPEH" and 12 <= pt < 60)

    tabloid = rights_mm(posters["sample/poster-en-tabloid.pdf"])
    letter = rights_mm(posters["sample/poster-en-letter.pdf"])
    assert tabloid >= 6.0 and letter >= 4.5 and tabloid > letter, (tabloid, letter)


def test_a_number_breaks_only_at_its_group_separators() -> None:
    assert number_breaks("+1 (510) 241-4011") == (
        ("+1 (510) 241-4011",),
        ("+1", "(510) 241-4011"),
        ("+1 (510)", "241-4011"),
        ("+1 (510) 241-", "4011"),
    )


def test_a_number_too_wide_for_one_line_sets_larger_on_two() -> None:
    number = phone_lines("(951) 555-0100", 180, 100)
    assert number.lines == ("(951)", "555-0100")
    assert number.pt == 100


def test_a_number_that_fits_keeps_one_line() -> None:
    assert phone_lines("(951) 555-0100", 260, 100).lines == ("(951) 555-0100",)


def test_a_first_line_beside_the_code_takes_the_cut_that_fits_its_narrower_room() -> None:
    """Letter's poster: the first line beside the QR code (136 mm), the second across the
    page (186 mm): at 100pt, (510) beside the code and 241-4011 under it."""
    number = phone_lines("+1 (510) 241-4011", 186, 100, 136)
    assert number.lines == ("+1 (510)", "241-4011") and number.pt == 100
    assert phone_lines("+1 510-241-4011", 186, 100, 60).lines == ("+1", "510-241-4011")


def test_two_lines_are_cut_where_the_groups_balance() -> None:
    assert phone_lines("+1 (510) 241-4011", 260, 100).lines == ("+1 (510)", "241-4011")
