"""A real network's details, as people write them, load; anything beyond the documented
limits is refused naming the key and the limit; the SAMPLE mark cannot be dodged."""

from __future__ import annotations

import pytest

from kyr.config.community import (
    MAX_HOST,
    MAX_LABEL,
    MAX_NAME,
    MAX_QR_BYTES,
    MAX_QR_TEXT,
    MAX_RESOURCE_LINK,
    MAX_RESOURCE_NAME,
    load_community,
    parse_community,
)
from kyr.config.links import link_parts, printed_link
from kyr.errors import ConfigError

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


def test_a_printed_link_wraps_after_its_slashes_keeping_the_domain_whole() -> None:
    parts = link_parts("riverside.network/know-your-rights/es", lambda text: len(text) <= 20)
    assert parts == ("riverside.network/", "know-your-rights/", "es")


def test_a_qr_label_replaces_the_printed_link() -> None:
    text = config().replace("[qr]", '[qr]\nlabel = "Scan for help"')
    assert parse_community(text).qr_text == "Scan for help"


@pytest.mark.parametrize(
    "url",
    [
        "https://immigrantlegalresourcecenter.org/kyr",
        "https://www.oaklandsanctuarycoalition.org/know-your-rights/cards?utm_source=card&lang=multi",
    ],
)
def test_a_link_with_a_long_domain_loads_without_a_label(url) -> None:
    community = parse_community(config(url=url))
    assert community.qr_url == url
    assert community.qr_label == ""


def test_a_domain_longer_than_any_product_prints_asks_for_a_label() -> None:
    url = f"https://{'d' * (MAX_HOST - 3)}.org/kyr"
    with pytest.raises(
        ConfigError, match=rf"key 'qr\.url': .*{MAX_HOST + 1} characters.*qr\.label"
    ):
        parse_community(config(url=url))
    labelled = config(url=url).replace("[qr]", '[qr]\nlabel = "Scan for help"')
    assert parse_community(labelled).qr_text == "Scan for help"


def test_a_label_too_wide_for_the_card_column_loads() -> None:
    label = "eastbayimmigrantfamiliescoalition.org/kyr"
    text = config().replace("[qr]", f'[qr]\nlabel = "{label}"')
    assert parse_community(text).qr_text == label


def test_a_resource_link_of_up_to_150_bytes_loads() -> None:
    url = "https://www.centrolegaldelaraza.org/servicios/inmigracion/consultas?" + "q" * 82
    assert len(url.encode()) == MAX_RESOURCE_LINK
    resource = f'[[resources]]\nname = "Centro Legal"\nurl = "{url}"'
    assert parse_community(config(resources=resource)).resources[0].url == url
    with pytest.raises(
        ConfigError, match=rf"key 'resources\[0\]\.url': .*at most {MAX_RESOURCE_LINK}"
    ):
        parse_community(config(resources=resource.replace('q"', 'qq"')))


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


def test_a_qr_label_over_its_limit_is_refused_naming_key_and_limit() -> None:
    text = config().replace("[qr]", f'[qr]\nlabel = "{"L" * (MAX_QR_TEXT + 1)}"')
    with pytest.raises(ConfigError, match=rf"key 'qr\.label': .*at most {MAX_QR_TEXT}"):
        parse_community(text)
