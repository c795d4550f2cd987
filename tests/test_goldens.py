"""What each product prints, against files under tests/goldens: the HTML each template
produces through the real builder (at the fitted type size, with draft notes), for English
and Arabic, and low-resolution pictures of a few PDFs. A change shows up as a reviewable
diff: numbers are rounded to 2 decimals and images stand as their sha256, so the diff
reads as a change of meaning. After an intended change:
`pytest tests/test_goldens.py --update-goldens`, then read `git diff tests/goldens`."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kyr import paths
from kyr.build.plan import language_groups
from kyr.config.community import parse_community
from kyr.content.pieces import Piece
from kyr.content.products import get_product, public_products
from kyr.i18n.languages import get_language
from kyr.render.fitter import Builder

from .conftest import png_bytes, rasterize

GOLDENS = Path(__file__).parent / "goldens"

COMMUNITY = parse_community(
    """
name = "Golden Network"
languages = ["en", "ar"]
[hotline]
number = "+1 213 555 9876"
[qr]
url = "https://golden.network/kyr"
[[resources]]
name = "Golden Legal Aid"
phone = "+1 213 555 9877"
"""
)
CASES = [
    (product_id, lang)
    for product_id, product in public_products().items()
    for lang in ("en", "ar")
    if product_id != "proof" and product.is_pdf  # a message has no HTML; images: no paper
]
_NUMBER = re.compile(r"(?<![\w.])(-?\d+\.\d{3,})(?=mm|pt|px|in|%|em|\b)")
_DATA_URI = re.compile(r"data:([\w/+.-]+)(;base64)?,([^\"')\s]+)")


def normalized(html: str) -> str:
    """`html` with long decimals rounded to 2 places and data URIs as their sha256."""
    html = _NUMBER.sub(lambda m: f"{float(m.group(1)):.2f}", html)
    return _DATA_URI.sub(
        lambda m: (
            f"data:{m.group(1)};sha256={hashlib.sha256(m.group(3).encode()).hexdigest()[:16]}"
        ),
        html,
    )


def piece_for(product_id: str, lang: str, paper: str = "letter") -> Piece:
    product = get_product(product_id)
    (group,) = language_groups(product, (get_language(lang),))
    return Piece(product, group, paper)


@pytest.fixture(scope="module")
def builder(renderer) -> Builder:
    return Builder(COMMUNITY, renderer)


@pytest.mark.parametrize(("product_id", "lang"), CASES, ids=lambda v: str(v))
def test_template_html_matches_its_golden_file(product_id, lang, update_goldens, builder) -> None:
    piece = piece_for(product_id, lang)
    html = normalized(builder.page_html(piece))
    golden = GOLDENS / f"{product_id}-{piece.lang_tag}.golden.txt"  # plain data, not source
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with --update-goldens"
    expected = golden.read_text(encoding="utf-8")
    assert html == expected, f"{golden.relative_to(paths.CHECKOUT)} differs"


def test_normalized_html_rounds_numbers_and_hides_image_data() -> None:
    html = '<p style="font-size: 7.123456pt; width: 3.5in"><img src="data:image/png;base64,AAAA">'
    assert normalized(html) == (
        '<p style="font-size: 7.12pt; width: 3.5in">'
        f'<img src="data:image/png;sha256={hashlib.sha256(b"AAAA").hexdigest()[:16]}">'
    )


SNAPSHOTS = [("card", "en"), ("card", "ar"), ("door-slip", "es"), ("sign-private", "vi")]
#: Per-pixel tolerance (grey levels out of 255) and how many pixels may exceed it:
#: anti-aliasing may differ by a level or two between pdfium builds, a layout change not.
PIXEL_TOLERANCE = 40
MAX_DIFFERING = 0.002
SNAPSHOT_DPI = 24


@pytest.mark.parametrize(("product_id", "lang"), SNAPSHOTS, ids=lambda v: str(v))
def test_a_low_resolution_picture_matches_its_snapshot(
    product_id, lang, update_goldens, builder, tmp_path
) -> None:
    piece = piece_for(product_id, lang)
    pdf = tmp_path / piece.filename
    pdf.write_bytes(builder.render(piece).pdf)
    actual = rasterize(pdf, 0, dpi=SNAPSHOT_DPI).convert("L")
    snapshot = GOLDENS / f"{piece.filename.removesuffix('.pdf')}.png"
    if update_goldens:
        snapshot.write_bytes(png_bytes(actual))
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with --update-goldens"
    expected = Image.open(snapshot).convert("L")
    failed = Path(tempfile.mkdtemp(prefix="kyr-snapshot-")) / snapshot.stem
    if actual.size != expected.size:
        _keep(failed, actual, expected)
        pytest.fail(f"{snapshot.name}: size {actual.size} != {expected.size}; see {failed}.*")
    difference = ImageChops.difference(actual, expected)
    over = sum(difference.histogram()[PIXEL_TOLERANCE + 1 :])
    if over > MAX_DIFFERING * actual.width * actual.height:
        _keep(failed, actual, expected)
        pytest.fail(
            f"{snapshot.name}: {over} pixels differ; see {failed}.actual.png and "
            f"{failed}.expected.png"
        )


def _keep(stem: Path, actual: Image.Image, expected: Image.Image) -> None:
    actual.save(f"{stem}.actual.png")
    expected.save(f"{stem}.expected.png")
