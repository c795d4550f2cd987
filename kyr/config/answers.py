"""What `kyr init` asks for, and the check of each answer as it is typed: the loader's
own validators (same limits, same messages), so an answer refused here would be refused
in the file. The page's form (kyr/web/form.py) checks its fields with the same checks."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from kyr.config.community import (
    PAPERS,
    RESOURCE_KINDS,
    phone_problem,
    qr_url_problem,
    resource_url_problem,
    text_problem,
)
from kyr.config.phones import known_country, parse_phone

DEFAULT_LANGUAGES = "en, es"
DEFAULT_HOTLINE_LABEL = "Rapid response hotline"  # what the loader prints when there is none


@dataclass(frozen=True)
class ResourceAnswer:
    name: str
    phone: str = ""  # as typed
    url: str = ""
    kind: str = ""  # one of RESOURCE_KINDS, or not said


@dataclass(frozen=True)
class Answers:
    """What the organizer typed, cleaned as the loader cleans it (trimmed, NFC)."""

    name: str
    country: str
    paper: str
    languages: tuple[str, ...]
    hotline: str  # as typed: the loader parses it, so the file reads like a flyer
    hotline_label: str
    qr_url: str  # https://… as typed, or tel: in E.164
    qr_label: str = ""
    resources: tuple[ResourceAnswer, ...] = ()


class Invalid(ValueError):
    """An answer that will be asked again; `str()` is the one-line problem."""


# -- checks: each returns the value to keep, or raises Invalid with the loader's wording --


def cleaned(value: str) -> str:
    """An answer as the loader reads it: trimmed, in NFC."""
    return unicodedata.normalize("NFC", value.strip())


def checked_text(value: str, limit: int | None = None, required: bool = True) -> str:
    if required and not value:
        raise Invalid("must not be empty")
    problem = text_problem(value, limit)
    if problem:
        raise Invalid(problem)
    return value


def checked_country(value: str) -> str:
    country = checked_text(value).upper()
    if not known_country(country):
        raise Invalid(f"not an ISO 3166 country code like US or MX: {value!r}")
    return country


def checked_paper(value: str) -> str:
    paper = checked_text(value).lower()
    if paper not in PAPERS:
        raise Invalid(f"must be one of {', '.join(PAPERS)} (got {value!r})")
    return paper


def checked_languages(value: str, known: Iterable[str]) -> tuple[str, ...]:
    """Codes separated by commas or spaces, spelled as the registry spells them."""
    by_lower = {code.lower(): code for code in known}
    codes: list[str] = []
    for typed in value.replace(",", " ").split():
        code = by_lower.get(typed.replace("_", "-").lower())
        if code is None:
            shown = ", ".join(list(by_lower.values())[:6])
            raise Invalid(
                f"unknown language {typed!r} (known codes include {shown}; "
                f"`kyr languages` lists all {len(by_lower)})"
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise Invalid(f"give at least one language code, e.g. {DEFAULT_LANGUAGES}")
    return tuple(codes)


def checked_phone(value: str, country: str, required: bool = True) -> str:
    value = checked_text(value, required=required)
    problem = phone_problem(value, country) if value else None
    if problem:
        raise Invalid(problem)
    return value


def checked_qr_url(value: str, country: str) -> str:
    """The QR link, tel: written in E.164 as the loader keeps it. A link whose short form
    is too long to print is accepted here: the caller then asks for a label."""
    url = checked_text(value)
    problem = qr_url_problem(url, "", country)
    if problem and qr_url_problem(url, "label", country) is not None:
        raise Invalid(problem)
    return parse_phone(url[4:], country).tel if url.startswith("tel:") else url


def checked_resource_kind(value: str) -> str:
    """What the resource is, as the file's `kind` says it (any case; Enter: not said)."""
    kind = checked_text(value, required=False).lower().replace(" ", "-")
    if kind and kind not in RESOURCE_KINDS:
        raise Invalid(f"one of {', '.join(RESOURCE_KINDS)}, or Enter to skip")
    return kind


def checked_resource_url(value: str) -> str:
    url = checked_text(value, required=False)
    problem = resource_url_problem(url) if url else None
    if problem:
        raise Invalid(problem)
    return url
