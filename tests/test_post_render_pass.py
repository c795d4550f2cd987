"""The post-render pass (kyr/pdf/finish.py): WeasyPrint's PDF is opened once, every step
works on the open document, and the file is saved once, with the same bytes every time."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

import pikepdf
import pytest

from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.i18n.languages import get_language
from kyr.pdf.finish import finish
from kyr.pdf.printer_hints import add_printer_hints, printer_hints
from kyr.render.fitter import Builder


def _piece(product: str) -> Piece:
    return Piece(get_product(product), (get_language("en"),), "letter")


def _record_pdf_calls(monkeypatch, renderer) -> dict:
    """From now on, record the PDFs WeasyPrint writes ("written"), the bytes pikepdf
    opens ("opened") and how often a PDF is saved ("saves")."""
    seen: dict = {"written": [], "opened": [], "saves": 0}
    real_pdf, real_open, real_save = renderer.pdf, pikepdf.open, pikepdf.Pdf.save

    def pdf(*args, **kwargs):
        seen["written"].append(real_pdf(*args, **kwargs))
        return seen["written"][-1]

    def open_(source, *args, **kwargs):
        seen["opened"].append(source.getvalue() if isinstance(source, BytesIO) else source)
        return real_open(source, *args, **kwargs)

    def save(self, *args, **kwargs):
        seen["saves"] += 1
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(renderer, "pdf", pdf)
    monkeypatch.setattr(pikepdf, "open", open_)
    monkeypatch.setattr(pikepdf.Pdf, "save", save)
    return seen


def test_a_print_shop_card_sheet_is_opened_and_saved_once(monkeypatch, renderer, sample) -> None:
    builder = Builder(sample, renderer, target="print-shop")
    seen = _record_pdf_calls(monkeypatch, renderer)
    builder.render(_piece("card-sheet"))
    sheet_source, card_source = seen["written"]  # the sheet's own page, then its card's
    card = builder.render(_piece("card")).pdf  # rendered already: not again
    # Each of WeasyPrint's PDFs opened once; the finished card once more, to be imposed.
    assert Counter(seen["opened"]) == Counter([sheet_source, card_source, card])
    assert seen["saves"] == 2  # the card's file and the sheet's, nothing in between


@pytest.mark.parametrize("target", ["home", "print-shop"])
def test_a_card_sheet_rendered_again_has_the_same_bytes(renderer, sample, target) -> None:
    piece = _piece("card-sheet")
    first = Builder(sample, renderer, target=target).render(piece).pdf
    assert Builder(sample, renderer, target=target).render(piece).pdf == first


def _document_id(pdf: bytes) -> str:
    with pikepdf.open(BytesIO(pdf)) as document:
        xmp = document.Root.Metadata.read_bytes().decode()
    found = re.search("<xmpMM:DocumentID>([^<]*)</xmpMM:DocumentID>", xmp)
    assert found, xmp
    return found.group(1)


def test_print_shop_document_ids_differ_with_the_content(renderer, sample) -> None:
    builder = Builder(sample, renderer, target="print-shop")
    sheet = builder.render(_piece("card-sheet"))
    card = builder.render(_piece("card"))
    ids = {_document_id(sheet.pdf), _document_id(card.pdf)}
    assert len(ids) == 2
    assert "xmp.did:00000000-0000-0000-0000-000000000000" not in ids


def test_steps_work_on_one_open_document_in_order(card_build) -> None:
    pdf = (card_build / "letter" / "card-en-letter.pdf").read_bytes()
    documents: list[pikepdf.Pdf] = []

    def first(document: pikepdf.Pdf) -> None:
        documents.append(document)
        document.Root.ViewerPreferences = pikepdf.Dictionary(Duplex=pikepdf.Name.Simplex)

    def second(document: pikepdf.Pdf) -> None:
        documents.append(document)
        add_printer_hints(document)

    finished = finish(pdf, [first, second])
    assert documents[0] is documents[1]
    assert printer_hints(finished) == {"Duplex": "Simplex", "PrintScaling": "None"}
