"""Imposition: a rendered card's front and back pages placed on sheet pages, as PDF form
XObjects (pikepdf). The card is laid out once instead of once per cell, and each copy is
clipped to the card's TrimBox, so its bleed and crop marks stay off the sheet."""

from __future__ import annotations

from io import BytesIO

from kyr.geometry import Cell, SheetLayout

MM = 72 / 25.4

#: A placement: (sheet page, card page, cell): card page 0 is the front, 1 the back.
Placement = tuple[int, int, Cell]


def duplex_placements(layout: SheetLayout) -> list[Placement]:
    """Fronts on sheet page 1; backs on page 2, mirrored for a long-edge flip."""
    fronts = [(0, 0, cell) for cell in layout.front_cells()]
    backs = [(1, 1, cell) for cell in layout.back_cells()]
    return fronts + backs


def foldover_placements(layout: SheetLayout) -> list[Placement]:
    """One page: each row holds a front and, beside it, its back, to fold between them."""
    placements: list[Placement] = []
    for row in range(layout.rows):
        placements.append((0, 0, layout.cell(row, 0)))
        placements.append((0, 1, layout.cell(row, 1)))
    return placements


PLACEMENTS = {"duplex": duplex_placements, "foldover": foldover_placements}


def impose(sheet_pdf: bytes, card_pdf: bytes, layout: SheetLayout, kind: str) -> bytes:
    """Place the card's pages on `sheet_pdf` (the sheet's own marks and notes)."""
    import pikepdf

    with pikepdf.open(BytesIO(sheet_pdf)) as sheet, pikepdf.open(BytesIO(card_pdf)) as card:
        forms = [sheet.copy_foreign(page.as_form_xobject()) for page in card.pages]
        names = [pikepdf.Name(f"/KyrCard{index}") for index in range(len(forms))]
        for page in sheet.pages:
            # Isolate the sheet's own drawing: WeasyPrint leaves its px-to-pt transform set.
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n", prepend=False)
        for sheet_page, card_page, cell in PLACEMENTS[kind](layout):
            left = cell.x * MM
            top = (layout.page_height - cell.y) * MM
            rect = pikepdf.Rectangle(
                left, top - layout.card.height * MM, left + layout.card.width * MM, top
            )
            page = sheet.pages[sheet_page]
            # Named resources, not add_overlay's random names: same input, same bytes.
            page.add_resource(forms[card_page], pikepdf.Name.XObject, name=names[card_page])
            placement = page.calc_form_xobject_placement(forms[card_page], names[card_page], rect)
            page.contents_add(b"q\n" + placement + b"Q\n", prepend=False)
        output = BytesIO()
        sheet.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()
