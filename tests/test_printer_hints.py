"""Every PDF tells the print dialog to print at 100 %; duplex sheets also preselect a
long-edge flip (read back from the PDF's catalog)."""

from __future__ import annotations

from functools import partial

from kyr.pdf.finish import finish
from kyr.pdf.printer_hints import add_printer_hints, printer_hints


def test_a_card_pdf_asks_for_no_print_scaling(card_build) -> None:
    pdf = (card_build / "letter" / "card-es-letter.pdf").read_bytes()
    assert printer_hints(pdf) == {"PrintScaling": "None"}


def test_a_fold_over_sheet_asks_for_no_scaling_and_no_duplex(card_build) -> None:
    pdf = (card_build / "a4" / "card-foldover-ar-a4.pdf").read_bytes()
    assert printer_hints(pdf) == {"PrintScaling": "None"}


def test_a_duplex_card_sheet_asks_for_a_long_edge_flip(card_build) -> None:
    for paper, lang in (("letter", "zh-Hans"), ("a4", "en")):
        pdf = (card_build / paper / f"card-sheet-{lang}-{paper}.pdf").read_bytes()
        assert printer_hints(pdf) == {"PrintScaling": "None", "Duplex": "DuplexFlipLongEdge"}


def test_a_report_card_sheet_asks_for_a_long_edge_flip(tmp_path, renderer, sample) -> None:
    from kyr.build.run import build

    build(sample, tmp_path, ("report-card-sheet",), ("en",), "letter", renderer=renderer)
    pdf = (tmp_path / "report-card-sheet-en-letter.pdf").read_bytes()
    assert printer_hints(pdf)["Duplex"] == "DuplexFlipLongEdge"


def test_adding_printer_hints_twice_gives_the_same_bytes(card_build) -> None:
    pdf = (card_build / "letter" / "card-en-letter.pdf").read_bytes()
    duplex = partial(add_printer_hints, duplex=True)
    assert finish(pdf, [add_printer_hints]) == finish(pdf, [add_printer_hints])
    assert finish(finish(pdf, [duplex]), [duplex]) == finish(pdf, [duplex])
