"""`kyr build --product card-sheet --mix es=4 --mix ar=4 --mix zh-Hans=2`: one sheet with
several languages' cards, each back behind its own front (read from the PDF: which card
page is placed in which cell, and the text printed there)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from kyr import CONTENT_VERSION
from kyr.build.run import build
from kyr.errors import UnknownNameError
from kyr.geometry import card_sheet_layout

from .conftest import MM_PER_PT, run_kyr

MIX = (("es", 4), ("ar", 4), ("zh-Hans", 2))
NAME = "card-sheet-es4+ar4+zh-Hans2-letter.pdf"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, renderer, sample) -> Path:
    out = tmp_path_factory.mktemp("mixed")
    build(sample, out, ("card-sheet",), (), "letter", renderer=renderer, mix=MIX)
    return out / NAME


def _placements(path: Path, page: int) -> dict[tuple[int, int], str]:
    """(column, row) of each placed card page -> its form's name (/KyrCard<card>p<page>)."""
    layout = card_sheet_layout("letter")
    found = {}
    with pikepdf.open(path) as document:
        matrix = None
        for instruction in pikepdf.parse_content_stream(document.pages[page]):
            operator = str(instruction.operator)
            if operator == "cm":
                matrix = [float(v) for v in instruction.operands]
            elif operator == "Do" and str(instruction.operands[0]).startswith("/KyrCard"):
                assert matrix is not None
                x_mm, top_mm = matrix[4] * MM_PER_PT, layout.page_height - (
                    matrix[5] * MM_PER_PT + layout.card.height)  # fmt: skip
                column = round((x_mm - layout.left) / layout.step_x)
                row = round((top_mm - layout.top) / layout.step_y)
                found[(column, row)] = str(instruction.operands[0])
    return found


def test_a_mixed_sheet_places_each_languages_fronts_in_order(mixed) -> None:
    fronts = _placements(mixed, 0)
    expected = ["/KyrCard0p0"] * 4 + ["/KyrCard1p0"] * 4 + ["/KyrCard2p0"] * 2
    in_reading_order = [fronts[(column, row)] for row in range(5) for column in range(2)]
    assert in_reading_order == expected


def test_each_back_lands_behind_its_own_front_on_a_long_edge_flip(mixed) -> None:
    fronts, backs = _placements(mixed, 0), _placements(mixed, 1)
    assert len(backs) == 10
    for (column, row), front in fronts.items():
        back = backs[(1 - column, row)]  # long-edge flip mirrors the columns
        assert back == front.replace("p0", "p1")


def _cell_text(path: Path, page: int, column: int, row: int) -> str:
    layout = card_sheet_layout("letter")
    cell = layout.cell(row, column)
    box = (
        cell.x / MM_PER_PT, cell.y / MM_PER_PT,
        (cell.x + layout.card.width) / MM_PER_PT, (cell.y + layout.card.height) / MM_PER_PT,
    )  # fmt: skip
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page].crop(box).extract_text()


def test_the_cells_print_their_languages_cards(mixed) -> None:
    assert "Conozca sus derechos" in _cell_text(mixed, 0, 1, 1)
    assert "了解您的权利" in _cell_text(mixed, 0, 0, 4)
    assert f"kyr {CONTENT_VERSION} · zh-Hans" in _cell_text(mixed, 1, 1, 4)  # its back, mirrored
    assert f"kyr {CONTENT_VERSION} · es" in _cell_text(mixed, 1, 0, 0)


def test_the_manifest_names_the_mixed_sheet(mixed) -> None:
    import json

    (entry,) = json.loads((mixed.parent / "manifest.json").read_text())
    assert entry["path"] == NAME
    assert entry["lang"] == "es+ar+zh-Hans"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--product", "card-sheet", "--mix", "es=4"], "holds 10"),
        (["--product", "card-foldover", "--mix", "es=4", "--mix", "ar=2"], "holds 5"),
        (["--product", "flyer", "--mix", "es=10"], "--mix makes sheets of cards"),
        (["--mix", "es=10"], "--mix makes sheets of cards"),
        (["--product", "card-sheet", "--mix", "es=5", "--mix", "es=5"], "twice"),
    ],
)
def test_a_mix_that_does_not_fill_a_sheet_is_refused(tmp_path, args, message) -> None:
    result = run_kyr("build", *args, "--out", str(tmp_path))
    assert result.returncode == int(UnknownNameError("").status), result.stderr
    assert message in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_a_mix_is_written_code_equals_count(tmp_path) -> None:
    result = run_kyr("build", "--product", "card-sheet", "--mix", "es:4", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "expected CODE=N" in result.stderr
