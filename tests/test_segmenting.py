"""Scripts written without spaces between words break lines only between words: ICU finds
the words, kyr's markup keeps each on one line, and WeasyPrint breaks between them."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from kyr.i18n.catalogs import Translations
from kyr.i18n.segmenting import ZWSP, boundaries, segments
from tests.line_breaks import assert_breaks_on_word_boundaries, line_break_problems

MSGID = "**Do not open the door** if an immigration agent is knocking."

#: The sentence above in each language, written for these tests (not catalog text).
SENTENCES = {
    "th": ("Noto Sans Thai", "**อย่าเปิดประตู**ถ้าเจ้าหน้าที่ตรวจคนเข้าเมืองมาเคาะประตู"),
    "lo": ("Noto Sans Lao", "**ຢ່າເປີດປະຕູ** ຖ້າເຈົ້າໜ້າທີ່ກວດຄົນເຂົ້າເມືອງມາເຄາະປະຕູ."),
    "km": ("Noto Sans Khmer", "**កុំបើកទ្វារ** ប្រសិនបើភ្នាក់ងារអន្តោប្រវេសន៍កំពុងគោះទ្វារ។"),
    "my": (
        "Noto Sans Myanmar",
        "လူဝင်မှုကြီးကြပ်ရေးအရာရှိက တံခါးခေါက်နေလျှင် **တံခါးမဖွင့်ပါနှင့်**။",
    ),
    "ja": ("Noto Sans CJK JP", "入国管理官がドアをノックしても、**ドアを開けないでください**。"),
}


def translations(code: str, segment: bool = True) -> Translations:
    return Translations({MSGID: SENTENCES[code][1]}, {}, lambda n: 0, code, segment=segment)


def narrow_paragraph(renderer, code: str, text: Markup, width_mm: float = 22):
    font = SENTENCES[code][0]
    html = (
        f'<html lang="{code}"><head><style>.kw {{ white-space: nowrap }} '
        f"p {{ width: {width_mm}mm; margin: 0; font: 9pt '{font}', 'Noto Sans' }}</style>"
        f"</head><body><p>{text}</p></body></html>"
    )
    return renderer.layout(html, [], f"{code} fixture")


def lines_of(document) -> int:
    from tests.line_breaks import paragraphs

    return sum(len(paragraph.lines) for paragraph in paragraphs(document))


def test_icu_finds_the_words_of_thai_khmer_lao_and_burmese() -> None:
    assert segments("อย่าเปิดประตู", "th") == ["อย่า", "เปิด", "ประตู"]
    assert segments("ຢ່າເປີດປະຕູ ຖ້າ", "lo") == ["ຢ່າ", "ເປີດ", "ປະຕູ ", "ຖ້າ"]
    assert boundaries("កុំបើកទ្វារ", "km") == (3,)
    assert len(segments(SENTENCES["my"][1].replace("**", ""), "my")) > 5


@pytest.mark.parametrize("code", ["th", "lo", "km", "my"])
def test_segmented_text_keeps_each_word_on_one_line_with_a_break_between(code) -> None:
    markup = translations(code).gettext(MSGID)
    assert ZWSP in markup
    assert markup.count('<span class="kw">') >= 5
    assert markup.count('<b class="em kw">') >= 1
    plain = SENTENCES[code][1].replace("**", "")
    assert markup.striptags().replace(ZWSP, "") == plain


def test_segmented_translations_are_escaped_never_markup() -> None:
    hostile = "อย่าเปิด<script>x</script>ประตู &amp; **เคาะ**"
    markup = Translations({"m": hostile}, {}, lambda n: 0, "th", segment=True).gettext("m")
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&amp;amp;" in markup
    assert '<b class="em kw">เคาะ</b>' in markup


def test_a_word_boundary_at_the_edge_of_the_emphasis_is_a_break() -> None:
    markup = translations("th").gettext(MSGID)
    # อย่าเปิดประตู | ถ้า: the emphasis ends at a word boundary with no space.
    assert f'ประตู</b>{ZWSP}<span class="kw">ถ้า' in markup


@pytest.mark.parametrize("code", ["th", "lo", "km", "my", "ja"])
def test_lines_break_only_between_words(renderer, code) -> None:
    document = narrow_paragraph(renderer, code, translations(code).gettext(MSGID))
    assert lines_of(document) >= 3
    assert_breaks_on_word_boundaries(document, code)


@pytest.mark.parametrize("code", ["lo", "km", "my"])
def test_without_segmenting_pango_cannot_break_these_scripts(renderer, code) -> None:
    """Why kyr segments: without the markup the same text sticks out of its box."""
    document = narrow_paragraph(renderer, code, translations(code, segment=False).gettext(MSGID))
    assert line_break_problems(document, code)


def test_a_wider_box_still_breaks_only_between_words(renderer) -> None:
    for code in SENTENCES:
        for width in (15, 30, 45):
            document = narrow_paragraph(renderer, code, translations(code).gettext(MSGID), width)
            assert_breaks_on_word_boundaries(document, code)


def _segmenting_languages() -> list:
    from kyr.i18n.languages import load_registry

    return [
        language
        for language in load_registry().values()
        if language.segment or language.keep_words or language.script == "Jpan"
    ]


#: Thai stays in the fast suite; the other scripts' cards (15 s together) in the slow one.
FAST_SEGMENTING = ("th",)


@pytest.mark.parametrize(
    "language",
    [
        language if language.code in FAST_SEGMENTING
        else pytest.param(language, marks=pytest.mark.slow)
        for language in _segmenting_languages()
    ],
    ids=lambda language: language.code,
)  # fmt: skip
def test_real_cards_break_only_between_words(renderer, sample, language) -> None:
    """Every registered language that segments (or keeps words, or is Japanese): its card
    and door slip, laid out by the builder, break lines only at ICU's boundaries."""
    from kyr.build.plan import language_groups
    from kyr.content.pieces import Piece
    from kyr.content.products import public_products
    from kyr.render.fitter import Builder

    builder = Builder(sample, renderer, allow_incomplete=True)
    for product_id in ("card", "door-slip"):
        product = public_products()[product_id]
        for group in language_groups(product, (language,)):
            _, document = builder.fit(Piece(product, group, "letter"))
            assert_breaks_on_word_boundaries(document, language.code)
