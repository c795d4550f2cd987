"""Spreading a fitted sign over its page. A sign's type grows until its text fills the
box marked `data-fills`, but it can stop short: a short text whose heading is already as
wide as the page, or a capped heading. The height left over is then given to the gaps a
print designer would open, not left as a band over the footer: equal gaps above and
below each grey rule between languages and at the foot; with one language, above and
below its body. The fitted layout is measured, then laid
out once more with the gaps set (`c.spread_mm`, sign.css): the type size, and so every
line break, stays the fitted one."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from kyr.render.cap_targets import empty_band
from kyr.render.fit import find_overflows, walk_boxes

#: Less left over than this is not worth a second layout.
MIN_SPREAD_MM = 1.0
#: Kept back from what is spread (rounding, and the margin of the overflow check).
SPARE_MM = 0.3
#: The most left empty over the hotline block once spread (the limit is SIGN_BAND_MM).
FOOT_MAX_MM = 12.0


def spread_gap_mm(band_mm: float, blocks: int) -> float:
    """How much each gap opens (mm, a tenth rounded down) to spread `band_mm` over a sign
    of `blocks` languages: two gaps per rule between them, or with one language one gap
    over its body. The foot keeps a gap's share too (the text does not sit on the
    hotline block), up to FOOT_MAX_MM."""
    if band_mm <= SPARE_MM or blocks < 1:
        return 0.0
    gaps = 2 * (blocks - 1) if blocks > 1 else 1
    foot = min(band_mm / (gaps + 1), FOOT_MAX_MM)
    return max(0.0, math.floor((band_mm - SPARE_MM - foot) / gaps * 10) / 10)


def blocks_of(document: Any) -> int:
    """How many blocks (child elements: a sign's languages) the first page's box marked
    `data-fills` holds."""
    for box in walk_boxes(document.pages[0]._page_box) if document.pages else ():
        element = getattr(box, "element", None)
        if element is not None and element.get("data-fills") is not None:
            return sum(1 for child in element if isinstance(child.tag, str))
    return 0


def spread_out(
    html: str, document: Any, relayout: Callable[[float], tuple[str, Any]]
) -> tuple[str, Any]:
    """The fitted layout (`html`, `document`) with its left-over height spread, by
    `relayout(gap_mm)` (`spread_gap_mm`); as it was when nothing is left over (or nothing
    to spread: no `data-fills` box) or when the spread layout would overflow."""
    if "data-fills" not in html:  # not a sign: no walk of every box
        return html, document
    band = empty_band(document)
    if band is None or band < MIN_SPREAD_MM:
        return html, document
    gap = spread_gap_mm(band, blocks_of(document))
    if gap <= 0:
        return html, document
    spread_html, spread_document = relayout(gap)
    if find_overflows(spread_document):
        return html, document
    return spread_html, spread_document
