"""Latin letters and codes inside right-to-left text ("(U.S. District Court)", "I-205"),
and the footer's phrases, read back from the PDFs in the order a reader sees them
(tests/visual_lines.py): each left-to-right run whole on one line and in its own order,
wherever the fitted type size breaks the lines around it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kyr import CONTENT_VERSION
from kyr.build.run import build
from kyr.config.community import load_community
from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.i18n.bidi import isolate_ltr_runs, ltr_runs
from kyr.i18n.languages import get_language
from kyr.i18n.policy import load_language_translations
from kyr.render.fitter import Builder

from .conftest import FIXTURES, open_pdf
from .visual_lines import visual_lines

LONGEST_LINKS = FIXTURES / "longest-links.toml"
RTL_LANGS = ("ar", "fa", "ur")
RTL_PRODUCTS = ("flyer", "door-slip", "door-slip-half")
#: The products whose text carries Latin runs (the half slip prints no warrant guide).
RUN_PRODUCTS = ("flyer", "door-slip")
PAPERS = ("letter", "a4")
DRAFT = "Draft translation, not yet reviewed"
_RUN = re.compile(r'<span class="ltr-run" dir="ltr">([^<]*)</span>')


def _runs(text: str) -> list[str]:
    return [text[start:end] for start, end in ltr_runs(text)]


def test_a_latin_run_inside_arabic_is_found_with_the_brackets_around_it() -> None:
    text = "مثل محكمة مقاطعة أمريكية (U.S. District Court) أو محكمة ولاية"
    assert _runs(text) == ["(U.S. District Court)"]


def test_a_run_ends_at_its_last_letter_or_digit_so_punctuation_stays_with_the_sentence() -> None:
    assert _runs("أن النموذج I-205، وحده") == ["I-205"]
    assert _runs("وكالة ICE. ضباطها") == ["ICE"]
    assert _runs("ورق I-94.") == ["I-94"]


def test_an_abbreviation_keeps_its_last_dot() -> None:
    assert _runs("شهروند آمریکا (U.S.) نیستید") == ["(U.S.)"]
    assert _runs("اتباع U.S. هستید") == ["U.S."]


def test_runs_stop_at_emphasis_markers_and_digits_alone_are_no_run() -> None:
    assert _runs("**DO NOT** عربي") == ["DO NOT"]
    assert _runs("عمره 18 عامًا") == []


def test_isolated_runs_are_escaped_and_wrapped() -> None:
    assert isolate_ltr_runs("عربي < ICE & DHS") == (
        'عربي &lt; <span class="ltr-run" dir="ltr">ICE &amp; DHS</span>'
    )


def test_right_to_left_catalogs_isolate_their_latin_runs_and_others_do_not() -> None:
    arabic = load_language_translations(get_language("ar"), [])
    message = next(m for m in arabic.messages if "I-205 alone" in m)
    assert _RUN.findall(arabic.gettext(message)) == ["ICE", "I-205"]
    spanish = load_language_translations(get_language("es"), []).gettext(message)
    assert "ltr-run" not in spanish


def _bracketless(text: str) -> str:
    """`text` without spaces, its round brackets one mark: a bracket drawn mirrored in
    right-to-left text shares its glyph, and so its Unicode in the PDF, with the other."""
    return re.sub(r"\s", "", text).replace(")", "(")


def _lines(pdf: Path) -> list[str]:
    return [_bracketless(line) for page in open_pdf(pdf) for line in visual_lines(page)]


@pytest.fixture(scope="module")
def rtl_builds(tmp_path_factory, renderer) -> tuple[Path, Builder]:
    community = load_community(LONGEST_LINKS)
    out = tmp_path_factory.mktemp("bidi")
    for paper in PAPERS:
        build(community, out / paper, RTL_PRODUCTS, RTL_LANGS, paper, renderer=renderer)
    return out, Builder(community, renderer)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("product", RUN_PRODUCTS)
@pytest.mark.parametrize("lang", RTL_LANGS)
def test_latin_runs_in_right_to_left_pieces_read_whole_and_in_order(
    rtl_builds, lang: str, product: str, paper: str
) -> None:
    out, builder = rtl_builds
    html = builder.page_html(Piece(get_product(product), (get_language(lang),), paper))
    runs = _RUN.findall(html)
    assert "(U.S. District Court)" in runs
    (pdf,) = (out / paper).glob(f"{product}-{lang}-*.pdf")
    lines = _lines(pdf)
    for run in set(runs):
        whole = _bracketless(run.replace("&amp;", "&"))
        found = sum(line.count(whole) for line in lines)
        assert found >= runs.count(run), f"{run!r} split or out of order in {pdf.name}"


@pytest.mark.parametrize("lang", RTL_LANGS)
def test_the_network_name_keeps_its_comma_at_its_own_end(rtl_builds, lang: str) -> None:
    out, _ = rtl_builds
    lines = _lines(out / "letter" / f"flyer-{lang}-letter.pdf")
    # Whole on one line or wrapped after the comma: the comma follows "Coalition".
    assert any(line.startswith("OaklandSanctuary&RapidResponseCoalition,") for line in lines)


def footer_phrase_problems(pdf: Path, lang: str) -> list[str]:
    """The footer's phrases (the version line, the draft line) that do not print whole
    on one line (the slow sweep in test_real_network_pdfs runs this on every language)."""
    lines = _lines(pdf)
    version = _bracketless(f"kyr {CONTENT_VERSION} · {lang}")
    phrases = {"version line": version, "draft line": _bracketless(DRAFT)}
    return [
        f"{pdf.name}: {name} split"
        for name, phrase in phrases.items()
        if not any(phrase in line for line in lines)
    ]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("product", RTL_PRODUCTS)
@pytest.mark.parametrize("lang", RTL_LANGS)
def test_right_to_left_footers_keep_each_phrase_whole(
    rtl_builds, lang: str, product: str, paper: str
) -> None:
    out, _ = rtl_builds
    (pdf,) = (out / paper).glob(f"{product}-{lang}-*.pdf")
    assert footer_phrase_problems(pdf, lang) == []
