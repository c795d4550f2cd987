"""The duplex test sheet, and `[print] back_offset_mm` moving every back page of a duplex
sheet by what the test sheet measured (positions read from the PDF)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from kyr.build.run import build
from kyr.config.community import load_community
from kyr.errors import ConfigError
from kyr.pdf.printer_hints import printer_hints

from .conftest import MM_PER_PT

OFFSET = (1.5, -2.25)  # mm: right, up (y is down)


@pytest.fixture(scope="module")
def shifted(tmp_path_factory, renderer, sample) -> dict[str, Path]:
    """The duplex test and a card sheet, built without and with a back offset."""
    out = tmp_path_factory.mktemp("duplex")
    moved = replace(sample, back_offset_mm=OFFSET)
    products = ("duplex-test", "card-sheet")
    build(sample, out / "plain", products, ("es",), "letter", renderer=renderer)
    build(moved, out / "moved", products, ("es",), "letter", renderer=renderer)
    return {"plain": out / "plain", "moved": out / "moved"}


def _positions(path: Path, page: int, what: str) -> list[tuple[float, float]]:
    """(x, y) in mm from the page's top left of each rectangle (`rects`) or character."""
    with pdfplumber.open(path) as pdf:
        objects = getattr(pdf.pages[page], what)
        return [(o["x0"] * MM_PER_PT, o["top"] * MM_PER_PT) for o in objects]


def _moved_by(plain: Path, moved: Path, page: int, what: str, offset: tuple[float, float]) -> bool:
    """True when every rectangle or character on `page` moved by `offset` (within 0.1 mm)."""
    before, after = _positions(plain, page, what), _positions(moved, page, what)
    assert len(before) == len(after) > 0
    return all(
        abs(x2 - x1 - offset[0]) <= 0.1 and abs(y2 - y1 - offset[1]) <= 0.1
        for (x1, y1), (x2, y2) in zip(before, after, strict=True)
    )


def test_the_duplex_test_sheet_has_a_front_and_a_back_for_long_edge_flip(shifted) -> None:
    path = shifted["plain"] / "duplex-test-en-letter.pdf"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 2
        assert "front" in pdf.pages[0].extract_text()
        assert "back_offset_mm" in pdf.pages[1].extract_text()
    assert printer_hints(path.read_bytes())["Duplex"] == "DuplexFlipLongEdge"


def test_the_back_offset_moves_the_test_sheets_back_by_that_much(shifted) -> None:
    name = "duplex-test-en-letter.pdf"
    assert _moved_by(shifted["plain"] / name, shifted["moved"] / name, 1, "rects", OFFSET)
    assert _moved_by(shifted["plain"] / name, shifted["moved"] / name, 0, "rects", (0, 0))


def test_the_back_offset_moves_every_card_back_on_a_card_sheet(shifted) -> None:
    name = "card-sheet-es-letter.pdf"
    assert _moved_by(shifted["plain"] / name, shifted["moved"] / name, 1, "chars", OFFSET)
    assert _moved_by(shifted["plain"] / name, shifted["moved"] / name, 0, "chars", (0, 0))


def test_the_duplex_test_is_made_once_in_english_whatever_the_languages(shifted) -> None:
    assert sorted(p.name for p in shifted["plain"].glob("duplex-test-*")) == [
        "duplex-test-en-letter.pdf"
    ]


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(
        'name = "N"\nlanguages = ["en"]\n[hotline]\nnumber = "(510) 241-4011"\n'
        f'[qr]\nurl = "https://oakland.org/kyr"\n{extra}'
    )
    return path


def test_back_offset_defaults_to_none(tmp_path) -> None:
    assert load_community(_config(tmp_path, "")).back_offset_mm == (0.0, 0.0)


def test_back_offset_is_read_in_millimetres(tmp_path) -> None:
    community = load_community(_config(tmp_path, "[print]\nback_offset_mm = [1.5, -2]\n"))
    assert community.back_offset_mm == (1.5, -2.0)


@pytest.mark.parametrize(
    "value",
    ["[10.5, 0]", "[0, -11]", "[1]", "[1, 2, 3]", '["1", 0]', "[true, 0]", "1.5", "[nan, 0]"],
)
def test_back_offset_beyond_10_mm_or_not_a_pair_is_refused(tmp_path, value) -> None:
    with pytest.raises(ConfigError, match=r"print.back_offset_mm.*-10 to 10"):
        load_community(_config(tmp_path, f"[print]\nback_offset_mm = {value}\n"))


def test_an_unknown_print_key_is_refused(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"print\.duplex"):
        load_community(_config(tmp_path, "[print]\nduplex = true\n"))
