"""Physical sizes and sheet layouts, in millimetres. Pure functions, no rendering."""

from __future__ import annotations

from dataclasses import dataclass

from kyr.choices import Paper

INCH = 25.4

#: Paper sizes (width, height), portrait.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    Paper.LETTER: (8.5 * INCH, 11 * INCH),
    Paper.A4: (210.0, 297.0),
    Paper.TABLOID: (11 * INCH, 17 * INCH),
    Paper.A3: (297.0, 420.0),
}

#: Which wallet-card standard goes with each paper: US business card or metric card.
_US_PAPERS = (Paper.LETTER, Paper.TABLOID)
#: Poster papers: signs on them get larger headings and hotline blocks.
POSTER_PAPERS = (Paper.TABLOID, Paper.A3)


@dataclass(frozen=True)
class CardSize:
    width: float
    height: float
    bleed: float


def card_size(paper: str) -> CardSize:
    """Trim size and bleed of a wallet card: 3.5 x 2 in with 1/8 in bleed on US paper,
    85 x 55 mm with 3 mm bleed on ISO paper."""
    if paper in _US_PAPERS:
        return CardSize(3.5 * INCH, 2 * INCH, INCH / 8)
    return CardSize(85.0, 55.0, 3.0)


@dataclass(frozen=True)
class Cell:
    x: float  # left edge of the card, from the page's left edge
    y: float  # top edge of the card, from the page's top edge


@dataclass(frozen=True)
class SheetLayout:
    page_width: float
    page_height: float
    card: CardSize
    columns: int
    rows: int
    left: float  # left margin to the grid
    top: float  # top margin to the grid
    pitch_x: float = 0.0  # from one item's left edge to the next (0: the item's width)
    pitch_y: float = 0.0  # from one item's top edge to the next (0: the item's height)

    @property
    def step_x(self) -> float:
        return self.pitch_x or self.card.width

    @property
    def step_y(self) -> float:
        return self.pitch_y or self.card.height

    @property
    def grid_width(self) -> float:
        return (self.columns - 1) * self.step_x + self.card.width

    @property
    def grid_height(self) -> float:
        return (self.rows - 1) * self.step_y + self.card.height

    def cell(self, row: int, column: int) -> Cell:
        return Cell(self.left + column * self.step_x, self.top + row * self.step_y)

    def front_cells(self) -> list[Cell]:
        return [self.cell(r, c) for r in range(self.rows) for c in range(self.columns)]

    def back_cells(self) -> list[Cell]:
        """Where each front's back goes so that it lands behind it when the sheet is
        printed duplex with long-edge flip: the columns are mirrored, rows stay."""
        return [
            self.cell(r, self.columns - 1 - c)
            for r in range(self.rows)
            for c in range(self.columns)
        ]

    def cut_lines_x(self) -> list[float]:
        return [self.left + c * self.card.width for c in range(self.columns + 1)]

    def cut_lines_y(self) -> list[float]:
        return [self.top + r * self.card.height for r in range(self.rows + 1)]


def card_sheet_layout(paper: str) -> SheetLayout:
    """2 columns x 5 rows of cards, no gutter. On letter, the Avery 5371 grid (0.75 in side
    margins, 0.5 in top and bottom); elsewhere the grid is centred on the page."""
    width, height = PAPER_SIZES[paper]
    card = card_size(paper)
    columns, rows = 2, 5
    if paper == Paper.LETTER:
        left, top = 0.75 * INCH, 0.5 * INCH
    else:
        left = (width - columns * card.width) / 2
        top = (height - rows * card.height) / 2
    return SheetLayout(width, height, card, columns, rows, left, top)


def sticker_sheet_layout(paper: str) -> SheetLayout:
    """Square stickers 2.5 in (63.5 mm). On letter, Avery 3274.1 (also sold as 3111): 3 x 3,
    first sticker at 0.3125 in / 1.25 in, pitch 2.6875 x 3 in (glabels' template data).
    On a4, no standard sheet: 3 x 4 centred with 4 mm gutters, on full-sheet sticker paper,
    cut along the printed outlines."""
    width, height = PAPER_SIZES[paper]
    sticker = CardSize(2.5 * INCH, 2.5 * INCH, 0.0)
    if paper == Paper.LETTER:
        return SheetLayout(
            width, height, sticker, 3, 3, 0.3125 * INCH, 1.25 * INCH, 2.6875 * INCH, 3 * INCH
        )
    gutter = 4.0
    columns, rows = 3, 4
    left = (width - columns * sticker.width - (columns - 1) * gutter) / 2
    top = (height - rows * sticker.height - (rows - 1) * gutter) / 2
    return SheetLayout(
        width, height, sticker, columns, rows, left, top,
        sticker.width + gutter, sticker.height + gutter,
    )  # fmt: skip


#: The wallet card's QR column: the code with its quiet zone, the hotline under it. 22 mm
#: keeps the modules of the longest link a configuration may hold (QR version 8: 57
#: modules with the quiet zone) at 0.39 mm, which phones read from print.
CARD_QR_COLUMN = 22.0
#: Papers that carry the sheet products (cards and stickers imposed on the page).
SHEET_PAPERS = (Paper.LETTER, Paper.A4)


def custom_properties(paper: str, page_width: float, page_height: float) -> dict[str, float]:
    """The sizes the stylesheets read as CSS custom properties (`var(--card-w)`), in mm,
    for a piece on `paper` whose page is `page_width` x `page_height` (as printed:
    landscape turns it). templates/README.md lists them; names without a value on this
    paper (the sheets, on posters) are left out."""
    card = card_size(paper)
    values = {
        "page-w": page_width,
        "page-h": page_height,
        "card-w": card.width,
        "card-h": card.height,
        "bleed": card.bleed,
        "qr-column": CARD_QR_COLUMN,
    }
    if paper in SHEET_PAPERS:
        sheet, stickers = card_sheet_layout(paper), sticker_sheet_layout(paper)
        values |= {
            "sheet-left": sheet.left,
            "sheet-top": sheet.top,
            "sheet-grid-w": sheet.grid_width,
            "sheet-grid-h": sheet.grid_height,
            "sticker-w": stickers.card.width,
            "sticker-h": stickers.card.height,
            "sticker-pitch-x": stickers.step_x,
            "sticker-pitch-y": stickers.step_y,
        }
    return values


#: Noto Sans capitals are 0.714 em tall (its cap height, 714 of 1000 units).
CAP_HEIGHT_EM = 0.714
#: The most empty height a sign may leave between its text and its hotline block.
SIGN_BAND_MM = 25.0
_SIGN_CAPS = {"heading": 17.0, "body": 8.0}
_POSTER_SIGN_CAPS = {"heading": 26.0, "body": 12.0}


#: A poster's hotline, read from 3 m on every paper (its digits are capital high).
_HOTLINE_CAPS = {"hotline": 25.0}


def sign_cap_targets(paper: str) -> dict[str, float]:
    """The capital heights (mm) a sign's English heading and body aim at on `paper`, read
    by the 25 mm-per-3 m rule: a heading read from 2 m on letter and a4 and 3 m on
    posters, a body from 1 m and 1.4 m."""
    return dict(_POSTER_SIGN_CAPS if paper in POSTER_PAPERS else _SIGN_CAPS)


def cap_targets(paper: str) -> dict[str, float]:
    """The capital heights (mm) a piece's `data-caps` elements aim at on `paper`: a sign's
    heading and body (sign_cap_targets) and a poster's hotline."""
    return sign_cap_targets(paper) | _HOTLINE_CAPS
