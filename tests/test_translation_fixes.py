"""The translation errors a legal review found (content brief section 10), checked on the
catalogs themselves so that none comes back: each of them changed what a line means."""

from __future__ import annotations

import re

import pytest

from kyr.i18n.catalogs import load_translations
from kyr.i18n.languages import get_language, load_registry

JUST_ANYONE = "stop, question or arrest just anyone"
DISTRICT_COURT = "such as a U.S. District Court"
ADMINISTRATIVE = "for example DHS forms I-200 or I-205"


def messages(code: str) -> dict[str, str]:
    return dict(load_translations(get_language(code).catalog_path, code).messages)


def translation_of(code: str, part_of_msgid: str) -> str:
    found = [text for msgid, text in messages(code).items() if part_of_msgid in msgid]
    assert len(found) == 1, (code, part_of_msgid)
    return " ".join(found[0].split())


def translated_languages() -> list[str]:
    return [code for code, language in load_registry().items() if not language.is_source]


def test_japanese_never_calls_agents_staff() -> None:
    """職員 alone is an organisation's own staff: agents are 移民局の職員 or 捜査官. Only
    the lines about the business's own staff may say 職員 alone."""
    for msgid, text in messages("ja").items():
        if "staff" in msgid.lower():
            continue
        assert not re.search(r"(?<!移民局の)職員", text), msgid


def test_polish_keeps_not_just_anyone() -> None:
    text = translation_of("pl", JUST_ANYONE)
    assert "byle kogo" in text and "kogokolwiek" not in text


def test_tamil_keeps_not_just_anyone() -> None:
    assert "யாரை வேண்டுமானாலும்" in translation_of("ta", JUST_ANYONE)


@pytest.mark.parametrize("code", ["tr", "te"])
def test_turkish_and_telugu_do_not_say_not_anyone(code) -> None:
    """"herhangi birini" and "ఎవరినైనా" with a negation read "not anyone at all"."""
    text = translation_of(code, JUST_ANYONE)
    assert "herhangi birini" not in text and "ఎవరినైనా" not in text


@pytest.mark.parametrize("code", translated_languages())
def test_every_language_keeps_the_courts_english_name(code) -> None:
    """A reader matches the header of a real warrant: "(U.S. District Court)" stays."""
    assert "U.S. District Court" in translation_of(code, DISTRICT_COURT)


@pytest.mark.parametrize(("code", "plural"), [("ru", "подписаны"), ("uk", "підписані")])
def test_forms_agree_with_signed_in_russian_and_ukrainian(code, plural) -> None:
    assert plural in translation_of(code, ADMINISTRATIVE)
