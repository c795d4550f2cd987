"""Content 2026.12.1, read back from the PDFs (content brief section 10): every product in
English and Spanish carries each correction where its topic prints, the old inexact lines
are gone, English said to an agent is followed by its meaning in the holder's language,
and the workplace plan prints the configured legal aid."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyr import CONTENT_VERSION
from kyr.build.run import build
from kyr.config.community import legal_aid, parse_community
from kyr.content.products import public_products
from kyr.errors import ConfigError
from kyr.i18n.catalogs import load_translations
from kyr.i18n.languages import get_language

from .conftest import open_pdf, page_text

#: (product, English phrase): each correction where its topic prints.
CORRECTIONS = [
    ("flyer", "For a visa, that is your passport with the visa and your I-94 record."),
    ("flyer", "If you have no valid U.S. immigration papers"),
    ("flyer", "names the person to arrest or the place to search"),
    ("flyer", "If the warrant is signed by a judge"),
    ("flyer", "The government does not pay for a lawyer in immigration court"),
    ("flyer", "I am using my right to remain silent."),
    ("flyer", "If you are stopped while driving, show your license, registration"),
    ("flyer", "I do not consent to this search."),
    ("door-slip", "names the person to arrest or the place to search"),
    ("door-slip", "If the warrant is signed by a judge"),
    ("door-slip", "I do not consent to this search."),
    ("workplace-plan", "Workers: do not run."),
    ("workplace-plan", "the business or the worker could be charged with a crime"),
    ("workplace-plan", "a workplace search warrant describes the premises"),
    ("workplace-plan", "14 at most for a federal one"),
    ("workplace-plan", "Whether anyone was taken, and where to"),
    ("workplace-plan", "the agency written on their vests or cars"),
    ("workplace-plan", "Their uniforms, badges and equipment"),
    ("report-card", "Whether anyone was taken, and where to"),
    ("report-card", "the agency written on their vests or cars"),
]

#: English lines the legal review found inexact: printed nowhere any more.
WITHDRAWN = [
    "has your correct name and address",
    "with the correct name and address of the specific person",
    "charged as a crime against the business",
    "carry it and show it",
]

#: Spoken in English to an agent, then its meaning in the holder's language.
SAID_IN_ENGLISH = [
    ("flyer", "I do not consent to this search."),
    ("flyer", "I am using my right to remain silent."),
    ("door-slip", "I do not consent to this search."),
    ("workplace-plan", "I am not allowed to give permission. Please speak with our designated contact."),  # noqa: E501
]


def squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def text_of(path: Path) -> str:
    return squash(" ".join(page_text(path, index) for index in range(len(open_pdf(path)))))


def spanish(msgid: str) -> str:
    text = load_translations(get_language("es").catalog_path, "es").messages[msgid]
    return squash(text.replace("**", ""))


def english_msgid(phrase: str) -> str:
    """The msgid of the template string that contains `phrase` (markup removed)."""
    messages = load_translations(get_language("es").catalog_path, "es").messages
    found = [msgid for msgid in messages if phrase in msgid.replace("**", "")]
    assert found, phrase
    return min(found, key=len)


@pytest.fixture(scope="module")
def built(tmp_path_factory, renderer, sample) -> Path:
    """Every public product in English and Spanish on letter, from the sample config."""
    out = tmp_path_factory.mktemp("content-2026.12.1")
    build(sample, out, (), ("en", "es"), "letter", renderer=renderer)
    return out


def product_file(built: Path, product: str, lang: str) -> Path:
    matches = sorted(built.glob(f"{product}-{lang}-letter.pdf"))
    assert matches, f"{product}-{lang}"
    return matches[0]


def test_every_product_is_built_for_this_content_version(built) -> None:
    assert CONTENT_VERSION == "2026.12.1"
    for product in public_products().values():
        if not product.is_pdf:  # text, images: tests/test_messages.py, test_social_images.py
            continue
        tags = ["en", "es"] if product.languages == "each" else ["en"]
        if product.languages not in ("each", "english"):
            tags = ["en+es"]
        for tag in tags:
            text = text_of(built / f"{product.id}-{tag}-letter.pdf")
            assert f"kyr {CONTENT_VERSION}" in text, product.id


@pytest.mark.parametrize(("product", "phrase"), CORRECTIONS)
def test_each_correction_prints_in_english(built, product, phrase) -> None:
    assert phrase in text_of(product_file(built, product, "en"))


@pytest.mark.parametrize(("product", "phrase"), CORRECTIONS)
def test_each_correction_prints_in_spanish(built, product, phrase) -> None:
    text = text_of(product_file(built, product, "es"))
    msgid = english_msgid(phrase)
    assert spanish(msgid) in text or (msgid in SPOKEN and phrase in text), msgid


SPOKEN = {english for _, english in SAID_IN_ENGLISH}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_withdrawn_lines_print_nowhere(built, lang) -> None:
    for path in sorted(built.glob(f"*-{lang}*-letter.pdf")):
        text = text_of(path)
        for line in WITHDRAWN:
            assert line not in text, (path.name, line)


@pytest.mark.parametrize(("product", "english"), SAID_IN_ENGLISH)
def test_english_said_to_an_agent_is_followed_by_its_meaning(built, product, english) -> None:
    text = text_of(product_file(built, product, "es"))
    quoted = f"“{english}”"
    assert quoted in text
    meaning = spanish(english)
    assert meaning != english and meaning in text
    assert text.index(quoted) < text.index(meaning)


def test_the_flyer_says_what_the_english_statement_says(built) -> None:
    from kyr.content.context import STATEMENT

    text = text_of(product_file(built, "flyer", "es"))
    assert spanish("What this says") in text
    assert spanish(STATEMENT)[:120] in text
    english_only = text_of(product_file(built, "flyer", "en"))
    assert "What this says" not in english_only


def test_the_plan_prints_the_configured_legal_aid(built) -> None:
    for lang in ("en", "es"):
        text = text_of(product_file(built, "workplace-plan", lang))
        assert "Example Legal Aid" in text and "(951) 555-0101" in text
    assert "Example Bail" not in text_of(product_file(built, "workplace-plan", "en"))


def test_a_plan_without_legal_aid_leaves_the_line_blank(tmp_path, renderer, sample) -> None:
    from dataclasses import replace

    bail_only = replace(sample, resources=sample.resources[1:])
    build(bail_only, tmp_path, ("workplace-plan",), ("en",), "letter", renderer=renderer)
    text = text_of(tmp_path / "workplace-plan-en-letter.pdf")
    assert "Lawyer or legal aid:" in text
    assert "Example" not in text.replace("Example Rapid Response Network", "")


BASE = """
name = "Riverside Rapid Response"
languages = ["en"]
[hotline]
number = "+1 213 241 9876"
[qr]
url = "https://riverside.network/kyr"
"""


def resources(*rows: str) -> str:
    return BASE + "".join(f"[[resources]]\n{row}\n" for row in rows)


def test_the_legal_aid_is_the_resource_marked_legal_aid() -> None:
    community = parse_community(resources(
        'name = "Centro Legal de la Raza"\nkind = "other"',
        'name = "Bay Area Defense Collective"\nkind = "legal-aid"',
    ))  # fmt: skip
    aid = legal_aid(community.resources)
    assert aid is not None and aid.name == "Bay Area Defense Collective"


def test_without_kinds_the_legal_aid_is_the_first_named_as_such() -> None:
    community = parse_community(resources(
        'name = "Riverside Bail Fund"',
        'name = "Centro Legal de la Raza"',
        'name = "Immigrant Lawyers Guild"',
    ))  # fmt: skip
    aid = legal_aid(community.resources)
    assert aid is not None and aid.name == "Centro Legal de la Raza"


def test_with_kinds_but_none_legal_aid_the_line_stays_blank() -> None:
    community = parse_community(resources('name = "Legal Defense Bail Fund"\nkind = "bail-fund"'))
    assert legal_aid(community.resources) is None


def test_an_unknown_kind_is_refused_with_file_line_and_key() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_community(resources('name = "Centro Legal"\nkind = "lawyer"'), "kyr.toml")
    message = str(raised.value)
    assert "kyr.toml" in message and "kind" in message and "legal-aid" in message
