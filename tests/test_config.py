"""The community configuration: what is accepted, and how problems are reported."""

from __future__ import annotations

import pytest

from kyr import paths
from kyr.config.community import load_community, looks_fictional, parse_community, qr_url_problem
from kyr.errors import ConfigError

MINIMAL = """
name = "Riverside Rapid Response"
languages = ["en", "es"]
[hotline]
number = "+1 213 555 9876"
[qr]
url = "https://riverside.network/kyr"
"""


def test_shipped_sample_loads_and_is_marked_sample() -> None:
    community = load_community(paths.sample_config())
    assert community.sample
    assert community.paper == "letter"
    assert community.languages[:2] == ("en", "es")
    assert len(community.resources) == 2


def test_real_details_are_not_marked_sample() -> None:
    community = parse_community(MINIMAL)
    assert not community.sample
    assert community.paper == "letter"
    assert community.hotline_label == "Rapid response hotline"
    assert community.qr_text == "riverside.network/kyr"


def test_fictional_numbers_and_example_domains_force_the_sample_mark() -> None:
    fictional = parse_community(MINIMAL.replace("+1 213 555 9876", "+1 555 0100"))
    assert fictional.sample and looks_fictional(fictional)
    example = parse_community(MINIMAL.replace("riverside.network", "example.org"))
    assert example.sample


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://riverside.network/kyr", True),
        ("tel:+12135559876", True),
        ("http://riverside.network", False),
        ("https://user:pw@riverside.network", False),
        ("tel:call me", False),
        ("mailto:x@y.org", False),
    ],
)
def test_only_https_and_tel_urls_are_accepted(url, accepted) -> None:
    assert (qr_url_problem(url) is None) is accepted


def test_error_names_file_line_and_key() -> None:
    text = MINIMAL.replace('"+1 213 555 9876"', '"call us"')
    with pytest.raises(ConfigError, match=r"^riverside.toml:5: key 'hotline.number': not a phone"):
        parse_community(text, "riverside.toml")


def test_more_than_three_resources_is_refused() -> None:
    resources = '[[resources]]\nname = "A"\n' * 4
    with pytest.raises(ConfigError, match="at most 3 resources"):
        parse_community(MINIMAL + resources)


def test_paper_must_be_known() -> None:
    with pytest.raises(ConfigError, match="key 'paper'"):
        parse_community('paper = "legal"\n' + MINIMAL)


def test_a_qr_url_over_150_bytes_is_refused_naming_the_limit() -> None:
    long_url = "https://riverside.network/kyr?" + "x" * 121
    with pytest.raises(ConfigError, match=r"key 'qr\.url': is 151 bytes; at most 150"):
        parse_community(MINIMAL.replace("https://riverside.network/kyr", long_url))


def test_a_link_whose_short_form_is_long_loads_and_a_label_still_replaces_it() -> None:
    long_url = "https://riverside.network/" + "know-your-rights/" * 3
    community = parse_community(MINIMAL.replace("https://riverside.network/kyr", long_url))
    assert community.qr_text == "riverside.network" + "/know-your-rights" * 3
    labelled = MINIMAL.replace("https://riverside.network/kyr", long_url).replace(
        "[qr]", '[qr]\nlabel = "riverside.network"'
    )
    assert parse_community(labelled).qr_text == "riverside.network"


def test_the_longest_accepted_qr_url_decodes_from_a_200_dpi_card(tmp_path, renderer) -> None:
    from kyr.build.run import build
    from kyr.config.community import MAX_QR_BYTES

    from .conftest import decode_qr_codes, rasterize

    url = "https://riverside.network/kyr?" + "k" * (MAX_QR_BYTES - 30)
    community = parse_community(MINIMAL.replace("https://riverside.network/kyr", url))
    build(community, tmp_path, ("card",), ("en",), "letter", renderer=renderer)
    image = rasterize(tmp_path / "card-en-letter.pdf", 0, dpi=200)
    assert [code.text for code in decode_qr_codes(image)] == [url]


def test_error_in_the_second_resource_names_its_line() -> None:
    text = MINIMAL + '[[resources]]\nname = "A"\n\n[[resources]]\nname = "B"\nphone = "call"\n'
    with pytest.raises(ConfigError, match=r"^c.toml:13: key 'resources\[1\]\.phone'"):
        parse_community(text, "c.toml")


def test_a_url_python_cannot_parse_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"key 'qr\.url': not a valid link"):
        parse_community(MINIMAL.replace("https://riverside.network/kyr", "https://[::1/x"))


# Numbers reserved for fiction print the SAMPLE mark, in every country that reserves them


@pytest.mark.parametrize(
    ("number", "country"),
    [("020 7946 0123", "GB"), ("0113 496 0123", "GB"), ("07700 900461", "GB"),
     ("01632 960123", "GB"), ("0491 570 156", "AU"), ("(02) 5550 1234", "AU"),
     ("1800 975 709", "AU"), ("+33 1 99 00 12 34", "FR"), ("030 23125 123", "DE"),
     ("(089) 99998-456", "DE"), ("(510) 555-0142", "US"), ("+44 20 7946 0999", "US")],
)  # fmt: skip
def test_a_drama_number_is_fictional_wherever_it_is_reserved(number, country) -> None:
    from kyr.config.phones import parse_phone

    assert parse_phone(number, country).fictional


@pytest.mark.parametrize(
    ("number", "country"),
    [("020 7123 4567", "GB"), ("0412 345 678", "AU"), ("01 42 68 53 00", "FR"),
     ("030 1234567", "DE"), ("(510) 241-4011", "US")],
)  # fmt: skip
def test_a_real_number_is_not_fictional(number, country) -> None:
    from kyr.config.phones import parse_phone

    assert not parse_phone(number, country).fictional


@pytest.mark.parametrize(
    "url",
    ["https://192.0.2.10/kyr", "https://198.51.100.7/kyr", "https://203.0.113.99/kyr",
     "https://10.0.0.1/kyr", "https://kyr.localhost/", "https://rights.test/kyr",
     "https://rights.invalid/", "https://rights.example/", "https://%65xample.org/",
     "https://www.example\u3002org/", "https://www.example\uff0eorg/", "https://EXAMPLE.ORG./x",
     "https://xn--xample-2of.org/", "https://kyr.home.arpa/", "https://[2001:db8::1]/kyr"],
)  # fmt: skip
def test_a_documentation_or_reserved_address_prints_the_sample_mark(url) -> None:
    text = real_config(url)
    try:
        community = parse_community(text)
    except ConfigError:
        return  # refused outright is as safe as marked
    assert community.sample, url


def test_a_real_address_is_not_a_sample() -> None:
    for url in ("https://oaklandsanctuarycoalition.org/kyr", "https://8.8.8.8/x"):
        assert not parse_community(real_config(url)).sample, url


def real_config(url: str) -> str:
    """A configuration with real details but for its QR link."""
    return (
        'name = "East Bay Families"\nlanguages = ["en", "es"]\n'
        '[hotline]\nnumber = "(510) 241-4011"\n'
        f'[qr]\nurl = "{url}"\n'
    )
