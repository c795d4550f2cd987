"""The images to share (social-post, social-story): a PNG per language rasterized from
the fitted one-page PDF, exactly 1080 px wide, its QR code decoding, its text legible on
a phone, its print rules printed, an alt text beside it in its language, and the same
bytes on every build."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from kyr.build.run import build
from kyr.config.community import Community, load_community
from kyr.content.pieces import Piece
from kyr.content.products import get_product, load_products
from kyr.errors import TemplatesError
from kyr.i18n.languages import get_language
from kyr.pdf.raster import image_size, png_from_pdf
from kyr.render.fitter import Builder
from tests.conftest import FIXTURES, decode_qr_codes, run_kyr
from tests.line_breaks import line_break_problems, lone_last_characters

PRODUCTS = ("social-post", "social-story")
LANGUAGES = ("en", "es", "ar", "zh-Hans", "my")
SIZES = {"social-post": (1080, 1350), "social-story": (1080, 1920)}
LONGEST = FIXTURES / "longest-links.toml"
#: Where the print rules' band starts, in px from the top (social-post.css: the page less
#: --foot-h; social-story.css: less --foot-h and --edge): above it, nothing under 28 px.
FOOT_TOP_PX = {"social-post": 1350 - 136, "social-story": 1920 - 150 - 136}
#: 28 px on the 1080 px image (1 px = 0.75 pt); the print rules at the foot: 22 px.
BODY_PX, FOOT_PX = 28.0, 22.0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The issue's command, run as a user would (one process: `--jobs 1`)."""
    out = tmp_path_factory.mktemp("social")
    args = [arg for product in PRODUCTS for arg in ("--product", product)]
    args += [arg for code in LANGUAGES for arg in ("--lang", code)]
    result = run_kyr("build", *args, "--jobs", "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def builder(renderer, sample) -> Builder:
    return Builder(sample, renderer)


def _pdf(builder: Builder, product_id: str, code: str) -> bytes:
    """The piece's PDF, as fitted and rendered before it is rasterized."""
    return builder.render(Piece(get_product(product_id), (get_language(code),), "")).pdf


@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("code", LANGUAGES)
def test_each_image_is_exactly_its_size_and_its_qr_code_decodes(built, sample, product, code):
    image = Image.open(built / f"{product}-{code}.png")
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == SIZES[product]
    (found,) = decode_qr_codes(image)
    assert found.text == sample.qr_url
    # The symbol's outer corners as zxing finds them: 300 px of modules (social.html).
    assert found.position.top_right.x - found.position.top_left.x >= 298


def test_the_build_writes_an_image_and_its_alt_text_per_language_and_lists_them(built):
    names = {f"{p}-{code}{suffix}" for p in PRODUCTS for code in LANGUAGES
             for suffix in (".png", ".alt.txt")}  # fmt: skip
    assert {path.name for path in built.iterdir()} == names | {"manifest.json"}
    entries = json.loads((built / "manifest.json").read_text())
    entries = entries["files"] if isinstance(entries, dict) else entries
    assert {entry["path"] for entry in entries} == names
    assert all(entry["paper"] == "" and entry["pages"] == 1 for entry in entries)
    for entry in entries:
        low, high = get_product(entry["product"]).bounds("")
        assert low <= entry["font_size_pt"] <= high


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_alt_text_reads_the_image_in_its_language(built, builder, sample, code):
    plain = builder.translations(get_language(code)).plain_text
    for product in PRODUCTS:
        alt = (built / f"{product}-{code}.alt.txt").read_text(encoding="utf-8")
        rtl = get_language(code).direction == "rtl"
        isolated = f"\u2066{sample.hotline_number}\u2069"
        assert (isolated in alt) == rtl  # the number read left to right in Arabic
        lines = alt.replace("\u2066", "").replace("\u2069", "").splitlines()
        assert lines[0] == plain("Know your rights")
        first_right = plain("**DO NOT OPEN THE DOOR** if an immigration agent is knocking.")
        assert f"1. {first_right}" in lines
        assert [line[:3] for line in lines if line[:1].isdigit() and line[1:3] == ". "] == [
            "1. ", "2. ", "3. ", "4. "
        ]  # fmt: skip
        order = [sample.hotline_label, sample.hotline_number, "example.org/rights", sample.name]
        assert [lines.index(text) for text in order] == sorted(lines.index(t) for t in order)
        assert plain("General information, not legal advice.") in lines
        assert f"kyr 2026.12.1 · {code}" in lines
        assert "**" not in alt and "<" not in alt
        if code != "en":
            assert "Know your rights" not in alt


def test_two_builds_write_the_same_bytes(built, tmp_path, renderer, sample):
    """The library in this process against the command's (another Builder, the same
    inputs): every image and alt text byte for byte."""
    build(sample, tmp_path, PRODUCTS, ("en", "ar", "my"), renderer=renderer, force=True)
    for path in tmp_path.iterdir():
        if path.name != "manifest.json":
            assert path.read_bytes() == (built / path.name).read_bytes(), path.name


def test_an_unchanged_image_is_left_as_it_is(tmp_path, renderer, sample):
    first = build(sample, tmp_path, ("social-post",), ("es",), renderer=renderer)
    assert {entry.path for entry in first} == {"social-post-es.png", "social-post-es.alt.txt"}
    stamp = (tmp_path / "social-post-es.png").stat().st_mtime_ns
    assert build(sample, tmp_path, ("social-post",), ("es",), renderer=renderer) == []
    assert (tmp_path / "social-post-es.png").stat().st_mtime_ns == stamp


def _char_sizes_px(pdf: bytes, foot_top_px: float) -> tuple[list[float], list[float]]:
    """Every character's size in image px, above the print rules' band and in it."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for c in document.pages[0].chars if c["text"].strip()]
    body = [c["size"] / 0.75 for c in chars if c["top"] / 0.75 < foot_top_px]
    foot = [c["size"] / 0.75 for c in chars if c["top"] / 0.75 >= foot_top_px]
    return body, foot


@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("code", ("en", "ar", "zh-Hans", "my"))
def test_text_is_legible_on_a_phone(builder, product, code):
    """Measured in the PDF before it is rasterized: the heading, the rights, the hotline,
    the link and the name at 28 px and more at 1080 px wide; the print rules at 22."""
    pdf = _pdf(builder, product, code)
    body, foot = _char_sizes_px(pdf, FOOT_TOP_PX[product])
    assert len(body) > 100 and foot
    assert min(body) >= BODY_PX - 0.01, (product, code, min(body))
    assert min(foot) >= FOOT_PX - 0.01, (product, code, min(foot))


@pytest.mark.parametrize("code", ("es", "ar"))
def test_the_image_prints_the_print_rules(builder, code):
    """The SAMPLE mark and note, the not-legal-advice line, the version with the locale
    code, and the draft line where the language is unreviewed."""
    language = get_language(code)
    with pdfplumber.open(io.BytesIO(_pdf(builder, "social-post", code))) as document:
        text = (document.pages[0].extract_text() or "").replace(" ", "")
    assert "SAMPLE" in text
    assert f"kyr2026.12.1·{code}" in text
    if builder.is_draft(language):
        assert "notyetreviewed" in text  # the comma: the Arabic font's, elsewhere


@pytest.mark.parametrize("product", PRODUCTS)
def test_burmese_breaks_between_words_and_chinese_ends_no_line_on_one_character(
    builder, product
):
    (_, burmese), (_, chinese) = (
        builder.fit(Piece(get_product(product), (get_language(code),), ""))
        for code in ("my", "zh-Hans")
    )
    assert line_break_problems(burmese, "my") == []
    assert lone_last_characters(chinese, "zh-Hans") == []


def test_a_page_in_css_px_is_rasterized_to_its_size_in_px():
    assert image_size(810.0, 1012.5) == (1080, 1350)
    assert image_size(810.0, 1440.0) == (1080, 1920)


def test_the_same_pdf_gives_the_same_png(builder):
    pdf = _pdf(builder, "social-story", "ar")
    png = png_from_pdf(pdf)
    assert png == png_from_pdf(pdf)
    assert b"tIME" not in png and b"tEXt" not in png and b"pHYs" not in png


def _longest() -> Community:
    return load_community(LONGEST)


@pytest.mark.parametrize("code", ("en", "ar", "my"))
def test_the_longest_details_fit_and_the_code_decodes(tmp_path, renderer, code):
    """The longest real details (a 150-byte link, a 60-character name and a long hotline
    label): the type shrinks within min_pt..max_pt, nothing overflows (a build fails
    otherwise), the QR code decodes."""
    community = _longest()
    entries = build(community, tmp_path, PRODUCTS, (code,), renderer=renderer)
    for entry in entries:
        if entry.path.endswith(".png"):
            low, high = get_product(entry.product).bounds("")
            assert low <= entry.font_size_pt <= high
            image = Image.open(tmp_path / entry.path)
            assert image.size == SIZES[entry.product]
            assert [c.text for c in decode_qr_codes(image)] == [community.qr_url]


def _registry(folder: Path, text: str) -> Path:
    """A registry in a folder of its own (registries are cached by path)."""
    folder.mkdir()
    for name in ("social.html", "social.css", "social.alt.txt"):
        (folder / name).write_text("", encoding="utf-8")
    (folder / "products.toml").write_text(text, encoding="utf-8")
    return folder / "products.toml"


def test_an_image_product_has_no_papers_and_needs_its_alt_text(tmp_path):
    entry = (
        '[img]\ntitle = "An image"\noutput = "image"\ntemplate = "social.html"\n'
        'styles = ["social.css"]\nmin_pt = 21\nmax_pt = 30\n'
    )
    alt = 'alt = "social.alt.txt"\n'
    (product,) = load_products(_registry(tmp_path / "good", entry + alt)).values()
    assert product.is_image and not product.is_pdf and product.papers == ()
    assert Piece(product, (get_language("es"),), "").filenames == ("img-es.png", "img-es.alt.txt")
    with pytest.raises(TemplatesError, match="missing key 'alt'"):
        load_products(_registry(tmp_path / "no-alt", entry))
    with pytest.raises(TemplatesError, match="an image has no papers"):
        load_products(_registry(tmp_path / "papers", entry + alt + 'papers = ["a4"]\n'))


#: Scripts the five above do not cover: Ethiopic, Devanagari, Japanese, Nastaliq, Thai.
HARD_LANGUAGES = ("am", "hi", "ja", "ur", "th")


@pytest.mark.slow
def test_the_longest_details_fit_in_the_hardest_scripts(tmp_path, renderer):
    community = _longest()
    entries = build(community, tmp_path, PRODUCTS, HARD_LANGUAGES, renderer=renderer)
    pngs = [entry for entry in entries if entry.path.endswith(".png")]
    assert len(pngs) == len(PRODUCTS) * len(HARD_LANGUAGES)
    for entry in pngs:
        image = Image.open(tmp_path / entry.path)
        assert image.size == SIZES[entry.product]
        assert [c.text for c in decode_qr_codes(image)] == [community.qr_url], entry.path
