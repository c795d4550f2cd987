"""Every link within the limits builds with no extra key: a 150-byte QR link on a
63-character domain, no qr.label, three resources with 100-byte links. Read back from the
PDFs: every QR code decodes at 200 dpi, nothing is under 6pt, and what prints for a link
is the address itself, only cut into lines. The whole matrix (every product, letter and
a4, seven scripts) is in the slow suite."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from kyr.build.run import build
from kyr.config.community import MAX_HOST, MAX_QR_BYTES, load_community
from kyr.config.links import printed_host

from .conftest import FIXTURES, page_text
from .test_real_network_pdfs import pdfs, qr_problems, smallest_sizes

LONGEST = FIXTURES / "longest-links.toml"
OAKLAND = FIXTURES / "real-oakland.toml"
EASTBAY = FIXTURES / "real-eastbay-label.toml"
LANGS = ("en", "es", "ar", "zh-Hans", "hi", "am", "my")


def printed(path: Path, page: int = 0) -> str:
    """The page's text with line breaks, spaces and break opportunities taken out. PDFium
    reads a hyphen that ends a line as U+FFFE (as if hyphenation had added it): here it
    is the address's own hyphen, drawn as "-"."""
    return re.sub(r"[\s\u200b]", "", page_text(path, page)).replace("\ufffe", "-")


@pytest.fixture(scope="module")
def longest(tmp_path_factory, renderer) -> Path:
    """The card and a page product in a left-to-right and a right-to-left language."""
    out = tmp_path_factory.mktemp("longest-links")
    community = load_community(LONGEST)
    build(community, out, ("card", "flyer"), ("es", "ar"), "letter", renderer=renderer)
    return out


@pytest.fixture(scope="module")
def real_networks(tmp_path_factory, renderer) -> Path:
    out = tmp_path_factory.mktemp("real-networks")
    oakland = load_community(OAKLAND)
    products = ("card", "door-slip-half", "sign-private")
    build(oakland, out / "oakland", products, ("en", "es"), "letter", renderer=renderer)
    eastbay = load_community(EASTBAY)
    build(eastbay, out / "eastbay", ("card", "report-card"), ("ar",), "a4", renderer=renderer)
    return out


def test_the_longest_links_config_is_at_every_link_limit_with_no_label() -> None:
    community = load_community(LONGEST)
    assert len(community.qr_url.encode()) == MAX_QR_BYTES
    assert len(printed_host(community.qr_url)) == MAX_HOST
    assert not community.qr_label
    assert [len(r.url.encode()) for r in community.resources] == [100, 100, 100]


def test_every_qr_code_of_the_longest_links_decodes_at_200_dpi(longest) -> None:
    url = load_community(LONGEST).qr_url
    problems = [problem for path in pdfs(longest) for problem in qr_problems(path, url)]
    assert not problems, problems


def test_no_character_is_under_6_pt_with_the_longest_links(longest) -> None:
    small = {path.name: smallest_sizes(path)[:3] for path in pdfs(longest)}
    assert not {name: chars for name, chars in small.items() if chars}


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_card_prints_the_whole_domain_under_its_qr_code(longest, lang) -> None:
    host = printed_host(load_community(LONGEST).qr_url)
    assert host in printed(longest / f"card-{lang}-letter.pdf", 0)


def test_a_card_too_full_for_the_domain_in_its_qr_column_gives_it_the_cards_width(
    tmp_path, renderer
) -> None:
    """Tamil fills the card front: with the domain's four lines in the QR column nothing
    fits at 6pt, so the domain prints on one line of the card's width; Spanish keeps it
    in the column."""
    community = load_community(LONGEST)
    build(community, tmp_path, ("card",), ("ta", "es"), "letter", renderer=renderer)
    host = printed_host(community.qr_url)

    def words(lang: str) -> list[str]:
        """The front's words, as laid out: a word ends at a space or a line's end."""
        with pdfplumber.open(tmp_path / f"card-{lang}-letter.pdf") as document:
            found = document.pages[0].extract_words()
        return [word["text"].replace("\u200b", "") for word in found]

    assert host in words("ta")  # on one line
    assert host not in words("es")
    assert "eastbay-immigrant-" in words("es")  # the column's first line


def test_the_flyer_prints_the_links_short_form_under_its_qr_code(longest) -> None:
    assert "defense.org/kyr/wallet-card" in printed(longest / "flyer-es-letter.pdf")


def test_the_card_back_prints_each_resource_link_as_an_address(longest) -> None:
    back = printed(longest / "card-es-letter.pdf", 1)
    for address in (
        "centrolegaldelaraza.org/servicios/inmigracion/consultas-gratuitas",
        "nationalimmigrationproject.org/find-legal-help/bay-area/intake-request",
        "eastbayimmigrantfamiliescoalition.org/kyr/bail-fund/request-support",
    ):
        assert address in back


def test_real_networks_build_unchanged_and_their_codes_decode(real_networks) -> None:
    problems = []
    for config, folder in ((OAKLAND, "oakland"), (EASTBAY, "eastbay")):
        url = load_community(config).qr_url
        problems += [p for path in pdfs(real_networks / folder) for p in qr_problems(path, url)]
        problems += [path.name for path in pdfs(real_networks / folder) if smallest_sizes(path)]
    assert not problems, problems


def test_a_domain_wider_than_the_cards_qr_column_prints_whole_without_a_hyphen(
    real_networks,
) -> None:
    front = printed(real_networks / "oakland" / "card-es-letter.pdf", 0)
    assert "oaklandsanctuarycoalition.org" in front
    assert "oaklandsanctuarycoalition.org/know" not in front  # the short form has no room
    back = printed(real_networks / "oakland" / "card-es-letter.pdf", 1)
    assert "legal.oaklandsanctuarycoalition.org/intake" in back


def test_a_page_prints_the_short_form_where_it_has_room(real_networks) -> None:
    slip = printed(real_networks / "oakland" / "door-slip-half-es-letter.pdf")
    assert "oaklandsanctuarycoalition.org/know-your-rights/cards" in slip


def test_a_label_wider_than_the_cards_qr_column_prints_broken_not_refused(real_networks) -> None:
    label = load_community(EASTBAY).qr_label
    for name in ("card-ar-a4.pdf", "report-card-ar-a4.pdf"):
        path = real_networks / "eastbay" / name
        assert label in printed(path, 0) + printed(path, 1)


# Every product in every language with the longest links, letter and a4: the slow sweep in
# test_real_network_pdfs (SWEEPS).


def test_a_network_still_on_placeholder_details_builds_at_every_limit(renderer, tmp_path) -> None:
    """Details at every limit, one of them still a placeholder (a 555-01xx number): the
    card prints, marked SAMPLE on both faces, rather than stopping the build (the
    "SAMPLE: set your local details" note made the Arabic back and the Tamil front
    too full)."""
    text = LONGEST.read_text(encoding="utf-8").replace("1-800-241-4012", "(951) 555-0100")
    (tmp_path / "kyr.toml").write_text(text, encoding="utf-8")
    community = load_community(tmp_path / "kyr.toml")
    assert community.sample
    build(community, tmp_path / "out", ("card",), ("ar", "ta"), "letter", renderer=renderer)
    for code in ("ar", "ta"):
        card = tmp_path / "out" / f"card-{code}-letter.pdf"
        assert all("SAMPLE" in printed(card, page) for page in (0, 1))
