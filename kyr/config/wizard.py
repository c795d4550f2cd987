"""`kyr init`: a community configuration made by answering questions, for organizers who
have never written TOML. Each answer is checked as it is typed, on its own and then by
loading a file that holds it (every check the loader makes, same messages), and the file
written is commented like the shipped sample and loads with exactly the values typed.
Nothing typed is lost: when the file cannot be written, the answers are kept for the next
`kyr init` (kyr/config/kept_answers.py)."""

from __future__ import annotations

import functools
import shlex
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from kyr import paths
from kyr.config.choice import LOCAL_NAME
from kyr.config.community import (
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
from kyr.config.kept_answers import AnswerSheet, forget_answers, keep_answers, kept_file, read_kept
from kyr.config.phones import example_number, known_country, parse_phone
from kyr.errors import ConfigError, ExitStatus, KyrError

#: Asks one question and returns the answer; `default` (if any) is what Enter gives.
#: To cancel, it raises (the CLI's raises click.Abort on Ctrl-C or end of input).
Prompt = Callable[[str, str | None], str]
#: Asks a yes/no question; the second argument is what Enter gives.
Confirm = Callable[[str, bool], bool]
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


def whole_file_problem(draft: Answers, keys: tuple[str, ...]) -> str | None:
    """What loading a file of `draft` says about configuration `keys` (the loader's
    message without file, line and key), or None. Every check the loader makes on those
    keys applies, width and printing checks included, with no copy of them here; a
    problem with any other key is not the answer's (the draft's stand-ins, or a question
    still to come) and is left to that question."""
    try:
        parse_community(config_toml(draft), "kyr.toml")
    except ConfigError as error:
        return error.problem if error.key in keys else None
    return None


def _stand_in(country: str = "US") -> Answers:
    """A valid configuration, standing in for the answers not given yet."""
    hotline = example_number(country)
    return Answers(
        name="Network",
        country=country,
        paper="letter",
        languages=("en",),
        hotline=hotline,
        hotline_label=DEFAULT_HOTLINE_LABEL,
        qr_url=parse_phone(hotline, country).tel,
    )


def _ask(
    prompt: Prompt,
    echo: Echo,
    question: str,
    check: Callable[[str], T],
    default: str | None = None,
    problem: Callable[[T], str | None] = lambda value: None,
) -> T:
    """Ask until the answer passes its own `check` and then `problem` (the whole-file
    check) finds nothing."""
    while True:
        try:
            value = check(_clean(prompt(question, default)))
            refused = problem(value)
            if refused:
                raise Invalid(refused)
            return value
        except Invalid as invalid:
            echo(f"Error: {invalid}")


def ask_answers(
    prompt: Prompt,
    confirm: Confirm,
    echo: Echo,
    languages: Iterable[str] | None = None,
    kept: AnswerSheet | None = None,
    typed: AnswerSheet | None = None,
) -> Answers:
    """Ask for a network's details, one question at a time, until each answer is valid
    both on its own and in the file (`whole_file_problem`). `languages` are the known
    codes (default: the language registry); `kept` answers are offered as the defaults;
    each accepted answer is recorded in `typed` as soon as it is given."""
    if languages is None:
        from kyr.i18n.languages import load_registry

        languages = load_registry()
    known = tuple(languages)
    kept = AnswerSheet(dict(kept.values), kept.resources) if kept else AnswerSheet()
    typed = typed if typed is not None else AnswerSheet()
    draft = _stand_in()

    def ask(
        key: str,
        question: str,
        check: Callable[[str], str],
        default: str | None = None,
        loader_keys: tuple[str, ...] = (),
        place: Callable[[str], Answers] | None = None,
    ) -> str:
        """Ask question `key`: its answer, checked alone and then as `place` puts it in
        the draft file (against the loader's `loader_keys`), recorded in `typed`."""
        nonlocal draft

        def problem(value: str) -> str | None:
            return whole_file_problem(place(value), loader_keys) if place else None

        value = _ask(prompt, echo, question, check, kept.values.get(key, default), problem)
        if place:
            draft = place(value)
        typed.values[key] = value
        return value

    name = ask(
        "name",
        f"Network name, as printed on every product (at most {MAX_NAME} characters)",
        lambda v: checked_text(v, MAX_NAME),
        loader_keys=("name",),
        place=lambda v: replace(draft, name=v),
    )
    country = ask(
        "country",
        "Country (ISO 3166 code; how phone numbers are read)",
        checked_country,
        "US",
        ("country",),
        lambda v: replace(_stand_in(v), name=name),
    )
    paper = ask(
        "paper",
        "Paper (letter or a4)",
        checked_paper,
        "letter" if country in _LETTER_COUNTRIES else "a4",
        ("paper",),
        lambda v: replace(draft, paper=v),
    )
    codes = tuple(
        ask(
            "languages",
            "Languages to build, separated by commas",
            lambda v: ", ".join(checked_languages(v, known)),
            DEFAULT_LANGUAGES,
            ("languages",),
            lambda v: replace(draft, languages=tuple(v.split(", "))),
        ).split(", ")
    )
    hotline = ask(
        "hotline",
        "Hotline number, written as on a flyer",
        lambda v: checked_phone(v, country),
        loader_keys=("hotline.number",),
        place=lambda v: replace(draft, hotline=v, qr_url=parse_phone(v, country).tel),
    )
    hotline_label = ask(
        "hotline_label",
        f"Hotline label, in English (at most {MAX_LABEL} characters)",
        lambda v: checked_text(v, MAX_LABEL, required=False) or DEFAULT_HOTLINE_LABEL,
        DEFAULT_HOTLINE_LABEL,
        ("hotline.label",),
        lambda v: replace(draft, hotline_label=v),
    )

    def needs_label(url: str) -> bool:
        return qr_url_problem(url, "", country) is not None

    dials_kept_hotline = "hotline" in kept.values and kept.values.get("qr_url") == _tel(
        kept.values["hotline"], country
    )
    if dials_kept_hotline:  # offer to dial the hotline as typed this time
        kept.values.pop("qr_url")
    qr_url = ask(
        "qr_url",
        "QR code link, https://… or tel:… (Enter: the QR code dials the hotline)",
        lambda v: checked_qr_url(v, country),
        parse_phone(hotline, country).tel,
        ("qr.url",),  # a link that needs a label is tried with a short one, asked next
        lambda v: replace(draft, qr_url=v, qr_label="link" if needs_label(v) else ""),
    )
    qr_label = ""
    if needs_label(qr_url):  # the link is fine but its short form is too long to print
        echo(f"The link {qr_url_problem(qr_url, '', country)}.")
        qr_label = ask(
            "qr_label",
            f"Text to print under the QR code instead (at most {MAX_QR_TEXT} characters)",
            lambda v: checked_text(v, MAX_QR_TEXT),
            loader_keys=("qr.label", "qr.url"),
            place=lambda v: replace(draft, qr_label=v),
        )
    else:
        typed.values.pop("qr_label", None)
        draft = replace(draft, qr_label="")

    resources = _ask_resources(prompt, confirm, echo, country, kept, typed, draft)
    return replace(
        draft,
        name=name,
        country=country,
        paper=paper,
        languages=codes,
        hotline=hotline,
        hotline_label=hotline_label,
        qr_url=qr_url,
        qr_label=qr_label,
        resources=resources,
    )


def _tel(number: str, country: str) -> str | None:
    try:
        return parse_phone(number, country).tel
    except ValueError:
        return None


def _ask_resources(
    prompt: Prompt,
    confirm: Confirm,
    echo: Echo,
    country: str,
    kept: AnswerSheet,
    typed: AnswerSheet,
    draft: Answers,
) -> tuple[ResourceAnswer, ...]:
    """The resources, recorded in `typed` as they are given; a kept resource is offered
    again (its question defaults to yes, its answers are the defaults)."""
    offered = kept.resources or []
    typed.resources = []
    resources: list[ResourceAnswer] = []
    while len(resources) < MAX_RESOURCES:
        index = len(resources)
        question = "Add another resource?" if resources else "Add a legal-aid or other resource?"
        if not confirm(question, index < len(offered)):
            break
        record: dict[str, str] = {}
        typed.resources.append(record)
        given = offered[index] if index < len(offered) else {}
        resources.append(
            _ask_resource(prompt, echo, country, draft, tuple(resources), given, record)
        )
    else:
        echo(f"That is {MAX_RESOURCES} resources, as many as fit on the card's back.")
    return tuple(resources)


def _ask_resource(
    prompt: Prompt,
    echo: Echo,
    country: str,
    draft: Answers,
    done: tuple[ResourceAnswer, ...],
    given: dict[str, str],
    record: dict[str, str],
) -> ResourceAnswer:
    """One resource, each part checked alone and as the next [[resources]] table."""
    questions: dict[str, tuple[str, Callable[[str], str]]] = {
        "name": (f"Resource name (at most {MAX_RESOURCE_NAME} characters)",
                 lambda v: checked_text(v, MAX_RESOURCE_NAME)),
        "phone": ("Resource phone (optional, Enter to skip)",
                  lambda v: checked_phone(v, country, required=False)),
        "url": ("Resource link, https://… (optional, Enter to skip)", checked_resource_url),
    }  # fmt: skip
    resource = ResourceAnswer(name="")
    for part, (question, check) in questions.items():
        problem = functools.partial(_resource_problem, draft, done, resource, part)
        default = given.get(part, None if part == "name" else "")
        value = _ask(prompt, echo, question, check, default, problem)
        resource = replace(resource, **{part: value})
        record[part] = value
    return resource


def _resource_problem(
    draft: Answers, done: tuple[ResourceAnswer, ...], resource: ResourceAnswer, part: str,
    value: str,
) -> str | None:  # fmt: skip
    placed = replace(draft, resources=(*done, replace(resource, **{part: value})))
    return whole_file_problem(placed, (f"resources[{len(done)}].{part}",))


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
        "#   kyr build                       in this folder, when the file is kyr.toml",
        "#   kyr build --config <this file>  from anywhere",
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
    from kyr.files import write_files_atomically

    text = config_toml(answers)
    community = parse_community(text, str(path))  # failing here is a bug in kyr init
    check_target(path, force)  # again: the file may have appeared while the questions ran
    write_files_atomically({path: text.encode("utf-8")})
    return community


def run_init(
    path: Path,
    force: bool,
    prompt: Prompt,
    confirm: Confirm,
    echo: Echo,
    note: Echo = lambda line: None,
    fresh: bool = False,
) -> None:
    """The whole of `kyr init`: check FILE, ask (offering the answers kept from an
    unfinished run, unless `fresh`), write, say what to run next. If the file cannot be
    written, whatever the reason, the answers given are kept and `note` (stderr) says
    where; once it is written they are removed."""
    check_target(path, force)
    kept, problem = (None, None) if fresh else read_kept(path)
    if problem:
        note(problem)
    echo(
        f"Writing {path}. Press Enter to take the answer in [brackets]; Ctrl-C stops "
        "without writing it (your answers are kept for the next kyr init)."
    )
    if kept:
        echo(
            f"Offering the answers of the unfinished `kyr init` (kept in {kept_file(path)}): "
            f"Enter keeps each one. To start afresh: {_init_command(path)} --fresh"
        )
    typed = AnswerSheet()
    try:
        answers = ask_answers(prompt, confirm, echo, kept=kept, typed=typed)
        community = write_config(path, answers, force)
    except BaseException:
        sheet = typed.over(kept or AnswerSheet())
        if sheet:
            where = keep_answers(path, sheet)
            note(
                f"your answers are kept in {where}; `{_init_command(path)}` offers them again"
                if where
                else f"your answers could not be kept ({kept_file(path)} cannot be written)"
            )
        raise
    forget_answers(path)
    if community.sample:
        echo(
            "Note: 555-01xx numbers and example.org links are fictional, so everything "
            "built from this file prints a SAMPLE mark."
        )
    echo(f"Wrote {path}. Check it, then build everything with:")
    if _is_local_config(path):
        echo("  kyr build")
        echo(f"(kyr build, serve, site and proof use ./{LOCAL_NAME} when run in this folder)")
    else:
        echo(f"  kyr build --config {shlex.quote(str(path))}")


def _is_local_config(path: Path) -> bool:
    """True when `path` is the `./kyr.toml` the other commands look for."""
    return path.resolve() == (paths.working_folder() / LOCAL_NAME).resolve()


def _init_command(path: Path) -> str:
    return "kyr init" if _is_local_config(path) else f"kyr init {shlex.quote(str(path))}"
