"""The page's form: a network's details and what to print, as the browser sends them.

Each field is checked with the checks `kyr init` asks its questions with, which are the
configuration loader's own validators (same limits, same messages), so an error shows
next to its field. The settings are then written with `kyr init`'s writer and loaded
back with `parse_community`: what the page previews, downloads and saves is always a
configuration that `kyr build --config` accepts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyr.choices import Paper, Target
from kyr.config.answers import (
    DEFAULT_HOTLINE_LABEL,
    Answers,
    Invalid,
    ResourceAnswer,
    checked_country,
    checked_languages,
    checked_paper,
    checked_phone,
    checked_qr_url,
    checked_resource_url,
    checked_text,
)
from kyr.config.community import (
    MAX_RESOURCES,
    Community,
    Resource,
    host_problem,
    limit_of,
    load_community,
    parse_community,
    qr_url_problem,
    read_community_file,
)
from kyr.config.init_file import config_toml
from kyr.config.phones import parse_phone
from kyr.errors import ConfigError, KyrError

TARGETS = tuple(Target)
#: What the settings file is called when saved, and inside "Download all".
SETTINGS_NAME = "kyr.toml"
RESOURCE_FIELDS = ("name", "phone", "url")


def resource_field(index: int, part: str) -> str:
    """The form field of resource `index` (0-based): `resource1_name` …"""
    return f"resource{index + 1}_{part}"


@dataclass(frozen=True)
class FormData:
    """The form's fields as typed (strings), one value each but `languages`."""

    values: dict[str, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)


@dataclass(frozen=True)
class Checked:
    """The form after checking: errors by field (empty when valid) and, when valid, the
    configuration (its TOML text and what it loads as) and the piece to show."""

    form: FormData
    errors: dict[str, str]
    community: Community | None = None
    toml: str = ""
    product: str = ""
    lang: str = ""
    paper: str = ""
    target: str = Target.HOME

    @property
    def ok(self) -> bool:
        return not self.errors and self.community is not None


def form_from_pairs(pairs: Sequence[tuple[str, str]]) -> FormData:
    """The form from a urlencoded body's (key, value) pairs; `languages` may repeat."""
    values: dict[str, str] = {}
    languages: list[str] = []
    for key, value in pairs:
        if key == "languages":
            languages.append(value)
        else:
            values.setdefault(key, value)
    return FormData(values, tuple(languages))


def first_product_on(paper: str, wanted: str = "card") -> str:
    """`wanted` if it comes on `paper`, else the first PDF product that does:
    a network printing on tabloid opens the page on a sign, not on an error."""
    from kyr.content.products import public_products

    offered = [pid for pid, p in public_products().items() if p.is_pdf]
    on_paper = [pid for pid in offered if paper in public_products()[pid].papers]
    return wanted if wanted in on_paper or not on_paper else on_paper[0]


def form_from_community(community: Community, product: str = "card") -> FormData:
    """The form prefilled from a loaded configuration (`kyr serve --config FILE`)."""
    product = first_product_on(community.paper, product)
    values = {
        "name": community.name,
        "country": community.country,
        "paper": community.paper,
        "hotline_number": community.hotline.printed,
        "hotline_label": community.hotline_label,
        "qr_url": "" if community.qr_url == community.hotline.tel else community.qr_url,
        "qr_label": community.qr_label,
        "sample": "on" if community.sample else "",
        "back_offset_x": f"{community.back_offset_mm[0]:g}",
        "back_offset_y": f"{community.back_offset_mm[1]:g}",
        "product": product,
        "lang": community.languages[0],
        "target": Target.HOME,
    }
    for index, resource in enumerate(community.resources):
        values[resource_field(index, "name")] = resource.name
        values[resource_field(index, "phone")] = resource.phone.printed if resource.phone else ""
        values[resource_field(index, "url")] = resource.url
    return FormData(values, community.languages)


#: The form field showing each configuration key's errors (resources: `field_of`).
_KEY_FIELDS = {
    "name": "name",
    "country": "country",
    "paper": "paper",
    "languages": "languages",
    "hotline.number": "hotline_number",
    "hotline.label": "hotline_label",
    "qr.url": "qr_url",
    "qr.label": "qr_label",
}


def field_of(key: str) -> str:
    """The form field beside which configuration key `key`'s error shows; "form" (the
    top of the page) for a key the form has no field for."""
    if key in _KEY_FIELDS:
        return _KEY_FIELDS[key]
    match = re.fullmatch(r"resources\[(\d+)\]\.(name|phone|url)", key)
    if match and int(match.group(1)) < MAX_RESOURCES:
        return resource_field(int(match.group(1)), match.group(2))
    return "form"


def config_errors(error: KyrError) -> dict[str, str]:
    """The loader's error beside its field (the message without file, line and key, as
    the field checks word it), or at the top of the page in full."""
    if isinstance(error, ConfigError) and field_of(error.key) != "form":
        return {field_of(error.key): error.problem}
    return {"form": str(error)}


@dataclass(frozen=True)
class InitialForm:
    """What the page opens with: the form, the configuration file's errors by field (none
    when it loads), the network's name (None when the file has errors) and the loader's
    error as the command line shows it."""

    form: FormData
    errors: dict[str, str]
    name: str | None
    message: str = ""


def form_from_file(path: Path) -> InitialForm:
    """The form prefilled from a configuration file. A file that loads gives its values;
    one the loader refuses gives its raw values, with the error beside its field, so the
    page can fix it. A file that cannot be read, or is not TOML, raises the loader's
    ConfigError: the page would have nothing of it to show."""
    try:
        community = load_community(path)
    except ConfigError as error:
        data = _raw_config(path)
        if data is None:
            raise
        return InitialForm(form_from_raw(data), config_errors(error), None, str(error))
    return InitialForm(form_from_community(community), {}, community.name)


def _raw_config(path: Path) -> dict[str, Any] | None:
    """The file's TOML as read by the loader, or None."""
    try:
        return read_community_file(path)[1].data
    except ConfigError:
        return None


def _raw_text(value: object) -> str:
    """A raw value as the form shows it: strings as they are, a bare number as written
    (the loader says it must be quoted), anything else as nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return ""


def _raw_table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def form_from_raw(data: dict[str, Any], product: str = "card") -> FormData:
    """The form prefilled from a configuration's TOML as written, whatever its shape
    (values of the wrong type are left out: the loader's error names them)."""
    hotline, qr = _raw_table(data, "hotline"), _raw_table(data, "qr")
    raw_languages = data.get("languages")
    if isinstance(raw_languages, str):
        raw_languages = raw_languages.replace(",", " ").split()
    languages = tuple(
        code for code in (raw_languages if isinstance(raw_languages, list) else [])
        if isinstance(code, str)
    )  # fmt: skip
    offset = _raw_table(data, "print").get("back_offset_mm")
    offset = offset if isinstance(offset, list) and len(offset) == 2 else ["", ""]
    values = {
        "name": _raw_text(data.get("name")),
        "country": _raw_text(data.get("country")) or "US",
        "paper": _raw_text(data.get("paper")) or Paper.LETTER,
        "hotline_number": _raw_text(hotline.get("number")),
        "hotline_label": _raw_text(hotline.get("label")),
        "qr_url": _raw_text(qr.get("url")),
        "qr_label": _raw_text(qr.get("label")),
        "sample": "on" if data.get("sample") is True else "",
        "back_offset_x": _raw_text(offset[0]),
        "back_offset_y": _raw_text(offset[1]),
        "product": product,
        "lang": languages[0].strip() if languages else "en",
        "target": Target.HOME,
    }
    raw_resources = data.get("resources")
    resources = raw_resources if isinstance(raw_resources, list) else []
    for index, resource in enumerate(resources[:MAX_RESOURCES]):
        if isinstance(resource, dict):
            for part in RESOURCE_FIELDS:
                values[resource_field(index, part)] = _raw_text(resource.get(part))
    return FormData(values, tuple(code.strip() for code in languages))


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


class _FormChecker:
    def __init__(self, form: FormData) -> None:
        self.form = form
        self.errors: dict[str, str] = {}

    def check(self, key: str, check: Callable[[str], str], value: str | None = None) -> str:
        """`check` the field `key`; its problem is recorded under `key`."""
        try:
            return check(_clean(self.form.get(key) if value is None else value))
        except Invalid as problem:
            self.errors[key] = str(problem)
            return ""


def check_form(
    form: FormData, known_languages: Sequence[str], products: Mapping[str, Sequence[str]]
) -> Checked:
    """Check every field (`products`: each product id with the papers it comes on).
    Errors use the configuration's wording; a valid form gives its configuration."""
    c = _FormChecker(form)
    name = c.check("name", lambda v: checked_text(v, limit_of("name")))
    country = c.check("country", checked_country) or "US"
    paper = c.check("paper", checked_paper)
    codes = c.check("languages", lambda v: " ".join(checked_languages(v, known_languages)),
                    " ".join(form.languages))  # fmt: skip
    hotline = c.check("hotline_number", lambda v: checked_phone(v, country))
    hotline_label = c.check(
        "hotline_label", lambda v: checked_text(v, limit_of("hotline_label"), required=False)
    ) or DEFAULT_HOTLINE_LABEL
    qr_label = c.check("qr_label", lambda v: _qr_label(v))
    qr_url = ""
    if _clean(form.get("qr_url")):
        qr_url = c.check("qr_url", lambda v: _qr_url_with_label(v, qr_label, country))
    elif hotline:  # empty: the QR code dials the hotline, as `kyr init` offers
        qr_url = parse_phone(hotline, country).tel
    resources = _resources(c, country)
    sample = form.get("sample") == "on"
    offset = _back_offset(form)

    product = _clean(form.get("product")) or "card"
    if product not in products:
        c.errors["product"] = f"unknown product '{product}' (known: {', '.join(products)})"
    elif paper and paper not in products[product]:
        c.errors["paper"] = (
            f"product '{product}' does not come on {paper} paper "
            f"(it does: {', '.join(products[product])})"
        )
    lang = c.check("lang", lambda v: checked_languages(v, known_languages)[0])
    target = _clean(form.get("target")) or Target.HOME
    if target not in TARGETS:
        c.errors["target"] = f"must be one of {', '.join(TARGETS)} (got {target!r})"
    if c.errors:
        return Checked(form, c.errors)

    answers = Answers(
        name=name,
        country=country,
        paper=paper,
        languages=tuple(codes.split()),
        hotline=hotline,
        hotline_label=hotline_label,
        qr_url=qr_url,
        qr_label=qr_label,
        resources=resources,
    )
    text = settings_toml(answers, sample, offset)
    try:
        community = parse_community(text, SETTINGS_NAME)
    except KyrError as error:  # every field passed its own check: a rule across fields
        return Checked(form, config_errors(error))
    return Checked(form, {}, community, text, product, lang, paper, target)


def _qr_label(value: str) -> str:
    return checked_text(value, limit_of("qr_label"), required=False)


def _qr_url_with_label(value: str, label: str, country: str) -> str:
    url = checked_qr_url(value, country)
    # Every problem of the link but a domain name too long to print, which a text under
    # the QR code solves: the page says so in its own words.
    problem = qr_url_problem(url, label or "(label)", country)
    if not problem and not label:
        problem = host_problem(url, "under the QR code", QR_LABEL_REMEDY)
    if problem:
        raise Invalid(problem)
    return url


QR_LABEL_REMEDY = "type a shorter text in “Text under the QR code” to print instead"


def _resources(c: _FormChecker, country: str) -> tuple[ResourceAnswer, ...]:
    resources = []
    for index in range(MAX_RESOURCES):
        keys = {part: resource_field(index, part) for part in RESOURCE_FIELDS}
        if not any(_clean(c.form.get(key)) for key in keys.values()):
            continue
        resources.append(
            ResourceAnswer(
                name=c.check(keys["name"], lambda v: checked_text(v, limit_of("name", Resource))),
                phone=c.check(keys["phone"], lambda v: checked_phone(v, country, required=False)),
                url=c.check(keys["url"], checked_resource_url),
            )
        )
    return tuple(resources)


def _back_offset(form: FormData) -> tuple[float, float]:
    """Kept from `--config` in hidden fields (the page has no duplex calibration); the
    loader checks the range."""
    try:
        return (float(form.get("back_offset_x") or 0), float(form.get("back_offset_y") or 0))
    except ValueError:
        return (0.0, 0.0)


def settings_toml(answers: Answers, sample: bool, back_offset: tuple[float, float]) -> str:
    """`kyr init`'s commented file, plus the two keys the page keeps that `kyr init` does
    not ask for: the SAMPLE mark and the duplex back offset."""
    text = config_toml(answers).replace(
        "# Community configuration for kyr, written by `kyr init`.",
        "# Community configuration for kyr, saved from `kyr serve`.",
    )
    if sample:
        text = text.replace(
            "\n[hotline]\n",
            "# Print a SAMPLE mark on everything (delete once the details are real).\n"
            "sample = true\n\n[hotline]\n",
            1,
        )
    if any(back_offset):
        text += (
            "\n[print]\n# Move the back pages of duplex sheets: [x, y] in mm.\n"
            f"back_offset_mm = [{back_offset[0]:g}, {back_offset[1]:g}]\n"
        )
    return text
