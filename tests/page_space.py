"""What a page leaves empty and how close its ink comes to its rules, read from a
rasterized page (a PIL image at a known dpi): the blank bands of rows between content
and a page's foot, and the clearance between a heading's glyphs and the red rule under
it. The tests of the flyer, the half door slip and the workplace plan read pages with it."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

MM_PER_INCH = 25.4
#: A pixel of ink: darker than this in grey (the SAMPLE mark, 10% red, is lighter).
INK_BELOW = 160


def mm(pixels: float, dpi: int) -> float:
    return pixels * MM_PER_INCH / dpi


def px(millimetres: float, dpi: int) -> int:
    return round(millimetres / MM_PER_INCH * dpi)


def inked_rows(image: Image.Image, left: int = 0, right: int | None = None) -> list[bool]:
    """Per pixel row, whether any pixel from `left` to `right` is ink."""
    grey = image.convert("L")
    right = grey.width if right is None else right
    dark = grey.crop((left, 0, right, grey.height)).point(lambda v: 255 if v < INK_BELOW else 0)
    column = dark.resize((1, grey.height), Image.Resampling.BOX)
    return [value > 0 for value in column.tobytes()]


def blank_above(rows: list[bool], start: int, stop: int) -> int:
    """The rows from the last ink above `stop` (searching from `start`) down to the first
    ink at or after `stop`: how much room a page leaves empty above what stands there."""
    foot = next((y for y in range(stop, len(rows)) if rows[y]), len(rows))
    last = max((y for y in range(start, stop) if rows[y]), default=start)
    return foot - last - 1


def column_bands_mm(
    image: Image.Image, dpi: int, foot_mm: float, margin_mm: float, gap_mm: float
) -> tuple[float, float]:
    """The empty height under each of a page's two columns (left, right; `margin_mm` from
    the page's sides, `gap_mm` between them) down to the first ink at or below `foot_mm`
    from the page's foot (a footer)."""
    middle = image.width // 2
    full = inked_rows(image)
    stop = image.height - px(foot_mm, dpi)
    half_gap, side = px(gap_mm / 2, dpi), px(margin_mm, dpi)
    bands = []
    for left, right in ((side, middle - half_gap), (middle + half_gap, image.width - side)):
        rows = inked_rows(image, left, right)
        foot = next((y for y in range(stop, len(full)) if full[y]), len(full))
        last = max((y for y in range(stop) if rows[y]), default=0)
        bands.append(mm(foot - last - 1, dpi))
    return bands[0], bands[1]


@dataclass(frozen=True)
class Rule:
    top: int  # first pixel row
    left: int
    right: int


def _red(image: Image.Image) -> Image.Image:
    """Pixels of the headings' red (#b3131b), as a mask."""
    r, g, b = image.convert("RGB").split()
    red = r.point(lambda v: 255 if v > 120 else 0)
    not_green = g.point(lambda v: 255 if v < 110 else 0)
    not_blue = b.point(lambda v: 255 if v < 110 else 0)
    mask = Image.new("L", image.size, 0)
    mask.paste(red, mask=not_green)
    blank = Image.new("L", image.size, 0)
    blank.paste(mask, mask=not_blue)
    return blank


def _runs(pixels, y: int, width: int, shortest: int) -> list[tuple[int, int]]:
    runs, x = [], 0
    while x < width:
        if pixels[x, y]:
            start = x
            while x < width and pixels[x, y]:
                x += 1
            if x - start >= shortest:
                runs.append((start, x))
        x += 1
    return runs


def red_rules(image: Image.Image, dpi: int, min_mm: float = 25.0) -> list[Rule]:
    """Horizontal red rules at least `min_mm` long, each by its top row."""
    mask = _red(image)
    pixels = mask.load()
    width, height = mask.size
    shortest = px(min_mm, dpi)
    rules, above = [], []
    for y in range(height):
        runs = _runs(pixels, y, width, shortest)
        for left, right in runs:
            if not any(left < end and start < right for start, end in above):
                rules.append(Rule(y, left, right))
        above = runs
    return rules


def ink_just_above(image: Image.Image, rule: Rule, dpi: int, clearance_mm: float) -> int:
    """Dark (not red) pixels in the `clearance_mm` of rows right above `rule`, over its
    length: glyph ink that touches the rule or sits on it."""
    grey = image.convert("L")
    red = _red(image)
    top = max(0, rule.top - px(clearance_mm, dpi))
    box = (rule.left, top, rule.right, rule.top)
    dark = grey.crop(box).point(lambda v: 255 if v < 100 else 0)
    reds = red.crop(box)
    return sum(1 for d, r in zip(dark.tobytes(), reds.tobytes(), strict=True) if d and not r)
