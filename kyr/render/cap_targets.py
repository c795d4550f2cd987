"""Does a laid-out piece reach the capital heights it aims at, and fill its page? Elements
marked `data-caps="heading"` or `data-caps="body"` (a sign's blocks), or
`data-caps="hotline"` (a poster's number, 25 mm on every paper), are measured from
their computed type size; the first of each is what counts (a sign's English block comes
first: what an agent at the door reads). A box marked `data-fills` (the sign's text)
should leave at most SIGN_BAND_MM empty under its last line. Falling short is said in
the build's line, not refused: some language combinations need the room."""

from __future__ import annotations

from typing import Any

from kyr.geometry import CAP_HEIGHT_EM, SIGN_BAND_MM, cap_targets
from kyr.render.fit import walk_boxes

PX_MM = 25.4 / 96  # a CSS px in mm


def text_bottom(box: Any) -> float | None:
    """The lowest edge (CSS px) of the text laid out in `box`, or None without text."""
    texts = (b for b in walk_boxes(box) if getattr(b, "text", None))
    return max((b.position_y + b.margin_height() for b in texts), default=None)


def cap_heights(document: Any) -> dict[str, float]:
    """The capital height (mm) of the first element of each `data-caps` name on the
    document's first page."""
    found: dict[str, float] = {}
    if not document.pages:
        return found
    for box in walk_boxes(document.pages[0]._page_box):
        element = getattr(box, "element", None)
        name = element.get("data-caps") if element is not None else None
        if name and name not in found and getattr(box, "element_tag", None):
            found[name] = box.style["font_size"] * PX_MM * CAP_HEIGHT_EM
    return found


def empty_band(document: Any) -> float | None:
    """The height (mm) left empty under the last text of the first-page box marked
    `data-fills`, or None without one."""
    if not document.pages:
        return None
    for box in walk_boxes(document.pages[0]._page_box):
        element = getattr(box, "element", None)
        if element is None or element.get("data-fills") is None:
            continue
        if not getattr(box, "element_tag", None):
            continue
        end = box.content_box_y() + box.height
        bottom = text_bottom(box)
        return (end - (box.content_box_y() if bottom is None else bottom)) * PX_MM
    return None


def shortfalls(document: Any, paper: str) -> str:
    """What of the document falls short of its targets on `paper`, as the build's line
    says it ("heading 15.2 mm caps, under the 17 mm target"), or ""."""
    targets = cap_targets(paper)
    notes = [
        f"{name} {height:.1f} mm caps, under the {targets[name]:g} mm target"
        for name, height in cap_heights(document).items()
        if name in targets and round(height, 1) < targets[name]
    ]
    band = empty_band(document)
    if band is not None and band > SIGN_BAND_MM:
        notes.append(f"{band:.0f} mm empty above the footer, over the {SIGN_BAND_MM:g} mm limit")
    return "; ".join(notes)
