"""Every product holds a real network's details at every limit at once: read back from the
PDFs, every QR code decodes to the exact link, the hotline prints, nothing is under 6pt,
and the card's back keeps the statement at 7pt or more. The full language set runs in the
slow suite (`make test-slow`)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pdfplumber
import pytest

from kyr.build.run import build
from kyr.config.community import Community, load_community
from kyr.content.context import STATEMENT
from kyr.content.products import load_products, public_products
from kyr.content.qr import qr_matrix
from kyr.i18n.languages import load_registry

from .conftest import FIXTURES, decode_qr_codes, open_pdf, page_text, rasterize
from .test_plain_metadata import NOT_PLAIN, pdf_titles

LANGS = ("en", "es", "ar", "zh-Hans", "hi", "am")
SIGNS = ("sign-private", "sign-public")
LATIN = FIXTURES / "longest-latin.toml"
ARABIC = FIXTURES / "longest-arabic.toml"


def build_everything(
    community: Community,
    out: Path,
    langs: tuple[str, ...],
    renderer,
    papers: tuple[str, ...] = ("letter", "a4"),
) -> Path:
    """Every product on each of `papers`, and the signs on tabloid."""
    for paper in papers:
        build(community, out / paper, (), langs, paper, renderer=renderer)
    build(community, out / "tabloid", SIGNS, langs, "tabloid", renderer=renderer)
    return out


@pytest.fixture(scope="module")
def longest(tmp_path_factory, renderer) -> Path:
    """Letter and tabloid here; a4 (and every language) in the slow suite."""
    community = load_community(LATIN)
    out = tmp_path_factory.mktemp("longest")
    return build_everything(community, out, LANGS, renderer, papers=("letter",))


@pytest.fixture(scope="module")
def longest_arabic_name(tmp_path_factory, renderer) -> Path:
    """The network named in Arabic, on the products that print its name most (every
    product and language in the slow suite)."""
    out = tmp_path_factory.mktemp("arabic")
    products = ("card", "door-slip", "sign-private")
    build(
        load_community(ARABIC), out / "letter", products, ("en", "ar"), "letter", renderer=renderer
    )
    return out


def pdfs(folder: Path) -> list[Path]:
    """The information products' PDFs (not the duplex test: it prints no hotline or QR)."""
    found = sorted(p for p in folder.rglob("*.pdf") if not p.name.startswith("duplex-test-"))
    assert found
    return found


#: Which page of a product carries QR codes, and how many (default: the first page, one).
QR_PAGES = {
    "card-sheet": (0, 10),
    "report-card": (1, 1),
    "report-card-sheet": (1, 10),
    "door-slip-half": (0, 2),
}


def product_and_language(path: Path) -> tuple[str, str]:
    """The product and language tag a built PDF's name says (`flyer-zh-Hans-a4.pdf`)."""
    product = max((p for p in load_products() if path.name.startswith(f"{p}-")), key=len)
    return product, path.stem[len(product) + 1 :].rsplit("-", 1)[0]


def qr_problems(path: Path, url: str) -> list[str]:
    """The page's QR codes that do not decode to `url` at 200 dpi, as a message."""
    product, _ = product_and_language(path)
    page, expected = QR_PAGES.get(product, (0, 1))
    if product == "sticker-sheet":
        expected = 9 if path.name.endswith("letter.pdf") else 12
    texts = [code.text for code in decode_qr_codes(rasterize(path, page, dpi=200))]
    if len(texts) < expected or any(text != url for text in texts):
        return [f"{path.name}: decoded {texts}"]
    return []


def smallest_sizes(path: Path) -> list[tuple[float, str]]:
    """(size in pt, character) for each character under 6pt, on every page (PDFium's
    reading of the text's font size; WeasyPrint sets type in px at a 0.75 scale)."""
    import pypdfium2.raw as pdfium_c

    small = []
    for page in open_pdf(path):
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            size = round(pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * 0.75, 2)
            if size < 5.99 and char.strip():
                small.append((size, char))
    return small


def statement_sizes(path: Path) -> set[float]:
    """The type sizes of the statement's words: the first text on the card's back."""
    count = len(STATEMENT.split())
    with pdfplumber.open(path) as document:
        words = document.pages[1].extract_words(extra_attrs=["size"])[:count]
    assert " ".join(w["text"] for w in words) == STATEMENT, path.name
    return {round(w["size"], 2) for w in words}


def hotline_digits(path: Path) -> bool:
    """The hotline's digits, in order, somewhere in the PDF's text."""
    with pdfplumber.open(path) as document:
        count = len(document.pages)
    text = "".join(page_text(path, index) for index in range(count))
    return "5102414011" in re.sub(r"\D", "", text)


@pytest.mark.parametrize(
    "fixture",
    # Every product's code in six scripts takes 15 s: the slow suite (which decodes every
    # language's) runs it; the Arabic-named network's products stay in the fast suite.
    [pytest.param("longest", marks=pytest.mark.slow), "longest_arabic_name"],
)
def test_every_qr_code_decodes_to_the_150_byte_link_at_200_dpi(fixture, request) -> None:
    folder = request.getfixturevalue(fixture)
    url = load_community(LATIN).qr_url
    assert len(url.encode()) == 150
    problems = [problem for path in pdfs(folder) for problem in qr_problems(path, url)]
    assert not problems, problems


def test_every_qr_code_has_modules_of_at_least_a_third_of_a_millimetre(longest) -> None:
    """Measured from a 300 dpi rendering: the symbol's width over its module count."""
    url = load_community(LATIN).qr_url
    modules = len(qr_matrix(url)) - 8  # the matrix includes the 4-module quiet zone
    dpi = 300
    smallest = {}
    for path in pdfs(longest / "letter"):
        if "-en-" not in path.name and "-en+" not in path.name:
            continue  # the code's size is the product's, whatever the language
        for code in decode_qr_codes(rasterize(path, 0, dpi=dpi)):
            corners = code.position
            width_px = math.dist(
                (corners.top_left.x, corners.top_left.y), (corners.top_right.x, corners.top_right.y)
            )
            module_mm = width_px / modules * 25.4 / dpi
            smallest[path.name] = min(module_mm, smallest.get(path.name, 99))
    assert smallest and min(smallest.values()) >= 0.33, smallest


@pytest.mark.parametrize("fixture", ["longest", "longest_arabic_name"])
def test_the_hotline_digits_extract_from_every_pdf(fixture, request) -> None:
    missing = [
        path.name for path in pdfs(request.getfixturevalue(fixture)) if not hotline_digits(path)
    ]
    assert not missing, missing


@pytest.mark.parametrize("fixture", ["longest", "longest_arabic_name"])
def test_no_character_on_any_product_is_under_6_pt(fixture, request) -> None:
    small = {path.name: smallest_sizes(path)[:3] for path in pdfs(request.getfixturevalue(fixture))}
    assert not {name: chars for name, chars in small.items() if chars}


@pytest.mark.parametrize("fixture", ["longest", "longest_arabic_name"])
def test_the_card_back_keeps_the_statement_at_7_pt_or_more(fixture, request) -> None:
    folder = request.getfixturevalue(fixture)
    for path in sorted(folder.glob("*/card-*.pdf")):
        if path.name.startswith(("card-sheet", "card-foldover")):
            continue
        sizes = statement_sizes(path)
        assert sizes and min(sizes) >= 7.0, (path.name, sizes)


def test_the_back_hotline_is_bold_and_at_least_8_pt(longest) -> None:
    with pdfplumber.open(longest / "letter" / "card-es-letter.pdf") as document:
        chars = [c for c in document.pages[1].chars if c["text"].isdigit()]
    hotline = [c for c in chars if c["size"] >= 7.99]
    assert len(hotline) >= 10  # (510) 241-4011
    assert all("Bold" in c["fontname"] for c in hotline)


def test_the_poster_hotline_grows_with_the_paper(longest) -> None:
    def hotline_pt(path: Path) -> float:
        with pdfplumber.open(path) as document:
            return max(c["size"] for c in document.pages[0].chars if c["text"] == "4")

    letter = hotline_pt(longest / "letter" / "sign-private-en+es+ar-letter.pdf")
    tabloid = hotline_pt(longest / "tabloid" / "sign-private-en+es+ar-tabloid.pdf")
    assert tabloid >= 1.5 * letter


#: The longest mixes of scripts on one sign, beside the registry's pairs (en+ka+my once
#: did not fit on a4 under the larger English heading).
SIGN_MIXES = (("ka", "my"), ("am", "th"), ("my", "ja"), ("es", "ar"), ("zh-Hans", "hi"))
#: The signs on a4 and a3 (letter and tabloid hold every language): the longest catalogs
#: (by characters) and the scripts that set tallest or widest.
HARD_SIGN_LANGS = ("tl", "my", "ta", "fr", "so", "ka", "am", "ar", "zh-Hant", "th", "hi")
#: The network named in Arabic beside every script kyr sets, and the longest catalogs.
NAME_LANGS = ("en", "ar", "ur", "zh-Hant", "ja", "hi", "my", "th", "km", "am", "ta", "tl")
LONGEST_LINKS = FIXTURES / "longest-links.toml"


def every_language() -> tuple[str, ...]:
    return tuple(load_registry())


def build_signs(community: Community, out: Path, renderer, papers, langs) -> Path:
    """Both signs on each of `papers`: `langs` in the registry's pairs beside English,
    and the longest mixes of scripts."""
    for paper in papers:
        build(community, out / paper, SIGNS, langs, paper, renderer=renderer)
        for mix in SIGN_MIXES:
            build(community, out / paper, SIGNS, mix, paper, renderer=renderer)
    return out


def build_all_but_signs(community: Community, out: Path, renderer, papers, langs) -> Path:
    others = tuple(
        pid for pid, product in public_products().items() if pid not in SIGNS and product.is_pdf
    )
    for paper in papers:
        build(community, out / paper, others, langs, paper, renderer=renderer)
    return out


#: The exhaustive sweeps, each a test of its own so that no one runs for long on a worker:
#: (configuration, what is built, papers, languages). The network named in Latin is the
#: longest links' configuration (its links and domain are the longest); named in Arabic,
#: on letter (the name's script, not the paper, is what it adds), on the signs in every
#: language and on the other products in a language of each script.
SWEEPS = {
    "signs-letter-tabloid": (LONGEST_LINKS, build_signs, ("letter", "tabloid"), every_language),
    "signs-a4-a3": (LONGEST_LINKS, build_signs, ("a4", "a3"), lambda: HARD_SIGN_LANGS),
    "signs-arabic-name": (ARABIC, build_signs, ("letter",), every_language),
    "others-letter": (LONGEST_LINKS, build_all_but_signs, ("letter",), every_language),
    "others-a4": (LONGEST_LINKS, build_all_but_signs, ("a4",), every_language),
    "others-arabic-name": (ARABIC, build_all_but_signs, ("letter",), lambda: NAME_LANGS),
}


def sweep_problems(folder: Path, community: Community) -> list[str]:
    """What the fast suite checks on a few pieces, on every piece of a sweep: codes that
    do not decode, type under 6 pt, titles that are not plain text, footers whose phrases
    split, stickers without the network's name, flyers with a small hotline or a wide
    empty band, and ink on the red rules in scripts with tall marks."""
    from .test_bidi_isolation import footer_phrase_problems
    from .test_page_space import RULE_LANGS, flyer_problems, rule_problems
    from .test_usable_forms import sticker_name_problems

    problems = []
    for path in pdfs(folder):
        problems += qr_problems(path, community.qr_url)
        small = smallest_sizes(path)
        if small:
            problems.append(f"{path.name}: type under 6 pt {small[:3]}")
        if NOT_PLAIN.search(pdf_titles(path)[0]):
            problems.append(f"{path.name}: title {pdf_titles(path)[0]!r}")
        product, lang = product_and_language(path)
        if product in ("flyer", "door-slip-half") and lang != "en":
            problems += footer_phrase_problems(path, lang)
        if product == "sticker-sheet":
            problems += sticker_name_problems(path, community.name)
        if product == "flyer":
            problems += flyer_problems(path)
        if product in ("flyer", "workplace-plan") and lang in RULE_LANGS:
            problems += rule_problems(path)
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("sweep", list(SWEEPS))
def test_every_product_holds_the_longest_config_in_every_shipped_language(
    sweep, tmp_path, renderer
) -> None:
    """(`-m slow -k signs` runs the signs alone.)"""
    config, builds, papers, langs = SWEEPS[sweep]
    community = load_community(config)
    folder = builds(community, tmp_path, renderer, papers, langs())
    problems = sweep_problems(folder, community)
    assert not problems, problems
