#!/usr/bin/env python3
"""The print designer's review table (issue 22), measured from the PDFs of a real build.

Builds the page products for English plus two languages (en+es+ar, en+my+ja, en+am+th by
default) with the long configuration (tests/fixtures/longest-links.toml) on letter and
tabloid, all the languages in one build per paper as a network prints a set of signs, and
prints, for each page of each PDF:

- heading caps: the tallest Latin capital's ink height (the English heading on a sign);
- body caps: the ink height of the most common Latin capital size (the body text);
- line pitch: the median distance between neighbouring baselines of body-size capitals;
- band: the tallest run of blank rows between the first and the last ink of the page, at
  100 dpi (an empty band a reader sees as unused paper).

Figures, not pass/fail (the tests hold the limits):

    .venv/bin/python scripts/print_review.py                 # ~2 min on 2 CPUs
    .venv/bin/python scripts/print_review.py --paper letter --langs es,ar
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tests" / "fixtures" / "longest-links.toml"
COMBOS = (("es", "ar"), ("my", "ja"), ("am", "th"))
PAPERS = ("letter", "tabloid")
MM_PER_PT = 25.4 / 72
#: Latin capitals with a flat top and bottom on the cap height and the baseline.
FLAT_CAPS = frozenset("EFHIKLMNTUVWXZ")
DPI = 100


@dataclass(frozen=True)
class PageFigures:
    file: str
    page: int
    heading_caps_mm: float | None
    body_caps_mm: float | None
    line_pitch_mm: float | None
    band_mm: float


def cap_boxes(page: pdfium.PdfPage) -> list[tuple[float, float]]:
    """(ink height, baseline) in points of every flat Latin capital on the page."""
    textpage = page.get_textpage()
    found = []
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1) in FLAT_CAPS:
            _left, bottom, _right, top = textpage.get_charbox(index)
            found.append((top - bottom, bottom))
    return found


def largest_band_mm(page: pdfium.PdfPage) -> float:
    """The tallest run of blank rows between the page's first and last ink, in mm."""
    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    width, height = image.size
    pixels = image.load()
    inked = [any(pixels[x, y] < 200 for x in range(0, width, 2)) for y in range(height)]
    rows = [y for y, ink in enumerate(inked) if ink]
    if not rows:
        return 0.0
    longest = run = 0
    for ink in inked[rows[0] : rows[-1] + 1]:
        run = 0 if ink else run + 1
        longest = max(longest, run)
    return longest * 25.4 / DPI


def measure(pdf: Path) -> list[PageFigures]:
    figures = []
    document = pdfium.PdfDocument(pdf)
    for number, page in enumerate(document, start=1):
        caps = cap_boxes(page)
        heights = Counter(round(height * 2) / 2 for height, _ in caps)  # to 0.5 pt
        heading = max(heights) if heights else None
        smaller = Counter({h: n for h, n in heights.items() if heading and h < 0.9 * heading})
        body = (smaller or heights).most_common(1)[0][0] if heights else None
        baselines = sorted(
            {round(base, 1) for height, base in caps if round(height * 2) / 2 == body}
        )
        # Neighbouring lines of one block: a gap between blocks or columns is not a pitch.
        pitches = [b - a for a, b in pairwise(baselines) if body and body < b - a < 4 * body]
        figures.append(
            PageFigures(
                file=pdf.name,
                page=number,
                heading_caps_mm=heading * MM_PER_PT if heading else None,
                body_caps_mm=body * MM_PER_PT if body else None,
                line_pitch_mm=statistics.median(pitches) * MM_PER_PT if pitches else None,
                band_mm=largest_band_mm(page),
            )
        )
    return figures


def page_products(paper: str) -> list[str]:
    """The products that come on `paper`, pages rather than cut cards."""
    from kyr.content.products import load_products

    cut = {"wallet-card", "sticker-sheet"}
    return [
        product.id
        for product in load_products().values()
        if paper in product.papers
        and not product.internal
        and product.trim not in cut
        and not product.impose
    ]


def build(paper: str, langs: tuple[str, ...], out: Path) -> None:
    command = [sys.executable, "-m", "kyr", "build", "--config", str(CONFIG), "--paper", paper,
               "--out", str(out), "--force"]  # fmt: skip
    for product in page_products(paper):
        command += ["--product", product]
    for lang in langs:
        command += ["--lang", lang]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def pieces_of(pieces: list[dict[str, Any]], langs: set[str], out: Path) -> list[Path]:
    """The PDFs of the build in `langs` (and English) only: a multilingual proof of the
    whole build is left out."""
    return sorted(
        out / piece["path"]
        for piece in pieces
        if set(piece["lang"].split("+")) - {"en"} <= langs and set(piece["lang"].split("+")) & langs
    )


def millimetres(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", action="append", choices=("letter", "a4", "tabloid", "a3"))
    parser.add_argument("--langs", action="append", help="comma-separated, English is added")
    args = parser.parse_args(argv)
    papers = tuple(args.paper or PAPERS)
    combos = tuple(tuple(item.split(",")) for item in args.langs) if args.langs else COMBOS
    print("| languages | paper | file | page | heading caps mm | body caps mm "
          "| line pitch mm | largest band mm |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="kyr-review-") as folder:
        os.environ.setdefault("XDG_CACHE_HOME", folder)
        for paper in papers:
            out = Path(folder) / paper
            build(paper, tuple(lang for langs in combos for lang in langs), out)
            pieces = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            for langs in combos:
                for pdf in pieces_of(pieces, set(langs), out):
                    for row in measure(pdf):
                        print(f"| en+{'+'.join(langs)} | {paper} | {row.file} | {row.page} "
                              f"| {millimetres(row.heading_caps_mm)} "
                              f"| {millimetres(row.body_caps_mm)} "
                              f"| {millimetres(row.line_pitch_mm)} | {row.band_mm:.1f} |",
                              flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
