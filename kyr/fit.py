"""Does the text fit its box? Overflow is read from WeasyPrint's laid-out boxes: every
element with class "fit" is a fixed box, and nothing inside it may reach past its
content edges. The type size is then the largest that fits, found by bisection."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

TOLERANCE_PX = 0.75  # CSS px; a quarter of a point is invisible and below rounding noise

T = TypeVar("T")


@dataclass(frozen=True)
class Overflow:
    page: int
    where: str  # the box's data-fit label
    text: str  # the first text that sticks out
    by_mm: float | None  # None: text was pushed out of the box entirely

    def describe(self) -> str:
        how = f"{self.by_mm} mm over" if self.by_mm is not None else "text cut off"
        return f'{self.where} (page {self.page}, {how}): "{self.text[:60]}"'


def _children(box: Any) -> list[Any]:
    return list(getattr(box, "children", None) or [])


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in _children(box):
        yield from _walk(child)


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
    for child in _children(box):
        yield from _texts(child)


def _visible_length(text: str) -> int:
    return sum(1 for char in text if not char.isspace() and char != "\u00ad")


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
    for text in _texts(fit_box):
        x, y = text.position_x, text.position_y
        w, h = text.margin_width(), text.margin_height()
        excess = max(left - x, x + w - right, top - y, y + h - bottom)
        if excess > TOLERANCE_PX and excess > worst:
            worst = excess
            culprit = text.text
    label = fit_box.element.get("data-fit") or fit_box.element_tag
    # Text pushed past the page's end is not laid out at all: count what is missing.
    source = "".join(fit_box.element.itertext())
    laid_out = sum(_visible_length(text.text) for text in _texts(fit_box))
    if laid_out < _visible_length(source):
        tail = source.split()[-6:]
        return Overflow(page_number, label, "… " + " ".join(tail), None)
    if not culprit:
        return None
    return Overflow(page_number, label, culprit.strip(), round(worst * 25.4 / 96, 2))


def find_overflows(document: Any) -> list[Overflow]:
    """Every fit box, on every page of a laid-out WeasyPrint document, whose text
    sticks out of it, with the first offending text."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        seen: set[int] = set()
        for box in _walk(page._page_box):
            if _is_fit_box(box) and id(box.element) not in seen:
                seen.add(id(box.element))
                overflow = _overflow_of(box, number)
                if overflow:
                    found.append(overflow)
    return found


def largest_that_fits(
    sizes: Sequence[float], fits: Callable[[float], T | None]
) -> tuple[float, T] | None:
    """The largest size in ascending `sizes` for which `fits(size)` returns a result
    (not None), assuming that a size that fits means every smaller one fits too."""
    if not sizes:
        return None
    result = fits(sizes[-1])  # most text fits at the largest size: one try
    if result is not None:
        return sizes[-1], result
    low, high = 0, len(sizes) - 2
    best: tuple[float, T] | None = None
    while low <= high:
        middle = (low + high) // 2
        result = fits(sizes[middle])
        if result is None:
            high = middle - 1
        else:
            best = (sizes[middle], result)
            low = middle + 1
    return best


def size_steps(minimum: float, maximum: float, step: float = 0.25) -> list[float]:
    count = round((maximum - minimum) / step)
    return [round(minimum + i * step, 2) for i in range(count + 1)]
