"""Columns that end together: vertical justification of a multi-column flow marked
`data-justify` (the flyer's guidance). The fit grows the type until the flow just fits,
but a column breaks only where a heading can keep its first lines, so one column may end
a heading and its paragraph short of the foot (up to ~24 mm) while the other is full.
As a designer would, each column's leftover room is shared among its gaps: under each
list item and above each heading, up to `MAX_GAP_MM` more each. The added room is kept
below what the column had left, so no line changes column; a layout in which one would
(or that overflows) is not taken.

`justify_columns` lays the page out again with the gaps (one layout, two at most);
`gaps` decides them, from the laid-out boxes, without layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kyr.render.cap_targets import text_bottom
from kyr.render.fit import box_children, find_overflows, walk_boxes

PX_PER_MM = 96 / 25.4
#: What a column keeps empty above its foot, and the most a gap grows.
KEEP_MM = 1.0
MAX_GAP_MM = 3.0
#: A column whose leftover is at most this is left as it is.
LEAVE_MM = 2.0
#: Where added room goes: under list items, above headings.
STRETCH = {"li": "padding-bottom", "h2": "padding-top", "h3": "padding-top"}
_TAG = re.compile(r"<(li|h2|h3)(?=[\s>])")


@dataclass(frozen=True)
class Column:
    """One column of a justified flow: the elements of `STRETCH`'s tags in it (by their
    order in the page), those that can take room, and how much it has left (CSS px)."""

    members: tuple[int, ...]
    stretchable: tuple[int, ...]
    leftover: float


def _order(document: Any) -> dict[int, int]:
    """Each stretchable element (by id) and its order among them in the page, the order
    of their tags in the HTML."""
    root = document.pages[0]._page_box.children[0].element
    tags = (e for e in root.iter() if isinstance(e.tag, str) and e.tag in STRETCH)
    return {id(element): index for index, element in enumerate(tags)}


def measure(document: Any) -> list[Column]:
    """The columns of every flow marked `data-justify` on the first page, as laid out."""
    order = _order(document)
    found = []
    for box in walk_boxes(document.pages[0]._page_box):
        element = getattr(box, "element", None)
        if getattr(box, "element_tag", None) is None or element is None:
            continue
        if element.get("data-justify") is None:
            continue
        foot = box.content_box_y() + box.height
        for column in (c for c in box_children(box) if getattr(c, "is_column", False)):
            found.append(_column(column, foot, order))
    return found


def _column(column: Any, foot: float, order: dict[int, int]) -> Column:
    bottom = text_bottom(column)
    if bottom is None:
        return Column((), (), 0.0)
    members: list[int] = []
    items: list[int] = []
    for box in walk_boxes(column):
        index = order.get(id(getattr(box, "element", None)))
        if index is None or index in members or getattr(box, "element_tag", None) is None:
            continue
        members.append(index)
        box_bottom = text_bottom(box)
        top = box.position_y - column.position_y
        if box.element_tag == "li" and box_bottom is not None and box_bottom < bottom - 0.5:
            items.append(index)  # not the column's last item: room under it shows
        elif box.element_tag != "li" and top > 1:
            items.append(index)  # not the column's first line: room above it shows
    return Column(tuple(members), tuple(items), foot - bottom)


def gaps(columns: list[Column], scale: float = 1.0) -> dict[int, float]:
    """The room (CSS px) to add to each stretchable element: a column's leftover, less
    `KEEP_MM`, shared evenly among its gaps, at most `MAX_GAP_MM` each; none for a column
    with at most `LEAVE_MM` left."""
    added: dict[int, float] = {}
    for column in columns:
        if column.leftover <= LEAVE_MM * PX_PER_MM or not column.stretchable:
            continue
        share = (column.leftover - KEEP_MM * PX_PER_MM) / len(column.stretchable)
        share = min(share, MAX_GAP_MM * PX_PER_MM) * scale
        for index in column.stretchable:
            added[index] = added.get(index, 0.0) + share
    return added


def with_gaps(html: str, added: dict[int, float]) -> str:
    """`html` with the room `added` to the elements (by their tags' order): a padding in
    an inline style (the stretchable tags carry no style of their own)."""
    count = -1

    def stretch(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        extra = added.get(count)
        if not extra:
            return match.group(0)
        return f'{match.group(0)} style="{STRETCH[match.group(1)]}: {extra:.2f}px"'

    return _TAG.sub(stretch, html)


def _same_columns(before: list[Column], after: list[Column]) -> bool:
    """No element changed column."""
    return [c.members for c in before] == [c.members for c in after]


def justify_columns(html: str, document: Any, layout: Callable[[str], Any]) -> Any:
    """`document` laid out again (by `layout`, from `html`) with its justified columns'
    gaps opened so that every column ends near the flow's foot; `document` itself when
    it has none, or when no layout with the gaps keeps its columns' contents and fits."""
    if "data-justify" not in html:  # no flow to justify: no walk of every box
        return document
    columns = measure(document)
    for scale in (1.0, 0.5):
        added = gaps(columns, scale)
        if not added:
            return document
        justified = layout(with_gaps(html, added))
        if not find_overflows(justified) and _same_columns(columns, measure(justified)):
            return justified
    return document
