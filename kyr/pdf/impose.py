"""Imposition: a rendered card's front and back pages placed on sheet pages, as PDF form
XObjects (pikepdf); and the marks a print shop cuts by. Each function is a step of the
post-render pass (kyr/pdf/finish.py): it changes the open sheet or card document in
place. The card is laid out once instead of once per cell, and each copy is
clipped to the card's TrimBox, so its bleed and crop marks stay off the sheet."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from kyr.geometry import Cell, SheetLayout

if TYPE_CHECKING:
    import pikepdf

MM = 72 / 25.4

#: A placement: (sheet page, card page, cell, slot): card page 0 is the front, 1 the back;
#: the slot numbers the card on the sheet (its front and back share one).
Placement = tuple[int, int, Cell, int]


def duplex_placements(layout: SheetLayout) -> list[Placement]:
    """Fronts on sheet page 1; backs on page 2, mirrored for a long-edge flip."""
    fronts = [(0, 0, cell, slot) for slot, cell in enumerate(layout.front_cells())]
    backs = [(1, 1, cell, slot) for slot, cell in enumerate(layout.back_cells())]
    return fronts + backs


def foldover_placements(layout: SheetLayout) -> list[Placement]:
    """One page: each row holds a front and, beside it, its back, to fold between them."""
    placements: list[Placement] = []
    for row in range(layout.rows):
        placements.append((0, 0, layout.cell(row, 0), row))
        placements.append((0, 1, layout.cell(row, 1), row))
    return placements


PLACEMENTS = {"duplex": duplex_placements, "foldover": foldover_placements}


def slot_count(layout: SheetLayout, kind: str) -> int:
    """How many cards a sheet of `kind` holds (fronts and backs counted once)."""
    return len({placement[3] for placement in PLACEMENTS[kind](layout)})


def impose(
    sheet: pikepdf.Pdf,
    card_pdfs: list[bytes],
    layout: SheetLayout,
    kind: str,
    slot_cards: list[int] | None = None,
) -> None:
    """Place cards' pages on `sheet` (the sheet's own marks and notes, as WeasyPrint
    wrote them): card `slot_cards[slot]` of `card_pdfs` (finished card PDFs) in each slot
    (default: the first card everywhere)."""
    import pikepdf

    forms: list[list[pikepdf.Object]] = []
    for card_pdf in card_pdfs:
        with pikepdf.open(BytesIO(card_pdf)) as card:
            forms.append([sheet.copy_foreign(page.as_form_xobject()) for page in card.pages])
    for page in sheet.pages:
        # Isolate the sheet's own drawing: WeasyPrint leaves its px-to-pt transform set.
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n", prepend=False)
    for sheet_page, card_page, cell, slot in PLACEMENTS[kind](layout):
        card_index = slot_cards[slot] if slot_cards else 0
        form = forms[card_index][card_page]
        # Named resources, not add_overlay's random names: same input, same bytes.
        name = pikepdf.Name(f"/KyrCard{card_index}p{card_page}")
        left = cell.x * MM
        top = (layout.page_height - cell.y) * MM
        rect = pikepdf.Rectangle(
            left, top - layout.card.height * MM, left + layout.card.width * MM, top
        )
        page = sheet.pages[sheet_page]
        page.add_resource(form, pikepdf.Name.XObject, name=name)
        placement = page.calc_form_xobject_placement(form, name, rect)
        # The copies are marked as artifacts: the sheet is for printing; its reading
        # copy is the tagged card PDF (the card's structure tree is not carried over).
        page.contents_add(b"/Artifact BMC\nq\n" + placement + b"Q\nEMC\n", prepend=False)


#: Crop marks for print shops: outside the bleed, in a slug added around it.
MARK_GAP_MM = 1.0  # between the bleed edge and a mark
MARK_LENGTH_MM = 5.0
SLUG_MM = MARK_GAP_MM + MARK_LENGTH_MM + 1.0


def crop_mark_lines(
    trim: tuple[float, float, float, float], bleed: float
) -> list[tuple[float, float, float, float]]:
    """Crop mark segments (x1, y1, x2, y2), in the units of `trim` (left, bottom, right,
    top): two per corner, on the trim lines, starting past the bleed."""
    left, bottom, right, top = trim
    start = bleed + MARK_GAP_MM * MM
    end = start + MARK_LENGTH_MM * MM
    lines = []
    for x, outward_x in ((left, -1), (right, 1)):
        for y, outward_y in ((bottom, -1), (top, 1)):
            lines.append((x + outward_x * start, y, x + outward_x * end, y))  # horizontal
            lines.append((x, y + outward_y * start, x, y + outward_y * end))  # vertical
    return lines


def add_crop_marks(document: pikepdf.Pdf, registration: bool = False) -> None:
    """Grow each page's MediaBox by a slug around its BleedBox and draw crop marks there,
    outside the bleed, where a print shop expects them. TrimBox and BleedBox stay.
    The marks are black, or with `registration` CMYK 100/100/100/100, which the
    print-shop pass turns into registration colour (kyr/pdf/registration.py)."""
    import pikepdf

    for page in document.pages:
        trim = tuple(float(v) for v in page.trimbox)
        bleed_box = [float(v) for v in page.bleedbox]
        bleed = trim[0] - bleed_box[0]
        slug = SLUG_MM * MM
        page.mediabox = pikepdf.Array(
            [bleed_box[0] - slug, bleed_box[1] - slug, bleed_box[2] + slug, bleed_box[3] + slug]
        )
        page.cropbox = page.mediabox
        colour = b"1 1 1 1 K" if registration else b"0 G"
        ops = [b"q 0.25 w " + colour]  # 0.25 pt lines
        for x1, y1, x2, y2 in crop_mark_lines(trim, bleed):  # type: ignore[arg-type]
            ops.append(f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S".encode())
        ops.append(b"Q")
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + b"\n".join(ops) + b"\n", prepend=False)


def shift_backs(document: pikepdf.Pdf, offset_mm: tuple[float, float]) -> None:
    """Move everything on the back pages (the second, fourth… page of a duplex sheet) by
    `offset_mm` (x right, y down, as seen on the back), making up for a printer that
    places the second side off: `[print] back_offset_mm` in the configuration."""
    dx, dy = offset_mm[0] * MM, -offset_mm[1] * MM
    for page in list(document.pages)[1::2]:
        page.contents_add(f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm\n".encode(), prepend=True)
        page.contents_add(b"Q\n", prepend=False)
