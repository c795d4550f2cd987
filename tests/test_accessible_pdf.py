"""PDFs are tagged (PDF/UA-1 as WeasyPrint writes it): a structure tree, the document's
language and a title in it, and the QR code described by the link it holds. Checked with
`pdfua` (a machine-checkable subset of PDF/UA-1) and by reading the PDF."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest


def _pdfua(path: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "pdfua"), "check", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _figures(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == pikepdf.Name.Figure:
            found.append(node)
        node = node.get("/K")
    if isinstance(node, pikepdf.Array):
        for child in node:
            found += _figures(child)
    elif isinstance(node, pikepdf.Dictionary):
        found += _figures(node)
    return found


@pytest.mark.parametrize(
    "name", ["letter/card-ar-letter.pdf", "letter/card-zh-Hans-letter.pdf", "a4/card-en-a4.pdf"]
)
def test_a_card_passes_the_pdfua_checks(card_build, name) -> None:
    result = _pdfua(card_build / name)
    assert result.returncode == 0, result.stdout


def test_a_duplex_sheet_passes_the_pdfua_checks(card_build) -> None:
    result = _pdfua(card_build / "letter" / "card-sheet-es-letter.pdf")
    assert result.returncode == 0, result.stdout


def test_a_card_is_tagged_with_its_language_and_a_title_in_it(card_build) -> None:
    pdf = (card_build / "letter" / "card-ar-letter.pdf").read_bytes()
    with pikepdf.open(BytesIO(pdf)) as document:
        assert document.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "ar"
        assert str(document.docinfo.Title).startswith("اعرف حقوقك")
        assert document.Root.ViewerPreferences.DisplayDocTitle is True


def test_the_qr_code_is_a_figure_described_by_its_link(card_build, sample) -> None:
    pdf = (card_build / "letter" / "card-es-letter.pdf").read_bytes()
    with pikepdf.open(BytesIO(pdf)) as document:
        figures = _figures(document.Root.StructTreeRoot)
    assert [str(figure.Alt) for figure in figures] == [sample.qr_url]


def test_the_card_copies_on_a_sheet_are_artifacts(card_build) -> None:
    pdf = (card_build / "a4" / "card-sheet-ar-a4.pdf").read_bytes()
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            artifact, placed = False, 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BMC" and operands[0] == pikepdf.Name.Artifact:
                    artifact = True
                elif str(operator) == "EMC":
                    artifact = False
                elif str(operator) == "Do" and str(operands[0]).startswith("/KyrCard"):
                    assert artifact
                    placed += 1
            assert placed == 10
