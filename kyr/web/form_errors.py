"""The form's errors in the visitor's language. The checks are the configuration
loader's (kyr/web/form.py), worded in English for `kyr build`'s one-line errors; the
ones an organizer meets typing the form are recognised here and said in the page's own
words, from the web catalog (`kyr i18n extract` reads the N_ markers below into
locales/web.pot). Any other stays in English, marked as such on the page."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks `message` for the catalog; translated where it is shown."""
    return message


@dataclass(frozen=True)
class Known:
    """An English problem (`pattern`, matched whole) and the page's words for it, its
    named groups filling the `%(name)s` placeholders."""

    pattern: re.Pattern[str]
    words: str


KNOWN = (
    Known(re.compile(r"must not be empty"), N_("Fill this in.")),
    Known(
        re.compile(r"not an ISO 3166 country code like US or MX: .*"),
        N_("Not a country code: type its two letters, such as US or MX."),
    ),
    Known(re.compile(r"give at least one language code.*"), N_("Choose at least one language.")),
    Known(
        re.compile(r"is (?P<count>\d+) characters long; at most (?P<limit>\d+) fit on every "
                   r"product"),
        N_("This is %(count)s characters long: at most %(limit)s fit on every product."),
    ),
    Known(
        re.compile(r"not a (valid )?phone number: .* \(write it as on a flyer, "
                   r"e\.g\. (?P<example>.+)\)"),
        N_("Not a phone number that can be dialled: write it as on a flyer, such as %(example)s."),
    ),
    Known(re.compile(r"must start with https://"), N_("A link starts with https://.")),
    Known(re.compile(r"must not contain spaces"), N_("A link has no spaces.")),
    Known(
        re.compile(r"has a domain name of (?P<count>\d+) characters; at most (?P<limit>\d+) print "
                   r"under the QR code \(type a shorter text .*"),
        # TRANSLATORS: "Text under the QR code" is the name of a field of the page.
        N_("The link's domain name is too long to print under the QR code (%(count)s "
           "characters, at most %(limit)s): type a shorter text in “Text under the QR code” "
           "to print instead."),
    ),
    Known(
        re.compile(r"product '[^']*' does not come on \S+ paper \(it does: .*\)"),
        N_("This product does not come on this paper: choose another paper or product."),
    ),
)  # fmt: skip


def in_words(message: str, gettext: Callable[[str], str]) -> str | None:
    """`message` in the page's words (through `gettext`), or None when it is not one the
    page knows."""
    for known in KNOWN:
        match = known.pattern.fullmatch(message)
        if match:
            return gettext(known.words) % {
                name: _left_to_right(value)
                for name, value in match.groupdict().items()
                if value is not None
            }
    return None


def _left_to_right(text: str) -> str:
    """`text` (a phone number, a count) isolated left to right, so that an Arabic
    sentence keeps "(201) 555-0123" as written (Unicode LRI … PDI, as <bdi dir=ltr>)."""
    return f"\u2066{text}\u2069"


def translated(
    errors: Mapping[str, str], gettext: Callable[[str], str]
) -> tuple[dict[str, str], list[str]]:
    """The errors by field in the page's words, and the fields whose error is left in
    English (shown with `lang="en"`)."""
    words, english = {}, []
    for name, message in errors.items():
        said = in_words(message, gettext)
        words[name] = message if said is None else said
        if said is None:
            english.append(name)
    return words, english
