"""What prints for a link degrades by itself to fit its space: the short form, then the
domain name alone; a part wider than the line breaks after dots, then hyphens, then
between characters. Nothing is ever added: the printed parts join to the address."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyr.config.community import load_community
from kyr.config.links import (
    fitted_form,
    label_parts,
    line_count,
    link_parts,
    printed_host,
    qr_forms,
    resource_forms,
    wrapped_lines,
)
from kyr.content.context import PrintedResource, piece_context
from kyr.i18n.languages import get_language

from .conftest import FIXTURES

OAKLAND = (
    "https://www.oaklandsanctuarycoalition.org/know-your-rights/cards?utm_source=card&lang=multi"
)


def chars(limit: int):
    """A line that holds `limit` characters (a monospaced stand-in for a font)."""
    return lambda text: len(text) <= limit


def test_the_qr_caption_forms_are_the_short_form_then_the_domain() -> None:
    assert qr_forms(OAKLAND) == (
        "oaklandsanctuarycoalition.org/know-your-rights/cards",
        "oaklandsanctuarycoalition.org",
    )


def test_a_link_that_is_only_a_domain_has_one_form() -> None:
    assert qr_forms("https://www.centrolegaldelaraza.org/") == ("centrolegaldelaraza.org",)


def test_a_resource_prints_its_whole_link_then_its_short_form_then_its_domain() -> None:
    url = "https://www.ebcbf.org/mutual-aid/request?src=card12"
    assert resource_forms(url) == (
        "www.ebcbf.org/mutual-aid/request?src=card12",
        "ebcbf.org/mutual-aid/request",
        "ebcbf.org",
    )


def test_a_punycode_domain_prints_as_people_read_it() -> None:
    assert printed_host("https://www.xn--80aafi6cg.org/x") == "правда.org"


def test_a_link_that_fits_the_line_is_one_part() -> None:
    assert link_parts("riverside.network/kyr", chars(30)) == ("riverside.network/kyr",)


def test_the_domain_stays_whole_and_the_path_breaks_after_its_slashes() -> None:
    parts = link_parts("legal.oaklandsanctuarycoalition.org/intake/es", chars(36))
    assert parts == ("legal.oaklandsanctuarycoalition.org/", "intake/", "es")
    assert wrapped_lines(parts, chars(36)) == (
        "legal.oaklandsanctuarycoalition.org/",
        "intake/es",
    )


def test_a_domain_wider_than_the_line_breaks_after_its_dots() -> None:
    parts = link_parts("legal.oaklandsanctuarycoalition.org", chars(30))
    assert parts == ("legal.", "oaklandsanctuarycoalition.", "org")


def test_a_domain_label_wider_than_the_line_breaks_after_its_hyphens() -> None:
    parts = link_parts("eastbay-immigrant-families.org", chars(12))
    assert parts == ("eastbay-", "immigrant-", "families.", "org")


def test_a_part_wider_than_the_line_breaks_between_characters_as_a_last_resort() -> None:
    parts = link_parts("oaklandsanctuarycoalition.org", chars(19))
    assert wrapped_lines(parts, chars(19)) == ("oaklandsanctuarycoa", "lition.org")


def test_a_query_breaks_after_question_mark_and_ampersand_before_characters() -> None:
    parts = link_parts("a.org/intake?lang=es&source=card", chars(14))
    assert parts == ("a.org/", "intake?", "lang=es&", "source=card")


def test_a_label_breaks_between_words_first() -> None:
    parts = label_parts("Scan for help with a lawyer", chars(14))
    assert wrapped_lines(parts, chars(14)) == ("Scan for help ", "with a lawyer")


def test_a_label_that_is_a_long_link_breaks_like_one() -> None:
    label = "eastbayimmigrantfamiliescoalition.org/kyr"
    parts = label_parts(label, chars(20))
    assert "".join(parts) == label
    assert all(len(line.rstrip()) <= 20 for line in wrapped_lines(parts, chars(20)))


@given(
    text=st.text(alphabet="abcdefghij-./?&=_~", min_size=1, max_size=150),
    limit=st.integers(min_value=1, max_value=40),
)
def test_the_printed_parts_always_join_to_the_address_and_fit_the_line(text, limit) -> None:
    for parts in (link_parts(text, chars(limit)), label_parts(text, chars(limit))):
        assert "".join(parts) == text  # nothing added: no hyphen, no space
        assert all(len(part.rstrip()) <= limit for part in parts)


def test_the_short_form_prints_when_it_sets_in_the_lines_allowed() -> None:
    forms = qr_forms(OAKLAND)
    parts = fitted_form(forms, chars(40), max_lines=2)
    assert "".join(parts) == forms[0]


def test_the_domain_alone_prints_when_the_short_form_takes_too_many_lines() -> None:
    forms = qr_forms(OAKLAND)
    parts = fitted_form(forms, chars(19), max_lines=3)
    assert "".join(parts) == "oaklandsanctuarycoalition.org"


def test_the_shortest_form_prints_however_many_lines_it_takes() -> None:
    parts = fitted_form(qr_forms(OAKLAND), chars(5), max_lines=1)
    assert "".join(parts) == "oaklandsanctuarycoalition.org"


def test_a_label_prints_as_given_whatever_its_width() -> None:
    parts = fitted_form(("Scan for help",), chars(4), max_lines=1, words=True)
    assert parts == ("Scan ", "for ", "help")


@pytest.mark.parametrize(
    ("widths", "expected"),
    [
        ([(10.0, 1.0), (10.0, 1.0), (10.0, 0.0)], 2),  # 10 + 1 + 10 fits in 21, not + 1 + 10
        ([(10.0, 1.0), (10.0, 0.0)], 1),  # a line's last space takes no room
        ([(30.0, 0.0), (1.0, 0.0)], 2),  # a part wider than the line gets its own
        ([], 0),
    ],
)
def test_line_count_fills_each_line_with_as_many_parts_as_fit(widths, expected) -> None:
    assert line_count(widths, 21.0) == expected


def test_a_resource_keeps_its_whole_link_when_its_entry_sets_in_two_lines() -> None:
    resource = PrintedResource("Centro Legal", "", resource_forms("https://centrolegal.org/a?b=c"))
    assert "".join(resource.link_parts(80, 6, 2)) == "centrolegal.org/a?b=c"


def test_a_resource_prints_its_short_form_when_the_whole_link_does_not_fit() -> None:
    community = load_community(FIXTURES / "longest-links.toml")
    context = piece_context(community, (get_language("en"),), "letter", 7.0, "")
    printed = ["".join(r.link_parts(context.card.width - 6, 6, 2)) for r in context.resources]
    assert printed[0] == "centrolegaldelaraza.org/servicios/inmigracion/consultas-gratuitas"
    assert all("?" not in link for link in printed)


def test_the_card_prints_the_domain_alone_under_a_long_qr_link() -> None:
    community = load_community(FIXTURES / "real-oakland.toml")
    context = piece_context(community, (get_language("es"),), "letter", 7.0, "")
    assert "".join(context.qr_caption(22, 6, 3)) == "oaklandsanctuarycoalition.org"
    # A page's wider column keeps the path.
    assert "".join(context.qr_caption(70, 8, 2)) == (
        "oaklandsanctuarycoalition.org/know-your-rights/cards"
    )
