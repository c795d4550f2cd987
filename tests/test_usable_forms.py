"""Forms a hand can fill in and scales an eye can read (issue 22, "Usable forms"), and
stickers that say who they are from, measured from the PDFs of the longest configuration:
the report card's write-in lines, the gap between the card back's statement and its
contacts, the duplex test's scales, the network's name on every sticker."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
import pytest

from kyr.build.run import build
from kyr.config.community import MAX_NAME, load_community
from kyr.content.context import STATEMENT

from .conftest import FIXTURES, MM_PER_PT, page_text, rasterize

LONGEST = FIXTURES / "longest-links.toml"
ARABIC_NAME = FIXTURES / "longest-arabic.toml"
#: Long scripts (Burmese, Tamil, Amharic, Arabic) and a dense one, by the longest links.
LONG_LANGS = ("en", "ar", "my", "ta", "am", "zh-Hans")
#: and scripts whose marks stand tall over a label (a mark that crossed a line would cut it).
REPORT_LANGS = (*LONG_LANGS, "th", "lo", "hi")
HANDWRITING_MM = 6.0  # from one line someone writes on to the next
STATEMENT_GAP_MM = 1.5
DPI = 300


@pytest.fixture(scope="module")
def forms(tmp_path_factory, renderer) -> Path:
    out = tmp_path_factory.mktemp("forms")
    community = load_community(LONGEST)
    build(community, out, ("report-card",), REPORT_LANGS[len(LONG_LANGS) :], "letter",
          renderer=renderer, allow_incomplete=True)  # fmt: skip
    products = ("report-card", "sticker-sheet")
    build(community, out, products, LONG_LANGS, "letter", renderer=renderer, allow_incomplete=True)
    build(community, out, ("report-card",), ("en", "my", "th"), "a4", renderer=renderer,
          allow_incomplete=True)  # fmt: skip
    for paper in ("letter", "a4"):
        build(community, out, ("card", "duplex-test"), ("en",), paper, renderer=renderer)
    arabic = load_community(ARABIC_NAME)
    build(arabic, out / "arabic", ("sticker-sheet",), ("ar", "en"), "a4", renderer=renderer,
          allow_incomplete=True)  # fmt: skip
    return out


def write_in_lines(path: Path) -> list[tuple[float, float]]:
    """The report card front's write-in lines as (y, x) in mm from the page's top left:
    runs of the lines' grey (#555, with its anti-aliased edge) at least 10 mm long, at
    300 dpi; a line's few pixel rows count once."""
    image = rasterize(path, 0, dpi=DPI)
    px = 25.4 / DPI
    width, data = image.width, image.tobytes()
    grey_run = re.compile(rb"[\x4e-\x5c]{%d,}" % round(10 / px))
    found: list[tuple[float, float]] = []
    for row in range(image.height):
        for run in grey_run.finditer(data[row * width : (row + 1) * width]):
            y, x = row * px, run.start() * px
            if not any(abs(y - fy) < 0.5 and abs(x - fx) < 1 for fy, fx in found):
                found.append((y, x))
    return found


def columns(lines: list[tuple[float, float]]) -> list[list[float]]:
    """The heights of the lines in each column (lines that start within 1 mm), top first."""
    starts: dict[float, list[float]] = {}
    for y, x in sorted(lines):
        start = next((s for s in starts if abs(s - x) < 1), x)
        starts.setdefault(start, []).append(y)
    return [starts[x] for x in sorted(starts)]


@pytest.mark.parametrize(
    "name",
    [f"report-card-{code}-letter.pdf" for code in REPORT_LANGS]
    + ["report-card-en-a4.pdf", "report-card-my-a4.pdf", "report-card-th-a4.pdf"],
)
def test_report_card_write_in_lines_are_a_handwriting_line_apart(forms, name) -> None:
    lines = write_in_lines(forms / name)
    # One line for each of the eight things to note, in two columns, none cut by a mark.
    assert len(lines) == 8, lines
    assert len(columns(lines)) == 2
    pitches = [round(b - a, 2) for ys in columns(lines) for a, b in itertools.pairwise(ys)]
    assert min(pitches) >= HANDWRITING_MM, pitches


def words(path: Path, page: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page].extract_words()


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_card_back_sets_the_statement_apart_from_the_contacts(forms, paper) -> None:
    back = words(forms / f"card-en-{paper}.pdf", 1)
    last_word = STATEMENT.split()[-1]
    statement_end = max(w["bottom"] for w in back if w["text"] == last_word)
    first_contact = min(w["top"] for w in back if w["text"] == "Oakland")
    assert (first_contact - statement_end) * MM_PER_PT >= STATEMENT_GAP_MM


def _box(o: dict) -> tuple[float, float, float, float]:
    return (o["x0"] * MM_PER_PT, o["top"] * MM_PER_PT, o["x1"] * MM_PER_PT,
            o["bottom"] * MM_PER_PT)  # fmt: skip


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def scales(path: Path) -> tuple[list, list, list, list]:
    """The duplex test's back: the x scale's ticks (upright), the y scale's (lying), the
    scale labels, and the crosshairs' arms, as boxes in mm."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[1]
        rects = [_box(r) for r in page.rects]
        labels = [_box(w) for w in page.extract_words() if re.fullmatch(r"-?\d+", w["text"])]
    x_ticks = [r for r in rects if r[2] - r[0] < 0.15 and r[3] - r[1] <= 2.6]
    y_ticks = [r for r in rects if r[3] - r[1] < 0.15 and r[2] - r[0] <= 2.6]
    arms = [r for r in rects if max(r[2] - r[0], r[3] - r[1]) > 2.6]
    return x_ticks, y_ticks, labels, arms


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_duplex_scales_and_their_labels_stay_clear_of_each_other(forms, paper) -> None:
    x_ticks, y_ticks, labels, arms = scales(forms / f"duplex-test-en-{paper}.pdf")
    with pdfplumber.open(forms / f"duplex-test-en-{paper}.pdf") as pdf:
        texts = [w["text"] for w in pdf.pages[1].extract_words()]
    assert texts.count("10") == texts.count("-10") == 2 * 10  # both scales, ten cards
    assert not any(_overlap(a, b) for a in x_ticks for b in y_ticks)
    for i, label in enumerate(labels):
        assert not any(_overlap(label, other) for other in labels[i + 1 :])
        assert not any(_overlap(label, mark) for mark in x_ticks + y_ticks + arms)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_fronts_arms_cross_the_backs_scales_at_any_offset_up_to_10_mm(forms, paper) -> None:
    path = forms / f"duplex-test-en-{paper}.pdf"
    x_ticks, y_ticks, _, _ = scales(path)
    with pdfplumber.open(path) as pdf:
        front = [_box(r) for r in pdf.pages[0].rects]
    # The crosshairs' arms (the crop marks are shorter).
    upright = [r for r in front if r[3] - r[1] > 12 and r[2] - r[0] < 0.3]
    lying = [r for r in front if r[2] - r[0] > 12 and r[3] - r[1] < 0.3]
    assert len(upright) == len(lying) == 10
    for arm in upright:  # the x scale under the arm's cross, wherever the back lands
        scale = [t for t in x_ticks if abs(t[0] - arm[0]) < 11 and arm[1] < t[1] < arm[3]]
        top, bottom = min(t[1] for t in scale), max(t[3] for t in scale)
        assert len(scale) == 21 and arm[1] + 10 <= top and arm[3] - 10 >= bottom
    for arm in lying:  # the y scale right of it
        scale = [t for t in y_ticks if abs(t[1] - arm[1]) < 11 and arm[0] < t[0] < arm[2]]
        left, right = min(t[0] for t in scale), max(t[2] for t in scale)
        assert len(scale) == 21 and arm[0] + 10 <= left and arm[2] - 10 >= right


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u200b\ufffe]", "", text)


#: Stickers on a sheet, by paper (3 x 3 on letter, 3 x 4 on a4).
STICKERS = {"letter": 9, "a4": 12}


def sticker_name_problems(path: Path, name: str) -> list[str]:
    """A sticker sheet whose every sticker does not print the network's `name` whole (the
    slow sweep in test_real_network_pdfs runs this on every language)."""
    count = _squeezed(page_text(path, 0)).count(_squeezed(name))
    expected = STICKERS["a4" if path.stem.endswith("-a4") else "letter"]
    return [] if count == expected else [f"{path.name}: the name {count} times, not {expected}"]


@pytest.mark.parametrize("code", LONG_LANGS)
def test_every_sticker_says_who_it_is_from(forms, code) -> None:
    name = load_community(LONGEST).name
    assert len(name) == MAX_NAME
    assert sticker_name_problems(forms / f"sticker-sheet-{code}-letter.pdf", name) == []


@pytest.mark.parametrize("code", ["ar", "en"])
def test_a_name_in_arabic_script_prints_on_every_sticker(forms, code) -> None:
    name = load_community(ARABIC_NAME).name
    assert len(name) == MAX_NAME
    assert sticker_name_problems(forms / "arabic" / f"sticker-sheet-{code}-a4.pdf", name) == []
