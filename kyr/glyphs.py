"""Which characters a set of fonts can draw, read from their cmap tables."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

# Categories a font need not map: controls, format characters (LRM/RLM, bidi isolates,
# ZWJ/ZWNJ, soft hyphen, BOM) and separators.
_UNMAPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@lru_cache(maxsize=64)
def font_codepoints(path: Path) -> frozenset[int]:
    """Code points mapped by any Unicode cmap subtable of the font (first face of a .ttc)."""
    font = TTFont(path, fontNumber=0, lazy=True)
    try:
        found: set[int] = set()
        for table in font["cmap"].tables:
            if table.isUnicode() and table.format != 14:
                found.update(table.cmap)
        return frozenset(found)
    finally:
        font.close()


def _needs_glyph(ch: str) -> bool:
    if ch.isspace() or unicodedata.category(ch) in _UNMAPPED_CATEGORIES:
        return False
    # Variation selectors pick a glyph; they have none of their own.
    code = ord(ch)
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def missing_characters(text: str, font_paths: Sequence[Path]) -> list[str]:
    """Distinct characters of `text` that no font in `font_paths` maps, in code point order."""
    covered: frozenset[int] = frozenset().union(*(font_codepoints(p) for p in font_paths))
    return sorted(ch for ch in set(text) if _needs_glyph(ch) and ord(ch) not in covered)


def characters_without_glyph(text: str) -> list[str]:
    """Characters of `text` that none of the bundled fonts can draw."""
    from kyr.fonts import font_files

    every_font = [path for paths in font_files().values() for path in paths]
    return missing_characters(text, every_font)
