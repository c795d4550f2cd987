"""`kyr init`'s questions, one at a time. Each answer is checked on its own
(kyr/config/answers.py) and then by loading a file that holds it (`whole_file_problem`:
every check the loader makes, same messages); a refused answer is asked again. Answers
kept from an unfinished run are offered as the defaults, and each accepted answer is
recorded as soon as it is given, so that nothing typed is lost."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from kyr.choices import Paper
from kyr.config import answers
from kyr.config.answers import (
    DEFAULT_HOTLINE_LABEL,
    DEFAULT_LANGUAGES,
    Answers,
    Invalid,
    ResourceAnswer,
)
from kyr.config.community import (
    MAX_LABEL,
    MAX_NAME,
    MAX_QR_TEXT,
    MAX_RESOURCE_NAME,
    MAX_RESOURCES,
    RESOURCE_KINDS,
    parse_community,
    qr_url_problem,
)
from kyr.config.init_file import config_toml
from kyr.config.kept_answers import AnswerSheet
from kyr.config.phones import example_number, parse_phone
from kyr.errors import ConfigError

#: Asks one question and returns the answer; `default` (if any) is what Enter gives.
#: To cancel, it raises (the CLI's raises click.Abort on Ctrl-C or end of input).
Prompt = Callable[[str, str | None], str]
#: Asks a yes/no question; the second argument is what Enter gives.
Confirm = Callable[[str, bool], bool]
Echo = Callable[[str], None]
T = TypeVar("T")

_LETTER_COUNTRIES = frozenset({"US", "CA"})


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
        paper=Paper.LETTER,
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
            value = check(answers.cleaned(prompt(question, default)))
            refused = problem(value)
            if refused:
                raise Invalid(refused)
            return value
        except Invalid as invalid:
            echo(f"Error: {invalid}")


@dataclass
class _Interview:
    """One run of the questions: how to ask, the answers offered (`kept`) and recorded
    (`typed`), and `draft`, the file the answers so far make (stand-ins for the rest)."""

    prompt: Prompt
    confirm: Confirm
    echo: Echo
    kept: AnswerSheet
    typed: AnswerSheet
    draft: Answers = field(default_factory=_stand_in)

    def ask(
        self,
        key: str,
        question: str,
        check: Callable[[str], str],
        default: str | None = None,
        loader_keys: tuple[str, ...] = (),
        place: Callable[[str], Answers] | None = None,
    ) -> str:
        """Ask question `key`: its answer, checked alone and then as `place` puts it in
        the draft file (against the loader's `loader_keys`), recorded in `typed`."""

        def problem(value: str) -> str | None:
            return whole_file_problem(place(value), loader_keys) if place else None

        default = self.kept.values.get(key, default)
        value = _ask(self.prompt, self.echo, question, check, default, problem)
        if place:
            self.draft = place(value)
        self.typed.values[key] = value
        return value


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
    interview = _Interview(prompt, confirm, echo, kept, typed)
    _ask_network(interview, known)
    _ask_hotline(interview)
    _ask_qr(interview)
    # Each question placed its answer in the draft: the draft is now the answers.
    return replace(interview.draft, resources=_ask_resources(interview))


def _ask_network(interview: _Interview, known: tuple[str, ...]) -> None:
    """The network's name, country, paper and languages."""
    name = interview.ask(
        "name",
        f"Network name, as printed on every product (at most {MAX_NAME} characters)",
        lambda v: answers.checked_text(v, MAX_NAME),
        loader_keys=("name",),
        place=lambda v: replace(interview.draft, name=v),
    )
    country = interview.ask(
        "country",
        "Country (ISO 3166 code; how phone numbers are read)",
        answers.checked_country,
        "US",
        ("country",),
        lambda v: replace(_stand_in(v), name=name),
    )
    interview.ask(
        "paper",
        "Paper (letter or a4)",
        answers.checked_paper,
        Paper.LETTER if country in _LETTER_COUNTRIES else Paper.A4,
        ("paper",),
        lambda v: replace(interview.draft, paper=v),
    )
    interview.ask(
        "languages",
        "Languages to build, separated by commas",
        lambda v: ", ".join(answers.checked_languages(v, known)),
        DEFAULT_LANGUAGES,
        ("languages",),
        lambda v: replace(interview.draft, languages=tuple(v.split(", "))),
    )


def _ask_hotline(interview: _Interview) -> None:
    """The hotline's number (the QR code dials it until a link is given) and label."""
    country = interview.draft.country
    interview.ask(
        "hotline",
        "Hotline number, written as on a flyer",
        lambda v: answers.checked_phone(v, country),
        loader_keys=("hotline.number",),
        place=lambda v: replace(interview.draft, hotline=v, qr_url=parse_phone(v, country).tel),
    )
    interview.ask(
        "hotline_label",
        f"Hotline label, in English (at most {MAX_LABEL} characters)",
        lambda v: answers.checked_text(v, MAX_LABEL, required=False) or DEFAULT_HOTLINE_LABEL,
        DEFAULT_HOTLINE_LABEL,
        ("hotline.label",),
        lambda v: replace(interview.draft, hotline_label=v),
    )


def _ask_qr(interview: _Interview) -> None:
    """The QR code's link, and the text printed under it when the link is too long."""
    country, hotline, kept = interview.draft.country, interview.draft.hotline, interview.kept

    def needs_label(url: str) -> bool:
        return qr_url_problem(url, "", country) is not None

    dials_kept_hotline = "hotline" in kept.values and kept.values.get("qr_url") == _tel(
        kept.values["hotline"], country
    )
    if dials_kept_hotline:  # offer to dial the hotline as typed this time
        kept.values.pop("qr_url")
    qr_url = interview.ask(
        "qr_url",
        "QR code link, https://… or tel:… (Enter: the QR code dials the hotline)",
        lambda v: answers.checked_qr_url(v, country),
        parse_phone(hotline, country).tel,
        ("qr.url",),  # a link that needs a label is tried with a short one, asked next
        lambda v: replace(interview.draft, qr_url=v, qr_label="link" if needs_label(v) else ""),
    )
    if needs_label(qr_url):  # the link is fine but its short form is too long to print
        interview.echo(f"The link {qr_url_problem(qr_url, '', country)}.")
        interview.ask(
            "qr_label",
            f"Text to print under the QR code instead (at most {MAX_QR_TEXT} characters)",
            lambda v: answers.checked_text(v, MAX_QR_TEXT),
            loader_keys=("qr.label", "qr.url"),
            place=lambda v: replace(interview.draft, qr_label=v),
        )
    else:
        interview.typed.values.pop("qr_label", None)
        interview.draft = replace(interview.draft, qr_label="")


def _tel(number: str, country: str) -> str | None:
    try:
        return parse_phone(number, country).tel
    except ValueError:
        return None


def _ask_resources(interview: _Interview) -> tuple[ResourceAnswer, ...]:
    """The resources, recorded in `typed` as they are given; a kept resource is offered
    again (its question defaults to yes, its answers are the defaults)."""
    offered = interview.kept.resources or []
    interview.typed.resources = []
    resources: list[ResourceAnswer] = []
    while len(resources) < MAX_RESOURCES:
        index = len(resources)
        question = "Add another resource?" if resources else "Add a legal-aid or other resource?"
        if not interview.confirm(question, index < len(offered)):
            break
        record: dict[str, str] = {}
        interview.typed.resources.append(record)
        given = offered[index] if index < len(offered) else {}
        resources.append(_ask_resource(interview, tuple(resources), given, record))
    else:
        interview.echo(f"That is {MAX_RESOURCES} resources, as many as fit on the card's back.")
    return tuple(resources)


def _ask_resource(
    interview: _Interview,
    done: tuple[ResourceAnswer, ...],
    given: dict[str, str],
    record: dict[str, str],
) -> ResourceAnswer:
    """One resource, each part checked alone and as the next [[resources]] table."""
    country = interview.draft.country
    questions: dict[str, tuple[str, Callable[[str], str]]] = {
        "name": (f"Resource name (at most {MAX_RESOURCE_NAME} characters)",
                 lambda v: answers.checked_text(v, MAX_RESOURCE_NAME)),
        "kind": (f"What it is: {', '.join(RESOURCE_KINDS)} (optional, Enter to skip; "
                 "the workplace plan prints the legal aid)", answers.checked_resource_kind),
        "phone": ("Resource phone (optional, Enter to skip)",
                  lambda v: answers.checked_phone(v, country, required=False)),
        "url": ("Resource link, https://… (optional, Enter to skip)", answers.checked_resource_url),
    }  # fmt: skip
    resource = ResourceAnswer(name="")
    for part, (question, check) in questions.items():
        problem = functools.partial(_resource_problem, interview.draft, done, resource, part)
        default = given.get(part, None if part == "name" else "")
        value = _ask(interview.prompt, interview.echo, question, check, default, problem)
        resource = replace(resource, **{part: value})
        record[part] = value
    return resource


def _resource_problem(
    draft: Answers, done: tuple[ResourceAnswer, ...], resource: ResourceAnswer, part: str,
    value: str,
) -> str | None:  # fmt: skip
    placed = replace(draft, resources=(*done, replace(resource, **{part: value})))
    return whole_file_problem(placed, (f"resources[{len(done)}].{part}",))
