"""Phone numbers as people write them, parsed and formatted with `phonenumbers` (the Python
port of Google's libphonenumber): one printed form per number, E.164 for `tel:` links."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat

#: Numbers reserved for fiction in the North American plan: 555-0100 to 555-0199, in
#: every area code.
_FICTIONAL_LOCAL = tuple(f"55501{n:02d}" for n in range(100))

#: Numbers national regulators reserve for fiction ("drama numbers"), by country calling
#: code: beginnings of the national number (no leading 0). A number from these prints
#: the SAMPLE mark, however it is written.
FICTIONAL_PREFIXES: dict[int, tuple[str, ...]] = {
    # United Kingdom, Ofcom: 020 7946 0xxx, 01x1 496 0xxx in eleven cities, 0191 498 0xxx,
    # 028 9649 6xxx, 029 2018 0xxx, 01632 960xxx, mobile 07700 900xxx, freephone 08081
    # 570xxx, premium 0909 879 0xxx, UK-wide 03069 990xxx.
    44: (
        "2079460", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960",
        "1214960", "1314960", "1414960", "1514960", "1614960", "1914980", "2896496",
        "2920180", "1632960", "7700900", "8081570", "9098790", "3069990",
    ),
    # Australia, ACMA: (0x) 5550 xxxx and (0x) 7010 xxxx in areas 2, 3, 7 and 8; the
    # mobile numbers 0491 570 xxx to 0491 579 xxx (ACMA's fictitious mobiles are in this
    # block); 1800 160 401, 1800 975 707-711, 1300 975 707-711.
    61: (
        "25550", "35550", "75550", "85550", "27010", "37010", "77010", "87010", "49157",
        "1800160401", *(f"1800975{n}" for n in range(707, 712)),
        *(f"1300975{n}" for n in range(707, 712)),
    ),
    # France, ARCEP: 01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49, 06 39 98 xx xx.
    33: ("19900", "26191", "35301", "46571", "53649", "63998"),
    # Germany, Bundesnetzagentur (Amtsblatt 7/2021, Mitteilung 148/2021): 030 23125,
    # 069 90009, 040 66969, 0221 4710, 089 99998, each 000 to 999.
    49: ("3023125", "6990009", "4066969", "2214710", "8999998"),
}


@dataclass(frozen=True)
class Phone:
    """A parsed phone number: how it prints, and its `tel:` form."""

    printed: str  # national format in the network's country, international otherwise
    e164: str  # +15102414011
    fictional: bool  # reserved for fiction (555-01xx, Ofcom's, ...): the SAMPLE mark prints

    @property
    def tel(self) -> str:
        return f"tel:{self.e164}"


class PhoneProblem(ValueError):
    """Why a text is not an acceptable phone number (one line, for the config error)."""


def known_country(code: str) -> bool:
    return code in phonenumbers.SUPPORTED_REGIONS


def example_number(country: str) -> str:
    """An accepted way to write a number in `country`, for error messages."""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return "+1 510 241 4011"
    return phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)


def _is_fictional(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    if number.country_code == 1:
        return national.endswith(_FICTIONAL_LOCAL)
    return national.startswith(FICTIONAL_PREFIXES.get(number.country_code or 0, ()))


def parse_phone(text: str, country: str) -> Phone:
    """Parse `text` as written on a flyer ("(510) 241-4011", "510.241.4011",
    "+1 510 241 4011", "1-800-555-0199"), for a network in `country` (ISO 3166 alpha-2).

    A number in the fiction range (555-0100 to 555-0199) is accepted even without an area
    code, so that samples build; it is marked fictional and prints the SAMPLE mark."""
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        raise PhoneProblem("not a phone number") from None
    if number.extension:
        raise PhoneProblem("extensions cannot be dialled from a card; give a direct number")
    fictional = _is_fictional(number)
    valid = phonenumbers.is_valid_number(number)
    if not valid and not (fictional and phonenumbers.is_possible_number(number)):
        raise PhoneProblem("not a valid phone number")
    region = phonenumbers.region_code_for_number(number)
    if region is None and number.country_code == phonenumbers.country_code_for_region(country):
        region = country  # a drama number no real line has: still the network's country
    home = region == country or (
        # the North American plan shares one country code: no +1 for US/CA numbers
        number.country_code == 1 and phonenumbers.country_code_for_region(country) == 1
    )
    style = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    printed = phonenumbers.format_number(number, style)
    if fictional and not valid and number.country_code == 1:  # 555-01xx, no area code
        digits = str(number.national_number)
        printed = f"{digits[:3]}-{digits[3:]}" if home else f"+1 {digits[:3]}-{digits[3:]}"
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(printed=printed, e164=e164, fictional=fictional)
