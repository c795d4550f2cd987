"""The language registry, its fonts and the string checks translators get."""

from __future__ import annotations

import pytest

from kyr.fonts.glyphs import missing_characters
from kyr.fonts.pinned import files_for_families
from kyr.i18n.catalogs import read_catalog
from kyr.i18n.languages import get_language, load_registry, selected_languages
from kyr.i18n.string_checks import string_problems, string_warnings

LANGUAGES = list(load_registry().values())


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_every_character_of_a_catalog_is_in_that_languages_fonts(language) -> None:
    files = files_for_families(language.fonts)
    assert files, f"{language.code}: none of {language.fonts} is in assets/fonts"
    if language.is_source:
        return
    text = "".join(message.string for message in read_catalog(language.catalog_path) if message.id)
    missing = missing_characters(text, files)
    assert not missing, f"{language.code}: no glyph in {language.fonts} for {''.join(missing)}"


def test_every_language_font_family_is_bundled_in_regular_and_bold() -> None:
    from kyr.fonts.pinned import font_files

    bundled = font_files()
    for language in LANGUAGES:
        for family in language.fonts:
            assert len(bundled.get(family, [])) >= 2, f"{family} for {language.code}"


def test_right_to_left_languages_come_from_cldr() -> None:
    assert {lang.code for lang in LANGUAGES if lang.direction == "rtl"} == {
        "ar",
        "fa",
        "ur",
        "ps",
        "prs",
    }


def test_languages_are_matched_case_insensitively_with_either_separator() -> None:
    assert get_language("zh_hans").code == "zh-Hans"
    assert get_language("ZH-HANT").code == "zh-Hant"


def test_lang_all_stands_for_every_shipped_language_once_in_order() -> None:
    codes = [language.code for language in selected_languages(("all",))]
    assert codes == [language.code for language in LANGUAGES]
    codes = [language.code for language in selected_languages(("es", "all", "ar"))]
    assert codes[0] == "es" and sorted(codes) == sorted(lang.code for lang in LANGUAGES)
    assert [lang.code for lang in selected_languages(("ar", "es", "AR"))] == ["ar", "es"]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("Hotline", "Línea <b>directa</b>", "contains markup"),
        ("Hotline", "Línea &amp; directa", "contains markup"),
        ("Call %(number)s", "Llame", "placeholders differ"),
        ("Hotline", "100% directa", "lone %"),
        ("forms I-200 or I-205", "formularios I-200 o I-206", "numbers that the English"),
        ("forms I-200 or I-205", "formularios I-200", "'I-205' must appear unchanged"),
        ("Hotline", " Línea", "leading or trailing spaces"),
    ],
)
def test_string_checks_catch_unsafe_translations(msgid, msgstr, problem) -> None:
    assert any(problem in found for found in string_problems(msgid, msgstr))


def test_numbers_written_as_words_are_a_note_not_an_error() -> None:
    msgid = "based on my 5th Amendment rights"
    assert string_problems(msgid, "según mis derechos de la Quinta Enmienda") == []
    assert string_warnings(msgid, "según mis derechos de la Quinta Enmienda") != []
    assert string_warnings(msgid, "根据我在第5修正案下的权利") == []
    assert string_warnings(msgid, "بموجب حقوقي في التعديل ٥") == []  # Arabic-Indic digit


def test_missing_string_falls_back_to_the_fallback_language_then_english() -> None:
    from kyr.i18n.catalogs import Translations

    persian = Translations({"Hotline": "خط اضطراری"}, {}, lambda n: 0, "fa", direction="rtl")
    dari = Translations(
        {"Know your rights": "حقوق خود را بدانید"}, {}, lambda n: 0, "prs",
        complete=False, direction="rtl", fallback=persian,
    )  # fmt: skip
    assert dari.gettext("Know your rights") == "حقوق خود را بدانید"
    assert dari.gettext("Hotline") == '<span lang="fa" dir="rtl">خط اضطراری</span>'
    assert dari.gettext("Phone:") == '<span lang="en" dir="ltr">Phone:</span>'


def test_fallback_must_be_a_registered_language(tmp_path) -> None:
    from kyr.errors import CatalogError

    registry = tmp_path / "languages.toml"
    registry.write_text(
        '[[language]]\ncode = "en"\nscript = "Latn"\nfonts = ["Noto Sans"]\n\n'
        '[[language]]\ncode = "es"\nscript = "Latn"\nfonts = ["Noto Sans"]\nfallback = "pt"\n'
    )
    with pytest.raises(CatalogError, match="fallback 'pt' is not a registered language"):
        load_registry.__wrapped__(registry)


def test_fallbacks_that_go_round_in_a_circle_are_refused(tmp_path) -> None:
    from kyr.errors import CatalogError

    registry = tmp_path / "languages.toml"
    registry.write_text(
        '[[language]]\ncode = "en"\nscript = "Latn"\nfonts = ["Noto Sans"]\n\n'
        '[[language]]\ncode = "es"\nscript = "Latn"\nfonts = ["Noto Sans"]\nfallback = "pt"\n\n'
        '[[language]]\ncode = "pt"\nscript = "Latn"\nfonts = ["Noto Sans"]\nfallback = "es"\n'
    )
    with pytest.raises(CatalogError, match="circle: es -> pt -> es"):
        load_registry.__wrapped__(registry)


def test_a_complete_right_to_left_catalog_keeps_its_direction() -> None:
    from kyr.i18n.catalogs import source_msgids
    from kyr.i18n.policy import load_language_translations

    persian = load_language_translations(get_language("fa"), source_msgids())
    assert persian.direction == "rtl"
