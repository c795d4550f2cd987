"""Phone numbers set large: the size at which a number keeps to one line in a column,
and where to cut it in two when that sets it larger (a poster's hotline). Widths come
from the bundled font's advances (kyr.fonts.text_width), no layout engine."""

from __future__ import annotations

from dataclasses import dataclass

from kyr import paths
from kyr.fonts.text_width import one_line_size, text_width_mm

#: Phone numbers print in Noto Sans Bold (ASCII digits and punctuation).
PHONE_FONT = "NotoSans-Bold.ttf"
#: Nothing prints smaller than this (README: print rules).
SMALLEST_PT = 6.0


def phone_size_pt(number: str, width_mm: float, largest: float) -> float:
    """As large as keeps `number` on one line in `width_mm`, up to `largest` and not
    under 6pt. A number too long even at 6pt gets 6pt and wraps at its spaces."""
    font = paths.fonts_dir() / PHONE_FONT
    return one_line_size(number, font, width_mm, largest, SMALLEST_PT) or SMALLEST_PT


@dataclass(frozen=True)
class NumberLines:
    """A phone number set large: its type size in pt and its lines."""

    pt: float
    lines: tuple[str, ...]


def number_breaks(number: str) -> tuple[tuple[str, ...], ...]:
    """`number` on one line, then cut in two at each group separator: at a space (which
    goes) or after a hyphen (which stays, ending the first line)."""
    splits: list[tuple[str, ...]] = [(number,)]
    for index, char in enumerate(number):
        if char == " ":
            splits.append((number[:index], number[index + 1 :]))
        elif char == "-" and 0 < index < len(number) - 1:
            splits.append((number[: index + 1], number[index + 1 :]))
    return tuple(tuple(line.strip() for line in split) for split in splits if all(split))


def phone_lines(
    number: str, width_mm: float, largest: float, first_mm: float | None = None
) -> NumberLines:
    """`number` as large as it sets in `width_mm`, up to `largest`: on one line, or on
    two cut at a group separator when that sets it larger. The first of two lines sets
    in `first_mm` (beside a QR code; `width_mm` when None); one line has the whole
    width. At the same size one line wins, then the cut whose longer line is shortest
    (the groups balanced)."""
    font = paths.fonts_dir() / PHONE_FONT
    first = width_mm if first_mm is None else first_mm

    def rank(lines: tuple[str, ...]) -> tuple[float, int, float]:
        widths = (first, width_mm) if len(lines) == 2 else (width_mm,)
        sizes = zip(lines, widths, strict=True)
        pt = min(phone_size_pt(line, room, largest) for line, room in sizes)
        widest = max(text_width_mm(line, font, largest) for line in lines)
        return (pt, -len(lines), -widest)

    best = max(number_breaks(number), key=rank)
    return NumberLines(rank(best)[0], best)
