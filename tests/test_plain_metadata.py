"""Titles and other metadata are plain text in every language: viewers show them in title
bars and screen readers read them first, so no markup, emphasis marker or word-boundary
mark may reach them."""

from __future__ import annotations

import re

import pikepdf
import pytest

from kyr.build.run import build
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.languages import load_registry
from kyr.i18n.policy import load_language_translations
from kyr.i18n.segmenting import ZWSP
from kyr.render.fitter import TITLE

LANGUAGES = load_registry()
NOT_PLAIN = re.compile(r"[<>]|\*\*|" + ZWSP)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_languages_title_is_its_plain_translation(code) -> None:
    language = LANGUAGES[code]
    translations = load_language_translations(language, source_msgids())
    title = translations.plain_text(TITLE)
    assert not NOT_PLAIN.search(title), title
    if not language.is_source:
        assert title == translations.messages[TITLE].replace("**", "")


def test_emphasis_and_fallback_come_out_as_plain_text() -> None:
    from kyr.i18n.catalogs import Translations

    english = Translations({}, {}, lambda n: 0, "en")
    persian = Translations({"Call **now**": "اکنون **زنگ** بزنید"}, {}, lambda n: 0, "fa")
    dari = Translations({}, {}, lambda n: 0, "prs", fallback=persian)
    assert english.plain_text("Call **now**") == "Call now"
    assert dari.plain_text("Call **now**") == "اکنون زنگ بزنید"
    assert dari.plain_text("Hotline") == "Hotline"


def pdf_titles(path) -> tuple[str, str]:
    """The document information title and the XMP dc:title of a PDF."""
    with pikepdf.open(path) as pdf:
        info = str(pdf.docinfo.get("/Title", ""))
        with pdf.open_metadata() as meta:
            xmp = meta.get("dc:title", "")
    return info, xmp


@pytest.mark.parametrize("code", ["th", "lo", "km", "my", "zh-Hans", "ar"])
def test_a_segmented_or_emphasised_languages_pdf_title_is_plain(
    code, tmp_path, renderer, sample
) -> None:
    build(sample, tmp_path, ("card",), (code,), "letter", renderer=renderer)
    (pdf,) = tmp_path.glob("card-*.pdf")
    info, xmp = pdf_titles(pdf)
    translations = load_language_translations(LANGUAGES[code], source_msgids())
    expected = f"{translations.plain_text(TITLE)} · {sample.name}"
    assert info == expected
    assert not xmp or xmp == expected
