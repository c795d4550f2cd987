"""Scripts written without spaces between words break lines only between words: ICU finds
the words, kyr's markup keeps each on one line, and WeasyPrint breaks between them."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from kyr.i18n.catalogs import Translations
from kyr.i18n.segmenting import (
    WORD_JOINER,
    ZWSP,
    boundaries,
    keep_last_characters,
    segments,
    syllables,
)
from tests.line_breaks import (
    assert_breaks_on_word_boundaries,
    line_break_problems,
    lone_last_characters,
    paragraphs,
)

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
    return sum(len(paragraph.lines) for paragraph in paragraphs(document))


def test_icu_finds_the_words_of_thai_khmer_lao_and_burmese() -> None:
    assert segments("อย่าเปิดประตู", "th") == ["อย่า", "เปิด", "ประตู"]
    assert segments("ຢ່າເປີດປະຕູ ຖ້າ", "lo") == ["ຢ່າ", "ເປີດ", "ປະຕູ ", "ຖ້າ"]
    assert boundaries("កុំបើកទ្វារ", "km") == (3,)
    assert len(segments(SENTENCES["my"][1].replace("**", ""), "my")) >= 4


#: Words the issue's review found broken on Burmese pieces (ICU's line breaker alone cuts
#: each of them), and a loanword ICU cuts into its syllables.
BURMESE_WORDS = {
    "မရှိ": "does not have (negation and verb)",
    "ဖုန်းဆက်ရန်": "to phone (verb and particle)",
    "သတင်းပို့ပါ": "please report (verb and particle)",
    "မြန်မြန်": "quickly (doubled word)",
    "အမေရိကန်": "American",
}


def test_icu_alone_breaks_inside_these_burmese_words() -> None:
    from icu4py.breakers import LineBreaker

    for word in BURMESE_WORDS:
        assert len(list(LineBreaker(word, "my"))) > 1, BURMESE_WORDS[word]


def test_burmese_never_breaks_inside_a_word_or_before_a_particle() -> None:
    for word in BURMESE_WORDS:
        assert boundaries(word, "my") == (), BURMESE_WORDS[word]
    phrase = "သင့်တွင် မရှိလျှင်၊ "  # "if you do not have": breaks only at its space
    assert segments(phrase, "my") == ["သင့်တွင် ", "မရှိလျှင်၊ "]


def test_burmese_breaks_between_two_words_of_two_syllables_or_more() -> None:
    officer = "လူဝင်မှုကြီးကြပ်ရေးအရာရှိက"  # immigration | officer
    assert segments(officer, "my") == ["လူဝင်မှုကြီးကြပ်ရေး", "အရာရှိက"]


def test_burmese_syllables_are_counted_without_killed_or_stacked_consonants() -> None:
    counts = {"မ": 1, "ရှိ": 1, "ဖုန်း": 1, "နှင့်": 1, "သတင်းပို့": 3, "အရာရှိက": 4}
    assert {word: syllables(word) for word in counts} == counts


def test_japanese_breaks_between_words_by_the_strict_rules() -> None:
    assert segments("立ち入り禁止", "ja") == ["立ち入り", "禁止"]
    text = "入国管理官がドアをノックしても、立ち入りを禁止します。"
    pieces = segments(text, "ja")
    assert "".join(pieces) == text
    assert "ノックしても、" in pieces and "立ち入りを" in pieces
    assert not [piece for piece in pieces if piece[0] in "ッーり。、"]


def test_japanese_keeps_hiragana_with_the_word_before_it() -> None:
    """ICU's dictionary cuts くだ|さい and 歩|かない: a line never starts with hiragana."""
    assert segments("持ち歩かないでください。", "ja")[-1] == "歩かないでください。"
    assert segments("ほかの国の書類は", "ja") == ["ほかの", "国の", "書類は"]


def test_a_messages_last_two_characters_are_joined_past_punctuation_and_emphasis() -> None:
    assert keep_last_characters("您有权保持沉默。") == f"您有权保持沉{WORD_JOINER}默。"
    assert keep_last_characters("**不要开门**。") == f"**不要开{WORD_JOINER}门**。"
    assert keep_last_characters("です、黙。") == f"です、{WORD_JOINER}黙。"
    assert keep_last_characters("ICE 黙。") == "ICE 黙。"  # a space stays a break
    assert keep_last_characters("。") == "。"


#: Texts and widths at which Pango, left alone, ends the paragraph on one character.
ZH_BASE = "执法人员可以像任何普通民众一样进入公共区域但这并不赋予他们随意拦截盘问或逮捕任何人"
LONE_ENDINGS = [(30, 26), (30, 27), (40, 11), (40, 12), (40, 23), (40, 24)]


def _zh_paragraphs(renderer, ideographic: bool):
    for width, length in LONE_ENDINGS:
        message = ZH_BASE[:length] + "默。"
        translations = Translations(
            {MSGID: message}, {}, lambda n: 0, "zh-Hans", ideographic=ideographic
        )
        html = (
            "<html lang='zh-Hans'><head><style>.kw { white-space: nowrap } "
            f"p {{ width: {width}mm; margin: 0; font: 9pt 'Noto Sans CJK SC' }}</style></head>"
            f"<body><p>{translations.gettext(MSGID)}</p></body></html>"
        )
        yield renderer.layout(html, [], "zh-Hans fixture")


def test_a_chinese_paragraph_never_ends_on_one_character(renderer) -> None:
    documents = list(_zh_paragraphs(renderer, ideographic=True))
    assert all(len(paragraphs(document)[0].lines) >= 2 for document in documents)
    assert [
        problem for document in documents for problem in lone_last_characters(document, "zh")
    ] == []


def test_left_alone_pango_ends_these_chinese_paragraphs_on_one_character(renderer) -> None:
    """Why kyr joins the last two: without it, each fixture ends on 默。 alone."""
    documents = list(_zh_paragraphs(renderer, ideographic=False))
    assert all(lone_last_characters(document, "zh") for document in documents)


@pytest.mark.parametrize("code", ["th", "lo", "km", "my"])
def test_segmented_text_keeps_each_word_on_one_line_with_a_break_between(code) -> None:
    markup = translations(code).gettext(MSGID)
    assert ZWSP in markup
    assert markup.count('<span class="kw">') >= 3
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
