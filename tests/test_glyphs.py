"""Coverage of the bundled fonts, checked through kyr.fonts.glyphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from kyr.fonts.glyphs import font_codepoints, missing_characters

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"
WEIGHTS = ("Regular", "Bold")

LATIN = FONTS / "NotoSans-Regular.ttf"
KOREAN = FONTS / "NotoSansCJKkr-Regular.otf"

COMMON_HANZI = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年权利律师移民签法官"


def _font(name: str) -> Path:
    return FONTS / name


def test_latin_font_covers_spanish_accents() -> None:
    assert missing_characters("¿Dónde está mi abogado? ¡Sí! Ñandú, pingüino.", [LATIN]) == []


def test_latin_font_covers_vietnamese_cyrillic_and_greek() -> None:
    text = "Quyền của bạn được bảo vệ. Ваши права. Τα δικαιώματά σας."
    for weight in WEIGHTS:
        assert missing_characters(text, [_font(f"NotoSans-{weight}.ttf")]) == []


def test_missing_characters_names_uncovered_hangul_for_latin_font() -> None:
    assert missing_characters("Hello 안녕하세요", [LATIN]) == sorted("안녕하세요")


def test_missing_characters_lists_each_character_once_in_code_point_order() -> None:
    assert missing_characters("요요안안", [LATIN]) == ["안", "요"]


def test_missing_characters_accepts_a_character_any_listed_font_maps() -> None:
    assert missing_characters("Hello 안녕하세요", [LATIN, KOREAN]) == []


def test_missing_characters_ignores_whitespace_and_format_characters() -> None:
    text = "a\tb\nc\u00a0d\u200e\u200f\u2066\u2067\u2068\u2069\u200c\u200d\u00ad\ufeff\ufe0f"
    assert missing_characters(text, [LATIN]) == []


def test_missing_characters_with_no_fonts_reports_everything_visible() -> None:
    assert missing_characters("ab a", []) == ["a", "b"]


def test_font_codepoints_is_cached() -> None:
    assert font_codepoints(LATIN) is font_codepoints(LATIN)
    assert ord("A") in font_codepoints(LATIN)


@pytest.mark.parametrize("weight", WEIGHTS)
def test_cjk_sc_subset_covers_common_hanzi(weight: str) -> None:
    assert missing_characters(COMMON_HANZI, [_font(f"NotoSansCJKsc-{weight}.otf")]) == []


@pytest.mark.parametrize(
    ("tag", "text"),
    [
        ("tc", "的一是不了人我在有他這中大來上國個到說們為權利律師移民簽證法官"),
        ("kr", "당신의 권리 변호사 이민 판사 체류 서명하지 마세요"),
        ("jp", "あなたの権利 弁護士 移民 裁判官 署名しないでください カタカナ"),
    ],
)
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cjk_subsets_cover_everyday_text(tag: str, text: str, weight: str) -> None:
    assert missing_characters(text, [_font(f"NotoSansCJK{tag}-{weight}.otf")]) == []


@pytest.mark.parametrize("tag", ["sc", "tc", "kr", "jp"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cjk_subsets_cover_ascii_and_fullwidth_punctuation(tag: str, weight: str) -> None:
    text = "".join(chr(c) for c in range(0x21, 0x7F)) + "，。、「」『』（）！？：；—…“”"
    assert missing_characters(text, [_font(f"NotoSansCJK{tag}-{weight}.otf")]) == []


@pytest.mark.parametrize("tag", ["sc", "tc", "kr", "jp"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cjk_subsets_keep_family_name_and_layout_features(tag: str, weight: str) -> None:
    font = TTFont(_font(f"NotoSansCJK{tag}-{weight}.otf"), lazy=True)
    assert font["name"].getDebugName(1) == f"Noto Sans CJK {tag.upper()}"
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"locl", "vert"} <= features


@pytest.mark.parametrize("weight", WEIGHTS)
def test_arabic_font_covers_persian_and_pashto_letters(weight: str) -> None:
    persian = "حقوق شما: پ چ ژ گ ک ی"
    pashto = "ستاسو حقونه: ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ"
    font = _font(f"NotoNaskhArabic-{weight}.ttf")
    assert missing_characters(persian + pashto + "٠١٢٣ ۰۱۲۳", [font]) == []


@pytest.mark.parametrize(
    ("family", "text"),
    [
        ("NotoNastaliqUrdu", "آپ کے حقوق ٹ ڈ ڑ ں ھ ے"),
        ("NotoSansDevanagari", "आपके अधिकार"),
        ("NotoSansGurmukhi", "ਤੁਹਾਡੇ ਅਧਿਕਾਰ"),
        ("NotoSansEthiopic", "መብቶችዎ"),
        ("NotoSansBengali", "আপনার অধিকার"),
        ("NotoSansMyanmar", "သင့်အခွင့်အရေး"),
        ("NotoSansKhmer", "សិទ្ធិរបស់អ្នក"),
    ],
)
@pytest.mark.parametrize("weight", WEIGHTS)
def test_script_fonts_cover_their_script_in_both_weights(
    family: str, text: str, weight: str
) -> None:
    assert missing_characters(text, [_font(f"{family}-{weight}.ttf")]) == []


def test_bundled_fonts_cover_every_translated_character() -> None:
    fonts = sorted(p for p in FONTS.iterdir() if p.suffix in {".ttf", ".otf"})
    text = []
    for path in sorted((ROOT / "locales").glob("**/*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id:  # the header entry
                    continue
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                text.extend(s for s in strings if s)
    missing = missing_characters("".join(text), fonts)
    assert missing == [], (
        f"no bundled font maps {missing!r}; re-run .venv/bin/python scripts/build_fonts.py"
    )
