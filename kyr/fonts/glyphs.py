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
    """Distinct characters of `text` that no font in `font_paths` maps, in code point order.
    Fonts are read in order only while characters remain (most text needs only the first:
    reading every bundled cmap costs a fifth of a second)."""
    left = {ch for ch in set(text) if _needs_glyph(ch)}
    for path in font_paths:
        if not left:
            break
        covered = font_codepoints(path)
        left = {ch for ch in left if ord(ch) not in covered}
    return sorted(left)


#: Printable ASCII: every bundled Latin font draws it (tests/test_glyphs.py checks), so
#: text made only of it needs no font read (a config load stays fast).
PRINTABLE_ASCII = frozenset(chr(code) for code in range(0x20, 0x7F))


def characters_without_glyph(text: str) -> list[str]:
    """Characters of `text` that none of the bundled fonts can draw."""
    if PRINTABLE_ASCII.issuperset(text):
        return []
    from kyr.fonts.pinned import font_files

    families = font_files()
    # Noto Sans first: it covers Latin, Cyrillic, Greek and digits, most of what is typed.
    order = sorted(families, key=lambda family: family != "Noto Sans")
    every_font = [path for family in order for path in families[family]]
    return missing_characters(text, every_font)
