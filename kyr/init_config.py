"""`kyr init`: a community configuration made by answering questions, for organizers who
have never written TOML. Each answer is checked as it is typed by the loader's own
validators (same messages), and the file written is commented like the shipped sample and
loads with exactly the values typed."""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kyr.config import (
    MAX_LABEL,
    MAX_NAME,
    MAX_QR_BYTES,
    MAX_QR_TEXT,
    MAX_RESOURCE_LINK,
    MAX_RESOURCE_NAME,
    MAX_RESOURCES,
    PAPERS,
    Community,
    parse_community,
    phone_problem,
    qr_url_problem,
    resource_url_problem,
    text_problem,
)
from kyr.errors import ExitStatus, KyrError
from kyr.phones import known_country, parse_phone

#: Asks one question and returns the answer; `default` (if any) is what Enter gives.
#: To cancel, it raises (the CLI's raises click.Abort on Ctrl-C or end of input).
Prompt = Callable[[str, str | None], str]
#: Asks a yes/no question whose answer is no unless the user says yes.
Confirm = Callable[[str], bool]
Echo = Callable[[str], None]
T = TypeVar("T")

DEFAULT_LANGUAGES = "en, es"
DEFAULT_HOTLINE_LABEL = "Rapid response hotline"  # what the loader prints when there is none
_LETTER_COUNTRIES = frozenset({"US", "CA"})


@dataclass(frozen=True)
class ResourceAnswer:
    name: str
    phone: str = ""  # as typed
    url: str = ""


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


def _clean(value: str) -> str:
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


def checked_resource_url(value: str) -> str:
    url = checked_text(value, required=False)
    problem = resource_url_problem(url) if url else None
    if problem:
        raise Invalid(problem)
    return url


# -- the questions --


def _ask(
    prompt: Prompt,
    echo: Echo,
    question: str,
    check: Callable[[str], T],
    default: str | None = None,
) -> T:
    while True:
        try:
            return check(_clean(prompt(question, default)))
        except Invalid as problem:
            echo(f"Error: {problem}")


def ask_answers(
    prompt: Prompt, confirm: Confirm, echo: Echo, languages: Iterable[str] | None = None
) -> Answers:
    """Ask for a network's details, one question at a time, until each answer is valid.
    `languages` are the known codes (default: the language registry)."""
    if languages is None:
        from kyr.languages import load_registry

        languages = load_registry()
    known = tuple(languages)

    def ask(question: str, check: Callable[[str], str], default: str | None = None) -> str:
        return _ask(prompt, echo, question, check, default)

    name = ask(
        f"Network name, as printed on every product (at most {MAX_NAME} characters)",
        lambda v: checked_text(v, MAX_NAME),
    )
    country = ask("Country (ISO 3166 code; how phone numbers are read)", checked_country, "US")
    default_paper = "letter" if country in _LETTER_COUNTRIES else "a4"
    paper = ask("Paper (letter or a4)", checked_paper, default_paper)
    codes = _ask(
        prompt,
        echo,
        "Languages to build, separated by commas",
        lambda v: checked_languages(v, known),
        DEFAULT_LANGUAGES,
    )
    hotline = ask("Hotline number, written as on a flyer", lambda v: checked_phone(v, country))
    hotline_label = ask(
        f"Hotline label, in English (at most {MAX_LABEL} characters)",
        lambda v: checked_text(v, MAX_LABEL, required=False) or DEFAULT_HOTLINE_LABEL,
        DEFAULT_HOTLINE_LABEL,
    )
    qr_url = ask(
        "QR code link, https://… or tel:… (Enter: the QR code dials the hotline)",
        lambda v: checked_qr_url(v, country),
        parse_phone(hotline, country).tel,
    )
    qr_label = ""
    problem = qr_url_problem(qr_url, "", country)
    if problem:  # the link is fine but its short form is too long to print under the code
        echo(f"The link {problem}.")
        qr_label = ask(
            f"Text to print under the QR code instead (at most {MAX_QR_TEXT} characters)",
            lambda v: checked_text(v, MAX_QR_TEXT),
        )

    resources: list[ResourceAnswer] = []
    while len(resources) < MAX_RESOURCES:
        question = "Add another resource?" if resources else "Add a legal-aid or other resource?"
        if not confirm(question):
            break
        resources.append(
            ResourceAnswer(
                name=ask(
                    f"Resource name (at most {MAX_RESOURCE_NAME} characters)",
                    lambda v: checked_text(v, MAX_RESOURCE_NAME),
                ),
                phone=ask(
                    "Resource phone (optional, Enter to skip)",
                    lambda v: checked_phone(v, country, required=False),
                    "",
                ),
                url=ask(
                    "Resource link, https://… (optional, Enter to skip)", checked_resource_url, ""
                ),
            )
        )
    else:
        echo(f"That is {MAX_RESOURCES} resources, as many as fit on the card's back.")

    return Answers(
        name=name,
        country=country,
        paper=paper,
        languages=codes,
        hotline=hotline,
        hotline_label=hotline_label,
        qr_url=qr_url,
        qr_label=qr_label,
        resources=tuple(resources),
    )


# -- the file --

_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"
}  # fmt: skip


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quote, backslash and every control character
    escaped (TOML 1.0 allows none of U+0000 to U+001F or U+007F raw); the rest as is."""
    escaped = "".join(
        _ESCAPES.get(char)
        or (f"\\u{ord(char):04X}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in value
    )
    return f'"{escaped}"'


def config_toml(answers: Answers) -> str:
    """A commented configuration file holding `answers`, ready to build."""
    q = toml_string
    languages = ", ".join(q(code) for code in answers.languages)
    lines = [
        "# Community configuration for kyr, written by `kyr init`.",
        "# Every text below prints as written on every product, in every language.",
        "# Edit it freely (the limits are checked each time kyr reads it), then build with",
        "#   kyr build --config <this file>",
        "",
        f"# The network's name: at most {MAX_NAME} characters.",
        f"name = {q(answers.name)}",
        "# ISO 3166 country code: how phone numbers are read, and printed (national form at",
        "# home, +country code otherwise).",
        f"country = {q(answers.country)}",
        "# The default paper: letter | a4 (signs also: tabloid | a3).",
        f"paper = {q(answers.paper)}",
        "# The languages `kyr build` makes by default (`kyr languages` lists them all).",
        f"languages = [{languages}]",
        "",
        "[hotline]",
        "# As you would write it on a flyer.",
        f"number = {q(answers.hotline)}",
        f"# Printed in English beside the number: at most {MAX_LABEL} characters.",
        f"label = {q(answers.hotline_label)}",
        "",
        "[qr]",
        f"# https:// or tel: only, at most {MAX_QR_BYTES} bytes.",
        f"url = {q(answers.qr_url)}",
        f"# What prints under the QR code instead of the link: at most {MAX_QR_TEXT} characters.",
    ]
    lines.append(f"label = {q(answers.qr_label)}" if answers.qr_label else '# label = ""')
    lines += [
        "",
        f"# Up to {MAX_RESOURCES} resources print on the card's back, each a [[resources]] table:",
        f"# a name (at most {MAX_RESOURCE_NAME} characters), and optionally a phone and an",
        f"# https:// link (at most {MAX_RESOURCE_LINK} bytes; where room is short, a shorter form",
        "# of it prints: README, configuration reference).",
    ]
    for resource in answers.resources:
        lines += ["", "[[resources]]", f"name = {q(resource.name)}"]
        if resource.phone:
            lines.append(f"phone = {q(resource.phone)}")
        if resource.url:
            lines.append(f"url = {q(resource.url)}")
    return "\n".join(lines) + "\n"


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any question, a FILE that exists (unless `force`) or is a folder."""
    if path.is_dir():
        raise KyrError(f"{path} is a folder; name the file to write", ExitStatus.USAGE)
    if path.exists() and not force:
        raise KyrError(f"{path} already exists; use --force to replace it", ExitStatus.USAGE)


def write_config(path: Path, answers: Answers, force: bool) -> Community:
    """Write the file in one step (temporary file beside it, then rename), after loading
    the text as kyr will: what is written is always ready to build."""
    from kyr.output import write_files_atomically

    text = config_toml(answers)
    community = parse_community(text, str(path))  # failing here is a bug in kyr init
    check_target(path, force)  # again: the file may have appeared while the questions ran
    write_files_atomically({path: text.encode("utf-8")})
    return community


def run_init(path: Path, force: bool, prompt: Prompt, confirm: Confirm, echo: Echo) -> None:
    """The whole of `kyr init`: check FILE, ask, write, say what to run next."""
    check_target(path, force)
    echo(
        f"Writing {path}. Press Enter to take the answer in [brackets]; "
        "Ctrl-C stops without writing anything."
    )
    answers = ask_answers(prompt, confirm, echo)
    community = write_config(path, answers, force)
    if community.sample:
        echo(
            "Note: 555-01xx numbers and example.org links are fictional, so everything "
            "built from this file prints a SAMPLE mark."
        )
    echo(f"Wrote {path}. Check it, then build everything with:")
    echo(f"  kyr build --config {shlex.quote(str(path))}")
