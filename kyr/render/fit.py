"""Does the text fit its box? Overflow is read from WeasyPrint's laid-out boxes: every
element with class "fit" is a fixed box, and nothing inside it may reach past its
content edges. The type size is then the largest that fits (kyr.render.size_search); a
piece does not fit only when no size in its range does (every size is tried before
saying so)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

TOLERANCE_PX = 0.75  # CSS px; a quarter of a point is invisible and below rounding noise


@dataclass(frozen=True)
class Overflow:
    page: int
    where: str  # the box's data-fit label
    text: str  # the first text that sticks out
    by_mm: float | None  # None: text was pushed out of the box entirely
    box_texts: tuple[str, ...] = ()  # every text in the box, in order

    def describe(self) -> str:
        how = f"{self.by_mm} mm over" if self.by_mm is not None else "text cut off"
        return f'{self.where} (page {self.page}, {how}): "{self.text[:60]}"'


def box_children(box: Any) -> list[Any]:
    """A laid-out box's children (none for a text box)."""
    return list(getattr(box, "children", None) or [])


def walk_boxes(box: Any) -> Iterator[Any]:
    """`box` and every box inside it, in document order."""
    yield box
    for child in box_children(box):
        yield from walk_boxes(child)


def _is_fit_box(box: Any) -> bool:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return False
    return "fit" in (element.get("class") or "").split()


def _texts(box: Any) -> Iterator[Any]:
    """Text boxes inside `box`, leaving out generated text such as list markers."""
    if "::" in (getattr(box, "element_tag", "") or ""):
        return
    if getattr(box, "text", None):
        yield box
    for child in box_children(box):
        yield from _texts(child)


def _visible_length(text: str) -> int:
    return sum(1 for char in text if not char.isspace() and char != "\u00ad")


def _after_visible(source: str, count: int) -> str:
    """What follows the first `count` visible characters of `source`: the first text that
    was pushed out of its box (text is laid out in order, so what is missing is the end)."""
    seen = 0
    for index, char in enumerate(source):
        if seen == count:
            return source[index:].strip()[:80]
        if not char.isspace() and char != "\u00ad":
            seen += 1
    return ""


def _overflow_of(fit_box: Any, page_number: int) -> Overflow | None:
    if fit_box.style["height"] == "auto":
        # A box without a set height grows with its text and can never overflow.
        raise ValueError(f"fit box {fit_box.element.get('data-fit')!r} needs a CSS height")
    left = fit_box.content_box_x()
    top = fit_box.content_box_y()
    right = left + fit_box.width
    bottom = top + fit_box.height
    worst = 0.0
    culprit = ""
    texts = list(_texts(fit_box))
    for text in texts:
        x, y = text.position_x, text.position_y
        w, h = text.margin_width(), text.margin_height()
        excess = max(left - x, x + w - right, top - y, y + h - bottom)
        if excess > TOLERANCE_PX and excess > worst:
            worst = excess
            culprit = text.text
    label = fit_box.element.get("data-fit") or fit_box.element_tag
    # Text pushed past the page's end is not laid out at all: count what is missing.
    source = "".join(fit_box.element.itertext())
    laid_out = sum(_visible_length(text.text) for text in texts)
    if laid_out < _visible_length(source):
        return Overflow(
            page_number, label, _after_visible(source, laid_out), None, _text_nodes(fit_box)
        )
    if not culprit:
        return None
    return Overflow(
        page_number, label, culprit.strip(), round(worst * 25.4 / 96, 2), _text_nodes(fit_box)
    )


def _text_nodes(fit_box: Any) -> tuple[str, ...]:
    return tuple(text for text in fit_box.element.itertext() if text.strip())


def find_overflows(document: Any) -> list[Overflow]:
    """Every fit box, on every page of a laid-out WeasyPrint document, whose text
    sticks out of it, with the first offending text."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        seen: set[int] = set()
        for box in walk_boxes(page._page_box):
            if _is_fit_box(box) and id(box.element) not in seen:
                seen.add(id(box.element))
                overflow = _overflow_of(box, number)
                if overflow:
                    found.append(overflow)
    return found


def _scaling_texts(box: Any, root: bool = True) -> Iterator[Any]:
    """Text boxes whose size follows the fitted type size (not under `data-fixed`)."""
    element = getattr(box, "element", None)
    fixed = element is not None and element.get("data-fixed") is not None
    if not root and fixed and getattr(box, "element_tag", None):
        return
    yield from (t for t in [box] if getattr(t, "text", None))
    for child in box_children(box):
        yield from _scaling_texts(child, root=False)


def fill_ratio(document: Any) -> float | None:
    """How full the fullest fit box is, top to bottom: the height its scaling text needs
    over the height it has (above 1 when it overflows). Fixed-size parts under that text
    (`data-fixed`, such as the door slip's lower half) take their height from the box's,
    as they do not shrink with the type. None when text fell off the page and cannot be
    measured."""
    worst = 0.0
    for page in document.pages:
        for box in walk_boxes(page._page_box):
            if not _is_fit_box(box) or box.height <= 0 or box.element.get("data-fixed") is not None:
                continue  # boxes in fixed type (data-fixed) do not grow with the size
            source = "".join(box.element.itertext())
            texts = list(_texts(box))
            if sum(_visible_length(t.text) for t in texts) < _visible_length(source):
                return None
            columns = _column_fill(box)
            if columns is not None:
                worst = max(worst, columns)
                continue
            scaling = list(_scaling_texts(box))
            if scaling:
                worst = max(worst, _box_fill(box, scaling, texts))
    return worst or None


def _box_fill(box: Any, scaling: list[Any], texts: list[Any]) -> float:
    top = box.content_box_y()
    scaled_bottom = max(t.position_y + t.margin_height() for t in scaling)
    lowest = max(t.position_y + t.margin_height() for t in texts)
    below = sum(  # fixed parts that start under the scaling text: they move, not grow
        part.margin_height()
        for part in _fixed_parts(box)
        if part.position_y >= scaled_bottom - TOLERANCE_PX
    )
    room = box.height - below
    if below <= 0 or room <= 0:
        return (scaled_bottom - top) / box.height
    return (lowest - top - below) / room


def _fixed_parts(box: Any) -> Iterator[Any]:
    """The outermost boxes of `data-fixed` elements inside `box`."""
    for child in box_children(box):
        element = getattr(child, "element", None)
        fixed = element is not None and element.get("data-fixed") is not None
        if fixed and getattr(child, "element_tag", None):
            yield child
        else:
            yield from _fixed_parts(child)


def _column_fill(fit_box: Any) -> float | None:
    """How much of the columns in `fit_box` its text takes (a multi-column flow that fills
    its first column before the next, `column-fill: auto`): the text's height in every
    column over the columns' room, above 1 when it runs into columns past their count.
    None when the box has no columns. The first column is always full, so its lowest
    text says nothing of how much larger the type could be."""
    containers = [
        b
        for b in walk_boxes(fit_box)
        if any(getattr(c, "is_column", False) for c in box_children(b))
    ]
    if not containers:
        return None
    worst = 0.0
    for container in containers:
        columns = [c for c in box_children(container) if getattr(c, "is_column", False)]
        count = container.style["column_count"]
        count = count if isinstance(count, int) else len(columns)
        bottom = container.content_box_y() + container.height
        room = count * (bottom - columns[0].position_y)
        used = 0.0
        for column in columns:
            texts = list(_texts(column))
            if texts:
                used += max(t.position_y + t.margin_height() for t in texts) - column.position_y
        if room > 0:
            worst = max(worst, used / room)
    return worst


@dataclass(frozen=True)
class Variant:
    """A layout the fit may try: `tighter` steps given up from the design (0: as designed;
    what a step gives up is the template's own, `c.tighter`: a sign's English heading
    yields toward the other headings' size), with `wide_links` (PieceContext)."""

    tighter: int = 0
    wide_links: bool = False
    #: Tried at the product's smallest type size only (`fit_variants`).
    smallest_only: bool = False


def fit_variants(tighter_layouts: int) -> list[Variant]:
    """The layouts a fit tries, in order, each only when no size fits the ones before: as
    designed, at every size; then each of a product's `tighter_layouts` but the last at
    its smallest size only (a step gives up design for room, which a larger size would
    spend again: it is taken only where the design cannot be, the most of the design
    kept); the last at every size; then that one with wide links (a card's)."""
    variants = [Variant()]
    variants += [Variant(step, smallest_only=True) for step in range(1, tighter_layouts)]
    if tighter_layouts:
        variants.append(Variant(tighter_layouts))
    variants.append(Variant(tighter_layouts, wide_links=True))
    return variants


def size_steps(minimum: float, maximum: float, step: float = 0.25) -> list[float]:
    count = round((maximum - minimum) / step)
    return [round(minimum + i * step, 2) for i in range(count + 1)]
