"""How wide a line of text sets in a bundled font, from the font's own advance widths
(no layout engine): enough to size a phone number so that it stays on one line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

MM_PER_PT = 25.4 / 72


@cache
def _advances(path: Path) -> tuple[dict[int, int], int, int]:
    """(advance width by code point, units per em, fallback advance) of a font."""
    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        units = font["head"].unitsPerEm
        widths = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
    return widths, units, units  # an unknown character counts as 1 em: never too small


def text_width_mm(text: str, font: Path, size_pt: float) -> float:
    widths, units, fallback = _advances(font)
    total = sum(widths.get(ord(char), fallback) for char in text)
    return total / units * size_pt * MM_PER_PT


def one_line_size(
    text: str, font: Path, width_mm: float, largest: float, smallest: float, step: float = 0.25
) -> float | None:
    """The largest size from `largest` down to `smallest` (in `step`s) at which `text`
    sets in `width_mm` on one line, or None when even `smallest` is too wide."""
    size = largest
    while size >= smallest - 1e-9:
        if text_width_mm(text, font, size) <= width_mm:
            return round(size, 2)
        size -= step
    return None
