"""A real network's details, as people write them, load; anything beyond the documented
limits is refused naming the key and the limit; the SAMPLE mark cannot be dodged."""

from __future__ import annotations

import pytest

from kyr.config import (
    MAX_LABEL,
    MAX_NAME,
    MAX_QR_BYTES,
    MAX_RESOURCE_NAME,
    load_community,
    parse_community,
)
from kyr.errors import ConfigError
from kyr.links import link_segments, printed_link

from .conftest import FIXTURES

BASE = """
name = "Riverside Rapid Response"
languages = ["en", "es"]
{top}
[hotline]
number = "{number}"
label = "{label}"
[qr]
url = "{url}"
{resources}
"""


def config(
    number: str = "(510) 241-4011",
    label: str = "Hotline",
    url: str = "https://riverside.network/kyr",
    top: str = "",
    resources: str = "",
    name: str = "Riverside Rapid Response",
) -> str:
    text = BASE.format(number=number, label=label, url=url, top=top, resources=resources)
    return text.replace('name = "Riverside Rapid Response"', f'name = "{name}"', 1)


@pytest.mark.parametrize(
    "written",
    ["(510) 241-4011", "510.241.4011", "510-241-4011", "+1 510 241 4011", "+1 (510) 241-4011"],
)
def test_a_us_number_written_any_common_way_prints_one_way(written) -> None:
    community = parse_community(config(number=written))
    assert community.hotline_number == "(510) 241-4011"
    assert community.hotline.tel == "tel:+15102414011"


def test_a_toll_free_number_with_a_leading_one_is_accepted() -> None:
    community = parse_community(config(number="1-800-241-4011"))
    assert community.hotline_number == "(800) 241-4011"
    assert community.hotline.e164 == "+18002414011"


def test_a_number_from_another_country_prints_in_international_form() -> None:
    community = parse_community(config(number="+52 55 1234 5678"))
    assert community.hotline_number == "+52 55 1234 5678"


def test_the_network_country_decides_how_numbers_are_read() -> None:
    community = parse_community(config(number="55 1234 5678", top='country = "MX"'))
    assert community.hotline.e164 == "+525512345678"
    assert community.hotline_number == "55 1234 5678"


def test_an_invalid_number_names_the_key_and_an_accepted_form() -> None:
    with pytest.raises(
        ConfigError,
        match=r"key 'hotline\.number': not a valid phone number: "
        r"'\(510\) 241-401' \(write it as on a flyer, e\.g\. \(201\) 555-0123\)",
    ):
        parse_community(config(number="(510) 241-401"))


def test_an_unknown_country_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"key 'country': not an ISO 3166 country code"):
        parse_community(config(top='country = "XX"'))


def test_a_tel_qr_link_is_stored_in_e164() -> None:
    community = parse_community(config(url="tel:(510) 241-4011"))
    assert community.qr_url == "tel:+15102414011"
    assert community.qr_text == "(510) 241-4011"


@pytest.mark.parametrize(
    ("change", "key", "limit"),
    [
        ({"name": "N" * (MAX_NAME + 1)}, "name", f"at most {MAX_NAME}"),
        ({"label": "L" * (MAX_LABEL + 1)}, r"hotline\.label", f"at most {MAX_LABEL}"),
        (
            {"url": "https://riverside.network/kyr?" + "q" * (MAX_QR_BYTES - 29)},
            r"qr\.url",
            f"at most {MAX_QR_BYTES}",
        ),
        (
            {"resources": f'[[resources]]\nname = "{"R" * (MAX_RESOURCE_NAME + 1)}"'},
            r"resources\[0\]\.name",
            f"at most {MAX_RESOURCE_NAME}",
        ),
        ({"resources": '[[resources]]\nname = "A"\n' * 4}, "resources", "at most 3"),
    ],
)
def test_anything_beyond_a_limit_is_refused_naming_key_and_limit(change, key, limit) -> None:
    with pytest.raises(ConfigError, match=rf"key '{key}': .*{limit}") as error:
        parse_community(config(**change))
    assert "\n" not in str(error.value)


def test_every_limit_at_once_loads() -> None:
    for name in ("longest-latin.toml", "longest-arabic.toml"):
        community = load_community(FIXTURES / name)
        assert len(community.name) == MAX_NAME
        assert len(community.qr_url.encode()) == MAX_QR_BYTES
        assert len(community.resources) == 3
        assert all(r.phone and r.url for r in community.resources)
        assert not community.sample


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\u2060", "\u202e", "\ufeff", "\u2066", "\u00ad", "\u2028"]
)
def test_invisible_and_bidi_control_characters_are_refused(hidden) -> None:
    with pytest.raises(ConfigError, match=rf"key 'name': .*U\+{ord(hidden):04X}"):
        parse_community(config(name=f"River{hidden}side"))


def test_joiners_that_persian_and_indic_names_need_are_kept() -> None:
    community = parse_community(config(name="شبکه\u200cی پاسخ سریع"))
    assert "\u200c" in community.name


def test_a_character_no_bundled_font_has_is_refused_at_load() -> None:
    with pytest.raises(ConfigError, match=r"key 'name': has characters kyr's fonts cannot print"):
        parse_community(config(name="Riverside \U0001f6a8"))


@pytest.mark.parametrize(
    "number", ["+1 555 0100", "+1 555 01 00", "555.0142", "(951) 555-0142", "1 (213) 555 01 99"]
)
def test_fictional_numbers_print_the_sample_mark_however_they_are_spaced(number) -> None:
    assert parse_community(config(number=number)).sample


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org./rights",
        "https://EXAMPLE.ORG/rights",
        "https://www.example.com/rights",
        "https://ｅｘａｍｐｌｅ.org/rights",  # full-width letters
        "https://kyr.example/rights",
    ],
)
def test_example_domains_print_the_sample_mark_however_they_are_written(url) -> None:
    assert parse_community(config(url=url)).sample


@pytest.mark.parametrize("url", ["https://еxample.org/rights", "https://xn--xample-2of.org/x"])
def test_look_alike_domains_mixing_scripts_are_refused(url) -> None:
    with pytest.raises(ConfigError, match=r"key 'qr\.url': its domain mixes look-alike letters"):
        parse_community(config(url=url))


def test_a_real_domain_in_another_script_is_accepted() -> None:
    assert not parse_community(config(url="https://правда.org/права")).sample


def test_the_printed_link_drops_scheme_www_query_and_fragment() -> None:
    url = "https://www.riverside.network/know-your-rights/?utm_source=card&lang=es#top"
    assert printed_link(url) == "riverside.network/know-your-rights"


def test_a_printed_link_may_wrap_only_after_slash_dot_or_hyphen() -> None:
    parts = link_segments("riverside.network/know-your-rights")
    assert parts == ("riverside.", "network/", "know-", "your-", "rights")
    assert all(part[-1] in "/.-" for part in parts[:-1])


def test_a_qr_label_replaces_the_printed_link() -> None:
    text = config().replace("[qr]", '[qr]\nlabel = "Scan for help"')
    assert parse_community(text).qr_text == "Scan for help"


def test_a_link_part_too_wide_for_the_card_column_asks_for_a_label() -> None:
    url = "https://immigrantlegalresourcecenter.org/kyr"
    with pytest.raises(ConfigError, match=r"key 'qr\.url': .* set qr\.label"):
        parse_community(config(url=url))


def test_the_manifest_source_is_the_file_name_and_its_hash(tmp_path) -> None:
    path = tmp_path / "riverside.toml"
    path.write_text(config(), encoding="utf-8")
    community = load_community(path)
    assert community.source_name == "riverside.toml"
    assert len(community.source_sha256) == 64


def test_a_huge_or_endless_config_file_is_refused_without_reading_it_all(tmp_path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text("# x\n" * 40000, encoding="utf-8")
    with pytest.raises(ConfigError, match="too large for a configuration"):
        load_community(path)
