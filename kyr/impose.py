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
            # The copies are marked as artifacts: the sheet is for printing; its reading
            # copy is the tagged card PDF (the card's structure tree is not carried over).
            page.contents_add(b"/Artifact BMC\nq\n" + placement + b"Q\nEMC\n", prepend=False)
        output = BytesIO()
        sheet.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()


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


def add_crop_marks(pdf: bytes) -> bytes:
    """Grow each page's MediaBox by a slug around its BleedBox and draw crop marks there,
    outside the bleed, where a print shop expects them. TrimBox and BleedBox stay."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            trim = tuple(float(v) for v in page.trimbox)
            bleed_box = [float(v) for v in page.bleedbox]
            bleed = trim[0] - bleed_box[0]
            slug = SLUG_MM * MM
            page.mediabox = pikepdf.Array(
                [bleed_box[0] - slug, bleed_box[1] - slug, bleed_box[2] + slug, bleed_box[3] + slug]
            )
            page.cropbox = page.mediabox
            ops = [b"q 0.25 w 0 G"]  # 0.25 pt registration-black lines
            for x1, y1, x2, y2 in crop_mark_lines(trim, bleed):  # type: ignore[arg-type]
                ops.append(f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S".encode())
            ops.append(b"Q")
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n" + b"\n".join(ops) + b"\n", prepend=False)
        output = BytesIO()
        document.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()
