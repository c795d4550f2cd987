"""Images to share (a product with `output = "image"`): the piece is fitted and rendered
as a one-page PDF like any other, then rasterized (kyr.pdf.raster), and its alt text is
written beside it from the product's `alt` text template, through the same catalog: the
image's text in reading order, in its language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kyr.content.context import piece_context
from kyr.content.pieces import Rendered
from kyr.content.templating import render_text
from kyr.pdf.raster import png_from_pdf

if TYPE_CHECKING:
    from kyr.render.fitter import Builder


def alt_text(builder: Builder, rendered: Rendered) -> str:
    """The image's text, as plain text (no markup, no `**` emphasis; the text template
    does not escape, so the draft notes' Markup prints as it is)."""
    piece = rendered.piece
    translations = builder.translations(piece.languages[0])
    draft, notes = builder.draft_notes(piece, plain=True)
    context = piece_context(
        builder.community, piece.languages, piece.paper, rendered.font_size, title="",
        draft=draft, draft_notes=notes,
    )  # fmt: skip
    return render_text(piece.product.alt, translations.plain_text, c=context)


def as_image(builder: Builder, rendered: Rendered) -> Rendered:
    """An image piece's PDF turned into its files: the PNG and its alt text."""
    png_name, alt_name = rendered.piece.filenames
    alt = alt_text(builder, rendered).encode()
    files = ((png_name, png_from_pdf(rendered.pdf)), (alt_name, alt))
    return Rendered(
        rendered.piece, b"", rendered.pages, rendered.font_size, rendered.note, files=files
    )
