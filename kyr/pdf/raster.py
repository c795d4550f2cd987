"""An image to share from a one-page PDF: the page rasterized by PDFium (pypdfium2) at
96 dpi, so one CSS px of the stylesheet's `@page { size: 1080px 1350px }` is one pixel
of the image, and written as a PNG by Pillow with fixed settings and no metadata (no
time, no text chunks): the same PDF gives the same bytes on every run."""

from __future__ import annotations

import io

#: CSS px per inch: WeasyPrint sets 1px = 1/96 in (0.75 pt).
CSS_DPI = 96
_POINTS_PER_INCH = 72


def image_size(width_pt: float, height_pt: float) -> tuple[int, int]:
    """The image's size in pixels for a page of `width_pt` x `height_pt` at CSS_DPI."""
    scale = CSS_DPI / _POINTS_PER_INCH
    return round(width_pt * scale), round(height_pt * scale)


def png_from_pdf(pdf: bytes) -> bytes:
    """The PDF's first page as an RGB PNG at CSS_DPI, exactly the page's size in CSS px."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = image_size(page.get_width(), page.get_height())
        # PDFium rounds the bitmap's size up: a scale a hair over 4/3 may add a pixel.
        bitmap = page.render(scale=width / page.get_width(), may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB").crop((0, 0, width, height))
    finally:
        document.close()
    stream = io.BytesIO()
    # Fixed settings, no dpi or text chunks. zlib level 6: level 9 takes 2.7 times as
    # long (0.39 s a story) for a file 3 % smaller.
    image.save(stream, format="PNG", compress_level=6, optimize=False)
    return stream.getvalue()
