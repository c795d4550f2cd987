"""Phone numbers as people write them, parsed and formatted with `phonenumbers` (the Python
port of Google's libphonenumber): one printed form per number, E.164 for `tel:` links."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat

#: Numbers reserved for fiction in the North American plan: 555-0100 to 555-0199.
_FICTIONAL_LOCAL = tuple(f"55501{n:02d}" for n in range(100))


@dataclass(frozen=True)
class Phone:
    """A parsed phone number: how it prints, and its `tel:` form."""

    printed: str  # national format in the network's country, international otherwise
    e164: str  # +15102414011
    fictional: bool  # a number reserved for fiction (555-01xx): the SAMPLE mark prints

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
    return number.country_code == 1 and national.endswith(_FICTIONAL_LOCAL)


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
    home = region == country or (
        # the North American plan shares one country code: no +1 for US/CA numbers
        number.country_code == 1 and phonenumbers.country_code_for_region(country) == 1
    )
    style = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    printed = phonenumbers.format_number(number, style)
    if fictional and not valid:  # no area code: libphonenumber leaves it unformatted
        digits = str(number.national_number)
        printed = f"{digits[:3]}-{digits[3:]}" if home else f"+1 {digits[:3]}-{digits[3:]}"
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(printed=printed, e164=e164, fictional=fictional)
