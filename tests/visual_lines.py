"""A PDF page's text as drawn: its characters grouped into lines by their baselines and
read left to right, as a reader sees them, whatever order the content stream or a text
extractor's own bidi guess gives them. A left-to-right run inside right-to-left text
reads correctly in this order exactly when it was set whole and in its own direction."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: Characters whose baselines lie this close (in pt) share a line: a mark placed above
#: or below its letter may stray further, and then counts as a line of its own.
BASELINE_SLACK = 1.5


@dataclass(frozen=True)
class _Char:
    text: str
    x: float
    baseline: float


def _chars(page: pdfium.PdfPage) -> list[_Char]:
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for index in range(textpage.count_chars()):
        text = textpage.get_text_range(index, 1)
        if not text.strip():  # spaces, and the line ends pdfium adds
            continue
        if pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
            found.append(_Char(text, x.value, y.value))
    return found


def visual_lines(page: pdfium.PdfPage) -> list[str]:
    """The page's lines, top to bottom, each its characters (spaces left out) from left
    to right. Side-by-side columns on one baseline join into one line, which keeps
    each column's text whole and in order."""
    lines: list[list[_Char]] = []
    for char in sorted(_chars(page), key=lambda char: -char.baseline):
        if lines and lines[-1][0].baseline - char.baseline <= BASELINE_SLACK:
            lines[-1].append(char)
        else:
            lines.append([char])
    return ["".join(char.text for char in sorted(line, key=lambda c: c.x)) for line in lines]
