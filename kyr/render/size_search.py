"""The type size search: predict the size from how full the first layout's boxes are, then
confirm it (a size fits and the next one up does not), stepping toward the answer and
bisecting when the prediction misses. The answer is a size whose text fits and whose
next size up does not (or the largest), both laid out by the search: never a prediction
unconfirmed. It finds the size the search before it (bisection guided from `start_pt`)
found, for every product in 40 languages on letter and in 10 on a4 (scripts/benchmark.py
counts the layouts; tests/test_first_fit.py compares the two on a sample)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Text area grows with the square of the type size (taller lines, and more of them as
#: fewer words fit a line); used until two layouts measure the exponent of this piece.
AREA_EXPONENT = 2.0
#: A measured exponent outside this range is noise (a line more or less), not the piece's.
EXPONENTS = (0.5, 6.0)
#: Steps toward the answer from one side before bisecting what is left.
STEPS_BEFORE_BISECTING = 2
#: Sizes not tried between the answer's failing neighbours and a larger size known not to
#: fit are tried when at most this many (a dip in fitting, not a monotonic stretch).
GAP = 4


def predicted_threshold(measured: Sequence[tuple[float, float]]) -> float | None:
    """The type size at which the text would just fill its box, from `measured` (size,
    fill ratio: text height over box height, above 1 when over): the measure nearest a
    full box, and the exponent of the fill's growth between it and the next nearest (the
    local growth: a sign's fill creeps, then jumps with a line more), else AREA_EXPONENT."""
    points = [(size, ratio) for size, ratio in measured if ratio > 0]
    if not points:
        return None
    size, ratio = min(points, key=lambda point: abs(math.log(point[1])))
    others = [p for p in points if p[0] != size and abs(p[1] - ratio) > 1e-6]
    exponent = AREA_EXPONENT
    if others:
        other_size, other_ratio = min(others, key=lambda point: abs(math.log(point[1])))
        measured_exponent = math.log(other_ratio / ratio) / math.log(other_size / size)
        if EXPONENTS[0] <= measured_exponent <= EXPONENTS[1]:
            exponent = measured_exponent
    return size * ratio ** (-1 / exponent)


def _nearest(sizes: Sequence[float], size: float) -> int:
    return min(range(len(sizes)), key=lambda index: abs(sizes[index] - size))


def settle_size(
    sizes: Sequence[float],
    fits: Callable[[float], T | None],
    start: float | None = None,
    fill: Callable[[float], float | None] | None = None,
) -> tuple[float, T] | None:
    """A size in ascending `sizes` at which `fits(size)` returns a result (not None), and
    that result: one whose next size up was tried and does not fit (or the largest size),
    so the largest when fitting is monotonic; None only when no size fits at all.

    The first try is `start`, else the largest size; then the size `fill` (how full the
    boxes of a size tried were) predicts, kept between the largest size known to fit and
    the smallest known not to; after STEPS_BEFORE_BISECTING steps toward the answer that
    the prediction did not settle, the rest is bisected. Layout is not monotonic (Tamil's
    card overflows at 6 pt and fits at 6.25 pt; a door slip can overflow at 18.5 pt and
    fit at 18.75): a size found is followed by one try over the sizes just above it that
    do not fit, when a larger size known not to fit is near (`_gap_above`), and a fit
    there resumes the search. When nothing tried fits, every size not tried is, largest
    first, as `some_size_that_fits` would."""
    if not sizes:
        return None
    fits_below, fails_above = -1, len(sizes)  # indexes: known to fit, known not to
    best: tuple[float, T] | None = None
    measured: list[tuple[float, float]] = []
    tried: set[int] = set()
    failed: set[int] = set()
    gap_failed: set[int] = set()  # sizes over the answer's failing neighbours that failed
    probe = len(sizes) - 1 if start is None else _nearest(sizes, start)
    steps = 0
    while True:
        tried.add(probe)
        result = fits(sizes[probe])
        ratio = fill(sizes[probe]) if fill else None
        if ratio is not None:
            measured.append((sizes[probe], ratio))
        if result is None:
            failed.add(probe)
            if probe > fails_above:
                gap_failed.add(probe)
            fails_above = min(fails_above, probe)
        else:
            fits_below, best = probe, (sizes[probe], result)
            fails_above = min((i for i in failed if i > probe), default=len(sizes))
        if fails_above - fits_below > 1:
            probe, steps = _next_probe(sizes, measured, fits_below, fails_above, steps)
            continue
        gap = _gap_above(fits_below, failed, tried, len(sizes)) if best else None
        if gap is None or gap - 1 in gap_failed:  # one size over a dip, not a stretch
            break
        probe = gap
    if best is not None:
        return best
    skipped = [size for index, size in enumerate(sizes) if index not in tried]
    return _first_that_fits(reversed(skipped), fits)


def _gap_above(low: int, failed: set[int], tried: set[int], count: int) -> int | None:
    """The first size not tried over the sizes that do not fit just above `low` (the
    size found), when one more known not to fit lies at most GAP sizes above it: a
    size there may fit again (layout is not monotonic), and a search coming down from
    above, as the one before this did, would have found it first."""
    index = low + 1
    while index in failed:
        index += 1
    if index >= count or index in tried:
        return None
    above = min((i for i in failed if i > index), default=None)
    return index if above is not None and above - index <= GAP else None


def _next_probe(
    sizes: Sequence[float], measured: list[tuple[float, float]], low: int, high: int, steps: int
) -> tuple[int, int]:
    """The next index to try strictly between `low` (fits) and `high` (does not), and the
    steps taken toward the answer so far: the predicted size (the nearest on the grid),
    else, or after too many steps, the middle."""
    threshold = predicted_threshold(measured)
    if threshold is None or steps >= STEPS_BEFORE_BISECTING:
        return (low + high) // 2, 0
    probe = _nearest(sizes, threshold)
    if probe <= low:
        return low + 1, steps + 1
    if probe >= high:
        return high - 1, steps + 1
    return probe, 0


def some_size_that_fits(
    sizes: Sequence[float], fits: Callable[[float], T | None]
) -> tuple[float, T] | None:
    """A size in ascending `sizes` at which `fits` returns a result, or None when none
    does: whether a piece can be printed, the question `settle_size` answers too.
    The smallest size first (one try when it fits, as it mostly does), then the others
    from the largest down."""
    return _first_that_fits([*sizes[:1], *reversed(sizes[1:])], fits)


def _first_that_fits(
    order: Iterable[float], fits: Callable[[float], T | None]
) -> tuple[float, T] | None:
    for size in order:
        result = fits(size)
        if result is not None:
            return size, result
    return None
