"""Where a line may break in scripts written without spaces between words (Thai, Lao,
Khmer, Burmese): ICU's dictionary-based line breaker, through icu4py.

Pango knows no dictionary for Lao, Khmer or Burmese (and one for Thai only when built with
libthai), so it breaks such text between any two syllables, or not at all. kyr finds the
word boundaries here and marks them in the HTML (see `kyr.i18n.catalogs`): each word is kept
on one line and a zero-width space offers the break between words."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

#: ISO 15924 codes of the scripts written without spaces between words, for which a
#: language segments by default (`segment` in locales/languages.toml can say otherwise).
UNSPACED_SCRIPTS = frozenset({"Thai", "Laoo", "Khmr", "Mymr"})

#: Zero width space: a line-break opportunity that prints nothing.
ZWSP = "\u200b"


def segmenter_version() -> str:
    """The installed icu4py's version (it bundles its own ICU and dictionaries)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("icu4py")
    except PackageNotFoundError:
        return "not installed"


def boundaries(text: str, locale: str) -> tuple[int, ...]:
    """Offsets in `text` (0 < offset < len(text)) where ICU allows a line break, in order.
    A break falls after any spaces, so a segment keeps its trailing space."""
    return _boundaries(text, locale)


@lru_cache(maxsize=4096)
def _boundaries(text: str, locale: str) -> tuple[int, ...]:
    from icu4py.breakers import LineBreaker

    found: list[int] = []
    offset = 0
    for segment in LineBreaker(text, locale):
        offset += len(segment)
        if offset < len(text):
            found.append(offset)
    return tuple(found)


def segments(text: str, locale: str) -> list[str]:
    """`text` cut at every line-break opportunity ICU finds (the spaces stay attached)."""
    cuts = [0, *boundaries(text, locale), len(text)]
    return [text[start:end] for start, end in pairwise(cuts) if end > start]
